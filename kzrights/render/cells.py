"""The cells of the three table formats (text, Markdown, CSV) as plain strings.

Each format takes the same cells and escapes them its own way, so a changelog row says the same thing in a
terminal, a job summary and a spreadsheet. People's words (`now stated`) go to text and Markdown; CSV, like JSON,
carries the machine words (`now-stated`) a script or a spreadsheet filter matches on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kzrights.fieldtypes import value_text
from kzrights.model import Citation, Value
from kzrights.render import wording
from kzrights.report import Direction, FieldChange

if TYPE_CHECKING:
    from kzrights.changelog import ChangelogRow
    from kzrights.history import BlameLine, Cell

CHANGELOG_COLUMNS = (
    "topic",
    "rule",
    "field",
    "from_year",
    "to_year",
    "change",
    "old",
    "new",
    "delta",
    "direction",
    "evidence_from",
    "evidence_to",
)
BLAME_COLUMNS = ("rule", "field", "value", "since", "since_source", "evidence")


def value_or_blank(value: Value | None, unit: str | None) -> str:
    """A stated value with its unit, or "" where the source states none."""
    return "" if value is None else value_text(value, unit)


def evidence(cites: tuple[Citation, ...]) -> str:
    """Where a value is stated, or "" for a side that states nothing."""
    return wording.citations_text(cites) if cites else ""


def change_text(change: FieldChange) -> str:
    """`changed (−5)`, `now stated`, `changed + debt; − military service`: the kind, in people's words."""
    parts = (change.kind.label, wording.delta_text(change), wording.list_items_text(change))
    return " ".join(part for part in parts if part)


def changelog_cells(row: ChangelogRow, *, for_people: bool) -> dict[str, str]:
    """One changelog row, keyed by CHANGELOG_COLUMNS."""
    change = row.change
    return {
        "topic": row.topic.name,
        "rule": row.rule,
        "field": change.field,
        "from_year": str(row.from_year),
        "to_year": str(row.to_year),
        "change": change_text(change) if for_people else change.kind.value,
        "old": value_or_blank(change.old, change.unit),
        "new": value_or_blank(change.new, change.unit),
        "delta": "" if change.delta is None else str(change.delta),
        "direction": change.direction.label if for_people else change.direction.value,
        "evidence_from": evidence(change.old_evidence),
        "evidence_to": evidence(change.new_evidence),
    }


MOVE_MARK = {Direction.STRICTER: "▲", Direction.LOOSER: "▼", Direction.NEUTRAL: "•", Direction.NOT_COMPARABLE: "•"}


def timeline_cell(cell: Cell, unit: str | None) -> str:
    """`▼ 10 days` for a value that moved against the year before, the value alone when it held, "" when unstated."""
    if cell.value is None:
        return ""
    text = value_text(cell.value, unit)
    return f"{MOVE_MARK[cell.move]} {text}" if cell.move is not None else text


def blame_cells(line: BlameLine) -> dict[str, str]:
    """One blame line, keyed by BLAME_COLUMNS."""
    return {
        "rule": line.rule,
        "field": line.spec.name,
        "value": value_text(line.value, line.spec.unit),
        "since": str(line.since),
        "since_source": line.since_source,
        "evidence": evidence(line.evidence),
    }

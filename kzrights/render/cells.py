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
from kzrights.report import Direction, FieldChange, YearCaveat

if TYPE_CHECKING:
    from kzrights.changelog import ChangelogRow
    from kzrights.history import BlameLine, Cell
    from kzrights.ledger import Ledger

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
    "old_mci",
    "new_mci",
    "caveats",
    "recommendation",
    "fingerprint",
    "accepted",
    "accepted_reason",
)
BLAME_COLUMNS = ("rule", "field", "value", "since", "since_source", "evidence")


def value_or_blank(value: Value | None, unit: str | None) -> str:
    """A stated value with its unit, or "" where the source states none."""
    return "" if value is None else value_text(value, unit)


def evidence(cites: tuple[Citation, ...]) -> str:
    """Where a value is stated, or "" for a side that states nothing."""
    return wording.citations_text(cites) if cites else ""


def side_text(change: FieldChange, side: str) -> str:
    """One side's value with its unit, and for tenge its MCI equivalent: `53,025 tenge (25 MCI)`; "" if unstated."""
    value = change.old if side == "old" else change.new
    if value is None:
        return ""
    text = value_text(value, change.unit)
    mci = None if change.money is None else (change.money.old_mci if side == "old" else change.money.new_mci)
    return f"{text} ({mci:,g} MCI)" if mci is not None else text


def direction_text(change: FieldChange) -> str:
    """The direction in words, qualified where the data qualifies it: indexation, nominal money, recommendation."""
    if change.money is not None and change.money.indexation_only:
        words = "unchanged in real terms (indexation)"
    else:
        words = change.direction.label
        if change.money is not None and change.money.basis == "nominal" and change.kind.value == "changed":
            words += " (in nominal tenge: no MCI rate for a year)"
    if change.recommendation:
        words += f" ({wording.RECOMMENDATION})"
    return words


def caveats_text(caveats: tuple[YearCaveat, ...]) -> str:
    """`2016, not comparable: … (usdos-2016 §1.d, lines 659-661)`, one per caveat, joined by ` | `."""
    return " | ".join(
        f"{c.year}{'' if c.caveat.comparable else ', not comparable'}: {c.caveat.note} "
        f"({wording.citations_text(c.caveat.cite)})"
        for c in caveats
    )


def change_text(change: FieldChange) -> str:
    """`changed (−5)`, `now stated`, `changed + debt; − military service`: the kind, in people's words."""
    parts = (change.kind.label, wording.delta_text(change), wording.list_items_text(change))
    return " ".join(part for part in parts if part)


def changelog_cells(row: ChangelogRow, *, for_people: bool, ledger: Ledger | None = None) -> dict[str, str]:
    """One changelog row, keyed by CHANGELOG_COLUMNS; `accepted` is `accepted`, `expired` or empty."""
    change = row.change
    fingerprint = row.fingerprint
    verdict = ledger.verdict(fingerprint) if ledger is not None else None
    entry = verdict.acceptance if verdict is not None else None
    return {
        "topic": row.topic.name,
        "rule": row.rule,
        "field": change.field,
        "from_year": str(row.from_year),
        "to_year": str(row.to_year),
        "change": change_text(change) if for_people else change.kind.value,
        "old": side_text(change, "old") if for_people else value_or_blank(change.old, change.unit),
        "new": side_text(change, "new") if for_people else value_or_blank(change.new, change.unit),
        "delta": "" if change.delta is None else str(change.delta),
        "direction": changelog_direction(change) if for_people else change.direction.value,
        "evidence_from": evidence(change.old_evidence),
        "evidence_to": evidence(change.new_evidence),
        "old_mci": _mci(change, "old"),
        "new_mci": _mci(change, "new"),
        "caveats": caveats_text(change.caveats),
        "recommendation": "true" if change.recommendation else "false",
        "fingerprint": fingerprint,
        "accepted": verdict.status.value if verdict is not None and entry is not None else "",
        "accepted_reason": entry.reason if entry is not None else "",
    }


def changelog_direction(change: FieldChange) -> str:
    """The direction in people's words, with the caveats that qualify it beside it."""
    return _with_caveats(change)


def _with_caveats(change: FieldChange) -> str:
    """The direction text followed by the caveats, if any."""
    caveats = caveats_text(change.caveats)
    return f"{direction_text(change)}; caveat {caveats}" if caveats else direction_text(change)


def _mci(change: FieldChange, side: str) -> str:
    if change.money is None:
        return ""
    mci = change.money.old_mci if side == "old" else change.money.new_mci
    return "" if mci is None else f"{mci:g}"


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

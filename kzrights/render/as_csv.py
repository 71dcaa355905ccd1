"""CSV for spreadsheets: RFC 4180 (CRLF line ends, quoted where needed), one header row, UTF-8."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from kzrights.render import cells

if TYPE_CHECKING:
    from kzrights.changelog import Changelog, ChangelogRow
    from kzrights.history import Blame, Timeline
    from kzrights.model import Topic
    from kzrights.render.options import RenderOptions


def _table(header: Sequence[str] | None, rows: Iterable[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def render_changelog(changelog: Changelog, options: RenderOptions) -> str:
    return _table(cells.CHANGELOG_COLUMNS, []) + "".join(changelog.sections(_changelog_section, options))


def _changelog_section(topic: Topic, rows: tuple[ChangelogRow, ...], options: RenderOptions, limit: int) -> str:
    """One topic's rows, without the header."""
    columns = cells.CHANGELOG_COLUMNS
    found = (cells.changelog_cells(row, for_people=False, ledger=options.ledger) for row in rows)
    return _table(None, ([row[c] for c in columns] for row in found))


def render_history(timeline: Timeline, options: RenderOptions) -> str:
    """One row per field, one column per source year; an empty cell where that year's source states nothing."""
    header = ["rule", "field", *map(str, timeline.years)]
    rows = (
        [row.rule, row.spec.name, *(cells.timeline_cell(cell, row.spec.unit) for cell in row.cells)]
        for row in timeline.rows
    )
    return _table(header, rows)


def render_blame(blame: Blame, options: RenderOptions) -> str:
    columns = cells.BLAME_COLUMNS
    rows = (cells.blame_cells(line) for line in blame.lines)
    return _table(columns, ([row[c] for c in columns] for row in rows))

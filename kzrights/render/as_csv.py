"""CSV for spreadsheets: RFC 4180 (CRLF line ends, quoted where needed), one header row, UTF-8.

Every cell the data fills passes escape.csv_cell on its way to the writer, so a value such as `=HYPERLINK(…)`
reaches a spreadsheet as text, never as a formula. The columns kzrights computes itself (years, the signed
`delta`) are numbers and are written as they are: a delta of -5 stays -5.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from kzrights.render import cells
from kzrights.render.escape import csv_cell

if TYPE_CHECKING:
    from kzrights.changelog import Changelog, ChangelogRow
    from kzrights.history import Blame, Timeline
    from kzrights.model import Topic
    from kzrights.render.options import RenderOptions


# Columns whose every cell is a number kzrights computed, not a string from the data.
_NUMERIC = frozenset({"from_year", "to_year", "delta", "since"})


def _table(columns: Sequence[str], rows: Iterable[Sequence[str]], *, header: bool = True) -> str:
    """The CSV text of rows under `columns` (written first unless `header` is false): data cells only through csv_cell."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header:
        writer.writerow([csv_cell(name) for name in columns])
    numeric = [name in _NUMERIC for name in columns]
    writer.writerows(
        [cell if is_number else csv_cell(cell) for cell, is_number in zip(row, numeric, strict=True)] for row in rows
    )
    return out.getvalue()


def render_changelog(changelog: Changelog, options: RenderOptions) -> str:
    return _table(cells.CHANGELOG_COLUMNS, []) + "".join(changelog.sections(_changelog_section, options))


def _changelog_section(topic: Topic, rows: tuple[ChangelogRow, ...], options: RenderOptions, limit: int) -> str:
    """One topic's rows, without the header."""
    columns = cells.CHANGELOG_COLUMNS
    found = (cells.changelog_cells(row, for_people=False, ledger=options.ledger) for row in rows)
    return _table(columns, ([row[c] for c in columns] for row in found), header=False)


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

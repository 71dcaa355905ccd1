"""CSV for spreadsheets: RFC 4180 (CRLF line ends, quoted where needed), one header row, UTF-8."""

from __future__ import annotations

import csv
import io

from kzrights.changelog import Changelog
from kzrights.render import wording

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


def render_changelog(changelog: Changelog) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CHANGELOG_COLUMNS)
    for row in changelog.rows:
        change = row.change
        writer.writerow(
            (
                row.topic.name,
                row.rule,
                change.field,
                row.from_year,
                row.to_year,
                change.kind.value,
                "" if change.old is None else wording.value_text(change.old, change.unit),
                "" if change.new is None else wording.value_text(change.new, change.unit),
                "" if change.delta is None else change.delta,
                change.direction.value,
                wording.citations_text(change.old_evidence) if change.old_evidence else "",
                wording.citations_text(change.new_evidence) if change.new_evidence else "",
            )
        )
    return out.getvalue()

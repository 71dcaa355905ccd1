"""GitHub-flavoured Markdown for reports and CI job summaries: tables for fields, redlines inline."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kzrights.model import Citation, Topic, Version
from kzrights.render import wording
from kzrights.render.options import RenderOptions
from kzrights.report import FieldChange, Report, RuleChangeKind
from kzrights.textdiff import Op, Segment

if TYPE_CHECKING:  # the changelog machinery is imported only by the command that builds one
    from kzrights.changelog import Changelog, ChangelogRow

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")  # characters that mean something anywhere in a line
_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")  # markers that only mean something at a line's start


def escape(text: str) -> str:
    """Escape Markdown syntax so legal text renders literally; newlines become <br> to stay in a table cell."""
    escaped = _INLINE.sub(r"\\\1", text)
    escaped = _BLOCK_START.sub(
        lambda m: f"{m[1]}\\{m[2]}" if not m[2][0].isdigit() else f"{m[1]}{m[2][:-1]}\\{m[2][-1]}", escaped
    )
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def cell(text: str) -> str:
    """A table cell: escaped, never empty (an empty cell reads as a missing value)."""
    return escape(text) if text else "—"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A GFM pipe table from already-escaped cells."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def render_diff(report: Report, options: RenderOptions) -> str:
    old_year, new_year = report.old.version.year, report.new.version.year
    out = [f"## {escape(report.topic.title)}: {escape(report.old.note)} → {escape(report.new.note)}", ""]
    out += table(
        ["", "source year", "document", "publisher"],
        [
            [side, str(r.version.year), cell(r.version.source.title), cell(r.version.source.publisher)]
            for side, r in (("from", report.old), ("to", report.new))
        ],
    )
    out += ["", f"**Summary.** {escape(wording.summary_text(report))}", ""]
    shown = [r for r in report.rules if options.show_unchanged or r.kind is not RuleChangeKind.UNCHANGED]
    changes = [(rule, change) for rule in shown for change in rule.fields]
    if options.semantic and changes:
        out += ["### Field changes", ""]
        out += table(
            [
                "rule",
                "field",
                str(old_year),
                str(new_year),
                "change",
                "direction",
                f"evidence {old_year}",
                f"evidence {new_year}",
            ],
            [
                [
                    f"`{rule.id}`",
                    f"`{change.field}`",
                    cell(wording.old_side(change, report) if change.old is not None else ""),
                    cell(wording.new_side(change, report) if change.new is not None else ""),
                    cell(_change_text(change.kind.value, wording.delta_text(change), wording.list_items_text(change))),
                    change.direction.value,
                    _evidence_cell(change.old_evidence, options),
                    _evidence_cell(change.new_evidence, options),
                ]
                for rule, change in changes
            ],
        )
        out.append("")
    if shown:
        out += ["### Rules", ""]
    for rule in shown:
        out.append(f"#### `{rule.id}` {escape(rule.title)} ({escape(wording.rule_status(rule, report))})")
        out.append("")
        if options.textual:
            out.append(_redline(rule.redline))
            out.append("")
        cites = [(old_year, rule.old.cite if rule.old else ()), (new_year, rule.new.cite if rule.new else ())]
        for year, side in cites:
            if side:
                out.append(f"- evidence {year}: {_evidence_cell(side, options)}")
        out.append("")
    if not shown:
        out += ["No differences between the two versions.", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _change_text(kind: str, delta: str, items: str) -> str:
    return " ".join(part for part in (kind, delta, items) if part)


def _redline(segments: tuple[Segment, ...]) -> str:
    """Deleted words struck through, inserted words in bold: both render on GitHub without HTML."""
    parts = []
    for segment in segments:
        op, text = segment.op, segment.text
        if op is Op.EQUAL:
            parts.append(escape(text))
            continue
        core = text.strip()
        if not core:
            parts.append(escape(text))
            continue
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        mark = "~~" if op is Op.DELETE else "**"
        parts.append(f"{lead}{mark}{escape(core)}{mark}{trail}")
    return "".join(parts) or "—"


def _evidence_cell(cites: tuple[Citation, ...], options: RenderOptions) -> str:
    if not cites:
        return "—"
    text = escape(wording.citations_text(cites))
    if options.quotes:
        text += "".join(f"<br>“{escape(c.quote)}”" for c in cites)
    return text


def render_version(version: Version, topic: Topic, options: RenderOptions) -> str:
    units = {spec.name: spec.unit for spec in topic.fields}
    source = version.source
    out = [f"## {escape(topic.title)} in the {version.year} source", ""]
    out += [f"*{escape(source.title)}* ({escape(source.publisher)})", "", escape(version.summary), ""]
    for rule in version.rules:
        out += [f"### `{rule.id}` {escape(rule.title)}", "", escape(rule.text), ""]
        if rule.fields:
            out += table(
                ["field", "value", "evidence"],
                [
                    [
                        f"`{name}`",
                        cell(wording.value_text(value, units.get(name))),
                        _evidence_cell(rule.evidence_for(name), options),
                    ]
                    for name, value in rule.fields
                ],
            )
            out.append("")
        out += [f"- evidence: {_evidence_cell(rule.cite, options)}", ""]
    return "\n".join(out).rstrip("\n") + "\n"


GITHUB_SUMMARY_LIMIT = 1024 * 1024  # GitHub refuses a job summary larger than 1 MiB


def render_changelog(changelog: Changelog, max_bytes: int = GITHUB_SUMMARY_LIMIT) -> str:
    """Tables grouped by topic; cut at a row boundary, with a note, when it would not fit a job summary."""
    header = [
        "rule",
        "field",
        "from",
        "to",
        "old value",
        "new value",
        "change",
        "direction",
        "evidence from",
        "evidence to",
    ]
    intro = f"{len(changelog.rows)} field changes between consecutive source years{_filters_text(changelog)}."
    out = ["# Changelog of the provisions", "", intro, ""]
    budget = max_bytes - 400 - len("\n".join(out).encode())  # 400: room for the note saying what was cut

    def add(lines: list[str]) -> bool:
        nonlocal budget
        cost = sum(len(line.encode()) + 1 for line in lines)
        if cost > budget:
            return False
        out.extend(lines)
        budget -= cost
        return True

    written = 0
    for topic in changelog.topics:
        rows = [r for r in changelog.rows if r.topic is topic]
        heading = [f"## {escape(topic.title)} (`{topic.name}`)", ""]
        if not add(heading + (table(header, []) if rows else ["No field changes.", ""])):
            break
        fitted = 0
        for row in rows:
            if not add(table(header, [_changelog_cells(row)])[-1:]):
                break
            fitted += 1
        written += fitted
        if fitted < len(rows):
            break
        if rows:
            out.append("")
    left_out = len(changelog.rows) - written
    if left_out:
        out += [
            "",
            f"> **Cut short:** {left_out} of {len(changelog.rows)} rows were left out to stay within GitHub's "
            f"{max_bytes:,}-byte job-summary limit. Run `kzrights changelog --format csv` for every row.",
        ]
    return "\n".join(out).rstrip("\n") + "\n"


def _filters_text(changelog: Changelog) -> str:
    parts = []
    if changelog.since is not None:
        parts.append(f"since {changelog.since}")
    if changelog.until is not None:
        parts.append(f"until {changelog.until}")
    if changelog.only.value != "all":
        parts.append(f"only {changelog.only.value}")
    return f" ({', '.join(parts)})" if parts else ""


def _changelog_cells(row: ChangelogRow) -> list[str]:
    change = row.change
    return [
        f"`{row.rule}`",
        f"`{change.field}`",
        str(row.from_year),
        str(row.to_year),
        cell("" if change.old is None else wording.value_text(change.old, change.unit)),
        cell("" if change.new is None else wording.value_text(change.new, change.unit)),
        cell(_change_text(_kind_label(change), wording.delta_text(change), wording.list_items_text(change))),
        change.direction.value,
        cell(wording.citations_text(change.old_evidence) if change.old_evidence else ""),
        cell(wording.citations_text(change.new_evidence) if change.new_evidence else ""),
    ]


def _kind_label(change: FieldChange) -> str:
    return {"now-stated": "now stated", "no-longer-stated": "no longer stated"}.get(
        change.kind.value, change.kind.value
    )

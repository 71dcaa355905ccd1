"""GitHub-flavoured Markdown for reports and CI job summaries: tables for fields, redlines inline."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kzrights.fieldtypes import value_text
from kzrights.model import Citation
from kzrights.render import cells, wording
from kzrights.render.options import RenderOptions
from kzrights.report import Report, VersionReport
from kzrights.textdiff import Op, Segment

if TYPE_CHECKING:  # the changelog and history machinery is imported only by the commands that build them
    from kzrights.changelog import Changelog, ChangelogRow
    from kzrights.history import Blame, Timeline
    from kzrights.listing import Listing

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")  # characters that mean something anywhere in a line
_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")  # markers that only mean something at a line's start


def escape(text: str) -> str:
    """Escape Markdown syntax so legal text renders literally; newlines become <br> to stay in a table cell."""
    escaped = _INLINE.sub(r"\\\1", text)
    escaped = _BLOCK_START.sub(
        lambda m: f"{m[1]}\\{m[2]}" if not m[2][0].isdigit() else f"{m[1]}{m[2][:-1]}\\{m[2][-1]}", escaped
    )
    return escaped.replace("\r\n", "\n").replace("\n", "<br>")


def code(text: str) -> str:
    """An inline code span; its fence is longer than any run of backticks inside, so it cannot be closed early."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


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
        ["", "source year", "document", "publisher", "kind"],
        [
            [
                side,
                str(r.version.year),
                cell(r.version.source.title),
                cell(r.version.source.publisher),
                cell(r.version.source.kind.label),
            ]
            for side, r in (("from", report.old), ("to", report.new))
        ],
    )
    if note := wording.unlike_sources(report):
        out += ["", f"**Note:** {escape(note)}"]
    out += ["", f"**Summary.** {escape(wording.summary_text(report))}", ""]
    shown = report.shown(options.show_unchanged)
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
                    code(rule.id),
                    code(change.field),
                    cell(cells.side_text(change, "old")),
                    cell(cells.side_text(change, "new")),
                    cell(cells.change_text(change)),
                    cell(cells.changelog_direction(change)),
                    _evidence_cell(change.old_evidence, options),
                    _evidence_cell(change.new_evidence, options),
                ]
                for rule, change in changes
            ],
        )
        out.append("")
    if options.semantic and report.held():
        out += ["### Same on both sides", ""]
        out += table(
            ["rule", "field", "value", "evidence"],
            [
                [
                    code(h.rule),
                    code(h.field),
                    cell(value_text(h.value, h.unit)),
                    _evidence_cell(h.old_evidence + h.new_evidence, options),
                ]
                for h in report.held()
            ],
        )
        out.append("")
    if options.semantic and report.paths_through_ends():
        out += ["### Between the two", ""]
        out += table(
            ["rule", "field", "path (source years; a year that states nothing is left out)"],
            [
                [
                    code(p.rule),
                    code(p.field),
                    cell(
                        " → ".join(f"{value_text(s.value, p.unit)} ({', '.join(map(str, s.years))})" for s in p.steps)
                    ),
                ]
                for p in report.paths_through_ends()
            ],
        )
        out.append("")
    if shown:
        out += ["### Rules", ""]
    for rule in shown:
        out.append(f"#### `{rule.id}` {escape(rule.title)} ({escape(wording.rule_status(rule, report))})")
        out.append("")
        if options.textual:
            out.append(_redline(rule.redline()))
            out.append("")
        cites = [(old_year, rule.old.cite if rule.old else ()), (new_year, rule.new.cite if rule.new else ())]
        for year, side in cites:
            if side:
                out.append(f"- evidence {year}: {_evidence_cell(side, options)}")
        out.append("")
    if not shown:
        out += ["No differences between the two versions.", ""]
    return "\n".join(out).rstrip("\n") + "\n"


_REDLINE_TAG = {Op.DELETE: "del", Op.INSERT: "ins"}


def _redline(segments: tuple[Segment, ...]) -> str:
    """Deleted words in <del>, inserted in <ins>: GitHub renders both, and unlike `~~`/`**` an HTML tag needs no
    word boundary, so a change inside a word or next to punctuation can never leave a stray marker."""
    parts = []
    for segment in segments:
        text = escape(segment.text)
        tag = _REDLINE_TAG.get(segment.op)
        parts.append(f"<{tag}>{text}</{tag}>" if tag and segment.text.strip() else text)
    return "".join(parts) or "—"


def _evidence_cell(cites: tuple[Citation, ...], options: RenderOptions) -> str:
    if not cites:
        return "—"
    text = escape(wording.citations_text(cites))
    if options.quotes:
        text += "".join(f"<br>“{escape(c.quote)}”" for c in cites)
    return text


def render_version(shown: VersionReport, options: RenderOptions) -> str:
    topic, version = shown.topic, shown.version
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
                        cell(value_text(value, topic.unit_of(name))),
                        _evidence_cell(rule.evidence_for(name), options),
                    ]
                    for name, value in rule.fields
                ],
            )
            out.append("")
        out += [f"- evidence: {_evidence_cell(rule.cite, options)}", ""]
    return "\n".join(out).rstrip("\n") + "\n"


GITHUB_SUMMARY_LIMIT = 1024 * 1024  # GitHub refuses a job summary larger than 1 MiB


def render_changelog(changelog: Changelog, options: RenderOptions, max_bytes: int = GITHUB_SUMMARY_LIMIT) -> str:
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
    for old, new, kinds in changelog.unlike_pairs():
        out += [f"**Note:** {old} → {new} compares two kinds of document ({escape(kinds)}).", ""]
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
        rows = changelog.rows_of(topic)
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


_CHANGELOG_SHOWN = (
    "rule",
    "field",
    "from_year",
    "to_year",
    "old",
    "new",
    "change",
    "direction",
    "evidence_from",
    "evidence_to",
)


def _changelog_cells(row: ChangelogRow) -> list[str]:
    shown = cells.changelog_cells(row, for_people=True)
    return [code(shown[column]) if column in ("rule", "field") else cell(shown[column]) for column in _CHANGELOG_SHOWN]


def render_history(timeline: Timeline, options: RenderOptions) -> str:
    """Fields as rows and source years as columns, as `kzrights history` prints them."""
    topic = timeline.topic
    out = [f"## {escape(topic.title)} (`{topic.name}`): values by source year", ""]
    out += ["▲ stricter than the year before, ▼ looser, • changed, — not stated.", ""]
    out += table(
        ["rule", "field", *map(str, timeline.years)],
        [
            [f"`{row.rule}`", f"`{row.spec.name}`", *(cell(cells.timeline_cell(c, row.spec.unit)) for c in row.cells)]
            for row in timeline.rows
        ],
    )
    return "\n".join(out) + "\n"


def render_blame(blame: Blame, options: RenderOptions) -> str:
    """Each field of one version with the source year since which its value has stood."""
    topic, version = blame.topic, blame.version
    out = [f"## {escape(topic.title)} (`{topic.name}`) in the {version.year} source: since when each value has stood"]
    out += ["", "A year that does not state a field breaks its run: silence is not evidence that a value stood.", ""]
    out += table(
        ["rule", "field", "value", "since", "evidence"],
        [
            [f"`{row['rule']}`", f"`{row['field']}`", cell(row["value"]), row["since"], cell(row["evidence"])]
            for row in map(cells.blame_cells, blame.lines)
        ],
    )
    return "\n".join(out) + "\n"


def render_listing(listing: Listing, options: RenderOptions) -> str:
    """Topics with their source years and silent sources, then the sources."""
    out = ["## Topics", ""]
    out += table(
        ["topic", "title", "years with rules", "silent sources"],
        [
            [
                f"`{entry.topic.name}`",
                cell(entry.topic.title),
                ", ".join(map(str, entry.years)) or "none",
                cell("; ".join(f"{s.year} ({s.source}): {s.note}" for s in entry.silent)),
            ]
            for entry in listing.topics
        ],
    )
    out += ["", "## Sources", ""]
    out += table(
        ["year", "id", "title", "publisher"],
        [[str(s.year), f"`{s.id}`", cell(s.title), cell(s.publisher)] for s in listing.sources],
    )
    return "\n".join(out) + "\n"

"""GitHub-flavoured Markdown for reports and CI job summaries: tables for fields, redlines inline."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kzrights.fieldtypes import value_text
from kzrights.model import Citation
from kzrights.render import cells, wording
from kzrights.render.escape import markdown_text, visible
from kzrights.render.options import RenderOptions
from kzrights.report import Report, VersionReport
from kzrights.textdiff import Op, Segment

if TYPE_CHECKING:  # the changelog and history machinery is imported only by the commands that build them
    from kzrights.changelog import Changelog, ChangelogRow
    from kzrights.history import Blame, Timeline
    from kzrights.listing import Listing
    from kzrights.model import Topic
    from kzrights.review import FileChange, Review, ReviewItem


def escape(text: str) -> str:
    """Escape a data string so it renders literally and stays in its line and cell (see escape.markdown_text)."""
    return markdown_text(text)


def code(text: str) -> str:
    """An inline code span; its fence is longer than any run of backticks inside, so it cannot be closed early."""
    text = visible(text, keep="").replace("|", "\\|")  # GFM splits a table row at a pipe even inside code
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
    notes = wording.report_notes(report, options)
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
                    cell(cells.changelog_direction(change))
                    + "".join(f"<br>{_note(n)}" for n in notes.get((rule.id, change.field), ())),
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
                    cell(value_text(h.value, h.unit) + wording.recommended(report.topic.field_spec(h.field)))
                    + (f"; caveat {escape(cells.caveats_text(h.caveats))}" if h.caveats else ""),
                    _evidence_cell(h.old_evidence + h.new_evidence, options),
                ]
                for h in report.held()
            ],
        )
        out.append("")
    if options.semantic and report.recited():
        out += ["### Cited otherwise", ""]
        out += table(
            ["rule", "citations before", "citations now"],
            [
                [
                    code(r.id),
                    _evidence_cell(r.old.cite if r.old else (), options),
                    _evidence_cell(r.new.cite if r.new else (), options),
                ]
                for r in report.recited()
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
        out.append(f"#### {code(rule.id)} {escape(rule.title)} ({escape(wording.rule_status(rule, report))})")
        out.append("")
        if wording_notes := notes.get((rule.id, None)):
            out += ["Wording: " + "; ".join(_note(n) for n in wording_notes), ""]
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


def _note(note: str) -> str:
    """A gate note: a fingerprint in code, so it can be copied whole; an acceptance escaped."""
    kind, _, value = note.partition(" ")
    return f"fingerprint {code(value)}" if kind == "fingerprint" else escape(note)


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
        out += [f"### {code(rule.id)} {escape(rule.title)}", "", escape(rule.text), ""]
        if rule.fields:
            out += table(
                ["field", "value", "evidence"],
                [
                    [
                        code(name),
                        cell(value_text(value, topic.unit_of(name)) + wording.recommended(topic.field_spec(name))),
                        _evidence_cell(rule.evidence_for(name), options),
                    ]
                    for name, value in rule.fields
                ],
            )
            out.append("")
        out += [f"- evidence: {_evidence_cell(rule.cite, options)}", ""]
    return "\n".join(out).rstrip("\n") + "\n"


_CHANGELOG_HEADER = [
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
_CUT_NOTE_ROOM = 400  # bytes kept for the note saying what was cut

_Section = tuple[int, list[str], list[str], dict[tuple[int, int], str]]  # rows, heading, row lines, unlike pairs


def render_changelog(changelog: Changelog, options: RenderOptions) -> str:
    """Tables grouped by topic; cut at a row boundary, with a note, when it would not fit `max_bytes` (a job summary).

    The intro gives the number of rows, so every topic is read and compared; but a row is put into words only
    while it may still fit: each topic is started with the room left (a bound, since the count and the notes
    before the tables are not known yet), and rows past it are counted, not formatted.
    """
    from kzrights.changelog import merge_unlike_pairs

    max_bytes = options.max_bytes
    room = [max_bytes - _CUT_NOTE_ROOM - len("\n".join(_changelog_intro(changelog, "", ())).encode())]
    sections: list[_Section] = []
    for section in changelog.sections(_changelog_section, options, iter(lambda: room[0], None)):
        sections.append(section)
        room[0] = _room_after(section, room[0])
    total = sum(count for count, _, _, _ in sections)
    out = _changelog_intro(changelog, str(total), merge_unlike_pairs(pairs for _, _, _, pairs in sections))
    budget = max_bytes - _CUT_NOTE_ROOM - len("\n".join(out).encode())
    written = 0
    for count, heading, lines, _ in sections:
        cost = _cost(heading)
        if cost > budget:
            break
        out += heading
        budget -= cost
        fitted = 0
        for line in lines:
            if len(line.encode()) + 1 > budget:
                break
            out.append(line)
            budget -= len(line.encode()) + 1
            fitted += 1
        written += fitted
        if fitted < count:
            break
        if count:
            out.append("")
    left_out = total - written
    if left_out:
        out += [
            "",
            f"> **Cut short:** {left_out} of {total} rows were left out to stay within GitHub's "
            f"{max_bytes:,}-byte job-summary limit. Run `kzrights changelog --format csv` for every row.",
        ]
    return "\n".join(out).rstrip("\n") + "\n"


def _changelog_intro(changelog: Changelog, count: str, unlike: tuple[tuple[int, int, str], ...]) -> list[str]:
    intro = f"{count} field changes between consecutive source years{_filters_text(changelog)}."
    out = ["# Changelog of the provisions", "", intro, ""]
    for old, new, kinds in unlike:
        out += [f"**Note:** {old} → {new} compares two kinds of document ({escape(kinds)}).", ""]
    return out


def _cost(lines: list[str]) -> int:
    """Bytes the lines take in the output, each with its newline."""
    return sum(len(line.encode()) + 1 for line in lines)


def _changelog_section(topic: Topic, rows: tuple[ChangelogRow, ...], options: RenderOptions, limit: int) -> _Section:
    """A topic's heading and as many of its table rows as fit in `limit` bytes with it; how many rows it has."""
    from kzrights.changelog import unlike_pairs

    heading = [f"## {escape(topic.title)} ({code(topic.name)})", ""]
    heading += table(_CHANGELOG_HEADER, []) if rows else ["No field changes.", ""]
    room = limit - _cost(heading)
    lines = []
    for row in rows:
        line = table(_CHANGELOG_HEADER, [_changelog_cells(row, options)])[-1]
        room -= len(line.encode()) + 1
        if room < 0:
            break
        lines.append(line)
    return len(rows), heading, lines, unlike_pairs(rows)


def _room_after(section: _Section, room: int) -> int:
    """The room left once a section is written in `room` bytes; -1 when it did not fit whole."""
    count, heading, lines, _ = section
    room -= _cost(heading) + _cost(lines)
    return room if room >= 0 and len(lines) == count else -1


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


def _changelog_cells(row: ChangelogRow, options: RenderOptions) -> list[str]:
    shown = cells.changelog_cells(row, for_people=True)
    out = [code(shown[column]) if column in ("rule", "field") else cell(shown[column]) for column in _CHANGELOG_SHOWN]
    if (
        options.ledger
        and options.ledger.entries
        and (note := wording.verdict_text(options.ledger.verdict(row.fingerprint)))
    ):
        out[_CHANGELOG_SHOWN.index("direction")] += f"<br>{escape(note)}"
    return out


def render_history(timeline: Timeline, options: RenderOptions) -> str:
    """Fields as rows and source years as columns, as `kzrights history` prints them."""
    topic = timeline.topic
    out = [f"## {escape(topic.title)} ({code(topic.name)}): values by source year", ""]
    out += ["▲ stricter than the year before, ▼ looser, • changed, — not stated.", ""]
    out += table(
        ["rule", "field", *map(str, timeline.years)],
        [
            [code(row.rule), code(row.spec.name), *(cell(cells.timeline_cell(c, row.spec.unit)) for c in row.cells)]
            for row in timeline.rows
        ],
    )
    return "\n".join(out) + "\n"


def render_blame(blame: Blame, options: RenderOptions) -> str:
    """Each field of one version with the source year since which its value has stood."""
    topic, version = blame.topic, blame.version
    out = [
        f"## {escape(topic.title)} ({code(topic.name)}) in the {version.year} source: since when each value has stood"
    ]
    out += ["", "A year that does not state a field breaks its run: silence is not evidence that a value stood.", ""]
    out += table(
        ["rule", "field", "value", "since", "evidence"],
        [
            [code(row["rule"]), code(row["field"]), cell(row["value"]), row["since"], cell(row["evidence"])]
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
                code(entry.topic.name),
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
        [[str(s.year), code(s.id), cell(s.title), cell(s.publisher)] for s in listing.sources],
    )
    return "\n".join(out) + "\n"


_REVIEW_HEADER = ["direction", "what", "change", "years", "where", "fingerprint", "status"]
_COUNT_HEADER = ["", "changes", "stricter", "looser", "not comparable", "neutral", "re-grading", "accepted"]


class _Budget:
    """Bytes left for a report that must fit GitHub's limit; each part is taken whole or not at all."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def take(self, lines: list[str]) -> bool:
        cost = sum(len(line.encode("utf-8")) + 1 for line in lines)
        if cost > self.left:
            return False
        self.left -= cost
        return True


def render_review(review: Review, options: RenderOptions) -> str:
    """A PR comment or job summary: counts first, one table per topic, detail folded in <details>, within max_bytes.

    Tables come before detail: when the report would not fit, detail is left out first, then table rows from the
    end, always at a row boundary, and a closing note says how many of each were left out.
    """
    head = _review_head(review, options)
    budget = _Budget(options.max_bytes - _CUT_NOTE_ROOM)
    budget.take(head)
    groups = review.groups()
    caught = {t.finding.fingerprint for t in review.tripped(options.fail_on)} if options.fail_on else set()
    # what fits, decided in order of importance: every group's table rows, then each group's detail
    rows_in: list[list[str]] = []
    cut = False
    for name, title, items, files in groups:
        rows: list[str] = []
        blanks = ["", ""] if items else [""]  # after the table, and after the group
        if not cut and budget.take(_group_head(name, title, files, bool(items)) + blanks):
            for item in items:
                row = table(_REVIEW_HEADER, [_review_cells(item, item.finding.fingerprint in caught)])[-1]
                if not budget.take([row]):
                    cut = True
                    break
                rows.append(row)
        else:
            cut = True
        rows_in.append(rows)
    details_in: list[list[str]] = []
    for (_, _, items, _), rows in zip(groups, rows_in, strict=True):
        entries: list[str] = []
        wanted = [entry for item in items if (entry := _detail_entry(item))]
        if wanted and len(rows) == len(items) and budget.take(_details_frame(len(wanted))):
            for entry in wanted:
                if not budget.take([entry, ""]):
                    break
                entries.append(entry)
        details_in.append(entries)
    out = list(head)
    for (name, title, items, files), rows, entries in zip(groups, rows_in, details_in, strict=True):
        if not rows and items:
            continue
        out += _group_head(name, title, files, bool(items))
        out += rows
        if entries:
            frame = _details_frame(len(entries))
            out += ["", *frame[:-1], *(line for entry in entries for line in (entry, "")), frame[-1]]
        out.append("")
    left_rows = len(review.items) - sum(len(rows) for rows in rows_in)
    left_details = sum(1 for item in review.items if _detail_entry(item)) - sum(len(e) for e in details_in)
    if left_rows or left_details:
        out += [
            f"> **Cut short** to stay within {options.max_bytes:,} bytes: {left_rows} of {len(review.items)} table rows "
            f"and {left_details} detail entries were left out. Run `kzrights review --base {code(review.base)[1:-1]}` "
            "for all of them.",
            "",
        ]
    return "\n".join(out).rstrip("\n") + "\n"


_CUT_NOTE_ROOM = 400  # the closing note, with its numbers and the revision's name (at most ~200 bytes)


def _review_head(review: Review, options: RenderOptions) -> list[str]:
    out = [f"## kzrights review: {code(review.base)} → {escape(review.head_label)}", ""]
    out += [f"**{escape(wording.review_counts(review))}.**", ""]
    if options.fail_on is not None:
        caught = review.tripped(options.fail_on)
        verdict = (
            ("1 change trips it" if len(caught) == 1 else f"{len(caught)} changes trip it") if caught else "passes"
        )
        out += [f"Gate `--fail-on {options.fail_on}`: {verdict}.", ""]
    if review.base_problems:
        out += [escape(wording.base_problems_text(len(review.base_problems)).capitalize()) + ".", ""]
    groups = review.groups()
    if groups:
        rows = []
        for name, title, items, _ in groups:
            c = _counts(items)
            rows.append([_group_title(name, title), *(str(c[key]) for key in _COUNT_KEYS)])
        out += [*table(_COUNT_HEADER, rows), ""]
    else:
        out += ["No changes to the provisions.", ""]
    for entry in review.accepted_here:
        until = f", until {entry.expires}" if entry.expires else ""
        out.append(
            f"- this change adds an acceptance of {code(entry.fingerprint)}: "
            f"{escape(entry.reason)} ({escape(entry.by)}, {entry.date}{until})"
        )
    if review.accepted_here:
        out.append("")
    return out


_COUNT_KEYS = ("changes", "stricter", "looser", "not_comparable", "neutral", "regrading", "accepted")


def _counts(items: tuple[ReviewItem, ...]) -> dict[str, int]:
    from kzrights.ledger import Status
    from kzrights.report import Direction

    directions = [i.finding.direction for i in items]
    return {
        "changes": len(items),
        "stricter": directions.count(Direction.STRICTER),
        "looser": directions.count(Direction.LOOSER),
        "not_comparable": directions.count(Direction.NOT_COMPARABLE),
        "neutral": directions.count(Direction.NEUTRAL),
        "regrading": sum(1 for i in items if i.finding.regrades),
        "accepted": sum(1 for i in items if i.verdict.status is Status.ACCEPTED),
    }


def _group_title(name: str | None, title: str) -> str:
    return escape(title) if name is None else f"{escape(title)} ({code(name)})"


def _group_head(name: str | None, title: str, files: tuple[FileChange, ...], has_items: bool) -> list[str]:
    out = [f"### {_group_title(name, title)}", ""]
    for file in files:
        compared = f", compared with {', '.join(file.compared_with)}" if file.compared_with else ""
        out.append(f"- {file.change} {code(file.file)}{escape(compared)}")
    if files:
        out.append("")
    if has_items:
        out += table(_REVIEW_HEADER, [])
    return out


def _review_cells(item: ReviewItem, trips: bool) -> list[str]:
    finding = item.finding
    status = wording.verdict_text(item.verdict) or "new"
    return [
        escape(wording.direction_text(finding)),
        code(finding.subject),
        cell(wording.finding_text(finding)),
        escape(f"{finding.old_label} → {finding.new_label}"),
        code(finding.location() or "") if finding.file else "—",
        code(finding.fingerprint),
        cell(status) + ("<br>**trips the gate**" if trips else ""),
    ]


def _details_frame(count: int) -> list[str]:
    """The fold around a group's detail; its entries go between the last two lines."""
    return [f"<details><summary>Evidence and wording ({count})</summary>", "", "</details>"]


def _detail_entry(item: ReviewItem) -> str | None:
    """One list item of detail: a field's evidence on each side, a rule's redline; None for what has none."""
    from kzrights.findings import FindingKind

    finding = item.finding
    if finding.kind is FindingKind.FIELD and finding.change is not None:
        change = finding.change
        sides = [
            f"{escape(label)}: {_evidence_cell(cites, RenderOptions(quotes=True))}"
            for label, cites in ((finding.old_label, change.old_evidence), (finding.new_label, change.new_evidence))
            if cites
        ]
        return f"- {code(finding.subject)}: " + "; ".join(sides) if sides else None
    if finding.kind is FindingKind.WORDING and finding.rule_change is not None:
        return f"- {code(finding.subject)} ({escape(finding.old_label)} → {escape(finding.new_label)}): " + _redline(
            finding.rule_change.redline()
        )
    return None

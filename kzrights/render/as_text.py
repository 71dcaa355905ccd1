"""The human view: header, semantic changes, redlined texts and a summary line, as a styled Document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kzrights.fieldtypes import value_text
from kzrights.model import Citation, Resolved, Topic, Value
from kzrights.render import cells, wording
from kzrights.render.options import RenderOptions
from kzrights.render.styled import GLUE, Document, Span, Style
from kzrights.report import (
    Direction,
    FieldChange,
    FieldChangeKind,
    Report,
    RuleChange,
    RuleChangeKind,
    VersionReport,
    YearCaveat,
)
from kzrights.textdiff import Op, Segment

if TYPE_CHECKING:  # changelog, history, listing, review, validation: imported only by the commands that build them
    from kzrights.changelog import Changelog, ChangelogRow
    from kzrights.history import Blame, Timeline
    from kzrights.listing import Listing
    from kzrights.review import Review, ReviewItem
    from kzrights.validate import Validation

_DIRECTION_STYLE = {
    Direction.STRICTER: Style.STRICTER,
    Direction.LOOSER: Style.LOOSER,
    Direction.NEUTRAL: Style.NEUTRAL,
    Direction.NOT_COMPARABLE: Style.SILENT,
}
# Told apart without colour too: a shape and a word.
_DIRECTION_LABEL = {
    Direction.STRICTER: "▲ stricter",
    Direction.LOOSER: "▼ looser",
    Direction.NEUTRAL: "• changed, no direction",
    Direction.NOT_COMPARABLE: "◇ not comparable",
}
_RULE_MARK = {
    RuleChangeKind.ADDED: "+",
    RuleChangeKind.REMOVED: "-",
    RuleChangeKind.CHANGED: "~",
    RuleChangeKind.UNCHANGED: "=",
}
_SEGMENT_STYLE = {Op.EQUAL: Style.PLAIN, Op.DELETE: Style.DELETE, Op.INSERT: Style.INSERT}
# Past this share of changed words a redline reads as fragments: the old and the new text are printed whole,
# one after the other, as track-changes tools show a replaced paragraph.
REWRITE_SHARE = 0.6
_NOTE_STYLE = Style.NEUTRAL  # acceptances and fingerprints: what the gate and the ledger say


def render_diff(report: Report, options: RenderOptions) -> Document:
    """The answer first: what changed, what held, what one source alone describes, then the wording."""
    doc = Document()
    _diff_header(doc, report)
    render_diff_body(doc, report, options)
    return doc


def render_diff_body(doc: Document, report: Report, options: RenderOptions) -> None:
    """Everything below the header: what the git driver prints under git's own file line."""
    old, new = report.old.version.year, report.new.version.year
    doc.blank()
    doc.line(("In short: ", Style.HEADING), wording.summary_text(report))
    if options.stat:
        _stat(doc, report)
        return
    notes = wording.report_notes(report, options)  # acceptances and fingerprints, when a gate or ledger speaks
    if options.semantic:
        _changed(doc, report, options, notes)
        if options.show_held:
            _held(doc, report)
        _one_sided(doc, report, FieldChangeKind.NOW_STATED, RuleChangeKind.ADDED, new, options, notes)
        _one_sided(doc, report, FieldChangeKind.NO_LONGER_STATED, RuleChangeKind.REMOVED, old, options, notes)
        _between(doc, report)
        _recited(doc, report)
        _reworded(doc, report, options, notes)
    if options.textual:
        _redlines(doc, report, options, notes)


def _diff_header(doc: Document, report: Report) -> None:
    doc.line((f"{report.topic.title} ({report.topic.name}): {report.old.note} → {report.new.note}", Style.HEADING))
    for label, resolved in (("from", report.old), ("to  ", report.new)):
        doc.line(f"  {label}  {_year_label(resolved)}  ", wording.source_line(resolved))
    if note := wording.unlike_sources(report):
        doc.line(("  note: ", Style.HEADING), note)


def _year_label(resolved: Resolved) -> str:
    return resolved.note if resolved.requested != resolved.version.year else str(resolved.version.year)


def _section(doc: Document, title: str, count: int | None = None) -> None:
    doc.blank()
    doc.line((title if count is None else f"{title} ({count})", Style.HEADING))


def _changed(doc: Document, report: Report, options: RenderOptions, notes: wording.Notes) -> None:
    changes = [
        (rule, change) for rule in report.rules for change in rule.fields if change.kind is FieldChangeKind.CHANGED
    ]
    _section(doc, "Changed", len(changes))
    if not changes:
        doc.line(("  No value stated by both sources differs.", Style.DIM))
    for rule, change in changes:
        spans: list[Span | str] = [
            f"  {rule.id}.{change.field}: ",
            (cells.side_text(change, "old"), Style.HEADING),
            " → ",
            (cells.side_text(change, "new"), Style.HEADING),
        ]
        if change.delta is not None:
            spans.append(f" {wording.delta_text(change)}")
        # the direction is one unit: a line break never separates its shape from its word
        spans += ["  ", (change_label(change).replace(" ", GLUE), _DIRECTION_STYLE[change.direction])]
        doc.line(*spans)
        if items := wording.list_items_text(change):
            doc.line(("      ", Style.PLAIN), (items, Style.DIM))
        _notes(doc, "      ", notes.get((rule.id, change.field), ()))
        _caveats(doc, change.caveats, "      ")
        _evidence(
            doc,
            ((report.old.version.year, change.old_evidence), (report.new.version.year, change.new_evidence)),
            options,
        )


def _held(doc: Document, report: Report) -> None:
    held = report.held()
    _section(doc, "Same on both sides", len(held))
    if not held:
        doc.line(("  No value is stated alike by both sources.", Style.DIM))
    for value in held:
        doc.line(
            f"  {value.rule}.{value.field}: ",
            (value_text(value.value, value.unit), Style.DIM),
            (wording.recommended(report.topic.field_spec(value.field)), Style.DIM),
            (f"  · {wording.citations_text(value.old_evidence + value.new_evidence)}", Style.DIM),
        )
        _caveats(doc, value.caveats, "      ")


def _caveats(doc: Document, caveats: tuple[YearCaveat, ...], indent: str) -> None:
    """Each caveat under the value it qualifies, with its citation: a value is never shown without its caveat."""
    for caveat in caveats:
        comparable = "" if caveat.caveat.comparable else ", not comparable"
        doc.line(
            (f"{indent}caveat {caveat.year}{comparable}: ", Style.HEADING),
            caveat.caveat.note,
            (f"  · {wording.citations_text(caveat.caveat.cite)}", Style.DIM),
        )


def _one_sided(
    doc: Document,
    report: Report,
    kind: FieldChangeKind,
    rule_kind: RuleChangeKind,
    year: int,
    options: RenderOptions,
    notes: wording.Notes,
) -> None:
    """Silence reported once, compactly: each field only one source describes, grouped by rule."""
    fields = report.one_sided(kind)
    bare = [r for r in report.rules if r.kind is rule_kind and not r.fields]  # described, but with no value
    if not fields and not bare:
        return
    _section(doc, f"Described only in the {year} source", len(fields))
    current = None
    for rule, change in fields:
        if rule.id != current:
            side = rule.new if kind is FieldChangeKind.NOW_STATED else rule.old
            assert side is not None
            _rule_line(doc, rule.id, side.title)
            current = rule.id
        side_name = "new" if kind is FieldChangeKind.NOW_STATED else "old"
        cites = change.new_evidence if kind is FieldChangeKind.NOW_STATED else change.old_evidence
        doc.line(
            f"      {change.field}: ",
            cells.side_text(change, side_name),  # with its MCI for tenge, as the changed values show it
            (f" ({wording.RECOMMENDATION})" if change.recommendation else "", Style.DIM),
            (f"  · {wording.citations_text(cites)}", Style.DIM),
        )
        _notes(doc, "          ", notes.get((rule.id, change.field), ()))
        _caveats(doc, change.caveats, "          ")
        if options.quotes:
            for cite in cites:
                _quote(doc, "          ", cite)
    for rule in bare:
        rule_side = rule.new or rule.old
        assert rule_side is not None
        _rule_line(doc, rule.id, rule_side.title, f"  · no stated value; {wording.citations_text(rule_side.cite)}")


def _notes(doc: Document, indent: str, notes: tuple[str, ...]) -> None:
    """What the gate and the ledger say of a change: `accepted: …`, `fingerprint …`."""
    if notes:
        doc.line((indent + "; ".join(notes), _NOTE_STYLE))


def _rule_line(doc: Document, rule_id: str, title: str, trailer: str = "") -> None:
    doc.line(("  " + rule_id, Style.RULE), f" — {title}", (trailer, Style.DIM))


def _recited(doc: Document, report: Report) -> None:
    """Citations moved or requoted in an edit of one source's file: said even when no value or text changed."""
    recited = report.recited()
    if not recited:
        return
    _section(doc, "Cited otherwise", len(recited))
    for rule in recited:
        assert rule.old is not None
        assert rule.new is not None
        _rule_line(doc, rule.id, rule.new.title)
        before, after = wording.citations_text(rule.old.cite), wording.citations_text(rule.new.cite)
        doc.line(("      from: ", Style.DIM), before)
        doc.line(("      to:   ", Style.DIM), after)
        if before == after:  # the same lines: a quote or the fields a citation supports changed
            was = {c.content for c in rule.old.cite}
            for cite in rule.new.cite:
                if cite.content not in was:
                    _quote(doc, "      now: ", cite)


def _between(doc: Document, report: Report) -> None:
    """Paths through the years between that meet FROM or TO in full; fields only those years state, counted."""
    if not report.between:
        return
    ends = (report.old.version.year, report.new.version.year)
    paths = report.paths_through_ends()
    _section(doc, "Between the two", len(paths))
    doc.line(("  How the sources in between state these fields; a year that states nothing is left out.", Style.DIM))
    for path in paths:
        steps = " → ".join(
            f"{value_text(step.value, path.unit)} ({', '.join(map(str, step.years))})" for step in path.steps
        )
        doc.line(f"  {path.rule}.{path.field}: ", steps)
    for year, count in report.only_between():
        doc.line(
            (
                f"  {count} more field{'s' if count != 1 else ''} only the {year} source states, neither end: ",
                Style.DIM,
            ),
            (f"kzrights diff {report.topic.name} {ends[0]} {year}", Style.DIM),
        )


def _reworded(doc: Document, report: Report, options: RenderOptions, notes: wording.Notes) -> None:
    reworded = [r for r in report.rules if r.wording_only]
    unchanged = [r for r in report.rules if r.kind is RuleChangeKind.UNCHANGED] if options.show_unchanged else []
    if not reworded and not unchanged:
        return
    _section(doc, "Wording changed, no stated value", len(reworded))
    for rule in reworded + unchanged:
        mark = _RULE_MARK[rule.kind]
        doc.line(
            (f"  {mark} {rule.id}", Style.RULE), f" — {rule.title}", ("  (unchanged)" if mark == "=" else "", Style.DIM)
        )
        if not options.textual:  # else under the rule's redline
            _notes(doc, "      ", notes.get((rule.id, None), ()))


def _redlines(doc: Document, report: Report, options: RenderOptions, notes: wording.Notes) -> None:
    shown = [
        r for r in report.shown(options.show_unchanged) if r.kind is not RuleChangeKind.CHANGED or _texts_differ(r)
    ]
    if not shown:
        return
    doc.blank()
    doc.line(
        ("Text changes", Style.HEADING),
        (" (deleted ", Style.DIM),
        ("like this", Style.DELETE),
        (", inserted ", Style.DIM),
        ("like this", Style.INSERT),
        ("; a paragraph mostly rewritten is shown old, then new)", Style.DIM),
    )
    old, new = report.old.version.year, report.new.version.year
    for rule in shown:
        doc.blank()
        doc.line((f"{_RULE_MARK[rule.kind]} {rule.id}", Style.RULE), f" — {rule.title}")
        _notes(doc, "  wording: ", notes.get((rule.id, None), ()))
        segments = rule.redline()
        if rule.old and rule.new and changed_share(segments) <= REWRITE_SHARE:
            doc.line("  ", *[(s.text, _SEGMENT_STYLE[s.op]) for s in segments])
            continue
        if rule.old:
            doc.line((f"  {old}: ", Style.DIM), (rule.old.text, Style.DIM if rule.new else Style.PLAIN))
        if rule.new:
            doc.line((f"  {new}: ", Style.DIM), rule.new.text)


def change_label(change: FieldChange) -> str:
    """`▼ looser` for a change of value; `now stated` where one source is silent, which has no direction."""
    if change.kind is not FieldChangeKind.CHANGED:
        return change.kind.label + (f" ({wording.RECOMMENDATION})" if change.recommendation else "")
    if change.money is not None and change.money.indexation_only:
        return "= unchanged in real terms (indexation)"
    label = _DIRECTION_LABEL[change.direction]
    if change.money is not None and change.money.basis == "nominal":
        label += " (in nominal tenge: no MCI rate for a year)"
    return label + (f" ({wording.RECOMMENDATION})" if change.recommendation else "")


def _texts_differ(rule: RuleChange) -> bool:
    return rule.old is not None and rule.new is not None and rule.old.text != rule.new.text


def changed_share(segments: tuple[Segment, ...]) -> float:
    """The share of the two texts' words that the redline marks deleted or inserted."""
    words = dict.fromkeys(Op, 0)
    for segment in segments:
        words[segment.op] += len(segment.text.split())
    total = 2 * words[Op.EQUAL] + words[Op.DELETE] + words[Op.INSERT]
    return (words[Op.DELETE] + words[Op.INSERT]) / total if total else 0.0


def _stat(doc: Document, report: Report) -> None:
    """One line per rule with counts, like `git diff --stat`."""
    old, new = report.old.version.year, report.new.version.year
    rules = report.shown(True)
    width = max((len(r.id) for r in rules), default=0)
    doc.blank()
    for rule in rules:
        counts = [
            f"{sum(1 for f in rule.fields if f.kind is FieldChangeKind.CHANGED)} changed",
            f"{len(rule.held)} held",
            f"{sum(1 for f in rule.fields if f.kind is FieldChangeKind.NO_LONGER_STATED)} only {old}",
            f"{sum(1 for f in rule.fields if f.kind is FieldChangeKind.NOW_STATED)} only {new}",
        ]
        status = wording.rule_status(rule, report)
        doc.line(
            (f" {_RULE_MARK[rule.kind]} {rule.id:<{width}}", Style.RULE),
            f" | {', '.join(counts)}",
            (f"  {status}", Style.DIM),
        )


def _evidence(doc: Document, sides: tuple[tuple[int, tuple[Citation, ...]], ...], options: RenderOptions) -> None:
    shown = [f"{year}: {wording.citations_text(cites)}" for year, cites in sides if cites]
    if shown:
        doc.line((f"      evidence {' · '.join(shown)}", Style.DIM))
    if options.quotes:
        for _, cites in sides:
            for cite in cites:
                _quote(doc, "        ", cite)


def _quote(doc: Document, indent: str, cite: Citation) -> None:
    """A citation's exact words, then where they stand: `“…” (usdos-2016 lines 695-696)`."""
    doc.line(indent, (f"“{cite.quote}”", Style.QUOTE), (f" ({wording.citations_text((cite,))})", Style.DIM))


def render_version(shown: VersionReport, options: RenderOptions) -> Document:
    """`kzrights show`: one version's rules, fields with units and citations."""
    topic, version = shown.topic, shown.version
    doc = Document()
    source = version.source
    doc.line((f"{topic.title} ({topic.name}) in the {version.year} source", Style.HEADING))
    doc.line(f"  {source.title} ({source.publisher}); {source.covers}")
    doc.blank()
    doc.line(version.summary)
    for rule in version.rules:
        doc.blank()
        doc.line((rule.id, Style.RULE), f" — {rule.title}")
        doc.line(f"  {rule.text}")
        for name, value in rule.fields:
            doc.line(
                f"    {name}: ",
                (value_text(value, topic.unit_of(name)), Style.HEADING),
                wording.recommended(topic.field_spec(name)),
            )
        doc.line((f"    evidence: {wording.citations_text(rule.cite)}", Style.DIM))
        if options.quotes:
            for cite in rule.cite:
                _quote(doc, "      ", cite)
    return doc


def render_changelog(changelog: Changelog, options: RenderOptions) -> Document:
    from kzrights.changelog import merge_unlike_pairs

    sections = list(changelog.sections(_changelog_section, options))
    doc = Document()
    total = sum(count for count, _, _ in sections)
    doc.line((f"Changelog: {total} field changes between consecutive source years", Style.HEADING))
    for old, new, kinds in merge_unlike_pairs(pairs for _, _, pairs in sections):
        doc.line(("  note: ", Style.HEADING), f"{old} → {new} compares two kinds of document ({kinds}).")
    for _, lines, _ in sections:
        doc.blank()
        doc.lines.extend(lines)
    return doc


def _changelog_section(
    topic: Topic, rows: tuple[ChangelogRow, ...], options: RenderOptions, limit: int
) -> tuple[int, list[list[Span]], dict[tuple[int, int], str]]:
    """One topic's heading and rows, as lines of a Document; and its pairs of unlike documents."""
    from kzrights.changelog import unlike_pairs

    doc = Document()
    doc.line((f"{topic.title} ({topic.name})", Style.RULE))
    if not rows:
        doc.line(("  no field changes", Style.DIM))
    for row in rows:
        change = row.change
        spans: list[Span | str] = [
            f"  {row.from_year} → {row.to_year}  {row.rule}.{change.field}: ",
            cells.side_text(change, "old") or "—",
            " → ",
            cells.side_text(change, "new") or "—",
        ]
        if change.delta is not None:
            spans.append(f" {wording.delta_text(change)}")
        spans += ["  ", (change_label(change), _DIRECTION_STYLE[change.direction])]
        if (
            options.ledger
            and options.ledger.entries
            and (note := wording.verdict_text(options.ledger.verdict(row.fingerprint)))
        ):
            spans.append((f"  {note}", _NOTE_STYLE))
        doc.line(*spans)
    return len(rows), doc.lines, unlike_pairs(rows)


_CELL_WIDTH = 40


def render_history(timeline: Timeline, options: RenderOptions) -> Document:
    """Each field with its value in every source year, grouped by rule: fits any width, as many years as there are.

    ▲ stricter than the year before that states it, ▼ looser, • changed without direction, — not stated.
    """
    doc = Document()
    doc.line((f"{timeline.topic.title} ({timeline.topic.name}): values by source year", Style.HEADING))
    doc.line(("▲ stricter than the year before, ▼ looser, • changed, — not stated; long values shortened", Style.DIM))
    current = None
    for row in timeline.rows:
        if row.rule != current:
            doc.blank()
            doc.line((row.rule, Style.RULE))
            current = row.rule
        spans: list[Span | str] = [f"  {row.spec.name}{wording.recommended(row.spec)}:"]
        for year, cell in zip(timeline.years, row.cells, strict=True):
            text, style = _history_cell(cell.value, row.spec.unit, cell.move)
            first, _, rest = text.partition(" ")
            spans += [(f"  {year}{GLUE}", Style.DIM), (first + (GLUE + rest if rest else ""), style)]
        doc.line(*spans)
    return doc


def _history_cell(value: Value | None, unit: str | None, move: Direction | None) -> tuple[str, Style]:
    if value is None:
        return "—", Style.DIM
    text = value_text(value, unit)
    if len(text) > _CELL_WIDTH:
        text = text[: _CELL_WIDTH - 1] + "…"
    if move is None:
        return text, Style.PLAIN
    return f"{cells.MOVE_MARK[move]} {text}", _DIRECTION_STYLE[move]


def render_blame(blame: Blame, options: RenderOptions) -> Document:
    """Each field of one version with the earliest source year from which its value has stood unchanged."""
    topic, version, lines = blame.topic, blame.version, blame.lines
    doc = Document()
    doc.line(
        (f"{topic.title} ({topic.name}) in the {version.year} source: since when each value has stood", Style.HEADING)
    )
    doc.line(
        ("A year that does not state a field breaks its run: silence is not evidence that a value stood.", Style.DIM)
    )
    current = None
    for line in lines:
        if line.rule != current:
            doc.blank()
            doc.line((line.rule, Style.RULE))
            current = line.rule
        doc.line(
            f"  {line.spec.name}: ",
            (value_text(line.value, line.spec.unit), Style.HEADING),
            wording.recommended(line.spec),
            f"  since {line.since}",
        )
        doc.line((f"      introduced by {wording.citations_text(line.evidence)}", Style.DIM))
        for cite in line.evidence:
            doc.line("        ", (f"“{cite.quote}”", Style.QUOTE))
    return doc


def render_listing(listing: Listing, options: RenderOptions) -> Document:
    """`kzrights list`: topics with their source years and silent sources, then the sources."""
    doc = Document()
    doc.line(("Topics", Style.HEADING))
    for entry in listing.topics:
        doc.blank()
        doc.line((entry.topic.name, Style.RULE), f" — {entry.topic.title}")
        doc.line(f"  years with rules: {', '.join(map(str, entry.years)) or 'none'}")
        for silent in entry.silent:
            doc.line((f"  silent: {silent.year} ({silent.source}): {silent.note}", Style.SILENT))
    doc.blank()
    doc.line(("Sources", Style.HEADING))
    for source in listing.sources:
        doc.line(f"  {source.year}  {source.id:<11} {source.title} ({source.publisher})")
    return doc


def render_problems(validation: Validation, options: RenderOptions) -> str:
    """`kzrights validate`: every problem as path:line: rule: field: message, then one line that counts them.

    Plain lines, never wrapped: editors and CI logs jump to `path:line`, and a wrapped line would hide it.
    """
    return "".join(f"{problem.render()}\n" for problem in validation.problems) + validation.summary() + "\n"


_FINDING_MARK = {
    Direction.STRICTER: "▲",
    Direction.LOOSER: "▼",
    Direction.NEUTRAL: "•",
    Direction.NOT_COMPARABLE: "•",
}


def render_review(review: Review, options: RenderOptions) -> Document:
    """`kzrights review`: the counts, then each topic's files and findings, each with where it is and its fingerprint."""
    doc = Document()
    doc.line((f"Review of {review.data or './'}: {review.base} → {review.head_label}", Style.HEADING))
    doc.line(f"  {wording.review_counts(review)}")
    if review.base_problems:
        doc.line((f"  {wording.base_problems_text(len(review.base_problems))}", Style.SILENT))
    if not review.items and not review.files:
        doc.blank()
        doc.line(("No changes to the provisions.", Style.HEADING))
    caught = {t.finding.fingerprint for t in review.tripped(options.fail_on)} if options.fail_on else set()
    for name, title, items, files in review.groups():
        doc.blank()
        doc.line((title if name is None else f"{title} ({name})", Style.RULE))
        for file in files:
            compared = f", compared with {' and '.join(file.compared_with)}" if file.compared_with else ""
            doc.line((f"  {file.change} {file.file}{compared}", Style.DIM))
        for item in items:
            _review_item(doc, item, item.finding.fingerprint in caught)
    if review.accepted_here:
        doc.blank()
        doc.line(("Acceptances this change adds to accepted.yaml", Style.RULE))
        for entry in review.accepted_here:
            until = f", until {entry.expires}" if entry.expires else ""
            doc.line(f"  {entry.fingerprint}: {entry.reason} ({entry.by}, {entry.date}{until})")
    return doc


def _review_item(doc: Document, item: ReviewItem, trips: bool) -> None:
    finding = item.finding
    style = Style.STRICTER if finding.regrades else _DIRECTION_STYLE[finding.direction]
    doc.line(
        "  ",
        (f"{_FINDING_MARK[finding.direction]} {wording.direction_text(finding)}", style),
        f"  {finding.subject}: {wording.finding_text(finding)}",
        (f"  ({finding.old_label} → {finding.new_label})", Style.DIM),
    )
    where = f"at {finding.location()}; " if finding.file else ""
    doc.line((f"      {where}fingerprint {finding.fingerprint}", Style.DIM))
    from kzrights.ledger import Status

    if note := wording.verdict_text(item.verdict):
        doc.line((f"      {note}", Style.STRICTER if item.verdict.status is Status.EXPIRED else _NOTE_STYLE))
    if trips:
        doc.line(("      trips the gate", Style.STRICTER))

"""The human view: header, semantic changes, redlined texts and a summary line, as a styled Document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kzrights.fieldtypes import value_text
from kzrights.model import Citation, Resolved, Value
from kzrights.render import cells, wording
from kzrights.render.options import RenderOptions
from kzrights.render.styled import Document, Span, Style
from kzrights.report import Direction, FieldChange, Report, RuleChange, RuleChangeKind, VersionReport
from kzrights.textdiff import Op

if TYPE_CHECKING:  # changelog, history, listing and validation are imported only by the commands that build them
    from kzrights.changelog import Changelog
    from kzrights.history import Blame, Timeline
    from kzrights.listing import Listing
    from kzrights.validate import Validation

_DIRECTION_STYLE = {
    Direction.STRICTER: Style.STRICTER,
    Direction.LOOSER: Style.LOOSER,
    Direction.NEUTRAL: Style.NEUTRAL,
    Direction.NOT_COMPARABLE: Style.SILENT,
}
_RULE_MARK = {
    RuleChangeKind.ADDED: "+",
    RuleChangeKind.REMOVED: "-",
    RuleChangeKind.CHANGED: "~",
    RuleChangeKind.UNCHANGED: "=",
}
_SEGMENT_STYLE = {Op.EQUAL: Style.PLAIN, Op.DELETE: Style.DELETE, Op.INSERT: Style.INSERT}


def render_diff(report: Report, options: RenderOptions) -> Document:
    doc = Document()
    _diff_header(doc, report)
    render_diff_body(doc, report, options)
    return doc


def render_diff_body(doc: Document, report: Report, options: RenderOptions) -> None:
    """Everything below the header: what the git driver prints under git's own file line."""
    shown = report.shown(options.show_unchanged)
    if not shown:
        doc.blank()
        doc.line(("No differences between the two versions.", Style.HEADING))
    if shown and options.semantic:
        doc.blank()
        doc.line(("Semantic changes", Style.HEADING))
        for rule in shown:
            _semantic_rule(doc, rule, report, options)
    if shown and options.textual:
        doc.blank()
        doc.line(
            ("Text changes", Style.HEADING),
            (" (deleted ", Style.DIM),
            ("like this", Style.DELETE),
            (", inserted ", Style.DIM),
            ("like this", Style.INSERT),
            (")", Style.DIM),
        )
        for rule in shown:
            doc.blank()
            doc.line((f"{_RULE_MARK[rule.kind]} {rule.id}", Style.RULE), f" — {rule.title}")
            doc.line("  ", *[(s.text, _SEGMENT_STYLE[s.op]) for s in rule.redline()])
    doc.blank()
    doc.line(("Summary: ", Style.HEADING), wording.summary_text(report))


def _diff_header(doc: Document, report: Report) -> None:
    doc.line((f"{report.topic.title} ({report.topic.name}): {report.old.note} → {report.new.note}", Style.HEADING))
    for label, resolved in (("from", report.old), ("to  ", report.new)):
        doc.line(f"  {label}  {_year_label(resolved)}  ", wording.source_line(resolved))


def _year_label(resolved: Resolved) -> str:
    return resolved.note if resolved.requested != resolved.version.year else str(resolved.version.year)


def _semantic_rule(doc: Document, rule: RuleChange, report: Report, options: RenderOptions) -> None:
    doc.blank()
    status_style = Style.SILENT if rule.kind in (RuleChangeKind.ADDED, RuleChangeKind.REMOVED) else Style.DIM
    doc.line(
        (f"{_RULE_MARK[rule.kind]} {rule.id}", Style.RULE),
        f" — {rule.title}  ",
        (f"[{wording.rule_status(rule, report)}]", status_style),
    )
    for change in rule.fields:
        _field_change(doc, change, report, options)
    if not rule.fields and rule.kind is RuleChangeKind.CHANGED:
        doc.line(("    no field changed; the wording differs (see text changes)", Style.DIM))
    if not rule.fields:
        old_cites = rule.old.cite if rule.old else ()
        new_cites = rule.new.cite if rule.new else ()
        _evidence(doc, old_cites, new_cites, report, options)


def _field_change(doc: Document, change: FieldChange, report: Report, options: RenderOptions) -> None:
    spans: list[Span | str] = [
        f"    {change.field}: ",
        wording.old_side(change, report),
        " → ",
        wording.new_side(change, report),
    ]
    if change.delta is not None:
        spans.append(f" {wording.delta_text(change)}")
    spans.append("  ")
    spans.append((_direction_label(change.direction), _DIRECTION_STYLE[change.direction]))
    doc.line(*spans)
    if items := wording.list_items_text(change):
        doc.line(("      ", Style.PLAIN), (items, Style.DIM))
    _evidence(doc, change.old_evidence, change.new_evidence, report, options)


def _direction_label(direction: Direction) -> str:
    return "stated on one side only" if direction is Direction.NOT_COMPARABLE else direction.value


def _evidence(
    doc: Document, old: tuple[Citation, ...], new: tuple[Citation, ...], report: Report, options: RenderOptions
) -> None:
    for year, cites in ((report.old.version.year, old), (report.new.version.year, new)):
        if not cites:
            continue
        doc.line((f"      evidence {year}: {wording.citations_text(cites)}", Style.DIM))
        if options.quotes:
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
            doc.line(f"    {name}: ", (value_text(value, topic.unit_of(name)), Style.HEADING))
        doc.line((f"    evidence: {wording.citations_text(rule.cite)}", Style.DIM))
        if options.quotes:
            for cite in rule.cite:
                _quote(doc, "      ", cite)
    return doc


def render_changelog(changelog: Changelog, options: RenderOptions) -> Document:
    doc = Document()
    doc.line((f"Changelog: {len(changelog.rows)} field changes between consecutive source years", Style.HEADING))
    for topic in changelog.topics:
        doc.blank()
        doc.line((f"{topic.title} ({topic.name})", Style.RULE))
        rows = changelog.rows_of(topic)
        if not rows:
            doc.line(("  no field changes", Style.DIM))
        for row in rows:
            change = row.change
            spans: list[Span | str] = [
                f"  {row.from_year} → {row.to_year}  {row.rule}.{change.field}: ",
                cells.value_or_blank(change.old, change.unit) or "—",
                " → ",
                cells.value_or_blank(change.new, change.unit) or "—",
            ]
            if change.delta is not None:
                spans.append(f" {wording.delta_text(change)}")
            spans += ["  ", (_direction_label(change.direction), _DIRECTION_STYLE[change.direction])]
            doc.line(*spans)
    return doc


_CELL_WIDTH = 30


def render_history(timeline: Timeline, options: RenderOptions) -> Document:
    """Fields as rows, years as columns; ▲ stricter, ▼ looser, • changed without direction, — not stated."""
    doc = Document()
    doc.line((f"{timeline.topic.title} ({timeline.topic.name}): values by source year", Style.HEADING))
    doc.line(("▲ stricter than the year before, ▼ looser, • changed, — not stated; long values shortened", Style.DIM))
    labels = [f"{row.rule}.{row.spec.name}" for row in timeline.rows]
    label_width = max((len(label) for label in labels), default=10)
    cells = [[_history_cell(cell.value, row.spec.unit, cell.move) for cell in row.cells] for row in timeline.rows]
    widths = [max([len(str(year))] + [len(r[i][0]) for r in cells]) for i, year in enumerate(timeline.years)]
    doc.blank()
    doc.line(
        (
            f"{'field':<{label_width}}  " + "  ".join(f"{y:<{w}}" for y, w in zip(timeline.years, widths, strict=True)),
            Style.HEADING,
        )
    )
    for label, row_cells in zip(labels, cells, strict=True):
        spans: list[Span | str] = [(f"{label:<{label_width}}", Style.RULE)]
        for (text, style), width in zip(row_cells, widths, strict=True):
            spans += ["  ", (f"{text:<{width}}", style)]
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


def render_problems(validation: Validation, options: RenderOptions) -> Document:
    """`kzrights validate`: every problem as path:line: rule: field: message, then one line that counts them."""
    doc = Document()
    for problem in validation.problems:
        doc.line(problem.render())
    doc.line(validation.summary())
    return doc

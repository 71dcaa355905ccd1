"""The human view: header, semantic changes, redlined texts and a summary line, as a styled Document."""

from __future__ import annotations

from kzrights.corpus import Resolved
from kzrights.model import Citation, Topic, Version
from kzrights.render import wording
from kzrights.render.options import RenderOptions
from kzrights.render.styled import Document, Span, Style
from kzrights.report import Direction, FieldChange, Report, RuleChange, RuleChangeKind
from kzrights.textdiff import Op

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
    shown = [r for r in report.rules if options.show_unchanged or r.kind is not RuleChangeKind.UNCHANGED]
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
            doc.line("  ", *[(s.text, _SEGMENT_STYLE[s.op]) for s in rule.redline])
    doc.blank()
    doc.line(("Summary: ", Style.HEADING), wording.summary_text(report))
    return doc


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
                doc.line("        ", (f"“{cite.quote}”", Style.QUOTE), (f" ({cite.source} {cite.lines})", Style.DIM))


def render_version(version: Version, topic: Topic, options: RenderOptions) -> Document:
    """`kzrights show`: one version's rules, fields with units and citations."""
    doc = Document()
    source = version.source
    doc.line((f"{topic.title} ({topic.name}) in the {version.year} source", Style.HEADING))
    doc.line(f"  {source.title} ({source.publisher}); {source.covers}")
    doc.blank()
    doc.line(version.summary)
    units = {spec.name: spec.unit for spec in topic.fields}
    for rule in version.rules:
        doc.blank()
        doc.line((rule.id, Style.RULE), f" — {rule.title}")
        doc.line(f"  {rule.text}")
        for name, value in rule.fields:
            doc.line(f"    {name}: ", (wording.value_text(value, units.get(name)), Style.HEADING))
        doc.line((f"    evidence: {wording.citations_text(rule.cite)}", Style.DIM))
        if options.quotes:
            for cite in rule.cite:
                doc.line("      ", (f"“{cite.quote}”", Style.QUOTE), (f" ({cite.source} {cite.lines})", Style.DIM))
    return doc

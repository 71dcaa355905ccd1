"""How values and changes are said in words, so the terminal and Markdown say exactly the same thing."""

from __future__ import annotations

from kzrights.fieldtypes import value_text
from kzrights.model import Citation, Resolved
from kzrights.report import FieldChange, FieldChangeKind, Report, RuleChange, RuleChangeKind


def delta_text(change: FieldChange) -> str:
    """`(−5)`: the signed difference of a quantity, with a true minus sign."""
    if change.delta is None:
        return ""
    magnitude = value_text(abs(change.delta))
    return f"({'+' if change.delta > 0 else '−'}{magnitude})"


def old_side(change: FieldChange, report: Report) -> str:
    if change.old is None:
        return f"not stated in the {report.old.version.year} source"
    return value_text(change.old, change.unit)


def new_side(change: FieldChange, report: Report) -> str:
    if change.new is None:
        return f"not stated in the {report.new.version.year} source"
    return value_text(change.new, change.unit)


def list_items_text(change: FieldChange) -> str:
    """`+ pending criminal case; − military service` for a list whose items moved."""
    if change.kind is not FieldChangeKind.CHANGED:
        return ""
    parts = [f"+ {item}" for item in change.items_added] + [f"− {item}" for item in change.items_removed]
    return "; ".join(parts)


def rule_status(rule: RuleChange, report: Report) -> str:
    """Say what happened to a rule without implying repeal: a source that omits a rule is silent on it."""
    match rule.kind:
        case RuleChangeKind.ADDED:
            return f"described only in the {report.new.version.year} source"
        case RuleChangeKind.REMOVED:
            return f"not described in the {report.new.version.year} source"
        case RuleChangeKind.CHANGED:
            return "changed" if rule.fields else "wording only"
        case _:
            return "unchanged"


def citations_text(cites: tuple[Citation, ...]) -> str:
    """`usdos-2019 §2.b, lines 1503-1505, 1507-1511; §1.d, line 531`: the section a lawyer cites, and the lines
    of our copy where a reader checks the words."""
    if not cites:
        return "no citation"
    by_source: dict[str, dict[str, list[str]]] = {}
    for cite in cites:
        sections = by_source.setdefault(cite.source, {})
        spans = sections.setdefault(f"§{cite.section.id}" if cite.section else "", [])
        span = str(cite.first_line) if cite.first_line == cite.last_line else cite.lines
        if span not in spans:
            spans.append(span)
    return "; ".join(
        f"{source} " + "; ".join(_where(section, spans) for section, spans in sections.items())
        for source, sections in by_source.items()
    )


def _where(section: str, spans: list[str]) -> str:
    one_line = len(spans) == 1 and "-" not in spans[0]
    lines = f"{'line' if one_line else 'lines'} {', '.join(spans)}"
    return f"{section}, {lines}" if section else lines


def source_line(resolved: Resolved) -> str:
    source = resolved.version.source
    return f"{source.title} ({source.publisher}, source year {source.year})"


def summary_text(report: Report) -> str:
    """One line a reader can paste, the answer first: value changes by direction, what held, what one side alone says."""
    s = report.summary()
    old, new = report.old.version.year, report.new.version.year
    directions = ", ".join(
        f"{s[key]} {word}"
        for key, word in (("stricter", "stricter"), ("looser", "looser"), ("neutral", "without direction"))
        if s[key] or key != "neutral"
    )
    parts = [
        f"{_count(s['values_changed'], 'value')} changed ({directions})",
        f"{s['values_held']} the same on both sides",
        f"{s['only_to']} described only in {new}",
        f"{s['only_from']} only in {old}",
        f"{_count(s['rules_reworded'], 'rule')} reworded",
    ]
    if s["between_through_ends"]:
        parts.append(f"{_count(s['between_through_ends'], 'field')} stated otherwise in between")
    return "; ".join(parts) + "."


def _count(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def unlike_sources(report: Report) -> str:
    """Say so when the two sides are different kinds of document: a change may be one of who describes the law."""
    old, new = report.old.version.source, report.new.version.source
    if old.kind is new.kind:
        return ""
    return (
        f"the two sources are different kinds of document ({old.year}: {old.kind.label}; {new.year}: "
        f"{new.kind.label}); a difference may be one of description, not of law."
    )

"""How values and changes are said in words, so the terminal and Markdown say exactly the same thing."""

from __future__ import annotations

from kzrights.corpus import Resolved
from kzrights.model import Citation, Value
from kzrights.report import FieldChange, FieldChangeKind, Report, RuleChange, RuleChangeKind


def value_text(value: Value, unit: str | None = None) -> str:
    """`10 days`, `true`, `permit`, `a; b` — units always shown, so a number is never bare."""
    if isinstance(value, tuple):
        return "; ".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        shown = f"{value:g}"
    elif isinstance(value, int):
        shown = f"{value:,}" if abs(value) >= 10_000 else str(value)
    else:
        shown = value
    if not unit:
        return shown
    return f"{shown} {_singular(unit) if value == 1 else unit}"


def _singular(unit: str) -> str:
    """`1 year`, `1 month`: schemas name units in the plural; `tenge` has no plural to drop."""
    head, _, last = unit.rpartition(" ")
    if last == "indices":
        last = "index"
    elif last.endswith("s"):
        last = last[:-1]
    return f"{head} {last}" if head else last


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
    """`usdos-2004 lines 812-813, 820`, or `usdos-2019 line 531`: where a reader finds the evidence."""
    if not cites:
        return "no citation"
    by_source: dict[str, list[str]] = {}
    for cite in cites:
        spans = by_source.setdefault(cite.source, [])
        span = str(cite.first_line) if cite.first_line == cite.last_line else cite.lines
        if span not in spans:
            spans.append(span)
    return "; ".join(_where(source, spans) for source, spans in by_source.items())


def _where(source: str, spans: list[str]) -> str:
    one_line = len(spans) == 1 and "-" not in spans[0]
    return f"{source} {'line' if one_line else 'lines'} {', '.join(spans)}"


def source_line(resolved: Resolved) -> str:
    source = resolved.version.source
    return f"{source.title} ({source.publisher}, source year {source.year})"


def summary_text(report: Report) -> str:
    """One line a reader can paste: counts of rules and of stricter/looser field changes."""
    s = report.summary()
    old, new = report.old.version.year, report.new.version.year
    rules = (
        f"{s['rules_changed']} changed, {s['rules_added']} only in the {new} source, "
        f"{s['rules_removed']} only in the {old} source, {s['rules_unchanged']} unchanged"
    )
    fields = f"{s['stricter']} stricter, {s['looser']} looser, {s['neutral']} neutral, {s['not_comparable']} stated on one side only"
    return f"Rules: {rules}. Field changes: {fields}."


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"

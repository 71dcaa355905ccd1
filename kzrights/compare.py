"""Semantic diff: match rules by id, classify each field change by the topic schema. No I/O."""

from __future__ import annotations

from kzrights.corpus import Resolved
from kzrights.model import FieldSpec, FieldType, Rule, Stricter, Topic, Value
from kzrights.report import Direction, FieldChange, FieldChangeKind, Report, RuleChange, RuleChangeKind
from kzrights.textdiff import redline


def compare(topic: Topic, old: Resolved, new: Resolved) -> Report:
    """Compare two versions of a topic rule by rule, in the topic's declared order."""
    ids = {r.id for r in old.version.rules} | {r.id for r in new.version.rules}
    rules = tuple(
        compare_rules(topic, old.version.rule(rule_id), new.version.rule(rule_id))
        for rule_id in sorted(ids, key=topic.rule_rank)
    )
    return Report(topic=topic, old=old, new=new, rules=rules)


def compare_rules(topic: Topic, old: Rule | None, new: Rule | None) -> RuleChange:
    """Classify one rule id across two versions; a rule on one side only is silence on the other."""
    either = old or new
    assert either is not None, "compare_rules needs a rule on at least one side"
    fields = tuple(change for spec in topic.fields if (change := compare_field(spec, old, new)) is not None)
    text = redline(old.text if old else "", new.text if new else "")
    if old is None:
        kind = RuleChangeKind.ADDED
    elif new is None:
        kind = RuleChangeKind.REMOVED
    elif fields or old.text != new.text or old.title != new.title:
        kind = RuleChangeKind.CHANGED
    else:
        kind = RuleChangeKind.UNCHANGED
    return RuleChange(id=either.id, kind=kind, old=old, new=new, fields=fields, redline=text)


def compare_field(spec: FieldSpec, old_rule: Rule | None, new_rule: Rule | None) -> FieldChange | None:
    """One field across two versions of a rule, or None when it is the same (or stated on neither side)."""
    old = old_rule.value(spec.name) if old_rule else None
    new = new_rule.value(spec.name) if new_rule else None
    if old == new:
        return None
    if old is None:
        kind, direction = FieldChangeKind.NOW_STATED, Direction.NOT_COMPARABLE
    elif new is None:
        kind, direction = FieldChangeKind.NO_LONGER_STATED, Direction.NOT_COMPARABLE
    else:
        kind, direction = FieldChangeKind.CHANGED, direction_of(spec, old, new)
    quantity = spec.type in (FieldType.INTEGER, FieldType.NUMBER)
    delta = _delta(old, new) if quantity and old is not None and new is not None else None
    old_items = old if isinstance(old, tuple) else ()
    new_items = new if isinstance(new, tuple) else ()
    return FieldChange(
        field=spec.name,
        kind=kind,
        old=old,
        new=new,
        unit=spec.unit,
        direction=direction,
        delta=delta,
        items_added=tuple(i for i in new_items if i not in old_items),
        items_removed=tuple(i for i in old_items if i not in new_items),
        old_evidence=old_rule.evidence_for(spec.name) if old_rule and old is not None else (),
        new_evidence=new_rule.evidence_for(spec.name) if new_rule and new is not None else (),
    )


def direction_of(spec: FieldSpec, old: Value, new: Value) -> Direction:
    """Which way a change of stated value moves the rule, per the schema's `stricter`."""
    rank = _rank(spec, old, new)
    if rank is None or rank == 0:
        return Direction.NEUTRAL
    return Direction.STRICTER if rank > 0 else Direction.LOOSER


def _rank(spec: FieldSpec, old: Value, new: Value) -> int | None:
    """Positive when `new` is more restrictive than `old`, negative when less, None when undirected."""
    match spec.stricter:
        case Stricter.NONE:
            return None
        case Stricter.TRUE | Stricter.FALSE:
            restrictive = spec.stricter is Stricter.TRUE
            return (new is restrictive) - (old is restrictive)
        case Stricter.LATER_IN_ORDER:
            return spec.values.index(str(new)) - spec.values.index(str(old))
        case Stricter.HIGHER | Stricter.LOWER:
            sign = _growth(old, new)
            return sign if spec.stricter is Stricter.HIGHER else -sign
    return None  # pragma: no cover - the match is exhaustive


def _growth(old: Value, new: Value) -> int:
    """+1 when `new` is more than `old`, -1 when less, 0 when neither.

    A list grows only when the new one holds every old item and more (more grounds for refusal, more restriction);
    when items are both added and dropped, the sources list different things and no direction can be read off
    the count: two grounds named in 2009 are not "looser" than five different ones named in 2004.
    """
    if isinstance(old, tuple) and isinstance(new, tuple):
        old_items, new_items = set(old), set(new)
        return (new_items > old_items) - (new_items < old_items)
    if (
        isinstance(old, bool)
        or isinstance(new, bool)
        or not isinstance(old, int | float)
        or not isinstance(new, int | float)
    ):
        raise TypeError(f"not quantities: {old!r}, {new!r}")
    return (new > old) - (new < old)


def _delta(old: Value, new: Value) -> int | float | None:
    if isinstance(old, bool) or isinstance(new, bool):
        return None
    if isinstance(old, int | float) and isinstance(new, int | float):
        delta = new - old
        return round(delta, 6) if isinstance(delta, float) else delta
    return None

"""Semantic diff: match rules by id, classify each field change by the topic schema. No I/O.

Comparing costs in proportion to what the rules state: each rule pair looks at the union of the fields its two
sides state, never at every field of the schema.
"""

from __future__ import annotations

from kzrights import fieldtypes
from kzrights.model import FieldSpec, Resolved, Rule, Topic, Value
from kzrights.report import Direction, FieldChange, FieldChangeKind, Report, RuleChange, RuleChangeKind


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
    old_values = dict(old.fields) if old else {}
    new_values = dict(new.fields) if new else {}
    names = sorted(old_values.keys() | new_values.keys(), key=topic.field_position)
    fields = tuple(
        change
        for name in names
        if (spec := topic.field_spec(name)) is not None
        and (change := compare_field(spec, old, new, old_values.get(name), new_values.get(name))) is not None
    )
    if old is None:
        kind = RuleChangeKind.ADDED
    elif new is None:
        kind = RuleChangeKind.REMOVED
    elif fields or old.text != new.text or old.title != new.title:
        kind = RuleChangeKind.CHANGED
    else:
        kind = RuleChangeKind.UNCHANGED
    return RuleChange(id=either.id, kind=kind, old=old, new=new, fields=fields)


def compare_field(
    spec: FieldSpec, old_rule: Rule | None, new_rule: Rule | None, old: Value | None, new: Value | None
) -> FieldChange | None:
    """One field across two versions of a rule, or None when it is the same (or stated on neither side)."""
    if old == new:
        return None
    if old is None:
        kind, direction = FieldChangeKind.NOW_STATED, Direction.NOT_COMPARABLE
    elif new is None:
        kind, direction = FieldChangeKind.NO_LONGER_STATED, Direction.NOT_COMPARABLE
    else:
        kind, direction = FieldChangeKind.CHANGED, direction_of(spec, old, new)
    added, removed = fieldtypes.list_items(old, new)
    return FieldChange(
        field=spec.name,
        kind=kind,
        old=old,
        new=new,
        unit=spec.unit,
        direction=direction,
        delta=fieldtypes.delta(spec, old, new) if old is not None and new is not None else None,
        items_added=added,
        items_removed=removed,
        old_evidence=old_rule.evidence_for(spec.name) if old_rule and old is not None else (),
        new_evidence=new_rule.evidence_for(spec.name) if new_rule and new is not None else (),
    )


def direction_of(spec: FieldSpec, old: Value, new: Value) -> Direction:
    """Which way a change of stated value moves the rule, per the schema's `stricter`."""
    rank = fieldtypes.rank(spec, old, new)
    if rank is None or rank == 0:
        return Direction.NEUTRAL
    return Direction.STRICTER if rank > 0 else Direction.LOOSER

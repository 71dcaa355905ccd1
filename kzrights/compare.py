"""Semantic diff: match rules by id, classify each field change by the topic schema. No I/O.

Comparing costs in proportion to what the rules state: each rule pair looks at the union of the fields its two
sides state, never at every field of the schema.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kzrights import fieldtypes
from kzrights.model import FieldSpec, MciRate, Resolved, Rule, Topic, Value, Version
from kzrights.report import (
    Direction,
    FieldChange,
    FieldChangeKind,
    FieldPath,
    HeldValue,
    Money,
    PathStep,
    Report,
    RuleChange,
    RuleChangeKind,
    YearCaveat,
)

MONEY_UNIT = "tenge"


def compare(
    topic: Topic,
    old: Resolved,
    new: Resolved,
    between: Sequence[Version] = (),
    mci: Mapping[int, MciRate] | None = None,
    *,
    held: bool = True,
) -> Report:
    """Compare two versions of a topic rule by rule, in the topic's declared order.

    `between` are the versions of the source years between the two, in order from `old` to `new`: where they
    state a field otherwise than the two ends, the report carries the field's path through them. `mci` gives
    the monthly calculation index by year, so that amounts in tenge are compared in real terms. `held=False`
    leaves out the values both sides state alike, with their evidence, for a caller that prints only changes.
    """
    ids = {r.id for r in old.version.rules} | {r.id for r in new.version.rules}
    years = (old.version.year, new.version.year)
    rules = tuple(
        compare_rules(topic, old.version.rule(rule_id), new.version.rule(rule_id), years, mci or {}, held=held)
        for rule_id in sorted(ids, key=topic.rule_rank)
    )
    paths = paths_between(topic, (old.version, *between, new.version)) if between else ()
    return Report(topic=topic, old=old, new=new, rules=rules, between=paths)


def paths_between(topic: Topic, versions: Sequence[Version]) -> tuple[FieldPath, ...]:
    """The fields that a version strictly between the first and the last states otherwise than both ends (or that
    only versions between state): each as its run of stated values from first to last, silent years left out."""
    inner = versions[1:-1]
    keys = {(rule.id, name) for version in inner for rule in version.rules for name, _ in rule.fields}
    paths = []
    for rule_id, name in sorted(keys, key=lambda key: (topic.rule_rank(key[0]), topic.field_position(key[1]))):
        stated = [(v.year, value) for v in versions if (value := _value(v, rule_id, name)) is not None]
        end_years = (versions[0].year, versions[-1].year)
        ends = [value for year, value in stated if year in end_years]
        if ends and all(value in ends for year, value in stated if year not in end_years):
            continue  # the years between agree with an end: they state nothing differently
        steps: list[PathStep] = []
        for year, value in stated:
            if steps and steps[-1].value == value:
                steps[-1] = PathStep(value, (*steps[-1].years, year))
            else:
                steps.append(PathStep(value, (year,)))
        paths.append(FieldPath(rule_id, name, topic.unit_of(name), tuple(steps)))
    return tuple(paths)


def _value(version: Version, rule_id: str, name: str) -> Value | None:
    rule = version.rule(rule_id)
    return rule.value(name) if rule else None


def compare_rules(
    topic: Topic,
    old: Rule | None,
    new: Rule | None,
    years: tuple[int, int] = (0, 0),
    mci: Mapping[int, MciRate] | None = None,
    *,
    held: bool = True,
) -> RuleChange:
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
        and (change := compare_field(spec, old, new, old_values.get(name), new_values.get(name), years, mci or {}))
        is not None
    )
    same = (
        tuple(
            HeldValue(
                either.id,
                name,
                old_values[name],
                topic.unit_of(name),
                old.evidence_for(name),
                new.evidence_for(name),
                tuple(
                    YearCaveat(year, c)
                    for index, (year, side) in enumerate(zip(years, (old, new), strict=True))
                    if index == 0 or year != years[0]  # both years answered by one source: its caveats once
                    for c in side.caveats_for(name)
                ),
            )
            for name in names
            if old is not None and new is not None and name in new_values and old_values.get(name) == new_values[name]
        )
        if held
        else ()
    )
    if old is None:
        kind = RuleChangeKind.ADDED
    elif new is None:
        kind = RuleChangeKind.REMOVED
    elif fields or old.text != new.text or old.title != new.title:
        kind = RuleChangeKind.CHANGED
    else:
        kind = RuleChangeKind.UNCHANGED
    return RuleChange(id=either.id, kind=kind, old=old, new=new, fields=fields, held=same)


def compare_field(
    spec: FieldSpec,
    old_rule: Rule | None,
    new_rule: Rule | None,
    old: Value | None,
    new: Value | None,
    years: tuple[int, int] = (0, 0),
    mci: Mapping[int, MciRate] | None = None,
) -> FieldChange | None:
    """One field across two versions of a rule, or None when it is the same (or stated on neither side).

    Money is graded in MCI when both years have a rate, and a change within 0.5 % in MCI has no direction (the
    amount followed the index). A caveat that marks either side's value not comparable (another instrument,
    unit or article) takes the direction away: such a change counts neither stricter nor looser.
    """
    if old == new:
        return None
    caveats = tuple(
        YearCaveat(year, caveat)
        for year, rule, value in ((years[0], old_rule, old), (years[1], new_rule, new))
        if rule is not None and value is not None
        for caveat in rule.caveats_for(spec.name)
    )
    money = _money(spec, old, new, years, mci or {})
    if old is None:
        kind, direction = FieldChangeKind.NOW_STATED, Direction.NOT_COMPARABLE
    elif new is None:
        kind, direction = FieldChangeKind.NO_LONGER_STATED, Direction.NOT_COMPARABLE
    elif any(not c.caveat.comparable for c in caveats):
        kind, direction = FieldChangeKind.CHANGED, Direction.NOT_COMPARABLE
    elif money is not None and money.basis == "mci":
        kind = FieldChangeKind.CHANGED
        assert money.old_mci is not None
        assert money.new_mci is not None
        direction = Direction.NEUTRAL if money.indexation_only else direction_of(spec, money.old_mci, money.new_mci)
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
        caveats=caveats,
        money=money,
        recommendation=spec.recommendation,
    )


def _money(
    spec: FieldSpec, old: Value | None, new: Value | None, years: tuple[int, int], mci: Mapping[int, MciRate]
) -> Money | None:
    """The amounts in MCI of their years, for a field counted in tenge; None for other fields."""
    if spec.unit != MONEY_UNIT:
        return None

    def in_mci(value: Value | None, year: int) -> float | None:
        rate = mci.get(year)
        if rate is None or isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return round(value / rate.tenge, 2)

    old_mci, new_mci = in_mci(old, years[0]), in_mci(new, years[1])
    basis = "mci" if old_mci is not None and new_mci is not None else "nominal"
    return Money(old_mci, new_mci, basis)


def direction_of(spec: FieldSpec, old: Value, new: Value) -> Direction:
    """Which way a change of stated value moves the rule, per the schema's `stricter`."""
    rank = fieldtypes.rank(spec, old, new)
    if rank is None or rank == 0:
        return Direction.NEUTRAL
    return Direction.STRICTER if rank > 0 else Direction.LOOSER

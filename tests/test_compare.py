"""Semantic diff: the properties any diff must have, and examples of what the directions mean."""

from __future__ import annotations

import json

from hypothesis import given
from strategies import TOPIC, versions

from kzrights.compare import compare
from kzrights.model import Citation, Resolved, Rule, Source, Version
from kzrights.report import Direction, FieldChangeKind, RuleChangeKind


@given(versions())
def test_a_version_compared_with_itself_has_no_changes(side: Resolved) -> None:
    report = compare(TOPIC, side, side)
    assert not report.has_changes
    assert report.field_changes() == ()
    assert all(rule.kind is RuleChangeKind.UNCHANGED for rule in report.rules)


@given(versions(2004), versions(2019))
def test_swapping_the_years_inverts_the_diff(old: Resolved, new: Resolved) -> None:
    forward = compare(TOPIC, old, new)
    backward = compare(TOPIC, new, old)
    assert [r.id for r in forward.rules] == [r.id for r in backward.rules]
    for there, back in zip(forward.rules, backward.rules, strict=True):
        assert back.kind is there.kind.inverted()
        assert [f.field for f in there.fields] == [f.field for f in back.fields]
        for f, b in zip(there.fields, back.fields, strict=True):
            assert (b.old, b.new) == (f.new, f.old)
            assert b.kind is f.kind.inverted()
            assert b.direction is f.direction.inverted()
            assert b.delta == (-f.delta if f.delta is not None else None)
            assert (b.items_added, b.items_removed) == (f.items_removed, f.items_added)
    s, t = forward.summary(), backward.summary()
    assert (s["stricter"], s["looser"], s["rules_added"]) == (t["looser"], t["stricter"], t["rules_removed"])


@given(versions(2004), versions(2019))
def test_every_field_change_is_stated_somewhere_and_silence_has_no_direction(old: Resolved, new: Resolved) -> None:
    for change in compare(TOPIC, old, new).field_changes():
        assert change.old is not None or change.new is not None
        assert change.old != change.new
        one_sided = change.old is None or change.new is None
        assert (change.direction is Direction.NOT_COMPARABLE) == one_sided


def _pair(old_fields: dict[str, object], new_fields: dict[str, object]) -> tuple[Resolved, Resolved]:
    cite = Citation(source="s", first_line=1, last_line=1, quote="q", supports=None)
    made = []
    for year, fields in ((2004, old_fields), (2019, new_fields)):
        rule = Rule(id="alpha", title="A", text="t", fields=tuple(fields.items()), cite=(cite,))  # type: ignore[arg-type]
        source = Source(
            id="s", year=year, title="S", publisher="P", published=None, covers="c", file="f", sha256="0" * 64
        )
        version = Version(topic="t", year=year, source=source, summary="s", rules=(rule,), path=TOPIC.path)
        made.append(Resolved(year, version))
    return made[0], made[1]


def test_ten_to_five_days_notice_is_looser_with_a_delta() -> None:
    (change,) = compare(TOPIC, *_pair({"notice_days": 10}, {"notice_days": 5})).field_changes()
    assert (change.direction, change.delta, change.unit) == (Direction.LOOSER, -5, "days")


def test_shorter_registration_deadline_is_stricter_when_lower_is_stricter() -> None:
    (change,) = compare(TOPIC, *_pair({"registration_days": 10}, {"registration_days": 3})).field_changes()
    assert change.direction is Direction.STRICTER


def test_permit_to_ban_moves_later_in_order_so_stricter() -> None:
    (change,) = compare(TOPIC, *_pair({"regime": "permit"}, {"regime": "ban"})).field_changes()
    assert change.direction is Direction.STRICTER


def test_dropping_a_prohibition_of_exile_is_stricter() -> None:
    (change,) = compare(TOPIC, *_pair({"exile_prohibited": True}, {"exile_prohibited": False})).field_changes()
    assert change.direction is Direction.STRICTER


def test_more_grounds_for_refusal_is_stricter_and_lists_the_new_ground() -> None:
    (change,) = compare(TOPIC, *_pair({"grounds": ("debt",)}, {"grounds": ("debt", "state secrets")})).field_changes()
    assert change.direction is Direction.STRICTER
    assert change.items_added == ("state secrets",)


def test_dropping_a_ground_is_looser_and_lists_it_as_removed() -> None:
    (change,) = compare(TOPIC, *_pair({"grounds": ("debt", "state secrets")}, {"grounds": ("debt",)})).field_changes()
    assert change.direction is Direction.LOOSER
    assert change.items_removed == ("state secrets",)


def test_lists_naming_different_grounds_have_no_direction_whatever_their_length() -> None:
    """Two grounds named in 2009 are not looser than five other ones named in 2004: the sources list other things."""
    old: dict[str, object] = {"grounds": ("pending criminal proceedings", "unpaid taxes", "military duty")}
    new: dict[str, object] = {"grounds": ("holder of state secrets",)}
    (change,) = compare(TOPIC, *_pair(old, new)).field_changes()
    assert change.direction is Direction.NEUTRAL
    assert change.items_added == ("holder of state secrets",)
    assert len(change.items_removed) == 3


def test_a_field_missing_in_the_newer_source_is_not_stated_not_repealed() -> None:
    (change,) = compare(TOPIC, *_pair({"criminal": True}, {})).field_changes()
    assert change.kind is FieldChangeKind.NO_LONGER_STATED
    assert change.direction is Direction.NOT_COMPARABLE
    assert change.new is None


def test_text_fields_change_without_direction() -> None:
    (change,) = compare(TOPIC, *_pair({"article": "Article 334"}, {"article": "Article 400"})).field_changes()
    assert change.direction is Direction.NEUTRAL


def test_a_rule_only_reworded_is_changed_without_field_changes() -> None:
    old, new = _pair({"criminal": True}, {"criminal": True})
    reworded = new.version.replace(rules=(new.version.rules[0].replace(text="other words"),))
    report = compare(TOPIC, old, Resolved(2019, reworded))
    assert [r.kind for r in report.rules] == [RuleChangeKind.CHANGED]
    assert report.field_changes() == ()


def test_a_source_compared_with_itself_gives_each_caveat_once() -> None:
    """`diff assembly 2016 2017`: 2017 resolves to the 2016 source, whose caveats must not print twice."""
    from conftest import REAL_DATA, run

    result = run("--data", str(REAL_DATA), "--no-pager", "diff", "assembly", "2016", "2017", "--format", "json")
    assert result.exit_code == 0, result.stderr
    held = json.loads(result.stdout)["held"]
    with_caveats = [item for item in held if item["caveats"]]
    assert with_caveats, "the 2016 source records caveats on values it states"
    for item in with_caveats:
        notes = [caveat["note"] for caveat in item["caveats"]]
        assert len(notes) == len(set(notes)), item["field"]

"""What a comparison found, and its JSON contract.

`to_dict()` is written by hand: the keys are a public contract read by CI scripts, so renaming a Python
attribute must never rename a JSON field. Bump SCHEMA_VERSION on any incompatible change.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Final

from kzrights.corpus import Resolved
from kzrights.model import Citation, Rule, Source, Topic, Value, Version
from kzrights.record import Record
from kzrights.textdiff import Segment

SCHEMA_VERSION = 1


class Direction(StrEnum):
    """How a field change moves the rule, by the topic schema's `stricter`."""

    STRICTER = "stricter"
    LOOSER = "looser"
    NEUTRAL = "neutral"  # the field has no direction, or the move has none (a list reshuffled)
    NOT_COMPARABLE = "not-comparable"  # one source is silent: silence is neither stricter nor looser

    def inverted(self) -> Direction:
        return {Direction.STRICTER: Direction.LOOSER, Direction.LOOSER: Direction.STRICTER}.get(self, self)


class FieldChangeKind(StrEnum):
    CHANGED = "changed"  # both sources state it, with different values
    NOW_STATED = "now-stated"  # only the newer source states it
    NO_LONGER_STATED = "no-longer-stated"  # only the older source states it: not a repeal

    def inverted(self) -> FieldChangeKind:
        swap = {FieldChangeKind.NOW_STATED: FieldChangeKind.NO_LONGER_STATED}
        swap.update({v: k for k, v in swap.items()})
        return swap.get(self, self)


class RuleChangeKind(StrEnum):
    ADDED = "added"  # described only by the newer source
    REMOVED = "removed"  # described only by the older source: it may still be law, the source is silent
    CHANGED = "changed"
    UNCHANGED = "unchanged"

    def inverted(self) -> RuleChangeKind:
        swap = {RuleChangeKind.ADDED: RuleChangeKind.REMOVED, RuleChangeKind.REMOVED: RuleChangeKind.ADDED}
        return swap.get(self, self)


class FieldChange(Record):
    """One field between two versions: both values, the direction and the evidence on each side."""

    __slots__ = (
        "field",
        "kind",
        "old",
        "new",
        "unit",
        "direction",
        "delta",
        "items_added",
        "items_removed",
        "old_evidence",
        "new_evidence",
    )

    def __init__(
        self,
        field: str,
        kind: FieldChangeKind,
        old: Value | None,
        new: Value | None,
        unit: str | None,
        direction: Direction,
        delta: int | float | None,  # new - old, for quantities
        items_added: tuple[str, ...],
        items_removed: tuple[str, ...],
        old_evidence: tuple[Citation, ...],
        new_evidence: tuple[Citation, ...],
    ) -> None:
        self.field: Final = field
        self.kind: Final = kind
        self.old: Final = old
        self.new: Final = new
        self.unit: Final = unit
        self.direction: Final = direction
        self.delta: Final = delta
        self.items_added: Final = items_added
        self.items_removed: Final = items_removed
        self.old_evidence: Final = old_evidence
        self.new_evidence: Final = new_evidence

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "change": self.kind.value,
            "old": _value(self.old),
            "new": _value(self.new),
            "unit": self.unit,
            "delta": self.delta,
            "direction": self.direction.value,
            "items_added": list(self.items_added),
            "items_removed": list(self.items_removed),
            "evidence": {"from": _citations(self.old_evidence), "to": _citations(self.new_evidence)},
        }


class RuleChange(Record):
    """One rule between two versions, matched by id: its field changes and its redlined text."""

    __slots__ = ("id", "kind", "old", "new", "fields", "redline")

    def __init__(
        self,
        id: str,  # the rule's id, on either side
        kind: RuleChangeKind,
        old: Rule | None,
        new: Rule | None,
        fields: tuple[FieldChange, ...],
        redline: tuple[Segment, ...],  # the rule texts, word by word
    ) -> None:
        self.id: Final = id
        self.kind: Final = kind
        self.old: Final = old
        self.new: Final = new
        self.fields: Final = fields
        self.redline: Final = redline

    @property
    def title(self) -> str:
        rule = self.new or self.old
        assert rule is not None, "a rule change has a rule on at least one side"
        return rule.title

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "change": self.kind.value,
            "title": self.title,
            "title_from": self.old.title if self.old else None,
            "title_to": self.new.title if self.new else None,
            "fields": [change.to_dict() for change in self.fields],
            "text": {
                "from": self.old.text if self.old else None,
                "to": self.new.text if self.new else None,
                "redline": [{"op": s.op.value, "text": s.text} for s in self.redline],
            },
            "evidence": {
                "from": _citations(self.old.cite) if self.old else [],
                "to": _citations(self.new.cite) if self.new else [],
            },
        }


class Report(Record):
    """The semantic and textual diff of one topic between two versions."""

    __slots__ = ("topic", "old", "new", "rules")

    def __init__(
        self,
        topic: Topic,
        old: Resolved,
        new: Resolved,
        rules: tuple[RuleChange, ...],  # every rule on either side, unchanged ones included, in topic order
    ) -> None:
        self.topic: Final = topic
        self.old: Final = old
        self.new: Final = new
        self.rules: Final = rules

    @property
    def has_changes(self) -> bool:
        return any(r.kind is not RuleChangeKind.UNCHANGED for r in self.rules)

    def field_changes(self) -> tuple[FieldChange, ...]:
        return tuple(f for r in self.rules for f in r.fields)

    def count(self, kind: RuleChangeKind) -> int:
        return sum(1 for r in self.rules if r.kind is kind)

    def count_direction(self, direction: Direction) -> int:
        return sum(1 for f in self.field_changes() if f.direction is direction)

    def summary(self) -> dict[str, int]:
        return {
            "rules_added": self.count(RuleChangeKind.ADDED),
            "rules_removed": self.count(RuleChangeKind.REMOVED),
            "rules_changed": self.count(RuleChangeKind.CHANGED),
            "rules_unchanged": self.count(RuleChangeKind.UNCHANGED),
            "field_changes": len(self.field_changes()),
            "stricter": self.count_direction(Direction.STRICTER),
            "looser": self.count_direction(Direction.LOOSER),
            "neutral": self.count_direction(Direction.NEUTRAL),
            "not_comparable": self.count_direction(Direction.NOT_COMPARABLE),
        }

    def to_dict(self, *, include_unchanged: bool = False) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": "diff",
            "topic": {"id": self.topic.name, "title": self.topic.title},
            "from": resolved_to_dict(self.old),
            "to": resolved_to_dict(self.new),
            "summary": self.summary(),
            "rules": [r.to_dict() for r in self.rules if include_unchanged or r.kind is not RuleChangeKind.UNCHANGED],
        }


def resolved_to_dict(resolved: Resolved) -> dict[str, Any]:
    return {
        "requested": resolved.requested,
        "year": resolved.version.year,
        "compared_file": resolved.origin,  # the file given to `diff --files`; null when a year was asked for
        "source": source_to_dict(resolved.version.source),
    }


def source_to_dict(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "year": source.year,
        "title": source.title,
        "publisher": source.publisher,
        "published": source.published,
        "file": source.file,
    }


def version_to_dict(version: Version, topic: Topic) -> dict[str, Any]:
    """The JSON contract of `kzrights show`."""
    units = {spec.name: spec.unit for spec in topic.fields}
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "version",
        "topic": {"id": topic.name, "title": topic.title},
        "year": version.year,
        "source": source_to_dict(version.source),
        "summary": version.summary,
        "rules": [
            {
                "id": rule.id,
                "title": rule.title,
                "text": rule.text,
                "fields": [
                    {"field": name, "value": _value(value), "unit": units.get(name)} for name, value in rule.fields
                ],
                "evidence": _citations(rule.cite),
            }
            for rule in version.rules
        ],
    }


def _value(value: Value | None) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _citations(cites: tuple[Citation, ...]) -> list[dict[str, Any]]:
    return [
        {
            "source": c.source,
            "lines": c.lines,
            "quote": c.quote,
            "supports": list(c.supports) if c.supports is not None else None,
        }
        for c in cites
    ]

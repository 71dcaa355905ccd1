"""What a comparison found, and its JSON contract.

`to_dict()` is written by hand: the keys are a public contract read by CI scripts, so renaming a Python
attribute must never rename a JSON field. Bump SCHEMA_VERSION on any incompatible change.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final

from kzrights.fieldtypes import to_json
from kzrights.model import Caveat, Citation, Resolved, Rule, Source, Topic, Value, Version
from kzrights.record import Record

if TYPE_CHECKING:  # the redline is computed only when a view prints it; diff-match-patch is imported then
    from kzrights.ledger import Ledger, Verdict
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

    @property
    def label(self) -> str:
        """The word for people (`not comparable`); the value is the word for machines (`not-comparable`)."""
        return self.value.replace("-", " ")


class FieldChangeKind(StrEnum):
    CHANGED = "changed"  # both sources state it, with different values
    NOW_STATED = "now-stated"  # only the newer source states it
    NO_LONGER_STATED = "no-longer-stated"  # only the older source states it: not a repeal

    def inverted(self) -> FieldChangeKind:
        swap = {FieldChangeKind.NOW_STATED: FieldChangeKind.NO_LONGER_STATED}
        swap.update({v: k for k, v in swap.items()})
        return swap.get(self, self)

    @property
    def label(self) -> str:
        """The word for people (`now stated`); the value is the word for machines (`now-stated`)."""
        return self.value.replace("-", " ")


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
        "caveats",
        "money",
        "recommendation",
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
        caveats: tuple[YearCaveat, ...] = (),  # what either source records as qualifying this field's value
        money: Money | None = None,  # tenge amounts in real terms, for fields counted in tenge
        recommendation: bool = False,  # the field records a recommendation, not the law
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
        self.caveats: Final = caveats
        self.money: Final = money
        self.recommendation: Final = recommendation

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "change": self.kind.value,
            "old": to_json(self.old),
            "new": to_json(self.new),
            "unit": self.unit,
            "delta": self.delta,
            "direction": self.direction.value,
            "items_added": list(self.items_added),
            "items_removed": list(self.items_removed),
            "evidence": {"from": citations_to_dict(self.old_evidence), "to": citations_to_dict(self.new_evidence)},
            "caveats": [caveat.to_dict() for caveat in self.caveats],
            "money": self.money.to_dict() if self.money else None,
            "recommendation": self.recommendation,
        }


class YearCaveat(Record):
    """A caveat one source records on a field, with the source year it belongs to."""

    __slots__ = ("year", "caveat")

    def __init__(self, year: int, caveat: Caveat) -> None:
        self.year: Final = year
        self.caveat: Final = caveat

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "comparable": self.caveat.comparable,
            "note": self.caveat.note,
            "evidence": citations_to_dict(self.caveat.cite),
        }


class Money(Record):
    """Two tenge amounts in monthly calculation indices (MCI) of their years: fines are set in MCI, so a nominal
    rise that only follows the index is no change in real terms."""

    __slots__ = ("old_mci", "new_mci", "basis")

    def __init__(self, old_mci: float | None, new_mci: float | None, basis: str) -> None:
        self.old_mci: Final = old_mci  # None: no MCI rate is recorded for that year
        self.new_mci: Final = new_mci
        self.basis: Final = basis  # "mci": the direction compares the multiples; "nominal": the tenge amounts

    @property
    def indexation_only(self) -> bool:
        """Equal in MCI within 0.5 %: the amount moved with the index, not in real terms."""
        if self.old_mci is None or self.new_mci is None:
            return False
        return abs(self.new_mci - self.old_mci) <= 0.005 * max(self.old_mci, self.new_mci)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old_mci": self.old_mci,
            "new_mci": self.new_mci,
            "basis": self.basis,
            "indexation_only": self.indexation_only,
        }


class HeldValue(Record):
    """A field both sources state with the same value: what did not change is part of the answer."""

    __slots__ = ("rule", "field", "value", "unit", "old_evidence", "new_evidence", "caveats")

    def __init__(
        self,
        rule: str,
        field: str,
        value: Value,
        unit: str | None,
        old_evidence: tuple[Citation, ...],
        new_evidence: tuple[Citation, ...],
        caveats: tuple[YearCaveat, ...] = (),  # what either source records as qualifying the value that held
    ) -> None:
        self.rule: Final = rule
        self.field: Final = field
        self.value: Final = value
        self.unit: Final = unit
        self.old_evidence: Final = old_evidence
        self.new_evidence: Final = new_evidence
        self.caveats: Final = caveats

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "field": self.field,
            "value": to_json(self.value),
            "unit": self.unit,
            "evidence": {"from": citations_to_dict(self.old_evidence), "to": citations_to_dict(self.new_evidence)},
            "caveats": [caveat.to_dict() for caveat in self.caveats],
        }


class PathStep(Record):
    """One value on a field's path, and the source years in a row that state it."""

    __slots__ = ("value", "years")

    def __init__(self, value: Value, years: tuple[int, ...]) -> None:
        self.value: Final = value
        self.years: Final = years


class FieldPath(Record):
    """How the sources from FROM to TO, the ones between included, state one field: `15 days (2009) → 10 days (2016)`."""

    __slots__ = ("rule", "field", "unit", "steps")

    def __init__(self, rule: str, field: str, unit: str | None, steps: tuple[PathStep, ...]) -> None:
        self.rule: Final = rule
        self.field: Final = field
        self.unit: Final = unit
        self.steps: Final = steps  # years that do not state the field are left out: silence is no step

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "field": self.field,
            "unit": self.unit,
            "path": [{"value": to_json(step.value), "years": list(step.years)} for step in self.steps],
        }


class RuleChange(Record):
    """One rule between two versions, matched by id: its field changes, and its texts to redline on demand."""

    __slots__ = ("id", "kind", "old", "new", "fields", "held")

    def __init__(
        self,
        id: str,  # the rule's id, on either side
        kind: RuleChangeKind,
        old: Rule | None,
        new: Rule | None,
        fields: tuple[FieldChange, ...],
        held: tuple[HeldValue, ...] = (),
    ) -> None:
        self.id: Final = id
        self.kind: Final = kind
        self.old: Final = old
        self.new: Final = new
        self.fields: Final = fields
        self.held: Final = held

    @property
    def wording_only(self) -> bool:
        """Both sources describe the rule, no stated value differs, and the summary was rewritten."""
        return self.kind is RuleChangeKind.CHANGED and not self.fields

    def redline(self) -> tuple[Segment, ...]:
        """The rule texts diffed word by word; computed when a view prints it (the changelog never does)."""
        from kzrights.textdiff import redline

        return redline(self.old.text if self.old else "", self.new.text if self.new else "")

    @property
    def title(self) -> str:
        rule = self.new or self.old
        assert rule is not None, "a rule change has a rule on at least one side"
        return rule.title

    def to_dict(self, topic: str, ledger: Ledger | None = None) -> dict[str, Any]:
        from kzrights.findings import field_fingerprint, wording_fingerprint

        wording = wording_fingerprint(topic, self)
        return {
            "id": self.id,
            "change": self.kind.value,
            "title": self.title,
            "title_from": self.old.title if self.old else None,
            "title_to": self.new.title if self.new else None,
            "fingerprint": wording,
            "accepted": accepted_to_dict(wording, ledger),
            "fields": [
                {**change.to_dict(), **_gate_keys(field_fingerprint(topic, self.id, change), ledger)}
                for change in self.fields
            ],
            "text": {
                "from": self.old.text if self.old else None,
                "to": self.new.text if self.new else None,
                "redline": [{"op": s.op.value, "text": s.text} for s in self.redline()],
            },
            "evidence": {
                "from": citations_to_dict(self.old.cite) if self.old else [],
                "to": citations_to_dict(self.new.cite) if self.new else [],
            },
        }


class Report(Record):
    """The semantic and textual diff of one topic between two versions."""

    __slots__ = ("topic", "old", "new", "rules", "between")

    def __init__(
        self,
        topic: Topic,
        old: Resolved,
        new: Resolved,
        rules: tuple[RuleChange, ...],  # every rule on either side, unchanged ones included, in topic order
        between: tuple[FieldPath, ...] = (),  # fields the sources between FROM and TO state otherwise
    ) -> None:
        self.topic: Final = topic
        self.old: Final = old
        self.new: Final = new
        self.rules: Final = rules
        self.between: Final = between

    def paths_through_ends(self) -> tuple[FieldPath, ...]:
        """The paths between that FROM or TO also state: a change across the years in between."""
        ends = (self.old.version.year, self.new.version.year)
        return tuple(p for p in self.between if any(year in ends for step in p.steps for year in step.years))

    def only_between(self) -> tuple[tuple[int, int], ...]:
        """(year, how many fields) for the fields only the years between state, neither FROM nor TO, by year."""
        through = self.paths_through_ends()
        counts: dict[int, int] = {}
        for path in self.between:
            if path not in through:
                for year in sorted({year for step in path.steps for year in step.years}):
                    counts[year] = counts.get(year, 0) + 1
        return tuple(counts.items())

    def held(self) -> tuple[HeldValue, ...]:
        return tuple(h for r in self.rules for h in r.held)

    def value_changes(self) -> tuple[FieldChange, ...]:
        """Fields both sources state with different values: the real changes."""
        return tuple(f for f in self.field_changes() if f.kind is FieldChangeKind.CHANGED)

    def one_sided(self, kind: FieldChangeKind) -> tuple[tuple[RuleChange, FieldChange], ...]:
        """Fields only one source states (`now-stated` or `no-longer-stated`), with their rule."""
        return tuple((r, f) for r in self.rules for f in r.fields if f.kind is kind)

    def recited(self) -> tuple[RuleChange, ...]:
        """Rules whose citations changed between two versions of one source (an edit, `git diff`): every fact stands
        on its citation. Between two sources every citation differs, so nothing is said of them then."""
        if self.old.version.source.id != self.new.version.source.id:
            return ()
        return tuple(r for r in self.rules if r.old is not None and r.new is not None and r.old.cited != r.new.cited)

    @property
    def has_changes(self) -> bool:
        return any(r.kind is not RuleChangeKind.UNCHANGED for r in self.rules) or bool(self.recited())

    def shown(self, include_unchanged: bool) -> tuple[RuleChange, ...]:
        """The rules a view lists: the changed ones, and the unchanged too when asked (`--all`)."""
        return tuple(r for r in self.rules if include_unchanged or r.kind is not RuleChangeKind.UNCHANGED)

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
            "values_changed": len(self.value_changes()),
            "values_held": len(self.held()),
            "only_from": len(self.one_sided(FieldChangeKind.NO_LONGER_STATED)),
            "only_to": len(self.one_sided(FieldChangeKind.NOW_STATED)),
            "rules_reworded": sum(1 for r in self.rules if r.wording_only),
            "between": len(self.between),
            "between_through_ends": len(self.paths_through_ends()),
            "rules_recited": len(self.recited()),
        }

    def to_dict(self, *, include_unchanged: bool = False, ledger: Ledger | None = None) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": "diff",
            "topic": topic_to_dict(self.topic),
            "from": resolved_to_dict(self.old),
            "to": resolved_to_dict(self.new),
            "summary": self.summary(),
            "rules": [r.to_dict(self.topic.name, ledger) for r in self.shown(include_unchanged)],
            "held": [h.to_dict() for h in self.held()],
            "between": [p.to_dict() for p in self.between],
            "recited": [_recited_to_dict(r) for r in self.recited()],
        }


def _recited_to_dict(rule: RuleChange) -> dict[str, Any]:
    assert rule.old is not None, "a recited rule is on both sides"
    assert rule.new is not None, "a recited rule is on both sides"
    return {
        "rule": rule.id,
        "title": rule.new.title,
        "evidence": {"from": citations_to_dict(rule.old.cite), "to": citations_to_dict(rule.new.cite)},
    }


def _gate_keys(fingerprint: str, ledger: Ledger | None) -> dict[str, Any]:
    return {"fingerprint": fingerprint, "accepted": accepted_to_dict(fingerprint, ledger)}


def accepted_to_dict(fingerprint: str | None, ledger: Ledger | None) -> dict[str, Any] | None:
    """What the ledger says of a change: null when no entry names it."""
    if fingerprint is None or ledger is None:
        return None
    return verdict_to_dict(ledger.verdict(fingerprint))


def verdict_to_dict(verdict: Verdict) -> dict[str, Any] | None:
    from kzrights.ledger import Status

    entry = verdict.acceptance
    if entry is None:
        return None
    return {
        "reason": entry.reason,
        "by": entry.by,
        "date": entry.date,
        "expires": entry.expires,
        "expired": verdict.status is Status.EXPIRED,
    }


def topic_to_dict(topic: Topic) -> dict[str, Any]:
    return {"id": topic.name, "title": topic.title}


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
        "kind": source.kind.value,
        "publisher": source.publisher,
        "published": source.published,
        "file": source.file,
    }


class VersionReport(Record):
    """One version of a topic, as `kzrights show` prints it."""

    __slots__ = ("topic", "version")

    def __init__(self, topic: Topic, version: Version) -> None:
        self.topic: Final = topic
        self.version: Final = version

    def to_dict(self) -> dict[str, Any]:
        return version_to_dict(self.version, self.topic)


def version_to_dict(version: Version, topic: Topic) -> dict[str, Any]:
    """The JSON contract of `kzrights show`."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "version",
        "topic": topic_to_dict(topic),
        "year": version.year,
        "source": source_to_dict(version.source),
        "summary": version.summary,
        "rules": [
            {
                "id": rule.id,
                "title": rule.title,
                "text": rule.text,
                "fields": [
                    {"field": name, "value": to_json(value), "unit": topic.unit_of(name)} for name, value in rule.fields
                ],
                "evidence": citations_to_dict(rule.cite),
            }
            for rule in version.rules
        ],
    }


def citations_to_dict(cites: tuple[Citation, ...]) -> list[dict[str, Any]]:
    return [
        {
            "source": c.source,
            "lines": c.lines,
            "quote": c.quote,
            "supports": list(c.supports) if c.supports is not None else None,
            "section": {"id": c.section.id, "heading": c.section.heading} if c.section else None,
        }
        for c in cites
    ]

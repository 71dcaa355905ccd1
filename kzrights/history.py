"""History and blame: one topic's fields across all its source years.

Both compare a field only between neighbouring years that state it: a year that does not state a field
breaks its run, because silence says nothing about whether the value stood.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any, Final

from kzrights.compare import compare_field
from kzrights.errors import UsageError
from kzrights.fieldtypes import to_json
from kzrights.model import Citation, FieldSpec, MciRate, Topic, Value, Version
from kzrights.record import Record
from kzrights.report import SCHEMA_VERSION, Direction, citations_to_dict, source_to_dict, topic_to_dict


class Cell(Record):
    __slots__ = ("value", "move")

    def __init__(self, value: Value | None, move: Direction | None) -> None:
        self.value: Final = value  # None: not stated in that year's source
        self.move: Final = move  # against the previous year, when both state the field and the value changed


class TimelineRow(Record):
    __slots__ = ("rule", "spec", "cells")

    def __init__(self, rule: str, spec: FieldSpec, cells: tuple[Cell, ...]) -> None:
        self.rule: Final = rule
        self.spec: Final = spec
        self.cells: Final = cells


class Timeline(Record):
    """A topic's fields as rows and its source years as columns."""

    __slots__ = ("topic", "years", "rows", "rule")

    def __init__(
        self, topic: Topic, years: tuple[int, ...], rows: tuple[TimelineRow, ...], rule: str | None = None
    ) -> None:
        self.topic: Final = topic
        self.years: Final = years
        self.rows: Final = rows
        self.rule: Final = rule  # the `--rule` filter, if any

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of `kzrights history --format json`."""
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": "history",
            "topic": topic_to_dict(self.topic),
            "rule": self.rule,
            "years": list(self.years),
            "rows": [
                {
                    "rule": row.rule,
                    "field": row.spec.name,
                    "unit": row.spec.unit,
                    "cells": [
                        {
                            "year": year,
                            "value": to_json(cell.value),
                            "direction": cell.move.value if cell.move is not None else None,
                        }
                        for year, cell in zip(self.years, row.cells, strict=True)
                    ],
                }
                for row in self.rows
            ],
        }


def build_timeline(
    topic: Topic, versions: tuple[Version, ...], rule: str | None = None, mci: Mapping[int, MciRate] | None = None
) -> Timeline:
    """Fields as rows, source years as columns; only fields some year states.

    Each move is graded as the diff grades it (compare_field): tenge in MCI of their years where `mci` has both
    rates, and a change a caveat marks not comparable has no direction, so a timeline never says stricter where
    the comparative table says indexation.
    """
    rule_ids = sorted({r.id for v in versions for r in v.rules}, key=topic.rule_rank)
    if rule is not None:
        if rule not in rule_ids:
            raise UsageError(f"topic {topic.name} has no rule '{rule}'; its rules are: {', '.join(rule_ids)}")
        rule_ids = [rule]
    rows = []
    for rule_id in rule_ids:
        for spec in topic.fields:
            sides = [(v.year, v.rule(rule_id)) for v in versions]
            values = [r.value(spec.name) if r else None for _, r in sides]
            if all(value is None for value in values):
                continue
            cells = [Cell(values[0], None)]
            for (before, now), ((year_before, rule_before), (year_now, rule_now)) in zip(
                itertools.pairwise(values), itertools.pairwise(sides), strict=True
            ):
                change = None
                if before is not None and now is not None:
                    change = compare_field(spec, rule_before, rule_now, before, now, (year_before, year_now), mci)
                cells.append(Cell(now, change.direction if change is not None else None))
            rows.append(TimelineRow(rule_id, spec, tuple(cells)))
    return Timeline(topic, tuple(v.year for v in versions), tuple(rows), rule)


class BlameLine(Record):
    """Since when a field's value has stood unchanged, and on what evidence."""

    __slots__ = ("rule", "spec", "value", "since", "since_source", "evidence")

    def __init__(
        self,
        rule: str,
        spec: FieldSpec,
        value: Value,
        since: int,  # earliest source year of the unbroken run of years stating this same value
        since_source: str,
        evidence: tuple[Citation, ...],  # the citations of that earliest year: where the value entered the record
    ) -> None:
        self.rule: Final = rule
        self.spec: Final = spec
        self.value: Final = value
        self.since: Final = since
        self.since_source: Final = since_source
        self.evidence: Final = evidence


class Blame(Record):
    """Every field of one version with the source year since which its value has stood."""

    __slots__ = ("topic", "version", "lines")

    def __init__(self, topic: Topic, version: Version, lines: tuple[BlameLine, ...]) -> None:
        self.topic: Final = topic
        self.version: Final = version
        self.lines: Final = lines

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of `kzrights blame --format json`."""
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": "blame",
            "topic": topic_to_dict(self.topic),
            "year": self.version.year,
            "source": source_to_dict(self.version.source),
            "fields": [
                {
                    "rule": line.rule,
                    "field": line.spec.name,
                    "value": to_json(line.value),
                    "unit": line.spec.unit,
                    "since": line.since,
                    "since_source": line.since_source,
                    "evidence": citations_to_dict(line.evidence),
                }
                for line in self.lines
            ],
        }


def build_blame(topic: Topic, versions: tuple[Version, ...], year: int) -> Blame:
    """For each field of the version of `year`, since when its value has stood unchanged, and on what evidence."""
    upto = [v for v in versions if v.year <= year]
    current = upto[-1]
    lines = []
    for rule in current.rules:
        for name, value in rule.fields:
            origin = current
            for earlier in reversed(upto[:-1]):
                if _value(earlier, rule.id, name) != value:
                    break
                origin = earlier
            origin_rule = origin.rule(rule.id)
            assert origin_rule is not None
            spec = topic.field_spec(name)
            assert spec is not None
            lines.append(BlameLine(rule.id, spec, value, origin.year, origin.source.id, origin_rule.evidence_for(name)))
    return Blame(topic, current, tuple(lines))


def _value(version: Version, rule_id: str, field: str) -> Value | None:
    rule = version.rule(rule_id)
    return rule.value(field) if rule else None

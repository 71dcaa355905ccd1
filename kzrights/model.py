"""Frozen, typed data of the corpus: what the loader builds and everything else reads."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

# A field's value as the schema types it; lists are tuples so versions stay hashable and immutable.
Value = int | float | bool | str | tuple[str, ...]


class FieldType(StrEnum):
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    ENUM = "enum"
    TEXT = "text"
    LIST = "list"


class Stricter(StrEnum):
    """Which way a field's value moves when the rule becomes more restrictive of rights."""

    HIGHER = "higher"
    LOWER = "lower"
    TRUE = "true"
    FALSE = "false"
    LATER_IN_ORDER = "later-in-order"
    NONE = "none"


class Source(NamedTuple):
    id: str
    year: int
    title: str
    publisher: str
    published: str | None
    covers: str
    file: str
    sha256: str
    line: int = 0


class FieldSpec(NamedTuple):
    name: str
    type: FieldType
    meaning: str
    stricter: Stricter
    unit: str | None = None
    values: tuple[str, ...] = ()


class SilentYear(NamedTuple):
    """A source year read in full and found to state no rule on the topic."""

    year: int
    source: str
    note: str


class Topic(NamedTuple):
    name: str
    title: str
    description: str
    fields: tuple[FieldSpec, ...]
    rule_order: tuple[str, ...]
    silent: tuple[SilentYear, ...]
    path: Path

    def field_spec(self, name: str) -> FieldSpec | None:
        """Look up a field's schema by name."""
        return next((spec for spec in self.fields if spec.name == name), None)

    def rule_rank(self, rule_id: str) -> tuple[int, str]:
        """Sort key: the topic's declared order, then id, so output never depends on file order."""
        try:
            return (self.rule_order.index(rule_id), rule_id)
        except ValueError:
            return (len(self.rule_order), rule_id)


class Citation(NamedTuple):
    source: str
    first_line: int
    last_line: int
    quote: str
    supports: tuple[str, ...] | None  # None: backs the rule as a whole rather than named fields
    line: int = 0

    @property
    def lines(self) -> str:
        return f"{self.first_line}-{self.last_line}"


class Rule(NamedTuple):
    id: str
    title: str
    text: str
    fields: tuple[tuple[str, Value], ...]
    cite: tuple[Citation, ...]
    line: int = 0

    def value(self, name: str) -> Value | None:
        """The stated value of a field, or None when this source does not state it."""
        return dict(self.fields).get(name)

    def evidence_for(self, name: str) -> tuple[Citation, ...]:
        """The citations that back a field: those naming it, else those backing the whole rule."""
        named = tuple(c for c in self.cite if c.supports is not None and name in c.supports)
        return named or tuple(c for c in self.cite if c.supports is None)


class Version(NamedTuple):
    """One topic as one source year describes it."""

    topic: str
    year: int
    source: Source
    summary: str
    rules: tuple[Rule, ...]
    path: Path

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

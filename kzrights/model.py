"""Frozen, typed data of the corpus: what the loader builds and everything else reads."""

from __future__ import annotations

from bisect import bisect_right
from enum import StrEnum
from pathlib import Path
from typing import Final

from kzrights.record import Record

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


class SourceKind(StrEnum):
    """What kind of document a source is: a change between two kinds may be one of description, not of law."""

    ACTION_PLAN = "government-action-plan"  # a government's own plan, describing the law in force and its aims
    MONITORING_REPORT = "foreign-government-report"  # a foreign government's monitoring report
    NGO_REPORT = "ngo-report"  # a non-governmental organization's annual report

    @property
    def label(self) -> str:
        """The kind in words, for headers."""
        return {
            SourceKind.ACTION_PLAN: "a government's own action plan",
            SourceKind.MONITORING_REPORT: "a foreign government's monitoring report",
            SourceKind.NGO_REPORT: "an NGO's annual report",
        }[self]


class Section(Record):
    """A heading of a source document and the line it stands on: what a reader of a legal submission cites."""

    __slots__ = ("id", "heading", "line", "entry_line")

    def __init__(self, id: str, heading: str, line: int, entry_line: int = 0) -> None:
        self.id: Final = id  # the short citable label: "2.b", "assembly", "press"
        self.heading: Final = heading  # as it stands on its line of the document
        self.line: Final = line  # the heading's line in the source document
        self.entry_line: Final = entry_line  # where sources.yaml lists it, so a wrong heading can be located


class Source(Record):
    """A source document as provisions/sources.yaml lists it."""

    __slots__ = (
        "id",
        "year",
        "title",
        "publisher",
        "published",
        "covers",
        "file",
        "sha256",
        "line",
        "kind",
        "sections",
        "_starts",
    )

    def __init__(
        self,
        id: str,  # the field is the source's id in sources.yaml
        year: int,
        title: str,
        publisher: str,
        published: str | None,
        covers: str,
        file: str,
        sha256: str,
        line: int = 0,
        kind: SourceKind = SourceKind.MONITORING_REPORT,
        sections: tuple[Section, ...] = (),  # in line order, as the loader checks
    ) -> None:
        self.id: Final = id
        self.year: Final = year
        self.title: Final = title
        self.publisher: Final = publisher
        self.published: Final = published
        self.covers: Final = covers
        self.file: Final = file
        self.sha256: Final = sha256
        self.line: Final = line
        self.kind: Final = kind
        self.sections: Final = sections
        self._starts: Final = tuple(section.line for section in sections)

    def section_at(self, line: int) -> Section | None:
        """The section a line of the document belongs to: the last one starting at or before it."""
        index = bisect_right(self._starts, line)
        return self.sections[index - 1] if index else None


class FieldSpec(Record):
    """One field of a topic's schema: its type, unit and which way is stricter."""

    __slots__ = ("name", "type", "meaning", "stricter", "unit", "values", "recommendation", "line")

    def __init__(
        self,
        name: str,
        type: FieldType,  # the schema's own word
        meaning: str,
        stricter: Stricter,
        unit: str | None = None,
        values: tuple[str, ...] = (),
        recommendation: bool = False,  # records what a source recommends, not the law; never has a direction
        line: int = 0,  # of the field's key in topic.yaml, for annotations; 0 when not read from a file
    ) -> None:
        self.name: Final = name
        self.type: Final = type
        self.meaning: Final = meaning
        self.stricter: Final = stricter
        self.unit: Final = unit
        self.values: Final = values
        self.recommendation: Final = recommendation
        self.line: Final = line


class SilentYear(Record):
    """A source year read in full and found to state no rule on the topic."""

    __slots__ = ("year", "source", "note", "line")

    def __init__(self, year: int, source: str, note: str, line: int = 0) -> None:
        self.year: Final = year
        self.source: Final = source
        self.note: Final = note
        self.line: Final = line  # of the entry in topic.yaml


class Topic(Record):
    """A topic's schema (topic.yaml): its fields, the order of its rules and the sources silent on it."""

    __slots__ = ("name", "title", "description", "fields", "rule_order", "silent", "path", "_specs", "_rule_ranks")

    def __init__(
        self,
        name: str,
        title: str,
        description: str,
        fields: tuple[FieldSpec, ...],
        rule_order: tuple[str, ...],
        silent: tuple[SilentYear, ...],
        path: Path,
    ) -> None:
        self.name: Final = name
        self.title: Final = title
        self.description: Final = description
        self.fields: Final = fields
        self.rule_order: Final = rule_order
        self.silent: Final = silent
        self.path: Final = path
        # derived lookups, so that comparing costs in proportion to the fields a rule states, not to the schema
        self._specs: Final = {spec.name: (position, spec) for position, spec in enumerate(fields)}
        self._rule_ranks: Final = {rule_id: position for position, rule_id in enumerate(rule_order)}

    def field_spec(self, name: str) -> FieldSpec | None:
        """Look up a field's schema by name."""
        found = self._specs.get(name)
        return found[1] if found else None

    def field_position(self, name: str) -> int:
        """Where a field stands in the schema; unknown names sort last."""
        found = self._specs.get(name)
        return found[0] if found else len(self.fields)

    def unit_of(self, name: str) -> str | None:
        """The unit a field's values are counted in, if it is a quantity of this topic."""
        spec = self.field_spec(name)
        return spec.unit if spec else None

    def declares_rule(self, rule_id: str) -> bool:
        """Whether rule_order lists this rule id."""
        return rule_id in self._rule_ranks

    def rule_rank(self, rule_id: str) -> tuple[int, str]:
        """Sort key: the topic's declared order, then id, so output never depends on file order."""
        return (self._rule_ranks.get(rule_id, len(self.rule_order)), rule_id)


class Citation(Record):
    """A line range of a source and a short exact quote from it."""

    __slots__ = ("source", "first_line", "last_line", "quote", "supports", "line", "section")

    def __init__(
        self,
        source: str,
        first_line: int,
        last_line: int,
        quote: str,
        supports: tuple[str, ...] | None,  # None: backs the rule as a whole rather than named fields
        line: int = 0,
        section: Section | None = None,  # the heading the cited lines stand under: what a lawyer cites
    ) -> None:
        self.source: Final = source
        self.first_line: Final = first_line
        self.last_line: Final = last_line
        self.quote: Final = quote
        self.supports: Final = supports
        self.section: Final = section
        self.line: Final = line

    @property
    def lines(self) -> str:
        return f"{self.first_line}-{self.last_line}"

    @property
    def content(self) -> tuple[str, int, int, str, tuple[str, ...] | None]:
        """What the citation says, not where in its file it is written: two edits of a file compare on this."""
        return (self.source, self.first_line, self.last_line, self.quote, self.supports)


class Caveat(Record):
    """Why one field's value may not compare with other years', or what the same source also says, with citations."""

    __slots__ = ("field", "comparable", "note", "cite", "line")

    def __init__(
        self,
        field: str,
        comparable: bool,  # False: a change into or out of this value compares unlike things, neither stricter nor looser
        note: str,
        cite: tuple[Citation, ...],
        line: int = 0,
    ) -> None:
        self.field: Final = field
        self.comparable: Final = comparable
        self.note: Final = note
        self.cite: Final = cite
        self.line: Final = line


class Rule(Record):
    """One rule as one source describes it: our summary, the structured fields, the citations and the caveats."""

    __slots__ = ("id", "title", "text", "fields", "cite", "caveats", "line", "field_lines")

    def __init__(
        self,
        id: str,  # the rule's id, matched across years
        title: str,
        text: str,
        fields: tuple[tuple[str, Value], ...],
        cite: tuple[Citation, ...],
        caveats: tuple[Caveat, ...] = (),
        line: int = 0,
        field_lines: tuple[tuple[str, int], ...] = (),  # (field, line of its key), for annotations on that line
    ) -> None:
        self.id: Final = id
        self.title: Final = title
        self.text: Final = text
        self.fields: Final = fields
        self.cite: Final = cite
        self.caveats: Final = caveats
        self.line: Final = line
        self.field_lines: Final = field_lines

    def value(self, name: str) -> Value | None:
        """The stated value of a field, or None when this source does not state it."""
        for field, value in self.fields:
            if field == name:
                return value
        return None

    def field_line(self, name: str) -> int | None:
        """The line of a field's key in the year file, where an annotation about its value belongs."""
        for field, line in self.field_lines:
            if field == name:
                return line
        return None

    @property
    def cited(self) -> tuple[tuple[str, int, int, str, tuple[str, ...] | None], ...]:
        """What the rule's citations say, in order: two versions of a rule cite alike when these are equal."""
        return tuple(c.content for c in self.cite)

    def evidence_for(self, name: str) -> tuple[Citation, ...]:
        """The citations that back a field: those naming it, else those backing the whole rule."""
        named = tuple(c for c in self.cite if c.supports is not None and name in c.supports)
        return named or tuple(c for c in self.cite if c.supports is None)

    def caveats_for(self, name: str) -> tuple[Caveat, ...]:
        """The caveats this source's rule records on a field, in file order."""
        return tuple(caveat for caveat in self.caveats if caveat.field == name)


class Version(Record):
    """One topic as one source year describes it."""

    __slots__ = ("topic", "year", "source", "summary", "rules", "path", "_by_id")

    def __init__(
        self, topic: str, year: int, source: Source, summary: str, rules: tuple[Rule, ...], path: Path
    ) -> None:
        self.topic: Final = topic
        self.year: Final = year
        self.source: Final = source
        self.summary: Final = summary
        self.rules: Final = rules
        self.path: Final = path
        self._by_id: Final = {rule.id: rule for rule in rules}

    def rule(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id)


class Acceptance(Record):
    """One entry of provisions/accepted.yaml: a reviewer accepted the change with this fingerprint."""

    __slots__ = ("fingerprint", "reason", "by", "date", "expires", "line")

    def __init__(
        self,
        fingerprint: str,
        reason: str,
        by: str,
        date: str,  # YYYY-MM-DD, when it was accepted
        expires: str | None = None,  # YYYY-MM-DD, the last day it holds; None: it holds until removed
        line: int = 0,
    ) -> None:
        self.fingerprint: Final = fingerprint
        self.reason: Final = reason
        self.by: Final = by
        self.date: Final = date
        self.expires: Final = expires
        self.line: Final = line

    def in_force(self, today: str) -> bool:
        """Whether the acceptance still holds on `today` (ISO dates compare as text)."""
        return self.expires is None or today <= self.expires


class Resolved(Record):
    """A requested year and the source year that answers for it (`2017 → 2016 source`)."""

    __slots__ = ("requested", "version", "origin")

    def __init__(self, requested: int, version: Version, origin: str | None = None) -> None:
        self.requested: Final = requested
        self.version: Final = version
        self.origin: Final = origin  # the file compared, for `diff --files`

    @property
    def note(self) -> str:
        if self.origin is not None:
            return f"{self.version.year} ({self.origin})"
        if self.requested == self.version.year:
            return f"{self.requested}"
        return f"{self.requested} → {self.version.year} source"


class MciRate(Record):
    """The tenge value of one monthly calculation index (MCI) in one year, and how the sources confirm it."""

    __slots__ = ("year", "tenge", "basis", "line")

    def __init__(self, year: int, tenge: int, basis: str, line: int = 0) -> None:
        self.year: Final = year
        self.tenge: Final = tenge
        self.basis: Final = basis  # the cross-check against the sources (see shared/reference/mci.md)
        self.line: Final = line

"""Changelog: every field change between consecutive source years of each topic, as rows for tables.

A topic's consecutive years are those with a year file (2004 → 2009 → 2016 → 2019 where it has them):
a source silent on the whole topic is skipped, not read as a repeal. Fields that one side does not state
stay rows of their own kind (`now-stated`, `no-longer-stated`), never a change of value.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final

from kzrights.compare import compare
from kzrights.corpus import Corpus
from kzrights.model import Resolved, SourceKind, Topic
from kzrights.record import Record
from kzrights.report import SCHEMA_VERSION, Direction, FieldChange, FieldChangeKind, accepted_to_dict

if TYPE_CHECKING:
    from kzrights.ledger import Ledger


class Only(StrEnum):
    ALL = "all"
    CHANGED = "changed"  # value changes only: rows where one side is silent are left out
    STRICTER = "stricter"
    LOOSER = "looser"

    def admits(self, change: FieldChange) -> bool:
        match self:
            case Only.STRICTER:
                return change.direction is Direction.STRICTER
            case Only.LOOSER:
                return change.direction is Direction.LOOSER
            case Only.CHANGED:
                return change.kind is FieldChangeKind.CHANGED
            case _:
                return True


class ChangelogRow(Record):
    """One field change between two consecutive source years of a topic."""

    __slots__ = ("topic", "rule", "from_year", "to_year", "from_source", "to_source", "change", "from_kind", "to_kind")

    def __init__(
        self,
        topic: Topic,
        rule: str,
        from_year: int,
        to_year: int,
        from_source: str,
        to_source: str,
        change: FieldChange,
        from_kind: SourceKind = SourceKind.MONITORING_REPORT,
        to_kind: SourceKind = SourceKind.MONITORING_REPORT,
    ) -> None:
        self.topic: Final = topic
        self.rule: Final = rule
        self.from_year: Final = from_year
        self.to_year: Final = to_year
        self.from_source: Final = from_source
        self.to_source: Final = to_source
        self.change: Final = change
        self.from_kind: Final = from_kind
        self.to_kind: Final = to_kind

    @property
    def fingerprint(self) -> str:
        """The change's fingerprint, as review and diff print it and accepted.yaml names it."""
        from kzrights.findings import field_fingerprint

        return field_fingerprint(self.topic.name, self.rule, self.change)

    def to_dict(self, ledger: Ledger | None = None) -> dict[str, Any]:
        field = self.change.to_dict()
        fingerprint = self.fingerprint
        return {
            "topic": self.topic.name,
            "rule": self.rule,
            "field": field.pop("field"),
            "from_year": self.from_year,
            "to_year": self.to_year,
            "from_source": self.from_source,
            "to_source": self.to_source,
            **field,
            "fingerprint": fingerprint,
            "accepted": accepted_to_dict(fingerprint, ledger),
        }


class Changelog(Record):
    """The rows of a changelog and the filters that chose them."""

    __slots__ = ("rows", "topics", "since", "until", "only")

    def __init__(
        self,
        rows: tuple[ChangelogRow, ...],
        topics: tuple[Topic, ...],
        since: int | None,
        until: int | None,
        only: Only,
    ) -> None:
        self.rows: Final = rows
        self.topics: Final = topics
        self.since: Final = since
        self.until: Final = until
        self.only: Final = only

    def unlike_pairs(self) -> tuple[tuple[int, int, str], ...]:
        """The pairs of consecutive years compared across two kinds of document, with what the kinds are."""
        seen: dict[tuple[int, int], str] = {}
        for row in self.rows:
            if row.from_kind != row.to_kind:
                seen.setdefault((row.from_year, row.to_year), f"{row.from_kind.label}; {row.to_kind.label}")
        return tuple((old, new, kinds) for (old, new), kinds in sorted(seen.items()))

    def rows_of(self, topic: Topic) -> tuple[ChangelogRow, ...]:
        """The rows of one topic, in order."""
        return tuple(row for row in self.rows if row.topic is topic)

    def to_dict(self, ledger: Ledger | None = None) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": "changelog",
            "filters": {
                "topics": [t.name for t in self.topics],
                "since": self.since,
                "until": self.until,
                "only": self.only.value,
            },
            "count": len(self.rows),
            "rows": [row.to_dict(ledger) for row in self.rows],
        }


def build_changelog(
    corpus: Corpus, topic_names: Iterable[str], since: int | None, until: int | None, only: Only
) -> Changelog:
    """Rows for each topic in turn, oldest pair first, rules and fields in schema order."""
    topics = tuple(corpus.topic(name) for name in (tuple(topic_names) or corpus.topic_names()))
    low = corpus.answering_year(since) if since is not None else None
    rows: list[ChangelogRow] = []
    for topic in topics:
        years = [y for y in corpus.years(topic.name) if (low is None or y >= low) and (until is None or y <= until)]
        versions = [Resolved(year, corpus.version(topic, year)) for year in years]
        for old, new in itertools.pairwise(versions):
            for rule in compare(topic, old, new, mci=corpus.mci).rules:
                rows.extend(
                    ChangelogRow(
                        topic=topic,
                        rule=rule.id,
                        from_year=old.version.year,
                        to_year=new.version.year,
                        from_source=old.version.source.id,
                        to_source=new.version.source.id,
                        change=change,
                        from_kind=old.version.source.kind,
                        to_kind=new.version.source.kind,
                    )
                    for change in rule.fields
                    if only.admits(change)
                )
    return Changelog(rows=tuple(rows), topics=topics, since=since, until=until, only=only)

"""Changelog: every field change between consecutive source years of each topic, as rows for tables.

A topic's consecutive years are those with a year file (2004 → 2009 → 2016 → 2019 where it has them):
a source silent on the whole topic is skipped, not read as a repeal. Fields that one side does not state
stay rows of their own kind (`now-stated`, `no-longer-stated`), never a change of value.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final, TypeVar

from kzrights import workers
from kzrights.compare import compare
from kzrights.corpus import Corpus
from kzrights.model import MciRate, Resolved, SourceKind, Topic
from kzrights.record import Record
from kzrights.report import SCHEMA_VERSION, Direction, FieldChange, FieldChangeKind, accepted_to_dict

if TYPE_CHECKING:
    from kzrights.ledger import Ledger

T = TypeVar("T")


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


# What a renderer makes of one topic's rows: (topic, rows, context, limit) -> its part of the output. `context` is
# what the renderer passes through (its RenderOptions); `limit` is a hint drawn when the topic is started (see
# Changelog.sections), which renderers that print everything ignore.
SectionRenderer = Callable[[Topic, tuple[ChangelogRow, ...], Any, int], T]


class Changelog(Record):
    """Which topics a changelog covers and the filters that choose its rows; the rows are computed on demand.

    A whole-corpus changelog reads every year file, so its rows are computed topic by topic, and a renderer
    turns each topic's rows into its part of the output before the next topic is read: only one topic's files
    are in memory at a time, and on a large tree the topics are read in worker processes (kzrights.workers).
    """

    __slots__ = ("corpus", "topic_names", "since", "until", "only", "jobs")

    def __init__(
        self,
        corpus: Corpus,
        topic_names: tuple[str, ...],
        since: int | None,
        until: int | None,
        only: Only,
        jobs: int | None = None,  # processes to use; None: one per core for a large tree, one for a small one
    ) -> None:
        self.corpus: Final = corpus
        self.topic_names: Final = topic_names
        self.since: Final = since
        self.until: Final = until
        self.only: Final = only
        self.jobs: Final = jobs

    def sections(
        self, render: SectionRenderer[T], context: Any = None, limits: Iterable[int] | None = None
    ) -> Iterator[T]:
        """Render each topic's rows in turn, in the worker that read them when there is a pool.

        `limit` is drawn from `limits` just before a topic is started, so it may depend on the results already
        handed back. `render` must be a module-level function, and only what it returns crosses between processes.
        """
        low = self.corpus.answering_year(self.since) if self.since is not None else None
        files = sum(len(self.corpus.years(name)) for name in self.topic_names)
        drawn = iter(limits) if limits is not None else itertools.repeat(-1)
        self.corpus.read_shared()
        tasks = (
            _Section(self.corpus, name, low, self.until, self.only, render, context, next(drawn))
            for name in self.topic_names
        )
        jobs = workers.jobs_for(files, len(self.topic_names), self.jobs)
        return workers.ordered_map(_section, tasks, jobs)

    def rows(self) -> tuple[ChangelogRow, ...]:
        """Every row, each topic in turn: for callers that want the rows themselves rather than an output."""
        return tuple(row for rows in self.sections(_rows) for row in rows)

    def head(self, count: int) -> dict[str, Any]:
        """The JSON contract of `kzrights changelog --format json` up to its rows, which follow the count."""
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": "changelog",
            "filters": {
                "topics": list(self.topic_names),
                "since": self.since,
                "until": self.until,
                "only": self.only.value,
            },
            "count": count,
        }

    def to_dict(self, ledger: Ledger | None = None) -> dict[str, Any]:
        """The whole JSON contract, held in memory (as_json writes the same topic by topic)."""
        rows = self.rows()
        return {**self.head(len(rows)), "rows": [row.to_dict(ledger) for row in rows]}


def unlike_pairs(rows: Iterable[ChangelogRow]) -> dict[tuple[int, int], str]:
    """The pairs of consecutive years compared across two kinds of document, with what the kinds are."""
    seen: dict[tuple[int, int], str] = {}
    for row in rows:
        if row.from_kind != row.to_kind:
            seen.setdefault((row.from_year, row.to_year), f"{row.from_kind.label}; {row.to_kind.label}")
    return seen


def merge_unlike_pairs(found: Iterable[dict[tuple[int, int], str]]) -> tuple[tuple[int, int, str], ...]:
    """The unlike pairs of every topic, in year order, each with the kinds its first row gives."""
    seen: dict[tuple[int, int], str] = {}
    for pairs in found:
        for pair, kinds in pairs.items():
            seen.setdefault(pair, kinds)
    return tuple((old, new, kinds) for (old, new), kinds in sorted(seen.items()))


def build_changelog(
    corpus: Corpus,
    topic_names: Iterable[str],
    since: int | None,
    until: int | None,
    only: Only,
    jobs: int | None = None,
) -> Changelog:
    """A changelog of the named topics (every topic when none is named); unknown names are refused now."""
    names = tuple(topic_names) or corpus.topic_names()
    for name in names:
        corpus.topic_path(name)  # raises UsageError for an unknown topic before anything is read
    return Changelog(corpus=corpus, topic_names=names, since=since, until=until, only=only, jobs=jobs)


class _Section(Record):
    """What a worker needs to compute one topic's rows and render them."""

    __slots__ = ("corpus", "topic", "low", "until", "only", "render", "context", "limit")

    def __init__(
        self,
        corpus: Corpus,
        topic: str,
        low: int | None,
        until: int | None,
        only: Only,
        render: SectionRenderer[Any],
        context: Any,
        limit: int,
    ) -> None:
        self.corpus: Final = corpus
        self.topic: Final = topic
        self.low: Final = low
        self.until: Final = until
        self.only: Final = only
        self.render: Final = render
        self.context: Final = context
        self.limit: Final = limit


def _section(task: _Section) -> Any:
    """Read one topic's years, compare consecutive ones and render the rows: the unit of work of a pool."""
    corpus, low, until = task.corpus, task.low, task.until
    topic = corpus.topic(task.topic)
    years = [y for y in corpus.recorded_years(topic) if (low is None or y >= low) and (until is None or y <= until)]
    versions = [Resolved(year, corpus.version(topic, year)) for year in years]
    return task.render(topic, topic_rows(topic, versions, task.only, corpus.mci), task.context, task.limit)


def topic_rows(topic: Topic, versions: list[Resolved], only: Only, mci: dict[int, MciRate]) -> tuple[ChangelogRow, ...]:
    """One topic's rows: oldest pair first, rules and fields in schema order."""
    rows: list[ChangelogRow] = []
    for old, new in itertools.pairwise(versions):
        for rule in compare(topic, old, new, mci=mci, held=False).rules:  # a changelog prints changes only
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
    return tuple(rows)


def _rows(topic: Topic, rows: tuple[ChangelogRow, ...], context: Any, limit: int) -> tuple[ChangelogRow, ...]:
    return rows

"""`kzrights list`: what the corpus holds — topics, their source years, the silent sources — as one result."""

from __future__ import annotations

from typing import Any, Final

from kzrights.corpus import Corpus
from kzrights.model import SilentYear, Source, Topic
from kzrights.record import Record
from kzrights.report import SCHEMA_VERSION, source_to_dict


class TopicEntry(Record):
    """One topic: its schema, the years with a file, and the sources read and found silent."""

    __slots__ = ("topic", "years")

    def __init__(self, topic: Topic, years: tuple[int, ...]) -> None:
        self.topic: Final = topic
        self.years: Final = years

    @property
    def silent(self) -> tuple[SilentYear, ...]:
        return self.topic.silent


class Listing(Record):
    """Every topic of a corpus and every source, oldest first."""

    __slots__ = ("topics", "sources")

    def __init__(self, topics: tuple[TopicEntry, ...], sources: tuple[Source, ...]) -> None:
        self.topics: Final = topics
        self.sources: Final = sources

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of `kzrights list --format json`."""
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": "list",
            "topics": [
                {
                    "id": entry.topic.name,
                    "title": entry.topic.title,
                    "years": list(entry.years),
                    "silent": [{"year": s.year, "source": s.source, "note": s.note} for s in entry.silent],
                }
                for entry in self.topics
            ],
            "sources": [source_to_dict(s) for s in self.sources],
        }


def build_listing(corpus: Corpus) -> Listing:
    """Read every topic's schema (not its year files) and the source registry."""
    topics = tuple(TopicEntry(topic, corpus.recorded_years(topic)) for topic in map(corpus.topic, corpus.topic_names()))
    return Listing(topics, tuple(sorted(corpus.sources.values(), key=lambda s: s.year)))

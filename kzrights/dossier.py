"""What `kzrights report` puts on its page: per topic, the timeline and the comparisons between source years.

A dossier is built from the corpus and holds only plain values (timelines, diff reports, the values that held),
so the HTML renderer decides nothing but how to show them. Without FROM and TO every pair of consecutive source
years is compared, because the sources in between are part of how a rule changed; with them, FROM → TO, with the
path of each field that the years between state otherwise.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from kzrights import __version__
from kzrights.compare import compare
from kzrights.errors import UsageError
from kzrights.history import Timeline, build_timeline
from kzrights.model import Citation, MciRate, Resolved, Source, Topic, Version
from kzrights.record import Record
from kzrights.report import FieldChange, FieldChangeKind, HeldValue, Report, RuleChange
from kzrights.textdiff import Op, Segment

if TYPE_CHECKING:
    from kzrights.corpus import Corpus
    from kzrights.provenance import DataCommit


class RuleFindings(Record):
    """One rule in one comparison: its fields sorted into changed, held and stated on one side only; its redline."""

    __slots__ = ("rule", "changed", "held", "only_old", "only_new", "redline")

    def __init__(
        self,
        rule: RuleChange,
        changed: tuple[FieldChange, ...],
        held: tuple[HeldValue, ...],
        only_old: tuple[FieldChange, ...],  # stated only by the older source: silence in the newer, not repeal
        only_new: tuple[FieldChange, ...],
        redline: tuple[Segment, ...],  # computed once here: the page shows it and decides how to show it
    ) -> None:
        self.rule: Final = rule
        self.changed: Final = changed
        self.held: Final = held
        self.only_old: Final = only_old
        self.only_new: Final = only_new
        self.redline: Final = redline


class Comparison(Record):
    """Two source years of one topic: the diff report and its findings rule by rule."""

    __slots__ = ("report", "findings")

    def __init__(self, report: Report, findings: tuple[RuleFindings, ...]) -> None:
        self.report: Final = report
        self.findings: Final = findings

    @property
    def reworded(self) -> tuple[RuleFindings, ...]:
        """Rules whose text differs between the two sources (or that only one source describes)."""
        return tuple(f for f in self.findings if any(s.op is not Op.EQUAL for s in f.redline))

    def tally(self) -> dict[str, int]:
        """How many fields changed, held, or are stated by one side only: the comparison's first line."""
        return {
            "changed": sum(len(f.changed) for f in self.findings),
            "held": sum(len(f.held) for f in self.findings),
            "only_old": sum(len(f.only_old) for f in self.findings),
            "only_new": sum(len(f.only_new) for f in self.findings),
        }


class TopicSection(Record):
    """One topic of the dossier: its versions, the timeline over them and the comparisons between them."""

    __slots__ = ("topic", "versions", "timeline", "comparisons")

    def __init__(
        self,
        topic: Topic,
        versions: tuple[Version, ...],
        timeline: Timeline,
        comparisons: tuple[Comparison, ...],
    ) -> None:
        self.topic: Final = topic
        self.versions: Final = versions
        self.timeline: Final = timeline
        self.comparisons: Final = comparisons

    def evidence(self, year: int, rule_id: str, field: str) -> tuple[Citation, ...]:
        """The citations behind one timeline cell."""
        version = next(v for v in self.versions if v.year == year)
        rule = version.rule(rule_id)
        return rule.evidence_for(field) if rule else ()


class Provenance(Record):
    """What the page was made from: the kzrights version and, in a git checkout, the data's commit."""

    __slots__ = ("kzrights_version", "commit")

    def __init__(self, kzrights_version: str, commit: DataCommit | None) -> None:
        self.kzrights_version: Final = kzrights_version
        self.commit: Final = commit


class Dossier(Record):
    """Everything one report page shows, in the order it shows it."""

    __slots__ = ("sections", "sources", "provenance")

    def __init__(self, sections: tuple[TopicSection, ...], sources: tuple[Source, ...], provenance: Provenance) -> None:
        self.sections: Final = sections
        self.sources: Final = sources  # every source the topics were read in, oldest first
        self.provenance: Final = provenance

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({v.year for s in self.sections for v in s.versions}))

    def topics_stated(self, source: Source) -> tuple[Topic, ...]:
        return tuple(s.topic for s in self.sections if any(v.source.id == source.id for v in s.versions))

    def topics_silent(self, source: Source) -> tuple[Topic, ...]:
        return tuple(s.topic for s in self.sections if any(y.source == source.id for y in s.topic.silent))


def build_dossier(
    corpus: Corpus, topic_names: tuple[str, ...] = (), from_year: int | None = None, to_year: int | None = None
) -> Dossier:
    """Read the topics asked for (all by default) and compare their source years."""
    from kzrights.provenance import data_commit

    if from_year is not None and to_year is not None and from_year > to_year:
        raise UsageError(f"--from {from_year} is after --to {to_year}")
    names = topic_names or corpus.topic_names()
    topics = [corpus.topic(name) for name in dict.fromkeys(names)]
    sections = tuple(build_section(topic, corpus.versions(topic), from_year, to_year, corpus.mci) for topic in topics)
    read = {v.source.id for s in sections for v in s.versions} | {y.source for s in sections for y in s.topic.silent}
    sources = tuple(sorted((s for s in corpus.sources.values() if s.id in read), key=lambda s: (s.year, s.id)))
    return Dossier(sections, sources, Provenance(__version__, data_commit(corpus.root)))


def build_section(
    topic: Topic,
    versions: tuple[Version, ...],
    from_year: int | None = None,
    to_year: int | None = None,
    mci: Mapping[int, MciRate] | None = None,
) -> TopicSection:
    """One topic's timeline and comparisons over its versions (oldest first), optionally from FROM to TO; tenge
    graded in the MCI of `mci`, as the diff grades it."""
    if not versions:
        return TopicSection(topic, (), build_timeline(topic, (), mci=mci), ())
    if from_year is None and to_year is None:
        pairs = [(Resolved(a.year, a), Resolved(b.year, b)) for a, b in itertools.pairwise(versions)]
    else:
        old = _answering(topic, versions, from_year, "--from") if from_year is not None else versions[0]
        new = _answering(topic, versions, to_year, "--to") if to_year is not None else versions[-1]
        if old.year == new.year:
            raise UsageError(
                f"topic {topic.name}: --from and --to both resolve to its {old.year} source; "
                f"its source years are {', '.join(str(v.year) for v in versions)}"
            )
        versions = tuple(v for v in versions if old.year <= v.year <= new.year)
        pairs = [(Resolved(from_year or old.year, old), Resolved(to_year or new.year, new))]
    comparisons = tuple(
        _comparison(topic, a, b, tuple(v for v in versions if a.version.year < v.year < b.version.year), mci)
        for a, b in pairs
    )
    return TopicSection(topic, versions, build_timeline(topic, versions, mci=mci), comparisons)


def _answering(topic: Topic, versions: tuple[Version, ...], year: int, option: str) -> Version:
    """The topic's latest version at or before `year`: a topic's silent years are skipped, not refused."""
    earlier = [v for v in versions if v.year <= year]
    if not earlier:
        listed = ", ".join(str(v.year) for v in versions)
        raise UsageError(f"{option} {year}: topic {topic.name} has no source year at or before it; it has {listed}")
    return earlier[-1]


def _comparison(
    topic: Topic, old: Resolved, new: Resolved, between: tuple[Version, ...], mci: Mapping[int, MciRate] | None
) -> Comparison:
    report = compare(topic, old, new, between, mci)
    return Comparison(report, tuple(_findings(rule) for rule in report.rules))


def _findings(rule: RuleChange) -> RuleFindings:
    return RuleFindings(
        rule=rule,
        changed=tuple(f for f in rule.fields if f.kind is FieldChangeKind.CHANGED),
        held=rule.held,
        only_old=tuple(f for f in rule.fields if f.kind is FieldChangeKind.NO_LONGER_STATED),
        only_new=tuple(f for f in rule.fields if f.kind is FieldChangeKind.NOW_STATED),
        redline=rule.redline(),
    )

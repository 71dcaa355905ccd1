"""A citation names the section it stands in: the last heading at or before its first line, in every source."""

from __future__ import annotations

from conftest import REAL_DATA
from hypothesis import given
from hypothesis import strategies as st

from kzrights.corpus import Corpus
from kzrights.model import Section, Source


def _source(starts: list[int]) -> Source:
    sections = tuple(Section(id=f"s{n}", heading=f"Heading {n}", line=n) for n in starts)
    return Source(
        id="s",
        year=2000,
        title="T",
        publisher="P",
        published=None,
        covers="c",
        file="f",
        sha256="0" * 64,
        sections=sections,
    )


@given(st.sets(st.integers(1, 500), min_size=1, max_size=20), st.integers(1, 600))
def test_a_line_belongs_to_the_last_section_starting_at_or_before_it(starts: set[int], line: int) -> None:
    source = _source(sorted(starts))
    found = source.section_at(line)
    earlier = [n for n in starts if n <= line]
    if not earlier:
        assert found is None
    else:
        assert found is not None
        assert found.line == max(earlier)


def test_a_heading_line_is_in_its_own_section_and_the_line_before_is_not() -> None:
    source = _source([10, 20])
    assert source.section_at(9) is None
    assert source.section_at(10) == source.sections[0]
    assert source.section_at(19) == source.sections[0]
    assert source.section_at(20) == source.sections[1]
    assert _source([]).section_at(5) is None


def test_the_real_reports_section_assembly_as_a_lawyer_cites_it() -> None:
    """The 2019 report's assembly passage is cited as Section 2.b, Freedoms of Peaceful Assembly and Association."""
    sources = Corpus(REAL_DATA).sources
    section = sources["usdos-2019"].section_at(1503)
    assert section is not None
    assert (section.id, section.heading) == ("2.b", "b. Freedoms of Peaceful Assembly and Association")
    plan = sources["nhrap-2009"].section_at(2259)
    assert plan is not None
    assert plan.heading == "The Right to Freedom of Peaceful Assembly and Association"


def test_every_real_citation_names_a_section() -> None:
    corpus = Corpus(REAL_DATA)
    assert all(source.sections for source in corpus.sources.values())
    for name in corpus.topic_names():
        for version in corpus.versions(corpus.topic(name)):
            for rule in version.rules:
                cites = [*rule.cite, *(c for caveat in rule.caveats for c in caveat.cite)]
                for cite in cites:
                    assert corpus.sources[cite.source].section_at(cite.first_line) is not None, (version.path, rule.id)

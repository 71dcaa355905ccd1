"""How values are said: the same words in the terminal, Markdown and changelog tables."""

from __future__ import annotations

import pytest

from kzrights.fieldtypes import value_text
from kzrights.model import Citation
from kzrights.render.wording import citations_text


@pytest.mark.parametrize(
    ("value", "unit", "said"),
    [
        (1, "years", "1 year"),
        (1.0, "years", "1 year"),
        (2, "years", "2 years"),
        (0.5, "years", "0.5 years"),
        (1, "monthly calculation indices", "1 monthly calculation index"),
        (20, "monthly calculation indices", "20 monthly calculation indices"),
        (12_960_000, "tenge", "12,960,000 tenge"),
        (5, None, "5"),
        (True, None, "true"),
        (("debt", "state secrets"), None, "debt; state secrets"),
    ],
)
def test_values_are_said_with_their_unit_in_the_right_number(value: object, unit: str | None, said: str) -> None:
    assert value_text(value, unit) == said  # type: ignore[arg-type]


def _cite(source: str, first: int, last: int) -> Citation:
    return Citation(source, first, last, "a quote", None)


@pytest.mark.parametrize(
    ("cites", "said"),
    [
        ((_cite("usdos-2019", 531, 531),), "usdos-2019 line 531"),
        ((_cite("usdos-2019", 531, 533),), "usdos-2019 lines 531-533"),
        ((_cite("usdos-2004", 464, 464), _cite("usdos-2004", 483, 484)), "usdos-2004 lines 464, 483-484"),
        ((_cite("usdos-2004", 464, 464), _cite("usdos-2004", 464, 464)), "usdos-2004 line 464"),
        (
            (_cite("nhrap-2009", 2231, 2232), _cite("usdos-2016", 258, 258)),
            "nhrap-2009 lines 2231-2232; usdos-2016 line 258",
        ),
        ((), "no citation"),
    ],
)
def test_evidence_is_said_as_a_reader_writes_line_numbers(cites: tuple[Citation, ...], said: str) -> None:
    assert citations_text(cites) == said


def _every_pair() -> list[tuple[str, int, int]]:
    from itertools import combinations

    from conftest import REAL_DATA

    from kzrights.corpus import Corpus

    corpus = Corpus(REAL_DATA)
    return [(name, a, b) for name in corpus.topic_names() for a, b in combinations(corpus.years(name), 2)]


@pytest.mark.parametrize(("topic", "old", "new"), _every_pair())
def test_the_answer_first_line_adds_up(topic: str, old: int, new: int) -> None:
    """'N values changed (a stricter, b looser, …)': its parts are every value changed, not comparable ones too."""
    import re

    from conftest import REAL_DATA

    from kzrights.compare import compare
    from kzrights.corpus import Corpus
    from kzrights.render.wording import summary_text

    corpus = Corpus(REAL_DATA)
    subject = corpus.topic(topic)
    report = compare(subject, corpus.resolve(subject, old), corpus.resolve(subject, new), (), corpus.mci)
    line = summary_text(report)
    match = re.match(r"(\d+) values? changed \(([^)]*)\)", line)
    assert match, line
    parts = [int(part.split()[0]) for part in match[2].split(", ")]
    assert sum(parts) == int(match[1]) == report.summary()["values_changed"], line

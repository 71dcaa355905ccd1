"""Honest grading on the real corpus: money in real terms, caveats beside directions, recommendations without a
direction, and citations that name the section a lawyer cites."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from conftest import REAL_DATA, run

from kzrights.compare import compare_field
from kzrights.model import Citation, FieldSpec, FieldType, MciRate, Rule, Stricter
from kzrights.report import Direction

R = ("--data", str(REAL_DATA))


def test_indexation_is_not_stricter() -> None:
    """53,025 → 63,125 tenge is 25 → 25 MCI (2,121 and 2,525 tenge): the fine followed the index."""
    stricter = json.loads(run(*R, "changelog", "--only", "stricter", "--format", "json").stdout)
    assert [row["field"] for row in stricter["rows"]] == []
    rows = json.loads(run(*R, "changelog", "ngo-funding", "--format", "json").stdout)["rows"]
    (fine,) = [r for r in rows if r["field"] == "reporting_violation_max_fine_tenge" and r["to_year"] == 2019]
    assert (fine["old"], fine["new"], fine["direction"]) == (53025, 63125, "neutral")
    assert fine["money"] == {"old_mci": 25.0, "new_mci": 25.0, "basis": "mci", "indexation_only": True}
    text = run(*R, "--width", "0", "changelog", "ngo-funding").stdout
    assert "53,025 tenge (25 MCI) → 63,125 tenge (25 MCI) (+10,100)  = unchanged in real terms (indexation)" in text
    markdown = run(*R, "changelog", "ngo-funding", "--format", "markdown").stdout
    assert "| 53,025 tenge (25 MCI) | 63,125 tenge (25 MCI) |" in markdown
    assert "unchanged in real terms (indexation)" in markdown


def test_real_terms_grade_a_fall_in_mci() -> None:
    out = run(*R, "--width", "0", "diff", "ngo-funding", "2016", "2019").stdout
    assert "636,300 tenge (300 MCI) → 404,000 tenge (160 MCI) (−232,300)  ▼ looser" in out


def test_money_without_an_mci_rate_is_compared_nominally_and_says_so() -> None:
    spec = FieldSpec(name="fine_tenge", type=FieldType.INTEGER, meaning="m", stricter=Stricter.HIGHER, unit="tenge")
    cite = Citation("s", 1, 1, "q", None)
    old, new = (Rule(id="r", title="T", text="t", fields=((spec.name, v),), cite=(cite,)) for v in (1000, 2000))
    rates = {2016: MciRate(year=2016, tenge=2121, basis="b")}
    change = compare_field(spec, old, new, 1000, 2000, (2016, 2021), rates)
    assert change is not None
    assert change.money is not None
    assert (change.money.basis, change.direction) == ("nominal", Direction.STRICTER)
    assert change.money.old_mci == round(1000 / 2121, 2)


def test_a_caveat_marks_unlike_statements_not_comparable_and_travels_with_the_value() -> None:
    """2009's 15 days is a statutory range; 2016's 10 days is what minor infractions 'led to' in practice."""
    out = run(*R, "--width", "0", "diff", "assembly", "2009", "2016").stdout
    line = out.index("admin-penalties.max_admin_arrest_days: 15 days → 10 days (−5)  ◇ not comparable")
    assert out.index("      caveat 2016, not comparable: ", line) < out.index("      evidence 2009", line)
    data = json.loads(run(*R, "diff", "assembly", "2009", "2016", "--format", "json").stdout)
    fields = [f for r in data["rules"] for f in r["fields"] if f["field"] == "max_admin_arrest_days"]
    assert fields[0]["direction"] == "not-comparable"
    assert fields[0]["caveats"][0]["comparable"] is False
    assert data["summary"]["looser"] == 0
    rows = csv.DictReader(io.StringIO(run(*R, "changelog", "assembly", "--format", "csv").stdout))
    arrest = [r for r in rows if r["field"] == "max_admin_arrest_days" and r["change"] == "changed"]
    assert arrest[0]["direction"] == "not-comparable"
    assert arrest[0]["caveats"].startswith("2016, not comparable: ")


def test_a_caveat_travels_with_a_value_that_held_too() -> None:
    """2009 and 2019 both give ten founders, but 2009 counts initiators: the caveat stands beside the held value."""
    args = (*R, "diff", "ngo-funding", "2009", "2019")
    out = run(*args, "--width", "0").stdout
    held = out.index("Same on both sides")
    line = out.index("  membership-threshold.min_founders: 10 persons", held)
    assert out.index("      caveat 2009: The Plan counts citizen initiators", line) < out.index(
        "Described only in", held
    )
    data = json.loads(run(*args, "--format", "json").stdout)
    (founders,) = [h for h in data["held"] if h["field"] == "min_founders"]
    assert [(c["year"], c["comparable"]) for c in founders["caveats"]] == [(2009, True)]
    assert founders["caveats"][0]["evidence"][0]["section"]["id"] == "associations.1"
    markdown = run(*args, "--format", "markdown").stdout
    assert "| `min_founders` | 10 persons; caveat 2009: The Plan counts citizen initiators" in markdown


def test_a_value_only_one_source_states_keeps_its_mci_and_its_caveat() -> None:
    """2004 says nothing of arrest; 2019's 10 days is practice, not the law: said where 2019 alone states it."""
    out = run(*R, "--width", "0", "diff", "assembly", "2004", "2019").stdout
    alone = out.index("Described only in the 2019 source")
    line = out.index("      max_admin_arrest_days: 10 days", alone)
    assert out.index("          caveat 2019, not comparable: As in 2016, the 10 days", line) < out.index(
        "Wording", alone
    )
    money = run(*R, "--width", "0", "diff", "ngo-funding", "2004", "2016").stdout
    assert "      reporting_violation_max_fine_tenge: 53,025 tenge (25 MCI)  · usdos-2016 §2.b" in money


def test_recommendations_carry_no_direction_and_are_said_to_be_recommendations() -> None:
    data = json.loads(run(*R, "changelog", "--format", "json").stdout)
    recommended = [r for r in data["rows"] if r["recommendation"]]
    assert recommended
    assert all(r["direction"] in ("neutral", "not-comparable") for r in recommended)
    history = run(*R, "history", "libel").stdout
    assert "(a recommendation, not law):" in history


@pytest.mark.parametrize(
    "command",
    [
        ("show", "libel", "2007"),
        ("show", "libel", "2007", "--format", "markdown"),
        ("diff", "libel", "2004", "2009"),  # described only in 2009
        ("diff", "libel", "2009", "2009", "--format", "markdown"),  # the same on both sides
        ("diff", "libel", "2009", "2009"),
        ("blame", "libel", "2009"),
        ("changelog",),
    ],
    ids=" ".join,
)
def test_every_view_of_a_recommended_value_says_it_is_not_law(command: tuple[str, ...]) -> None:
    """A reader of any one view must not take a source's recommendation for the law in force."""
    output = " ".join(run(*R, "--no-pager", *command).stdout.split())
    shown = [match.start() for match in re.finditer(r"decriminalization_recommended\W", output)]
    assert shown, "the view shows the field"
    for start in shown:
        assert "a recommendation, not law" in output[start : start + 260], output[start : start + 260]


def test_every_citation_in_every_format_names_its_section() -> None:
    text = run(*R, "--width", "0", "diff", "assembly", "2004", "2019").stdout
    assert "usdos-2019 §2.b, lines 1503-1505" in text
    markdown = run(*R, "diff", "assembly", "2004", "2019", "--format", "markdown").stdout
    assert "usdos-2019 §2.b, lines 1503-1505" in markdown
    rows = list(csv.DictReader(io.StringIO(run(*R, "changelog", "--format", "csv").stdout)))
    assert all("§" in r["evidence_from"] for r in rows if r["evidence_from"])
    data = json.loads(run(*R, "show", "assembly", "2019", "--format", "json").stdout)
    sections = {c["section"]["id"] for r in data["rules"] for c in r["evidence"]}
    assert "2.b" in sections
    assert all(c["section"] is not None for r in data["rules"] for c in r["evidence"])


def test_changelog_and_report_say_which_pairs_compare_two_kinds_of_document(tmp_path: Path) -> None:
    text = run(*R, "--width", "0", "changelog", "assembly").stdout
    assert (
        "  note: 2009 → 2016 compares two kinds of document (a government's own action plan; "
        "a foreign government's monitoring report)."
    ) in text
    assert "2016 → 2019 compares" not in text
    markdown = run(*R, "changelog", "--format", "markdown").stdout
    assert "**Note:** 2004 → 2009 compares two kinds of document" in markdown
    report = tmp_path / "r.html"
    assert run(*R, "report", "assembly", "-o", str(report)).exit_code == 0
    page = report.read_text(encoding="utf-8")
    assert "the two sources are different kinds of document (2009: a government&#39;s own action plan" in page

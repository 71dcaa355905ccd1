"""`kzrights validate` catches each kind of problem, reports all of them located, and never writes."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from conftest import MINI, MINI_SEEDS, REAL_DATA, run


def break_file(tree: Path, relative: str, old: str, new: str) -> Path:
    """Make one small, deliberate mistake in a copy of the fixture corpus."""
    path = tree / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_clean_fixture_tree_passes_with_a_summary_of_what_was_checked() -> None:
    result = run("--data", str(MINI), "validate", "--sources", str(MINI_SEEDS))
    assert result.exit_code == 0, result.stderr
    assert "OK, 3 versions, 7 rules, 13 field values, 8 citations" in result.stdout
    assert "every quote found" in result.stdout
    assert result.stderr == ""


# (file, text to replace, replacement, the exact problem line expected after "<tree>/")
CASES = [
    pytest.param(
        "assembly/2004.yaml",
        "    title: Permit regime\n",
        "    title: Permit regime\n    colour: red\n",
        "assembly/2004.yaml:8: rule 'regime': unknown key 'colour' in a rule; allowed: id, title, text, cite, fields, caveats",
        id="unknown-key",
    ),
    pytest.param(
        "assembly/2004.yaml",
        "notice_days: 10",
        "notice_days: ten",
        "assembly/2004.yaml:11: rule 'regime': field 'notice_days': must be a whole number, got 'ten'",
        id="wrong-type",
    ),
    pytest.param(
        "assembly/2004.yaml",
        "notice_days: 10",
        "notice_days: 012",
        "assembly/2004.yaml:11: rule 'regime': field 'notice_days': must be a whole number (no leading zeros), got '012'",
        id="yaml11-octal",
    ),
    pytest.param(
        "assembly/2004.yaml",
        "notice_days: 10",
        "notice_days: 10.0",
        "assembly/2004.yaml:11: rule 'regime': field 'notice_days': must be a whole number (no decimal point), got '10.0'",
        id="integer-with-a-point",
    ),
    pytest.param(
        "assembly/2019.yaml",
        "support_liability: true",
        "support_liability: yes",
        "assembly/2019.yaml:30: rule 'support': field 'support_liability': must be true or false, got 'yes'",
        id="yaml11-boolean",
    ),
    pytest.param(
        "assembly/2004.yaml",
        "regime: permit",
        "regime: licence",
        "assembly/2004.yaml:10: rule 'regime': field 'regime': must be one of notification, permit; got 'licence'",
        id="outside-enum",
    ),
    pytest.param(
        "assembly/2004.yaml",
        "source: old-2004\nsummary",
        "source: nope-2004\nsummary",
        "assembly/2004.yaml:3: unknown source 'nope-2004'; sources.yaml has: mid-2007, mid-2012, new-2019, old-2004",
        id="unknown-source",
    ),
    pytest.param(
        "assembly/2004.yaml",
        """    cite:
      - source: old-2004
        lines: "3-3"
        quote: up to 15 days of administrative arrest
""",
        "",
        "assembly/2004.yaml:22: rule 'penalties': a rule is missing required key 'cite'",
        id="missing-citation",
    ),
    pytest.param(
        "assembly/2004.yaml",
        "supports: [decision_deadline_days]",
        "supports: [regime]",
        "assembly/2004.yaml:12: rule 'regime': field 'decision_deadline_days': no citation of this rule supports this value",
        id="unsupported-field",
    ),
    pytest.param(
        "assembly/2004.yaml",
        "  - id: penalties",
        "  - id: regime",
        "assembly/2004.yaml:22: rule 'regime': duplicate rule id (first on line 6)",
        id="duplicate-rule-id",
    ),
    pytest.param(
        "assembly/2004.yaml",
        "year: 2004",
        "year: 2005",
        "assembly/2004.yaml:2: 'year' is 2005 but the file is named 2004.yaml",
        id="year-disagrees-with-path",
    ),
    pytest.param(
        "assembly/2004.yaml",
        "topic: assembly",
        "topic: exit",
        "assembly/2004.yaml:1: 'topic' is 'exit' but this file is read as topic 'assembly'",
        id="topic-disagrees-with-path",
    ),
    pytest.param(
        "assembly/2004.yaml",
        "  - id: penalties",
        "  - id: arrests",
        "assembly/2004.yaml:22: rule 'arrests': rule id is not declared in assembly/topic.yaml rule_order",
        id="undeclared-rule-id",
    ),
    pytest.param(
        "assembly/2004.yaml",
        "quote: must answer within five days",
        "quote: must answer within five days. " + "word " * 22,
        "assembly/2004.yaml:20: rule 'regime': quote has 27 words; at most 25",
        id="long-quote",
    ),
    pytest.param(
        "assembly/2004.yaml",
        "quote: must answer within five days",
        "quote: must answer ... five days",
        "assembly/2004.yaml:20: rule 'regime': quotes must be one exact excerpt, without ellipses",
        id="ellipsis",
    ),
    pytest.param(
        "assembly/2004.yaml",
        "title: Penalties for participants\n",
        "title: Penalties for participants\n    title: Again\n",
        "assembly/2004.yaml:24: duplicate key 'title' (first given on line 23)",
        id="duplicate-key",
    ),
    pytest.param(
        "assembly/topic.yaml",
        "    unit: days\n    stricter: higher\n    meaning: Days of advance",
        "    stricter: higher\n    meaning: Days of advance",
        "assembly/topic.yaml:15: field 'notice_days': a field of type integer needs a 'unit'",
        id="schema-missing-unit",
    ),
    pytest.param(
        "assembly/topic.yaml",
        'stricter: "true"',
        "stricter: higher",
        "assembly/topic.yaml:32: field 'support_liability': 'stricter: higher' does not fit a boolean field; use false, none, true",
        id="schema-bad-direction",
    ),
    pytest.param(
        "assembly/2004.yaml",
        'lines: "3-3"',
        'lines: "3-1"',
        "assembly/2004.yaml:29: rule 'penalties': 'lines' must be FIRST-LAST with FIRST <= LAST, got '3-1'",
        id="bad-line-range",
    ),
    pytest.param(
        "assembly/2004.yaml",
        'lines: "3-3"',
        'lines: "0-3"',
        "assembly/2004.yaml:29: rule 'penalties': 'lines' must be FIRST-LAST with FIRST <= LAST (lines count from 1), got '0-3'",
        id="line-zero",
    ),
    pytest.param(
        "assembly/2019.yaml",
        "max_admin_arrest_days: 20,",
        "decision_deadline_days: 3,",
        "assembly/2019.yaml:17: rule 'penalties': field 'decision_deadline_days': is recorded under rule 'regime' in "
        "2004.yaml; a field belongs to the same rule in every year, or the years cannot be compared",
        id="field-moved-between-rules",
    ),
]


@pytest.mark.parametrize(("relative", "old", "new", "expected"), CASES)
def test_each_kind_of_problem_is_reported_with_file_line_rule_and_field(
    mini_tree: Path, relative: str, old: str, new: str, expected: str
) -> None:
    break_file(mini_tree, relative, old, new)
    result = run("--data", str(mini_tree), "validate")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{mini_tree}/{expected}" in result.stderr.splitlines(), result.stderr
    assert "Traceback" not in result.stderr


def test_duplicate_key_message_names_both_lines(mini_tree: Path) -> None:
    break_file(
        mini_tree,
        "assembly/2019.yaml",
        "    title: Support for illegal assemblies\n",
        "    title: Support for illegal assemblies\n    title: Support again\n",
    )
    result = run("--data", str(mini_tree), "validate")
    assert (
        result.stderr.splitlines()[0]
        == f"{mini_tree}/assembly/2019.yaml:28: duplicate key 'title' (first given on line 27)"
    )


def test_every_problem_is_reported_not_just_the_first(mini_tree: Path) -> None:
    break_file(mini_tree, "assembly/2004.yaml", "notice_days: 10", "notice_days: ten")
    break_file(mini_tree, "assembly/2004.yaml", "regime: permit", "regime: licence")
    break_file(mini_tree, "assembly/2019.yaml", "support_liability: true", "support_liability: yes")
    result = run("--data", str(mini_tree), "validate")
    assert result.exit_code == 2
    problems = [line for line in result.stderr.splitlines() if line.startswith(str(mini_tree))]
    assert len(problems) == 3
    assert problems == sorted(problems, key=lambda p: (p.split(":")[0], int(p.split(":")[1])))
    assert result.stderr.endswith("kzrights: 3 problems in the data\n")


def test_changed_source_file_fails_its_sha256(mini_tree: Path, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for source in MINI_SEEDS.iterdir():
        (seeds / source.name).write_bytes(source.read_bytes())
    (seeds / "new.txt").write_text((MINI_SEEDS / "new.txt").read_text() + "An extra line.\n")
    result = run("--data", str(mini_tree), "validate", "--sources", str(seeds))
    assert result.exit_code == 2
    assert f"{mini_tree}/sources.yaml:29: source 'new-2019': new.txt has sha256" in result.stderr


def test_quote_outside_its_cited_lines_is_reported_and_located(mini_tree: Path) -> None:
    break_file(mini_tree, "assembly/2019.yaml", 'lines: "2-2"', 'lines: "1-1"')
    break_file(
        mini_tree, "assembly/2004.yaml", "quote: must answer within five days", "quote: must answer within six days"
    )
    result = run("--data", str(mini_tree), "validate", "--sources", str(MINI_SEEDS))
    assert result.exit_code == 2
    assert (
        f"{mini_tree}/assembly/2019.yaml:23: rule 'penalties': quote is not in lines 1-1 (it stands at lines 2-2 of the source)"
        in result.stderr
    )
    assert f"{mini_tree}/assembly/2004.yaml:18: rule 'regime': quote is not in lines 2-2 of the source" in result.stderr


def test_citation_past_the_end_of_the_source(mini_tree: Path) -> None:
    break_file(mini_tree, "assembly/2019.yaml", 'lines: "3-3"', 'lines: "3-9"')
    result = run("--data", str(mini_tree), "validate", "--sources", str(MINI_SEEDS))
    assert "cites lines 3-9, but the source has 3 lines" in result.stderr


def test_year_file_for_a_silent_year_is_a_contradiction(mini_tree: Path) -> None:
    text = (
        (mini_tree / "assembly/2004.yaml")
        .read_text()
        .replace("year: 2004", "year: 2007")
        .replace("old-2004", "mid-2007")
    )
    (mini_tree / "assembly/2007.yaml").write_text(text)
    result = run("--data", str(mini_tree), "validate")
    assert "2007 is listed as silent but 2007.yaml exists" in result.stderr


def test_non_utf8_and_stray_files_are_reported(mini_tree: Path) -> None:
    (mini_tree / "assembly/2010.yaml").write_bytes(b"topic: assembly\nyear: caf\xe9\n")
    (mini_tree / "assembly/notes.txt").write_text("scratch")
    result = run("--data", str(mini_tree), "validate")
    assert f"{mini_tree}/assembly/2010.yaml:2: not valid UTF-8 (byte 25)" in result.stderr
    assert f"{mini_tree}/assembly/notes.txt: unexpected file" in result.stderr


def test_validate_never_writes_to_the_data(mini_tree: Path) -> None:
    break_file(mini_tree, "assembly/2004.yaml", "notice_days: 10", "notice_days: ten")

    def snapshot() -> dict[str, str]:
        return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(mini_tree.rglob("*")) if p.is_file()}

    before = snapshot()
    run("--data", str(mini_tree), "validate", "--sources", str(MINI_SEEDS))
    assert snapshot() == before


def test_missing_registry_is_reported(tmp_path: Path) -> None:
    result = run("--data", str(tmp_path), "validate")
    assert result.exit_code == 2
    assert f"{tmp_path}/sources.yaml: missing" in result.stderr


# --- sections, caveats, recommendations and the MCI table -----------------------------------------------

SECTIONS = """    sections:
      - id: "1"
        heading: Organizers must notify local authorities 5 days in advance.
        line: 1
      - id: "2"
        heading: Providing premises or transport to an illegal assembly is punishable.
        line: 3
"""  # the fixture's new.txt has no headings; its first and last lines stand in for them here
CAVEAT = """    caveats:
      - field: max_admin_arrest_days
        comparable: false
        note: The report gives the term for participants only, not for organizers.
        cite:
          - source: new-2019
            lines: "2-2"
            quote: Participants in unsanctioned gatherings
"""
MCI = """mci:
  - year: 2004
    tenge: 919
    basis: a made-up rate for the fixture corpus
  - year: 2019
    tenge: 2525
    basis: usdos-2019 line 1602, 63,125 tenge = 25 × 2,525
"""


@pytest.fixture
def rich_tree(mini_tree: Path) -> Path:
    """The fixture corpus with sections for new-2019, a caveat in 2019 and an MCI table: all of it valid."""
    break_file(
        mini_tree,
        "sources.yaml",
        "acf4388c3c4d0ae3768862b5aef81ff49068985f124e2d632748193b28c92ee1\n",
        "acf4388c3c4d0ae3768862b5aef81ff49068985f124e2d632748193b28c92ee1\n" + SECTIONS,
    )
    break_file(
        mini_tree,
        "assembly/2019.yaml",
        "        quote: up to 20 days of administrative arrest\n",
        "        quote: up to 20 days of administrative arrest\n" + CAVEAT,
    )
    (mini_tree / "mci.yaml").write_text(MCI, encoding="utf-8")
    return mini_tree


def test_sections_caveats_and_mci_pass_and_are_counted(rich_tree: Path) -> None:
    result = run("--data", str(rich_tree), "validate", "--sources", str(MINI_SEEDS))
    assert result.exit_code == 0, result.stderr
    assert "OK, 3 versions, 7 rules, 13 field values, 8 citations, 1 caveats, 2 MCI years;" in result.stdout
    assert "every heading on its line" in result.stdout


def test_loader_builds_sections_caveats_and_rates(rich_tree: Path) -> None:
    from kzrights.corpus import Corpus

    corpus = Corpus(rich_tree)
    source = corpus.sources["new-2019"]
    assert [(s.id, s.line) for s in source.sections] == [("1", 1), ("2", 3)]
    assert source.section_at(2) == source.sections[0]  # the last section starting at or before the line
    assert source.section_at(3) == source.sections[1]
    assert corpus.sources["old-2004"].sections == ()
    rule = corpus.version(corpus.topic("assembly"), 2019).rule("penalties")
    assert rule is not None
    (caveat,) = rule.caveats_for("max_admin_arrest_days")
    assert caveat.comparable is False
    assert caveat.note.startswith("The report gives the term")
    assert [(c.source, c.first_line, c.supports) for c in caveat.cite] == [("new-2019", 2, None)]
    assert rule.caveats_for("support_liability") == ()
    assert corpus.mci[2019].tenge == 2525
    assert sorted(corpus.mci) == [2004, 2019]


# (file, text to replace, replacement, the exact problem line expected after "<tree>/"), on rich_tree
RICH_CASES = [
    pytest.param(
        "sources.yaml",
        '      - id: "2"\n',
        '      - id: "1"\n',
        "sources.yaml:42: source 'new-2019': duplicate section id '1' (first on line 39)",
        id="duplicate-section-id",
    ),
    pytest.param(
        "sources.yaml",
        "        line: 3\n",
        "        line: 1\n",
        "sources.yaml:44: source 'new-2019': section '2' starts at line 1, not after section '1' (line 1); list sections in line order",
        id="sections-out-of-order",
    ),
    pytest.param(
        "sources.yaml",
        '      - id: "2"\n',
        '      - id: "Section 2"\n',
        "sources.yaml:42: source 'new-2019': section id 'Section 2' must be lowercase letters and digits joined by '.' or '-', e.g. 2.b",
        id="bad-section-id",
    ),
    pytest.param(
        "sources.yaml",
        "        line: 1\n",
        "        line: 0\n",
        "sources.yaml:41: 'line' must be a positive whole number, got 0",
        id="section-line-not-positive",
    ),
    pytest.param(
        "sources.yaml",
        "        heading: Organizers must notify local authorities 5 days in advance.\n",
        "",
        "sources.yaml:39: a section entry is missing required key 'heading'",
        id="section-without-heading",
    ),
    pytest.param(
        "sources.yaml",
        "    sections:\n",
        "    sections: []\n    old_sections:\n",
        "sources.yaml:38: source 'new-2019': 'sections' must be a non-empty list of {id, heading, line}",
        id="sections-empty",
    ),
    pytest.param(
        "assembly/2019.yaml",
        "      - field: max_admin_arrest_days\n",
        "      - field: notice_days\n",
        "assembly/2019.yaml:27: rule 'penalties': field 'notice_days': a caveat must name a field this rule states",
        id="caveat-on-unstated-field",
    ),
    pytest.param(
        "assembly/2019.yaml",
        "        comparable: false\n",
        "        comparable: no\n",
        "assembly/2019.yaml:28: rule 'penalties': 'comparable' must be true or false, got 'no'",
        id="caveat-comparable-not-boolean",
    ),
    pytest.param(
        "assembly/2019.yaml",
        "            quote: Participants in unsanctioned gatherings\n",
        "            quote: Participants in unsanctioned gatherings\n            supports: [max_admin_arrest_days]\n",
        "assembly/2019.yaml:34: rule 'penalties': unknown key 'supports' in a caveat's citation; allowed: source, lines, quote",
        id="caveat-citation-with-supports",
    ),
    pytest.param(
        "assembly/2019.yaml",
        '          - source: new-2019\n            lines: "2-2"\n            quote: Participants',
        '          - source: old-2004\n            lines: "2-2"\n            quote: Participants',
        "assembly/2019.yaml:31: rule 'penalties': cites 'old-2004', but this file records source 'new-2019'",
        id="caveat-cites-another-source",
    ),
    pytest.param(
        "assembly/2019.yaml",
        "        note: The report gives the term for participants only, not for organizers.\n",
        "",
        "assembly/2019.yaml:27: rule 'penalties': a caveat is missing required key 'note'",
        id="caveat-without-note",
    ),
    pytest.param(
        "assembly/2019.yaml",
        "            quote: Participants in unsanctioned gatherings\n",
        "            quote: Participants ... gatherings\n",
        "assembly/2019.yaml:33: rule 'penalties': quotes must be one exact excerpt, without ellipses",
        id="caveat-quote-with-ellipsis",
    ),
    pytest.param(
        "assembly/2019.yaml",
        "    caveats:\n",
        "    caveats: none\n    old_caveats:\n",
        "assembly/2019.yaml:26: rule 'penalties': 'caveats' must be a non-empty list of {field, note, cite}",
        id="caveats-not-a-list",
    ),
    pytest.param(
        "assembly/topic.yaml",
        "    meaning: Longest administrative arrest for assembly violations.\n",
        "    meaning: Longest administrative arrest for assembly violations.\n    recommendation: true\n",
        "assembly/topic.yaml:28: field 'max_admin_arrest_days': 'stricter: higher' on a recommendation field; what a source recommends has no direction, use none",
        id="recommendation-with-direction",
    ),
    pytest.param(
        "assembly/topic.yaml",
        "    meaning: Where assemblies may be held.\n",
        "    meaning: Where assemblies may be held.\n    recommendation: yes\n",
        "assembly/topic.yaml:38: field 'venue_note': 'recommendation' must be true or false, got 'yes'",
        id="recommendation-not-boolean",
    ),
    pytest.param(
        "mci.yaml",
        "  - year: 2019\n",
        "  - year: 2004\n",
        "mci.yaml:5: MCI year 2004 is given twice (first on line 2)",
        id="mci-duplicate-year",
    ),
    pytest.param(
        "mci.yaml",
        "    tenge: 919\n",
        "    tenge: -919\n",
        "mci.yaml:3: 'tenge' must be a whole number of zero or more (a count cannot be negative), got '-919'",
        id="mci-negative-tenge",
    ),
    pytest.param(
        "mci.yaml",
        "    tenge: 2525\n",
        "    tenge: 2,525\n",
        "mci.yaml:6: 'tenge' must be a whole number, got '2,525'",
        id="mci-tenge-with-comma",
    ),
    pytest.param(
        "mci.yaml",
        "    basis: a made-up rate for the fixture corpus\n",
        "",
        "mci.yaml:2: an MCI entry is missing required key 'basis'",
        id="mci-without-basis",
    ),
    pytest.param(
        "mci.yaml",
        "mci:\n",
        "mci: 2525\nrates:\n",
        "mci.yaml:1: 'mci' must be a non-empty list of {year, tenge, basis}",
        id="mci-not-a-list",
    ),
]


@pytest.mark.parametrize(("relative", "old", "new", "expected"), RICH_CASES)
def test_each_kind_of_section_caveat_and_mci_problem_is_located(
    rich_tree: Path, relative: str, old: str, new: str, expected: str
) -> None:
    break_file(rich_tree, relative, old, new)
    result = run("--data", str(rich_tree), "validate")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{rich_tree}/{expected}" in result.stderr.splitlines(), result.stderr
    assert "Traceback" not in result.stderr


def test_heading_not_on_its_line_is_reported_where_the_registry_lists_it(rich_tree: Path) -> None:
    break_file(rich_tree, "sources.yaml", "        line: 3\n", "        line: 2\n")
    result = run("--data", str(rich_tree), "validate", "--sources", str(MINI_SEEDS))
    assert result.exit_code == 2
    assert (
        f"{rich_tree}/sources.yaml:42: source 'new-2019': section '2': heading 'Providing premises or transport to an "
        "illegal assembly is punishable.' is not line 2 of new.txt (it stands on line 3)"
    ) in result.stderr.splitlines()


def test_heading_past_the_end_of_the_source(rich_tree: Path) -> None:
    break_file(rich_tree, "sources.yaml", "        line: 3\n", "        line: 30\n")
    result = run("--data", str(rich_tree), "validate", "--sources", str(MINI_SEEDS))
    assert (
        f"{rich_tree}/sources.yaml:42: source 'new-2019': section '2' starts at line 30, but new.txt has 3 lines"
        in (result.stderr.splitlines())
    )


def test_heading_compared_with_white_space_squashed(rich_tree: Path) -> None:
    break_file(
        rich_tree,
        "sources.yaml",
        "heading: Organizers must notify local authorities 5 days in advance.",
        'heading: "  Organizers  must notify local\\tauthorities 5 days in advance. "',
    )
    result = run("--data", str(rich_tree), "validate", "--sources", str(MINI_SEEDS))
    assert result.exit_code == 0, result.stderr
    break_file(rich_tree, "sources.yaml", "5 days in advance. ", "5 days ahead.")
    result = run("--data", str(rich_tree), "validate", "--sources", str(MINI_SEEDS))
    assert "heading 'Organizers  must notify local\\tauthorities 5 days ahead.' is not line 1" in result.stderr


def test_citation_before_the_first_section_is_reported(rich_tree: Path) -> None:
    break_file(rich_tree, "sources.yaml", "        line: 1\n", "        line: 2\n")
    break_file(
        rich_tree,
        "sources.yaml",
        "heading: Organizers must notify local authorities 5 days in advance.",
        "heading: Participants in unsanctioned gatherings face up to 20 days of administrative arrest.",
    )
    result = run("--data", str(rich_tree), "validate", "--sources", str(MINI_SEEDS))
    assert result.exit_code == 2
    assert (
        f"{rich_tree}/assembly/2019.yaml:13: rule 'regime': cites line 1 of 'new-2019', before its first section "
        "('1', line 2); list the heading the cited text stands under in sources.yaml"
    ) in result.stderr.splitlines()


def test_caveat_quote_is_checked_against_its_lines(rich_tree: Path) -> None:
    break_file(
        rich_tree,
        "assembly/2019.yaml",
        "quote: Participants in unsanctioned gatherings",
        "quote: Participants in sanctioned gatherings",
    )
    result = run("--data", str(rich_tree), "validate", "--sources", str(MINI_SEEDS))
    assert result.exit_code == 2
    assert (
        f"{rich_tree}/assembly/2019.yaml:31: rule 'penalties': quote is not in lines 2-2 of the source: "
        "'Participants in sanctioned gatherings'"
    ) in result.stderr.splitlines()


def _add_money_field(tree: Path) -> None:
    """Give the fixture topic a fine in tenge, stated in 2004 and 2019."""
    break_file(
        tree,
        "assembly/topic.yaml",
        "  venue_note:\n",
        "  max_fine:\n    type: integer\n    unit: tenge\n    stricter: higher\n    meaning: Largest fine.\n  venue_note:\n",
    )
    for year in ("2004", "2019"):
        break_file(
            tree,
            f"assembly/{year}.yaml",
            "{max_admin_arrest_days:",
            "{max_fine: 100, max_admin_arrest_days:",
        )


def test_tenge_amount_in_a_year_without_mci_is_reported(rich_tree: Path) -> None:
    _add_money_field(rich_tree)
    break_file(
        rich_tree, "mci.yaml", "  - year: 2004\n    tenge: 919\n    basis: a made-up rate for the fixture corpus\n", ""
    )
    result = run("--data", str(rich_tree), "validate")
    assert result.exit_code == 2
    problems = [line for line in result.stderr.splitlines() if line.startswith(str(rich_tree))]
    assert problems == [
        f"{rich_tree}/assembly/2004.yaml:22: rule 'penalties': field 'max_fine': a tenge amount in 2004, a year with no "
        "MCI entry in mci.yaml; add that year's MCI with its cross-check against the sources, so the amount compares "
        "in real terms"
    ]


def test_tenge_amounts_without_any_mci_table_are_reported(mini_tree: Path) -> None:
    _add_money_field(mini_tree)
    result = run("--data", str(mini_tree), "validate")
    assert result.exit_code == 2
    assert result.stderr.endswith("kzrights: 2 problems in the data\n")
    assert "2019.yaml:17: rule 'penalties': field 'max_fine': a tenge amount in 2019" in result.stderr


def test_tenge_amounts_in_years_with_mci_pass(rich_tree: Path) -> None:
    _add_money_field(rich_tree)
    result = run("--data", str(rich_tree), "validate")
    assert result.exit_code == 0, result.stderr


def test_json_counts_caveats_and_mci_years(rich_tree: Path) -> None:
    import json

    result = run("--data", str(rich_tree), "validate", "--format", "json")
    counts = json.loads(result.stdout)["counts"]
    assert (counts["caveats"], counts["mci_years"]) == (1, 2)


def test_a_source_year_neither_recorded_nor_silent_is_a_problem(mini_tree: Path) -> None:
    """Without it, diff would say the 2007 source 'states no rule on assembly', which nobody recorded."""
    break_file(
        mini_tree,
        "assembly/topic.yaml",
        "  - year: 2007\n    source: mid-2007\n    note: Read in full; states no rule on assemblies.\n",
        "",
    )
    result = run("--data", str(mini_tree), "validate")
    assert result.exit_code == 2
    assert (
        f"{mini_tree}/assembly/topic.yaml:1: source year 2007 (mid-2007) has no 2007.yaml and is not listed under "
        "'silent': record what the source says on assembly, or that it was read and found silent"
    ) in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ("diff", "assembly", "2007", "2019"),  # once called the 2007 source silent, which nobody had recorded
        ("diff", "assembly", "2004", "2019"),  # the gap would be skipped between them
        ("history", "assembly"),
        ("blame", "assembly", "2019"),
        ("changelog",),  # once compared 2004 with 2012 as 'consecutive'
        ("list",),
    ],
    ids=" ".join,
)
def test_commands_refuse_a_source_year_neither_recorded_nor_silent(mini_tree: Path, command: tuple[str, ...]) -> None:
    break_file(
        mini_tree,
        "assembly/topic.yaml",
        "silent:\n  - year: 2007\n    source: mid-2007\n    note: Read in full; states no rule on assemblies.\n",
        "silent: []\n",
    )
    result = run("--data", str(mini_tree), "--no-pager", *command)
    assert result.exit_code == 2, result.stdout
    assert f"{mini_tree}/assembly/topic.yaml:1: source year 2007 (mid-2007) has no 2007.yaml" in result.stderr
    assert "states no rule" not in result.stderr
    assert "Traceback" not in result.stderr


def test_the_real_corpus_records_every_source_year_for_every_topic() -> None:
    """Each topic has a file or a `silent` entry for each of the five source years, so the check flags nothing."""
    from kzrights.corpus import Corpus

    corpus = Corpus(REAL_DATA)
    for name in corpus.topic_names():
        covered = set(corpus.years(name)) | {s.year for s in corpus.topic(name).silent}
        assert covered == {s.year for s in corpus.sources.values()}, name


def test_validate_github_annotates_each_problem_at_its_file_and_line(
    mini_tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    break_file(mini_tree, "assembly/2004.yaml", "notice_days: 10", "notice_days: ten")
    break_file(mini_tree, "assembly/2019.yaml", "regime: notification", "regime: ban")
    monkeypatch.chdir(mini_tree.parent)
    result = run("--data", "mini", "validate", "--format", "github")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        "::error file=mini/assembly/2004.yaml,line=11,title=kzrights validate::rule 'regime': field 'notice_days': must be a whole number, got 'ten'",
        "::error file=mini/assembly/2019.yaml,line=10,title=kzrights validate::rule 'regime': field 'regime': must be one of notification, permit; got 'ban'",
        "kzrights: 2 problems in the data",
    ]


def test_validate_github_on_clean_data_is_one_notice() -> None:
    result = run("--data", str(MINI), "validate", "--format", "github")
    assert result.exit_code == 0
    assert result.stdout == "::notice title=kzrights validate::" + run("--data", str(MINI), "validate").stdout


def test_loader_records_the_line_of_every_field_key_spec_and_silent_entry() -> None:
    """What annotations point at: for every rule of the real corpus, each field's line holds that field's key."""
    from kzrights.corpus import Corpus

    corpus = Corpus(REAL_DATA)
    checked = 0
    for name in corpus.topic_names():
        topic = corpus.topic(name)
        schema = topic.path.read_text(encoding="utf-8").splitlines()
        for spec in topic.fields:
            assert schema[spec.line - 1].strip() == f"{spec.name}:"
        for silent in topic.silent:
            assert schema[silent.line - 1].strip() == f"- year: {silent.year}"
        for version in corpus.versions(topic):
            lines = version.path.read_text(encoding="utf-8").splitlines()
            for rule in version.rules:
                assert [field for field, _ in rule.field_lines] == [field for field, _ in rule.fields]
                for field, line in rule.field_lines:
                    assert re.search(rf"(^|[{{,]) *{field}:", lines[line - 1].strip()), (version.path, line)
                    checked += 1
    assert checked == sum(
        len(r.fields) for t in corpus.topic_names() for v in corpus.versions(corpus.topic(t)) for r in v.rules
    )
    assert checked > 250


@pytest.mark.parametrize(
    ("read", "text", "message"),
    [
        ("integer", "10.0", "must be a whole number (no decimal point), got '10.0'"),
        ("integer", "012", "must be a whole number (no leading zeros), got '012'"),
        ("number", "012", "must be a number such as 2 or 0.5 (no leading zeros), got '012'"),
        ("number", "01.5", "must be a number such as 2 or 0.5 (no leading zeros), got '01.5'"),
        ("integer", "-3", "must be a whole number of zero or more (a count cannot be negative), got '-3'"),
    ],
)
def test_a_refused_number_says_why(read: str, text: str, message: str) -> None:
    from kzrights.fieldtypes import BadValue, as_integer, as_number
    from kzrights.nodes import Scalar

    with pytest.raises(BadValue) as refused:
        (as_integer if read == "integer" else as_number)(Scalar(text, True, 1))
    assert str(refused.value) == message


def test_a_topic_folder_without_its_schema_is_named_as_such(mini_tree: Path) -> None:
    """Not 'unknown topic assembly; topics are: …' while the folder and its year files are there."""
    (mini_tree / "assembly" / "topic.yaml").unlink()
    result = run("--data", str(mini_tree), "diff", "assembly", "2004", "2019")
    assert result.exit_code == 2
    assert f"{mini_tree}/assembly/topic.yaml: missing: a topic folder needs its schema" in result.stderr
    assert "unknown topic" not in result.stderr
    assert "unknown topic 'nosuch'" in run("--data", str(mini_tree), "diff", "nosuch", "2004", "2019").stderr


@pytest.mark.parametrize(
    "command", [("list",), ("history", "assembly"), ("diff", "assembly", "2004", "2019"), ("changelog",)], ids=" ".join
)
def test_commands_refuse_a_year_file_no_source_describes(mini_tree: Path, command: tuple[str, ...]) -> None:
    """A `2020.yaml` was listed among the years with rules, and 1999.yaml made diff contradict itself."""
    shutil.copy(mini_tree / "assembly" / "2019.yaml", mini_tree / "assembly" / "2020.yaml")
    result = run("--data", str(mini_tree), "--no-pager", *command)
    assert result.exit_code == 2, result.stdout
    assert f"{mini_tree}/assembly/2020.yaml: no source in sources.yaml describes 2020" in result.stderr

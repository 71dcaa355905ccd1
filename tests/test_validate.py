"""`kzrights validate` catches each kind of problem, reports all of them located, and never writes."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import MINI, MINI_SEEDS, run


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
        "assembly/2004.yaml:8: rule 'regime': unknown key 'colour' in a rule; allowed: id, title, text, cite, fields",
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

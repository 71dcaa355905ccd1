"""The CLI as a user and a CI script meet it: exit codes, streams, messages, colour, formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MINI, REAL_DATA, run

from kzrights import __version__

D = ("--data", str(MINI))


def test_diff_leads_with_the_answer_then_what_held_then_silence_then_the_wording() -> None:
    result = run(*D, "--width", "0", "diff", "assembly", "2004", "2019")
    assert result.exit_code == 0
    assert result.stderr == ""
    out = result.stdout
    assert out.startswith("Public assembly (assembly): 2004 → 2019\n")
    assert "  from  2004  Old Report (Test Publisher, source year 2004)" in out
    sections = ["In short: ", "Changed (3)", "Same on both sides (1)", "Described only in the 2019 source (1)"]
    sections += ["Described only in the 2004 source (1)", "Between the two (1)", "Text changes"]
    positions = [out.index(section) for section in sections]
    assert positions == sorted(positions)
    assert "In short: 3 values changed (1 stricter, 2 looser); 1 the same on both sides;" in out
    assert "  regime.notice_days: 10 days → 5 days (−5)  ▼ looser" in out
    assert "  penalties.max_admin_arrest_days: 15 days → 20 days (+5)  ▲ stricter" in out
    assert "  penalties.admin_penalties: administrative arrest  · old-2004 line 3; new-2019 line 2" in out
    assert "      decision_deadline_days: 5 days  · old-2004 line 2" in out
    assert "  penalties.max_admin_arrest_days: 15 days (2004) → 10 days (2012) → 20 days (2019)" in out
    assert "Organizers must [-apply for a permit" in out
    assert "→ not stated" not in out, "silence is reported once, by section, never as a → pair per field"
    assert "\x1b[" not in out


def test_views_can_be_chosen() -> None:
    semantic = run(*D, "diff", "assembly", "2004", "2019", "--view", "semantic").stdout
    text = run(*D, "diff", "assembly", "2004", "2019", "--view", "text").stdout
    assert "Changed (3)" in semantic
    assert "Text changes" not in semantic
    assert "Text changes" in text
    assert "Changed (3)" not in text


def test_stat_prints_one_line_of_counts_per_rule() -> None:
    out = run(*D, "diff", "assembly", "2004", "2019", "--stat", "--width", "0").stdout
    lines = [line for line in out.splitlines() if " | " in line]
    assert lines == [
        " ~ regime    | 2 changed, 0 held, 1 only 2004, 0 only 2019  changed",
        " ~ penalties | 1 changed, 1 held, 0 only 2004, 0 only 2019  changed",
        " + support   | 0 changed, 0 held, 0 only 2004, 1 only 2019  described only in the 2019 source",
    ]


def test_a_mostly_rewritten_paragraph_is_printed_old_then_new(mini_tree: Path) -> None:
    path = mini_tree / "assembly" / "2019.yaml"
    path.write_text(
        path.read_text().replace(
            "text: Taking part in an unsanctioned gathering can bring up to 20 days of arrest.",
            "text: Participants risk detention for as long as twenty days under the new code.",
        )
    )
    out = run("--data", str(mini_tree), "--width", "0", "diff", "assembly", "2004", "2019", "--view", "text").stdout
    assert "  2004: Taking part in an unsanctioned gathering can bring up to 15 days of arrest." in out
    assert "  2019: Participants risk detention for as long as twenty days under the new code." in out


def test_color_is_accepted_before_and_after_the_subcommand() -> None:
    before = run(*D, "--color", "always", "diff", "assembly", "2004", "2019").stdout
    after = run(*D, "diff", "assembly", "2004", "2019", "--color", "always").stdout
    british = run(*D, "diff", "assembly", "2004", "2019", "--colour", "always").stdout
    assert "\x1b[" in before
    assert before == after == british
    assert "\x1b[" not in run(*D, "--color", "always", "diff", "assembly", "2004", "2019", "--color", "never").stdout


def test_quotes_are_printed_on_request_only() -> None:
    quote = "“up to 20 days of administrative arrest”"
    assert quote not in run(*D, "diff", "assembly", "2004", "2019").stdout
    assert quote in run(*D, "diff", "assembly", "2004", "2019", "--quotes").stdout


def test_year_between_sources_resolves_to_the_latest_before_it_and_says_so() -> None:
    result = run(*D, "diff", "assembly", "2005", "2025", "--format", "json")
    data = json.loads(result.stdout)
    assert (data["from"]["requested"], data["from"]["year"]) == (2005, 2004)
    assert (data["to"]["requested"], data["to"]["year"]) == (2025, 2019)
    header = run(*D, "diff", "assembly", "2005", "2019").stdout.splitlines()[0]
    assert header == "Public assembly (assembly): 2005 → 2004 source → 2019"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("diff", "assembly", "2004", "2019"), 0),
        (("diff", "assembly", "2004", "2019", "--exit-code"), 1),
        (("diff", "assembly", "2004", "2004", "--exit-code"), 0),
        (("diff", "assembly", "2004", "2019", "--fail-on", "stricter"), 1),
        (("diff", "assembly", "2004", "2019", "--fail-on", "looser"), 1),
        (("diff", "assembly", "2004", "2019", "--fail-on", "any"), 1),
        (("diff", "assembly", "2004", "2004", "--fail-on", "any"), 0),
    ],
)
def test_exit_codes_for_differences(args: tuple[str, ...], code: int) -> None:
    assert run(*D, *args).exit_code == code


def test_fail_on_stricter_passes_when_only_looser_changes(mini_tree: Path) -> None:
    for name in ("2004.yaml", "2019.yaml"):  # keep only the notice change, which is looser
        path = mini_tree / "assembly" / name
        path.write_text(path.read_text().split("  - id: penalties")[0])
    assert run("--data", str(mini_tree), "diff", "assembly", "2004", "2019", "--fail-on", "stricter").exit_code == 0
    assert run("--data", str(mini_tree), "diff", "assembly", "2004", "2019", "--fail-on", "looser").exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("diff", "protest", "2004", "2019"), "kzrights: error: unknown topic 'protest'; topics are: assembly\n"),
        (
            ("diff", "assembly", "1999", "2019"),
            "kzrights: error: no source describes 1999 or earlier; the first source year is 2004. Years with rules on assembly: 2004, 2012, 2019\n",
        ),
        (
            ("diff", "assembly", "2007", "2019"),
            "kzrights: error: the 2007 source, Middle Report, states no rule on assembly (Read in full; states no rule on assemblies.). "
            "Years with rules on assembly: 2004, 2012, 2019\n",
        ),
        (
            ("show", "assembly", "2008"),
            "kzrights: error: the 2007 source, Middle Report (2008 resolves to the 2007 source), states no rule on assembly "
            "(Read in full; states no rule on assemblies.). Years with rules on assembly: 2004, 2012, 2019\n",
        ),
    ],
)
def test_requests_that_cannot_be_answered_exit_2_with_what_exists(args: tuple[str, ...], message: str) -> None:
    result = run(*D, *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == message


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("diff", "assembly", "2004"), "expected TOPIC FROM TO"),
        (("diff", "assembly", "20o4", "2019"), "a year is four digits, such as 2004; got '20o4'"),
        (("diff", "assembly", "2004", "2019", "--format", "yaml"), "Invalid value for '--format'"),
        (("diff", "assembly", "2004", "2019", "--files", "a.yaml", "b.yaml"), "either TOPIC FROM TO or --files"),
        (("frobnicate",), "No such command 'frobnicate'"),
    ],
)
def test_bad_usage_exits_2_with_a_message(args: tuple[str, ...], fragment: str) -> None:
    result = run(*D, *args)
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_data_exits_2_naming_file_line_rule_and_field(mini_tree: Path) -> None:
    path = mini_tree / "assembly" / "2019.yaml"
    path.write_text(path.read_text().replace("notice_days: 5", "notice_days: five"))
    result = run("--data", str(mini_tree), "diff", "assembly", "2004", "2019")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{path}:11: rule 'regime': field 'notice_days': must be a whole number, got 'five'\n"
        "kzrights: 1 problem in the data\n"
    )


def test_data_folder_without_registry_is_explained(tmp_path: Path) -> None:
    result = run("--data", str(tmp_path), "list")
    assert result.exit_code == 2
    assert "is not a provisions folder: it has no sources.yaml" in result.stderr


def test_internal_error_exits_3_with_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug must never look like "differences found" (1) or "bad input" (2) to a CI script."""

    def broken(*_: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("kzrights.compare.compare", broken)
    result = run(*D, "diff", "assembly", "2004", "2019")
    assert result.exit_code == 3
    assert "Traceback" in result.stderr
    assert "RuntimeError: boom" in result.stderr
    assert "internal error (a bug in kzrights)" in result.stderr


def test_diff_files_compares_two_year_files_directly(mini_tree: Path) -> None:
    old = mini_tree / "assembly" / "2019.yaml"
    edited = mini_tree / "edited.yaml"
    edited.write_text(
        old.read_text()
        .replace("up to 20 days", "up to 30 days", 1)
        .replace("max_admin_arrest_days: 20", "max_admin_arrest_days: 30")
    )
    result = run(
        "--data",
        str(mini_tree),
        "--width",
        "0",
        "diff",
        "--files",
        str(old),
        str(edited),
        "--exit-code",
        "--view",
        "semantic",
    )
    assert result.exit_code == 1
    assert "penalties.max_admin_arrest_days: 20 days → 30 days (+10)  ▲ stricter" in result.stdout
    assert f"2019 ({edited})" in result.stdout.splitlines()[0]


def test_diff_files_of_different_topics_is_refused(mini_tree: Path) -> None:
    other = mini_tree / "other.yaml"
    other.write_text((mini_tree / "assembly" / "2019.yaml").read_text().replace("topic: assembly", "topic: exit"))
    result = run("--data", str(mini_tree), "diff", "--files", str(mini_tree / "assembly" / "2004.yaml"), str(other))
    assert result.exit_code == 2
    assert "unknown topic 'exit'" in result.stderr


def test_show_lists_rules_fields_with_units_and_citations() -> None:
    out = run(*D, "show", "assembly", "2004", "--quotes").stdout
    assert "regime — Permit regime" in out
    assert "    notice_days: 10 days" in out
    assert "    evidence: old-2004 lines 1-2, 2" in out
    assert "“must answer within five days”" in out


def test_show_json_is_a_contract() -> None:
    data = json.loads(run(*D, "show", "assembly", "2019", "--format", "json").stdout)
    assert list(data) == ["schema_version", "kind", "topic", "year", "source", "summary", "rules"]
    assert data["rules"][0]["fields"][1] == {"field": "notice_days", "value": 5, "unit": "days"}


def test_list_names_topics_years_and_silent_sources() -> None:
    out = run(*D, "list").stdout
    assert "assembly — Public assembly" in out
    assert "  years with rules: 2004, 2012, 2019" in out
    assert "  silent: 2007 (mid-2007): Read in full; states no rule on assemblies." in out
    data = json.loads(run(*D, "list", "--format", "json").stdout)
    assert data["topics"][0]["years"] == [2004, 2012, 2019]


def test_data_can_come_from_the_environment() -> None:
    assert run("list", env={"KZRIGHTS_DATA": str(MINI)}).stdout.startswith("Topics\n\nassembly")


@pytest.mark.parametrize(
    ("flag", "env", "coloured"),
    [
        ("auto", {}, False),  # CliRunner's stdout is not a terminal
        ("auto", {"FORCE_COLOR": "1"}, True),
        ("auto", {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ("always", {"NO_COLOR": "1"}, True),  # an explicit flag beats the environment
        ("never", {"FORCE_COLOR": "1"}, False),
    ],
)
def test_colour_follows_flag_then_environment_then_terminal(flag: str, env: dict[str, str], coloured: bool) -> None:
    out = run(*D, "--color", flag, "diff", "assembly", "2004", "2019", env=env).stdout
    assert ("\x1b[" in out) is coloured


def test_machine_formats_never_carry_escape_codes() -> None:
    for fmt in ("json", "markdown"):
        assert "\x1b[" not in run(*D, "--color", "always", "diff", "assembly", "2004", "2019", "--format", fmt).stdout


def test_legal_text_is_never_parsed_as_markup(mini_tree: Path) -> None:
    path = mini_tree / "assembly" / "2019.yaml"
    path.write_text(
        path.read_text().replace(
            "Organizers must notify local authorities five days ahead.",
            "Organizers [sic] must notify [bold]five[/bold] days ahead.",
        )
    )
    out = run("--data", str(mini_tree), "--color", "always", "show", "assembly", "2019").stdout
    assert "[sic]" in out
    assert "[bold]five[/bold]" in out


def test_version_and_help_document_exit_codes() -> None:
    assert run("--version").stdout == f"kzrights, version {__version__}\n"
    help_text = run("diff", "--help").stdout
    for line in ("0  no differences", "1  differences found", "2  bad usage or bad data", "3  internal error"):
        assert line in help_text


def test_a_diff_between_two_kinds_of_document_says_so() -> None:
    """The Action Plan describes the law as the government sees it; the State Department reports monitor it."""
    unlike = run("--data", str(REAL_DATA), "--width", "0", "diff", "assembly", "2009", "2016").stdout
    assert (
        "  note: the two sources are different kinds of document (2009: a government's own action plan; "
        "2016: a foreign government's monitoring report); a difference may be one of description, not of law."
    ) in unlike
    assert "note:" not in run("--data", str(REAL_DATA), "diff", "assembly", "2016", "2019").stdout
    markdown = run("--data", str(REAL_DATA), "diff", "assembly", "2009", "2016", "--format", "markdown").stdout
    assert "**Note:** the two sources are different kinds of document" in markdown


def test_an_unknown_kind_of_source_is_refused_with_its_line(mini_tree: Path) -> None:
    registry = mini_tree / "sources.yaml"
    registry.write_text(registry.read_text().replace("kind: ngo-report", "kind: blog", 1))
    result = run("--data", str(mini_tree), "validate")
    assert result.exit_code == 2
    assert (
        f"{registry}:13: 'kind' must be one of government-action-plan, foreign-government-report, ngo-report; got 'blog'"
        in result.stderr
    )


def test_diff_files_reads_an_edited_tree_with_its_own_schema(mini_tree: Path) -> None:
    """`diff --files TREE/assembly/2004.yaml TREE/assembly/2019.yaml` without --data: the schema is TREE's own, not
    the bundled corpus's, which knows neither the tree's sources nor a field the tree adds."""
    topic = mini_tree / "assembly" / "topic.yaml"
    topic.write_text(
        topic.read_text(encoding="utf-8").replace(
            "  decision_deadline_days:\n",
            "  notice_hours:\n    type: integer\n    unit: hours\n    stricter: higher\n"
            "    meaning: Hours of notice.\n  decision_deadline_days:\n",
        ),
        encoding="utf-8",
    )
    year = mini_tree / "assembly" / "2019.yaml"
    text = year.read_text(encoding="utf-8").replace("notice_days: 5", "notice_days: 5\n      notice_hours: 120")
    year.write_text(text.replace("supports: [regime, notice_days]", "supports: [regime, notice_days, notice_hours]"))
    assert run("--data", str(mini_tree), "validate").exit_code == 0
    result = run("--no-pager", "diff", "--files", str(mini_tree / "assembly" / "2004.yaml"), str(year), env={})
    assert result.exit_code == 0, result.stderr
    assert "notice_hours: 120 hours" in result.stdout
    elsewhere = mini_tree.parent / "my-edit.yaml"  # a file outside any tree: the default tree's schema, as before
    elsewhere.write_text(year.read_text(encoding="utf-8"), encoding="utf-8")
    refused = run("--no-pager", "diff", "--files", str(REAL_DATA / "assembly" / "2019.yaml"), str(elsewhere))
    assert refused.exit_code == 2


@pytest.mark.parametrize("fmt", ["json", "markdown"])
def test_stat_with_another_format_is_refused_not_ignored(fmt: str) -> None:
    result = run(*D, "diff", "assembly", "2004", "2019", "--stat", "--format", fmt)
    assert result.exit_code == 2
    assert f"--stat is a view of the text format; --format {fmt} has its counts in its summary" in result.stderr


def test_an_edit_that_only_moves_a_citation_is_shown_and_counts_as_a_change(tmp_path: Path) -> None:
    """`git diff` and `diff --files --exit-code` on an edit of one year file: the evidence is the claim."""
    edited = tmp_path / "2004.yaml"
    edited.write_text(
        (MINI / "assembly" / "2004.yaml").read_text(encoding="utf-8").replace('lines: "1-2"', 'lines: "1-3"')
    )
    args = (*D, "--no-pager", "diff", "--files", str(MINI / "assembly" / "2004.yaml"), str(edited))
    text = run(*args, "--view", "semantic", "--exit-code")
    assert text.exit_code == 1, "a moved citation is a change"
    assert "1 rule cited otherwise" in " ".join(text.stdout.split())
    assert (
        "Cited otherwise (1)\n  regime — Permit regime\n      from: old-2004 lines 1-2, 2\n      to:   old-2004 lines 1-3, 2"
        in (text.stdout)
    )
    markdown = run(*args, "--format", "markdown").stdout
    assert "| `regime` | old-2004 lines 1-2, 2 | old-2004 lines 1-3, 2 |" in markdown
    data = json.loads(run(*args, "--format", "json").stdout)
    assert data["summary"]["rules_recited"] == 1
    assert [c["lines"] for c in data["recited"][0]["evidence"]["to"]] == ["1-3", "2-2"]
    unchanged = run(*D, "--no-pager", "diff", "assembly", "2004", "2019", "--format", "json")
    assert json.loads(unchanged.stdout)["recited"] == [], "two sources: their citations always differ, nothing said"


def test_an_edit_that_only_requotes_shows_the_new_quote(tmp_path: Path) -> None:
    edited = tmp_path / "2004.yaml"
    original = (MINI / "assembly" / "2004.yaml").read_text(encoding="utf-8")
    edited.write_text(original.replace("quote: must answer within five days", "quote: must answer within five"))
    result = run(*D, "--no-pager", "diff", "--files", str(MINI / "assembly" / "2004.yaml"), str(edited))
    assert "      now: “must answer within five” (old-2004 line 2)" in result.stdout

"""`kzrights review`: what a pull request changed in the data, read from a real git repository."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI, REAL_DATA, add_year_2021, git, make_repo, run

from kzrights.corpus import Corpus

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The fixture corpus committed in a fresh repository; the working tree is the head under review."""
    return make_repo(tmp_path / "repo")


def review(data: Path, *args: str, base: str = "main") -> Any:
    result = run("--data", str(data), "review", "--base", base, *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def changes(data: Path, *args: str, base: str = "main") -> list[dict[str, Any]]:
    return list(review(data, *args, base=base)["changes"])


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_is_said_and_passes_every_gate(data: Path) -> None:
    result = run("--data", str(data), "review", "--base", "main", "--fail-on", "any")
    assert result.exit_code == 0, result.stderr
    assert "No changes to the provisions." in result.stdout
    assert result.stderr == ""


def test_an_added_year_is_compared_with_the_source_year_before_it(data: Path) -> None:
    add_year_2021(data)
    found = review(data)
    assert found["files"] == [
        {"topic": None, "file": "provisions/sources.yaml", "change": "changed", "compared_with": []},
        {"topic": "assembly", "file": "provisions/assembly/2021.yaml", "change": "added", "compared_with": ["2019"]},
    ]
    (arrest,) = [c for c in found["changes"] if c["kind"] == "field"]
    assert (arrest["rule"], arrest["field"], arrest["old"], arrest["new"]) == (
        "penalties",
        "max_admin_arrest_days",
        20,
        25,
    )
    assert (arrest["direction"], arrest["from"], arrest["to"]) == ("stricter", "2019", "2021")
    assert [c["kind"] for c in found["changes"]] == ["source", "field"]


def test_a_year_added_between_two_is_compared_with_both_neighbours(data: Path) -> None:
    """2010 lies between 2004 and 2012: its changes from 2004, and the 2012 file's changes from it."""
    with (data / "sources.yaml").open("a", encoding="utf-8") as registry:
        registry.write(
            "  - id: mid-2010\n    year: 2010\n    kind: ngo-report\n    title: Mid Report\n    publisher: P\n    published: null\n"
            "    covers: events of 2010\n    file: old.txt\n"
            "    sha256: cef14a134aa2587c321564beb21bf8538c4996788005d13dfc08ae988ecf2008\n"
        )
    text = (data / "assembly" / "2004.yaml").read_text(encoding="utf-8")
    text = text.replace("year: 2004", "year: 2010").replace("old-2004", "mid-2010")
    (data / "assembly" / "2010.yaml").write_text(text.replace("notice_days: 10", "notice_days: 12"), "utf-8")
    found = review(data)
    (added,) = [f for f in found["files"] if f["change"] == "added"]
    assert added["compared_with"] == ["2004", "2012"]
    pairs = [(c["field"], c["from"], c["to"], c["old"], c["new"]) for c in found["changes"] if c["kind"] == "field"]
    assert ("notice_days", "2004", "2010", 10, 12) in pairs
    assert ("notice_days", "2010", "2012", 12, 10) in pairs
    later = [c for c in found["changes"] if c["to"] == "2012"]
    assert all(c["file"] == "provisions/assembly/2010.yaml" for c in later), "the added file is the one annotated"


def test_a_changed_year_is_compared_with_its_own_base_version(data: Path) -> None:
    edit(data / "assembly" / "2019.yaml", "notice_days: 5", "notice_days: 7")
    (change,) = changes(data)
    assert (change["field"], change["old"], change["new"], change["direction"]) == ("notice_days", 5, 7, "stricter")
    assert (change["from"], change["to"]) == ("2019 at main", "2019")


def test_a_removed_year_and_newly_recorded_silence(data: Path) -> None:
    (data / "assembly" / "2019.yaml").unlink()
    edit(
        data / "assembly" / "topic.yaml",
        "rule_order:",
        "  - year: 2019\n    source: new-2019\n    note: Read again; states no rule on assemblies.\nrule_order:",
    )
    found = changes(data)
    assert [(c["kind"], c["field"], c["direction"]) for c in found] == [
        ("silence", "2019", "not-comparable"),
        ("year-removed", "2019", "not-comparable"),
    ]
    assert found[1]["file"] == "provisions/assembly/2019.yaml"


@pytest.mark.parametrize(
    ("old", "new", "regrades"),
    [
        (
            "    unit: days\n    stricter: higher\n    meaning: Days of advance",
            "    unit: days\n    stricter: lower\n    meaning: Days of advance",
            True,
        ),
        (
            "    unit: days\n    stricter: higher\n    meaning: Days of advance",
            "    unit: hours\n    stricter: higher\n    meaning: Days of advance",
            True,
        ),
        ("values: [notification, permit]", "values: [permit, notification]", True),
        ("values: [notification, permit]", "values: [notification, permit, ban]", False),
    ],
    ids=["direction-flipped", "unit-changed", "enum-reordered", "enum-value-added"],
)
def test_schema_changes_and_which_re_grade_history(data: Path, old: str, new: str, regrades: bool) -> None:
    edit(data / "assembly" / "topic.yaml", old, new)
    (change,) = changes(data)
    assert change["kind"] == "schema"
    assert change["regrades"] is regrades
    assert change["file"] == "provisions/assembly/topic.yaml"
    gate = run("--data", str(data), "review", "--base", "main", "--fail-on", "looser")
    assert gate.exit_code == (1 if regrades else 0), "a re-grading schema change trips every level of the gate"


def test_an_enum_value_dropped_while_a_value_moves_is_compared_without_a_crash(data: Path) -> None:
    """The base's `permit` is no value of the head's enum: that field gets no direction, the schema change trips."""
    edit(data / "assembly" / "topic.yaml", "values: [notification, permit]", "values: [notification, licence]")
    edit(data / "assembly" / "2004.yaml", "regime: permit", "regime: licence")
    edit(data / "assembly" / "2012.yaml", "regime: permit", "regime: licence")
    found = changes(data)
    kinds = {(c["kind"], c["direction"], c["regrades"]) for c in found}
    assert ("schema", "neutral", True) in kinds
    assert ("field", "neutral", False) in kinds


def test_fields_added_and_removed_from_the_schema(data: Path) -> None:
    edit(
        data / "assembly" / "topic.yaml",
        "  venue_note:\n    type: text\n    stricter: none\n    meaning: Where assemblies may be held.\n",
        "",
    )
    edit(
        data / "assembly" / "topic.yaml",
        "fields:\n",
        "fields:\n  permit_fee:\n    type: integer\n    unit: tenge\n    stricter: higher\n    meaning: Fee.\n",
    )
    found = changes(data)
    assert [(c["field"], c["old"] is None, c["new"] is None) for c in found] == [
        ("permit_fee", True, False),
        ("venue_note", False, True),
    ]


def test_a_source_changed_is_a_finding(data: Path) -> None:
    edit(data / "sources.yaml", "title: New Report", "title: New Report (revised)")
    (change,) = changes(data)
    entry = (data / "sources.yaml").read_text(encoding="utf-8").splitlines().index("  - id: new-2019") + 1
    assert (change["kind"], change["field"], change["file"], change["line"]) == (
        "source",
        "new-2019",
        "provisions/sources.yaml",
        entry,
    )


def test_a_base_without_the_data_folder_makes_everything_new(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "t@example.org")
    git(repo, "config", "user.name", "T")
    git(repo, "commit", "-q", "--allow-empty", "-m", "empty")
    shutil.copytree(MINI, repo / "provisions")
    found = review(repo / "provisions")
    assert {f["file"]: f["compared_with"] for f in found["files"] if f["change"] == "added"} == {
        "provisions/assembly/topic.yaml": [],
        "provisions/assembly/2004.yaml": [],  # the first year: every rule of it is new; 2012 is compared with it
        "provisions/assembly/2012.yaml": ["2004"],
        "provisions/assembly/2019.yaml": ["2012"],
    }
    assert found["summary"]["changes"] > 10


def test_head_can_be_a_revision_and_nothing_is_checked_out(data: Path) -> None:
    repo = data.parent
    edit(data / "assembly" / "2019.yaml", "notice_days: 5", "notice_days: 7")
    git(repo, "commit", "-qam", "notice")
    edit(data / "assembly" / "2019.yaml", "notice_days: 7", "notice_days: 9")  # an uncommitted edit stays put
    status = git(repo, "status", "--porcelain")
    head = git(repo, "rev-parse", "HEAD")
    (change,) = changes(data, "--head", "HEAD", base="HEAD~1")
    assert (change["old"], change["new"]) == (5, 7)
    assert git(repo, "status", "--porcelain") == status
    assert git(repo, "rev-parse", "HEAD") == head
    assert "notice_days: 9" in (data / "assembly" / "2019.yaml").read_text(encoding="utf-8")


def test_invalid_head_is_refused_with_every_problem(data: Path) -> None:
    edit(data / "assembly" / "2019.yaml", "notice_days: 5", "notice_days: five")
    result = run("--data", str(data), "review", "--base", "main")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "2019.yaml:11: rule 'regime': field 'notice_days': must be a whole number, got 'five'" in result.stderr
    github = run("--data", str(data), "review", "--base", "main", "--format", "github")
    assert github.exit_code == 2
    assert re.search(r"^::error file=.*2019\.yaml,line=11,title=kzrights validate::rule 'regime'", github.stdout, re.M)


def test_an_invalid_base_is_read_as_far_as_it_can_be(data: Path) -> None:
    repo = data.parent
    edit(data / "assembly" / "2004.yaml", "notice_days: 10", "notice_days: ten")
    git(repo, "commit", "-qam", "broken")
    edit(data / "assembly" / "2004.yaml", "notice_days: ten", "notice_days: 10")
    found = review(data)
    problem = found["base_problems"][0]
    assert (problem["file"], problem["line"], problem["field"]) == (
        "main:provisions/assembly/2004.yaml",
        11,
        "notice_days",
    )
    (change,) = found["changes"]
    assert (change["field"], change["old"], change["new"]) == ("notice_days", None, 10), (
        "what it could not read is absent"
    )
    assert "the base has 1 problem in the data" in run("--data", str(data), "review", "--base", "main").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--base", "no-such-branch"), "unknown git revision 'no-such-branch'"),
        (("--base", "--all"), "'--all' is not a git revision"),
    ],
)
def test_bad_revisions_exit_2(data: Path, args: tuple[str, ...], message: str) -> None:
    result = run("--data", str(data), "review", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_folder_outside_git_cannot_be_reviewed(mini_tree: Path) -> None:
    result = run("--data", str(mini_tree), "review", "--base", "main")
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.stderr


# --- annotations at the right line ----------------------------------------------------------------------


def workflow_commands(output: str) -> list[dict[str, str]]:
    found = []
    for line in output.splitlines():
        match = re.fullmatch(r"::(error|warning|notice) (.*?)::(.*)", line)
        assert match, f"not a workflow command: {line!r}"
        properties = dict(part.split("=", 1) for part in match[2].split(","))
        found.append({"level": match[1], **properties, "message": match[3]})
    return found


def test_annotations_sit_on_the_line_of_the_changed_key_in_the_head_file(data: Path) -> None:
    added = add_year_2021(data)
    edit(data / "assembly" / "2019.yaml", "notice_days: 5", "notice_days: 6")
    result = run("--data", str(data), "review", "--base", "main", "--format", "github")
    assert result.exit_code == 0, result.stderr
    corpus = Corpus(data)
    topic = corpus.topic("assembly")
    checked = 0
    for note in workflow_commands(result.stdout)[1:]:  # the first is the summary notice
        if "file" not in note or not note["file"].startswith("provisions/assembly/20"):
            continue
        year = int(Path(note["file"]).stem)
        version = corpus.version(topic, year)
        rule_id, field = note["title"].split("%3A ")[1].split(" ")[1].split(".")
        rule = version.rule(rule_id)
        assert rule is not None
        assert int(note["line"]) == rule.field_line(field), "the line the loader recorded for the key"
        key_line = (data.parent / note["file"]).read_text(encoding="utf-8").splitlines()[int(note["line"]) - 1]
        assert re.search(rf"(^|[{{,]) *{field}:", key_line.strip()), key_line
        checked += 1
    assert checked == 3  # 2019's notice edit; 2021's notice and arrest against the edited 2019
    assert added.name == "2021.yaml"


def test_stricter_is_an_error_and_the_rest_notices_unless_the_gate_says_otherwise(data: Path) -> None:
    add_year_2021(data)
    default = workflow_commands(run("--data", str(data), "review", "--base", "main", "--format", "github").stdout)
    assert [n["level"] for n in default] == ["notice", "notice", "error"]
    strict = workflow_commands(
        run("--data", str(data), "review", "--base", "main", "--format", "github", "--fail-on", "any").stdout
    )
    assert [n["level"] for n in strict] == ["notice", "error", "error"]


def test_annotate_writes_annotations_to_stderr_beside_another_format(data: Path) -> None:
    add_year_2021(data)
    result = run("--data", str(data), "review", "--base", "main", "--format", "markdown", "--annotate")
    assert result.stdout.startswith("## kzrights review")
    assert f"::error file=provisions/assembly/2021.yaml,line={arrest_line(data)}," in result.stderr


# --- the gate -------------------------------------------------------------------------------------------


def arrest_line(data: Path) -> int:
    """The line of the 2021 file that states the arrest maximum, found by reading it."""
    lines = (data / "assembly" / "2021.yaml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if "max_admin_arrest_days:" in line)


def test_the_gate_names_each_change_that_trips_it_on_stderr(data: Path) -> None:
    add_year_2021(data)
    result = run("--data", str(data), "review", "--base", "main", "--fail-on", "stricter")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(
        "kzrights: gate: stricter: assembly penalties.max_admin_arrest_days: 20 days → 25 days (+5) (2019 → 2021) "
        f"at provisions/assembly/2021.yaml:{arrest_line(data)}; fingerprint "
    )
    assert lines[-1].startswith("kzrights: 1 change trips --fail-on stricter;")
    assert len(lines) == 2
    assert run("--data", str(data), "review", "--base", "main", "--fail-on", "looser").exit_code == 0


def test_the_real_corpus_reviews_its_own_history() -> None:
    """A data commit of this repository, reviewed as its pull request was: a second reading of all four topics."""
    result = run("--data", str(REAL_DATA), "review", "--base", "53a3222~1", "--head", "53a3222", "--format", "json")
    if result.exit_code == 2 and "unknown git revision" in result.stderr:
        pytest.skip("this clone does not have the history (a shallow clone)")
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    assert {f["change"] for f in found["files"]} == {"changed"}
    assert found["summary"]["changes"] == len(found["changes"]) > 10
    removed = [
        (c["topic"], c["rule"], c["field"]) for c in found["changes"] if c["kind"] == "field" and c["new"] is None
    ]
    assert ("libel", "criminal-libel", "criminal_libel") in removed, (
        "the commit removed a value the source only implies"
    )


CAVEAT = """    caveats:
      - field: max_admin_arrest_days
        comparable: false
        note: The report gives the term for participants only, not for organizers.
        cite:
          - source: new-2019
            lines: "2-2"
            quote: up to 20 days of administrative arrest
"""


def test_a_caveat_that_takes_a_direction_away_re_grades_history(data: Path) -> None:
    """A caveat marking a value not comparable makes a stricter change count as neither: the gate must see it."""
    edit(
        data / "assembly" / "2019.yaml",
        "        quote: up to 20 days of administrative arrest\n",
        "        quote: up to 20 days of administrative arrest\n" + CAVEAT,
    )
    (change,) = changes(data)
    assert (change["kind"], change["rule"], change["field"], change["regrades"]) == (
        "caveat",
        "penalties",
        "max_admin_arrest_days",
        True,
    )
    assert change["new"] == [
        {"comparable": False, "note": "The report gives the term for participants only, not for organizers."}
    ]
    lines = (data / "assembly" / "2019.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[change["line"] - 1].strip() == "- field: max_admin_arrest_days"
    assert run("--data", str(data), "review", "--base", "main", "--fail-on", "stricter").exit_code == 1
    edit(data / "assembly" / "2019.yaml", "comparable: false", "comparable: true")
    (note_only,) = changes(data)
    assert note_only["regrades"] is False


def test_mci_rates_added_grade_new_years_and_changed_ones_re_grade(data: Path) -> None:
    (data / "mci.yaml").write_text(
        "mci:\n  - year: 2004\n    tenge: 919\n    basis: b\n  - year: 2019\n    tenge: 2525\n    basis: b\n"
    )
    added = changes(data)
    assert [(c["kind"], c["field"], c["regrades"], c["line"]) for c in added] == [
        ("mci", "2004", False, 2),
        ("mci", "2019", False, 5),
    ]
    git(data.parent, "add", ".")
    git(data.parent, "commit", "-qm", "mci")
    edit(data / "mci.yaml", "tenge: 2525", "tenge: 2600")
    (changed,) = changes(data)
    assert (changed["old"]["tenge"], changed["new"]["tenge"], changed["regrades"]) == (2525, 2600, True)
    text = run("--data", str(data), "--color", "never", "review", "--base", "main").stdout
    assert "re-grades history  MCI 2019: 2525 tenge → 2600 tenge" in text


def test_a_changed_citation_is_a_finding_though_no_value_changed(data: Path) -> None:
    """Every fact stands on its citation: a pull request that moves a line range or trims a quote must show."""
    year = data / "assembly" / "2004.yaml"
    edit(year, 'lines: "1-2"', 'lines: "1-3"')
    (change,) = changes(data)
    rule_line = year.read_text(encoding="utf-8").splitlines().index("  - id: regime") + 1
    assert (change["kind"], change["rule"], change["field"], change["file"], change["line"]) == (
        "citation",
        "regime",
        None,
        "provisions/assembly/2004.yaml",
        rule_line,
    )
    assert [c["lines"] for c in change["old"]] == ["1-2", "2-2"]
    assert [c["lines"] for c in change["new"]] == ["1-3", "2-2"]
    assert change["new"][0] == {
        "source": "old-2004",
        "lines": "1-3",
        "quote": "apply for a permit ten days in advance",
        "supports": ["regime", "notice_days"],
    }
    text = run("--data", str(data), "review", "--base", "main", "--no-pager")
    assert "regime citations: old-2004 lines 1-2; old-2004 lines 2-2 → old-2004 lines 1-3; old-2004 lines 2-2" in (
        " ".join(text.stdout.split())
    )
    assert run("--data", str(data), "review", "--base", "main", "--fail-on", "any").exit_code == 1
    assert run("--data", str(data), "review", "--base", "main", "--fail-on", "stricter").exit_code == 0


def test_a_trimmed_quote_is_a_finding_at_the_same_lines(data: Path) -> None:
    edit(data / "assembly" / "2004.yaml", "quote: must answer within five days", "quote: must answer within five")
    (change,) = changes(data)
    assert change["kind"] == "citation"
    text = run("--data", str(data), "review", "--base", "main", "--no-pager").stdout
    assert "quote changed at old-2004 lines 1-2; old-2004 lines 2-2" in " ".join(text.split())

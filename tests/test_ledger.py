"""The ledger of accepted changes: stable fingerprints, `kzrights accept` writing only its file, safely, and the
gate, diff and changelog honouring what it says."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI, run
from hypothesis import given
from hypothesis import strategies as st
from strategies import TOPIC, versions

from kzrights.errors import DataError
from kzrights.findings import fingerprint, report_findings
from kzrights.ledger import HEADER, entry_text
from kzrights.loader import read_ledger
from kzrights.model import Acceptance, Resolved

KZRIGHTS = str(Path(sys.executable).parent / "kzrights")
ARREST = "49335c13bd59bf43"  # mini corpus, penalties.max_admin_arrest_days 15 → 20 days, stricter
TODAY = {"KZRIGHTS_TODAY": "2025-03-01"}


def accept(tree: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = run("--data", str(tree), "accept", *args, env={**TODAY, **(env or {})})
    return result.exit_code, result.stdout, result.stderr


# --- fingerprints ---------------------------------------------------------------------------------------


def test_a_fingerprint_is_pinned_to_what_changed() -> None:
    """The canonical JSON and its hash are a contract: a ledger written today must match next year's kzrights."""
    canonical = '{"field":"max_admin_arrest_days","new":20,"old":15,"rule":"penalties","topic":"assembly","v":1}'
    assert hashlib.sha256(canonical.encode()).hexdigest()[:16] == ARREST
    assert fingerprint("assembly", "penalties", "max_admin_arrest_days", 15, 20) == ARREST
    assert (
        fingerprint("t", "r", "f", ["é", "b"], None)
        == hashlib.sha256('{"field":"f","new":null,"old":["é","b"],"rule":"r","topic":"t","v":1}'.encode()).hexdigest()[
            :16
        ]
    ), "UTF-8 as is, not \\u escapes"
    assert fingerprint("t", "r", "f", 1, 2) != fingerprint("t", "r", "f", 2, 1)
    assert fingerprint("t", "r", "f", 1, 2) != fingerprint("t", "r", "g", 1, 2)
    assert fingerprint("t", "r", "f", 1, 2) != fingerprint("t", "r", "f", 1.5, 2)


def test_the_fingerprint_is_the_same_in_another_interpreter_with_another_hash_seed() -> None:
    code = "from kzrights.findings import fingerprint; print(fingerprint('assembly', 'penalties', 'max_admin_arrest_days', 15, 20))"
    for seed in ("0", "12345"):
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        assert out.strip() == ARREST


def test_rewording_a_rule_keeps_its_field_changes_fingerprints(mini_tree: Path) -> None:
    before = json.loads(run("--data", str(mini_tree), "diff", "assembly", "2004", "2019", "--format", "json").stdout)
    path = mini_tree / "assembly" / "2019.yaml"
    path.write_text(
        path.read_text().replace("can bring up to 20 days of arrest", "may bring as many as 20 days of arrest")
    )
    after = json.loads(run("--data", str(mini_tree), "diff", "assembly", "2004", "2019", "--format", "json").stdout)

    def prints(data: dict[str, Any]) -> list[tuple[str, str | None]]:
        return [(f["field"], f["fingerprint"]) for r in data["rules"] for f in r["fields"]]

    assert prints(before) == prints(after)
    assert ("max_admin_arrest_days", ARREST) in prints(after)
    wording = [r["fingerprint"] for r in before["rules"]], [r["fingerprint"] for r in after["rules"]]
    assert wording[0][1] != wording[1][1], "the rule's own wording change is another change, with another fingerprint"


# --- accept ---------------------------------------------------------------------------------------------


def test_accept_appends_one_entry_and_keeps_every_other_byte(mini_tree: Path) -> None:
    ledger = mini_tree / "accepted.yaml"
    original = "# our ledger; keep this comment\n\n- fingerprint: cf020cbd7512250a   # regime\n  reason: 'quoted, the other way'\n  by: Ana\n  date: 2024-01-02"
    ledger.write_text(original, encoding="utf-8")  # no final newline, odd spacing: all of it must survive
    code, out, err = accept(mini_tree, ARREST, "--reason", 'checked "20 days" against line 2: it says so', "--by", "Bo")
    assert code == 0, err
    assert out == f"{ledger}: accepted {ARREST} (assembly penalties.max_admin_arrest_days: 15 days → 20 days (+5))\n"
    text = ledger.read_text(encoding="utf-8")
    assert text.startswith(original + "\n")
    assert text[len(original) + 1 :] == (
        f"- fingerprint: {ARREST}\n"
        '  reason: "checked \\"20 days\\" against line 2: it says so"\n'
        '  by: "Bo"\n'
        "  date: 2025-03-01\n"
    )
    problems: list[DataError] = []
    entries = read_ledger(ledger, problems)
    assert problems == []
    assert [e.reason for e in entries] == ["quoted, the other way", 'checked "20 days" against line 2: it says so']


def test_accept_writes_nothing_else_in_the_data_tree_and_leaves_no_temporary_file(mini_tree: Path) -> None:
    before = {p: p.read_bytes() for p in mini_tree.rglob("*") if p.is_file()}
    code, _, err = accept(mini_tree, ARREST, "--reason", "r", "--by", "b", "--expires", "2025-12-31")
    assert code == 0, err
    after = {p: p.read_bytes() for p in mini_tree.rglob("*") if p.is_file()}
    assert set(after) - set(before) == {mini_tree / "accepted.yaml"}
    assert all(after[p] == before[p] for p in before)
    assert after[mini_tree / "accepted.yaml"].decode() == HEADER + entry_text(
        Acceptance(ARREST, "r", "b", "2025-03-01", "2025-12-31")
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("0123456789abcdef", "--reason", "r", "--by", "b"), "matches no change between two years of the data"),
        (("49335C13BD59BF43", "--reason", "r", "--by", "b"), "a fingerprint is 16 lowercase hex digits"),
        ((ARREST, "--reason", "  ", "--by", "b"), "--reason and --by must not be empty"),
        ((ARREST, "--reason", "r", "--by", "b", "--expires", "2025-02-30"), "--expires must be a date"),
        ((ARREST, "--reason", "r", "--by", "b", "--expires", "2025-02-28"), "is before today (2025-03-01)"),
    ],
)
def test_accept_refuses_what_it_cannot_stand_behind_and_writes_nothing(
    mini_tree: Path, args: tuple[str, ...], message: str
) -> None:
    code, _, err = accept(mini_tree, *args)
    assert code == 2
    assert message in err
    assert not (mini_tree / "accepted.yaml").exists()


def test_accept_refuses_a_fingerprint_already_accepted_but_renews_an_expired_one(mini_tree: Path) -> None:
    assert accept(mini_tree, ARREST, "--reason", "r", "--by", "b", "--expires", "2025-06-30")[0] == 0
    code, _, err = accept(mini_tree, ARREST, "--reason", "again", "--by", "c")
    assert code == 2
    assert f"{ARREST} is already accepted (line 5: r, by b on 2025-03-01)" in err
    code, _, err = accept(mini_tree, ARREST, "--reason", "renewed", "--by", "c", env={"KZRIGHTS_TODAY": "2025-07-01"})
    assert code == 0, err


def test_accept_will_not_append_to_a_ledger_it_cannot_append_to(mini_tree: Path) -> None:
    ledger = mini_tree / "accepted.yaml"
    ledger.write_text("[]\n", encoding="utf-8")  # a flow list: text appended after it would not be part of it
    code, _, err = accept(mini_tree, ARREST, "--reason", "r", "--by", "b")
    assert code == 2
    assert "accepted.yaml" in err
    assert ledger.read_text(encoding="utf-8") == "[]\n"


PRINTABLE = st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp"))


@given(st.text(PRINTABLE, min_size=1).filter(str.strip))
def test_any_reason_round_trips_through_the_yaml_it_is_written_as(reason: str) -> None:
    """Quotes, backslashes, `#`, `: `, any script: every reason `accept` takes reads back as given."""
    problems: list[DataError] = []
    (parsed,) = read_ledger(Path("accepted.yaml"), problems, entry_text(Acceptance(ARREST, reason, "b", "2025-03-01")))
    assert problems == []
    assert parsed.reason == reason.strip()
    assert parsed.by == "b"


@pytest.mark.parametrize("reason", ["two\nlines", "bell\x07", "\x1b]0;title\x07", "rtl \u202e override", "tab\there"])
def test_accept_refuses_a_reason_the_ledger_could_not_hold(mini_tree: Path, reason: str) -> None:
    """Control, bidi and line-break characters would make the ledger invalid data: refused before writing."""
    ledger = mini_tree / "accepted.yaml"
    before = ledger.read_bytes() if ledger.exists() else None
    code, _, err = accept(mini_tree, ARREST, "--reason", reason, "--by", "b")
    assert code == 2
    assert "--reason must be printable text on one line; it contains U+" in err
    assert "\x1b" not in err
    assert "\u202e" not in err
    assert (ledger.read_bytes() if ledger.exists() else None) == before


def test_concurrent_accepts_lose_no_entry(mini_tree: Path) -> None:
    """Eight real processes accept eight changes at once; the folder's lock makes them take turns."""
    listed = json.loads(run("--data", str(mini_tree), "diff", "assembly", "2004", "2019", "--format", "json").stdout)
    prints = [f["fingerprint"] for r in listed["rules"] for f in r["fields"]]
    prints += [r["fingerprint"] for r in listed["rules"] if r["fingerprint"]]
    assert len(set(prints)) == 8
    env = {**os.environ, **TODAY}
    env.pop("KZRIGHTS_DATA", None)
    processes = [
        subprocess.Popen(
            [KZRIGHTS, "--data", str(mini_tree), "accept", fp, "--reason", f"reason {i}", "--by", f"p{i}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for i, fp in enumerate(prints)
    ]
    for process in processes:
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, err.decode()
    problems: list[DataError] = []
    entries = read_ledger(mini_tree / "accepted.yaml", problems)
    assert problems == []
    assert sorted(e.fingerprint for e in entries) == sorted(prints)
    assert [p.name for p in mini_tree.iterdir() if p.name.startswith(".")] == []


# --- what accepted changes do ---------------------------------------------------------------------------


def test_an_accepted_change_passes_the_diff_gate_until_it_expires(mini_tree: Path) -> None:
    args = ("--data", str(mini_tree), "diff", "assembly", "2004", "2019", "--fail-on", "stricter")
    before = run(*args, env=TODAY)
    assert before.exit_code == 1
    assert f"fingerprint {ARREST}" in before.stderr
    assert (
        accept(mini_tree, ARREST, "--reason", "the 2019 report says 20", "--by", "Ana", "--expires", "2025-12-31")[0]
        == 0
    )
    during = run(*args, env=TODAY)
    assert during.exit_code == 0, during.stderr
    assert during.stderr == ""
    note = f"      accepted: the 2019 report says 20 (Ana, 2025-03-01, until 2025-12-31); fingerprint {ARREST}\n"
    assert note in run(*args, "--width", "0", env=TODAY).stdout
    after = run(*args, env={"KZRIGHTS_TODAY": "2026-01-01"})
    assert after.exit_code == 1
    (line, _) = after.stderr.splitlines()
    assert line.endswith("; acceptance expired on 2025-12-31: the 2019 report says 20 (Ana, 2025-03-01)")


def test_diff_fail_on_not_comparable_names_fields_stated_on_one_side_only() -> None:
    result = run("--data", str(MINI), "diff", "assembly", "2004", "2019", "--fail-on", "not-comparable")
    assert result.exit_code == 1
    named = [line.split(": ")[3] for line in result.stderr.splitlines()[:-1]]
    assert named == ["assembly regime.decision_deadline_days", "assembly support.support_liability"]


def test_acceptance_shows_in_diff_markdown_json_and_the_changelog(mini_tree: Path) -> None:
    assert accept(mini_tree, ARREST, "--reason", "checked", "--by", "Ana")[0] == 0
    d = ("--data", str(mini_tree))
    markdown = run(*d, "diff", "assembly", "2004", "2019", "--format", "markdown", env=TODAY).stdout
    assert "| stricter<br>accepted: checked (Ana, 2025-03-01)<br>fingerprint `49335c13bd59bf43` |" in markdown
    data = json.loads(run(*d, "diff", "assembly", "2004", "2019", "--format", "json", env=TODAY).stdout)
    (arrest,) = [f for r in data["rules"] for f in r["fields"] if f["fingerprint"] == ARREST]
    assert arrest["accepted"] == {
        "reason": "checked",
        "by": "Ana",
        "date": "2025-03-01",
        "expires": None,
        "expired": False,
    }
    consecutive = fingerprint("assembly", "penalties", "max_admin_arrest_days", 10, 20)  # 2012 → 2019, a changelog row
    assert accept(mini_tree, consecutive, "--reason", "checked too", "--by", "Bo")[0] == 0
    text = run(*d, "changelog", "--width", "0", env=TODAY).stdout
    assert "max_admin_arrest_days: 10 days → 20 days (+10)  ▲ stricter  accepted: checked too (Bo, 2025-03-01)" in text
    csv = run(*d, "changelog", "--format", "csv", env=TODAY).stdout_bytes.decode()
    assert f",{consecutive},accepted,checked too\r\n" in csv
    rows = json.loads(run(*d, "changelog", "--format", "json", env=TODAY).stdout)["rows"]
    assert [r["accepted"]["by"] for r in rows if r["accepted"]] == ["Bo"]


def test_findings_of_a_report_cover_what_diff_any_counts() -> None:
    from kzrights.compare import compare
    from kzrights.corpus import Corpus

    corpus = Corpus(MINI)
    topic = corpus.topic("assembly")
    report = compare(topic, corpus.resolve(topic, 2004), corpus.resolve(topic, 2019))
    found = report_findings(report)
    assert len([f for f in found if f.kind.value == "field"]) == report.summary()["field_changes"]
    assert {f.rule for f in found if f.kind.value == "wording"} == {r.id for r in report.shown(False)}


# --- validate and the ledger ----------------------------------------------------------------------------


def test_validate_reports_a_ledger_entry_that_matches_no_change_as_a_warning(mini_tree: Path) -> None:
    (mini_tree / "accepted.yaml").write_text(
        f"- fingerprint: {ARREST}\n  reason: r\n  by: b\n  date: 2025-01-01\n"
        "- fingerprint: 0123456789abcdef\n  reason: r\n  by: b\n  date: 2025-01-01\n"
    )
    result = run("--data", str(mini_tree), "validate")
    assert result.exit_code == 0, result.stderr
    (warning,) = result.stderr.splitlines()
    assert warning.startswith(
        f"{mini_tree / 'accepted.yaml'}:5: warning: accepted change 0123456789abcdef matches no change"
    )
    github = run("--data", str(mini_tree), "validate", "--format", "github").stdout
    assert "::warning file=" in github
    assert ",line=5,title=kzrights validate::accepted change 0123456789abcdef" in github


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "- fingerprint: 123\n  reason: r\n  by: b\n  date: 2025-01-01\n",
            ":1: 'fingerprint' must be 16 lowercase hex digits",
        ),
        (
            f"- fingerprint: {ARREST}\n  reason: r\n  by: b\n  date: 2025-1-1\n",
            ":4: 'date' must be a date written YYYY-MM-DD, got '2025-1-1'",
        ),
        (
            f"- fingerprint: {ARREST}\n  reason: r\n  date: 2025-01-01\n",
            ":1: an accepted change is missing required key 'by'",
        ),
        (
            f"- fingerprint: {ARREST}\n  reason: r\n  by: b\n  date: 2025-01-02\n  expires: 2025-01-01\n",
            ":5: 'expires' (2025-01-01) is before 'date' (2025-01-02)",
        ),
        ("accepted: []\n", ":1: accepted.yaml must be a list of entries"),
        (f"- fingerprint: {ARREST}\n  fingerprint: {ARREST}\n", ":2: duplicate key 'fingerprint'"),
    ],
    ids=["fingerprint", "date", "missing-key", "expiry-before-date", "not-a-list", "strict-yaml"],
)
def test_validate_checks_the_ledger_strictly(mini_tree: Path, text: str, problem: str) -> None:
    (mini_tree / "accepted.yaml").write_text(text)
    result = run("--data", str(mini_tree), "validate")
    assert result.exit_code == 2
    assert f"accepted.yaml{problem}" in result.stderr


@given(versions(2004), versions(2019))
def test_findings_are_the_diff_one_for_one_and_swapping_swaps_old_and_new(old: Resolved, new: Resolved) -> None:
    """One finding per field change and per rule whose wording differs; none for a version against itself; the
    reverse comparison's findings carry the same values the other way round (so other fingerprints)."""
    from kzrights.compare import compare

    forward = report_findings(compare(TOPIC, old, new))
    backward = report_findings(compare(TOPIC, new, old))
    report = compare(TOPIC, old, new)
    rules = [r for r in report.rules if r.kind.value != "unchanged"]
    wording = [r for r in rules if (r.old and (r.old.title, r.old.text)) != (r.new and (r.new.title, r.new.text))]
    assert len(forward) == sum(len(r.fields) for r in rules) + len(wording)
    assert sorted(((f.rule, f.field, f.old, f.new) for f in forward), key=repr) == sorted(
        ((f.rule, f.field, f.new, f.old) for f in backward), key=repr
    )
    assert report_findings(compare(TOPIC, old, old)) == ()
    assert len({f.fingerprint for f in forward}) == len(forward), "two changes of one comparison never share one"

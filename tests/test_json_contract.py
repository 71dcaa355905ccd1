"""docs/json.md describes every key the JSON formats print, so a script author can rely on that page alone."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI, NEW_SOURCE, REAL_DATA, ROOT, add_year_2021, git, make_repo, run

from kzrights.findings import fingerprint

DOC = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")
RUNS: dict[str, list[tuple[str, ...]]] = {
    "diff": [
        ("diff", "assembly", "2004", "2019", "--all"),
        ("diff", "libel", "2016", "2019"),
        ("diff", "--files", str(REAL_DATA / "exit" / "2016.yaml"), str(REAL_DATA / "exit" / "2019.yaml")),
    ],
    "show": [("show", "assembly", "2009"), ("show", "libel", "2019")],
    "changelog": [("changelog",)],
    "list": [("list",)],
    "history": [("history", "assembly"), ("history", "exit", "--rule", "temporary-exit-visa")],
    "blame": [("blame", "libel", "2019")],
    "validate": [("validate",)],
    "review": [("review", "--base", "HEAD"), ("review", "--base", "53a3222~1", "--head", "53a3222")],
}
ARREST_2004_2019 = "49335c13bd59bf43"  # mini corpus, penalties.max_admin_arrest_days 15 → 20 days
ARREST_2012_2019 = fingerprint("assembly", "penalties", "max_admin_arrest_days", 10, 20)  # a changelog row
ARREST_2012_2021 = fingerprint("assembly", "penalties", "max_admin_arrest_days", 10, 25)  # 2021 against 2012, 2019 gone
_CITATION = re.compile(r"^.*\bevidence(?:\.from|\.to)?\[\]\.")


def key_paths(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every (dotted path, value) in a JSON value; list items share their list's path plus `[]`."""
    if isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else key
            yield child, item
            yield from key_paths(item, child)
    elif isinstance(value, list):
        for item in value:
            yield from key_paths(item, f"{path}[]")


def leaf_paths(outputs: list[Any]) -> set[str]:
    """Paths that hold plain values (or lists of them) in every output, citations named `citation.…`."""
    seen: dict[str, list[Any]] = {}
    for output in outputs:
        for path, value in key_paths(output):
            seen.setdefault(path, []).append(value)

    def holds_objects(value: Any) -> bool:
        return isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict) for v in value))

    leaves = {path for path, values in seen.items() if not any(holds_objects(v) for v in values)}
    return {_CITATION.sub("citation.", path) for path in leaves}


def section(kind: str) -> str:
    start = DOC.index(f"## `kzrights {kind}")
    end = DOC.find("\n## ", start + 1)
    return DOC[start : end if end != -1 else len(DOC)]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Any]]:
    """Each kind's JSON outputs on the real corpus, run once for both tests; and validate's on a broken tree."""
    printed: dict[str, list[Any]] = {}
    for kind, runs in RUNS.items():
        for args in runs:
            result = run("--data", str(REAL_DATA), *args, "--format", "json")
            assert result.exit_code == 0, result.stderr
            printed.setdefault(kind, []).append(json.loads(result.stdout))
    broken = tmp_path_factory.mktemp("broken") / "mini"
    shutil.copytree(MINI, broken)
    year_file = broken / "assembly" / "2004.yaml"
    year_file.write_text(year_file.read_text().replace("notice_days: 10", "notice_days: ten"))
    (broken / "accepted.yaml").write_text(f"- fingerprint: {'0' * 16}\n  reason: r\n  by: b\n  date: 2025-01-01\n")
    result = run("--data", str(broken), "validate", "--format", "json")
    assert result.exit_code == 2, result.stderr
    printed["validate"].append(json.loads(result.stdout))
    accepted = tmp_path_factory.mktemp("accepted") / "mini"
    shutil.copytree(MINI, accepted)
    (accepted / "accepted.yaml").write_text(_entry(ARREST_2004_2019, expires="2025-06-30") + _entry(ARREST_2012_2019))
    for kind, args in (("diff", ("diff", "assembly", "2004", "2019")), ("changelog", ("changelog",))):
        result = run("--data", str(accepted), *args, "--format", "json")
        assert result.exit_code == 0, result.stderr
        printed[kind].append(json.loads(result.stdout))
    edited = tmp_path_factory.mktemp("edited") / "2004.yaml"  # an edit of one year file that moves a citation
    edited.write_text((MINI / "assembly" / "2004.yaml").read_text().replace('lines: "1-2"', 'lines: "1-3"'))
    result = run(
        "--data", str(MINI), "diff", "--files", str(MINI / "assembly" / "2004.yaml"), str(edited), "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    printed["diff"].append(json.loads(result.stdout))
    data = _pull_request_of_every_kind(tmp_path_factory.mktemp("repo"))
    for gate in ((), ("--fail-on", "stricter")):
        result = run("--data", str(data), "review", "--base", "main", *gate, "--format", "json")
        assert result.exit_code == (1 if gate else 0), result.stderr
        printed["review"].append(json.loads(result.stdout))
    return printed


def _entry(fingerprint: str, expires: str | None = None) -> str:
    until = f"  expires: {expires}\n" if expires else ""
    return f"- fingerprint: {fingerprint}\n  reason: checked\n  by: Ana\n  date: 2025-01-01\n{until}"


def _pull_request_of_every_kind(repo: Path) -> Path:
    """A base with a broken file, and a head that changes a value, a source, the schema and silence, adds a year,
    removes one, drops a caveat, adds another, moves a citation, and accepts its own stricter change."""
    data = make_repo(repo)
    year_2004 = data / "assembly" / "2004.yaml"
    year_2004.write_text(year_2004.read_text().replace("notice_days: 10", "notice_days: ten"))
    year_2012 = data / "assembly" / "2012.yaml"
    caveat = (
        "    caveats:\n      - field: notice_days\n        note: a caveat the head drops\n"
        '        cite:\n          - source: mid-2012\n            lines: "1-1"\n            quote: ten days in advance\n'
    )
    year_2012.write_text(year_2012.read_text().replace("  - id: penalties\n", caveat + "  - id: penalties\n"))
    git(repo, "commit", "-qam", "a broken base")
    year_2012.write_text(year_2012.read_text().replace(caveat, "").replace('lines: "2-2"', 'lines: "2-3"'))
    year_2004.write_text(year_2004.read_text().replace("notice_days: ten", "notice_days: 10"))
    add_year_2021(data)
    (data / "assembly" / "2019.yaml").unlink()
    registry = data / "sources.yaml"
    registry.write_text(
        registry.read_text().replace("title: Middle Report", "title: Middle Report (revised)")
        + NEW_SOURCE.replace("2021", "2022")
    )
    topic = data / "assembly" / "topic.yaml"
    silent = "  - year: 2019\n    source: new-2019\n    note: n\n  - year: 2022\n    source: new-2022\n    note: n\n"
    text = topic.read_text().replace("rule_order:", silent + "rule_order:")
    topic.write_text(
        text.replace(
            "    stricter: higher\n    meaning: Days of advance", "    stricter: lower\n    meaning: Days of advance"
        )
    )
    (data / "accepted.yaml").write_text(_entry(ARREST_2012_2021))
    (data / "mci.yaml").write_text("mci:\n  - year: 2021\n    tenge: 2917\n    basis: a made-up rate\n")
    year_2021 = data / "assembly" / "2021.yaml"
    year_2021.write_text(
        year_2021.read_text().replace(
            "        quote: up to 20 days of administrative arrest\n",
            "        quote: up to 20 days of administrative arrest\n"
            "    caveats:\n      - field: max_admin_arrest_days\n        comparable: false\n        note: n\n"
            '        cite:\n          - source: new-2021\n            lines: "2-2"\n            quote: q\n',
        )
    )
    return data


@pytest.mark.parametrize("kind", sorted(RUNS))
def test_every_key_printed_is_documented(kind: str, outputs: dict[str, list[Any]]) -> None:
    paths = leaf_paths(outputs[kind])
    assert "schema_version" in paths
    documented = section(kind) + section_of_citations()
    missing = sorted(path for path in paths if f"`{path}`" not in documented)
    assert not missing, f"docs/json.md does not describe: {missing}"


def section_of_citations() -> str:
    return DOC[DOC.index("## Values and citations") : DOC.index("## `kzrights diff")]


def test_the_page_documents_no_key_that_is_never_printed(outputs: dict[str, list[Any]]) -> None:
    """A documented key that no command prints is a promise the tool does not keep."""
    printed = {
        _CITATION.sub("citation.", path)
        for kind in outputs
        for output in outputs[kind]
        for path, _ in key_paths(output)
    }
    first_cells = re.findall(r"^\| ([^|]+) \|", DOC, flags=re.MULTILINE)
    documented = {key for cell in first_cells for key in re.findall(r"`([^`]+)`", cell)}
    assert documented - printed == set()

"""docs/json.md describes every key the JSON formats print, so a script author can rely on that page alone."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import MINI, REAL_DATA, ROOT, run

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
}
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
    result = run("--data", str(broken), "validate", "--format", "json")
    assert result.exit_code == 2, result.stderr
    printed["validate"].append(json.loads(result.stdout))
    return printed


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

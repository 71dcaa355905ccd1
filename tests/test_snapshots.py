"""Data snapshots: what the real corpus prints, kept apart from the format goldens.

A data correction changes these outputs, and that is their point: the diff of tests/snapshots/ shows a reviewer
what a change to provisions/ does to what users read. Refresh with `pytest tests/test_snapshots.py
--update-snapshots` after a data change, and read the diff; a format change shows first in tests/golden/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REAL_DATA, run

SNAPSHOTS = Path(__file__).parent / "snapshots"
CASES = [
    ("assembly-2004-2019.txt", ("diff", "assembly", "2004", "2019")),
    ("assembly-2004-2019.json", ("diff", "assembly", "2004", "2019", "--format", "json")),
    ("assembly-2004-2019.md", ("diff", "assembly", "2004", "2019", "--format", "markdown")),
    ("assembly-2009-2016.txt", ("diff", "assembly", "2009", "2016")),
    ("libel-2016-2019.json", ("diff", "libel", "2016", "2019", "--format", "json")),
    ("exit-2004-2019.txt", ("diff", "exit", "2004", "2019", "--quotes")),
    ("ngo-funding-2009-2019.md", ("diff", "ngo-funding", "2009", "2019", "--format", "markdown")),
    ("list.txt", ("list",)),
    ("assembly-history.txt", ("history", "assembly")),
    ("libel-history.txt", ("history", "libel")),
    ("exit-blame-2019.txt", ("blame", "exit", "2019")),
    ("ngo-funding-blame-2016.txt", ("blame", "ngo-funding", "2016")),
    ("changelog.md", ("changelog", "--format", "markdown")),
    ("changelog-stricter.csv", ("changelog", "--only", "stricter", "--format", "csv")),
]


@pytest.fixture
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-snapshots"))


@pytest.mark.parametrize(("name", "args"), CASES, ids=[name for name, _ in CASES])
def test_real_corpus_output_matches_its_snapshot(name: str, args: tuple[str, ...], update_snapshots: bool) -> None:
    result = run("--data", str(REAL_DATA), "--color", "never", *args)
    assert result.exit_code == 0, result.stderr
    path = SNAPSHOTS / name
    if update_snapshots:
        path.parent.mkdir(exist_ok=True)
        path.write_text(result.stdout, encoding="utf-8")
    assert path.exists(), f"no snapshot {path}; run pytest --update-snapshots and review it"
    expected = path.read_text(encoding="utf-8")
    assert result.stdout == expected, f"{path} differs; after a data change run --update-snapshots and review the diff"

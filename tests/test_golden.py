"""Golden outputs, where the format is the product: review changes to tests/golden/ like code.

Regenerate with `pytest tests/test_golden.py --update-golden`, then read the git diff.
"""

from __future__ import annotations

import pytest
from conftest import GOLDEN, MINI, REAL_DATA, check_golden, run

CASES = [
    ("mini-diff.txt", (str(MINI), "diff", "assembly", "2004", "2019", "--quotes")),
    ("mini-diff.json", (str(MINI), "diff", "assembly", "2004", "2019", "--format", "json")),
    ("mini-diff.md", (str(MINI), "diff", "assembly", "2004", "2019", "--format", "markdown", "--quotes")),
    ("mini-show.md", (str(MINI), "show", "assembly", "2019", "--format", "markdown")),
    ("assembly-2004-2019.txt", (str(REAL_DATA), "diff", "assembly", "2004", "2019")),
    ("assembly-2004-2019.json", (str(REAL_DATA), "diff", "assembly", "2004", "2019", "--format", "json")),
    ("assembly-2004-2019.md", (str(REAL_DATA), "diff", "assembly", "2004", "2019", "--format", "markdown")),
    ("libel-2016-2019.json", (str(REAL_DATA), "diff", "libel", "2016", "2019", "--format", "json")),
    ("exit-2004-2019.txt", (str(REAL_DATA), "diff", "exit", "2004", "2019", "--quotes")),
    ("ngo-funding-2009-2019.md", (str(REAL_DATA), "diff", "ngo-funding", "2009", "2019", "--format", "markdown")),
    ("list.txt", (str(REAL_DATA), "list")),
    ("assembly-history.txt", (str(REAL_DATA), "history", "assembly")),
    ("libel-history.txt", (str(REAL_DATA), "history", "libel")),
    ("exit-blame-2019.txt", (str(REAL_DATA), "blame", "exit", "2019")),
    ("ngo-funding-blame-2016.txt", (str(REAL_DATA), "blame", "ngo-funding", "2016")),
    ("changelog.md", (str(REAL_DATA), "changelog", "--format", "markdown")),
    ("changelog-stricter.csv", (str(REAL_DATA), "changelog", "--only", "stricter", "--format", "csv")),
]


@pytest.mark.parametrize(("name", "args"), CASES, ids=[name for name, _ in CASES])
def test_output_matches_golden(name: str, args: tuple[str, ...], update_golden: bool) -> None:
    data, *command = args
    result = run("--data", data, "--color", "never", *command)
    assert result.exit_code == 0, result.stderr
    check_golden(name, result.stdout, update_golden)


@pytest.mark.parametrize("columns", ["40", "300"])
@pytest.mark.parametrize("name", ["assembly-2004-2019.txt", "assembly-history.txt"])
def test_plain_text_has_a_fixed_width_whatever_the_terminal(name: str, columns: str) -> None:
    """Piped text is the same on a narrow or a wide terminal, so golden files and CI logs never flicker."""
    data, *command = dict(CASES)[name]
    result = run("--data", data, "--color", "never", *command, env={"COLUMNS": columns})
    assert result.stdout == (GOLDEN / name).read_text(encoding="utf-8")

"""Golden outputs, where the format is the product: review changes to tests/golden/ like code.

Regenerate with `pytest tests/test_golden.py --update-golden`, then read the git diff.
"""

from __future__ import annotations

import io

import pytest
from conftest import GOLDEN, MINI, REAL_DATA, check_golden, run

from kzrights.compare import compare
from kzrights.corpus import Corpus
from kzrights.render import as_text, terminal
from kzrights.render.options import RenderOptions

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


def test_colour_output_matches_golden(update_golden: bool) -> None:
    """The escape codes a terminal gets, byte for byte: bold cyan rule ids, red struck deletions, green insertions."""
    result = run("--data", str(REAL_DATA), "--color", "always", "diff", "assembly", "2004", "2019", "--quotes")
    assert result.exit_code == 0, result.stderr
    assert "\x1b[9;31m" in result.stdout
    assert "\x1b[4;32m" in result.stdout
    check_golden("assembly-2004-2019.ansi", result.stdout, update_golden)


def test_colour_through_rich_console_is_the_same() -> None:
    """Windows goes through rich's Console (for legacy consoles); it must write what other platforms write."""
    corpus = Corpus(REAL_DATA)
    topic = corpus.topic("assembly")
    document = as_text.render_diff(
        compare(topic, corpus.resolve(topic, 2004), corpus.resolve(topic, 2019)), RenderOptions(quotes=True)
    )
    direct, console = io.StringIO(), io.StringIO()
    terminal.print_with_escapes(document, direct)
    terminal.print_with_console(document, console)
    assert console.getvalue() == direct.getvalue() == (GOLDEN / "assembly-2004-2019.ansi").read_text(encoding="utf-8")

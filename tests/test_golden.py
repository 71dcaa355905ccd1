"""Format goldens: every format of every command on the small fixture corpus, where the format is the product.

The fixture corpus changes only when a test needs it to, so a change here is a change of format: review
tests/golden/ like code. Regenerate with `pytest tests/test_golden.py --update-golden`, then read the git diff.
What the real corpus prints lives apart, in tests/test_snapshots.py, because every data correction changes it.
"""

from __future__ import annotations

import io

import pytest
from conftest import GOLDEN, MINI, check_golden, run

from kzrights import formats
from kzrights.compare import compare
from kzrights.corpus import Corpus
from kzrights.render import as_text, terminal
from kzrights.render.options import RenderOptions

_EXTENSION = {"text": "txt", "json": "json", "markdown": "md", "csv": "csv"}
_COMMANDS: dict[str, tuple[str, ...]] = {
    "diff": ("diff", "assembly", "2004", "2019", "--quotes"),
    "version": ("show", "assembly", "2019", "--quotes"),
    "changelog": ("changelog",),
    "history": ("history", "assembly"),
    "blame": ("blame", "assembly", "2019"),
    "list": ("list",),
}
CASES = [
    (f"mini-{kind}.{_EXTENSION[fmt]}", (*command, "--format", fmt))
    for kind, command in _COMMANDS.items()
    for fmt in formats.SUBJECTS[kind][0]
]


@pytest.mark.parametrize(("name", "args"), CASES, ids=[name for name, _ in CASES])
def test_output_matches_golden(name: str, args: tuple[str, ...], update_golden: bool) -> None:
    result = run("--data", str(MINI), "--color", "never", *args)
    assert result.exit_code == 0, result.stderr
    check_golden(name, result.stdout, update_golden)


@pytest.mark.parametrize("columns", ["40", "300"])
def test_plain_text_has_a_fixed_width_whatever_the_terminal(columns: str) -> None:
    """Piped text is the same on a narrow or a wide terminal, so golden files and CI logs never flicker."""
    args = ("--data", str(MINI), "--color", "never", *_COMMANDS["diff"])
    assert run(*args, env={"COLUMNS": columns}).stdout == (GOLDEN / "mini-diff.txt").read_text(encoding="utf-8")


def test_colour_output_matches_golden(update_golden: bool) -> None:
    """The escape codes a terminal gets, byte for byte: bold cyan rule ids, red struck deletions, green insertions."""
    result = run("--data", str(MINI), "--color", "always", *_COMMANDS["diff"])
    assert result.exit_code == 0, result.stderr
    check_golden("mini-diff.ansi", result.stdout, update_golden)
    assert "up to \x1b[9;31m15\x1b[0m\x1b[4;32m20\x1b[0m days" in result.stdout  # red struck 15, green underlined 20


def test_colour_through_rich_console_is_the_same() -> None:
    """Windows goes through rich's Console (for legacy consoles); it must write what other platforms write."""
    corpus = Corpus(MINI)
    topic = corpus.topic("assembly")
    document = as_text.render_diff(
        compare(
            topic, corpus.resolve(topic, 2004), corpus.resolve(topic, 2019), corpus.versions_between(topic, 2004, 2019)
        ),
        RenderOptions(quotes=True),
    )
    direct, console = io.StringIO(), io.StringIO()
    terminal.print_with_escapes(document, direct, 80)
    terminal.print_with_console(document, console, 80)
    assert console.getvalue() == direct.getvalue() == (GOLDEN / "mini-diff.ansi").read_text(encoding="utf-8")

"""What a reader at a terminal gets: lines wrapped at the width without breaking words, a pager for long output
on a terminal only, and text that fits 80 columns when piped."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import REAL_DATA, ROOT, read_terminal, run

from kzrights.render.styled import Document, Style, wrap

R100 = ("--data", str(REAL_DATA), "--width", "100")
DIFFS = [
    ("assembly", "2004", "2019"),
    ("assembly", "2009", "2016"),
    ("exit", "2004", "2019"),
    ("libel", "2004", "2019"),
]


def _words(text: str, longest: int) -> Counter[str]:
    return Counter(word for word in text.split() if len(word) <= longest)


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("args", DIFFS, ids="-".join)
def test_diff_wraps_at_the_width_and_never_inside_a_word(width: int, args: tuple[str, ...]) -> None:
    wrapped = run("--data", str(REAL_DATA), "--width", str(width), "diff", *args, "--quotes").stdout
    whole = run("--data", str(REAL_DATA), "--width", "0", "diff", *args, "--quotes").stdout
    assert max(len(line) for line in wrapped.splitlines()) <= width
    assert any(len(line) > width for line in whole.splitlines()), "the case must need wrapping"
    # every word that fits a line survives whole; only a name longer than a line may be split at - _ / .
    fitting = width - 8
    assert _words(whole, fitting) - _words(wrapped, fitting) == Counter()
    long_words = [word for word in whole.split() if len(word) > fitting]
    extra = _words(wrapped, fitting) - _words(whole, fitting)
    assert all(any(piece in word for word in long_words) for piece in extra), extra


def test_continuation_lines_hang_under_their_line() -> None:
    doc = Document()
    doc.line("  notice_days: ", ("ten days before the event at the latest", Style.HEADING))
    lines = ["".join(text for text, _ in spans) for spans in wrap(doc.lines[0], 30)]
    assert lines == ["  notice_days: ten days before", "      the event at the latest"]


def test_a_redline_run_without_spaces_is_kept_on_one_line() -> None:
    doc = Document()
    doc.line("x" * 20 + " up to ", ("15", Style.DELETE), ("20", Style.INSERT), " days of arrest")
    assert "[-15-]{+20+}" in doc.plain(30)


def test_piped_text_is_wrapped_at_80_columns_whatever_columns_says() -> None:
    for columns in ("40", "300"):
        out = run("--data", str(REAL_DATA), "diff", "assembly", "2004", "2019", env={"COLUMNS": columns}).stdout
        assert max(len(line) for line in out.splitlines()) <= 80
        assert out == run("--data", str(REAL_DATA), "diff", "assembly", "2004", "2019").stdout


def _run_on_a_terminal(tmp_path: Path, *args: str) -> tuple[str, Path]:
    """Run kzrights with stdout on a pseudo-terminal and PAGER writing what it is given to a file."""
    paged = tmp_path / "paged.txt"
    env = {**os.environ, "PAGER": f"cat > {paged}", "LINES": "30", "COLUMNS": "100", "NO_COLOR": "1"}
    env.pop("KZRIGHTS_PAGER", None)
    leader, follower = pty.openpty()
    process = subprocess.run(
        [sys.executable, "-m", "kzrights", "--data", str(REAL_DATA), *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    os.close(follower)
    screen = read_terminal(leader)
    assert process.returncode == 0, process.stderr
    return screen, paged


def test_long_output_on_a_terminal_goes_through_the_pager(tmp_path: Path) -> None:
    screen, paged = _run_on_a_terminal(tmp_path, "diff", "assembly", "2004", "2019")
    assert paged.exists()
    assert paged.read_text().startswith("Public assembly (assembly): 2004 → 2019")
    assert "In short:" not in screen
    assert max(len(line) for line in paged.read_text().splitlines()) <= 100  # the terminal's width


def test_no_pager_and_short_output_go_straight_to_the_terminal(tmp_path: Path) -> None:
    screen, paged = _run_on_a_terminal(tmp_path, "diff", "assembly", "2004", "2019", "--no-pager")
    assert not paged.exists()
    assert "In short:" in screen
    (tmp_path / "short").mkdir()
    screen, paged = _run_on_a_terminal(tmp_path / "short", "diff", "assembly", "2004", "2019", "--stat")
    assert not paged.exists(), "output shorter than the screen is not paged"
    assert re.search(r"~ assembly-regime\s+\|", screen)


def test_no_pager_when_piped(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    env = {**os.environ, "PAGER": f"cat > {paged}"}
    result = subprocess.run(
        [sys.executable, "-m", "kzrights", "--data", str(REAL_DATA), "diff", "assembly", "2004", "2019"],
        capture_output=True,
        env=env,
        check=True,
        text=True,
    )
    assert not paged.exists()
    assert result.stdout.startswith("Public assembly")


FIVE = [("assembly", "2004", "2019"), ("assembly", "2009", "2016"), ("libel", "2004", "2019")]
FIVE += [("exit", "2004", "2019"), ("ngo-funding", "2009", "2019")]


@pytest.mark.parametrize("args", FIVE, ids="-".join)
def test_the_answer_is_on_the_first_screen_and_silence_is_never_a_pair(args: tuple[str, ...]) -> None:
    """At 100 columns the first 40 lines hold the summary, what held and every change; no `→ not stated`."""
    out = run(*R100, "diff", *args).stdout
    first = out.splitlines()[:40]
    assert any(line.startswith("In short: ") for line in first)
    changed = next(n for n, line in enumerate(first) if line.startswith("Changed ("))
    # Changed lists every value change and comes before Same on both sides: the heading of the latter within the
    # first 40 lines means every change and the start of what held are on the first screen
    held = next(n for n, line in enumerate(first) if line.startswith("Same on both sides ("))
    assert changed < held
    assert any(line.startswith("  ") for line in first[held + 1 :]), "what held starts on the first screen"
    assert "not stated in the" not in out

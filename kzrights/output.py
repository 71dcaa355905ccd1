"""Where text output goes: wrapped to the terminal, through a pager when it is longer than the screen, as git does.

A pager is used only when stdout is a terminal: never in a pipe, a file or CI. `KZRIGHTS_PAGER`, then `PAGER`,
name it (run by the shell, as git runs its pager); the default is `less` with `LESS=FRX` unless LESS is set, so a
short output stays on screen, colours pass through and the screen is not cleared. An empty pager or `cat` means none.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

PIPED_WIDTH = 80  # text that goes to a pipe or a file is wrapped here, so it reads the same wherever it lands


def text_width(requested: int | None) -> int | None:
    """Columns to wrap text at: as asked (0: never wrap), else the terminal's, else PIPED_WIDTH."""
    if requested is not None:
        return requested or None
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return PIPED_WIDTH


def pager_command(no_pager: bool) -> str | None:
    """The pager to page through, or None: never when asked not to, nor when stdout is not a terminal."""
    if no_pager or not sys.stdout.isatty():
        return None
    command = os.environ.get("KZRIGHTS_PAGER", os.environ.get("PAGER", "less")).strip()
    return None if command in ("", "cat") else command


def write(text: str, pager: str | None) -> None:
    """Write text to stdout, through the pager when one is given and the text is taller than the screen."""
    if pager is None or text.count("\n") < shutil.get_terminal_size().lines:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    sys.stdout.flush()
    process = subprocess.Popen(pager, shell=True, stdin=subprocess.PIPE, env=env)
    assert process.stdin is not None
    try:
        process.stdin.write(text.encode(sys.stdout.encoding or "utf-8", errors="replace"))
        process.stdin.close()
    except BrokenPipeError:  # the reader quit the pager early: nothing is wrong
        pass
    process.wait()

"""Where text output goes: wrapped to the terminal, through a pager when it is longer than the screen, as git does.

A pager is used only when stdout is a terminal: never in a pipe, a file or CI. `KZRIGHTS_PAGER`, then `PAGER`,
name it (run by the shell, as git runs its pager); the default is `less` with `LESS=FRX` unless LESS is set, so a
short output stays on screen, colours pass through and the screen is not cleared. An empty pager or `cat` means none.

Whatever stdout is, writing ends in a clear message, never a traceback. A reader that leaves early (`| head`) is
not an error: the rest of the output is dropped and the command still exits with its own status, so a CI gate
(`diff --fail-on stricter | head -1`) cannot pass because its output was cut. A closed stdout (`>&-`) or a full
disk (`>/dev/full`) is an error with exit status 2. Text for people is written in the terminal's encoding, with
kzrights' own typography spelled in ASCII (`→` as `->`) where that encoding lacks it; JSON, CSV and Markdown are
UTF-8 whatever the locale says, as their formats require.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from kzrights.errors import OutputError

PIPED_WIDTH = 80  # text that goes to a pipe or a file is wrapped here, so it reads the same wherever it lands

ASCII_TYPOGRAPHY = str.maketrans(
    {
        "→": "->",
        "←": "<-",
        "—": "--",
        "–": "-",
        "−": "-",
        "▲": "^",
        "▼": "v",
        "•": "*",
        "◇": "<>",
        "·": "-",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "…": "...",
        "\u00a0": " ",
    }
)


def stdout() -> TextIO:
    """sys.stdout, or an OutputError when the process was started with it closed."""
    if sys.stdout is None:
        raise OutputError("standard output is closed; to discard the output, send it to /dev/null instead")
    return sys.stdout


def is_terminal() -> bool:
    return sys.stdout is not None and sys.stdout.isatty()


def text_width(requested: int | None) -> int | None:
    """Columns to wrap text at: as asked (0: never wrap), else the terminal's, else PIPED_WIDTH."""
    if requested is not None:
        return requested or None
    if stdout().isatty():
        return shutil.get_terminal_size().columns
    return PIPED_WIDTH


def pager_command(no_pager: bool) -> str | None:
    """The pager to page through, or None: never when asked not to, nor when stdout is not a terminal."""
    if no_pager or not is_terminal():
        return None
    command = os.environ.get("KZRIGHTS_PAGER", os.environ.get("PAGER", "less")).strip()
    return None if command in ("", "cat") else command


def printable(text: str, encoding: str | None) -> str:
    """Text the encoding can carry: as it is when it can; else typography in ASCII, anything left as `\\u` escapes."""
    encoding = encoding or "utf-8"
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    return text.translate(ASCII_TYPOGRAPHY).encode(encoding, "backslashreplace").decode(encoding)


def write_data(text: str) -> None:
    """Write a machine format (JSON, CSV, Markdown) to stdout as UTF-8 bytes, the encoding those formats carry."""
    stream = stdout()
    buffer = getattr(stream, "buffer", None)
    with _writing(stream):
        if buffer is None:  # a stream without bytes beneath it: write what its encoding can carry
            stream.write(printable(text, stream.encoding))
            stream.flush()
        else:
            stream.flush()
            buffer.write(text.encode("utf-8", "backslashreplace"))
            buffer.flush()


def write(text: str, pager: str | None) -> None:
    """Write text to stdout, through the pager when one is given and the text is taller than the screen."""
    stream = stdout()
    text = printable(text, stream.encoding)
    if pager is None or text.count("\n") < shutil.get_terminal_size().lines:
        with _writing(stream):
            stream.write(text)
            stream.flush()
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


@contextmanager
def _writing(stream: TextIO) -> Iterator[None]:
    """Around a write to stdout: a reader that left is not an error; a stream that cannot take the output is."""
    try:
        yield
    except BrokenPipeError:  # `kzrights … | head`: nothing is wrong, and the command's exit status stands
        discard(stream)
    except OSError as error:
        discard(stream)
        raise OutputError(f"cannot write to standard output: {error.strerror or error}") from None


def say(message: str, *, nl: bool = True) -> None:
    """A message for the user on stderr. A reader that left (`… 2>&1 | head -1`) loses the rest, and the exit
    status the command decides stands: a gate that trips still exits 1, bad data still 2."""
    import click  # imported already by every command that gets here

    try:
        click.echo(message, err=True, nl=nl)
    except OSError:  # BrokenPipeError, or a stderr that cannot take it: nowhere left to say anything
        discard(sys.stderr)


def discard(stream: TextIO | None) -> None:
    """Point stdout (or stderr) at /dev/null, so that what is still buffered goes nowhere at exit instead of failing
    again."""
    if stream is None:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)
    except (OSError, ValueError, io.UnsupportedOperation):  # no file descriptor beneath it (a test's buffer)
        pass

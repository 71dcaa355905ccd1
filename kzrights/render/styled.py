"""A small styled-text document: lines of (text, style) spans, printable plain or in colour, wrapped or not.

Renderers build these instead of rich objects so that plain output (pipes, CI, golden files) never imports
rich, and so that legal text is never parsed as markup: `[sic]` stays `[sic]`. Every span is escaped as it is
added (kzrights.render.escape.visible), so no renderer can write an escape sequence from the data to a terminal:
the only escape codes kzrights prints are the colours terminal.py adds around the spans.
"""

from __future__ import annotations

import re
from enum import StrEnum

from kzrights.render.escape import command_inert, visible


class Style(StrEnum):
    PLAIN = "plain"
    HEADING = "heading"
    RULE = "rule"
    DIM = "dim"
    STRICTER = "stricter"
    LOOSER = "looser"
    NEUTRAL = "neutral"
    SILENT = "silent"
    DELETE = "delete"
    INSERT = "insert"
    QUOTE = "quote"


Span = tuple[str, Style]


def printable(text: str) -> str:
    """One line of a terminal or CI log: newlines (a `::add-mask::` in a GitHub log) and hostile characters escaped."""
    return visible(text, keep="\t")


# Without colour, a redline still has to show what was deleted and inserted: git's word-diff markers.
_PLAIN_MARKERS = {Style.DELETE: ("[-", "-]"), Style.INSERT: ("{+", "+}")}
_SPACE = re.compile(r"([ \t]+)")
GLUE = "\u00a0"  # joins words a line must not be broken between; printed as a plain space
_SOFT_BREAK = re.compile(r"(?<=[-_/.])")  # where a name too long for any line may be split: after - _ / .
HANGING = 4  # continuation lines of a wrapped line start this much further in than the line itself


class Document:
    """Lines of spans, appended to by a renderer (a plain class: creating a dataclass costs start-up time)."""

    __slots__ = ("lines",)

    def __init__(self) -> None:
        self.lines: list[list[Span]] = []

    def line(self, *spans: Span | str) -> None:
        """Append one line; data in a span can never break it into two or carry escape codes (see printable)."""
        self.lines.append(
            [(printable(s), Style.PLAIN) if isinstance(s, str) else (printable(s[0]), s[1]) for s in spans]
        )

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append([])

    def plain(self, width: int | None = None) -> str:
        """The document as plain text, redline marked `[-old-]{+new+}`, wrapped to `width` when given."""
        out = []
        for spans in self.lines:
            marked = [
                (f"{m[0]}{text}{m[1]}" if (m := _PLAIN_MARKERS.get(style)) and text else text, Style.PLAIN)
                for text, style in spans
            ]
            for wrapped in wrap(marked, width) if width else [marked]:
                out.append("".join(text for text, _ in inert(wrapped)).rstrip().replace(GLUE, " "))
        return "\n".join(out).rstrip("\n") + "\n"

    def wrapped(self, width: int | None) -> list[list[Span]]:
        """The lines wrapped to `width` (as they are when None), styles kept: what the colour printer writes."""
        lines = [wrapped for spans in self.lines for wrapped in wrap(spans, width)] if width else self.lines
        return [[(text.replace(GLUE, " "), style) for text, style in inert(spans)] for spans in lines]


def inert(spans: list[Span]) -> list[Span]:
    """A line that cannot be a workflow command: GitHub's runner reads any log line that starts with `::`, after
    leading white space, as one (`::add-mask::`, `::error::`), so data that would start a line so, after a wrap
    or at its start, has its first colon shown escaped: `\\x3a:error::`."""
    for index, (text, style) in enumerate(spans):
        if not text.strip():
            continue
        shown = command_inert(text, "\\x3a")
        return spans if shown == text else [*spans[:index], (shown, style), *spans[index + 1 :]]
    return spans


def wrap(spans: list[Span], width: int) -> list[list[Span]]:
    """Break one line at white space so that each piece fits `width`, continuation lines indented (hanging).

    A run of text without white space is never broken, even across spans (`up to [-15-]{+20+} days` keeps
    `[-15-]{+20+}` whole); only a name longer than any line could hold is split, after a `-`, `_`, `/` or `.`.
    """
    text = "".join(t for t, _ in spans)
    if len(text) <= width:
        return [spans]
    indent = len(text) - len(text.lstrip(" "))
    hanging = " " * min(indent + HANGING, width // 2)
    hang = len(hanging)
    lines: list[list[Span]] = []
    current: list[Span] = []
    length = 0
    pending: list[Span] = []  # the white space before the next word, dropped at a break
    gap = 0  # its length
    # each word's length is counted once: a 900 KB year file's diff wraps 4,000 lines of 45,000 words
    for word, size, space in _words(spans):
        if space:
            pending = pending + word
            gap += size
            continue
        if current and length + gap + size > width:
            lines.append(current)
            current, length, pending, gap = [(hanging, Style.PLAIN)], hang, [], 0
        if size <= width - hang:
            pieces = [(word, size)]  # what _split_long returns for a word that fits a line
        else:
            pieces = [(p, sum(len(t) for t, _ in p)) for p in _split_long(word, width - length - gap, width - hang)]
        for piece, piece_size in pieces:
            if current and length + gap + piece_size > width and length > hang:
                lines.append(current)
                current, length, pending, gap = [(hanging, Style.PLAIN)], hang, [], 0
            current += pending + piece
            length += gap + piece_size
            pending, gap = [], 0
    if current:
        lines.append(current)
    return [_joined(line) for line in lines]


def _joined(spans: list[Span]) -> list[Span]:
    """Neighbouring atoms of one style as one span again, so colour is switched once per run, not per word."""
    joined: list[Span] = []
    for text, style in spans:
        if joined and joined[-1][1] is style:
            joined[-1] = (joined[-1][0] + text, style)
        else:
            joined.append((text, style))
    return joined


def _words(spans: list[Span]) -> list[tuple[list[Span], int, bool]]:
    """Spans regrouped into words and white-space runs, each a list of styled atoms with its length and whether
    it is white space."""
    words: list[tuple[list[Span], int, bool]] = []
    word: list[Span] = []
    size = 0
    for text, style in spans:
        for part in _SPACE.split(text):
            if not part:
                continue
            if part.isspace():
                if word:
                    words.append((word, size, False))
                    word, size = [], 0
                words.append(([(part, style)], len(part), True))
            else:
                word.append((part, style))
                size += len(part)
    if word:
        words.append((word, size, False))
    return words


def _split_long(word: list[Span], first_room: int, room: int) -> list[list[Span]]:
    """A word as pieces: itself when it fits a line, else cut at soft breaks into pieces that fit."""
    if sum(len(t) for t, _ in word) <= max(first_room, room):
        return [word]
    pieces: list[list[Span]] = [[]]
    size = 0
    limit = max(first_room, 1)
    for text, style in word:
        for chunk in _SOFT_BREAK.split(text):
            if not chunk:
                continue
            if size and size + len(chunk) > limit:
                pieces.append([])
                size, limit = 0, room
            pieces[-1].append((chunk, style))
            size += len(chunk)
    return [piece for piece in pieces if piece]

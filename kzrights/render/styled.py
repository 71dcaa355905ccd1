"""A small styled-text document: lines of (text, style) spans, printable plain or in colour.

Renderers build these instead of rich objects so that plain output (pipes, CI, golden files) never imports
rich, and so that legal text is never parsed as markup: `[sic]` stays `[sic]`.
"""

from __future__ import annotations

from enum import StrEnum


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

# Without colour, a redline still has to show what was deleted and inserted: git's word-diff markers.
_PLAIN_MARKERS = {Style.DELETE: ("[-", "-]"), Style.INSERT: ("{+", "+}")}


class Document:
    """Lines of spans, appended to by a renderer (a plain class: creating a dataclass costs start-up time)."""

    __slots__ = ("lines",)

    def __init__(self) -> None:
        self.lines: list[list[Span]] = []

    def line(self, *spans: Span | str) -> None:
        self.lines.append([(s, Style.PLAIN) if isinstance(s, str) else s for s in spans])

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append([])

    def plain(self) -> str:
        """The document as plain text, redline marked `[-old-]{+new+}`."""
        out = []
        for spans in self.lines:
            text = ""
            for content, style in spans:
                before, after = _PLAIN_MARKERS.get(style, ("", ""))
                text += f"{before}{content}{after}" if content else ""
            out.append(text.rstrip())
        return "\n".join(out).rstrip("\n") + "\n"

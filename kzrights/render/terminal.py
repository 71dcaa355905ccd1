"""Print a styled Document in colour with rich; the only module that imports rich."""

from __future__ import annotations

from typing import TextIO

from kzrights.render.styled import Document, Style

_RICH_STYLES = {
    Style.PLAIN: "",
    Style.HEADING: "bold",
    Style.RULE: "bold cyan",
    Style.DIM: "dim",
    Style.STRICTER: "bold red",
    Style.LOOSER: "bold green",
    Style.NEUTRAL: "blue",
    Style.SILENT: "yellow",
    Style.DELETE: "red strike",
    Style.INSERT: "green underline",
    Style.QUOTE: "italic",
}


def print_colour(document: Document, stream: TextIO) -> None:
    """Write the document with ANSI colour; spans are Text, never markup, so `[sic]` survives."""
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, force_terminal=True, no_color=False, highlight=False, soft_wrap=True)
    for spans in document.lines:
        text = Text()
        for content, style in spans:
            text.append(content, style=_RICH_STYLES[style])
        console.print(text)

"""Print a styled Document in colour with rich's styles; the only module that imports rich.

Each span is written as text with the escape codes of its rich Style, never parsed as markup, so `[sic]` survives.
A rich Console would add nothing to line-by-line output but some 20 ms of start-up (its import) and 5 ms of
rendering, so only `rich.style` is imported; on Windows the Console is used after all, because it turns escape
codes into Win32 calls on consoles that do not understand them. Both ways write the same bytes.
"""

from __future__ import annotations

import sys
from typing import TextIO

from kzrights.render.styled import Document, Style

_RICH_STYLES = {
    Style.PLAIN: "",
    Style.HEADING: "bold",
    Style.RULE: "bold cyan",
    Style.DIM: "dim",
    Style.STRICTER: "bold red",
    Style.LOOSER: "bold green",
    Style.NEUTRAL: "bold blue",
    Style.SILENT: "dim",  # silence is the least of the news: dim, never a warning colour
    Style.DELETE: "red strike",
    Style.INSERT: "green underline",
    Style.QUOTE: "italic",
}


def print_colour(document: Document, stream: TextIO, width: int | None = None) -> None:
    """Write the document with ANSI colour, wrapped to `width` when given."""
    if sys.platform == "win32":
        print_with_console(document, stream, width)
    else:
        print_with_escapes(document, stream, width)


def print_with_escapes(document: Document, stream: TextIO, width: int | None = None) -> None:
    """Each span wrapped in the escape codes rich gives its style (the standard colours need no colour system)."""
    from rich.color import ColorSystem
    from rich.style import Style as RichStyle

    styles = {ours: RichStyle.parse(theirs) for ours, theirs in _RICH_STYLES.items()}
    for spans in document.wrapped(width):
        line = "".join(styles[style].render(content, color_system=ColorSystem.STANDARD) for content, style in spans)
        stream.write(line + "\n")


def print_with_console(document: Document, stream: TextIO, width: int | None = None) -> None:
    """The same through a rich Console, which also serves legacy Windows consoles."""
    from rich.console import Console
    from rich.text import Text

    console = Console(file=stream, force_terminal=True, no_color=False, highlight=False, soft_wrap=True)
    for spans in document.wrapped(width):
        text = Text()
        for content, style in spans:
            text.append(content, style=_RICH_STYLES[style])
        console.print(text)

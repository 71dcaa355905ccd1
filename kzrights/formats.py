"""Every output format of every result, in one table per kind of result.

A table maps a format name to its renderer as "module:function", imported only when chosen, so that start-up
pays for one renderer. The CLI derives each `--format` choice from these tables, and a test imports every entry
and checks its signature: a format is one module plus one entry here, and a half-done one fails that test
rather than falling through to another format. Every renderer takes the result and the RenderOptions and returns
text (machine formats) or a styled Document (the text view); a renderer of an output that may be too large to hold
(the JSON changelog of a large tree) returns an iterator of text chunks, written as they come.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from kzrights.render.options import RenderOptions
    from kzrights.render.styled import Document

Renderer = Callable[[Any, "RenderOptions"], "str | Document | Iterator[str]"]

DIFF: Final[Mapping[str, str]] = {
    "text": "kzrights.render.as_text:render_diff",
    "json": "kzrights.render.as_json:render_diff",
    "markdown": "kzrights.render.as_markdown:render_diff",
}
VERSION: Final[Mapping[str, str]] = {
    "text": "kzrights.render.as_text:render_version",
    "json": "kzrights.render.as_json:render_version",
    "markdown": "kzrights.render.as_markdown:render_version",
}
CHANGELOG: Final[Mapping[str, str]] = {
    "text": "kzrights.render.as_text:render_changelog",
    "markdown": "kzrights.render.as_markdown:render_changelog",
    "csv": "kzrights.render.as_csv:render_changelog",
    "json": "kzrights.render.as_json:render_changelog",
}
HISTORY: Final[Mapping[str, str]] = {
    "text": "kzrights.render.as_text:render_history",
    "json": "kzrights.render.as_json:render_history",
    "markdown": "kzrights.render.as_markdown:render_history",
    "csv": "kzrights.render.as_csv:render_history",
}
BLAME: Final[Mapping[str, str]] = {
    "text": "kzrights.render.as_text:render_blame",
    "json": "kzrights.render.as_json:render_blame",
    "markdown": "kzrights.render.as_markdown:render_blame",
    "csv": "kzrights.render.as_csv:render_blame",
}
LISTING: Final[Mapping[str, str]] = {
    "text": "kzrights.render.as_text:render_listing",
    "json": "kzrights.render.as_json:render_listing",
    "markdown": "kzrights.render.as_markdown:render_listing",
}
# The report is a page to open, print or send: HTML is its only form (`kzrights report` has no --format).
REPORT: Final[Mapping[str, str]] = {
    "html": "kzrights.render.as_html:render_report",
}
PROBLEMS: Final[Mapping[str, str]] = {
    "text": "kzrights.render.as_text:render_problems",
    "json": "kzrights.render.as_json:render_problems",
    "github": "kzrights.render.as_github:render_problems",
}
REVIEW: Final[Mapping[str, str]] = {
    "text": "kzrights.render.as_text:render_review",
    "markdown": "kzrights.render.as_markdown:render_review",
    "json": "kzrights.render.as_json:render_review",
    "github": "kzrights.render.as_github:render_review",
}

# Which result each table renders: the type a renderer's first parameter is annotated with.
SUBJECTS: Final[Mapping[str, tuple[Mapping[str, str], str]]] = {
    "diff": (DIFF, "Report"),
    "version": (VERSION, "VersionReport"),
    "changelog": (CHANGELOG, "Changelog"),
    "history": (HISTORY, "Timeline"),
    "blame": (BLAME, "Blame"),
    "list": (LISTING, "Listing"),
    "problems": (PROBLEMS, "Validation"),
    "report": (REPORT, "Dossier"),
    "review": (REVIEW, "Review"),
}


def renderer(table: Mapping[str, str], fmt: str) -> Renderer:
    """The renderer registered for a format; an unregistered format is a KeyError, never another format."""
    module, _, name = table[fmt].partition(":")
    function: Renderer = getattr(importlib.import_module(module), name)
    return function

"""Read an HTML page with the standard library's parser, so tests assert on its structure, not on its text."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

VOID = {"meta", "br", "wbr", "col", "img", "input", "link", "hr", "source", "area", "base", "embed", "track"}


class Page(HTMLParser):
    """Every element with its attributes, the text outside <style>, and the doctype."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.doctype: str | None = None
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[str] = []
        self._open: list[str] = []
        self.feed(text)
        self.close()

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag not in VOID:
            self._open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if "style" not in self._open:
            self.texts.append(data)

    @property
    def text(self) -> str:
        """The visible text with white space collapsed, as a reader would search it."""
        return " ".join("".join(self.texts).split())

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.elements if name == tag]

    def ids(self) -> Counter[str]:
        return Counter(value for _, attrs in self.elements if (value := attrs.get("id")))

    def note_ids(self) -> list[str]:
        """The ids of the footnotes, in page order."""
        return [value for attrs in self.all("li") if (value := attrs.get("id")) and value.startswith("fn-")]

    def links(self) -> list[str]:
        return [
            value
            for _, attrs in self.elements
            for key, value in attrs.items()
            if key in ("href", "xlink:href") and value is not None
        ]

    def structure(self) -> Counter[tuple[str, tuple[str, ...]]]:
        """Each kind of element with its attribute names, counted: what markup the page is made of."""
        return Counter((tag, tuple(sorted(attrs))) for tag, attrs in self.elements)

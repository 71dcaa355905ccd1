"""What the user asked to see, shared by every renderer."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from kzrights.record import Record


class View(StrEnum):
    SEMANTIC = "semantic"
    TEXT = "text"
    BOTH = "both"


class RenderOptions(Record):
    __slots__ = ("view", "show_unchanged", "quotes", "stat", "show_held")

    def __init__(
        self,
        view: View = View.BOTH,
        show_unchanged: bool = False,
        quotes: bool = False,
        stat: bool = False,
        show_held: bool = True,
    ) -> None:
        self.view: Final = view
        self.show_unchanged: Final = show_unchanged
        self.quotes: Final = quotes
        self.stat: Final = stat  # one line of counts per rule, like `git diff --stat`
        self.show_held: Final = show_held  # the git driver shows an edit: every untouched value held is noise there

    @property
    def semantic(self) -> bool:
        return self.view in (View.SEMANTIC, View.BOTH)

    @property
    def textual(self) -> bool:
        return self.view in (View.TEXT, View.BOTH)

"""What the user asked to see, shared by every renderer."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class View(StrEnum):
    SEMANTIC = "semantic"
    TEXT = "text"
    BOTH = "both"


class RenderOptions(NamedTuple):
    view: View = View.BOTH
    show_unchanged: bool = False
    quotes: bool = False

    @property
    def semantic(self) -> bool:
        return self.view in (View.SEMANTIC, View.BOTH)

    @property
    def textual(self) -> bool:
        return self.view in (View.TEXT, View.BOTH)

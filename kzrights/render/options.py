"""What the user asked to see, shared by every renderer."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class View(StrEnum):
    SEMANTIC = "semantic"
    TEXT = "text"
    BOTH = "both"


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderOptions:
    view: View = View.BOTH
    show_unchanged: bool = False
    quotes: bool = False

    @property
    def semantic(self) -> bool:
        return self.view in (View.SEMANTIC, View.BOTH)

    @property
    def textual(self) -> bool:
        return self.view in (View.TEXT, View.BOTH)

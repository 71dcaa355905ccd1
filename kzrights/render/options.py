"""What the user asked to see, shared by every renderer."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Final

from kzrights.record import Record

if TYPE_CHECKING:
    from kzrights.gate import FailOn
    from kzrights.ledger import Ledger

GITHUB_SUMMARY_LIMIT = 1024 * 1024  # GitHub refuses a job summary larger than 1 MiB


class View(StrEnum):
    SEMANTIC = "semantic"
    TEXT = "text"
    BOTH = "both"


class RenderOptions(Record):
    __slots__ = ("view", "show_unchanged", "quotes", "stat", "show_held", "ledger", "fail_on", "max_bytes")

    def __init__(
        self,
        view: View = View.BOTH,
        show_unchanged: bool = False,
        quotes: bool = False,
        stat: bool = False,
        show_held: bool = True,
        ledger: Ledger | None = None,  # accepted changes, marked as such; None: none are marked
        fail_on: FailOn | None = None,  # the gate asked for: the changes it catches show their fingerprint
        max_bytes: int = GITHUB_SUMMARY_LIMIT,  # the most a Markdown report may hold (a job summary, a PR comment)
    ) -> None:
        self.view: Final = view
        self.show_unchanged: Final = show_unchanged
        self.quotes: Final = quotes
        self.stat: Final = stat  # one line of counts per rule, like `git diff --stat`
        self.show_held: Final = show_held  # the git driver shows an edit: every untouched value held is noise there
        self.ledger: Final = ledger
        self.fail_on: Final = fail_on
        self.max_bytes: Final = max_bytes

    @property
    def semantic(self) -> bool:
        return self.view in (View.SEMANTIC, View.BOTH)

    @property
    def textual(self) -> bool:
        return self.view in (View.TEXT, View.BOTH)

"""The CI gate: which findings `--fail-on` catches, and which of those the ledger does not let through."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Final

from kzrights.findings import Finding
from kzrights.ledger import Status, Verdict
from kzrights.record import Record
from kzrights.report import Direction


class FailOn(StrEnum):
    STRICTER = "stricter"
    LOOSER = "looser"
    NOT_COMPARABLE = "not-comparable"
    ANY = "any"

    def catches(self, finding: Finding) -> bool:
        """A schema change that re-grades history is caught at every level: it changes what the gate measures."""
        if self is FailOn.ANY or finding.regrades:
            return True
        return finding.direction is Direction(self.value)


class Tripped(Record):
    """A finding the gate caught and the ledger does not let through (never accepted, or its acceptance expired)."""

    __slots__ = ("finding", "verdict")

    def __init__(self, finding: Finding, verdict: Verdict) -> None:
        self.finding: Final = finding
        self.verdict: Final = verdict


def tripped(findings: Iterable[Finding], fail_on: FailOn, verdict_of: Callable[[str], Verdict]) -> tuple[Tripped, ...]:
    """The findings that make `--fail-on` exit 1, in the order given, by the ledger's verdicts; each fingerprint once."""
    seen: set[str] = set()
    result = []
    for finding in findings:
        if not fail_on.catches(finding) or finding.fingerprint in seen:
            continue
        verdict = verdict_of(finding.fingerprint)
        if verdict.status is not Status.ACCEPTED:
            seen.add(finding.fingerprint)
            result.append(Tripped(finding, verdict))
    return tuple(result)

"""`kzrights accept`: check that a fingerprint names a change in the data, then append its acceptance to the ledger."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from kzrights.errors import DataErrors, UsageError
from kzrights.findings import Finding, corpus_findings
from kzrights.ledger import Ledger, Status, append_acceptance, today
from kzrights.loader import FINGERPRINT, is_date
from kzrights.model import Acceptance
from kzrights.render.escape import describe, first_hostile


def accept_change(
    data_dir: Path, fingerprint: str, reason: str, by: str, expires: str | None, base: str | None
) -> tuple[Path, Finding]:
    """Append an acceptance of the change with `fingerprint`; refuse one that names no change, or is accepted already.

    The changes are those between any two years of the data (what diff and changelog show), and with `base` also
    what `review --base` finds (a correction of a year's own values, a schema, source or silence change).
    """
    if not re.fullmatch(FINGERPRINT, fingerprint):
        raise UsageError(f"a fingerprint is 16 lowercase hex digits, as review and diff print it; got {fingerprint!r}")
    reason, by = reason.strip(), by.strip()
    if not reason or not by:
        raise UsageError("--reason and --by must not be empty: a later reader needs to know why and who")
    for option, text in (("--reason", reason), ("--by", by)):
        # the ledger is data like any other: what the loader would refuse in it is refused before it is written
        # (bytes that were not UTF-8 on the command line arrive as lone surrogates, which this refuses too)
        hostile = first_hostile(text)
        if hostile is not None:
            raise UsageError(f"{option} must be printable text on one line; it contains {describe(hostile)}")
    now = today()
    if expires is not None:
        if not is_date(expires):
            raise UsageError(f"--expires must be a date written YYYY-MM-DD, got {expires!r}")
        if expires < now:
            raise UsageError(f"--expires {expires} is before today ({now}): the acceptance would never hold")
    finding = next((f for f in _changes(data_dir, base) if f.fingerprint == fingerprint), None)
    if finding is None:
        where = (
            f"nor among what review --base {base} finds"
            if base
            else "(for a change only review shows, give --base REF)"
        )
        raise UsageError(f"fingerprint {fingerprint} matches no change between two years of the data {where}")
    entry = Acceptance(fingerprint=fingerprint, reason=reason, by=by, date=now, expires=expires)

    def refuse(ledger: Ledger) -> str | None:
        verdict = ledger.verdict(fingerprint)
        if verdict.status is Status.ACCEPTED and verdict.acceptance is not None:
            held = verdict.acceptance
            return f"{fingerprint} is already accepted (line {held.line}: {held.reason}, by {held.by} on {held.date})"
        return None

    return append_acceptance(data_dir, entry, refuse), finding


def _changes(data_dir: Path, base: str | None) -> Iterator[Finding]:
    """Every change the fingerprint may name, from the cheapest source to the dearest."""
    from kzrights.validate import validate_tree

    tree = validate_tree(data_dir)
    if tree.problems:
        raise DataErrors(tree.problems)
    for topic in tree.topics:
        yield from corpus_findings(topic, [v for v in tree.versions if v.topic == topic.name], tree.mci)
    if base is not None:
        from kzrights.review import build_review

        yield from (item.finding for item in build_review(data_dir, base).items)

"""Findings: the changes a review lists, a gate judges and the ledger accepts, each with a stable fingerprint.

A fingerprint is computed from what changed — topic, rule, field, old value, new value — and never from how
kzrights words it, so rewording a message (or a rule's prose, for a field change) keeps every fingerprint, and
one value change has one fingerprint whichever pair of years shows it. It is the first 16 hex digits of the
sha256 of a canonical JSON text (sorted keys, no spaces, UTF-8), which is the same on every Python version and
platform; 64 bits keep a fingerprint short enough to copy from a table and out of reach of a forged collision.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from enum import StrEnum
from typing import Any, Final

from kzrights.compare import compare
from kzrights.fieldtypes import to_json
from kzrights.model import MciRate, Resolved, Rule, Topic, Version
from kzrights.record import Record
from kzrights.report import Direction, FieldChange, Report, RuleChange, RuleChangeKind

FINGERPRINT_VERSION = 1  # part of what is hashed: raising it would change every fingerprint, so it never moves


class FindingKind(StrEnum):
    FIELD = "field"  # a field's value changed, or a source now states it or no longer does
    WORDING = "wording"  # a rule's title or text changed, or the rule is described by one side only
    SCHEMA = "schema"  # a field of topic.yaml was added, removed or changed (type, unit, values, stricter)
    SOURCE = "source"  # an entry of sources.yaml was added, removed or changed
    SILENCE = "silence"  # a source year is newly recorded as silent on the topic, or no longer
    YEAR_REMOVED = "year-removed"  # a year file was deleted
    CAVEAT = "caveat"  # the caveats a year records on a field changed: one marking a value not comparable re-grades
    MCI = "mci"  # a year's monthly calculation index was added, changed or removed (tenge amounts compare in it)
    CITATION = "citation"  # a rule's citations changed: a source, a line range, a quote or the fields one supports

    @property
    def label(self) -> str:
        return self.value.replace("-", " ")


def fingerprint(topic: str | None, rule: str | None, field: str | None, old: Any, new: Any) -> str:
    """The fingerprint of a change: sha256 of the canonical JSON of what changed, first 16 hex digits."""
    canonical = _canonical().encode(
        {"v": FINGERPRINT_VERSION, "topic": topic, "rule": rule, "field": field, "old": old, "new": new}
    )
    return _sha256_hex(canonical.encode("utf-8", "surrogatepass"))[
        :16
    ]  # the loader refuses surrogates; a library caller may not


@functools.cache
def _canonical() -> Any:
    """The encoder of canonical JSON (sorted keys, no spaces, UTF-8 as is), made once: `json.dumps` with options
    builds an encoder at every call: 5.6 -> 4.3 µs a fingerprint, of which a 10,000-file changelog takes 92,657."""
    import json

    return json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _sha256_hex(data: bytes) -> str:
    """sha256 from CPython's own implementation when it has one: importing hashlib loads OpenSSL (3-4 ms of a
    75 ms start-up), for a digest that is the same whichever code computes it."""
    return str(_sha256()(data).hexdigest())


@functools.cache
def _sha256() -> Callable[[bytes], Any]:
    """The sha256 constructor, looked up once: a failed import searches every folder of sys.path again each time,
    which for the 92,657 rows of a 10,000-file changelog was 14 CPU-seconds (docs/benchmarks.md)."""
    import importlib

    for name in ("_sha2", "_sha256"):  # CPython 3.12 and later, 3.11
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        constructor: Callable[[bytes], Any] = module.sha256
        return constructor
    import hashlib

    return hashlib.sha256


class Finding(Record):
    """One change between two states of the data, located in the file a reviewer would open."""

    __slots__ = (
        "kind",
        "topic",
        "rule",
        "field",
        "old",
        "new",
        "direction",
        "regrades",
        "old_label",
        "new_label",
        "file",
        "line",
        "change",
        "rule_change",
        "_fingerprint",
    )

    def __init__(
        self,
        kind: FindingKind,
        topic: str | None,  # None for a change of sources.yaml, which serves every topic
        rule: str | None,
        field: str | None,  # the field; the source id, for a source; the year, for silence and a removed year
        old: Any,  # the JSON form of the older side; None where it has nothing
        new: Any,
        direction: Direction,
        regrades: bool,  # the schema change re-grades history (a direction, type, unit or value order changed)
        old_label: str,  # `2019`, `2019 at origin/main`: what the older side is
        new_label: str,
        file: str | None,  # the file to annotate, relative to the repository (or the data folder)
        line: int | None,  # the line of the changed key in that file, when it has one
        change: FieldChange | None = None,  # for a field finding: the comparison's own record, for units and evidence
        rule_change: RuleChange | None = None,  # for a wording finding: the rule on both sides, for the redline
    ) -> None:
        self.kind: Final = kind
        self.topic: Final = topic
        self.rule: Final = rule
        self.field: Final = field
        self.old: Final = old
        self.new: Final = new
        self.direction: Final = direction
        self.regrades: Final = regrades
        self.old_label: Final = old_label
        self.new_label: Final = new_label
        self.file: Final = file
        self.line: Final = line
        self.change: Final = change
        self.rule_change: Final = rule_change
        self._fingerprint: Final = fingerprint(topic, _key(kind, rule), field, old, new)

    @property
    def fingerprint(self) -> str:
        return self._fingerprint

    @property
    def subject(self) -> str:
        """What changed, as a reviewer names it: `admin-penalties.max_admin_arrest_days`, `source usdos-2021`."""
        match self.kind:
            case FindingKind.FIELD:
                return f"{self.rule}.{self.field}"
            case FindingKind.WORDING:
                return f"{self.rule}"
            case FindingKind.SCHEMA:
                return f"field {self.field}"
            case FindingKind.SOURCE:
                return f"source {self.field}"
            case FindingKind.SILENCE:
                return f"silent year {self.field}"
            case FindingKind.YEAR_REMOVED:
                return f"{self.field}.yaml"
            case FindingKind.CAVEAT:
                return f"{self.rule}.{self.field} caveats"
            case FindingKind.MCI:
                return f"MCI {self.field}"
            case FindingKind.CITATION:
                return f"{self.rule} citations"

    def location(self) -> str | None:
        """`provisions/assembly/2021.yaml:34`, the shape editors and CI logs link."""
        if self.file is None:
            return None
        return self.file if self.line is None else f"{self.file}:{self.line}"


def _key(kind: FindingKind, rule: str | None) -> str | None:
    """The `rule` part of what is hashed: a rule id for rule findings, a marker no rule id can take for the others."""
    if kind is FindingKind.FIELD:
        return rule
    if kind in (FindingKind.WORDING, FindingKind.CAVEAT, FindingKind.CITATION):
        return f"{rule} ({kind.value})"
    return f"({kind.value})"  # rule ids are kebab-case: no parenthesis


def report_findings(
    report: Report,
    *,
    file: str | None = None,
    anchor_new: bool = True,
    old_label: str | None = None,
    new_label: str | None = None,
) -> tuple[Finding, ...]:
    """Every change a diff shows: one finding per field change, and one per rule whose wording changed.

    `file` is the year file to annotate; `anchor_new` says whether it is the newer side's (lines come from it).
    """
    old = old_label if old_label is not None else str(report.old.version.year)
    new = new_label if new_label is not None else str(report.new.version.year)
    found: list[Finding] = []
    for rule in report.rules:
        if rule.kind is RuleChangeKind.UNCHANGED:
            continue
        anchor = rule.new if anchor_new else rule.old
        for change in rule.fields:
            found.append(
                Finding(
                    kind=FindingKind.FIELD,
                    topic=report.topic.name,
                    rule=rule.id,
                    field=change.field,
                    old=to_json(change.old),
                    new=to_json(change.new),
                    direction=change.direction,
                    regrades=False,
                    old_label=old,
                    new_label=new,
                    file=file,
                    line=_line_of(anchor, change.field),
                    change=change,
                )
            )
        before, after = _wording(rule.old), _wording(rule.new)
        if before != after:
            found.append(
                Finding(
                    kind=FindingKind.WORDING,
                    topic=report.topic.name,
                    rule=rule.id,
                    field=None,
                    old=before,
                    new=after,
                    direction=Direction.NEUTRAL,
                    regrades=False,
                    old_label=old,
                    new_label=new,
                    file=file,
                    line=(anchor.line or None) if anchor is not None else None,
                    rule_change=rule,
                )
            )
    return tuple(found)


def _wording(rule: Rule | None) -> dict[str, str] | None:
    return {"title": rule.title, "text": rule.text} if rule is not None else None


def _line_of(rule: Rule | None, field: str) -> int | None:
    """The line of the field's key, else of the rule (a field no longer stated), else none."""
    if rule is None:
        return None
    return rule.field_line(field) or rule.line or None


def corpus_findings(
    topic: Topic, versions: Iterable[Version], mci: Mapping[int, MciRate] | None = None
) -> Iterator[Finding]:
    """Every change between any two years of a topic (diff compares any pair): what a ledger entry may accept."""
    for older, newer in itertools.combinations(sorted(versions, key=lambda v: v.year), 2):
        yield from report_findings(
            compare(topic, Resolved(older.year, older), Resolved(newer.year, newer), mci=mci, held=False)
        )


def field_fingerprint(topic: str, rule: str, change: FieldChange) -> str:
    """The fingerprint of one field change, as report_findings gives it."""
    return fingerprint(topic, _key(FindingKind.FIELD, rule), change.field, to_json(change.old), to_json(change.new))


def wording_fingerprint(topic: str, rule: RuleChange) -> str | None:
    """The fingerprint of a rule's change of wording, or None when its title and text are the same on both sides."""
    before, after = _wording(rule.old), _wording(rule.new)
    return None if before == after else fingerprint(topic, _key(FindingKind.WORDING, rule.id), None, before, after)

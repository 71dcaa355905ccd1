"""Review a change to the data, as a pull request makes it: every finding between a base revision and the head.

Per topic, a review reads:
- a changed year file against its own base version (a correction of the record);
- an added year file against the preceding source year's file, and against the following one when it lies between
  two (a new source read);
- a removed year file;
- the schema: fields added or removed, a type, unit or enum's values changed, a `stricter` flipped — a schema
  change that re-grades history is caught by every level of the gate, because it changes what the gate measures;
- sources added, removed or changed, and source years newly recorded as silent (or no longer).
The head is validated first: a review of invalid data is refused with every problem. The base is read as it is;
what cannot be read of it is compared as absent, and the review says so.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Final

from kzrights.compare import compare
from kzrights.errors import DataError, DataErrors
from kzrights.fieldtypes import to_json
from kzrights.findings import Finding, FindingKind, report_findings
from kzrights.gate import FailOn, Tripped, tripped
from kzrights.gittree import Repository, commit_of, locate, write_tree
from kzrights.ledger import Ledger, Status, Verdict, today
from kzrights.loader import MCI_FILE
from kzrights.model import (
    Acceptance,
    FieldSpec,
    FieldType,
    Resolved,
    Rule,
    SilentYear,
    Source,
    Stricter,
    Topic,
    Version,
)
from kzrights.record import Record
from kzrights.report import SCHEMA_VERSION, Direction, source_to_dict, verdict_to_dict
from kzrights.validate import Validation, validate_tree


class ReviewItem(Record):
    """A finding and what the head's ledger says of it."""

    __slots__ = ("finding", "verdict")

    def __init__(self, finding: Finding, verdict: Verdict) -> None:
        self.finding: Final = finding
        self.verdict: Final = verdict


class FileChange(Record):
    """A file the change touched, and what its new contents were compared with."""

    __slots__ = ("topic", "file", "change", "compared_with")

    def __init__(self, topic: str | None, file: str, change: str, compared_with: tuple[str, ...]) -> None:
        self.topic: Final = topic
        self.file: Final = file
        self.change: Final = change  # "added", "changed" or "removed"
        self.compared_with: Final = compared_with  # `2019`, `2019 at origin/main`


class Review(Record):
    """Everything a change to the data did, by topic, with the ledger's verdict on each finding."""

    __slots__ = (
        "base",
        "base_commit",
        "head",
        "head_commit",
        "data",
        "topics",
        "files",
        "items",
        "accepted_here",
        "base_problems",
    )

    def __init__(
        self,
        base: str,  # the revision as the user named it
        base_commit: str,
        head: str | None,  # None: the working tree
        head_commit: str | None,
        data: str,  # the data folder inside the repository, `provisions/`
        topics: tuple[tuple[str, str], ...],  # (name, title) of every topic on either side, in name order
        files: tuple[FileChange, ...],
        items: tuple[ReviewItem, ...],
        accepted_here: tuple[Acceptance, ...],  # ledger entries the change itself adds: a reviewer should see them
        base_problems: tuple[DataError, ...],
    ) -> None:
        self.base: Final = base
        self.base_commit: Final = base_commit
        self.head: Final = head
        self.head_commit: Final = head_commit
        self.data: Final = data
        self.topics: Final = topics
        self.files: Final = files
        self.items: Final = items
        self.accepted_here: Final = accepted_here
        self.base_problems: Final = base_problems

    @property
    def head_label(self) -> str:
        return self.head if self.head is not None else "the working tree"

    def groups(self) -> tuple[tuple[str | None, str, tuple[ReviewItem, ...], tuple[FileChange, ...]], ...]:
        """(topic, title, items, files) for the sources first (topic None), then each topic with something to say."""
        groups = []
        for name, title in ((None, "Sources"), *self.topics):
            items = tuple(i for i in self.items if i.finding.topic == name)
            files = tuple(f for f in self.files if f.topic == name)
            if items or files:
                groups.append((name, title, items, files))
        return tuple(groups)

    def tripped(self, fail_on: FailOn) -> tuple[Tripped, ...]:
        """The findings that make `--fail-on` exit 1: caught by it, and not accepted in the head's ledger."""
        verdicts = {i.finding.fingerprint: i.verdict for i in self.items}
        return tripped((i.finding for i in self.items), fail_on, verdicts.__getitem__)

    def counts(self) -> dict[str, int]:
        directions = [i.finding.direction for i in self.items]
        return {
            "changes": len(self.items),
            "stricter": directions.count(Direction.STRICTER),
            "looser": directions.count(Direction.LOOSER),
            "neutral": directions.count(Direction.NEUTRAL),
            "not_comparable": directions.count(Direction.NOT_COMPARABLE),
            "regrading": sum(1 for i in self.items if i.finding.regrades),
            "accepted": sum(1 for i in self.items if i.verdict.status is Status.ACCEPTED),
            "expired": sum(1 for i in self.items if i.verdict.status is Status.EXPIRED),
        }

    def to_dict(self, fail_on: FailOn | None = None) -> dict[str, Any]:
        """The JSON contract of `kzrights review --format json`."""
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": "review",
            "base": {"ref": self.base, "commit": self.base_commit},
            "head": {"ref": self.head, "commit": self.head_commit},
            "data": self.data,
            "summary": self.counts(),
            "gate": None
            if fail_on is None
            else {"fail_on": fail_on.value, "tripped": [t.finding.fingerprint for t in self.tripped(fail_on)]},
            "files": [
                {"topic": f.topic, "file": f.file, "change": f.change, "compared_with": list(f.compared_with)}
                for f in self.files
            ],
            "changes": [_item_to_dict(item) for item in self.items],
            "accepted_in_this_change": [acceptance_to_dict(a) for a in self.accepted_here],
            "base_problems": [
                {"file": p.path, "line": p.line, "rule": p.rule, "field": p.field, "message": p.message}
                for p in self.base_problems
            ],
        }


def _item_to_dict(item: ReviewItem) -> dict[str, Any]:
    finding, change = item.finding, item.finding.change
    return {
        "kind": finding.kind.value,
        "topic": finding.topic,
        "rule": finding.rule,
        "field": finding.field,
        "old": finding.old,
        "new": finding.new,
        "unit": change.unit if change is not None else None,
        "delta": change.delta if change is not None else None,
        "direction": finding.direction.value,
        "regrades": finding.regrades,
        "from": finding.old_label,
        "to": finding.new_label,
        "file": finding.file,
        "line": finding.line,
        "fingerprint": finding.fingerprint,
        "status": item.verdict.status.value,
        "accepted": verdict_to_dict(item.verdict),
    }


def acceptance_to_dict(entry: Acceptance) -> dict[str, Any]:
    return {
        "fingerprint": entry.fingerprint,
        "reason": entry.reason,
        "by": entry.by,
        "date": entry.date,
        "expires": entry.expires,
    }


# --- building a review ----------------------------------------------------------------------------------


def build_review(data_dir: Path, base: str, head: str | None = None) -> Review:
    """Compare the data folder at `base` with the working tree (or with `head`), validating the head first."""
    repo = locate(data_dir)
    base_commit = commit_of(repo, base)
    head_commit = commit_of(repo, head) if head is not None else None
    with tempfile.TemporaryDirectory(prefix="kzrights-review-") as scratch:
        base_root = Path(scratch) / "base"
        head_root = data_dir
        if head_commit is not None:
            head_root = Path(scratch) / "head"
            write_tree(repo, head_commit, head_root)
        after = validate_tree(head_root)
        if after.problems:
            raise DataErrors(_relocated(p, head_root, repo) if head is not None else p for p in after.problems)
        before = _read_base(repo, base_commit, base_root)
        sides = _Sides(repo, (base, before, base_root), (head or "the working tree", after, head_root))
        findings = sides.findings()
        ledger = Ledger(after.ledger, today())
        base_ledger = {_entry_key(e) for e in before.ledger}
        return Review(
            base=base,
            base_commit=base_commit,
            head=head,
            head_commit=head_commit,
            data=repo.prefix,
            topics=tuple(sorted({(t.name, t.title) for t in (*before.topics, *after.topics)})),
            files=tuple(sides.files),
            items=tuple(ReviewItem(f, ledger.verdict(f.fingerprint)) for f in findings),
            accepted_here=tuple(e for e in after.ledger if _entry_key(e) not in base_ledger),
            base_problems=tuple(_relocated(p, base_root, repo, f"{base}:") for p in before.problems),
        )


def _read_base(repo: Repository, commit: str, root: Path) -> Validation:
    """The base as it is: a data folder it does not have yet is empty, not an error."""
    if not write_tree(repo, commit, root) or not (root / "sources.yaml").is_file():
        return Validation(root, {}, (), (), False)
    return validate_tree(root)


def _relocated(problem: DataError, root: Path, repo: Repository, prefix: str = "") -> DataError:
    """A problem found in a scratch copy, named by the repository's path (`origin/main:provisions/x.yaml`)."""
    try:
        relative = Path(problem.path).relative_to(root).as_posix()
    except ValueError:
        return problem
    return DataError(
        f"{prefix}{repo.path_of(relative)}", problem.line, problem.message, rule=problem.rule, field=problem.field
    )


def _entry_key(entry: Acceptance) -> tuple[str, str, str, str, str | None]:
    return (entry.fingerprint, entry.reason, entry.by, entry.date, entry.expires)


class _Sides:
    """The two validated trees being compared, and the findings between them."""

    def __init__(
        self, repo: Repository, base: tuple[str, Validation, Path], head: tuple[str, Validation, Path]
    ) -> None:
        self.repo = repo
        self.base, self.before, self.base_root = base
        self.head, self.after, self.head_root = head
        self.mci = self.after.mci  # both sides' amounts are graded in the head's index, as diff will grade them
        self.files: list[FileChange] = []

    def head_file(self, path: Path) -> str:
        return self.repo.path_of(path.relative_to(self.head_root).as_posix())

    def base_file(self, path: Path) -> str:
        return self.repo.path_of(path.relative_to(self.base_root).as_posix())

    def findings(self) -> list[Finding]:
        found = self.source_findings() + self.mci_findings()
        names = sorted({t.name for t in (*self.before.topics, *self.after.topics)})
        for name in names:
            old_topic = next((t for t in self.before.topics if t.name == name), None)
            new_topic = next((t for t in self.after.topics if t.name == name), None)
            found += self.schema_findings(name, old_topic, new_topic)
            found += self.silence_findings(name, old_topic, new_topic)
            found += self.year_findings(name, old_topic, new_topic)
        return found

    # sources.yaml

    def source_findings(self) -> list[Finding]:
        old, new = self.before.sources, self.after.sources
        sources_file = self.repo.path_of("sources.yaml")
        found = []
        for source_id in sorted(old.keys() | new.keys(), key=lambda i: ((new.get(i) or old[i]).year, i)):
            was, now = old.get(source_id), new.get(source_id)
            if was is not None and now is not None and _source_json(was) == _source_json(now):
                continue
            found.append(
                Finding(
                    kind=FindingKind.SOURCE,
                    topic=None,
                    rule=None,
                    field=source_id,
                    old=_source_json(was) if was else None,
                    new=_source_json(now) if now else None,
                    direction=Direction.NEUTRAL,
                    regrades=False,
                    old_label=self.base,
                    new_label=self.head,
                    file=sources_file,
                    line=(now.line or None) if now is not None else None,
                )
            )
        if found:
            self.files.append(FileChange(None, sources_file, "changed", ()))
        return found

    # mci.yaml

    def mci_findings(self) -> list[Finding]:
        """A rate added for a new year grades only that year's amounts; one changed or removed re-grades history."""
        old, new = self.before.mci, self.after.mci
        file = self.repo.path_of(MCI_FILE)
        found = []
        for year in sorted(old.keys() | new.keys()):
            was, now = old.get(year), new.get(year)
            if was is not None and now is not None and was.tenge == now.tenge:
                continue
            found.append(
                Finding(
                    kind=FindingKind.MCI,
                    topic=None,
                    rule=None,
                    field=str(year),
                    old={"tenge": was.tenge, "basis": was.basis} if was else None,
                    new={"tenge": now.tenge, "basis": now.basis} if now else None,
                    direction=Direction.NEUTRAL,
                    regrades=was is not None,
                    old_label=self.base,
                    new_label=self.head,
                    file=file,
                    line=(now.line or None) if now is not None else None,
                )
            )
        if found:
            self.files.append(FileChange(None, file, "changed" if old and new else "added" if new else "removed", ()))
        return found

    # topic.yaml

    def schema_findings(self, name: str, old: Topic | None, new: Topic | None) -> list[Finding]:
        old_specs = {s.name: s for s in old.fields} if old else {}
        new_specs = {s.name: s for s in new.fields} if new else {}
        file = self.repo.path_of(f"{name}/topic.yaml")
        found = []
        for field in [*new_specs, *(f for f in old_specs if f not in new_specs)]:
            was, now = old_specs.get(field), new_specs.get(field)
            if was is not None and now is not None and _spec_json(was) == _spec_json(now):
                continue
            found.append(
                Finding(
                    kind=FindingKind.SCHEMA,
                    topic=name,
                    rule=None,
                    field=field,
                    old=_spec_json(was) if was else None,
                    new=_spec_json(now) if now else None,
                    direction=Direction.NEUTRAL,
                    regrades=was is not None and now is not None and regrades(was, now),
                    old_label=self.base,
                    new_label=self.head,
                    file=file if new is not None else None,
                    line=(now.line or None) if now is not None else None,
                )
            )
        if found:
            self.files.append(FileChange(name, file, "changed" if old and new else "added" if new else "removed", ()))
        return found

    def silence_findings(self, name: str, old: Topic | None, new: Topic | None) -> list[Finding]:
        was = {(s.year, s.source): s for s in old.silent} if old else {}
        now = {(s.year, s.source): s for s in new.silent} if new else {}
        found = []
        for key in sorted(was.keys() ^ now.keys()):
            entry: SilentYear = now.get(key) or was[key]
            value = {"year": entry.year, "source": entry.source}
            recorded = key in now
            found.append(
                Finding(
                    kind=FindingKind.SILENCE,
                    topic=name,
                    rule=None,
                    field=str(entry.year),
                    old=None if recorded else value,
                    new=value if recorded else None,
                    direction=Direction.NOT_COMPARABLE if recorded else Direction.NEUTRAL,
                    regrades=False,
                    old_label=self.base,
                    new_label=self.head,
                    file=self.repo.path_of(f"{name}/topic.yaml") if new is not None else None,
                    line=(entry.line or None) if recorded else None,
                )
            )
        return found

    # year files

    def year_findings(self, name: str, old_topic: Topic | None, new_topic: Topic | None) -> list[Finding]:
        old = {v.year: v for v in self.before.versions if v.topic == name}
        new = {v.year: v for v in self.after.versions if v.topic == name}
        found: list[Finding] = []
        for year in sorted(old.keys() | new.keys()):
            was, now = old.get(year), new.get(year)
            if now is None and was is not None:
                found.append(self.removed_year(name, was))
            elif now is not None and new_topic is not None and was is not None:
                if was.path.read_bytes() != now.path.read_bytes():
                    found += self.changed_year(old_topic, new_topic, was, now)
            elif now is not None and new_topic is not None:
                found += self.added_year(new_topic, now, new, added=new.keys() - old.keys())
        return found

    def removed_year(self, name: str, was: Version) -> Finding:
        file = self.base_file(was.path)
        self.files.append(FileChange(name, file, "removed", ()))
        return Finding(
            kind=FindingKind.YEAR_REMOVED,
            topic=name,
            rule=None,
            field=str(was.year),
            old=was.year,
            new=None,
            direction=Direction.NOT_COMPARABLE,
            regrades=False,
            old_label=f"{was.year} at {self.base}",
            new_label=self.head,
            file=file,
            line=None,
        )

    def changed_year(self, old_topic: Topic | None, new_topic: Topic, was: Version, now: Version) -> list[Finding]:
        file = self.head_file(now.path)
        label = f"{was.year} at {self.base}"
        self.files.append(FileChange(new_topic.name, file, "changed", (label,)))
        report = compare(bridge(old_topic, new_topic), Resolved(was.year, was), Resolved(now.year, now), mci=self.mci)
        found = list(report_findings(report, file=file, old_label=label, new_label=str(now.year)))
        found += self.caveat_findings(new_topic.name, was, now, file, label)
        return found + self.citation_findings(new_topic.name, was, now, file, label)

    def citation_findings(self, topic: str, was: Version, now: Version, file: str, label: str) -> list[Finding]:
        """A rule whose citations changed, where its values and text did not have to: the evidence is the claim."""
        found = []
        for rule in now.rules:
            before = was.rule(rule.id)
            if before is None or before.cited == rule.cited:
                continue  # cited alike, or newly described: its wording finding shows it, citations and all
            old, new = _citations_json(before), _citations_json(rule)
            found.append(
                Finding(
                    kind=FindingKind.CITATION,
                    topic=topic,
                    rule=rule.id,
                    field=None,
                    old=old,
                    new=new,
                    direction=Direction.NEUTRAL,
                    regrades=False,
                    old_label=label,
                    new_label=str(now.year),
                    file=file,
                    line=rule.line or None,
                )
            )
        return found

    def added_year(self, topic: Topic, now: Version, versions: dict[int, Version], added: set[int]) -> list[Finding]:
        """Against the year before; against the year after too, unless that one is new as well (it is compared then)."""
        file = self.head_file(now.path)
        earlier = [y for y in versions if y < now.year]
        later = [y for y in versions if y > now.year]
        if later and min(later) in added:
            later = []
        compared = []
        found: list[Finding] = []
        if earlier:
            before = versions[max(earlier)]
            compared.append(str(before.year))
            report = compare(topic, Resolved(before.year, before), Resolved(now.year, now), mci=self.mci)
            found += report_findings(report, file=file)
        if later:
            after = versions[min(later)]
            compared.append(str(after.year))
            report = compare(topic, Resolved(now.year, now), Resolved(after.year, after), mci=self.mci)
            found += report_findings(report, file=file, anchor_new=False)
        if not earlier and not later:
            nothing = Version(topic.name, now.year, now.source, "", (), now.path)
            report = compare(topic, Resolved(now.year, nothing), Resolved(now.year, now), mci=self.mci)
            found += report_findings(report, file=file, old_label="no earlier year")
        self.files.append(FileChange(topic.name, file, "added", tuple(compared)))
        return found + self.caveat_findings(topic.name, None, now, file, "no caveats before")

    def caveat_findings(self, topic: str, was: Version | None, now: Version, file: str, label: str) -> list[Finding]:
        """Caveats recorded, dropped or reworded on a field. One that marks a value not comparable takes a change's
        direction away, so adding or dropping it re-grades history, as flipping `stricter` does."""
        found = []
        keys = {(r.id, c.field) for v in (was, now) if v is not None for r in v.rules for c in r.caveats}
        for rule_id, field in sorted(keys):
            before, after = (_caveats_json(v, rule_id, field) for v in (was, now))
            if before == after:
                continue
            rule = now.rule(rule_id)
            caveats = rule.caveats_for(field) if rule is not None else ()
            flags = [sorted(c["comparable"] for c in side or []) for side in (before, after)]
            found.append(
                Finding(
                    kind=FindingKind.CAVEAT,
                    topic=topic,
                    rule=rule_id,
                    field=field,
                    old=before,
                    new=after,
                    direction=Direction.NEUTRAL,
                    regrades=flags[0] != flags[1] and False in flags[0] + flags[1],
                    old_label=label,
                    new_label=str(now.year),
                    file=file,
                    line=caveats[0].line or None if caveats else None,
                )
            )
        return found


def _citations_json(rule: Rule) -> list[dict[str, Any]]:
    return [
        {"source": c.source, "lines": c.lines, "quote": c.quote, "supports": list(c.supports or ())} for c in rule.cite
    ]


def _caveats_json(version: Version | None, rule_id: str, field: str) -> list[dict[str, Any]] | None:
    rule = version.rule(rule_id) if version is not None else None
    caveats = rule.caveats_for(field) if rule is not None else ()
    return [{"comparable": c.comparable, "note": c.note} for c in caveats] or None


def _source_json(source: Source) -> dict[str, Any]:
    return {**source_to_dict(source), "covers": source.covers, "sha256": source.sha256}


def _spec_json(spec: FieldSpec) -> dict[str, Any]:
    """What of a field's schema grades and reads its values (its `meaning` is prose, not compared)."""
    return {"type": spec.type.value, "unit": spec.unit, "values": to_json(spec.values), "stricter": spec.stricter.value}


def regrades(old: FieldSpec, new: FieldSpec) -> bool:
    """Whether a schema change alters how values already recorded compare: type, unit, direction or enum order.

    Adding an enum value keeps every old comparison as it was; dropping one, or reordering, does not.
    """
    if (old.type, old.unit, old.stricter) != (new.type, new.unit, new.stricter):
        return True
    if old.values == new.values:
        return False
    if any(value not in new.values for value in old.values):
        return True
    return sorted(old.values, key=new.values.index) != list(old.values)


def bridge(old: Topic | None, new: Topic) -> Topic:
    """The head schema, made safe to compare a base version with: a field whose old values it cannot rank (its type
    changed, or an enum value dropped) gets no direction; that schema change is itself a finding that trips the gate."""
    if old is None:
        return new
    fields = []
    for spec in new.fields:
        was = old.field_spec(spec.name)
        unrankable = was is not None and (
            was.type != spec.type
            or (spec.type is FieldType.ENUM and any(value not in spec.values for value in was.values))
        )
        fields.append(spec.replace(stricter=Stricter.NONE) if unrankable else spec)
    return new.replace(fields=tuple(fields))

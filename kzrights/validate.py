"""Check the whole provisions tree, and optionally every citation against the source documents.

Collects every problem rather than stopping at the first, so a maintainer fixes them in one pass. Reads
only: it never writes to the data or the sources.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any, Final

from kzrights.errors import DataError
from kzrights.loader import MCI_FILE, Problems, read_ledger, read_mci, read_sources, read_topic, read_version
from kzrights.model import Acceptance, Citation, MciRate, Rule, Source, Topic, Version
from kzrights.record import Record

_YEAR_FILE = re.compile(r"[0-9]{4}\.yaml")
TENGE = "tenge"  # the unit of a money field, whose amounts are compared in MCI


class Validation(Record):
    """What a validation run read, every problem it found, and what it warns of without failing."""

    __slots__ = ("root", "sources", "versions", "problems", "checked_sources", "mci", "topics", "ledger", "warnings")

    def __init__(
        self,
        root: Path,
        sources: dict[str, Source],
        versions: tuple[Version, ...],
        problems: tuple[DataError, ...],
        checked_sources: bool,
        mci: dict[int, MciRate] | None = None,
        topics: tuple[Topic, ...] = (),
        ledger: tuple[Acceptance, ...] = (),
        warnings: tuple[DataError, ...] = (),  # ledger entries that match no change: stale, but harmless
    ) -> None:
        self.root: Final = root
        self.sources: Final = sources
        self.versions: Final = versions
        self.problems: Final = problems
        self.checked_sources: Final = checked_sources
        self.mci: Final = mci or {}
        self.topics: Final = topics
        self.ledger: Final = ledger
        self.warnings: Final = warnings

    def summary(self) -> str:
        """The line a clean run prints, so that a green run is visibly not an empty one."""
        rules = [r for v in self.versions for r in v.rules]
        cites = sum(len(r.cite) for r in rules)
        fields = sum(len(r.fields) for r in rules)
        caveats = sum(len(r.caveats) for r in rules)
        against = (
            f"; every quote found in its cited lines, and every heading on its line, of {len(self.sources)} source documents"
            if self.checked_sources
            else ""
        )
        if self.problems:
            count = len(self.problems)
            return f"kzrights: {count} problem{'s' if count != 1 else ''} in the data"
        read = f"{len(self.versions)} versions, {len(rules)} rules, {fields} field values, {cites} citations"
        return f"{_shown(self.root)}: OK, {read}, {caveats} caveats, {len(self.mci)} MCI years{against}"

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of `kzrights validate --format json`."""
        from kzrights.report import SCHEMA_VERSION

        return {
            "schema_version": SCHEMA_VERSION,
            "kind": "validation",
            "ok": not self.problems,
            "checked_sources": self.checked_sources,
            "counts": {
                "versions": len(self.versions),
                "rules": sum(len(v.rules) for v in self.versions),
                "field_values": sum(len(r.fields) for v in self.versions for r in v.rules),
                "citations": sum(len(r.cite) for v in self.versions for r in v.rules),
                "caveats": sum(len(r.caveats) for v in self.versions for r in v.rules),
                "mci_years": len(self.mci),
                "accepted_changes": len(self.ledger),
                "problems": len(self.problems),
                "warnings": len(self.warnings),
            },
            "problems": [_problem_to_dict(p) for p in self.problems],
            "warnings": [_problem_to_dict(w) for w in self.warnings],
        }


def _problem_to_dict(problem: DataError) -> dict[str, Any]:
    return {
        "file": problem.path,
        "line": problem.line,
        "rule": problem.rule,
        "field": problem.field,
        "message": problem.message,
    }


def _shown(path: Path) -> str:
    """The path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def validate_tree(root: Path, sources_dir: Path | None = None) -> Validation:
    """Every problem in the tree at `root`; with `sources_dir`, also hashes, quotes and section headings."""
    problems: Problems = []
    sources_path = root / "sources.yaml"
    if not sources_path.is_file():
        missing = DataError(sources_path, None, "missing: every provisions tree needs a source registry")
        return Validation(root, {}, (), (missing,), sources_dir is not None)
    sources = read_sources(sources_path, problems)
    mci_path = root / MCI_FILE
    mci = read_mci(mci_path, problems) if mci_path.is_file() else {}
    versions: list[Version] = []
    topics: list[Topic] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        topic, found = _validate_topic(folder, sources, mci, mci_path, problems)
        versions.extend(found)
        if topic is not None:
            topics.append(topic)
    if sources_dir is not None:
        problems.extend(check_against_sources(sources, versions, sources_dir, sources_path))
    from kzrights.ledger import ledger_path

    ledger = read_ledger(ledger_path(root), problems)
    warnings = stale_acceptances(ledger, topics, versions, mci, ledger_path(root))
    ordered = tuple(sorted(problems, key=DataError.sort_key))
    return Validation(
        root, sources, tuple(versions), ordered, sources_dir is not None, mci, tuple(topics), ledger, warnings
    )


def stale_acceptances(
    ledger: tuple[Acceptance, ...],
    topics: list[Topic],
    versions: list[Version],
    mci: dict[int, MciRate],
    path: Path,
) -> tuple[DataError, ...]:
    """Ledger entries whose fingerprint matches no change between any two years of any topic."""
    if not ledger:
        return ()
    from kzrights.findings import corpus_findings

    known = {
        finding.fingerprint
        for topic in topics
        for finding in corpus_findings(topic, [v for v in versions if v.topic == topic.name], mci)
    }
    return tuple(
        DataError(
            path,
            entry.line,
            f"accepted change {entry.fingerprint} matches no change between two years of the data; if what it "
            "accepted has merged since (a correction of a year's own value, a schema, source or silence change), "
            "the entry can go",
        )
        for entry in ledger
        if entry.fingerprint not in known
    )


def _validate_topic(
    folder: Path, sources: dict[str, Source], mci: dict[int, MciRate], mci_path: Path, problems: Problems
) -> tuple[Topic | None, list[Version]]:
    topic_path = folder / "topic.yaml"
    if not topic_path.is_file():
        problems.append(DataError(topic_path, None, "missing: a topic folder needs its schema"))
        return None, []
    topic = read_topic(topic_path, problems)
    if topic is None:
        return None, []
    years_by_source = {s.year: s for s in sources.values()}
    for silent in topic.silent:
        source = years_by_source.get(silent.year)
        if source is None or source.id != silent.source:
            problems.append(
                DataError(
                    topic_path,
                    None,
                    f"silent year {silent.year}: no source '{silent.source}' of that year in sources.yaml",
                )
            )
        if (folder / f"{silent.year}.yaml").exists():
            problems.append(
                DataError(topic_path, None, f"{silent.year} is listed as silent but {silent.year}.yaml exists")
            )
    silent_years = {s.year for s in topic.silent}
    for year, source in sorted(years_by_source.items()):
        if year not in silent_years and not (folder / f"{year}.yaml").exists():
            problems.append(
                DataError(
                    topic_path,
                    1,
                    f"source year {year} ({source.id}) has no {year}.yaml and is not listed under 'silent': record "
                    f"what the source says on {topic.name}, or that it was read and found silent",
                )
            )
    versions = []
    for path in sorted(folder.iterdir()):
        if path.name == "topic.yaml":
            continue
        if not _YEAR_FILE.fullmatch(path.name):
            problems.append(
                DataError(path, None, "unexpected file: a topic folder holds topic.yaml and YEAR.yaml files only")
            )
            continue
        version = read_version(path, topic, sources, problems)
        if version is not None:
            versions.append(version)
    problems.extend(field_home_problems(versions))
    problems.extend(money_problems(topic, versions, mci, mci_path))
    return topic, versions


def money_problems(topic: Topic, versions: list[Version], mci: dict[int, MciRate], mci_path: Path) -> Problems:
    """A tenge amount needs its year's MCI, or it cannot be compared with other years' amounts in real terms."""
    problems: Problems = []
    money = {spec.name for spec in topic.fields if spec.unit == TENGE}
    for version in versions:
        if version.year in mci:
            continue
        for rule in version.rules:
            for name, _ in rule.fields:
                if name in money:
                    message = (
                        f"a tenge amount in {version.year}, a year with no MCI entry in {mci_path.name}; add that "
                        "year's MCI with its cross-check against the sources, so the amount compares in real terms"
                    )
                    problems.append(DataError(version.path, rule.line, message, rule=rule.id, field=name))
    return problems


def field_home_problems(versions: list[Version]) -> Problems:
    """A field must sit in the same rule in every year, or the diff reads a move as silence on both sides."""
    problems: Problems = []
    home: dict[str, tuple[str, Version]] = {}
    for version in versions:
        for rule in version.rules:
            for name, _ in rule.fields:
                first = home.setdefault(name, (rule.id, version))
                if first[0] != rule.id:
                    message = (
                        f"is recorded under rule '{first[0]}' in {first[1].path.name}; a field belongs to the same rule "
                        "in every year, or the years cannot be compared"
                    )
                    problems.append(DataError(version.path, rule.line, message, rule=rule.id, field=name))
    return problems


def check_against_sources(
    sources: dict[str, Source], versions: list[Version], sources_dir: Path, registry: Path
) -> Problems:
    """Check each source file's sha256, every section heading, and that every quote stands in its cited lines."""
    problems: Problems = []
    texts: dict[str, list[str]] = {}
    for source in sources.values():
        path = sources_dir / source.file
        try:
            raw = path.read_bytes()
        except OSError as error:
            problems.append(
                DataError(registry, source.line, f"source '{source.id}': cannot read {path}: {error.strerror}")
            )
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest != source.sha256:
            problems.append(
                DataError(
                    registry,
                    source.line,
                    f"source '{source.id}': {path.name} has sha256 {digest}, the registry says {source.sha256}; re-check every citation into it",
                )
            )
        texts[source.id] = raw.decode("utf-8", errors="replace").splitlines()
        problems.extend(section_problems(source, texts[source.id], registry))
    for version in versions:
        for rule in version.rules:
            for cite in _every_citation(rule):
                lines = texts.get(cite.source)
                if lines is None:
                    continue
                problem = quote_problem(cite.quote, lines, cite.first_line, cite.last_line)
                if problem:
                    problems.append(DataError(version.path, cite.line, problem, rule=rule.id))
                problem = outside_sections(sources.get(cite.source), cite)
                if problem:
                    problems.append(DataError(version.path, cite.line, problem, rule=rule.id))
    return problems


def _every_citation(rule: Rule) -> list[Citation]:
    """A rule's citations and its caveats' citations: a caveat's quote is held to the same standard."""
    return [*rule.cite, *(cite for caveat in rule.caveats for cite in caveat.cite)]


def section_problems(source: Source, lines: list[str], registry: Path) -> Problems:
    """Each listed heading must stand on its line, or citations would name a section the reader cannot find."""
    problems: Problems = []
    for section in source.sections:
        where = f"source '{source.id}': section '{section.id}'"
        if section.line > len(lines):
            message = f"{where} starts at line {section.line}, but {source.file} has {len(lines)} lines"
            problems.append(DataError(registry, section.entry_line, message))
            continue
        if _squash(lines[section.line - 1]) == _squash(section.heading):
            continue
        found = [n for n, text in enumerate(lines, 1) if _squash(text) == _squash(section.heading)]
        hint = f" (it stands on line {found[0]})" if found else ""
        message = f"{where}: heading {section.heading!r} is not line {section.line} of {source.file}{hint}"
        problems.append(DataError(registry, section.entry_line, message))
    return problems


def outside_sections(source: Source | None, cite: Citation) -> str | None:
    """Why a citation names no section of a source that lists sections, or None."""
    if source is None or not source.sections or source.section_at(cite.first_line) is not None:
        return None
    first = source.sections[0]
    return (
        f"cites line {cite.first_line} of '{source.id}', before its first section ('{first.id}', line {first.line}); "
        "list the heading the cited text stands under in sources.yaml"
    )


def quote_problem(quote: str, lines: list[str], first: int, last: int) -> str | None:
    """Why a quote is not an exact excerpt of lines FIRST-LAST (white space may differ), or None."""
    if last > len(lines):
        return f"cites lines {first}-{last}, but the source has {len(lines)} lines"
    passage = _squash(" ".join(lines[first - 1 : last]))
    if _squash(quote) in passage:
        return None
    found = locate_quote(quote, lines)
    if found is not None:
        return f"quote is not in lines {first}-{last} (it stands at lines {found[0]}-{found[1]} of the source)"
    return f"quote is not in lines {first}-{last} of the source: {quote!r}"


def locate_quote(quote: str, lines: list[str]) -> tuple[int, int] | None:
    """The first and last line of the first place a quote stands, so the maintainer can fix the citation."""
    target = _squash(quote)
    offsets = []  # where each line starts in the squashed text
    squashed = ""
    for line in lines:
        offsets.append(len(squashed))
        squashed += _squash(line) + " "
    start = squashed.find(target)
    if start < 0 or not target:
        return None
    first = max(i for i, offset in enumerate(offsets) if offset <= start)
    last = max(i for i, offset in enumerate(offsets) if offset < start + len(target))
    return first + 1, last + 1


def _squash(text: str) -> str:
    return " ".join(text.split())

"""Check the whole provisions tree, and optionally every citation against the source documents.

Collects every problem rather than stopping at the first, so a maintainer fixes them in one pass. Reads
only: it never writes to the data or the sources.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from kzrights import workers
from kzrights.errors import DataError
from kzrights.files import OUTSIDE_TREE, Unreadable, escapes, read_limited, real_folder, relative_path_problem
from kzrights.loader import (
    MCI_FILE,
    Problems,
    file_year,
    read_ledger,
    read_mci,
    read_sources,
    read_topic,
    read_version,
    unrecorded_year,
)
from kzrights.model import Acceptance, Citation, MciRate, Rule, Source, Topic, Version
from kzrights.record import Record

MAX_SOURCE_BYTES = 64 * 1024 * 1024  # the source documents are reports of a few hundred KiB
TENGE = "tenge"  # the unit of a money field, whose amounts are compared in MCI


class Counts(Record):
    """How much a validation read: what a clean run reports, so that a green run is visibly not an empty one."""

    __slots__ = ("versions", "rules", "field_values", "citations", "caveats")

    def __init__(
        self, versions: int = 0, rules: int = 0, field_values: int = 0, citations: int = 0, caveats: int = 0
    ) -> None:
        self.versions: Final = versions
        self.rules: Final = rules
        self.field_values: Final = field_values
        self.citations: Final = citations
        self.caveats: Final = caveats

    @classmethod
    def of(cls, versions: Iterable[Version]) -> Counts:
        found = tuple(versions)
        rules = [r for v in found for r in v.rules]
        return cls(
            len(found),
            len(rules),
            sum(len(r.fields) for r in rules),
            sum(len(r.cite) for r in rules),
            sum(len(r.caveats) for r in rules),
        )

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True)))


class Validation(Record):
    """What a validation run read, every problem it found, and what it warns of without failing."""

    __slots__ = (
        "root",
        "sources",
        "versions",
        "problems",
        "checked_sources",
        "mci",
        "topics",
        "ledger",
        "warnings",
        "counts",
    )

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
        counts: Counts | None = None,  # what was read; None: count `versions` (which a large run does not keep)
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
        self.counts: Final = counts if counts is not None else Counts.of(versions)

    def summary(self) -> str:
        """The line a clean run prints, so that a green run is visibly not an empty one."""
        counts = self.counts
        against = (
            f"; every quote found in its cited lines, and every heading on its line, of {len(self.sources)} source documents"
            if self.checked_sources
            else ""
        )
        if self.problems:
            count = len(self.problems)
            return f"kzrights: {count} problem{'s' if count != 1 else ''} in the data"
        read = f"{counts.versions} versions, {counts.rules} rules, {counts.field_values} field values, {counts.citations} citations"
        return f"{_shown(self.root)}: OK, {read}, {counts.caveats} caveats, {len(self.mci)} MCI years{against}"

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of `kzrights validate --format json`."""
        from kzrights.report import SCHEMA_VERSION

        return {
            "schema_version": SCHEMA_VERSION,
            "kind": "validation",
            "ok": not self.problems,
            "checked_sources": self.checked_sources,
            "counts": {
                "versions": self.counts.versions,
                "rules": self.counts.rules,
                "field_values": self.counts.field_values,
                "citations": self.counts.citations,
                "caveats": self.counts.caveats,
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


def validate_tree(
    root: Path, sources_dir: Path | None = None, jobs: int | None = None, *, keep_versions: bool = True
) -> Validation:
    """Every problem in the tree at `root`; with `sources_dir`, also hashes, quotes and section headings.

    Topic folders are checked one by one, each by itself (in worker processes on a large tree, `jobs` of them; by
    default one per core). `keep_versions=False` keeps only what was counted, not every version read, as
    `kzrights validate` needs: only one topic's files are in memory at a time then.
    """
    problems: Problems = []
    # no run reads another run's files; documents read below for their hashes are then in forked workers' caches
    _source_document.cache_clear()
    _source_lines.cache_clear()
    sources_path = root / "sources.yaml"
    try:
        present = _present(sources_path)
        folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")) if present else []
    except OSError as error:  # a path too long for the file system, a folder without read permission
        unreadable = DataError(root, None, f"cannot read the provisions folder: {error.strerror}")
        return Validation(root, {}, (), (unreadable,), sources_dir is not None)
    if not present:
        missing = DataError(sources_path, None, "missing: every provisions tree needs a source registry")
        return Validation(root, {}, (), (missing,), sources_dir is not None)
    sources = read_sources(sources_path, problems) if _inside(sources_path, root, problems) else {}
    mci_path = root / MCI_FILE
    mci = read_mci(mci_path, problems) if _present(mci_path) and _inside(mci_path, root, problems) else {}
    if sources_dir is not None:
        problems.extend(check_source_files(sources, sources_dir, sources_path))
    from kzrights.ledger import ledger_path

    ledger = read_ledger(ledger_path(root), problems)
    files = sum(1 for folder in folders for path in folder.iterdir() if file_year(path.name) is not None)
    tasks = (
        _TopicCheck(folder, sources, mci, mci_path, sources_dir, keep_versions, bool(ledger)) for folder in folders
    )
    versions: list[Version] = []
    topics: list[Topic] = []
    counts = Counts()
    known: set[str] = set()
    for checked in workers.ordered_map(_check_topic, tasks, workers.jobs_for(files, len(folders), jobs)):
        problems.extend(checked.problems)
        counts += checked.counts
        versions.extend(checked.versions)
        known |= checked.fingerprints
        if checked.topic is not None:
            topics.append(checked.topic)
    warnings = stale_acceptances(ledger, known, ledger_path(root))
    ordered = tuple(sorted(problems, key=DataError.sort_key))
    return Validation(
        root, sources, tuple(versions), ordered, sources_dir is not None, mci, tuple(topics), ledger, warnings, counts
    )


def _present(path: Path) -> bool:
    """The file is there, whatever it is: a device or a dangling link is reported by the read, not as missing."""
    return path.is_symlink() or path.exists()


def _inside(path: Path, root: Path, problems: Problems, real_root: Path | None = None) -> bool:
    """True when the file lies inside the tree; else the problem is recorded and it must not be read."""
    if escapes(path, root, real_root):
        problems.append(DataError(path, None, OUTSIDE_TREE))
        return False
    return True


class _TopicCheck(Record):
    """What a worker needs to check one topic folder."""

    __slots__ = ("folder", "sources", "mci", "mci_path", "sources_dir", "keep_versions", "fingerprints")

    def __init__(
        self,
        folder: Path,
        sources: dict[str, Source],
        mci: dict[int, MciRate],
        mci_path: Path,
        sources_dir: Path | None,
        keep_versions: bool,
        fingerprints: bool,  # whether to list the topic's changes' fingerprints, for a ledger to be checked against
    ) -> None:
        self.folder: Final = folder
        self.sources: Final = sources
        self.mci: Final = mci
        self.mci_path: Final = mci_path
        self.sources_dir: Final = sources_dir
        self.keep_versions: Final = keep_versions
        self.fingerprints: Final = fingerprints


class _TopicChecked(Record):
    """What a worker sends back about one topic folder."""

    __slots__ = ("topic", "counts", "problems", "versions", "fingerprints")

    def __init__(
        self,
        topic: Topic | None,
        counts: Counts,
        problems: tuple[DataError, ...],
        versions: tuple[Version, ...],
        fingerprints: frozenset[str],
    ) -> None:
        self.topic: Final = topic
        self.counts: Final = counts
        self.problems: Final = problems
        self.versions: Final = versions
        self.fingerprints: Final = fingerprints


def _check_topic(task: _TopicCheck) -> _TopicChecked:
    """Check one topic folder, and its quotes when asked: the unit of work of a pool."""
    problems: Problems = []
    topic, versions = _validate_topic(task.folder, task.sources, task.mci, task.mci_path, problems)
    if task.sources_dir is not None:
        problems.extend(check_quotes(task.sources, versions, task.sources_dir))
    fingerprints: frozenset[str] = frozenset()
    if task.fingerprints and topic is not None:
        from kzrights.findings import corpus_findings

        fingerprints = frozenset(finding.fingerprint for finding in corpus_findings(topic, versions, task.mci))
    kept = tuple(versions) if task.keep_versions else ()
    return _TopicChecked(topic, Counts.of(versions), tuple(problems), kept, fingerprints)


def stale_acceptances(ledger: tuple[Acceptance, ...], known: set[str], path: Path) -> tuple[DataError, ...]:
    """Ledger entries whose fingerprint matches no change between any two years of any topic (`known`)."""
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
    root = folder.parent
    topic_path = folder / "topic.yaml"
    if not _present(topic_path):
        problems.append(DataError(topic_path, None, "missing: a topic folder needs its schema"))
        return None, []
    if not _inside(topic_path, root, problems):
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
            problems.append(unrecorded_year(topic, source))
    versions = []
    real_root = real_folder(root)
    for path in sorted(folder.iterdir()):
        if path.name == "topic.yaml":
            continue
        if file_year(path.name) is None:
            problems.append(
                DataError(path, None, "unexpected file: a topic folder holds topic.yaml and YEAR.yaml files only")
            )
            continue
        if not _inside(path, root, problems, real_root):
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


def check_source_files(sources: dict[str, Source], sources_dir: Path, registry: Path) -> Problems:
    """Check each source file's sha256 and every section heading it lists.

    A source's `file:` comes from the data: it is read only when it names a regular file inside `sources_dir`
    (no absolute path, no `..`, no symbolic link out of it), and never beyond MAX_SOURCE_BYTES.
    """
    problems: Problems = []
    for source in sources.values():
        if relative_path_problem(source.file) is not None:
            continue  # read_sources has said why; such a path is never opened
        try:
            digest, lines = _source_document(sources_dir, source.file)
        except Unreadable as error:
            where = f"source '{source.id}': {source.file}"
            problems.append(DataError(registry, source.line, f"{where} {error}", field="file"))
            continue
        if digest != source.sha256:
            problems.append(
                DataError(
                    registry,
                    source.line,
                    f"source '{source.id}': {Path(source.file).name} has sha256 {digest}, the registry says {source.sha256}; re-check every citation into it",
                )
            )
        problems.extend(section_problems(source, lines, registry))
    return problems


def check_quotes(sources: dict[str, Source], versions: list[Version], sources_dir: Path) -> Problems:
    """Check that every quote stands in the lines it cites, under a listed section (unreadable sources are apart)."""
    problems: Problems = []
    for version in versions:
        for rule in version.rules:
            for cite in _every_citation(rule):
                source = sources.get(cite.source)
                lines = _source_lines(sources_dir, source.file) if source is not None else None
                if lines is None:
                    continue
                problem = quote_problem(cite.quote, lines, cite.first_line, cite.last_line)
                if problem:
                    problems.append(DataError(version.path, cite.line, problem, rule=rule.id))
                problem = outside_sections(source, cite)
                if problem:
                    problems.append(DataError(version.path, cite.line, problem, rule=rule.id))
    return problems


@functools.cache
def _source_document(sources_dir: Path, file: str) -> tuple[str, tuple[str, ...]]:
    """A source document's sha256 and lines, read once per run for the hash, the headings and every quote.

    Only a regular file inside `sources_dir` is read, never past MAX_SOURCE_BYTES; Unreadable says why not.
    """
    if relative_path_problem(file) is not None:
        raise Unreadable("is not a path inside the sources folder")
    path = sources_dir / file
    if escapes(path, sources_dir):
        raise Unreadable("is a symbolic link out of the sources folder; only files inside it are read")
    raw = read_limited(path, MAX_SOURCE_BYTES)
    return hashlib.sha256(raw).hexdigest(), tuple(raw.decode("utf-8", errors="replace").splitlines())


@functools.cache
def _source_lines(sources_dir: Path, file: str) -> tuple[str, ...] | None:
    """A source document's lines for the quotes; None when unreadable (check_source_files has said why)."""
    try:
        return _source_document(sources_dir, file)[1]
    except Unreadable:
        return None


def _every_citation(rule: Rule) -> list[Citation]:
    """A rule's citations and its caveats' citations: a caveat's quote is held to the same standard."""
    return [*rule.cite, *(cite for caveat in rule.caveats for cite in caveat.cite)]


def section_problems(source: Source, lines: Sequence[str], registry: Path) -> Problems:
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


def quote_problem(quote: str, lines: Sequence[str], first: int, last: int) -> str | None:
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


def locate_quote(quote: str, lines: Sequence[str]) -> tuple[int, int] | None:
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

"""Check the whole provisions tree, and optionally every citation against the source documents.

Collects every problem rather than stopping at the first, so a maintainer fixes them in one pass. Reads
only: it never writes to the data or the sources.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from pathlib import Path
from typing import Any, Final

from kzrights.errors import DataError
from kzrights.files import Unreadable, escapes, read_limited, relative_path_problem
from kzrights.loader import Problems, file_year, read_sources, read_topic, read_version
from kzrights.model import Source, Version
from kzrights.record import Record

MAX_SOURCE_BYTES = 64 * 1024 * 1024  # the source documents are reports of a few hundred KiB
_OUTSIDE = "is a symbolic link to a file outside the provisions folder; kzrights reads only files inside it"


class Validation(Record):
    """What a validation run read and every problem it found."""

    __slots__ = ("root", "sources", "versions", "problems", "checked_sources")

    def __init__(
        self,
        root: Path,
        sources: dict[str, Source],
        versions: tuple[Version, ...],
        problems: tuple[DataError, ...],
        checked_sources: bool,
    ) -> None:
        self.root: Final = root
        self.sources: Final = sources
        self.versions: Final = versions
        self.problems: Final = problems
        self.checked_sources: Final = checked_sources

    def summary(self) -> str:
        """The line a clean run prints, so that a green run is visibly not an empty one."""
        rules = [r for v in self.versions for r in v.rules]
        cites = sum(len(r.cite) for r in rules)
        fields = sum(len(r.fields) for r in rules)
        against = (
            f"; every quote found in its cited lines of {len(self.sources)} source documents"
            if self.checked_sources
            else ""
        )
        if self.problems:
            count = len(self.problems)
            return f"kzrights: {count} problem{'s' if count != 1 else ''} in the data"
        return f"{_shown(self.root)}: OK, {len(self.versions)} versions, {len(rules)} rules, {fields} field values, {cites} citations{against}"

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
                "problems": len(self.problems),
            },
            "problems": [
                {"file": p.path, "line": p.line, "rule": p.rule, "field": p.field, "message": p.message}
                for p in self.problems
            ],
        }


def _shown(path: Path) -> str:
    """The path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def validate_tree(root: Path, sources_dir: Path | None = None) -> Validation:
    """Every problem in the tree at `root`; with `sources_dir`, also hashes and quotes."""
    problems: Problems = []
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
    versions: list[Version] = []
    for folder in folders:
        versions.extend(_validate_topic(root, folder, sources, problems))
    if sources_dir is not None:
        problems.extend(check_against_sources(sources, versions, sources_dir, sources_path))
    ordered = tuple(sorted(problems, key=DataError.sort_key))
    return Validation(root, sources, tuple(versions), ordered, sources_dir is not None)


def _present(path: Path) -> bool:
    """The file is there, whatever it is: a device or a dangling link is reported by the read, not as missing."""
    return path.is_symlink() or path.exists()


def _inside(path: Path, root: Path, problems: Problems) -> bool:
    """True when the file lies inside the tree; else the problem is recorded and it must not be read."""
    if escapes(path, root):
        problems.append(DataError(path, None, _OUTSIDE))
        return False
    return True


def _validate_topic(root: Path, folder: Path, sources: dict[str, Source], problems: Problems) -> list[Version]:
    topic_path = folder / "topic.yaml"
    if not _present(topic_path):
        problems.append(DataError(topic_path, None, "missing: a topic folder needs its schema"))
        return []
    if not _inside(topic_path, root, problems):
        return []
    topic = read_topic(topic_path, problems)
    if topic is None:
        return []
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
    versions = []
    for path in sorted(folder.iterdir()):
        if path.name == "topic.yaml":
            continue
        if file_year(path.name) is None:
            problems.append(
                DataError(path, None, "unexpected file: a topic folder holds topic.yaml and YEAR.yaml files only")
            )
            continue
        if not _inside(path, root, problems):
            continue
        version = read_version(path, topic, sources, problems)
        if version is not None:
            versions.append(version)
    problems.extend(field_home_problems(versions))
    return versions


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
    """Check each source file's sha256 and that every quote stands in the lines it cites.

    A source's `file:` comes from the data: it is read only when it names a regular file inside `sources_dir`
    (no absolute path, no `..`, no symbolic link out of it), and never beyond MAX_SOURCE_BYTES.
    """
    problems: Problems = []
    texts: dict[str, SourceText] = {}
    for source in sources.values():
        if relative_path_problem(source.file) is not None:
            continue  # read_sources has said why; such a path is never opened
        path = sources_dir / source.file
        try:
            if escapes(path, sources_dir):
                raise Unreadable("is a symbolic link out of the sources folder; only files inside it are read")
            raw = read_limited(path, MAX_SOURCE_BYTES)
        except Unreadable as error:
            where = f"source '{source.id}': {source.file}"
            problems.append(DataError(registry, source.line, f"{where} {error}", field="file"))
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
        texts[source.id] = SourceText(raw.decode("utf-8", errors="replace").splitlines())
    for version in versions:
        for rule in version.rules:
            for cite in rule.cite:
                text = texts.get(cite.source)
                if text is None:
                    continue
                problem = quote_problem(cite.quote, text, cite.first_line, cite.last_line)
                if problem:
                    problems.append(DataError(version.path, cite.line, problem, rule=rule.id))
    return problems


class SourceText:
    """A source document's lines, squashed once into one string with each line's offset in it.

    Every citation is then one bounded `find` in C, not a rebuild of the document: a year file of thousands of
    citations, each wrong, costs seconds, not hours.
    """

    __slots__ = ("lines", "squashed", "offsets")

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.offsets: list[int] = []  # where each line starts in `squashed`
        parts: list[str] = []
        length = 0
        for line in lines:
            self.offsets.append(length)
            if squashed := _squash(line):
                parts.append(squashed + " ")
                length += len(squashed) + 1
        self.squashed = "".join(parts)

    def end_of(self, line: int) -> int:
        """The offset just past 1-based line `line` in `squashed`."""
        return self.offsets[line] if line < len(self.offsets) else len(self.squashed)


def quote_problem(quote: str, text: SourceText, first: int, last: int) -> str | None:
    """Why a quote is not an exact excerpt of lines FIRST-LAST (white space may differ), or None."""
    if last > len(text.lines):
        return f"cites lines {first}-{last}, but the source has {len(text.lines)} lines"
    target = _squash(quote)
    if not target or text.squashed.find(target, text.offsets[first - 1], text.end_of(last)) >= 0:
        return None
    found = locate_quote(quote, text)
    if found is not None:
        return f"quote is not in lines {first}-{last} (it stands at lines {found[0]}-{found[1]} of the source)"
    return f"quote is not in lines {first}-{last} of the source: {quote!r}"


def locate_quote(quote: str, text: SourceText) -> tuple[int, int] | None:
    """The first and last line of the first place a quote stands, so the maintainer can fix the citation."""
    target = _squash(quote)
    start = text.squashed.find(target)
    if start < 0 or not target:
        return None
    first = bisect_right(text.offsets, start)
    last = bisect_left(text.offsets, start + len(target))
    return first, last


def _squash(text: str) -> str:
    return " ".join(text.split())

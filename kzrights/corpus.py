"""The provisions tree: which topics and years exist, how a requested year resolves, and lazy loading.

Only the files a command needs are parsed: `diff assembly 2004 2019` reads sources.yaml, the topic's schema
and two year files, whatever else the tree holds.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from kzrights.errors import DataError, DataErrors, UsageError
from kzrights.files import OUTSIDE_TREE, escapes, real_folder
from kzrights.loader import (
    LEDGER_FILE,
    MCI_FILE,
    Problems,
    file_year,
    read_mci,
    read_sources,
    read_topic,
    read_version,
    unrecorded_year,
)
from kzrights.model import MciRate, Resolved, Source, Topic, Version
from kzrights.nodes import Mapping, Scalar
from kzrights.strict_yaml import read_yaml

if TYPE_CHECKING:
    from kzrights.ledger import Ledger

DATA_ENV = "KZRIGHTS_DATA"
T = TypeVar("T")


def bundled_data_dir() -> Path:
    """The corpus shipped with kzrights: inside the installed package, or beside it in a source checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "provisions"
    return installed if installed.is_dir() else package.parent / "provisions"


def default_data_dir() -> Path:
    """`KZRIGHTS_DATA` when set, else the bundled corpus."""
    override = os.environ.get(DATA_ENV)
    return Path(override) if override else bundled_data_dir()


class Corpus:
    """Read access to one provisions tree."""

    def __init__(self, root: Path) -> None:
        self.root = root
        try:
            found = (root / "sources.yaml").is_file()
        except OSError as error:  # a path too long for the file system, and the like
            raise UsageError(f"cannot use {root} as the provisions folder: {error.strerror}") from None
        if not found:
            raise UsageError(f"{root} is not a provisions folder: it has no sources.yaml (see --data or ${DATA_ENV})")

    @cached_property
    def ledger(self) -> Ledger | None:
        """The changes accepted in review (provisions/accepted.yaml) as of today; None when the tree has none."""
        if not (self.root / LEDGER_FILE).exists():
            return None  # the common case, which then never imports the ledger's module
        from kzrights.ledger import load_ledger

        return load_ledger(self.root)

    @cached_property
    def sources(self) -> dict[str, Source]:
        return _raise_problems(read_sources, self._inside(self.root / "sources.yaml"))

    @cached_property
    def mci(self) -> dict[int, MciRate]:
        """The monthly calculation index by year (mci.yaml); empty when the tree has none."""
        path = self.root / MCI_FILE
        return _raise_problems(read_mci, self._inside(path)) if path.is_file() else {}

    def read_shared(self) -> None:
        """Read what every topic's files need (the sources, the MCI) now: copies sent to workers carry it then."""
        _ = self.sources, self.mci

    def topic_names(self) -> tuple[str, ...]:
        return tuple(sorted(p.parent.name for p in self.root.glob("*/topic.yaml")))

    def topic_path(self, name: str) -> Path:
        """The schema of a topic, refusing a name that is not one of the tree's topic folders.

        Checks the one folder named rather than listing every topic: a 500-topic tree is listed only to say
        which topics there are when the name is unknown. A name too long to be a folder is refused before it
        becomes a path (it may be 300 characters of anything).
        """
        path = self.root / name / "topic.yaml"
        if not _is_folder_name(name) or len(os.fsencode(name)) > _NAME_MAX or not path.is_file():
            shown = name if len(name) <= 60 else f"{name[:60]}… ({len(name):,} characters)"
            if _is_folder_name(name) and len(os.fsencode(name)) <= _NAME_MAX and path.parent.is_dir():
                # a topic folder without its schema: say what is missing, not that the topic is unknown
                raise DataErrors([DataError(path, None, "missing: a topic folder needs its schema")])
            raise UsageError(f"unknown topic '{shown}'; topics are: {', '.join(self.topic_names())}")
        return self._inside(path)

    def topic(self, name: str) -> Topic:
        path = self.topic_path(name)
        topic = _raise_problems(read_topic, path)
        if topic is None:  # pragma: no cover - read_topic records a problem whenever it returns None
            raise UsageError(f"cannot read {path}")
        return topic

    def years(self, topic: str) -> tuple[int, ...]:
        """Source years with a file for this topic, from file names alone."""
        found = (file_year(p.name) for p in (self.root / topic).glob("*.yaml"))
        return tuple(sorted(year for year in found if year is not None))

    def version_file(self, topic: str, year: int) -> Path:
        return self.root / topic / f"{year}.yaml"

    def version(self, topic: Topic, year: int) -> Version:
        """Load one year file; every problem in it is raised together."""
        path = self._inside(self.version_file(topic.name, year))
        version = _raise_problems(read_version, path, topic, self.sources)
        if version is None:  # pragma: no cover - read_version records a problem whenever it returns None
            raise UsageError(f"cannot read {path}")
        return version

    def recorded_years(self, topic: Topic) -> tuple[int, ...]:
        """The topic's years with a file, once every other source year is known to be recorded as silent: what the
        changelog, history, blame and list walk through, so that a missing file never passes for silence."""
        years = self.years(topic.name)
        self._refuse_unrecorded(topic, years)
        return years

    def versions(self, topic: Topic) -> tuple[Version, ...]:
        """Every version of a topic, oldest first."""
        return tuple(self.version(topic, year) for year in self.recorded_years(topic))

    def _refuse_unrecorded(self, topic: Topic, years: tuple[int, ...]) -> None:
        """A source year with neither a file nor a 'silent' entry is a missing file, not silence; a year file no source
        describes is a stray one: say so, rather than list, skip or compare around either."""
        recorded = {*years, *(silent.year for silent in topic.silent)}
        missing = [unrecorded_year(topic, s) for s in self.sources.values() if s.year not in recorded]
        described = {s.year for s in self.sources.values()}
        stray = [
            DataError(self.version_file(topic.name, year), None, f"no source in sources.yaml describes {year}")
            for year in years
            if year not in described
        ]
        if missing or stray:
            raise DataErrors([*stray, *sorted(missing, key=lambda problem: problem.message)])

    def versions_between(self, topic: Topic, old_year: int, new_year: int) -> tuple[Version, ...]:
        """The versions of the source years strictly between two, in order from the first to the second."""
        low, high = sorted((old_year, new_year))
        inner = [self.version(topic, year) for year in self.years(topic.name) if low < year < high]
        return tuple(inner if old_year <= new_year else reversed(inner))

    def answering_year(self, requested: int) -> int:
        """The source year that answers for a requested year: the latest at or before it (or the year itself)."""
        earlier = [s.year for s in self.sources.values() if s.year <= requested]
        return max(earlier) if earlier else requested

    def version_from_file(self, path: Path) -> Resolved:
        """Load a year file from anywhere (a working copy, a file git hands over), by the topic it names."""
        problems: Problems = []
        try:
            node = read_yaml(path)
        except DataError as error:
            raise DataErrors([error]) from None
        entry = node.entries.get("topic") if isinstance(node, Mapping) else None
        name = entry[1].value if entry is not None and isinstance(entry[1], Scalar) else None
        if name is None:
            raise DataErrors([DataError(path, 1, "a year file needs a 'topic' key naming its topic")])
        topic = self.topic(name)
        version = read_version(path, topic, self.sources, problems)
        if problems or version is None:
            raise DataErrors(problems)
        return Resolved(version.year, version, origin=str(path))

    def resolve(self, topic: Topic, requested: int) -> Resolved:
        """Answer a year with the latest source year at or before it, refusing silence and prehistory."""
        by_year = sorted(self.sources.values(), key=lambda s: s.year)
        years = self.years(topic.name)
        listed = ", ".join(str(y) for y in years) or "none"
        earlier = [s for s in by_year if s.year <= requested]
        if not earlier:
            raise UsageError(
                f"no source describes {requested} or earlier; the first source year is {by_year[0].year}. "
                f"Years with rules on {topic.name}: {listed}"
            )
        source = earlier[-1]
        self._refuse_unrecorded(topic, years)
        if source.year not in years:
            silent = next((s for s in topic.silent if s.year == source.year), None)
            why = f" ({silent.note})" if silent else ""
            via = "" if source.year == requested else f" ({requested} resolves to the {source.year} source)"
            raise UsageError(
                f"the {source.year} source, {source.title}{via}, states no rule on {topic.name}{why}. "
                f"Years with rules on {topic.name}: {listed}"
            )
        return Resolved(requested, self.version(topic, source.year))

    @cached_property
    def _real_root(self) -> Path | None:
        return real_folder(self.root)

    def _inside(self, path: Path) -> Path:
        """The path of a file of the tree, refused when a symbolic link takes it outside the tree."""
        if escapes(path, self.root, self._real_root):
            raise DataErrors([DataError(path, None, OUTSIDE_TREE)])
        return path


_NAME_MAX = 255  # bytes in one file name (as the file system encodes it) on every file system kzrights runs on


def _is_folder_name(name: str) -> bool:
    """Whether `name` can only mean a folder directly under the tree's root (as topic_names() lists them)."""
    return bool(name) and name not in (".", "..") and os.sep not in name and (os.altsep or os.sep) not in name


def _raise_problems(read: Callable[..., T], *args: object) -> T:
    """Call a collecting reader and raise everything it found, or return its result."""
    problems: Problems = []
    result = read(*args, problems)
    if problems:
        raise DataErrors(problems)
    return result

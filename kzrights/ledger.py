"""The ledger of accepted changes, provisions/accepted.yaml: which findings a reviewer let through, why, until when.

`kzrights accept` is the only command that writes into the data tree, and it writes only this file. It appends
the new entry as text, so every other byte of the file (comments, order, quoting) stays as the maintainer wrote
it; it writes the result to a temporary file in the same folder, syncs it to disk and renames it over the old
one (kzrights.atomic), so that a reader, a crash or a full disk leaves the old file or the new one, never half of
either.
Concurrent runs take turns under an exclusive lock on the folder itself (flock), so none loses another's entry
and no lock file is left in the data tree.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Final

from kzrights.errors import DataError, DataErrors, KzrightsError, UsageError
from kzrights.model import Acceptance
from kzrights.record import Record

# The verdicts are values the renderers read; reading and writing the file imports the loader (and PyYAML) only then.

TODAY_ENV = "KZRIGHTS_TODAY"  # for tests and for replaying a gate as of a date; never needed in use

HEADER = """\
# Changes accepted in review. Each entry lets one change (by its fingerprint, as `kzrights review` and
# `kzrights diff --fail-on` print it) pass the `--fail-on` gate, until `expires` if given.
# Add entries with `kzrights accept FINGERPRINT --reason TEXT --by NAME [--expires YYYY-MM-DD]`,
# which appends to this file and leaves the rest of it as it is.
"""


def today() -> str:
    """Today's date, YYYY-MM-DD; KZRIGHTS_TODAY overrides it, so that expiry can be tested without faking a clock."""
    import datetime

    given = os.environ.get(TODAY_ENV)
    if given is None:
        return datetime.date.today().isoformat()
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", given):
            raise ValueError
        datetime.date.fromisoformat(given)
    except ValueError:
        raise UsageError(f"{TODAY_ENV} must be a date written YYYY-MM-DD, got {given!r}") from None
    return given


class Status(StrEnum):
    NEW = "new"  # no ledger entry names it
    ACCEPTED = "accepted"  # an entry in force names it
    EXPIRED = "expired"  # only entries whose `expires` has passed name it: it counts as not accepted


class Verdict(Record):
    """What the ledger says about one fingerprint, and the entry that says it."""

    __slots__ = ("status", "acceptance")

    def __init__(self, status: Status, acceptance: Acceptance | None = None) -> None:
        self.status: Final = status
        self.acceptance: Final = acceptance


NEW: Final = Verdict(Status.NEW)


class Ledger(Record):
    """The entries of one accepted.yaml, read as of one day."""

    __slots__ = ("entries", "today", "path", "_by_fingerprint")

    def __init__(self, entries: tuple[Acceptance, ...], today: str, path: Path | None = None) -> None:
        self.entries: Final = entries
        self.today: Final = today
        self.path: Final = path
        by_fingerprint: dict[str, list[Acceptance]] = {}
        for entry in entries:
            by_fingerprint.setdefault(entry.fingerprint, []).append(entry)
        self._by_fingerprint: Final = by_fingerprint

    def verdict(self, fingerprint: str) -> Verdict:
        """Accepted when an entry in force names the fingerprint (the longest-lasting one); expired when only lapsed ones do."""
        named = self._by_fingerprint.get(fingerprint)
        if not named:
            return NEW
        in_force = [e for e in named if e.in_force(self.today)]
        if in_force:
            return Verdict(Status.ACCEPTED, max(in_force, key=lambda e: e.expires or "9999-99-99"))
        return Verdict(Status.EXPIRED, max(named, key=lambda e: e.expires or ""))


def ledger_path(root: Path) -> Path:
    from kzrights.loader import LEDGER_FILE

    return root / LEDGER_FILE


def load_ledger(root: Path) -> Ledger:
    """The ledger of a provisions tree (empty when it has none); every problem in it is raised together."""
    from kzrights.loader import read_ledger

    problems: list[DataError] = []
    path = ledger_path(root)
    entries = read_ledger(path, problems)
    if problems:
        raise DataErrors(problems)
    return Ledger(entries, today() if entries else "", path)  # no entries, no verdict to date: spare the clock


def entry_text(entry: Acceptance) -> str:
    """An entry as YAML, the free text double-quoted so that no reason can break the file or add a key."""
    lines = [
        f"- fingerprint: {entry.fingerprint}",
        f"  reason: {yaml_quoted(entry.reason)}",
        f"  by: {yaml_quoted(entry.by)}",
        f"  date: {entry.date}",
    ]
    if entry.expires is not None:
        lines.append(f"  expires: {entry.expires}")
    return "\n".join(lines) + "\n"


# What JSON leaves raw but YAML may not hold raw: DEL and the C1 controls, the Unicode line and paragraph
# separators (line breaks to YAML 1.1) and the two non-characters.
_YAML_RAW_FORBIDDEN = "[\x7f-\x9f\u2028\u2029\ufffe\uffff]"


def yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar: JSON's escapes, and YAML's own for what JSON leaves raw and YAML refuses."""
    import json

    quoted = json.dumps(text, ensure_ascii=False)
    return re.sub(_YAML_RAW_FORBIDDEN, lambda m: f"\\u{ord(m[0]):04x}", quoted)


def append_acceptance(root: Path, entry: Acceptance, refuse: Callable[[Ledger], str | None]) -> Path:
    """Append one entry to root/accepted.yaml, atomically and under the folder's lock; `refuse` may veto it.

    `refuse` sees the ledger as it stands once the lock is held (not as it stood before), and returns why the
    entry must not be added, or None.
    """
    path = ledger_path(root)
    with _locked(root):
        if path.is_symlink():
            raise UsageError(f"{path} is a symbolic link; kzrights accept writes only a regular file")
        old = path.read_bytes() if path.exists() else None
        before = _entries_of(path, old)
        why = refuse(Ledger(before, entry.date, path))
        if why is not None:
            raise UsageError(why)
        text = old.decode("utf-8") if old is not None else HEADER
        newline = "\r\n" if "\r\n" in text else "\n"
        if text and not text.endswith(("\n", "\r")):
            text += newline
        new = (text + entry_text(entry).replace("\n", newline)).encode("utf-8")
        after = _entries_of(path, new)
        if [_content(e) for e in after] != [_content(e) for e in (*before, entry)]:
            raise DataError(
                path, None, "cannot append an entry to this file: it must be a block list ('- fingerprint: …')"
            )
        from kzrights.atomic import write_atomically

        write_atomically(path, (new,), force=True)
    return path


def _entries_of(path: Path, data: bytes | None) -> tuple[Acceptance, ...]:
    """The entries a ledger's bytes hold; its problems, if any, raised together."""
    from kzrights.loader import read_ledger

    if data is None:
        return ()
    problems: list[DataError] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataErrors([DataError(path, data[: error.start].count(b"\n") + 1, "not valid UTF-8")]) from None
    entries = read_ledger(path, problems, text)
    if problems:
        raise DataErrors(problems)
    return entries


def _content(entry: Acceptance) -> tuple[str, str, str, str, str | None]:
    return (entry.fingerprint, entry.reason, entry.by, entry.date, entry.expires)


class _locked:
    """An exclusive flock on a folder, held for a `with` block: accept runs in turn, whatever process runs them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.fd = -1

    def __enter__(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            raise KzrightsError("kzrights accept needs POSIX file locks (fcntl), which this platform lacks") from None
        try:
            self.fd = os.open(self.folder, os.O_RDONLY)
        except OSError as error:
            raise UsageError(f"cannot open {self.folder}: {error.strerror}") from None
        fcntl.flock(self.fd, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)  # closing the descriptor releases the lock

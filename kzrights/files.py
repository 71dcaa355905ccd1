"""Reading the files the data names: regular files only, never more than a limit, never outside their folder.

Every byte kzrights reads from disk comes through `read_limited`. A provisions tree arrives in a pull request,
and git stores symbolic links, so a "year file" may point at /dev/zero (endless), a FIFO (blocks forever on
open), a socket, or a private file elsewhere on the reviewer's machine. `st_size` cannot be trusted either: a
device reports 0. So the file is checked with stat before it is opened, opened without blocking, checked again
on the open descriptor (it may have been swapped in between), and read up to the limit plus one byte.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path, PurePosixPath

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
)
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_CHUNK = 1 << 16


class Unreadable(Exception):
    """A file that cannot or must not be read; the message says why, in words for the user."""


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else is Unreadable, and nothing hangs."""
    try:
        _refuse_special(os.stat(path), path)
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise Unreadable(f"cannot read file: {_reason(error)}") from None
    try:
        info = os.fstat(fd)
        _refuse_special(info, path)
        if info.st_size > limit:
            raise Unreadable(f"file is {info.st_size:,} bytes; the limit is {limit:,}")
        chunks = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise Unreadable(f"cannot read file: {_reason(error)}") from None
    finally:
        os.close(fd)
    if size > limit:  # the file grew after fstat, or lied about its size
        raise Unreadable(f"file is more than {limit:,} bytes, the limit")
    return b"".join(chunks)


def _refuse_special(info: os.stat_result, path: Path) -> None:
    if stat.S_ISREG(info.st_mode):
        return
    kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
    link = " (through a symbolic link)" if os.path.islink(path) else ""
    raise Unreadable(f"is {kind}{link}, not a regular file; kzrights reads regular files only")


def _reason(error: OSError) -> str:
    if error.errno == errno.ENAMETOOLONG:
        return "the path is too long"
    return error.strerror or str(error)


# What every reader says of a symbolic link out of the provisions tree.
OUTSIDE_TREE = "is a symbolic link to a file outside the provisions folder; kzrights reads only files inside it"


def escapes(path: Path, root: Path, real_root: Path | None = None) -> bool:
    """True when `path`, with every symbolic link followed, lies outside the folder `root`.

    `real_root` is `root` already resolved, by a caller that checks many files of one folder: resolving it again
    for each of 10,000 year files was a twentieth of `validate` (docs/benchmarks.md).
    """
    try:
        path.resolve().relative_to(real_root if real_root is not None else root.resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop, on Python before 3.13
        return True
    return False


def real_folder(root: Path) -> Path | None:
    """`root` with every symbolic link followed, for `escapes`; None when it cannot be resolved (escapes says so)."""
    try:
        return root.resolve()
    except (OSError, RuntimeError):
        return None


def relative_path_problem(name: str) -> str | None:
    """Why a path the data gives (a source's `file:`) may not be read below its folder, or None."""
    if not name or "\x00" in name:
        return "must name a file"
    if "\\" in name:
        return "must use / between folders, not \\"
    pure = PurePosixPath(name)
    if pure.is_absolute() or (len(name) > 1 and name[1] == ":"):
        return "must be a path inside the sources folder, not an absolute path"
    if ".." in pure.parts:
        return "must be a path inside the sources folder; '..' is not allowed"
    return None

"""Writing a file the user asked for, so that nothing they own is lost.

The content goes to a temporary file in the target's folder, is flushed to disk, and only then takes the
target's name in one step: an interrupted or failed run leaves the old file as it was and no half-written one.
An existing file is replaced only when the user said --force, keeps its permissions, and must be a regular
file: a device, FIFO or socket in its place is never replaced (as root, `-o /dev/null --force` would otherwise
put a report where the system's /dev/null was).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from kzrights.errors import UsageError


def refuse_existing(path: Path, force: bool) -> None:
    """Stop before any work when the target exists and may not be replaced."""
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name such as {path / 'report.html'}")
    if path.exists() and not path.is_file():
        raise UsageError(
            f"{path} is not a regular file (a device, FIFO or socket); kzrights writes only files of its own"
            " (to write to standard output, give -)"
        )
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; pass --force to replace it")


def write_atomically(path: Path, chunks: Iterable[str | bytes], *, force: bool) -> None:
    """Write `chunks` to `path` through a temporary file renamed into place; never leave a partial file."""
    refuse_existing(path, force)
    folder = path.parent
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                out.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, _mode_for(path))
        refuse_existing(path, force)  # again, just before the rename: the target may have changed meanwhile
        _move_into_place(Path(temporary), path, force)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)


def _move_into_place(temporary: Path, path: Path, force: bool) -> None:
    if force:
        os.replace(temporary, path)
        return
    # Without --force a file that appeared since the check must survive too: a hard link never replaces one.
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise UsageError(f"{path} already exists; pass --force to replace it") from None
    except OSError:  # a file system without hard links: the earlier check is the guard
        if path.exists():
            raise UsageError(f"{path} already exists; pass --force to replace it") from None
        os.replace(temporary, path)
        return
    os.unlink(temporary)


def _mode_for(path: Path) -> int:
    """The permissions of the file being replaced; for a new one, those of any new file (mkstemp makes 0600)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every platform can open a folder, and that is no error."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)

"""The provisions tree as it stands at a git revision, read without checking anything out.

`git ls-tree` lists the revision's YAML files under the data folder and one `git cat-file --batch` reads them
all; they are written into a temporary folder, which the loader then reads like any provisions tree, with the
same checks and the same messages. The working tree, the index and HEAD are never touched.
"""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath
from typing import Final

from kzrights.errors import UsageError
from kzrights.record import Record
from kzrights.strict_yaml import MAX_FILE_BYTES

_REGULAR_FILES = ("100644", "100755")  # symbolic links and submodules are not data


class Repository(Record):
    """The git repository a data folder belongs to, and where in it the folder lies (`provisions/`)."""

    __slots__ = ("top", "prefix")

    def __init__(self, top: Path, prefix: str) -> None:
        self.top: Final = top
        self.prefix: Final = prefix  # POSIX, relative to `top`, ending in "/" (or "" for the top itself)

    def path_of(self, relative: str) -> str:
        """A path inside the data folder as the repository names it: `provisions/assembly/2021.yaml`."""
        return f"{self.prefix}{relative}"


def git(cwd: Path, *args: str, input: bytes | None = None) -> bytes:
    """Run git and return its output; a failure is the user's to fix (a wrong revision, no repository)."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=input, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("kzrights review needs git, which is not on PATH") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]} failed: {message[0] if message else f'exit status {done.returncode}'}")
    return done.stdout


def locate(data_dir: Path) -> Repository:
    """The repository holding `data_dir`; a folder outside any repository cannot be reviewed."""
    if not data_dir.is_dir():
        raise UsageError(f"{data_dir} is not a folder")
    try:
        top, prefix = git(data_dir, "rev-parse", "--show-toplevel", "--show-prefix").decode("utf-8").splitlines()
    except (UsageError, ValueError):
        raise UsageError(f"{data_dir} is not inside a git repository; review compares it with a git revision") from None
    return Repository(Path(top), prefix)


def commit_of(repo: Repository, ref: str) -> str:
    """The commit a revision names (a branch, a tag, a sha, `origin/main`, `HEAD~1`)."""
    if ref.startswith("-"):
        raise UsageError(f"{ref!r} is not a git revision")
    try:
        return git(repo.top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").decode("ascii").strip()
    except UsageError:
        raise UsageError(f"unknown git revision {ref!r} (for a pull request's base, fetch it first)") from None


def write_tree(repo: Repository, commit: str, into: Path) -> bool:
    """Write the YAML files of the data folder at `commit` into `into`; False when the folder is not there."""
    listing = git(repo.top, "ls-tree", "-r", "-z", "--long", commit, "--", repo.prefix or ".")
    wanted: list[tuple[str, str, int]] = []  # (object, path inside the data folder, size)
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.decode("utf-8", "surrogateescape").partition("\t")
        mode, kind, obj, size_text = meta.split()
        relative = name[len(repo.prefix) :] if name.startswith(repo.prefix) else None
        if kind != "blob" or mode not in _REGULAR_FILES or relative is None or not relative.endswith(".yaml"):
            continue
        parts = PurePosixPath(relative).parts
        if any(part in ("", ".", "..") for part in parts):  # git refuses such paths; a crafted tree must not escape
            continue
        wanted.append((obj, relative, int(size_text)))
    into.mkdir(parents=True, exist_ok=True)
    small = [(obj, relative) for obj, relative, size in wanted if size <= MAX_FILE_BYTES]
    for (_obj, relative), data in zip(small, _read_blobs(repo, [obj for obj, _ in small]), strict=True):
        _write(into, relative, data)
    for _obj, relative, size in wanted:
        if size > MAX_FILE_BYTES:  # the loader refuses it by its size, unread, as it would in a working tree
            target = _write(into, relative, b"")
            with target.open("r+b") as out:
                out.truncate(size)
    return bool(wanted)


def _read_blobs(repo: Repository, objects: list[str]) -> list[bytes]:
    """The contents of many blobs from one `git cat-file --batch`."""
    if not objects:
        return []
    output = git(repo.top, "cat-file", "--batch", input="".join(f"{obj}\n" for obj in objects).encode("ascii"))
    blobs = []
    position = 0
    for _ in objects:
        header_end = output.index(b"\n", position)
        size = int(output[position:header_end].split()[2])
        blobs.append(output[header_end + 1 : header_end + 1 + size])
        position = header_end + 1 + size + 1  # the contents are followed by a newline
    return blobs


def _write(root: Path, relative: str, data: bytes) -> Path:
    target = root.joinpath(*PurePosixPath(relative).parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target

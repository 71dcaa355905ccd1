"""Which commit of the data a report was made from, when the provisions folder is inside a git checkout.

A printed report travels without its repository; the commit lets a reader find the exact data again. git is
asked read-only, without a shell, with a time limit, and any failure (no git, not a checkout, an unsafe
repository) means "no commit" rather than an error: the report is still true without it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Final

from kzrights.record import Record

_HEX = re.compile(r"[0-9a-f]{7,64}")
_TIMEOUT_SECONDS = 10
# Variables that would point git at another repository than the one holding the data (set inside git hooks).
_REDIRECTING = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR")


class DataCommit(Record):
    """The data's commit, short, and whether the folder had uncommitted changes when the report was made."""

    __slots__ = ("short", "modified")

    def __init__(self, short: str, modified: bool) -> None:
        self.short: Final = short
        self.modified: Final = modified


def data_commit(data_dir: Path) -> DataCommit | None:
    """The commit of the checkout holding `data_dir`, or None when it is not in one (or git is missing)."""
    head = _git(data_dir, "rev-parse", "--short=12", "HEAD")
    if head is None or not _HEX.fullmatch(head.strip()):
        return None
    status = _git(data_dir, "status", "--porcelain", "--untracked-files=normal", "--", ".")
    return DataCommit(head.strip(), modified=bool(status and status.strip()))


def _git(directory: Path, *args: str) -> str | None:
    git = shutil.which("git")
    if git is None or not directory.is_dir():
        return None
    env = {k: v for k, v in os.environ.items() if k not in _REDIRECTING}
    try:
        result = subprocess.run(
            [git, "-C", str(directory), *args],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            env=env,
            timeout=_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None

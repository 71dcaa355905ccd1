"""A git external diff driver: `git diff` on provision files shows the semantic diff.

git calls the driver with seven arguments: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE, with
/dev/null for a side that does not exist. The driver never dies: git stops the whole `git diff` at a driver
that fails ("external diff died"), hiding every later file, so whatever goes wrong with one file — bad data, a
file that is not a year file, one that cannot be read mid-edit, or a bug in kzrights — it prints a one-line
reason and git's usual line diff (or "Binary files … differ"), and lets git go on.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from kzrights.compare import compare
from kzrights.corpus import Corpus, default_data_dir
from kzrights.errors import KzrightsError
from kzrights.files import Unreadable, read_limited
from kzrights.render import as_text
from kzrights.render.escape import visible
from kzrights.render.options import RenderOptions, View
from kzrights.render.styled import Document
from kzrights.strict_yaml import MAX_FILE_BYTES

NULL = "/dev/null"
_BINARY_PROBE = 8000  # git calls a file binary when its first 8,000 bytes hold a NUL


def data_root_for(path: str) -> Path:
    """The provisions tree a path belongs to (git runs drivers at the work tree's top), else the default."""
    for parent in Path(path).resolve().parents:
        if (parent / "sources.yaml").is_file():
            return parent
    return default_data_dir()


def git_diff(path: str, old_file: str, new_file: str) -> Document:
    """The semantic diff of one file git compares, or a line diff (after the reason) when there is none."""
    header = f"diff --kzrights a/{path} b/{path}"
    if Path(path).name in ("topic.yaml", "sources.yaml") or NULL in (old_file, new_file):
        return line_diff(header, path, old_file, new_file, None)
    try:
        return _semantic_diff(header, path, old_file, new_file)
    except KzrightsError as error:
        why = visible((str(error).splitlines() or [type(error).__name__])[0], keep="")
    except Exception as error:  # a bug must not cost the reviewer every later file of the diff
        why = f"internal error ({type(error).__name__}), a bug in kzrights: please report it"
    return line_diff(header, path, old_file, new_file, why)


def _semantic_diff(header: str, path: str, old_file: str, new_file: str) -> Document:
    corpus = Corpus(data_root_for(path))
    old, new = corpus.version_from_file(Path(old_file)), corpus.version_from_file(Path(new_file))
    if old.version.topic != new.version.topic:
        raise KzrightsError(f"the topic changed from {old.version.topic} to {new.version.topic}")
    report = compare(corpus.topic(new.version.topic), old, new, mci=corpus.mci)
    doc = Document()
    doc.line(header)
    as_text.render_diff_body(doc, report, RenderOptions(view=View.BOTH, show_held=False))  # git already names the file
    return doc


def line_diff(header: str, path: str, old_file: str, new_file: str, why: str | None) -> Document:
    """git's unified line diff of the two files, each line escaped for the terminal; never raises."""
    doc = Document()
    doc.line(header)
    if why:
        doc.line(f"# kzrights: showing a line diff: {why[:300]}")
    try:
        old, new = _content(old_file), _content(new_file)
    except Unreadable as error:
        doc.line(f"# kzrights: cannot show the file: {error}")
        return doc
    old_name, new_name = _name("a", path, old_file), _name("b", path, new_file)
    if b"\0" in old[:_BINARY_PROBE] or b"\0" in new[:_BINARY_PROBE]:
        if old != new:
            doc.line(f"Binary files {old_name} and {new_name} differ")
        return doc
    old_lines = old.decode("utf-8", errors="replace").splitlines()
    new_lines = new.decode("utf-8", errors="replace").splitlines()
    for line in difflib.unified_diff(old_lines, new_lines, old_name, new_name, lineterm=""):
        doc.line(line)
    return doc


def _content(file: str) -> bytes:
    return b"" if file == NULL else read_limited(Path(file), MAX_FILE_BYTES)


def _name(side: str, path: str, file: str) -> str:
    return NULL if file == NULL else f"{side}/{path}"

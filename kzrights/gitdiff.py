"""A git external diff driver: `git diff` on provision files shows the semantic diff.

git calls the driver with seven arguments: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE, with
/dev/null for a side that does not exist. Whatever happens, the driver prints something useful and lets
git go on: a file that is not a year file, or one that cannot be read mid-edit, gets a plain line diff.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from kzrights.compare import compare
from kzrights.corpus import Corpus, default_data_dir
from kzrights.errors import KzrightsError
from kzrights.render import as_text
from kzrights.render.options import RenderOptions, View
from kzrights.render.styled import Document

NULL = "/dev/null"


def data_root_for(path: str) -> Path:
    """The provisions tree a path belongs to (git runs drivers at the work tree's top), else the default."""
    for parent in Path(path).resolve().parents:
        if (parent / "sources.yaml").is_file():
            return parent
    return default_data_dir()


def git_diff(path: str, old_file: str, new_file: str) -> Document:
    """The semantic diff of one file git compares, or a line diff when it is not a readable year file."""
    doc = Document()
    doc.line(f"diff --kzrights a/{path} b/{path}")
    if Path(path).name == "topic.yaml" or Path(path).name == "sources.yaml" or NULL in (old_file, new_file):
        _line_diff(doc, path, old_file, new_file, None)
        return doc
    try:
        corpus = Corpus(data_root_for(path))
        old, new = corpus.version_from_file(Path(old_file)), corpus.version_from_file(Path(new_file))
        if old.version.topic != new.version.topic:
            raise KzrightsError(f"the topic changed from {old.version.topic} to {new.version.topic}")
        report = compare(corpus.topic(new.version.topic), old, new, mci=corpus.mci)
    except KzrightsError as error:
        _line_diff(doc, path, old_file, new_file, str(error).splitlines()[0])
        return doc
    as_text.render_diff_body(doc, report, RenderOptions(view=View.BOTH, show_held=False))  # git already names the file
    return doc


def _line_diff(doc: Document, path: str, old_file: str, new_file: str, why: str | None) -> None:
    if why:
        doc.line(f"# kzrights: showing a line diff: {why}")
    old = _lines(old_file)
    new = _lines(new_file)
    for line in difflib.unified_diff(old, new, f"a/{path}", f"b/{path}", lineterm=""):
        doc.line(line)


def _lines(file: str) -> list[str]:
    if file == NULL:
        return []
    try:
        return Path(file).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []

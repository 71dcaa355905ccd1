"""Hostile input (issue 11): a provisions file in a pull request cannot take over a reviewer's terminal, CI or job summary.

Each class of attack the issue measured has a fixture here, parametrized by its cases: escape sequences and
invisible characters in the data, Markdown and CSV breakouts, files that never end, redlines built to be slow,
source paths out of the sources folder, input and environments that used to end in a traceback, results that
used to be wrong, and a git driver that used to die. Every case is run as a user or CI runs kzrights — real CLI
runs, real subprocesses where the process matters (a closed stdout, a FIFO), a real git repository.
"""

from __future__ import annotations

import csv
import html
import importlib.util
import io
import itertools
import json
import os
import pty
import re
import shutil
import socket
import string
import subprocess
import sys
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest
from click.testing import Result
from conftest import MINI, MINI_SEEDS, REAL_DATA, ROOT, read_terminal, run
from diff_match_patch import diff_match_patch
from hypothesis import given, settings
from markdown_it import MarkdownIt
from strategies import hostile_corpora

from kzrights import formats
from kzrights.changelog import Only, build_changelog
from kzrights.compare import compare
from kzrights.corpus import Corpus
from kzrights.gitdiff import git_diff
from kzrights.history import build_blame, build_timeline
from kzrights.listing import build_listing
from kzrights.model import Resolved, Topic, Version
from kzrights.render import terminal
from kzrights.render.escape import csv_cell, json_text, markdown_text, visible
from kzrights.render.options import RenderOptions, View
from kzrights.render.styled import Document, Style
from kzrights.report import VersionReport
from kzrights.textdiff import REDLINE_BUDGET, Budget, Op, redline

KZRIGHTS = str(Path(sys.executable).parent / "kzrights")
_spec = importlib.util.spec_from_file_location("redline_benchmark", ROOT / "benchmarks" / "redline.py")
assert _spec is not None
assert _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)
GFM = MarkdownIt("commonmark").enable(["table", "strikethrough"])
SGR = re.compile(r"\x1b\[[0-9;]*m")  # the colour codes kzrights writes itself, and the only escapes it may write


def foreign(text: str, *, colour: bool = False) -> list[str]:
    """Control, format and separator characters in output that kzrights did not put there itself."""
    if colour:
        text = SGR.sub("", text)
    return [c for c in text if c not in "\n\t" and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")]


def workflow_commands(text: str) -> list[str]:
    """Lines a CI runner would take for a workflow command: GitHub's reads any that starts with `::`."""
    return [line for line in text.split("\n") if line.lstrip().startswith("::")]


class Tree:
    """A writable copy of the fixture corpus, edited the way a pull request edits it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def edit(self, name: str, old: str, new: str) -> Path:
        path = self.root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    def run(self, *args: str, env: dict[str, str] | None = None) -> Result:
        return run("--data", str(self.root), *args, env=env)


@pytest.fixture
def tree(mini_tree: Path) -> Tree:
    return Tree(mini_tree)


def kz(*args: str, timeout: float = 60, **popen: Any) -> subprocess.CompletedProcess[bytes]:
    """The installed entry point in a real process; a hang fails the test instead of stalling the suite."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "KZRIGHTS_DATA")}
    env.update(popen.pop("env", {}))
    popen.setdefault("stdout", subprocess.PIPE)
    popen.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([KZRIGHTS, *args], env=env, timeout=timeout, check=False, **popen)


def assert_refused(result: Result, *fragments: str) -> None:
    """Exit 2, every fragment in the message, no traceback, and nothing foreign on either stream."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)
    assert foreign(result.stdout) == []
    assert foreign(result.stderr) == []


# --- 1. escape sequences and invisible characters -----------------------------------------------------------

# (file, text to replace, hostile text written as the pull request would, the line and field the message names)
TERMINAL_ATTACKS = {
    "osc-0-title": (
        "assembly/2019.yaml",
        "title: Notification regime",
        'title: "\\e]0;pwned\\a Notification regime"',
        ":7: field 'title'",
    ),
    "csi-clear-screen": (
        "assembly/2019.yaml",
        "text: Organizers must notify local authorities five days ahead.",
        'text: "\\e[2J\\e[HOrganizers must notify local authorities five days ahead."',
        ":8: field 'text'",
    ),
    "osc-8-hidden-link": (
        "assembly/2019.yaml",
        "summary: Organizers notify",
        'summary: "\\e]8;;https://evil.example/\\e\\\\Organizers\\e]8;;\\e\\\\ notify"',
        ":4: field 'summary'",
    ),
    "osc-52-clipboard": (
        "assembly/2019.yaml",
        "quote: up to 20 days of administrative arrest",
        'quote: "\\e]52;c;cm0gLXJmIH4=\\a up to 20 days of administrative arrest"',
        ":25: field 'quote'",
    ),
    "carriage-return-overwrite": (
        "assembly/2019.yaml",
        "title: Penalties for participants",
        'title: "Penalties for participants\\r\\e[2K looser"',
        ":18: field 'title'",
    ),
    "backspaces": ("sources.yaml", "title: New Report", 'title: "New\\b\\b\\bOld Report"', ":32: field 'title'"),
    "c1-csi": (
        "assembly/2019.yaml",
        "admin_penalties: [administrative arrest]",
        'admin_penalties: ["\\x9b2Jadministrative arrest"]',
        ":21: field 'admin_penalties'",
    ),
    "reset-terminal": (
        "assembly/topic.yaml",
        "description: Rules on holding public assemblies.",
        'description: "\\ecRules on holding public assemblies."',
        ":3: field 'description'",
    ),
    "delete-character": ("assembly/2019.yaml", "source: new-2019\n", 'source: "new-2019\\x7f"\n', ":3: field 'source'"),
    "escape-in-a-source-id": ("sources.yaml", "id: new-2019", 'id: "new-2019\\e[8m"', ":29: field 'id'"),
    "escape-in-a-key": (
        "assembly/2019.yaml",
        "      notice_days: 5",
        '      "notice_days\\e[8m": 5',
        ":11: field 'fields'",
    ),
    "right-to-left-override-raw": (
        "assembly/2019.yaml",
        "text: Organizers must notify local authorities five days ahead.",
        "text: Organizers must notify local authorities \u202efive days ahead.",
        ":8: field 'text'",
    ),
    "right-to-left-isolate-in-a-key-raw": (
        "assembly/2019.yaml",
        "      notice_days: 5",
        "      notice\u2067_days: 5",
        ":11: field 'fields'",
    ),
    "invisible-tag-characters": (
        "assembly/2019.yaml",
        "title: Notification regime",
        'title: "Notification regime\\U000E0069\\U000E0067\\U000E006E"',
        ":7: field 'title'",
    ),
    "line-separator": (
        "assembly/2019.yaml",
        "title: Notification regime",
        'title: "Notification\\Lregime"',
        ":7: field 'title'",
    ),
    "lone-surrogate": (
        "assembly/2019.yaml",
        "title: Notification regime",
        'title: "Notification \\ud800regime"',
        ":7: invalid YAML: found invalid Unicode character escape code",  # the parser itself refuses this one
    ),
    "line-break-in-a-quoted-value": (
        "assembly/2019.yaml",
        "title: Notification regime",
        'title: "Notification regime\\n  ~ looser"',
        ":7: field 'title': a line break is allowed only in a block scalar",
    ),
}


@pytest.fixture(params=list(TERMINAL_ATTACKS), ids=list(TERMINAL_ATTACKS))
def terminal_attack(request: pytest.FixtureRequest, tree: Tree) -> tuple[Tree, str]:
    """The fixture corpus with one escape sequence or invisible character written into one string."""
    name, old, new, where = TERMINAL_ATTACKS[request.param]
    path = tree.edit(name, old, new)
    return tree, f"{path}{where}"


def test_validate_refuses_control_and_bidi_characters_naming_file_line_and_field(
    terminal_attack: tuple[Tree, str],
) -> None:
    tree, where = terminal_attack
    assert_refused(tree.run("validate"), where)


@pytest.mark.parametrize(
    "command",
    [("diff", "assembly", "2004", "2019"), ("show", "assembly", "2019"), ("history", "assembly")],
    ids=" ".join,
)
def test_commands_refuse_the_file_and_print_nothing_foreign(
    terminal_attack: tuple[Tree, str], command: tuple[str, ...]
) -> None:
    tree, where = terminal_attack
    assert_refused(tree.run(*command, "--color", "always"), where)


def test_a_block_scalar_may_carry_line_breaks(tree: Tree) -> None:
    tree.edit("assembly/2019.yaml", "text: Organizers must notify", "text: |-\n      Organizers\n      must notify")
    assert tree.run("validate").exit_code == 0


def test_raw_escape_bytes_in_a_file_are_refused_and_not_echoed(tree: Tree) -> None:
    path = tree.root / "assembly" / "2019.yaml"
    path.write_bytes(path.read_bytes().replace(b"Notification regime", b"\x1b]0;pwned\x07\x1b[2J regime"))
    assert_refused(tree.run("validate"), f"{path}:7:")


def test_a_hostile_file_name_is_shown_escaped(tree: Tree) -> None:
    (tree.root / "assembly" / "\x1b]0;pwned\x07.yaml").write_text("topic: assembly\n")
    result = tree.run("validate")
    assert_refused(result, "\\x1b]0;pwned\\x07.yaml: unexpected file")


def test_error_messages_quoting_an_argument_are_escaped() -> None:
    """A topic name from a CI script's variable reaches the message; its escape sequence must not reach the log."""
    result = run("--data", str(MINI), "diff", "\x1b]0;pwned\x07assembly", "2004", "2019")
    assert_refused(result, "unknown topic '\\x1b]0;pwned\\x07assembly'")


@given(hostile_corpora())
@settings(max_examples=40)
def test_no_output_carries_a_foreign_control_character(corpus: tuple[Topic, tuple[Version, ...]]) -> None:
    """Every format of diff, show, changelog, history, blame and list, rendered from data hostile in every string.

    The loader refuses such data; this is the second line: no renderer writes a data string raw. Text is
    checked plain and in colour (where only kzrights' own SGR colour codes may appear); JSON must still parse
    back to the very strings of the data; Markdown must keep the structure it has with harmless strings; CSV
    must keep its rows and columns, and no data cell may start a formula.
    """
    for kind, table, subject, options in hostile_results(*corpus):
        for fmt in table:
            output = formats.renderer(table, fmt)(subject, options)
            if isinstance(output, Document):
                assert foreign(output.plain(80)) == [], (kind, fmt)
                assert foreign(output.plain(None)) == [], (kind, fmt)
                coloured = io.StringIO()
                terminal.print_with_escapes(output, coloured, 80)
                assert foreign(coloured.getvalue(), colour=True) == [], (kind, fmt)
                for printed in (output.plain(80), output.plain(None), SGR.sub("", coloured.getvalue())):
                    assert workflow_commands(printed) == [], (kind, fmt)
                continue
            if not isinstance(output, str):  # a streamed result (the JSON changelog) arrives in chunks
                output = "".join(output)
            assert workflow_commands(output) == [], (kind, fmt)
            if fmt == "csv":
                assert foreign(output.replace("\r\n", "\n")) == [], (kind, fmt)
                assert_csv_holds(output)
            else:
                assert foreign(output) == [], (kind, fmt)
            if fmt == "json":
                data = subject.to_dict(include_unchanged=True) if kind == "diff" else subject.to_dict()
                assert json.loads(output) == json.loads(json.dumps(data)), kind
            if fmt == "markdown":
                assert_markdown_holds(output, kind, subject)


def hostile_results(topic: Topic, versions: tuple[Version, ...]) -> Iterator[tuple[str, Any, Any, RenderOptions]]:
    """Each result kzrights renders, built from the hostile corpus by the library's own builders."""
    old, middle, new = versions
    report = compare(topic, Resolved(old.year, old), Resolved(new.year, new), (middle,))
    every = RenderOptions(view=View.BOTH, show_unchanged=True, quotes=True)
    yield "diff", formats.DIFF, report, every
    yield "diff --stat", formats.DIFF, report, RenderOptions(stat=True)
    yield "version", formats.VERSION, VersionReport(topic, new), every
    corpus = cast(Corpus, MemoryCorpus(topic, versions))
    yield "changelog", formats.CHANGELOG, build_changelog(corpus, (), None, None, Only.ALL), every
    yield "history", formats.HISTORY, build_timeline(topic, versions), every
    yield "blame", formats.BLAME, build_blame(topic, versions, new.year), every
    yield "list", formats.LISTING, build_listing(corpus), every


class MemoryCorpus:
    """What build_changelog and build_listing ask of a Corpus, answered from memory (the loader would refuse it)."""

    def __init__(self, topic: Topic, versions: tuple[Version, ...]) -> None:
        self._topic = topic
        self._versions = {v.year: v for v in versions}
        self.sources = {v.source.id: v.source for v in versions}
        self.mci: dict[int, Any] = {}

    def topic_names(self) -> tuple[str, ...]:
        return (self._topic.name,)

    def topic_path(self, name: str) -> Path:
        return self._topic.path

    def read_shared(self) -> None:
        """Nothing to read: the sources are in memory already."""

    def topic(self, name: str) -> Topic:
        return self._topic

    def years(self, name: str) -> tuple[int, ...]:
        return tuple(self._versions)

    def recorded_years(self, topic: Topic) -> tuple[int, ...]:
        return tuple(self._versions)

    def version(self, topic: Topic, year: int) -> Version:
        return self._versions[year]

    def answering_year(self, requested: int) -> int:
        return requested


def assert_csv_holds(output: str) -> None:
    rows = list(csv.reader(io.StringIO(output, newline="")))
    header, body = rows[0], rows[1:]
    assert all(len(row) == len(header) for row in body)
    numeric = {"from_year", "to_year", "delta", "since"}
    for row in body:
        for name, cell in zip(header, row, strict=True):
            if name in numeric:
                assert cell == "" or float(cell) == float(cell), (name, cell)
            else:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)


def assert_markdown_holds(output: str, kind: str, subject: Any) -> None:
    """The block structure (headings, tables, rows, cells, paragraphs) is what harmless strings give."""
    tokens = GFM.parse(output)
    assert not [t for t in tokens if t.type in ("heading_open",) and t.tag == "h1" and kind != "changelog"]
    for table in _tables(tokens):
        widths = {len(row) for row in table}
        assert len(widths) == 1, (kind, table)
    html = {
        child.content for t in tokens if t.type == "inline" for child in t.children or [] if child.type == "html_inline"
    }
    assert html <= {"<br>", "<del>", "</del>", "<ins>", "</ins>"}, (kind, html)
    inline = [child.type for t in tokens if t.type == "inline" for child in t.children or []]
    assert "link_open" not in inline, kind
    assert "image" not in inline, kind
    assert not [t for t in tokens if t.type in ("html_block", "code_block", "fence", "blockquote_open", "hr")], kind


def _tables(tokens: list[Any]) -> list[list[list[str]]]:
    tables: list[list[list[str]]] = []
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            tables[-1].append([])
        elif token.type in ("th_open", "td_open"):
            tables[-1][-1].append(token.type)
    return tables


def test_visible_shows_every_hostile_character_as_its_escape() -> None:
    assert (
        visible("\x1b]0;t\x07 \x9b2J \u202eabc \U000e0041 \ud800")
        == "\\x1b]0;t\\x07 \\x9b2J \\u202eabc \\U000e0041 \\ud800"
    )
    assert visible("tab\tand\nnewline") == "tab\tand\nnewline"
    assert visible("tab\tand\nnewline", keep="") == "tab\\x09and\\x0anewline"
    assert visible("Жарғы, “quoted” — 10 → 5 days\u00a0▲") == "Жарғы, “quoted” — 10 → 5 days\u00a0▲"
    assert visible(visible("\x1b[2J")) == visible("\x1b[2J")


def test_colour_on_a_pseudo_terminal_has_kzrights_colours_only(tree: Tree) -> None:
    """On a real terminal (auto colour, no NO_COLOR): SGR colours, and never an escape the data brought."""
    screen = _on_a_terminal("--data", str(REAL_DATA), "diff", "assembly", "2004", "2019", "--no-pager")
    assert "\x1b[1m" in screen, "colour is on for a terminal"
    assert foreign(screen.replace("\r\n", "\n"), colour=True) == []
    path = tree.root / "assembly" / "2019.yaml"
    path.write_bytes(path.read_bytes().replace(b"Notification regime", "\x1b]0;pwned\x07\x9b2J\u202e regime".encode()))
    old = str(MINI / "assembly" / "2019.yaml")
    screen = _on_a_terminal("git-diff", str(path), old, "0" * 40, "100644", str(path), "0" * 40, "100644")
    assert "\\x1b]0;pwned\\x07\\x9b2J\\u202e regime" in screen
    assert foreign(screen.replace("\r\n", "\n"), colour=True) == []


def _on_a_terminal(*args: str) -> str:
    """Run kzrights with stdout and stderr on a pseudo-terminal, as a reviewer does, and return the screen."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "KZRIGHTS_DATA")}
    env.update({"COLUMNS": "100", "LINES": "50", "TERM": "xterm-256color"})
    leader, follower = pty.openpty()
    process = subprocess.run([KZRIGHTS, *args], stdout=follower, stderr=follower, env=env, timeout=60, check=False)
    os.close(follower)
    screen = read_terminal(leader)
    assert process.returncode == 0
    return screen


# --- 2. Markdown and CSV breakouts --------------------------------------------------------------------------

MARKUP = (
    "|-\n        Square A | B\n        # Injected heading\n        <img src=x onerror=alert(1)>"
    "\n        [click](https://evil.example) &#x202e; `code`"
)


_FLOW_FIELDS = "    fields: {{max_admin_arrest_days: {days},\n             admin_penalties: [administrative arrest]}}"
_BLOCK_FIELDS = "    fields:\n      venue_note: {value}\n      max_admin_arrest_days: {days}\n      admin_penalties: [administrative arrest]"


@pytest.fixture
def markup_attack(tree: Tree) -> Tree:
    """A venue note carrying a heading after a line break, HTML, a link, an entity and a pipe; then a formula."""
    tree.edit("assembly/2004.yaml", _FLOW_FIELDS.format(days=15), _BLOCK_FIELDS.format(value=MARKUP, days=15))
    tree.edit(
        "assembly/2012.yaml",
        "      max_admin_arrest_days: 10",
        f"      venue_note: {MARKUP}\n      max_admin_arrest_days: 10",
    )
    formula = "'=HYPERLINK(\"https://evil.example\")'"
    tree.edit("assembly/2019.yaml", _FLOW_FIELDS.format(days=20), _BLOCK_FIELDS.format(value=formula, days=20))
    return tree


@pytest.mark.parametrize(
    "command", [("changelog",), ("diff", "assembly", "2004", "2019"), ("show", "assembly", "2004")], ids=" ".join
)
def test_markdown_cannot_be_broken_out_of(markup_attack: Tree, command: tuple[str, ...]) -> None:
    result = markup_attack.run(*command, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    tokens = GFM.parse(result.stdout)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings
    assert not [h for h in headings if "Injected" in h], "no heading came from the data"
    assert_markdown_holds(result.stdout, command[0], None)
    assert "Square A \\| B<br># Injected heading<br>\\<img src=x onerror=alert(1)\\>" in result.stdout
    assert "\\[click\\](https://evil.example) \\&#x202e; \\`code\\`" in result.stdout


def test_a_lone_carriage_return_does_not_end_a_table_row() -> None:
    assert markdown_text("a\rb | c\r\nd") == "a<br>b \\| c<br>d"
    cell = markdown_text("x\r| y | z")
    rows = [t for t in GFM.parse(f"| h |\n|---|\n| {cell} |\n") if t.type == "tr_open"]
    assert len(rows) == 2
    raw = [t for t in GFM.parse("| h |\n|---|\n| x\r| y | z |\n") if t.type == "tr_open"]
    assert len(raw) == 3, "unescaped, the \\r ends the row and the rest becomes a row of its own"


def test_csv_cells_cannot_start_a_formula(markup_attack: Tree) -> None:
    result = markup_attack.run("changelog", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    (venue,) = [r for r in rows if r["field"] == "venue_note" and r["to_year"] == "2019"]
    assert venue["new"] == '\'=HYPERLINK("https://evil.example")'
    (notice,) = [r for r in rows if r["field"] == "notice_days" and r["to_year"] == "2019"]
    assert notice["delta"] == "-5", "kzrights' own negative numbers are not data and are left alone"
    assert_csv_holds(result.stdout)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "\\x0d=1"),
        ("10 days", "10 days"),
    ],
)
def test_csv_cell_neutralises_formula_starts(value: str, cell: str) -> None:
    assert csv_cell(value) == cell


def test_json_escapes_what_a_terminal_acts_on_and_reads_back_the_same() -> None:
    raw = json.dumps({"v": "a\x9b2J\u202e\x7f\U000e0041\ud800"}, ensure_ascii=False)
    escaped = json_text(raw)
    assert foreign(escaped) == []
    assert json.loads(escaped) == json.loads(raw)


# --- 3. files that never end -------------------------------------------------------------------------------


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _socket(path: Path) -> Path:
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
    except OSError:
        pytest.skip("the temporary path is too long for a socket")
    finally:
        server.close()
    return path


ENDLESS = {
    "symlink-to-dev-zero": lambda path: path.symlink_to("/dev/zero"),
    "symlink-to-a-fifo": lambda path: path.symlink_to(_fifo(path.with_name("pipe"))),
    "a-fifo": _fifo,
    "a-socket": _socket,
}


@pytest.fixture(params=list(ENDLESS), ids=list(ENDLESS))
def endless_file(request: pytest.FixtureRequest, tree: Tree) -> tuple[Tree, Path]:
    """A year file that is a device, a FIFO or a socket: its st_size says 0, and reading it never ends."""
    path = tree.root / "assembly" / "2012.yaml"
    path.unlink()
    ENDLESS[request.param](path)
    return tree, path


@pytest.mark.parametrize(
    "command", [("validate",), ("diff", "assembly", "2004", "2012"), ("history", "assembly")], ids=" ".join
)
def test_special_files_in_the_data_are_refused_without_reading(
    endless_file: tuple[Tree, Path], command: tuple[str, ...]
) -> None:
    tree, path = endless_file
    result = kz("--data", str(tree.root), *command, timeout=30)
    assert result.returncode == 2, result.stderr
    assert f"{path}: is ".encode() in result.stderr
    assert b"not a regular file" in result.stderr or b"outside the provisions folder" in result.stderr
    assert b"Traceback" not in result.stderr


@pytest.mark.parametrize("kind", ["dev-zero", "fifo"])
def test_files_option_refuses_special_files(tmp_path: Path, kind: str) -> None:
    special = Path("/dev/zero") if kind == "dev-zero" else _fifo(tmp_path / "pipe")
    result = kz("--data", str(MINI), "diff", "--files", str(special), str(MINI / "assembly" / "2019.yaml"), timeout=30)
    assert result.returncode == 2
    assert b"not a regular file; kzrights reads regular files only" in result.stderr
    assert b"Traceback" not in result.stderr


# --- 4. bounded work ---------------------------------------------------------------------------------------


@pytest.fixture(params=list(bench.ADVERSARIAL))
def adversarial_texts(request: pytest.FixtureRequest) -> tuple[str, str]:
    """Rule texts that made the redline take 48 s (random two-letter words) or 31 s (an honest full rewrite).

    The same cases benchmarks/redline.py times; here nothing is timed, the work is counted.
    """
    texts: tuple[str, str] = bench.ADVERSARIAL[request.param]()
    return texts


@pytest.fixture
def work_done(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[int]]:
    """What diff-match-patch is actually handed: the edit graph of each top-level diff, each cleanup's length."""
    seen: dict[str, list[int]] = {"cells": [], "cleanup": []}
    depth = [0]
    diff_main, cleanup = diff_match_patch.diff_main, diff_match_patch.diff_cleanupSemantic

    def counted_diff(self: diff_match_patch, a: str, b: str, *args: Any) -> Any:
        if depth[0] == 0:
            seen["cells"].append(len(a) * len(b))
        depth[0] += 1
        try:
            return diff_main(self, a, b, *args)
        finally:
            depth[0] -= 1

    def counted_cleanup(self: diff_match_patch, diffs: list[Any]) -> None:
        seen["cleanup"].append(len(diffs))
        cleanup(self, diffs)

    monkeypatch.setattr(diff_match_patch, "diff_main", counted_diff)
    monkeypatch.setattr(diff_match_patch, "diff_cleanupSemantic", counted_cleanup)
    return seen


def test_the_redline_budget_holds_on_adversarial_texts(
    adversarial_texts: tuple[str, str], work_done: dict[str, list[int]]
) -> None:
    """Timing-free: count the work handed to diff-match-patch, and check the fallback still rebuilds both texts."""
    old, new = adversarial_texts
    budget = Budget()
    segments = redline(old, new, budget)
    assert "".join(s.text for s in segments if s.op is not Op.INSERT) == old
    assert "".join(s.text for s in segments if s.op is not Op.DELETE) == new
    assert sum(work_done["cells"]) == budget.spent <= REDLINE_BUDGET
    assert budget.refused > 0, "an adversarial case needs the fallback"
    assert max(work_done["cleanup"]) <= 256


def test_the_budget_is_not_touched_by_the_real_corpus(work_done: dict[str, list[int]]) -> None:
    corpus = Corpus(REAL_DATA)
    topic = corpus.topic("libel")
    old, new = corpus.version(topic, 2007), corpus.version(topic, 2016)
    for rule in new.rules:
        before = old.rule(rule.id)
        if before is not None:
            budget = Budget()
            redline(before.text, rule.text, budget)
            assert budget.refused == 0
    assert 0 < max(work_done["cells"]) < REDLINE_BUDGET // 10


def test_the_same_adversarial_texts_give_the_same_redline() -> None:
    old, new = bench.ADVERSARIAL["anchored-40kb"]()
    assert redline(old, new) == redline(old, new)


# --- 5. source files outside the sources folder ------------------------------------------------------------


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(MINI_SEEDS, target)
    return target


OUTSIDE = {
    "absolute-path": ("file: new.txt", "file: /dev/zero", "not an absolute path"),
    "parent-folder": ("file: new.txt", "file: ../../../../etc/passwd", "'..' is not allowed"),
    "windows-style": ("file: new.txt", "file: ..\\\\new.txt", "not \\"),
}


@pytest.mark.parametrize("case", list(OUTSIDE))
def test_a_source_file_must_lie_inside_the_sources_folder(tree: Tree, seeds: Path, case: str) -> None:
    old, new, fragment = OUTSIDE[case]
    path = tree.edit("sources.yaml", old, new)
    result = kz("--data", str(tree.root), "validate", "--sources", str(seeds), timeout=30)
    assert result.returncode == 2
    assert f"{path}:".encode() in result.stderr
    assert b"field 'file'" in result.stderr
    assert fragment.encode() in result.stderr


@pytest.mark.parametrize("target", ["outside", "fifo"])
def test_a_symlink_in_the_sources_folder_is_not_followed_out_or_into_a_fifo(
    tree: Tree, seeds: Path, tmp_path: Path, target: str
) -> None:
    (seeds / "new.txt").unlink()
    if target == "outside":
        secret = tmp_path / "secret.txt"
        secret.write_text("a private file of the reviewer\n")
        (seeds / "new.txt").symlink_to(secret)
    else:
        (seeds / "new.txt").symlink_to(_fifo(seeds / "pipe"))
    result = kz("--data", str(tree.root), "validate", "--sources", str(seeds), timeout=30)
    assert result.returncode == 2
    expected = b"symbolic link out of the sources folder" if target == "outside" else b"named pipe (FIFO)"
    assert expected in result.stderr


def test_a_year_file_linked_out_of_the_tree_is_not_read(tree: Tree, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("private: the reviewer's notes\n")
    path = tree.root / "assembly" / "2012.yaml"
    path.unlink()
    path.symlink_to(secret)
    for command in (("validate",), ("diff", "assembly", "2004", "2012")):
        result = tree.run(*command)
        assert_refused(result, f"{path}: is a symbolic link to a file outside the provisions folder")
        assert "private" not in result.stderr


def test_a_ledger_linked_out_of_the_tree_is_neither_read_nor_appended_to(tree: Tree, tmp_path: Path) -> None:
    """`accept` appends to accepted.yaml: through a link, it would write to a file outside the tree."""
    outside = tmp_path / "notes.yaml"
    outside.write_text("# the reviewer's own file\n")
    ledger = tree.root / "accepted.yaml"
    ledger.symlink_to(outside)
    listed = json.loads(tree.run("diff", "assembly", "2004", "2019", "--format", "json", "--no-pager").stdout or "{}")
    assert listed == {}, "the diff is refused, not shown without the ledger"
    result = tree.run("accept", "49335c13bd59bf43", "--reason", "r", "--by", "b")
    assert_refused(result, f"{ledger}: is a symbolic link to a file outside the provisions folder")
    assert outside.read_text() == "# the reviewer's own file\n"


# --- 6. input and environments that used to end in a traceback -----------------------------------------------

CRASHES = {
    "990-nested-lists": (
        "      notice_days: 5",
        "      notice_days: " + "[" * 990 + "]" * 990,
        "nest more than 64 levels",
    ),
    "5000-nested-mappings": (
        "      notice_days: 5",
        "      notice_days: " + "{a: " * 5000 + "1" + "}" * 5000,
        "nest more than 64 levels",
    ),
    "5000-digit-integer": ("      notice_days: 5", "      notice_days: " + "1" * 5000, "at most 18 digits"),
    "140000-distinct-words": (
        "text: Organizers must notify local authorities five days ahead.",
        "text: "
        + " ".join(
            "".join(word) for word in itertools.islice(itertools.product(string.ascii_lowercase, repeat=4), 140_000)
        ),
        "'text' is 699,999 characters long; at most 65,536",
    ),
}


@pytest.fixture(params=list(CRASHES), ids=list(CRASHES))
def crashing_input(request: pytest.FixtureRequest, tree: Tree) -> tuple[Tree, Path, str]:
    """A year file that used to give a traceback (exit 3): RecursionError, int() limits, too many words."""
    old, new, fragment = CRASHES[request.param]
    return tree, tree.edit("assembly/2019.yaml", old, new), fragment


@pytest.mark.parametrize(
    "command", [("validate",), ("diff", "assembly", "2004", "2019", "--format", "json")], ids=" ".join
)
def test_input_that_crashed_is_a_located_data_error(
    crashing_input: tuple[Tree, Path, str], command: tuple[str, ...]
) -> None:
    tree, path, fragment = crashing_input
    assert_refused(tree.run(*command), f"{path}:", fragment)


LONG = "x" * 300


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--data", str(MINI), "diff", LONG, "2004", "2019"), "unknown topic 'xxxx"),
        (("--data", str(MINI), "show", LONG, "2004"), "unknown topic"),
        (("--data", str(MINI), "changelog", LONG), "unknown topic"),
        (("--data", str(MINI), "history", LONG), "unknown topic"),
        (("--data", f"/tmp/{LONG}", "diff", "assembly", "2004", "2019"), "File name too long"),
        (("--data", f"/tmp/{LONG}", "validate"), "File name too long"),
        (("--data", str(MINI), "diff", "assembly", "2004", "²⁰¹⁹"), "a year is four digits"),
        (("--data", str(MINI), "show", "assembly", "٢٠١٩"), "a year is four digits"),
        (("--data", str(MINI), "changelog", "--since", "²⁰⁰⁴"), "a year is four digits"),
        (
            ("--data", str(MINI), "changelog", "--since", "2019", "--until", "2004"),
            "--since 2019 is after --until 2004",
        ),
        (
            ("--data", str(MINI), "diff", "--files", f"/tmp/{LONG}.yaml", str(MINI / "assembly" / "2019.yaml")),
            "the path is too long",
        ),
        # bytes that are not UTF-8 on the command line reach Python as lone surrogates (surrogateescape)
        (("--data", str(MINI), "diff", "assembly\udcff", "2004", "2019"), "unknown topic 'assembly\\udcff'"),
    ],
    ids=[
        "long-topic-diff",
        "long-topic-show",
        "long-topic-changelog",
        "long-topic-history",
        "long-data-diff",
        "long-data-validate",
        "superscript-year",
        "arabic-indic-year",
        "superscript-since",
        "since-after-until",
        "long-files",
        "undecodable-topic",
    ],
)
def test_odd_arguments_are_usage_errors(args: tuple[str, ...], fragment: str) -> None:
    result = run(*args)
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr


def test_a_unicode_digit_file_name_is_an_unexpected_file(tree: Tree) -> None:
    path = tree.root / "assembly" / "²⁰¹⁹.yaml"
    path.write_text("topic: assembly\n")
    assert_refused(tree.run("validate"), f"{path}: unexpected file")
    assert tree.run("diff", "assembly", "2004", "2019").exit_code == 0
    assert tree.run("history", "assembly").exit_code == 0


ENVIRONMENTS = {
    "stdout-closed": (2, b"kzrights: error: standard output is closed"),
    "dev-full": (2, b"kzrights: error: cannot write to standard output: No space left on device"),
    "ascii": (0, b""),
    "latin-1": (0, b""),
}


@pytest.fixture(params=list(ENVIRONMENTS), ids=list(ENVIRONMENTS))
def hostile_environment(request: pytest.FixtureRequest) -> Iterator[tuple[str, dict[str, Any], int, bytes]]:
    """Where stdout goes: closed (`>&-`), a full disk (`>/dev/full`), a terminal whose encoding lacks `→`."""
    status, message = ENVIRONMENTS[request.param]
    with open("/dev/full", "wb") as full:
        choices: dict[str, dict[str, Any]] = {
            "stdout-closed": {"stdout": None, "preexec_fn": lambda: os.close(1)},
            "dev-full": {"stdout": full},
            "ascii": {"env": {"PYTHONIOENCODING": "ascii"}},
            "latin-1": {"env": {"PYTHONIOENCODING": "latin-1"}},
        }
        yield request.param, choices[request.param], status, message


@pytest.mark.parametrize(
    "command",
    [
        ("diff", "assembly", "2004", "2019"),
        ("diff", "assembly", "2004", "2019", "--format", "json"),
        ("changelog", "--format", "csv"),
        ("--help",),
    ],
    ids=" ".join,
)
def test_closed_full_or_narrow_stdout_gives_a_message_never_a_traceback(
    hostile_environment: tuple[str, dict[str, Any], int, bytes], command: tuple[str, ...]
) -> None:
    name, popen, status, message = hostile_environment
    result = kz("--data", str(MINI), *command, **popen)
    assert result.returncode == status, result.stderr
    assert b"Traceback" not in result.stderr
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) <= 1
    if name in ("ascii", "latin-1") and command[0] in ("diff", "--help") and "json" not in command:
        text = result.stdout.decode(name)  # all of it is what the terminal's encoding can show
        assert command[0] == "--help" or "notice_days: 10 days -> 5 days (-5)  v looser" in text
    if name in ("ascii", "latin-1") and "json" in command:
        assert json.loads(result.stdout.decode("utf-8"))["topic"]["id"] == "assembly", "JSON stays UTF-8"


# --- 7. results that used to be wrong ----------------------------------------------------------------------


def test_a_number_that_overflows_to_infinity_is_refused(tree: Tree) -> None:
    tree.edit(
        "assembly/topic.yaml",
        "  venue_note:",
        "  fine_mci:\n    type: number\n    unit: monthly indices\n    stricter: higher\n    meaning: A fine.\n  venue_note:",
    )
    path = tree.edit(
        "assembly/2019.yaml", "      notice_days: 5", "      notice_days: 5\n      fine_mci: " + "9" * 400 + ".5"
    )
    result = tree.run("diff", "assembly", "2004", "2019", "--format", "json")
    assert_refused(result, f"{path}:12: rule 'regime': field 'fine_mci': must be a number", "at most 18 digits")
    assert "Infinity" not in result.stdout


def test_a_negative_count_is_refused(tree: Tree) -> None:
    path = tree.edit("assembly/2019.yaml", "      notice_days: 5", "      notice_days: -5")
    result = tree.run("diff", "assembly", "2004", "2019")
    assert_refused(result, f"{path}:11: rule 'regime': field 'notice_days'", "a count cannot be negative")


def test_an_empty_enum_names_its_field(tree: Tree) -> None:
    path = tree.edit("assembly/topic.yaml", "values: [notification, permit]", "values: []")
    assert_refused(tree.run("validate"), f"{path}:12: field 'regime': 'values' must be a non-empty list")


def test_a_gate_fails_even_when_its_reader_leaves(tmp_path: Path) -> None:
    """`diff --fail-on looser | head -1` must still exit 1: a cut output must not pass a CI gate."""
    read, write = os.pipe()
    os.close(read)  # the reader has left before a byte is written: every write gets EPIPE
    result = kz("--data", str(MINI), "diff", "assembly", "2004", "2019", "--fail-on", "looser", stdout=write)
    os.close(write)
    assert result.returncode == 1, result.stderr
    assert b"2 changes trip --fail-on looser" in result.stderr, "the gate's own report, on stderr, still arrives"
    assert b"Traceback" not in result.stderr
    assert b"Broken pipe" not in result.stderr
    script = (
        f'"{KZRIGHTS}" --data "{REAL_DATA}" diff exit 2004 2019 --fail-on stricter | head -1; exit "${{PIPESTATUS[0]}}"'
    )
    shell = subprocess.run(["bash", "-c", script], capture_output=True, timeout=60, check=False)
    assert shell.returncode == 1, shell.stderr
    assert shell.stdout.startswith(b"Leaving the country (exit): 2004 ")
    assert b"Traceback" not in shell.stderr


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (("diff", "assembly", "2004", "2019", "--fail-on", "looser"), 1),  # the gate's lines go to stderr
        (("diff", "nosuch", "2004", "2019"), 2),
        (("show", "assembly", "1999"), 2),
    ],
    ids=["tripped gate", "bad usage", "bad year"],
)
def test_the_exit_status_stands_when_the_reader_of_stderr_leaves(args: tuple[str, ...], status: int) -> None:
    """`kzrights … 2>&1 | head -1` in CI: a reader that leaves early must not turn a tripped gate into a pass."""
    read, write = os.pipe()
    os.close(read)
    result = kz("--data", str(MINI), *args, stdout=subprocess.DEVNULL, stderr=write)
    os.close(write)
    assert result.returncode == status
    script = f'"{KZRIGHTS}" --data "{MINI}" {" ".join(args)} 2>&1 | head -1; exit "${{PIPESTATUS[0]}}"'
    shell = subprocess.run(["bash", "-c", script], capture_output=True, timeout=60, check=False)
    assert shell.returncode == status, shell.stdout


def test_bad_data_exits_2_when_the_reader_of_stderr_leaves(tree: Tree) -> None:
    tree.edit("assembly/2004.yaml", "notice_days: 10", "notice_days: ten")
    read, write = os.pipe()
    os.close(read)
    result = kz("--data", str(tree.root), "validate", stdout=subprocess.DEVNULL, stderr=write)
    os.close(write)
    assert result.returncode == 2


# --- 8. the git driver never dies ---------------------------------------------------------------------------


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True, timeout=120)


@pytest.fixture
def hostile_repo(tmp_path: Path) -> Path:
    """A repository of the fixture corpus, with the driver set up, and a binary file the attribute also matches."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    repo = tmp_path / "repo"
    shutil.copytree(MINI, repo / "provisions")
    (repo / "provisions" / "assembly" / "notes.yaml").write_bytes(b"\x00\x01binary\x00")
    for command in (
        ("init", "-q"),
        ("config", "user.email", "test@example.org"),
        ("config", "user.name", "Test"),
        ("config", "diff.kzrights.command", f"{KZRIGHTS} git-diff"),
    ):
        git(repo, *command)
    (repo / ".gitattributes").write_text("provisions/**/*.yaml diff=kzrights\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "corpus")
    return repo


HOSTILE_EDITS: dict[str, Callable[[bytes], bytes]] = {
    "escape-bytes": lambda text: text.replace(b"Permit regime", b"\x1b]0;pwned\x07\x1b[2J regime"),
    "deep-nesting": lambda text: text.replace(b"notice_days: 10", b"notice_days: " + b"[" * 990 + b"]" * 990),
    "negative-count": lambda text: text.replace(b"notice_days: 10", b"notice_days: -5"),
    "not-utf-8": lambda text: text.replace(b"Permit regime", b"\xff\xfe regime"),
}


@pytest.mark.parametrize("edit", list(HOSTILE_EDITS))
def test_git_diff_goes_on_past_a_hostile_file(hostile_repo: Path, edit: str) -> None:
    provisions = hostile_repo / "provisions" / "assembly"
    for year, old, new in (
        ("2004", b"notice_days: 10", b"notice_days: 11"),
        ("2019", b"notice_days: 5", b"notice_days: 7"),
    ):
        path = provisions / f"{year}.yaml"
        path.write_bytes(path.read_bytes().replace(old, new))
    hostile = provisions / "2012.yaml"
    hostile.write_bytes(HOSTILE_EDITS[edit](hostile.read_bytes()))
    (provisions / "notes.yaml").write_bytes(b"\x00\x02other binary\x00")
    result = git(hostile_repo, "diff")
    assert "external diff died" not in result.stderr
    out = result.stdout
    files = re.findall(r"^diff --kzrights a/(\S+)", out, flags=re.M)
    assert files == [f"provisions/assembly/{name}" for name in ("2004.yaml", "2012.yaml", "2019.yaml", "notes.yaml")]
    assert "notice_days: 10 days → 11 days" in out
    assert "notice_days: 5 days → 7 days" in out, "the files after the hostile one still show"
    sections = re.split(r"^(?=diff --kzrights )", out, flags=re.M)
    hostile_part = next(part for part in sections if part.startswith("diff --kzrights a/provisions/assembly/2012"))
    assert "# kzrights: showing a line diff:" in hostile_part
    assert re.search(r"^[-+] ", hostile_part, flags=re.M), "git's usual line diff follows the reason"
    assert "Binary files a/provisions/assembly/notes.yaml and b/provisions/assembly/notes.yaml differ" in out
    assert foreign(out) == []


def test_an_internal_error_falls_back_to_a_line_diff(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr("kzrights.gitdiff.compare", broken)
    new = tmp_path / "2019.yaml"
    new.write_text((MINI / "assembly" / "2019.yaml").read_text().replace("notice_days: 5", "notice_days: 7"))
    text = git_diff(str(MINI / "assembly" / "2019.yaml"), str(MINI / "assembly" / "2019.yaml"), str(new)).plain()
    assert "# kzrights: showing a line diff: internal error (RuntimeError), a bug in kzrights: please report it" in text
    assert "-      notice_days: 5\n+      notice_days: 7" in text


def test_the_git_driver_exits_0_on_a_file_it_cannot_read(tmp_path: Path) -> None:
    old = MINI / "assembly" / "2019.yaml"
    result = kz(
        "git-diff", "provisions/assembly/2019.yaml", str(old), "0" * 40, "100644", "/dev/zero", "0" * 40, "100644"
    )
    assert result.returncode == 0
    assert b"# kzrights: showing a line diff:" in result.stdout
    assert b"not a regular file" in result.stdout


def test_a_document_escapes_every_span_it_is_given() -> None:
    doc = Document()
    doc.line("\x1b]0;t\x07", ("\u202eevil", Style.STRICTER))
    assert doc.lines == [[("\\x1b]0;t\\x07", Style.PLAIN), ("\\u202eevil", Style.STRICTER)]]


# --- CI logs --------------------------------------------------------------------------------------------

WORKFLOW_EDITS = {  # file, text in the fixture, the same text as a pull request could rewrite it
    "title": ("assembly/topic.yaml", "title: Public assembly", 'title: "::add-mask::hunter2"'),
    "summary": (
        "assembly/2004.yaml",
        "summary: Organizers needed a permit; violations led to arrest.",
        'summary: "::warning file=.github/workflows/ci.yml::forged"',
    ),
    "rule title": ("assembly/2004.yaml", "    title: Permit regime", '    title: "  ::error::forged"'),
    "block text": (  # a literal block's lines are lines of the output wherever a renderer keeps them
        "assembly/2004.yaml",
        "    text: Organizers must apply for a permit ten days ahead; the authorities answer within five days.",
        "    text: |-\n      Organizers must apply for a permit.\n      ::stop-commands::pwned\n        ::error::indented",
    ),
    "field value": (  # a text value on lines of its own: CSV writes it in one quoted cell across lines
        "assembly/2004.yaml",
        _FLOW_FIELDS.format(days=15),
        _BLOCK_FIELDS.format(value="|-\n        Square A\n        ::error::venue-pwned", days=15),
    ),
    "field value later": (
        "assembly/2012.yaml",
        "      max_admin_arrest_days: 10",
        "      venue_note: '::notice::forged'\n      max_admin_arrest_days: 10",
    ),
    "field value last": (
        "assembly/2019.yaml",
        _FLOW_FIELDS.format(days=20),
        _BLOCK_FIELDS.format(value="|-\n        Square B\n        ::add-mask::hunter2", days=20),
    ),
}


@pytest.mark.parametrize(
    ("command", "subject"),
    [
        (("diff", "assembly", "2004", "2019", "--all", "--quotes"), "diff"),
        (("show", "assembly", "2004", "--quotes"), "version"),
        (("changelog",), "changelog"),
        (("history", "assembly"), "history"),
        (("blame", "assembly", "2019"), "blame"),
        (("list",), "list"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_no_output_starts_a_workflow_command_in_a_ci_log(tree: Tree, command: tuple[str, ...], subject: str) -> None:
    """A line that starts with `::` in a CI step's log is a command to GitHub's runner (`::add-mask::` hides a
    secret's value, `::stop-commands::` silences the real annotations): data strings never start one, in any format."""
    for path, old, new in WORKFLOW_EDITS.values():
        tree.edit(path, old, new)
    assert tree.run("validate").exit_code == 0, "printable text: the loader accepts it, so the renderers must hold"
    for fmt in formats.SUBJECTS[subject][0]:
        result = tree.run("--no-pager", *command, "--format", fmt)
        assert result.exit_code == 0, (fmt, result.stderr)
        assert workflow_commands(result.stdout) == [], fmt
        assert re.search("hunter2|forged|pwned", result.stdout), f"{fmt}: no payload reached the output to test"


def test_the_report_page_starts_no_workflow_command_and_reads_the_same(tree: Tree) -> None:
    for path, old, new in WORKFLOW_EDITS.values():
        tree.edit(path, old, new)
    result = tree.run("report", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert workflow_commands(result.stdout) == []
    assert "&#58;:add-mask::hunter2" in result.stdout, "the colon is written as a character reference"
    text = html.unescape(re.sub(r"<[^>]+>", "", result.stdout))
    assert "::stop-commands::pwned" in text, "which the browser shows as the colon it is"


@pytest.mark.parametrize(
    ("text", "markdown", "csv"),
    [
        ("::error::x", "\\::error::x", "\\x3a:error::x"),
        ("  ::add-mask::y", "  \\::add-mask::y", "  \\x3a:add-mask::y"),
        ("a\n::warning::z", "a<br>\\::warning::z", "a\n\\x3a:warning::z"),
        ("a :: b", "a :: b", "a :: b"),
        (":x", ":x", ":x"),
    ],
)
def test_each_medium_writes_a_line_starting_colon_its_own_way(text: str, markdown: str, csv: str) -> None:
    assert markdown_text(text) == markdown
    assert csv_cell(text) == csv
    rendered = GFM.render(markdown).removeprefix("<p>").removesuffix("</p>\n")
    assert html.unescape(rendered.replace("<br>", "\n").replace("&lt;br&gt;", "\n")) == text.lstrip(), "reads the same"

"""The registry of output formats: every entry real, every choice offered by a command served, nothing falling
through to another format."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Mapping

import click
import pytest
from conftest import REAL_DATA, run

from kzrights import formats
from kzrights.cli import cli

# A command of each result kind, on the real corpus.
COMMANDS = {
    "diff": ("diff", "assembly", "2004", "2019"),
    "version": ("show", "exit", "2016"),
    "changelog": ("changelog",),
    "history": ("history", "libel"),
    "blame": ("blame", "ngo-funding", "2019"),
    "list": ("list",),
    "problems": ("validate",),
    "review": ("review", "--base", "HEAD"),  # the checkout is a git repository
}


def registry_problems(table: Mapping[str, str], subject: str) -> list[str]:
    """What is wrong with a table's entries: a module or function missing, or a signature that does not fit."""
    problems = []
    for fmt, target in table.items():
        module_name, _, name = target.partition(":")
        try:
            function = getattr(importlib.import_module(module_name), name)
        except (ImportError, AttributeError) as error:
            problems.append(f"{fmt}: {target}: {error}")
            continue
        parameters = list(inspect.signature(function).parameters.values())
        required = [p for p in parameters if p.default is inspect.Parameter.empty]
        if len(required) != 2 or parameters[0].annotation != subject or parameters[1].annotation != "RenderOptions":
            problems.append(f"{fmt}: {target} must take ({subject}, RenderOptions), not {inspect.signature(function)}")
    return problems


@pytest.mark.parametrize("kind", list(formats.SUBJECTS))
def test_every_registered_renderer_imports_and_takes_its_result(kind: str) -> None:
    table, subject = formats.SUBJECTS[kind]
    assert "text" in table or table is formats.REPORT  # the report is a page: HTML is its only form
    assert registry_problems(table, subject) == []


def test_a_half_done_format_fails_loudly() -> None:
    """An `html` entry whose module lacks the function, or takes the wrong arguments, is named by the check."""
    half_done = {
        "html": "kzrights.render.as_json:render_diff_as_html",
        "wrong": "kzrights.render.as_json:render_version",
        "nowhere": "kzrights.render.as_html:render_diff",
    }
    problems = registry_problems(half_done, "Report")
    assert [p.split(":")[0] for p in problems] == ["html", "wrong", "nowhere"]
    with pytest.raises(KeyError):
        formats.renderer(formats.DIFF, "html")


def _format_choices(command: click.Command) -> list[str]:
    (option,) = [p for p in command.params if p.name == "fmt"]
    assert isinstance(option.type, click.Choice)
    return list(option.type.choices)


@pytest.mark.parametrize("kind", list(COMMANDS))
def test_each_command_offers_exactly_its_registered_formats(kind: str) -> None:
    command = cli.commands[COMMANDS[kind][0]]
    assert _format_choices(command) == list(formats.SUBJECTS[kind][0])


@pytest.mark.parametrize(
    ("kind", "fmt"), [(kind, fmt) for kind in COMMANDS for fmt in formats.SUBJECTS[kind][0]], ids=str
)
def test_every_offered_format_prints_on_the_real_corpus(kind: str, fmt: str) -> None:
    result = run("--data", str(REAL_DATA), "--color", "never", *COMMANDS[kind], "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()
    if fmt != "text":
        assert not result.stdout.startswith(run("--data", str(REAL_DATA), *COMMANDS[kind]).stdout[:40])


def test_compare_and_the_renderers_import_nothing_that_does_io() -> None:
    """The layers: compare and report work on values; only the loader reads YAML, only the corpus finds files."""
    import subprocess
    import sys

    probe = (
        "import sys; import kzrights.compare, kzrights.report, kzrights.render.as_text, kzrights.render.as_markdown;"
        "print(sorted(m for m in ('yaml', 'kzrights.loader', 'kzrights.corpus', 'kzrights.strict_yaml') if m in sys.modules))"
    )
    imported = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert imported.strip() == "[]"


def test_the_changelog_computes_no_redline() -> None:
    """The redline is work on demand: a changelog never prints one, so it never imports diff-match-patch."""
    import subprocess
    import sys

    probe = (
        "import sys; from kzrights.cli import cli;"
        f"cli(['--data', {str(REAL_DATA)!r}, 'changelog', '--format', 'json'], standalone_mode=False);"
        "print('diff_match_patch' in sys.modules, file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stderr.strip() == "False"

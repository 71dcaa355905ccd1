"""The README is a promise: its commands run, its output excerpts are what the tool prints, CI runs its test command.

Console blocks in README.md and docs/*.md are checked like this: every `$ kzrights ...` line is run (in-process,
without colour, against the real corpus) and the lines shown after it must appear in the real output, in order;
a line holding only `…` stands for lines left out of the excerpt.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml
from conftest import REAL_DATA, ROOT, SEEDS, run

from kzrights.cli import cli

README = ROOT / "README.md"
DOCS = [README, *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)


def blocks(path: Path, language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(path.read_text(encoding="utf-8")) if lang == language]


def console_examples() -> list[tuple[str, str, list[str]]]:
    """(where, command line, shown output lines) for every `$ kzrights` command in a console block."""
    examples = []
    for path in DOCS:
        for body in blocks(path, "console"):
            for chunk in re.split(r"^(?=\$ )", body, flags=re.M):
                if chunk.startswith("$ kzrights "):
                    command, *shown = chunk.rstrip("\n").split("\n")
                    examples.append((path.name, command[2:], shown))
    return examples


EXAMPLES = console_examples()


def first_screen_commands() -> list[str]:
    """The command lines of the README's first code block, which must sit on its first screen."""
    text = README.read_text(encoding="utf-8")
    match = FENCE.search(text)
    assert match is not None, "README has no code block"
    assert text[: match.end()].count("\n") <= 30, "the two commands must be on the README's first screen"
    return [line for line in match.group(2).splitlines() if line.strip() and not line.startswith("#")]


def test_first_screen_has_the_setup_and_the_test_command() -> None:
    setup, test = first_screen_commands()
    assert setup.startswith("python3 -m venv .venv && ")
    assert setup.endswith("kzrights diff assembly 2004 2019")
    assert "pytest" in test


def test_ci_runs_exactly_the_readme_test_command() -> None:
    _, test = first_screen_commands()
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci_lines, ".ci/run must run the README's test command verbatim"


def test_ci_installs_chromium_before_the_tests_so_the_browser_tests_run() -> None:
    """The report's browser tests skip without Chromium; on CI they must run, so .ci/run installs it first."""
    _, test = first_screen_commands()
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    install = "command -v chromium || (apt-get update && apt-get install -y chromium)"
    assert install in ci_lines
    assert ci_lines.index(install) < ci_lines.index(test)


def test_there_are_examples_to_check() -> None:
    commands = {shlex.split(command)[1] for _, command, _ in EXAMPLES}
    assert {"diff", "show", "list", "changelog", "history", "blame", "validate"} <= commands


@pytest.mark.parametrize(("where", "command", "shown"), EXAMPLES, ids=[f"{w}: {c}" for w, c, _ in EXAMPLES])
def test_console_example_output_is_real(where: str, command: str, shown: list[str]) -> None:
    if "../shared/seeds" in command and not SEEDS.is_dir():
        pytest.skip(f"`{command}` reads the source documents, which are not at {SEEDS}")
    args = shlex.split(command)[1:]
    result = run("--data", str(REAL_DATA), "--color", "never", *args)
    assert result.exit_code in (0, 1), result.output
    actual = result.stdout.splitlines()
    position = 0
    for chunk in _chunks(shown):
        found = _find(actual, chunk, position)
        assert found is not None, f"{where}: `{command}` no longer prints:\n" + "\n".join(chunk)
        position = found + len(chunk)


def _chunks(shown: list[str]) -> list[list[str]]:
    """Split an excerpt at its `…` lines into runs of lines that must appear contiguously."""
    chunks: list[list[str]] = [[]]
    for line in shown:
        if line.strip() == "…":
            chunks.append([])
        else:
            chunks[-1].append(line.rstrip())
    return [chunk for chunk in chunks if chunk]


def _find(lines: list[str], chunk: list[str], start: int) -> int | None:
    stripped = [line.rstrip() for line in lines]
    for index in range(start, len(stripped) - len(chunk) + 1):
        if stripped[index : index + len(chunk)] == chunk:
            return index
    return None


def test_every_command_is_documented() -> None:
    text = README.read_text(encoding="utf-8")
    for name in cli.list_commands(None):  # type: ignore[arg-type]
        assert f"kzrights {name}" in text, f"README does not mention `kzrights {name}`"


def test_exit_codes_are_documented_as_the_cli_states_them() -> None:
    text = README.read_text(encoding="utf-8")
    help_text = run("--help").stdout
    for code in ("0", "1", "2", "3"):
        assert re.search(rf"^    {code}  ", help_text, re.M)
        assert re.search(rf"^\| `?{code}`? \|", text, re.M), f"README's exit-status table lacks {code}"


def test_ci_workflow_reviews_against_the_base_and_gates() -> None:
    """The documented workflow reviews the pull request against its base (tests/test_ci_workflow.py runs it)."""
    (workflow, *_) = blocks(ROOT / "docs" / "ci.md", "yaml")
    steps = yaml.safe_load(workflow)["jobs"]["provisions"]["steps"]
    scripts = " ".join(" ".join(step.get("run", "").split()) for step in steps)
    assert (
        'review --base "origin/$GITHUB_BASE_REF" --format markdown --max-bytes 65536 --annotate --fail-on stricter'
        in scripts
    )
    assert "validate --sources ../shared/seeds --format github" in scripts
    assert "--diff-filter" not in scripts, "a gate over modified files only lets an added year through"


def test_the_data_example_is_an_exact_excerpt_of_the_file_it_names() -> None:
    text = README.read_text(encoding="utf-8")
    named = re.search(r"A real example, from `(provisions/[^`]+)`", text)
    assert named is not None, "README no longer names the file its data example comes from"
    (example, *_) = blocks(README, "yaml")
    assert example in (ROOT / named.group(1)).read_text(encoding="utf-8")

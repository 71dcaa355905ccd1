"""GitHub workflow commands: escaped per GitHub's rules, and no data string can start a command of its own."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import add_year_2021, make_repo, run
from hypothesis import given
from hypothesis import strategies as st

from kzrights.render.as_github import command, escape_data, escape_property

# A title that tries every way out of its line: LF, CR, CRLF, NEL, the Unicode separators, an escape sequence.
HOSTILE = (
    "Penalties\\n::add-mask::hunter2\\r::set-output name=ok::yes\\r\\n::stop-commands::x"
    "\\N::error::forged\\L::warning::forged\\P::notice::forged\\e[2J%0A::debug::x, y: z"
)
# The same attempts with nothing a terminal acts on: the loader lets this through, so the renderers must hold.
PRINTABLE_HOSTILE = "Penalties ::add-mask::hunter2 ::set-output name=ok::yes ::error::forged %0A::debug::x, y: z"
COMMAND_LINE = re.compile(r"::(error|warning|notice) [^:]*::.*")


def unescape(text: str) -> str:
    """What the runner makes of an escaped value (its own decoding, in reverse order of ours)."""
    for escaped, raw in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def test_escapes_follow_githubs_rules() -> None:
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("origin/main:provisions/a, b.yaml") == "origin/main%3Aprovisions/a%2C b.yaml"
    assert command("error", "m", file="a.yaml", line=3, title="t: x") == "::error file=a.yaml,line=3,title=t%3A x::m\n"
    assert command("notice", "m") == "::notice::m\n"


@given(st.text(st.characters(codec="utf-8")))
def test_any_message_or_property_stays_on_one_line(text: str) -> None:
    line = command("error", text, file=text, line=7, title=text or "t")
    assert line.endswith("\n")
    assert line[:-1].splitlines() == [line[:-1]]
    head = line[2 : line.index("::", 2)]
    assert head.count(",") == 2, "a property value can never add a property (file, line, title)"
    assert "\x1b" not in line


@given(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp")) | st.sampled_from("\n\r"))
)
def test_the_runner_reads_back_exactly_the_message_written(text: str) -> None:
    """Printable text and line breaks come back as written (control and bidi characters are shown escaped)."""
    assert unescape(escape_data(text)) == text
    assert unescape(escape_property(text)) == text


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize(
    ("hostile", "valid"), [(HOSTILE, False), (PRINTABLE_HOSTILE, True)], ids=["breaks", "printable"]
)
def test_a_pull_request_cannot_inject_workflow_commands(tmp_path: Path, hostile: str, valid: bool) -> None:
    """A year file whose rule title and text try to print commands: every output stays on its own lines.

    With line breaks and an escape sequence the file is refused, naming the field; with printable text only it
    is valid data, and every renderer must keep it inside its own line.
    """
    data = make_repo(tmp_path / "repo")
    added = add_year_2021(data)
    text = added.read_text(encoding="utf-8")
    text = text.replace("title: Penalties for participants", f'title: "{hostile}"')
    added.write_text(re.sub(r"text: Taking part in .*", lambda _: f'text: "{hostile}"', text), encoding="utf-8")
    checked = run("--data", str(data), "validate")
    if not valid:
        assert checked.exit_code == 2
        assert re.search(
            r"2021\.yaml:\d+: field 'title': a line break is allowed only in a block scalar", checked.stderr
        )
    outputs = {
        "github": run("--data", str(data), "review", "--base", "main", "--format", "github").stdout,
        "annotate": run("--data", str(data), "review", "--base", "main", "--format", "json", "--annotate").stderr,
        "text": run("--data", str(data), "--color", "never", "review", "--base", "main").stdout,
        "gate": run("--data", str(data), "review", "--base", "main", "--fail-on", "any").stderr,
        "diff": run("--data", str(data), "--color", "never", "diff", "assembly", "2019", "2021").stdout,
        "diff-gate": run("--data", str(data), "diff", "assembly", "2019", "2021", "--fail-on", "any").stderr,
        "changelog": run("--data", str(data), "--color", "never", "changelog").stdout,
    }
    for name, output in outputs.items():
        for line in re.split(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", output):
            if name == "github" or (name == "annotate" and valid):
                assert line == "" or COMMAND_LINE.fullmatch(line), f"{name}: {line!r}"
            elif name == "annotate":  # refused data: an ::error annotation, and the error message in plain words
                assert COMMAND_LINE.fullmatch(line) or not line.lstrip().startswith("::"), f"{name}: {line!r}"
            else:
                assert not line.lstrip().startswith("::"), f"{name}: {line!r}"
            assert "\x1b" not in line, f"{name}: an escape sequence reached the output"
    if not valid:
        assert "forged" not in outputs["github"], "a refused file's strings never reach an annotation"
        return
    assert checked.exit_code == 0, checked.stderr
    forged = [line for line in outputs["github"].splitlines() if "forged" in line]
    assert forged, "the hostile title is in the annotations, escaped"
    assert all(line.startswith(("::notice ", "::error ")) for line in forged)
    assert "%250A::debug::x" in outputs["github"]

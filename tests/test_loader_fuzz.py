"""No input, however malformed, gives a traceback: every problem is a located DataError."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINI, REAL_DATA
from hypothesis import given
from hypothesis import strategies as st

from kzrights.cli import cli
from kzrights.errors import DataError
from kzrights.loader import Problems, read_mci, read_sources, read_topic, read_version

SOURCES: Problems = []
REGISTRY = read_sources(MINI / "sources.yaml", SOURCES)
TOPIC = read_topic(MINI / "assembly" / "topic.yaml", SOURCES)
assert TOPIC is not None
assert not SOURCES
YEAR_FILE = (MINI / "assembly" / "2004.yaml").read_text(encoding="utf-8")
TOPIC_FILE = (MINI / "assembly" / "topic.yaml").read_text(encoding="utf-8")
REGISTRY_FILE = (REAL_DATA / "sources.yaml").read_text(encoding="utf-8")  # with sections
MCI_FILE = (REAL_DATA / "mci.yaml").read_text(encoding="utf-8")
CAVEAT_FILE = (
    (MINI / "assembly" / "2019.yaml")
    .read_text(encoding="utf-8")
    .replace(
        "        quote: up to 20 days of administrative arrest\n",
        """        quote: up to 20 days of administrative arrest
    caveats:
      - field: max_admin_arrest_days
        comparable: false
        note: The report gives the term for participants only.
        cite:
          - source: new-2019
            lines: "2-2"
            quote: Participants in unsanctioned gatherings
""",
    )
)
assert "caveats:" in CAVEAT_FILE

yaml_alphabet = st.sampled_from(
    [*list("ab:-[]{}&*!|>'\"#?,%@`\n \t0123456789.~"), "\x00", "\ufeff", "é", "null", "true", "no"]
)
yamlish = st.lists(yaml_alphabet, max_size=80).map("".join)


@st.composite
def mutated(draw: st.DrawFn, original: str) -> str:
    """A real file with a few lines dropped, doubled, re-indented or overwritten."""
    lines = original.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "double", "indent", "dedent", "replace", "blank-value"]))
        if action == "drop" and len(lines) > 1:
            del lines[i]
        elif action == "double":
            lines.insert(i, lines[i])
        elif action == "indent":
            lines[i] = "  " + lines[i]
        elif action == "dedent":
            lines[i] = lines[i].lstrip()
        elif action == "replace":
            lines[i] = draw(yamlish)
        else:
            lines[i] = lines[i].split(":")[0] + ":"
    return "\n".join(lines) + "\n"


def _read_everything(path: Path, text: str | bytes) -> Problems:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    problems: Problems = []
    assert TOPIC is not None
    read_version(path, TOPIC, REGISTRY, problems)
    read_topic(path, problems)
    read_sources(path, problems)
    read_mci(path, problems)
    return problems


@given(
    st.one_of(
        yamlish,
        st.text(max_size=300),
        st.binary(max_size=200),
        mutated(YEAR_FILE),
        mutated(TOPIC_FILE),
        mutated(CAVEAT_FILE),
        mutated(REGISTRY_FILE),
        mutated(MCI_FILE),
    )
)
def test_any_input_yields_located_data_errors_only(tmp_path_factory: pytest.TempPathFactory, text: str | bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "2004.yaml"
    for problem in _read_everything(path, text):
        assert isinstance(problem, DataError)
        assert problem.path == str(path)
        assert problem.line is None or problem.line >= 1
        assert "Traceback" not in problem.render()


@given(mutated(YEAR_FILE))
def test_cli_on_a_malformed_year_file_exits_0_or_2_never_3(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    from click.testing import CliRunner

    tree = tmp_path_factory.mktemp("tree")
    (tree / "assembly").mkdir()
    for name in ("sources.yaml",):
        (tree / name).write_text((MINI / name).read_text())
    (tree / "assembly" / "topic.yaml").write_text(TOPIC_FILE)
    (tree / "assembly" / "2019.yaml").write_text((MINI / "assembly" / "2019.yaml").read_text())
    (tree / "assembly" / "2004.yaml").write_text(text)
    runner = CliRunner()
    for args in (["validate"], ["diff", "assembly", "2004", "2019", "--format", "json"], ["show", "assembly", "2004"]):
        result = runner.invoke(cli, ["--data", str(tree), *args])
        assert result.exit_code in (0, 2), (args, result.stderr, result.exception)
        assert "Traceback" not in result.stderr
        if result.exit_code == 2:
            assert result.stderr.strip(), "an error exit must say what is wrong"

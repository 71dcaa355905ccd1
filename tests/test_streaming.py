"""Large outputs are written topic by topic and read in worker processes, and say exactly what they said whole.

The JSON encoder must write what `json.dumps(data, ensure_ascii=False, indent=2)` writes; the streamed JSON
changelog must equal that of the whole document; the Markdown changelog, which now formats only the rows that
can still fit, must cut where the whole-document version cut; and a pool must change nothing of any output.
"""

from __future__ import annotations

import importlib.util
import json
import math
import pickle
import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI, REAL_DATA, ROOT, run
from hypothesis import given, settings
from hypothesis import strategies as st
from test_markdown import table_rows

from kzrights.changelog import Changelog, ChangelogRow, Only, build_changelog
from kzrights.corpus import Corpus
from kzrights.errors import DataError, DataErrors
from kzrights.render import as_json, as_markdown
from kzrights.render.as_markdown import escape, table
from kzrights.render.escape import json_text
from kzrights.render.options import GITHUB_SUMMARY_LIMIT, RenderOptions

_spec = importlib.util.spec_from_file_location("scale", ROOT / "benchmarks" / "scale.py")
assert _spec is not None
assert _spec.loader is not None
scale = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scale)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmark's generator at its smallest: three topics of twenty source years each."""
    root = tmp_path_factory.mktemp("synthetic")
    scale.generate(root, 60)
    return root


# --- the encoder ----------------------------------------------------------------------------------------


class Word(StrEnum):
    STRICTER = "stricter"


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),  # NaN and the infinities included: refused, as json.dumps(allow_nan=False) refuses them
    st.text(),  # every code point, control characters and lone surrogates too: written as \u escapes
    st.sampled_from([Word.STRICTER, "", "\u2028", "—"]),
)
keys = st.one_of(st.text(max_size=8), st.integers(-5, 5), st.booleans(), st.none(), st.sampled_from([0.5]))
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.lists(inner, max_size=5).map(tuple),
        st.dictionaries(keys, inner, max_size=5),
    ),
    max_leaves=40,
)


def standard(value: Any) -> str:
    """What kzrights promises to write: the standard library's JSON, hostile characters as `\\u` escapes."""
    return json_text(json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False))


@given(values)
def test_the_encoder_writes_what_the_standard_library_writes(value: Any) -> None:
    try:
        expected = standard(value)
    except ValueError:  # a NaN or an infinity somewhere: JSON cannot hold it
        with pytest.raises(ValueError, match="not JSON compliant"):
            as_json.encode(value)
        return
    assert as_json.encode(value) == expected
    assert json.loads(as_json.encode(value)) == json.loads(json.dumps(value)), "the same data to a parser"


@given(values, st.integers(0, 4))
def test_nested_encoding_is_the_standard_indent_at_that_depth(value: Any, depth: int) -> None:
    """A row encoded at the depth of the document's "rows" list is what json.dumps puts there."""
    nested: Any = value
    for _ in range(depth):
        nested = [nested]
    try:
        expected = standard(nested)
    except ValueError:
        return  # NaN and the infinities: the test above checks they are refused
    encoded = as_json.encode(value, "\n" + "  " * depth)
    for level in range(depth, 0, -1):
        encoded = "[\n" + "  " * level + encoded + "\n" + "  " * (level - 1) + "]"
    assert encoded == expected


def test_the_encoder_refuses_what_json_refuses() -> None:
    with pytest.raises(TypeError):
        as_json.encode({"when": object()})
    with pytest.raises(TypeError):
        as_json.encode({(1, 2): "tuple key"})


# --- the JSON changelog ---------------------------------------------------------------------------------


def whole_json(changelog: Changelog) -> str:
    """What `changelog --format json` wrote before it was streamed: the whole document, dumped at once."""
    return json.dumps(changelog.to_dict(), ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize(
    "filters",
    [(None, None, Only.ALL), (2016, None, Only.STRICTER), (None, 2009, Only.CHANGED), (2030, None, Only.ALL)],
    ids=["all", "since-stricter", "until-changed", "no-rows"],
)
def test_the_streamed_json_changelog_is_the_whole_document(filters: tuple[int | None, int | None, Only]) -> None:
    since, until, only = filters
    for data in (MINI, REAL_DATA):
        changelog = build_changelog(Corpus(data), (), since, until, only, jobs=1)
        assert "".join(as_json.render_changelog(changelog, RenderOptions())) == whole_json(changelog)


def test_the_streamed_json_changelog_of_a_synthetic_tree_is_the_whole_document_with_or_without_a_pool(
    synthetic: Path,
) -> None:
    for jobs in (1, 2):
        changelog = build_changelog(Corpus(synthetic), (), None, None, Only.ALL, jobs=jobs)
        streamed = "".join(as_json.render_changelog(changelog, RenderOptions()))
        assert streamed == whole_json(changelog)
        assert json.loads(streamed)["count"] > 100


# --- the Markdown changelog -----------------------------------------------------------------------------


def whole_markdown(changelog: Changelog, max_bytes: int, rows: tuple[ChangelogRow, ...] | None = None) -> str:
    """The Markdown changelog as it was written before rows were formatted on demand: every row, then the cut."""
    header = ["rule", "field", "from", "to", "old value", "new value", "change", "direction"]
    header += ["evidence from", "evidence to"]
    options = RenderOptions(max_bytes=max_bytes)
    rows = changelog.rows() if rows is None else rows
    intro = f"{len(rows)} field changes between consecutive source years{as_markdown._filters_text(changelog)}."
    out = ["# Changelog of the provisions", "", intro, ""]
    seen: dict[tuple[int, int], str] = {}
    for row in rows:
        if row.from_kind != row.to_kind:
            seen.setdefault((row.from_year, row.to_year), f"{row.from_kind.label}; {row.to_kind.label}")
    for (old, new), kinds in sorted(seen.items()):
        out += [f"**Note:** {old} → {new} compares two kinds of document ({escape(kinds)}).", ""]
    budget = max_bytes - 400 - len("\n".join(out).encode())

    def add(lines: list[str]) -> bool:
        nonlocal budget
        cost = sum(len(line.encode()) + 1 for line in lines)
        if cost > budget:
            return False
        out.extend(lines)
        budget -= cost
        return True

    written = 0
    for name in changelog.topic_names:
        topic = changelog.corpus.topic(name)
        of_topic = [row for row in rows if row.topic.name == name]
        heading = [f"## {escape(topic.title)} (`{topic.name}`)", ""]
        if not add(heading + (table(header, []) if of_topic else ["No field changes.", ""])):
            break
        fitted = 0
        for row in of_topic:
            if not add(table(header, [as_markdown._changelog_cells(row, options)])[-1:]):
                break
            fitted += 1
        written += fitted
        if fitted < len(of_topic):
            break
        if of_topic:
            out.append("")
    left_out = len(rows) - written
    if left_out:
        out += [
            "",
            f"> **Cut short:** {left_out} of {len(rows)} rows were left out to stay within GitHub's "
            f"{max_bytes:,}-byte job-summary limit. Run `kzrights changelog --format csv` for every row.",
        ]
    return "\n".join(out).rstrip("\n") + "\n"


REAL_CHANGELOG = build_changelog(Corpus(REAL_DATA), (), None, None, Only.ALL, jobs=1)
REAL_ROWS = REAL_CHANGELOG.rows()
REAL_WHOLE = len(whole_markdown(REAL_CHANGELOG, GITHUB_SUMMARY_LIMIT, REAL_ROWS).encode())


@settings(max_examples=40)  # each example reads the real corpus afresh, as the command does
@given(st.integers(0, REAL_WHOLE + 500))
def test_markdown_formatted_on_demand_cuts_where_the_whole_document_cut(max_bytes: int) -> None:
    expected = whole_markdown(REAL_CHANGELOG, max_bytes, REAL_ROWS)
    assert as_markdown.render_changelog(REAL_CHANGELOG, RenderOptions(max_bytes=max_bytes)) == expected


def test_markdown_of_a_synthetic_tree_is_cut_alike_with_or_without_a_pool(synthetic: Path) -> None:
    serial = build_changelog(Corpus(synthetic), (), None, None, Only.ALL, jobs=1)
    pooled = build_changelog(Corpus(synthetic), (), None, None, Only.ALL, jobs=2)
    rows = serial.rows()
    whole = len(whole_markdown(serial, 10**9, rows).encode())
    for max_bytes in (1_000, whole // 3, whole // 2 + 17, whole + 399, whole + 400):
        expected = whole_markdown(serial, max_bytes, rows)
        assert as_markdown.render_changelog(serial, RenderOptions(max_bytes=max_bytes)) == expected, max_bytes
        assert as_markdown.render_changelog(pooled, RenderOptions(max_bytes=max_bytes)) == expected, max_bytes
    cut = as_markdown.render_changelog(pooled, RenderOptions(max_bytes=whole // 2))
    assert "**Cut short:**" in cut
    assert 0 < len(table_rows(cut)) < len(rows)


# --- the pool -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "csv"])
def test_a_pool_changes_no_byte_of_the_changelog(synthetic: Path, fmt: str) -> None:
    outputs = {jobs: run("--data", str(synthetic), "changelog", "--format", fmt, "--jobs", jobs) for jobs in ("1", "2")}
    assert outputs["1"].exit_code == outputs["2"].exit_code == 0
    assert outputs["1"].stdout_bytes == outputs["2"].stdout_bytes
    assert len(outputs["1"].stdout_bytes) > 10_000


def break_two_topics(root: Path) -> None:
    """A mistyped value in one topic's year file and an unknown key in another's."""
    topics = sorted(p for p in root.iterdir() if p.is_dir())
    first = topics[0] / "2005.yaml"
    first.write_text(first.read_text().replace("year: 2005", "year: twenty"), encoding="utf-8")
    last = topics[-1] / "2017.yaml"
    last.write_text(last.read_text().replace("summary:", "colour: red\nsummary:", 1), encoding="utf-8")


def test_a_pool_reports_the_same_problems_in_the_same_order(synthetic: Path, tmp_path: Path) -> None:
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(synthetic, broken)
    break_two_topics(broken)
    for args in (("validate",), ("validate", "--format", "json"), ("changelog", "--format", "json")):
        serial = run("--data", str(broken), *args, "--jobs", "1")
        pooled = run("--data", str(broken), *args, "--jobs", "2")
        assert serial.exit_code == pooled.exit_code == 2, args
        assert (serial.stdout, serial.stderr) == (pooled.stdout, pooled.stderr), args
        assert "Traceback" not in pooled.stderr
    problems = json.loads(run("--data", str(broken), "validate", "--format", "json", "--jobs", "2").stdout)
    assert [p["file"].split("/")[-2:] for p in problems["problems"]] == [
        [sorted(p.name for p in broken.iterdir() if p.is_dir())[0], "2005.yaml"],
        [sorted(p.name for p in broken.iterdir() if p.is_dir())[-1], "2017.yaml"],
    ]


def test_a_clean_synthetic_tree_validates_alike_with_or_without_a_pool(synthetic: Path) -> None:
    serial = run("--data", str(synthetic), "validate", "--jobs", "1")
    pooled = run("--data", str(synthetic), "validate", "--jobs", "2")
    assert serial.exit_code == pooled.exit_code == 0, serial.stderr
    assert serial.stdout == pooled.stdout
    assert "OK, 60 versions" in serial.stdout


def test_problems_cross_from_a_worker_whole() -> None:
    problem = DataError("t/2004.yaml", 7, "must be a whole number", rule="r", field="notice_days")
    back = pickle.loads(pickle.dumps(DataErrors([problem, DataError("t/topic.yaml", None, "missing")])))
    assert [p.render() for p in back.problems] == [
        "t/2004.yaml:7: rule 'r': field 'notice_days': must be a whole number",
        "t/topic.yaml: missing",
    ]
    assert str(back.problems[0]) == problem.render()


_IMPORTS_AFTER = """
import sys
from kzrights.__main__ import main
sys.argv = ["kzrights", *{args!r}]
try:
    main()
except SystemExit:
    pass
print("multiprocessing" in sys.modules, file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("args", "pooled"),
    [
        (["--data", str(REAL_DATA), "validate"], False),
        (["--data", str(REAL_DATA), "changelog", "--format", "json"], False),
        (["--data", str(REAL_DATA), "changelog", "--format", "json", "--jobs", "2"], True),
    ],
    ids=["validate", "changelog", "changelog-jobs-2"],
)
def test_a_small_tree_is_read_in_one_process_without_importing_multiprocessing(args: list[str], pooled: bool) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _IMPORTS_AFTER.format(args=args)], capture_output=True, text=True, check=True
    )
    assert result.stderr.splitlines()[-1] == str(pooled)


@pytest.mark.parametrize("name", ["..", ".", "", "assembly/..", "../provisions/assembly"])
def test_a_topic_name_must_be_a_topic_folder(name: str) -> None:
    result = run("--data", str(REAL_DATA), "show", name, "2019")
    assert result.exit_code == 2
    assert f"unknown topic '{name}'" in result.stderr


def test_the_benchmark_fits_the_growth_exponent_and_has_none_for_a_single_size() -> None:
    """`benchmarks/scale.py --sizes 10000` prints its table instead of dividing by zero."""
    assert scale.growth([100, 1000, 10_000], [0.3, 3.0, 30.0]) == pytest.approx(1.0)
    assert scale.growth([100, 1000, 10_000], [0.1, 10.0, 1000.0]) == pytest.approx(2.0)
    assert math.isnan(scale.growth([10_000], [8.0]))
    rows = list(scale.table("year files", [10_000], {"validate": [scale.Figures(8.0, 15.0, 78.0)]}))
    assert rows[-1] == "| validate | 8.00 s (15.00), 78 MB | –, – |"


def test_the_reading_floor_reads_every_file_of_the_tree_at_each_stage(synthetic: Path) -> None:
    """benchmarks/floor.py times the stages of reading; each must read the same files the commands read."""
    spec = importlib.util.spec_from_file_location("floor", ROOT / "benchmarks" / "floor.py")
    assert spec is not None
    assert spec.loader is not None
    floor = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(floor)
    tasks = [(path, None) for path in sorted(synthetic.iterdir()) if path.is_dir()]
    files = [len(floor._files(task)) for task in tasks]
    assert files == [21, 21, 21]  # twenty year files and the topic's schema
    # libyaml counts the stream's end event too, once a file
    assert [floor.libyaml(task) for task in tasks] == [floor.events(task) + 21 for task in tasks]
    assert [floor.nodes(task) for task in tasks] == files
    assert [floor.model(task) for task in tasks] == [20, 20, 20]
    pair = (tasks[0][0], (2004, 2005))  # as --wide reads the two years a diff compares
    assert [path.name for path in floor._files(pair)] == ["topic.yaml", "2004.yaml", "2005.yaml"]
    assert floor.model(pair) == 2


def test_a_pool_is_never_larger_than_the_topics_or_twice_the_cores() -> None:
    """`--jobs 100000` once started a hundred thousand processes for four topics."""
    from kzrights import workers

    cores = workers.cores()
    assert workers.jobs_for(17, 4, 100_000) == min(4, 2 * cores)
    assert workers.jobs_for(10_000, 500, 100_000) == 2 * cores
    assert workers.jobs_for(10_000, 500, None) == cores
    assert workers.jobs_for(100, 5, None) == 1, "a small tree is read in one process"
    assert workers.jobs_for(10_000, 500, 1) == 1
    assert workers.jobs_for(0, 0, 3) == 1

"""Markdown output is valid GitHub-flavoured Markdown: parsed here by a real GFM parser, not by eye."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import MINI, REAL_DATA, git, run
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from kzrights.corpus import Corpus
from kzrights.render.as_markdown import render_review
from kzrights.render.options import GITHUB_SUMMARY_LIMIT, RenderOptions
from kzrights.review import Review, build_review

# GFM tables and strikethrough; linkify would need another package and is irrelevant to our output
GFM = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def table_rows(markdown: str) -> list[list[str]]:
    """Body rows of every table, as the parser sees their cells' text."""
    tokens = GFM.parse(markdown)
    rows: list[list[str]] = []
    in_body = False
    for token in tokens:
        if token.type == "tbody_open":
            in_body = True
        elif token.type == "tbody_close":
            in_body = False
        elif in_body and token.type == "tr_open":
            rows.append([])
        elif in_body and token.type == "inline":
            rows[-1].append(
                "".join(child.content for child in token.children or [] if child.type in ("text", "code_inline"))
            )
    return rows


def test_field_change_table_has_one_row_per_change_in_the_json() -> None:
    markdown = run("--data", str(MINI), "diff", "assembly", "2004", "2019", "--format", "markdown").stdout
    data = json.loads(run("--data", str(MINI), "diff", "assembly", "2004", "2019", "--format", "json").stdout)
    rows = table_rows(markdown)
    header_rows = 2  # the two-row source table comes first; the held and between tables follow the changes
    changes = data["summary"]["field_changes"]
    assert changes == 5
    assert len(rows) - header_rows == changes + data["summary"]["values_held"] + data["summary"]["between_through_ends"]
    assert rows[header_rows + 1][:4] == ["regime", "notice_days", "10 days", "5 days"]


def test_redline_marks_deletions_and_insertions_with_html_tags() -> None:
    """<del>/<ins> render on GitHub and, unlike ~~ and **, need no word boundary to open or close."""
    markdown = run("--data", str(MINI), "diff", "assembly", "2004", "2019", "--format", "markdown").stdout
    tags = [
        child.content
        for token in GFM.parse(markdown)
        if token.type == "inline"
        for child in token.children or []
        if child.type == "html_inline"
    ]
    assert "<del>" in tags
    assert "<ins>" in tags
    assert tags.count("<del>") == tags.count("</del>")
    assert tags.count("<ins>") == tags.count("</ins>")
    assert "up to <del>15</del><ins>20</ins> days" in markdown


def _stray_markers(markdown: str) -> list[str]:
    """Emphasis or strikethrough markers that the parser left as literal text, i.e. that failed to render."""
    stray = []
    for token in GFM.parse(markdown):
        for child in token.children or []:
            if child.type == "text" and any(marker in child.content for marker in ("**", "~~", "__")):
                stray.append(child.content)
    return stray


def _every_markdown_output() -> list[tuple[str, ...]]:
    corpus = Corpus(REAL_DATA)
    commands: list[tuple[str, ...]] = [("changelog",), ("list",)]
    for name in corpus.topic_names():
        years = [str(year) for year in corpus.years(name)]
        commands += [("diff", name, old, new) for old, new in itertools.combinations(years, 2)]
        commands += [("show", name, year) for year in years] + [("history", name), ("blame", name, years[-1])]
    return commands


def test_every_markdown_output_of_the_real_corpus_renders_without_stray_markers() -> None:
    checked = 0
    for command in _every_markdown_output():
        result = run("--data", str(REAL_DATA), *command, "--format", "markdown")
        assert result.exit_code == 0, (command, result.stderr)
        assert _stray_markers(result.stdout) == [], command
        checked += 1
    assert checked > 40


def test_pipes_newlines_and_markup_in_values_survive_a_table_cell(mini_tree: Path) -> None:
    path = mini_tree / "assembly" / "2019.yaml"
    text = path.read_text().replace(
        "    title: Support for illegal assemblies", '    title: "Support | aid *for* [sic]"'
    )
    path.write_text(text)
    markdown = run("--data", str(mini_tree), "show", "assembly", "2019", "--format", "markdown").stdout
    headings = [t for t in GFM.parse(markdown) if t.type == "inline" and "Support" in t.content]
    rendered = "".join(c.content for c in headings[0].children or [] if c.type == "text")
    assert rendered == " Support | aid *for* [sic]"


# --- the review, as a pull-request comment or job summary ------------------------------------------------


@pytest.fixture(scope="module")
def everything_new(tmp_path_factory: pytest.TempPathFactory) -> Review:
    """A pull request that adds the whole real corpus to a repository holding only its source registry."""
    repo = tmp_path_factory.mktemp("repo")
    (repo / "provisions").mkdir()
    shutil.copy(REAL_DATA / "sources.yaml", repo / "provisions" / "sources.yaml")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "t@example.org")
    git(repo, "config", "user.name", "T")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "registry")
    shutil.rmtree(repo / "provisions")
    shutil.copytree(REAL_DATA, repo / "provisions")
    return build_review(repo / "provisions", "main")


def review_tables(markdown: str) -> list[int]:
    """Body rows of each finding table (those headed `direction`), as a GFM parser reads them."""
    tokens = GFM.parse(markdown)
    counts: list[int] = []
    header = ""
    for index, token in enumerate(tokens):
        if token.type == "thead_open":
            header = tokens[index + 3].content
        elif token.type == "tbody_open" and header == "direction":
            counts.append(0)
        elif token.type == "tr_open" and counts and header == "direction" and tokens[index - 1].type != "thead_open":
            counts[-1] += 1
        elif token.type == "table_close":
            header = ""
    return counts


def check_review_markdown(markdown: str, review: Review, limit: int) -> tuple[int, int]:
    """Within the limit, valid GFM, every fold closed; returns (rows shown, rows said to be left out)."""
    assert len(markdown.encode("utf-8")) <= limit
    tokens = GFM.parse(markdown)
    html = "".join(t.content for t in tokens if t.type == "html_block")
    assert html.count("<details>") == html.count("</details>")
    assert _stray_markers(markdown) == []
    shown = sum(review_tables(markdown))
    note = re.search(r"\*\*Cut short\*\* to stay within ([\d,]+) bytes: (\d+) of (\d+) table rows", markdown)
    left = int(note[2]) if note else 0
    if note:
        assert int(note[1].replace(",", "")) == limit
        assert int(note[3]) == len(review.items)
    assert shown + left == len(review.items)
    return shown, left


def test_the_whole_review_fits_a_job_summary_uncut(everything_new: Review) -> None:
    markdown = render_review(everything_new, RenderOptions())
    assert check_review_markdown(markdown, everything_new, GITHUB_SUMMARY_LIMIT) == (len(everything_new.items), 0)
    assert len(everything_new.items) > 500
    assert "Cut short" not in markdown
    assert markdown.startswith(
        f"## kzrights review: `main` → the working tree\n\n**{len(everything_new.items)} changes:"
    )


def test_a_pr_comment_is_cut_at_a_row_boundary_with_a_note(everything_new: Review) -> None:
    markdown = render_review(everything_new, RenderOptions(max_bytes=65_536))
    shown, left = check_review_markdown(markdown, everything_new, 65_536)
    assert shown > 100
    assert left > 0
    assert markdown.rstrip().endswith("for all of them.")


@settings(max_examples=10)
@given(st.integers(4096, 600_000))
def test_any_limit_is_kept_and_every_row_accounted_for(everything_new: Review, limit: int) -> None:
    check_review_markdown(render_review(everything_new, RenderOptions(max_bytes=limit)), everything_new, limit)


def test_max_bytes_below_what_any_report_needs_is_refused() -> None:
    result = run("--data", str(REAL_DATA), "review", "--base", "HEAD", "--format", "markdown", "--max-bytes", "100")
    assert result.exit_code == 2
    assert "--max-bytes" in result.stderr

"""Markdown output is valid GitHub-flavoured Markdown: parsed here by a real GFM parser, not by eye."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from conftest import MINI, REAL_DATA, run
from markdown_it import MarkdownIt

from kzrights.corpus import Corpus

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

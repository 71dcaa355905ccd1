"""Markdown output is valid GitHub-flavoured Markdown: parsed here by a real GFM parser, not by eye."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import MINI, run
from markdown_it import MarkdownIt

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
    header_rows = 2  # the two-row source table comes first
    assert len(rows) - header_rows == data["summary"]["field_changes"] == 5
    assert rows[header_rows + 1][:4] == ["regime", "notice_days", "10 days", "5 days"]


def test_redline_uses_strikethrough_and_bold() -> None:
    markdown = run("--data", str(MINI), "diff", "assembly", "2004", "2019", "--format", "markdown").stdout
    kinds = {child.type for token in GFM.parse(markdown) if token.type == "inline" for child in token.children or []}
    assert {"s_open", "strong_open"} <= kinds


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

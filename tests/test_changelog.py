"""Changelog tables: the Markdown, CSV and JSON agree row for row, and survive awkward values."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import MINI, REAL_DATA, run
from markdown_it import MarkdownIt
from test_markdown import table_rows

from kzrights.changelog import Only, build_changelog
from kzrights.corpus import Corpus
from kzrights.render.as_markdown import render_changelog
from kzrights.render.options import RenderOptions

GFM = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def formats(data: Path, *args: str) -> tuple[list[list[str]], list[dict[str, str]], dict[str, object]]:
    markdown = run("--data", str(data), "changelog", *args, "--format", "markdown").stdout
    table = table_rows(markdown)
    rows = list(
        csv.DictReader(io.StringIO(run("--data", str(data), "changelog", *args, "--format", "csv").stdout, newline=""))
    )
    document = json.loads(run("--data", str(data), "changelog", *args, "--format", "json").stdout)
    return table, rows, document


def test_markdown_csv_and_json_have_the_same_rows() -> None:
    table, rows, document = formats(MINI)
    assert len(table) == len(rows) == document["count"] == len(document["rows"]) == 8  # type: ignore[arg-type]
    assert [r["field"] for r in rows] == [r["field"] for r in document["rows"]]  # type: ignore[attr-defined]
    assert [r[1] for r in table] == [r["field"] for r in rows]


def test_the_real_changelog_has_one_row_per_change_in_every_format() -> None:
    table, rows, document = formats(REAL_DATA)
    count = document["count"]
    assert isinstance(count, int)
    assert count > 100
    assert len(table) == len(rows) == count
    expected = sum(len(formats(REAL_DATA, topic)[1]) for topic in Corpus(REAL_DATA).topic_names())
    assert count == expected, "the all-topics changelog is the sum of the per-topic ones"


def test_csv_is_rfc4180_with_crlf_and_one_header() -> None:
    out = run("--data", str(MINI), "changelog", "--format", "csv").stdout_bytes
    assert out.startswith(
        b"topic,rule,field,from_year,to_year,change,old,new,delta,direction,evidence_from,evidence_to,"
        b"old_mci,new_mci,caveats,recommendation,fingerprint,accepted,accepted_reason\r\n"
    )
    assert out.count(b"\r\n") == 9
    assert out.count(b"\n") == 9


def test_silence_is_its_own_labelled_kind_of_row() -> None:
    _, rows, _ = formats(MINI)
    kinds = {r["field"]: (r["change"], r["old"], r["new"], r["direction"]) for r in rows}
    assert kinds["decision_deadline_days"] == ("no-longer-stated", "5 days", "", "not-comparable")
    assert kinds["support_liability"] == ("now-stated", "", "true", "not-comparable")
    assert kinds["notice_days"] == ("changed", "10 days", "5 days", "looser")


def test_only_filters_rows_by_kind_and_direction() -> None:
    for only, fields in {
        "stricter": ["max_admin_arrest_days"],  # 10 → 20 days, 2012 → 2019
        "looser": ["max_admin_arrest_days", "regime", "notice_days"],  # 15 → 10 days (2004 → 2012) comes first
        "changed": ["max_admin_arrest_days", "regime", "notice_days", "max_admin_arrest_days"],
    }.items():
        _, rows, _ = formats(MINI, "--only", only)
        assert [r["field"] for r in rows] == fields, only


def test_since_and_until_bound_the_years() -> None:
    _, rows, _ = formats(MINI, "--since", "2019")
    assert rows == []
    _, rows, _ = formats(MINI, "--since", "2005", "--until", "2019")  # 2005 is answered by the 2004 source
    assert len(rows) == 8
    _, rows, _ = formats(MINI, "--until", "2018")
    assert {(r["from_year"], r["to_year"]) for r in rows} == {("2004", "2012")}


def test_until_before_the_first_source_is_refused_as_diff_refuses_it() -> None:
    """Not an empty changelog that reads as 'nothing changed'."""
    result = run("--data", str(MINI), "changelog", "--until", "2003")
    assert result.exit_code == 2
    assert "no source describes 2003 or earlier; the first source year is 2004" in result.stderr


def test_pipes_and_newlines_in_values_round_trip(mini_tree: Path) -> None:
    # a line break is data only in a block scalar, where its author sees it (a quoted "\n" is refused)
    venue = {"2004": '"Square A | B"', "2012": '"Square A | B"', "2019": "|-\n        Park C |\n        next line"}
    for year, value in venue.items():
        path = mini_tree / "assembly" / f"{year}.yaml"
        text = path.read_text()
        text = text.replace(
            "    fields: {max_admin_arrest_days: 20,\n             admin_penalties: [administrative arrest]}",
            "    fields:\n      max_admin_arrest_days: 20\n      admin_penalties: [administrative arrest]",
        )
        text = text.replace(
            "    fields: {max_admin_arrest_days:", f"    fields: {{venue_note: {value}, max_admin_arrest_days:"
        )
        text = text.replace("      max_admin_arrest_days:", f"      venue_note: {value}\n      max_admin_arrest_days:")
        path.write_text(text)
    table, rows, document = formats(mini_tree)
    (csv_row,) = [r for r in rows if r["field"] == "venue_note"]
    assert (csv_row["old"], csv_row["new"]) == ("Square A | B", "Park C |\nnext line")
    (md_row,) = [r for r in table if r[1] == "venue_note"]
    assert md_row[4:6] == ["Square A | B", "Park C |next line"]  # the newline becomes <br>, an html_inline token
    assert len(table) == len(rows) == document["count"]


def test_markdown_is_cut_at_a_row_boundary_with_a_note() -> None:
    changelog = build_changelog(Corpus(MINI), (), None, None, Only.ALL)
    whole = render_changelog(changelog, RenderOptions())
    limit = len(whole.encode()) + 400 - 200  # room for about half the rows
    cut = render_changelog(changelog, RenderOptions(max_bytes=limit))
    assert len(cut.encode()) <= limit
    kept = len(table_rows(cut))
    assert 0 < kept < 8
    assert f"**Cut short:** {8 - kept} of 8 rows were left out" in cut
    assert all(line.endswith("|") for line in cut.splitlines() if line.startswith("|")), "a table row was cut in half"


def test_unknown_topic_is_refused() -> None:
    result = run("--data", str(MINI), "changelog", "nope")
    assert result.exit_code == 2
    assert "unknown topic 'nope'" in result.stderr

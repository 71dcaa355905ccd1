"""History and blame: a topic's fields across its source years, in every format."""

from __future__ import annotations

import csv
import io
import json

from conftest import MINI, REAL_DATA, run


def test_history_rows_mark_moves_and_silence() -> None:
    """▼ marks a looser value against the year before; — a year whose source does not state the field."""
    history = run("--data", str(MINI), "history", "assembly").stdout
    assert "  notice_days:  2004 10 days  2012 10 days  2019 ▼ 5 days\n" in history
    assert "  decision_deadline_days:  2004 5 days  2012 —  2019 —\n" in history
    assert "  max_admin_arrest_days:  2004 15 days  2012 ▼ 10 days  2019 ▲ 20 days\n" in history


def test_history_fits_80_columns_when_piped_and_the_terminal_width_when_asked() -> None:
    for width in (40, 80, 120):
        out = run("--data", str(REAL_DATA), "--width", str(width), "history", "assembly").stdout
        assert max(len(line) for line in out.splitlines()) <= width
    piped = run("--data", str(REAL_DATA), "history", "assembly").stdout
    assert max(len(line) for line in piped.splitlines()) <= 80


def test_history_of_an_unknown_rule_is_a_usage_error() -> None:
    result = run("--data", str(MINI), "history", "assembly", "--rule", "nope")
    assert result.exit_code == 2
    assert "has no rule 'nope'" in result.stderr


def test_history_formats_agree_on_every_cell() -> None:
    """JSON, CSV and Markdown carry the same values and moves as the text view."""
    data = json.loads(run("--data", str(MINI), "history", "assembly", "--format", "json").stdout)
    rows = list(csv.DictReader(io.StringIO(run("--data", str(MINI), "history", "assembly", "--format", "csv").stdout)))
    assert data["years"] == [2004, 2012, 2019]
    assert [(r["rule"], r["field"]) for r in data["rows"]] == [(r["rule"], r["field"]) for r in rows]
    notice = next(r for r in data["rows"] if r["field"] == "notice_days")
    assert notice["cells"] == [
        {"year": 2004, "value": 10, "direction": None},
        {"year": 2012, "value": 10, "direction": None},
        {"year": 2019, "value": 5, "direction": "looser"},
    ]
    assert next(r for r in rows if r["field"] == "notice_days")["2019"] == "▼ 5 days"
    assert next(r for r in rows if r["field"] == "decision_deadline_days")["2019"] == ""


def test_blame_names_the_year_a_value_entered_the_record() -> None:
    blame = run("--data", str(MINI), "blame", "assembly", "2019").stdout
    assert "  max_admin_arrest_days: 20 days  since 2019" in blame
    data = json.loads(run("--data", str(MINI), "blame", "assembly", "2019", "--format", "json").stdout)
    arrest = next(f for f in data["fields"] if f["field"] == "max_admin_arrest_days")
    assert (arrest["value"], arrest["since"], arrest["since_source"]) == (20, 2019, "new-2019")
    assert arrest["evidence"][0]["lines"] == "2-2"

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


def test_history_grades_each_move_as_the_diff_does() -> None:
    """A fine that only followed the MCI, and a change a caveat marks not comparable, are neither stricter nor looser."""
    moves = {}
    for topic in ("ngo-funding", "assembly"):
        data = json.loads(run("--data", str(REAL_DATA), "history", topic, "--format", "json").stdout)
        for row in data["rows"]:
            for cell in row["cells"]:
                moves[(topic, row["field"], cell["year"])] = cell["direction"]
    assert moves[("ngo-funding", "reporting_violation_max_fine_tenge", 2019)] == "neutral", "25 MCI in 2016 and 2019"
    assert moves[("ngo-funding", "interference_member_max_fine_tenge", 2019)] == "looser", "300 MCI → 160 MCI"
    assert moves[("assembly", "max_admin_arrest_days", 2016)] == "not-comparable", "the 2016 caveat"
    for topic, field, old, new in (
        ("ngo-funding", "reporting_violation_max_fine_tenge", 2016, 2019),
        ("assembly", "max_admin_arrest_days", 2009, 2016),
    ):
        diff = json.loads(run("--data", str(REAL_DATA), "diff", topic, str(old), str(new), "--format", "json").stdout)
        change = next(f for r in diff["rules"] for f in r["fields"] if f["field"] == field)
        assert moves[(topic, field, new)] == change["direction"]

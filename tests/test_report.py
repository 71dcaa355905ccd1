"""`kzrights report`: one self-contained HTML page, every value on it footnoted, never written over a user's file."""

from __future__ import annotations

import html
import itertools
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import strategies
import yaml
from conftest import MINI, REAL_DATA, check_golden, run
from htmlpage import Page
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from kzrights import __version__
from kzrights.atomic import write_atomically
from kzrights.corpus import Corpus
from kzrights.dossier import Dossier, Provenance, build_dossier, build_section
from kzrights.errors import UsageError
from kzrights.fieldtypes import value_text
from kzrights.pdf import find_chromium
from kzrights.render import as_html, wording
from kzrights.render.options import RenderOptions


@pytest.fixture(scope="module")
def real_page() -> tuple[str, Page]:
    result = run("--data", str(REAL_DATA), "report", "-o", "-")
    assert result.exit_code == 0, result.stderr
    return result.stdout, Page(result.stdout)


def test_the_page_is_one_valid_html5_document(real_page: tuple[str, Page]) -> None:
    text, page = real_page
    assert text.startswith("<!doctype html>\n")
    assert page.doctype == "doctype html"
    assert page.all("html") == [{"lang": "en"}]
    assert {"charset": "utf-8"} in page.all("meta")
    assert re.search(r"<title>How Kazakhstan&#39;s rules changed, 2004–2019: Public assembly; ", text)
    duplicated = [name for name, count in page.ids().items() if count > 1]
    assert not duplicated, f"ids used more than once: {duplicated[:5]}"


def test_nothing_on_the_page_points_outside_it(real_page: tuple[str, Page]) -> None:
    """Offline and private: no script, no stylesheet or font to fetch, every link a #fragment of this page."""
    text, page = real_page
    assert not page.all("script")
    assert not page.all("link")
    assert not page.all("img")
    assert not page.all("iframe")
    assert not [attrs for _, attrs in page.elements if "src" in attrs or "srcset" in attrs or "action" in attrs]
    outside = [link for link in page.links() if not link.startswith("#")]
    assert not outside, outside[:5]
    assert not re.search(r"url\(|@import|@font-face", text), "the stylesheet must not load anything"


def test_every_link_and_footnote_reference_resolves(real_page: tuple[str, Page]) -> None:
    _, page = real_page
    ids = page.ids()
    dangling = [link for link in page.links() if link[1:] not in ids]
    assert not dangling, dangling[:5]
    notes = set(page.note_ids())
    referenced = {link[1:] for link in page.links() if link.startswith("#fn-")}
    assert notes, "the page has footnotes"
    assert notes == referenced, f"notes nothing refers to: {sorted(notes - referenced)[:5]}"
    numbers = [int(note[3:]) for note in page.note_ids()]
    assert numbers == list(range(1, len(numbers) + 1)), "notes are numbered 1, 2, 3 … in page order"


def test_every_stated_value_of_every_topic_is_on_the_page(real_page: tuple[str, Page]) -> None:
    """With consecutive years compared, each value of each year appears whole in a table (and shortened in a timeline)."""
    _, page = real_page
    corpus = Corpus(REAL_DATA)
    missing = []
    for name in corpus.topic_names():
        topic = corpus.topic(name)
        for version in corpus.versions(topic):
            for rule in version.rules:
                for field, value in rule.fields:
                    spec = topic.field_spec(field)
                    assert spec is not None
                    shown = " ".join(value_text(value, spec.unit).split())
                    if shown not in page.text:
                        missing.append(f"{name} {version.year} {rule.id}.{field}: {shown}")
                for cite in rule.cite:
                    if " ".join(cite.quote.split()) not in page.text:
                        missing.append(f"{name} {version.year} {rule.id}: quote {cite.quote!r}")
    assert not missing, missing[:5]


def test_every_topic_has_a_timeline_with_a_title_on_every_cell(real_page: tuple[str, Page]) -> None:
    text, _page = real_page
    corpus = Corpus(REAL_DATA)
    for name in corpus.topic_names():
        assert f'id="timeline-{name}"' in text
        assert f'aria-labelledby="timeline-{name}-1-title"' in text, f"{name} has an SVG timeline with a title"
    cells = len(re.findall(r'<g class="cell ', text))
    titled = len(re.findall(r'<g class="cell [a-z]+" [^>]*>\n<title>', text))
    assert cells == titled > 0
    # shapes are doubled by words, so the picture reads in grey (no real value moved stricter, graded in MCI)
    for mark, word in (("looser", "looser"), ("changed", "changed"), ("changed", "not comparable")):
        assert re.search(
            rf'<g class="cell {mark}" [^>]*>(?:(?!</g>).)*<text class="word" [^>]*>{word}</text>', text, re.S
        ), word
    mini = run("--data", str(MINI), "report", "-o", "-").stdout
    assert re.search(r'<g class="cell stricter" .*?<text class="word" [^>]*>stricter</text>', mini, re.S)


def test_headings_and_table_headers_can_be_followed_by_a_screen_reader(real_page: tuple[str, Page]) -> None:
    _, page = real_page
    levels = [int(tag[1]) for tag, _ in page.elements if re.fullmatch(r"h[1-6]", tag)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    skips = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert not skips, "a heading never skips a level"
    headers = page.all("th")
    assert headers
    assert all(attrs.get("scope") in ("col", "row", "rowgroup") for attrs in headers)


def test_print_styles_keep_colours_repeat_headers_and_wrap_long_words(real_page: tuple[str, Page]) -> None:
    text, _ = real_page
    style = text[text.index("<style>") : text.index("</style>")]
    for rule in (
        "@page { size: A4;",
        "print-color-adjust: exact",
        "thead { display: table-header-group; }",
        "overflow-wrap: anywhere",
    ):
        assert rule in style


def test_the_small_fixture_corpus_report_matches_golden(tmp_path: Path, update_golden: bool) -> None:
    """The format itself, on a corpus outside git so the provenance line carries no changing commit."""
    data = tmp_path / "mini"
    shutil.copytree(MINI, data)
    result = run("--data", str(data), "report", "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert "a provisions folder that is not a git checkout" in result.stdout
    check_golden(
        "mini-report.html", result.stdout.replace(f"kzrights {__version__}", "kzrights VERSION"), update_golden
    )


def test_from_and_to_give_one_comparison_and_the_years_between(tmp_path: Path) -> None:
    result = run("--data", str(REAL_DATA), "report", "assembly", "--from", "2005", "--to", "2017", "-o", "-")
    assert result.exit_code == 0, result.stderr
    page = Page(result.stdout)
    assert "Public assembly: 2005 → 2004 source → 2017 → 2016 source" in page.text
    assert [a["id"] for a in page.all("section") if a.get("class") == "comparison"] == ["assembly-2004-2016"]
    assert ">2009</text>" in result.stdout
    assert ">2019</text>" not in result.stdout
    assert "How the sources between 2004 and 2016 state these fields" in page.text
    assert re.search(r"15 days \(2009\[\d+\]\) → 10 days \(2016\[\d+\]\)", page.text), "the years between count"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("report",), "give -o FILE.html"),
        (("report", "nosuch", "-o", "-"), "unknown topic 'nosuch'"),
        (("report", "--from", "2019", "--to", "2004", "-o", "-"), "--from 2019 is after --to 2004"),
        (("report", "--from", "2003", "-o", "-"), "--from 2003: topic assembly has no source year at or before it"),
        (("report", "--from", "2016", "--to", "2018", "-o", "-"), "both resolve to its 2016 source"),
        (("report", "--from", "19", "-o", "-"), "a year is four digits"),
    ],
)
def test_bad_requests_exit_2_with_a_message(args: tuple[str, ...], message: str) -> None:
    result = run("--data", str(REAL_DATA), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_writes_the_file_and_refuses_to_overwrite_it_without_force(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    first = run("--data", str(MINI), "report", "-o", str(target))
    assert first.exit_code == 0, first.stderr
    assert first.stdout == ""
    assert f"wrote {target}" in first.stderr
    assert target.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())
    target.write_text("the user's own edits", encoding="utf-8")
    refused = run("--data", str(MINI), "report", "-o", str(target))
    assert refused.exit_code == 2
    assert f"{target} already exists; pass --force to replace it" in refused.stderr
    assert target.read_text(encoding="utf-8") == "the user's own edits"
    forced = run("--data", str(MINI), "report", "-o", str(target), "--force")
    assert forced.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_force_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "private.html"
    target.write_text("mine", encoding="utf-8")
    target.chmod(0o600)
    assert run("--data", str(MINI), "report", "-o", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert oct(target.stat().st_mode & 0o777) == oct(0o600)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_or_device_is_never_replaced_even_with_force(tmp_path: Path) -> None:
    """As root, `-o /dev/null --force` would otherwise put a report where the system's /dev/null was."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target in (fifo, Path(os.devnull)):
        result = run("--data", str(MINI), "report", "-o", str(target), "--force")
        assert result.exit_code == 2
        assert f"{target} is not a regular file (a device, FIFO or socket)" in result.stderr
        assert "pass --force" not in result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert stat.S_ISCHR(Path(os.devnull).lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_the_page_and_the_pdf_need_two_names(tmp_path: Path) -> None:
    target = tmp_path / "r.pdf"
    result = run("--data", str(MINI), "report", "-o", str(target), "--pdf", str(target))
    assert result.exit_code == 2
    assert "-o and --pdf name the same file" in result.stderr
    assert not target.exists()


def test_a_failure_midway_leaves_the_old_file_intact_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash after part of the page was rendered must not touch yesterday's file."""
    target = tmp_path / "report.html"
    target.write_text("yesterday's report", encoding="utf-8")
    written: list[int] = []
    real = as_html.timeline_picture

    def fails_on_the_second_topic(section: object) -> object:
        written.append(1)
        if len(written) == 2:
            raise RuntimeError("disk pulled out mid-render")
        return real(section)  # type: ignore[arg-type]

    monkeypatch.setattr(as_html, "timeline_picture", fails_on_the_second_topic)
    result = run("--data", str(REAL_DATA), "report", "-o", str(target), "--force")
    assert result.exit_code == 3, "a crash is a bug, not bad data"
    assert len(written) == 2, "the failure came after the first topic had been rendered"
    assert target.read_text(encoding="utf-8") == "yesterday's report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_a_write_that_fails_midway_leaves_the_old_file_and_removes_its_temporary_file(tmp_path: Path) -> None:
    """The temporary file already holds part of the content when the failure comes: it must not survive."""
    target = tmp_path / "report.html"
    target.write_text("yesterday's report", encoding="utf-8")
    seen: list[list[str]] = []

    def chunks() -> Iterator[str]:
        yield "<!doctype html>\n" * 1000
        seen.append([p.name for p in tmp_path.iterdir()])
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, chunks(), force=True)
    assert len(seen[0]) == 2, "the content was going to a temporary file beside the target"
    assert target.read_text(encoding="utf-8") == "yesterday's report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_without_force_a_file_that_appeared_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    """The check before rendering and the hard link at the end both guard the user's file."""
    target = tmp_path / "report.html"

    def chunks() -> Iterator[str]:
        yield "new"
        target.write_text("written by someone else meanwhile", encoding="utf-8")

    with pytest.raises(UsageError, match="already exists; pass --force"):
        write_atomically(target, chunks(), force=False)
    assert target.read_text(encoding="utf-8") == "written by someone else meanwhile"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_a_failure_before_any_file_existed_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(section: object) -> object:
        raise RuntimeError("broken")

    monkeypatch.setattr(as_html, "timeline_picture", broken)
    result = run("--data", str(MINI), "report", "-o", str(tmp_path / "new.html"))
    assert result.exit_code == 3
    assert list(tmp_path.iterdir()) == []


def test_an_existing_pdf_is_refused_before_any_work(tmp_path: Path) -> None:
    html, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    pdf.write_bytes(b"%PDF old")
    result = run("--data", str(MINI), "report", "-o", str(html), "--pdf", str(pdf))
    assert result.exit_code == 2
    assert f"{pdf} already exists" in result.stderr
    assert not html.exists()
    assert pdf.read_bytes() == b"%PDF old"


def test_output_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = run("--data", str(MINI), "report", "-o", str(tmp_path / "no" / "such" / "r.html"))
    assert result.exit_code == 2
    assert "cannot write" in result.stderr
    assert "No such file or directory" in result.stderr


def test_pdf_without_chromium_names_what_to_install(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    result = run("--data", str(MINI), "report", "--pdf", str(tmp_path / "r.pdf"), env={"PATH": str(empty)})
    assert result.exit_code == 2
    assert "--pdf needs Chromium" in result.stderr
    assert "apt-get install chromium" in result.stderr
    assert list(tmp_path.iterdir()) == [empty]


@pytest.mark.skipif(find_chromium() is None, reason="no Chromium on PATH (.ci/run installs it)")
def test_pdf_is_printed_by_chromium(tmp_path: Path) -> None:
    pdf = tmp_path / "r.pdf"
    result = run("--data", str(MINI), "report", "--pdf", str(pdf))
    assert result.exit_code == 0, result.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.pdf"]


def test_report_is_the_only_command_that_imports_jinja2() -> None:
    """Start-up stays lean: the template engine is loaded by the report path alone."""
    code = (
        "import sys; from click.testing import CliRunner; from kzrights.cli import cli; "
        f"r = CliRunner().invoke(cli, ['--data', {str(MINI)!r}, *sys.argv[1:]]); "
        "assert r.exit_code == 0, r.output; print('jinja2' in sys.modules, 'kzrights.render.as_html' in sys.modules)"
    )
    for command, expected in (
        (["diff", "assembly", "2004", "2019"], "False False"),
        (["report", "-o", "-"], "True True"),
    ):
        result = subprocess.run([sys.executable, "-c", code, *command], capture_output=True, text=True, check=True)
        assert result.stdout.strip() == expected, (command, result.stdout, result.stderr)


# Hostile data: what a provisions file in a pull request might carry into a reviewer's browser.
PAYLOAD = (
    "<script>alert(1)</script>\" onmouseover=\"alert(2)\" x=' onfocus='alert(3)' "
    '<a href="javascript:alert(4)">j</a> <img src=x onerror=alert(5)> javascript:alert(6) '
    "]]></title></text></svg><svg onload=alert(7)> </style><style>*{}</style> &amp; &#60;b&#62; "
)  # control and bidi characters are refused by the loader (tests/test_hostile.py); the title test below covers them
# A quote is at most 25 words, so its payload has no spaces (`<a/href=…>` is still a link to a browser).
SHORT_PAYLOAD = '<script>alert(1)</script>"onmouseover="alert(2)"\'onfocus=\'x\'<a/href="javascript:alert(3)">j</a><img/src/onerror=alert(4)>'
# Keys whose values the loader checks against a pattern or a fixed set: they cannot carry a payload.
IDENTIFIERS = {
    "id",
    "topic",
    "source",
    "lines",
    "supports",
    "file",
    "sha256",
    "type",
    "stricter",
    "rule_order",
    "year",
    "published",
    "kind",
    "field",
}


def hostile(value: object, key: str | None = None) -> object:
    """Wrap every free string of a parsed YAML document in the payload (enum values alike everywhere they occur)."""
    if isinstance(value, dict):
        return {k: v if k in IDENTIFIERS else hostile(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [hostile(v, key) for v in value]
    if key == "unit" and value == "tenge":
        return value  # the one unit the grading reads: kept, so that the MCI figures are printed too
    if isinstance(value, str) and key == "quote":
        return f"{SHORT_PAYLOAD}{value}{SHORT_PAYLOAD}"
    if isinstance(value, str) and key not in IDENTIFIERS:
        return f"{PAYLOAD}{value}{PAYLOAD}"
    return value


def graded(relative: Path, document: dict[str, Any]) -> dict[str, Any]:
    """The fixture with what grading added: source sections, a fine in tenge with an MCI table, a recommendation
    field, and a caveat on each side, so that their strings reach the page too."""
    if relative.name == "sources.yaml":
        for source in document["sources"]:
            source["sections"] = [{"id": "1.a", "heading": "a. The first heading", "line": 1}]
    elif relative.name == "topic.yaml":
        document["fields"]["max_fine_tenge"] = {
            "type": "integer",
            "unit": "tenge",
            "stricter": "higher",
            "meaning": "Largest fine for taking part.",
        }
        document["fields"]["reform_recommended"] = {
            "type": "text",
            "stricter": "none",
            "recommendation": True,
            "meaning": "The reform a source recommends.",
        }
    elif relative.stem in ("2004", "2019"):
        year = int(relative.stem)
        penalties = next(rule for rule in document["rules"] if rule["id"] == "penalties")
        penalties["fields"]["max_fine_tenge"] = 10 * year
        penalties["fields"]["reform_recommended"] = f"reform {year}"
        penalties["caveats"] = [
            {
                "field": "max_admin_arrest_days",
                "comparable": year == 2004,
                "note": f"The {year} figure is what the report says in practice.",
                "cite": [{"source": document["source"], "lines": "3-3", "quote": "days of administrative arrest"}],
            }
        ]
    return document


def write_tree(target: Path, transform: Callable[[dict[str, Any]], object]) -> Path:
    """The fixture corpus, graded, each YAML document passed through `transform`; an MCI table for its years."""
    for path in MINI.rglob("*.yaml"):
        relative = path.relative_to(MINI)
        out = target / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        document = graded(relative, yaml.safe_load(path.read_text(encoding="utf-8")))
        out.write_text(yaml.safe_dump(transform(document), allow_unicode=False, sort_keys=False), encoding="utf-8")
    mci = {"mci": [{"year": year, "tenge": 10, "basis": f"confirmed for {year}"} for year in (2004, 2012, 2019)]}
    (target / "mci.yaml").write_text(yaml.safe_dump(transform(mci), sort_keys=False), encoding="utf-8")
    return target


@pytest.fixture
def hostile_tree(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "hostile", hostile)


def test_hostile_strings_in_every_field_cannot_break_out(hostile_tree: Path, tmp_path: Path) -> None:
    result = run("--data", str(hostile_tree), "report", "-o", "-")
    assert result.exit_code == 0, result.stderr
    page = Page(result.stdout)
    assert not page.all("script")
    assert not page.all("img")
    assert not [(tag, name) for tag, attrs in page.elements for name in attrs if name.startswith("on")]
    assert all(link.startswith("#") for link in page.links())
    assert not [link for link in page.links() if "javascript:" in link.lower()]
    assert page.all("style") == [{}], "one stylesheet, ours"
    assert page.all("svg")[0].get("onload") is None
    graded_page = run("--data", str(write_tree(tmp_path / "graded", lambda d: d)), "report", "-o", "-").stdout
    benign = Page(graded_page)
    assert set(page.structure()) <= set(benign.structure()), "no element or attribute the benign page lacks"
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", result.stdout)
    assert result.stdout.count("&lt;script&gt;alert(1)&lt;/script&gt;") > 50, "the payload reached the page, as text"
    # the strings grading added reached the page too, as text: caveats, section headings, a recommendation
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    caveats = re.findall(r'<tr class="caveat">.*?</tr>', result.stdout, re.S)
    assert len(caveats) >= 2
    assert all(escaped in c and re.search(r"The (2004|2019) figure is what", c) for c in caveats)
    headings = re.findall(r'§1\.a <span class="heading">\((.*?)\)</span>', result.stdout)
    assert headings
    assert all(escaped in h and "a. The first heading" in h for h in headings)
    assert re.search(rf"{re.escape(escaped)}.{{0,500}}reform 2019", result.stdout, re.S)
    assert "20,190 tenge (2,019 MCI)" in page.text, "the MCI figures of the graded fixture are on the page"
    assert "Caveat 2019, not comparable" in benign.text
    assert "Caveat 2004:" in benign.text
    assert "a recommendation, not law" in benign.text


@settings(max_examples=40)  # each example renders a whole page
@given(st.text(max_size=60))
def test_any_rule_title_reaches_the_page_as_visible_text_only(title: str) -> None:
    """Whatever a rule's title holds, the page's markup is the same and the title is in its text, made visible."""
    corpus = Corpus(MINI)
    topic = corpus.topic("assembly")
    versions = tuple(
        v.replace(rules=tuple(r.replace(title=title) if r.id == "penalties" else r for r in v.rules))
        for v in corpus.versions(topic)
    )
    dossier = Dossier((build_section(topic, versions),), tuple(corpus.sources.values()), Provenance("0", None))
    page = Page(as_html.render_report(dossier, RenderOptions()))
    assert not page.all("script")
    assert all(link.startswith("#") for link in page.links())
    shown = " ".join(as_html.visible(title).split())
    assert shown in page.text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", "".join(page.texts))


@given(st.text())
def test_visible_leaves_no_control_character_and_changes_nothing_else(text: str) -> None:
    shown = as_html.visible(text)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown)
    if not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text):
        assert shown == text


def test_visible_spells_out_each_control_character() -> None:
    assert as_html.visible("a\x1b[31mb\u202ec\td\n") == "a\\x1b[31mb\\u202ec\td\n"


def test_provenance_names_the_data_commit_of_a_git_checkout(tmp_path: Path) -> None:
    """A printed report can be traced to the exact data: the short commit, and whether the data was modified."""
    data = tmp_path / "repo" / "provisions"
    shutil.copytree(MINI, data)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    git = ["git", "-C", str(tmp_path / "repo")]
    subprocess.run([*git, "init", "-q"], check=True, env=env)
    subprocess.run([*git, "add", "."], check=True, env=env)
    subprocess.run([*git, "commit", "-q", "-m", "data"], check=True, env=env)
    head = subprocess.run(
        [*git, "rev-parse", "--short=12", "HEAD"], check=True, capture_output=True, text=True
    ).stdout.strip()
    clean = run("--data", str(data), "report", "-o", "-")
    assert f"at git commit <code>{head}</code>." in clean.stdout
    (data / "assembly" / "2019.yaml").write_text((data / "assembly" / "2019.yaml").read_text() + "\n", encoding="utf-8")
    dirty = run("--data", str(data), "report", "-o", "-")
    assert f"at git commit <code>{head}</code>, with uncommitted changes to the data." in dirty.stdout
    no_git = run("--data", str(data), "report", "-o", "-", env={"PATH": str(tmp_path)})
    assert "a provisions folder that is not a git checkout" in no_git.stdout


def test_sources_say_their_kind_and_a_comparison_of_unlike_kinds_says_so(real_page: tuple[str, Page]) -> None:
    text, page = real_page
    assert (
        '<td>Government of Kazakhstan (with UNDP support)<span class="meaning">a government&#39;s own action plan</span>'
        in text
    )
    assert (
        "Note: the two sources are different kinds of document (2004: a foreign government's monitoring report; 2009: a government's own action plan)"
        in page.text
    )


def test_a_dossier_compares_each_pair_of_consecutive_source_years() -> None:
    dossier = build_dossier(Corpus(REAL_DATA), ("libel", "assembly"))
    assert [s.topic.name for s in dossier.sections] == ["libel", "assembly"]
    libel = dossier.sections[0]
    pairs = [(c.report.old.version.year, c.report.new.version.year) for c in libel.comparisons]
    assert pairs == [(2004, 2007), (2007, 2009), (2009, 2016), (2016, 2019)]
    assembly = dossier.sections[1]
    held = {(f.rule.id, h.field) for c in assembly.comparisons[2:] for f in c.findings for h in f.held}
    assert ("notice-period", "notice_days") in held, "10 days' notice held from 2016 to 2019"
    assert [s.id for s in dossier.sources] == ["usdos-2004", "hrw-2007", "nhrap-2009", "usdos-2016", "usdos-2019"]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@settings(max_examples=40)  # each example renders a whole page
@given(st.lists(st.sampled_from([2004, 2009, 2016, 2019]), min_size=1, max_size=4, unique=True), st.data())
def test_any_versions_give_a_page_whose_values_and_notes_all_resolve(years: list[int], data: st.DataObject) -> None:
    """Every field type and direction, any rules stated or silent: each value is on the page and each note is cited."""
    drawn = tuple(data.draw(strategies.versions(year)).version for year in sorted(years))
    section = build_section(strategies.TOPIC, drawn)
    dossier = Dossier((section,), (drawn[0].source,), Provenance("0", None))
    page = Page(as_html.render_report(dossier, RenderOptions()))
    ids = page.ids()
    assert all(count == 1 for count in ids.values())
    assert all(link[1:] in ids for link in page.links())
    assert [int(note[3:]) for note in page.note_ids()] == list(range(1, len(page.note_ids()) + 1))
    assert len(page.all("svg")) >= 1 + 3  # a timeline panel, beside the legend's three shapes
    for version in drawn:
        for rule in version.rules:
            for name, value in rule.fields:
                spec = strategies.TOPIC.field_spec(name)
                assert spec is not None
                shown = " ".join(value_text(value, spec.unit).split())
                assert shown in page.text, f"{version.year} {rule.id}.{name}: {shown}"


def _rows(text: str, pattern: str) -> list[str]:
    """The text of each element matching `pattern` (a regex over the markup with one group), tags stripped."""
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", m)).split()) for m in re.findall(pattern, text, re.S)]


def test_every_caveat_stands_in_a_row_under_its_value_with_its_citation(real_page: tuple[str, Page]) -> None:
    text, _ = real_page
    corpus = Corpus(REAL_DATA)
    rows = _rows(text, r'<tr class="caveat">(.*?)</tr>')
    assert rows
    missing = []
    for name in corpus.topic_names():
        for version in corpus.versions(corpus.topic(name)):
            for rule in version.rules:
                for caveat in rule.caveats:
                    comparable = "" if caveat.comparable else ", not comparable"
                    said = f"Caveat {version.year}{comparable}: {' '.join(caveat.note.split())}"
                    cited = f"({wording.citations_text(caveat.cite)})"
                    if not any(said in row and cited in row for row in rows):
                        missing.append(f"{name} {version.year} {rule.id}.{caveat.field}")
                    # the row right after a caveat's value names that value's field
                    if not re.search(
                        rf'<code>{as_html.breakable(caveat.field)}</code>(?:(?!<tr).)*</tr>(?:\n<tr class="caveat">(?:(?!</tr>).)*</tr>)*\n<tr class="caveat">(?:(?!</tr>).)*{re.escape(str(escape(caveat.note.split()[0])))}',
                        text,
                        re.S,
                    ):
                        missing.append(f"{name} {version.year} {rule.id}.{caveat.field}: not under its value")
    assert not missing, missing[:5]


def test_every_tenge_value_in_a_comparison_shows_its_mci_figure(real_page: tuple[str, Page]) -> None:
    text, page = real_page
    corpus = Corpus(REAL_DATA)
    comparisons = "".join(re.findall(r'<section class="comparison".*?</section>', text, re.S))
    tables = " ".join(_rows(comparisons, r"<td>(.*?)</td>"))  # the value cells; caveats and rule texts quote prose
    expected = set()
    for section in build_dossier(corpus).sections:
        for comparison in section.comparisons:
            for change in comparison.report.field_changes():
                money = change.money
                if change.unit != "tenge":
                    continue
                assert money is not None, f"{change.field}: a tenge field is graded as money"
                for value, mci in ((change.old, money.old_mci), (change.new, money.new_mci)):
                    if value is not None:
                        assert mci is not None, f"{change.field}: the MCI table covers every source year with a fine"
                        expected.add(f"{value_text(value, 'tenge')} ({mci:,g} MCI)")
    assert {"53,025 tenge (25 MCI)", "63,125 tenge (25 MCI)", "636,300 tenge (300 MCI)"} <= expected
    assert all(shown in tables for shown in expected), sorted(s for s in expected if s not in tables)
    bare = re.findall(r"\d[\d,]* tenge(?! \()", tables)
    assert not bare, f"tenge without its MCI figure in a comparison: {bare[:5]}"
    assert "unchanged in real terms (indexation)" in page.text


def test_recommendations_are_labelled_wherever_their_field_is_named(real_page: tuple[str, Page]) -> None:
    text, _ = real_page
    corpus = Corpus(REAL_DATA)
    names = {spec.name for name in corpus.topic_names() for spec in corpus.topic(name).fields if spec.recommendation}
    assert names
    for name in names:
        named = re.findall(
            rf"<code>{re.escape(str(as_html.breakable(name)))}</code>(</a>)?(<span[^>]*>[^<]*</span>)?", text
        )
        assert named, name
        assert all(label == '<span class="recommendation">a recommendation, not law</span>' for _, label in named), name


def test_every_citation_names_its_section_in_the_evidence_and_in_its_note(real_page: tuple[str, Page]) -> None:
    text, _ = real_page
    corpus = Corpus(REAL_DATA)
    notes = dict(
        zip(re.findall(r'<li id="fn-(\d+)"', text), _rows(text, r'<li id="fn-\d+"[^>]*>(.*?)</li>'), strict=True)
    )
    evidence = " ".join(_rows(text, r'<td class="evidence">(.*?)</td>'))
    missing = []
    for name in corpus.topic_names():
        for version in corpus.versions(corpus.topic(name)):
            for rule in version.rules:
                # the citations behind values and caveats (a whole-rule citation backs the rule's text, which the
                # page prints only where it changed)
                backing = tuple(c for c in rule.cite if c.supports) + tuple(c for cv in rule.caveats for c in cv.cite)
                for cite in backing:
                    assert cite.section is not None, (
                        f"{name} {version.year} {rule.id}: every real citation has a section"
                    )
                    quote = " ".join(cite.quote.split())
                    note = f"§{cite.section.id} ({' '.join(cite.section.heading.split())}), "
                    if not any(quote in n and note in n and n.startswith(cite.source) for n in notes.values()):
                        missing.append(f"{name} {version.year} {rule.id}: note for {quote[:30]!r}")
                    if cite in rule.cite and wording.citations_text((cite,)) not in evidence:
                        missing.append(f"{name} {version.year} {rule.id}: evidence {wording.citations_text((cite,))}")
    assert not missing, missing[:5]
    assert "usdos-2019 §2.b, lines 1503-1505" in evidence

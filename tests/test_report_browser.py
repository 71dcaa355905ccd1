"""The report in a real browser: Playwright drives the system's Chromium (CI installs Debian's `chromium`).

Playwright's own browser download is never used (`executable_path` points at the system binary). The tests are
skipped, with the reason, only when no Chromium is on PATH or the playwright package is missing.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from conftest import REAL_DATA, run

from kzrights.pdf import find_chromium

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on PATH; .ci/run installs Debian's chromium")


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("report") / "report.html"
    result = run("--data", str(REAL_DATA), "report", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    return target


class Opened:
    """A page opened in headless Chromium, with every console or page error it raised and every request it made."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("requestfailed", lambda request: self.errors.append(f"request failed: {request.url}"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def opened(browser: Any, report_file: Path) -> Iterator[Opened]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    view = Opened(context.new_page())
    view.page.goto(report_file.as_uri(), wait_until="load")
    yield view
    context.close()


def test_the_page_opens_without_a_console_or_page_error(opened: Opened) -> None:
    assert opened.errors == []
    assert opened.page.title().startswith("How Kazakhstan's rules changed, 2004–2019")


def test_the_page_requests_nothing_but_itself(opened: Opened, report_file: Path) -> None:
    assert opened.requests == [report_file.as_uri()]


def test_every_timeline_is_drawn_with_a_size(opened: Opened) -> None:
    boxes = opened.page.eval_on_selector_all(
        "svg.timeline", "nodes => nodes.map(n => { const b = n.getBoundingClientRect(); return [b.width, b.height]; })"
    )
    assert len(boxes) >= 4, "at least one timeline panel per topic"
    assert all(width > 100 and height > 50 for width, height in boxes), boxes
    topics = opened.page.eval_on_selector_all("section.topic", "nodes => nodes.map(n => n.id)")
    assert topics == ["topic-assembly", "topic-exit", "topic-libel", "topic-ngo-funding"]
    for topic in topics:
        assert opened.page.locator(f"#{topic} svg.timeline").count() >= 1
        assert opened.page.locator(f"#{topic} section.comparison table").count() >= 1


def test_no_text_in_a_timeline_overflows_its_cell(opened: Opened) -> None:
    """The layout's widths hold for the fonts the browser actually used: nothing is clipped or overlaps."""
    overflowing = opened.page.evaluate(
        """() => {
          const bad = [];
          for (const svg of document.querySelectorAll('svg.timeline')) {
            const labelWidth = Number(svg.dataset.labelWidth);
            for (const label of svg.querySelectorAll('text.label')) {
              const box = label.getBBox();
              if (box.x + box.width > labelWidth - 2) bad.push(['label', label.textContent, box.x + box.width, labelWidth]);
            }
            for (const cell of svg.querySelectorAll('g.cell')) {
              const right = Number(cell.dataset.x) + Number(cell.dataset.width);
              for (const text of cell.querySelectorAll('text')) {
                const box = text.getBBox();
                if (box.x + box.width > right - 2) bad.push(['cell', text.textContent, box.x + box.width, right]);
              }
            }
            const width = svg.viewBox.baseVal.width;
            for (const group of svg.querySelectorAll('text.group')) {
              const box = group.getBBox();
              if (box.x + box.width > width) bad.push(['group', group.textContent, box.x + box.width, width]);
            }
          }
          return bad;
        }"""
    )
    assert overflowing == []


A4_CONTENT_PX = 688  # A4's 210 mm less the print margins (14 mm each side), at CSS's 96 px to the inch


@pytest.mark.parametrize(("media", "width"), [("screen", 1280), ("screen", 800), ("print", A4_CONTENT_PX)])
def test_nothing_overflows_a_table_cell_or_the_page(browser: Any, report_file: Path, media: str, width: int) -> None:
    """Nothing clipped, on a wide or narrow screen or an A4 page: long words wrap inside their cells."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.emulate_media(media=media)
    page.goto(report_file.as_uri())
    cells = page.evaluate(
        "() => [...document.querySelectorAll('td, th')]"
        ".filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent.slice(0, 60))"
    )
    assert cells == []
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    context.close()


def test_a_footnote_reference_leads_to_its_note(opened: Opened) -> None:
    page = opened.page
    reference = page.locator("section.comparison a.ref").first
    target = reference.get_attribute("href")
    assert target is not None
    assert re.fullmatch(r"#fn-\d+", target)
    reference.click()
    assert page.evaluate("location.hash") == target
    note = page.locator(target)
    assert note.is_visible()
    # scrolled to the top of the window, give or take a sub-pixel (-0.17 px seen once line heights are fractional)
    assert note.evaluate("n => { const b = n.getBoundingClientRect(); return b.top > -1 && b.top < innerHeight; }")
    page.evaluate("location.hash = ''; scrollTo(0, 0)")


def test_the_page_reads_the_same_without_script(browser: Any, report_file: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(report_file.as_uri())
    assert page.locator("svg.timeline").first.bounding_box() is not None
    assert page.locator("ol.notes li").count() > 100
    context.close()


def test_the_page_prints_to_pdf_on_a4(opened: Opened, tmp_path_factory: pytest.TempPathFactory) -> None:
    target = tmp_path_factory.mktemp("print") / "report.pdf"
    data = opened.page.pdf(path=str(target), prefer_css_page_size=True, print_background=True)
    assert data.startswith(b"%PDF-")
    sizes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert len(sizes) >= 1, "at least one page"
    portrait = {(round(float(w)), round(float(h))) for w, h in sizes}
    assert (595, 842) in portrait, "A4 portrait pages"
    assert (842, 595) in portrait, "timelines on A4 landscape pages"
    print(f"\nPDF of the report: {target} ({len(sizes)} pages)")
    if shutil.which("pdftoppm"):
        print(f"first page as PNG: pdftoppm -png -r 80 -f 1 -l 1 {target} {target.with_suffix('')}")


def test_a_screenshot_at_1280_pixels_is_kept_as_an_artifact(
    opened: Opened, tmp_path_factory: pytest.TempPathFactory
) -> None:
    target = tmp_path_factory.mktemp("screenshot") / "report-1280.png"
    opened.page.set_viewport_size({"width": 1280, "height": 900})
    opened.page.evaluate("document.querySelector('#topic-assembly').scrollIntoView()")
    opened.page.screenshot(path=str(target))
    assert target.read_bytes().startswith(b"\x89PNG")
    width = int.from_bytes(target.read_bytes()[16:20], "big")
    assert width == 1280
    print(f"\nscreenshot of the report at 1280 px: {target}")

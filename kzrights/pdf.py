"""The report as PDF: the same HTML page, printed by the system's headless Chromium.

kzrights does not bundle a browser; printing needs one installed (Debian and Ubuntu: `apt-get install chromium`).
The page is printed from a private temporary folder (with its own browser profile, so the user's is never touched)
and the PDF is then written like any other output: atomically, and never over an existing file without --force.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from kzrights.atomic import write_atomically
from kzrights.errors import KzrightsError, UsageError

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_TIMEOUT_SECONDS = 180


def find_chromium() -> str | None:
    """The first Chromium-family browser on PATH."""
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def print_pdf(html: str, target: Path, *, force: bool) -> None:
    """Print an HTML page to `target` with headless Chromium."""
    browser = find_chromium()
    if browser is None:
        raise UsageError(
            f"--pdf needs Chromium to print the page, and none of {', '.join(CHROMIUM_NAMES)} is on PATH; "
            "install it (Debian/Ubuntu: apt-get install chromium) or print the HTML page from a browser"
        )
    with tempfile.TemporaryDirectory(prefix="kzrights-pdf-") as work:
        page, printed = Path(work) / "report.html", Path(work) / "report.pdf"
        page.write_text(html, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",  # needed when run as root (CI, containers); the page is our own, with no script
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",  # the same, for older Chromium
            f"--user-data-dir={Path(work) / 'profile'}",
            f"--print-to-pdf={printed}",
            page.as_uri(),
        ]
        try:
            result = subprocess.run(
                command,
                capture_output=True,
                text=True,
                stdin=subprocess.DEVNULL,
                timeout=_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise KzrightsError(f"{browser} did not finish printing within {_TIMEOUT_SECONDS} s") from None
        if result.returncode != 0 or not printed.is_file() or printed.stat().st_size == 0:
            last = result.stderr.strip().splitlines()[-1:] or ["no message"]
            raise KzrightsError(f"{browser} could not print the page (exit {result.returncode}): {last[0]}")
        write_atomically(target, [printed.read_bytes()], force=force)

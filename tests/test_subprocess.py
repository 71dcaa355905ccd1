"""Real runs of the installed entry point: what a shell script or a CI job actually sees."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import MINI, REAL_DATA, ROOT

BIN = Path(sys.executable).parent
KZRIGHTS = str(BIN / "kzrights")


def kz(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "KZRIGHTS_DATA")}
    return subprocess.run(
        [KZRIGHTS, *args], capture_output=True, text=True, cwd=cwd, env={**clean, **(env or {})}, check=False
    )


def test_piped_output_has_no_escape_codes() -> None:
    result = kz("--data", str(MINI), "diff", "assembly", "2004", "2019")
    assert result.returncode == 0
    assert "regime.notice_days: 10 days → 5 days (−5)  ▼ looser" in result.stdout
    assert "\x1b[" not in result.stdout


def test_color_always_colours_even_when_piped() -> None:
    result = kz("--data", str(MINI), "--color", "always", "diff", "assembly", "2004", "2019")
    assert "\x1b[" in result.stdout
    assert (
        "\x1b[9" in result.stdout or "\x1b[31;9m" in result.stdout or ";9m" in result.stdout
    )  # struck-through deletions


def test_the_whole_output_arrives_through_a_pipe() -> None:
    """The entry point skips the interpreter's final collection at exit: every byte must still be flushed."""
    result = kz("--data", str(REAL_DATA), "changelog", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout) > 40_000
    assert result.stdout == (ROOT / "tests" / "snapshots" / "changelog.md").read_text(encoding="utf-8")


def test_importing_the_cli_as_a_library_leaves_the_collector_alone() -> None:
    code = "import gc, kzrights.cli; print(gc.isenabled(), gc.get_freeze_count())"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == "True 0\n"


def test_errors_reach_stderr_with_status_2_and_no_traceback() -> None:
    result = kz("--data", str(MINI), "diff", "assembly", "1990", "2019")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("kzrights: error: no source describes 1990")
    assert "Traceback" not in result.stderr


def test_python_dash_m_works() -> None:
    result = subprocess.run([sys.executable, "-m", "kzrights", "--version"], capture_output=True, text=True, check=True)
    assert result.stdout.startswith("kzrights, version ")


def test_bundled_corpus_is_found_from_any_directory(tmp_path: Path) -> None:
    result = kz("list", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for topic in ("assembly", "exit", "libel", "ngo-funding"):
        assert f"\n{topic} — " in result.stdout


@pytest.mark.skipif(not (ROOT / "provisions" / "sources.yaml").exists(), reason="needs the checkout")
def test_wheel_ships_the_corpus_and_works_without_the_checkout(tmp_path: Path) -> None:
    """`pip install .` must give a kzrights that works anywhere, so the wheel carries provisions/."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    (wheel,) = tmp_path.glob("kzrights-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(n for n in names if n.startswith("kzrights/provisions/") and n.endswith(".yaml"))
    expected = sorted(
        f"kzrights/provisions/{p.relative_to(ROOT / 'provisions')}" for p in (ROOT / "provisions").rglob("*.yaml")
    )
    assert shipped == expected
    assert {"kzrights/render/templates/report.html.j2", "kzrights/render/templates/report.css"} <= set(names)
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "KZRIGHTS_DATA"}
    env["PYTHONPATH"] = str(unpacked)
    code = "import kzrights, kzrights.__main__, sys; print(kzrights.__file__); sys.argv=['kzrights','list']; kzrights.__main__.main()"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=elsewhere, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(unpacked))
    assert "\nassembly — " in result.stdout
    code = "import kzrights.__main__, sys; sys.argv=['kzrights','report','assembly','-o','-']; kzrights.__main__.main()"
    report = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=elsewhere, env=env, check=False
    )
    assert report.returncode == 0, report.stderr
    assert report.stdout.startswith("<!doctype html>")
    assert "Public assembly" in report.stdout

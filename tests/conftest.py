"""Shared fixtures: the real corpus, a small fixture corpus, and a hypothesis profile that reproduces in CI."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from kzrights.cli import cli

ROOT = Path(__file__).resolve().parent.parent
REAL_DATA = ROOT / "provisions"
SEEDS = ROOT.parent / "shared" / "seeds"
MINI = Path(__file__).parent / "data" / "mini"
MINI_SEEDS = Path(__file__).parent / "data" / "seeds"
GOLDEN = Path(__file__).parent / "golden"

# The source documents sit beside the checkout (CI lays shared/ there); a test that reads them says so when absent.
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the source documents are not at {SEEDS}")

# CI must reproduce a red run exactly: no random seed, no example database carried between runs.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="Rewrite tests/golden/ from current output.")
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        help="Rewrite tests/snapshots/ (real-corpus outputs) after a data change.",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def mini_tree(tmp_path: Path) -> Path:
    """A writable copy of the small fixture corpus, for tests that break it on purpose."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    """Invoke the CLI in-process with stdout and stderr kept apart."""
    runner = CliRunner()
    return runner.invoke(cli, list(args), env=env, catch_exceptions=False)


def read_terminal(leader: int) -> str:
    """Everything a child wrote to a pseudo-terminal (after it has exited), then close the terminal's leader end."""
    chunks = []
    try:
        while data := os.read(leader, 65536):
            chunks.append(data)
    except OSError:  # the terminal closes once the child has exited and everything is read
        pass
    os.close(leader)
    return b"".join(chunks).decode()


def check_golden(name: str, actual: str, update: bool) -> None:
    """Compare with tests/golden/NAME, or rewrite it with --update-golden (then review the git diff)."""
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run pytest --update-golden and review it"
    assert actual == path.read_text(encoding="utf-8"), f"output differs from {path}; if intended, run --update-golden"


def git(repo: Path, *args: str) -> str:
    """Run a real git in `repo`; a failure fails the test with git's message."""
    import subprocess

    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def make_repo(path: Path, data: Path = MINI) -> Path:
    """A git repository holding a copy of `data` as provisions/, committed once; returns the data folder."""
    shutil.copytree(data, path / "provisions")
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.email", "test@example.org")
    git(path, "config", "user.name", "Test")
    git(path, "add", ".")
    git(path, "commit", "-qm", "corpus")
    return path / "provisions"


NEW_SOURCE = """\
  - id: new-2021
    year: 2021
    kind: foreign-government-report
    title: Newer Report
    publisher: Test Publisher
    published: null
    covers: events of 2021
    file: new.txt
    sha256: acf4388c3c4d0ae3768862b5aef81ff49068985f124e2d632748193b28c92ee1
"""


def add_year_2021(data: Path, arrest_days: int = 25) -> Path:
    """Add a 2021 source and an assembly/2021.yaml that raises the arrest maximum from 20 days (a stricter change)."""
    with (data / "sources.yaml").open("a", encoding="utf-8") as registry:
        registry.write(NEW_SOURCE)
    text = (data / "assembly" / "2019.yaml").read_text(encoding="utf-8")
    text = text.replace("year: 2019", "year: 2021").replace("new-2019", "new-2021")
    path = data / "assembly" / "2021.yaml"
    path.write_text(text.replace("max_admin_arrest_days: 20", f"max_admin_arrest_days: {arrest_days}"), "utf-8")
    return path

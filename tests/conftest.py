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


def check_golden(name: str, actual: str, update: bool) -> None:
    """Compare with tests/golden/NAME, or rewrite it with --update-golden (then review the git diff)."""
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run pytest --update-golden and review it"
    assert actual == path.read_text(encoding="utf-8"), f"output differs from {path}; if intended, run --update-golden"

"""The git diff driver, run by a real git in a temporary repository."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI

KZRIGHTS = Path(sys.executable).parent / "kzrights"
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository holding the fixture corpus, with the driver set up by the README's two lines."""
    repo = tmp_path / "repo"
    shutil.copytree(MINI, repo / "provisions")
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "test@example.org")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "diff.kzrights.command", f"{KZRIGHTS} git-diff")
    (repo / ".gitattributes").write_text("provisions/**/*.yaml diff=kzrights\n")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "corpus")
    return repo


def test_git_diff_shows_the_field_change(repo: Path) -> None:
    path = repo / "provisions" / "assembly" / "2019.yaml"
    path.write_text(path.read_text().replace("max_admin_arrest_days: 20", "max_admin_arrest_days: 25"))
    out = git(repo, "diff")
    assert out.startswith("diff --kzrights a/provisions/assembly/2019.yaml b/provisions/assembly/2019.yaml\n")
    assert "penalties.max_admin_arrest_days: 20 days → 25 days (+5)  ▲ stricter" in out
    assert "\x1b[" not in out


def test_git_log_p_shows_semantic_history_with_ext_diff(repo: Path) -> None:
    """As the README says: `git log -p` and `git show` use the driver only with --ext-diff (git 2.39 and later)."""
    path = repo / "provisions" / "assembly" / "2019.yaml"
    path.write_text(path.read_text().replace("notice_days: 5", "notice_days: 7"))
    git(repo, "commit", "-qam", "notice")
    semantic = "regime.notice_days: 5 days → 7 days (+2)  ▲ stricter"
    assert semantic in git(repo, "log", "-p", "--ext-diff", "-1")
    assert semantic in git(repo, "show", "--ext-diff")
    assert semantic not in git(repo, "log", "-p", "-1"), "if git now applies drivers to log -p, README can say so"


def test_unreadable_edit_falls_back_to_a_line_diff(repo: Path) -> None:
    path = repo / "provisions" / "assembly" / "2019.yaml"
    path.write_text(path.read_text().replace("notice_days: 5", "notice_days: [unclosed"))
    out = git(repo, "diff")
    assert "# kzrights: showing a line diff:" in out
    assert "+      notice_days: [unclosed" in out


def test_schema_files_get_a_line_diff(repo: Path) -> None:
    path = repo / "provisions" / "assembly" / "topic.yaml"
    path.write_text(path.read_text().replace("title: Public assembly", "title: Public assemblies"))
    out = git(repo, "diff")
    assert "-title: Public assembly\n+title: Public assemblies" in out


def test_a_new_year_file_is_shown_whole(repo: Path) -> None:
    (repo / "provisions" / "assembly" / "2020.yaml").write_text("topic: assembly\n")
    git(repo, "add", ".")
    out = git(repo, "diff", "--cached")
    assert "+topic: assembly" in out

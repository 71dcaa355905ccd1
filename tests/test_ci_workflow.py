"""The workflow docs/ci.md gives, run step by step as GitHub Actions would, in a real git repository.

A pull request adds a source year whose arrest maximum is stricter: the gate fails, naming the change. After the
`accept` docs/ci.md shows, it passes; after the acceptance's expiry date, it fails again. Only the GitHub CLI is
stood in for (a script that records what it was asked to post); every other command is the real one.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import MINI, MINI_SEEDS, ROOT, add_year_2021, git, make_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

DOC = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
BLOCKS = [(lang, body) for lang, body in FENCE.findall(DOC)]
WORKFLOW: dict[str, Any] = yaml.safe_load(next(body for lang, body in BLOCKS if lang == "yaml"))
STEPS: list[dict[str, Any]] = WORKFLOW["jobs"]["provisions"]["steps"]
FAKE_GH = """#!/bin/sh
# stands in for the GitHub CLI: records the request and the body it would post
printf '%s\\n' "$*" >> "$GH_LOG"
for last; do :; done
cat "$last" >> "$GH_LOG"
"""


class Job:
    """A checkout of a pull request's branch, and the runner's environment around it."""

    def __init__(self, tmp: Path) -> None:
        work = tmp / "work"
        make_repo(work)
        git(tmp, "clone", "-q", "--bare", str(work), "origin.git")
        git(tmp, "clone", "-q", str(tmp / "origin.git"), "checkout")
        self.checkout = tmp / "checkout"
        git(self.checkout, "config", "user.email", "reviewer@example.org")
        git(self.checkout, "config", "user.name", "Reviewer")
        git(self.checkout, "switch", "-q", "-c", "pr")
        shutil.copytree(MINI_SEEDS, tmp / "shared" / "seeds")  # the workflow's ../shared/seeds
        self.temp = tmp / "runner-temp"
        self.temp.mkdir()
        bin_dir = tmp / "bin"
        bin_dir.mkdir()
        (bin_dir / "gh").write_text(FAKE_GH)
        (bin_dir / "gh").chmod(0o755)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("KZRIGHTS_", "GITHUB_"))}
        self.env.update(
            PATH=f"{bin_dir}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            GITHUB_BASE_REF="main",
            RUNNER_TEMP=str(self.temp),
            GITHUB_STEP_SUMMARY=str(tmp / "summary.md"),
            GH_LOG=str(tmp / "gh.log"),
            GH_TOKEN="unused",
            PR="42",
        )

    def bash(self, script: str, today: str) -> subprocess.CompletedProcess[str]:
        """A `run:` as the runner runs it: bash, exit on the first failure, pipefail."""
        return subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            cwd=self.checkout,
            env={**self.env, "KZRIGHTS_TODAY": today},
            capture_output=True,
            text=True,
            check=False,
        )

    def run_workflow(self, today: str) -> dict[str, subprocess.CompletedProcess[str]]:
        """Every `run:` step in order; after a failure only `if: always()` steps run, as on GitHub."""
        (self.temp / "review.md").unlink(missing_ok=True)
        results: dict[str, subprocess.CompletedProcess[str]] = {}
        failed = False
        for step in STEPS:
            if "run" not in step or step["run"].startswith("pip install"):
                continue  # actions/checkout and setup-python; kzrights is installed in this environment already
            if failed and "always()" not in str(step.get("if", "")):
                continue
            results[step["name"]] = done = self.bash(step["run"], today)
            failed = failed or done.returncode != 0
        return results


def review_step(results: dict[str, subprocess.CompletedProcess[str]]) -> subprocess.CompletedProcess[str]:
    (name,) = [n for n in results if n.startswith("Review the change")]
    return results[name]


def test_the_documented_workflow_gates_accepts_and_expires(tmp_path: Path) -> None:
    job = Job(tmp_path)
    add_year_2021(job.checkout / "provisions")
    git(job.checkout, "add", ".")
    git(job.checkout, "commit", "-qm", "Add the 2021 source")

    # 1. a stricter change, not accepted: the gate fails and names it; the summary and the comment are posted
    first = job.run_workflow(today="2030-01-01")
    assert [r.returncode for r in first.values()] == [0, 1, 0, 0], {n: r.stderr for n, r in first.items()}
    validate = first["Validate the data against the source documents"]
    assert validate.stdout.startswith("::notice title=kzrights validate::provisions: OK, 4 versions")
    assert validate.stdout.endswith(
        "every quote found in its cited lines, and every heading on its line, of 5 source documents\n"
    )
    gate = review_step(first)
    assert (
        "::error file=provisions/assembly/2021.yaml,line=20,title=stricter%3A assembly penalties.max_admin_arrest_days::"
        in gate.stderr
    )
    gate_lines = [line for line in gate.stderr.splitlines() if line.startswith("kzrights: ")]
    shown = next(body for lang, body in BLOCKS if lang == "text").splitlines()
    assert gate_lines == shown, "docs/ci.md shows the gate's real lines"
    summary = Path(job.env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    excerpt = next(body for lang, body in BLOCKS if lang == "markdown")
    position = 0
    for chunk in excerpt.split("…\n"):
        found = summary.find(chunk, position)
        assert found >= position, f"docs/ci.md shows a comment the workflow does not post:\n{chunk}"
        position = found + len(chunk)
    assert summary.startswith(excerpt.split("…\n")[0])
    log = Path(job.env["GH_LOG"]).read_text(encoding="utf-8")
    assert log.startswith(f"pr comment 42 --body-file {job.temp / 'review.md'}\n## kzrights review:")

    # 2. a reviewer accepts it as docs/ci.md says, and commits: the gate passes, the summary says why
    (accept_block,) = [body for lang, body in BLOCKS if lang == "sh" and "kzrights --data provisions accept" in body]
    accepted = job.bash(accept_block, today="2030-01-01")
    assert accepted.returncode == 0, accepted.stderr
    assert git(job.checkout, "status", "--porcelain") == ""
    second = job.run_workflow(today="2030-01-01")
    assert [r.returncode for r in second.values()] == [0, 0, 0, 0], {n: r.stderr for n, r in second.items()}
    assert "kzrights: gate" not in review_step(second).stderr
    summary = Path(job.env["GITHUB_STEP_SUMMARY"]).read_text(encoding="utf-8")
    assert "accepted: the 2021 report, line 2, says 25 days (A. Reviewer, 2030-01-01, until 2030-06-30)" in summary
    assert "this change adds an acceptance of `3e2f2b020073e13f`" in summary

    # 3. after the expiry date, the same pull request fails again, saying the acceptance expired
    third = job.run_workflow(today="2030-07-01")
    assert [r.returncode for r in third.values()] == [0, 1, 0, 0]
    (line, _) = [line for line in review_step(third).stderr.splitlines() if line.startswith("kzrights: ")]
    assert line.endswith(
        "; acceptance expired on 2030-06-30: the 2021 report, line 2, says 25 days (A. Reviewer, 2030-01-01)"
    )


def test_invalid_data_fails_validate_and_review_with_annotations(tmp_path: Path) -> None:
    job = Job(tmp_path)
    path = job.checkout / "provisions" / "assembly" / "2019.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("notice_days: 5", "notice_days: five"), "utf-8")
    results = job.run_workflow(today="2030-01-01")
    validate = results["Validate the data against the source documents"]
    assert validate.returncode == 2
    assert validate.stdout.startswith(
        "::error file=provisions/assembly/2019.yaml,line=11,title=kzrights validate::rule 'regime': field 'notice_days'"
    )
    assert list(results) == [
        "Validate the data against the source documents",
        "Review in the job summary",
        "Review as a pull-request comment",
    ], "after a failed step, only the `if: always()` ones run"
    assert not Path(job.env["GH_LOG"]).exists(), "nothing to post: the review step did not run"


def test_the_source_hook_checks_the_sources_or_fails_saying_what_it_needs() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"kzrights-validate", "kzrights-validate-sources"}
    entry = hooks["kzrights-validate-sources"]["entry"].split()
    assert entry[0] == "kzrights"
    kzrights = str(Path(sys.executable).parent / "kzrights")
    with_mini = [kzrights, "--data", str(MINI), *entry[3:]]
    without = subprocess.run(with_mini, capture_output=True, text=True, check=False)
    assert without.returncode == 2
    assert "Option '--sources' requires an argument" in without.stderr
    checked = subprocess.run([*with_mini, str(MINI_SEEDS)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr
    assert (
        "every quote found in its cited lines, and every heading on its line, of 4 source documents" in checked.stdout
    )
    assert entry[1:3] == ["--data", "provisions"]

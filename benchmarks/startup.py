"""Measure `kzrights diff assembly 2004 2019` against the bare interpreter importing the same libraries.

Run: .venv/bin/python benchmarks/startup.py [--runs N]

Each measurement is a fresh process (a cold interpreter start), timed from spawn to exit. The floor for each case is
`python -c "import …"` of exactly the libraries that case needs, so the ratio shows what kzrights itself adds:
importing its modules, loading sources.yaml, the topic schema and two year files, comparing, rendering. Floor and
kzrights runs alternate, so a busy moment of the machine falls on both alike; one discarded warm-up run of each
fills the OS file cache and writes .pyc files (PYTHONDONTWRITEBYTECODE is dropped: pip compiles an installed
package's bytecode). Both wall-clock time and CPU time (user + system, from the child's rusage) are reported as
medians: CPU time is the steadier figure on a shared machine. Target: at most 1.2x.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent
CASES = {
    "terminal": (
        [str(BIN / "kzrights"), "--color", "always", "diff", "assembly", "2004", "2019"],
        "import click, yaml, diff_match_patch, rich.style",
    ),
    "json": (
        [str(BIN / "kzrights"), "diff", "assembly", "2004", "2019", "--format", "json"],
        "import click, yaml, diff_match_patch, json",
    ),
}
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run_once(command: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def measure(floor: list[str], ours: list[str], runs: int) -> dict[str, float]:
    """Medians over alternating runs of the floor and of kzrights."""
    run_once(floor), run_once(ours)  # warm-up: file cache, .pyc files
    samples: dict[str, list[float]] = {"floor wall": [], "ours wall": [], "floor cpu": [], "ours cpu": []}
    for _ in range(runs):
        for who, command in (("floor", floor), ("ours", ours)):
            wall, cpu = run_once(command)
            samples[f"{who} wall"].append(wall)
            samples[f"{who} cpu"].append(cpu)
    return {name: statistics.median(values) * 1000 for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {sys.platform}, median of {args.runs} alternating cold runs (ms)")
    print(
        f"{'case':<10} {'floor wall':>10} {'kzrights':>9} {'ratio':>6}   {'floor cpu':>9} {'kzrights':>9} {'ratio':>6}"
    )
    for name, (command, imports) in CASES.items():
        m = measure([sys.executable, "-c", imports], command, args.runs)
        print(
            f"{name:<10} {m['floor wall']:>10.1f} {m['ours wall']:>9.1f} {m['ours wall'] / m['floor wall']:>6.2f}"
            f"   {m['floor cpu']:>9.1f} {m['ours cpu']:>9.1f} {m['ours cpu'] / m['floor cpu']:>6.2f}"
        )


if __name__ == "__main__":
    main()

"""Measure `kzrights diff assembly 2004 2019` against the bare interpreter importing the same libraries.

Run: .venv/bin/python benchmarks/startup.py [--runs N] [--instructions]

Each measurement is a fresh process (a cold interpreter start), timed from spawn to exit. The floor for each case is
`python -c "import …"` of exactly the libraries that case needs (tests/test_benchmarks.py keeps the two lists
equal), so the ratio shows what kzrights itself adds: importing its modules, loading sources.yaml, the topic schema
and two year files, comparing, rendering. Target: at most 1.2x.

The `kzrights` entry point also skips the interpreter's final garbage collection at exit (kzrights/__main__.py),
which the bare interpreter does not. So that this saving cannot hide what kzrights' own work costs, a second floor,
"floor, no final gc", skips that collection too, and the ratio against it is printed beside the target ratio.

Floor and kzrights runs alternate, so a busy moment of the machine falls on all alike; one discarded warm-up run of
each fills the OS file cache and writes .pyc files (PYTHONDONTWRITEBYTECODE is dropped: pip compiles an installed
package's bytecode). Wall-clock and CPU time (user + system, from the child's rusage) are medians. With
--instructions, each command also runs once under valgrind's callgrind, whose instruction counts do not depend on
what else the machine is doing (PYTHONHASHSEED is fixed so that they repeat exactly).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
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
NO_FINAL_GC = "import atexit, gc; atexit.register(gc.freeze); "
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run_once(command: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} exited {os.waitstatus_to_exitcode(status)}")
    return wall, usage.ru_utime + usage.ru_stime


def instructions(command: list[str]) -> int:
    """Instructions one run executes, counted by callgrind."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**ENV, "PYTHONHASHSEED": "0"},
        check=True,
    )
    found = re.search(r"Collected : (\d+)", result.stderr)
    if found is None:
        raise SystemExit(f"callgrind printed no count for {' '.join(command)}")
    return int(found.group(1))


def commands(case: str) -> dict[str, list[str]]:
    kzrights, imports = CASES[case]
    return {
        "floor": [sys.executable, "-c", imports],
        "floor, no final gc": [sys.executable, "-c", NO_FINAL_GC + imports],
        "kzrights": kzrights,
    }


def measure(case: str, runs: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU milliseconds of each command of a case, over alternating runs."""
    todo = commands(case)
    for command in todo.values():
        run_once(command)  # warm-up: file cache, .pyc files
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in todo}
    for _ in range(runs):
        for name, command in todo.items():
            samples[name].append(run_once(command))
    return {
        name: (statistics.median(w for w, _ in got) * 1000, statistics.median(c for _, c in got) * 1000)
        for name, got in samples.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=31)
    parser.add_argument("--instructions", action="store_true", help="also count instructions with callgrind")
    args = parser.parse_args()
    if args.instructions and shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (Debian: apt install valgrind)")
    print(f"python {sys.version.split()[0]}, {sys.platform}, median of {args.runs} alternating cold runs")
    header = f"{'case':<9} {'':<19} {'wall ms':>8} {'cpu ms':>8}"
    print(header + (f" {'instructions':>13}" if args.instructions else ""))
    for case in CASES:
        times = measure(case, args.runs)
        counts = {name: instructions(cmd) for name, cmd in commands(case).items()} if args.instructions else {}
        for name, (wall, cpu) in times.items():
            line = f"{case:<9} {name:<19} {wall:>8.1f} {cpu:>8.1f}"
            print(line + (f" {counts[name]:>13,}" if counts else ""))
        ours_wall, ours_cpu = times["kzrights"]
        for floor in ("floor", "floor, no final gc"):
            wall, cpu = times[floor]
            ratios = f"wall {ours_wall / wall:.2f}, cpu {ours_cpu / cpu:.2f}"
            if counts:
                ratios += f", instructions {counts['kzrights'] / counts[floor]:.2f}"
            target = "  (target: at most 1.2)" if floor == "floor" else "  (kzrights' own work)"
            print(f"{case:<9} ratio to {floor:<19} {ratios}{target}")


if __name__ == "__main__":
    main()

"""Measure `kzrights diff assembly 2004 2019` against the bare interpreter importing the same libraries.

Run: .venv/bin/python benchmarks/startup.py [--runs N]

Each measurement is a fresh process (a cold interpreter start), timed from spawn to exit; the median of
N runs is reported, after one discarded warm-up run that fills the OS file cache and writes .pyc files
(PYTHONDONTWRITEBYTECODE is dropped for the runs: an installed package has its bytecode compiled by pip). The floor for each case
is `python -c "import …"` of exactly the libraries that case needs, so the ratio shows what kzrights itself
adds: loading two year files, comparing, rendering. Target: at most 1.2x.
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
        "import click, yaml, diff_match_patch, rich.console, rich.text",
    ),
    "json": (
        [str(BIN / "kzrights"), "diff", "assembly", "2004", "2019", "--format", "json"],
        "import click, yaml, diff_match_patch, json",
    ),
}


ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def median_seconds(command: list[str], runs: int) -> float:
    subprocess.run(command, capture_output=True, check=True, env=ENV)  # warm-up: file cache, .pyc files
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, env=ENV)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    print(f"python {sys.version.split()[0]}, median of {args.runs} cold runs")
    print(f"{'case':<10} {'floor ms':>9} {'kzrights ms':>12} {'ratio':>6}")
    for name, (command, imports) in CASES.items():
        floor = median_seconds([sys.executable, "-c", imports], args.runs)
        ours = median_seconds(command, args.runs)
        print(f"{name:<10} {floor * 1000:>9.1f} {ours * 1000:>12.1f} {ours / floor:>6.2f}")


if __name__ == "__main__":
    main()

"""Where the time of `kzrights diff assembly 2004 2019 --format json` goes, phase by phase, in fresh processes.

Run: .venv/bin/python benchmarks/phases.py [--runs N] [--instructions]

Complements startup.py (which times whole processes): each run is a new interpreter that times, with
perf_counter, importing the libraries, importing kzrights, loading the four files, comparing and rendering.
Medians in milliseconds. With --instructions, callgrind also counts the instructions of each phase: the
difference between a run that stops before it and one that stops after it (valgrind needed).
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import subprocess
import sys
from pathlib import Path

from startup import ENV, instructions

ROOT = Path(__file__).resolve().parent.parent

PHASES = {
    "libraries": "import click, yaml, diff_match_patch, json",
    "kzrights imports": """
from kzrights.cli import cli
from kzrights.compare import compare
from kzrights.corpus import Corpus, default_data_dir
from kzrights.render import as_json
from kzrights.render.options import RenderOptions
""",
    "load 4 files": """
corpus = Corpus(default_data_dir())
topic = corpus.topic("assembly")
old, new = corpus.resolve(topic, 2004), corpus.resolve(topic, 2019)
""",
    "compare": "report = compare(topic, old, new)",
    "render json": "as_json.render_diff(report, RenderOptions())",
}


def timing_probe() -> str:
    """Code that runs every phase and prints how long each took."""
    lines = ["import json, time", "marks = [time.perf_counter()]"]
    for code in PHASES.values():
        lines += [code, "marks.append(time.perf_counter())"]
    lines.append("print(json.dumps([b - a for a, b in zip(marks, marks[1:])]))")
    return "\n".join(lines)


def phase_instructions() -> list[int]:
    """Instructions of each phase: runs that stop after 0, 1, … phases, differenced."""
    codes = list(PHASES.values())
    totals = [instructions([sys.executable, "-c", "\n".join(codes[:upto])]) for upto in range(len(codes) + 1)]
    return [after - before for before, after in itertools.pairwise(totals)]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--instructions", action="store_true", help="also count instructions with callgrind")
    args = parser.parse_args()
    samples: list[list[float]] = []
    for _ in range(args.runs + 1):  # the first run warms the file cache and is dropped
        out = subprocess.run(
            [sys.executable, "-c", timing_probe()], capture_output=True, text=True, check=True, cwd=ROOT, env=ENV
        )
        samples.append(json.loads(out.stdout))
    counts = phase_instructions() if args.instructions else []
    print(f"python {sys.version.split()[0]}, median of {args.runs} fresh processes")
    print(f"{'phase':<18} {'ms':>6}" + (f" {'instructions':>13}" if counts else ""))
    for index, name in enumerate(PHASES):
        line = f"{name:<18} {statistics.median(s[index] for s in samples[1:]) * 1000:>6.1f}"
        print(line + (f" {counts[index]:>13,}" if counts else ""))


if __name__ == "__main__":
    main()

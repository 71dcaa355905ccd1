"""Where the time of `kzrights diff assembly 2004 2019 --format json` goes, phase by phase, in fresh processes.

Run: .venv/bin/python benchmarks/phases.py [--runs N]

Complements startup.py (which times whole processes): each run is a new interpreter that times, with
perf_counter, importing the libraries, importing kzrights, loading the four files, comparing and rendering.
Medians in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, time
t0 = time.perf_counter()
import click, yaml, diff_match_patch
t1 = time.perf_counter()
from kzrights.cli import cli
from kzrights.compare import compare
from kzrights.corpus import Corpus, default_data_dir
from kzrights.render import as_json
from kzrights.render.options import RenderOptions
t2 = time.perf_counter()
corpus = Corpus(default_data_dir())
topic = corpus.topic("assembly")
old, new = corpus.resolve(topic, 2004), corpus.resolve(topic, 2019)
t3 = time.perf_counter()
report = compare(topic, old, new)
t4 = time.perf_counter()
as_json.render_diff(report, RenderOptions())
t5 = time.perf_counter()
print(json.dumps([t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4]))
"""
# pip compiles an installed package's bytecode; an inherited PYTHONDONTWRITEBYTECODE would time the compiler instead.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
PHASES = ("libraries", "kzrights imports", "load 4 files", "compare", "render json")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    samples: list[list[float]] = []
    for _ in range(args.runs + 1):  # the first run warms the file cache and is dropped
        out = subprocess.run(
            [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, cwd=ROOT, env=ENV
        )
        samples.append(json.loads(out.stdout))
    print(f"python {sys.version.split()[0]}, median of {args.runs} fresh processes (ms)")
    for index, name in enumerate(PHASES):
        print(f"{name:<18} {statistics.median(s[index] for s in samples[1:]) * 1000:>6.1f}")


if __name__ == "__main__":
    main()

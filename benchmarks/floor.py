"""The floor under `validate` and `changelog`: what reading a corpus costs before any check or comparison.

Run: .venv/bin/python benchmarks/floor.py [--size 10000] [--jobs 2] [--work DIR]

Both commands must read every year file of the tree, each in its own process, so reading it is paid twice for
the pair. This script reads the benchmark's synthetic tree (built by benchmarks/scale.py, the same deterministic
generator) stage by stage, topic by topic in a pool of --jobs processes as the commands do, and prints the wall
and CPU seconds of each stage:

  bytes      the files' bytes, decoded (the operating system's share)
  libyaml    libyaml's C parser over every file, making no Python object (`CParser.raw_parse`)
  events     PyYAML's event objects, which every use of PyYAML's C loader builds (`CParser.get_event`)
  nodes      kzrights' strict node tree composed from those events (`strict_yaml.read_yaml`)
  model      the loader: schema checks and the model (`Corpus.versions`), the part both commands share

Each stage includes the ones above it. The 10-second goal of issue 14 is for the pair of commands, so the last
lines print twice each stage against it: what is left for everything else the two commands do.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale  # the generator lives beside this script

from kzrights.corpus import Corpus
from kzrights.strict_yaml import read_yaml
from kzrights.workers import ordered_map

GOAL_SECONDS = 10.0  # validate plus changelog --format json, issue 14


def _files(folder: Path) -> list[Path]:
    """A topic's YAML files, its topic.yaml among them: both commands read it too."""
    return sorted(folder.glob("*.yaml"))


def read_bytes(folder: Path) -> int:
    return sum(len(path.read_bytes().decode()) for path in _files(folder))


def libyaml(folder: Path) -> int:
    count = 0
    for path in _files(folder):
        parser = yaml.CSafeLoader(path.read_bytes().decode())
        count += parser.raw_parse()
        parser.dispose()
    return count


def events(folder: Path) -> int:
    count = 0
    for path in _files(folder):
        parser = yaml.CSafeLoader(path.read_bytes().decode())
        while type(parser.get_event()) is not yaml.StreamEndEvent:
            count += 1
        parser.dispose()
    return count


def nodes(folder: Path) -> int:
    return sum(read_yaml(path) is not None for path in _files(folder))


def model(folder: Path) -> int:
    corpus = Corpus(folder.parent)
    return len(corpus.versions(corpus.topic(folder.name)))


STAGES: dict[str, Callable[[Path], int]] = {
    "bytes": read_bytes,
    "libyaml": libyaml,
    "events": events,
    "nodes": nodes,
    "model": model,
}


def cpu_seconds() -> float:
    """User and system time of this process and of the workers it has reaped."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(stage: Callable[[Path], int], folders: list[Path], jobs: int) -> tuple[float, float]:
    """Wall and CPU seconds of one pass of `stage` over every topic folder."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    for _ in ordered_map(stage, folders, jobs):
        pass
    return time.perf_counter() - wall, cpu_seconds() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="year files (a multiple of 20)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kzrights-scale")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    root = scale.ensure(args.work, f"corpus-{args.size}", lambda root: scale.generate(root, args.size))
    folders = sorted(path for path in root.iterdir() if path.is_dir())
    files = sum(len(_files(folder)) for folder in folders)
    print(
        f"{files:,} YAML files ({files - len(folders):,} year files, {len(folders)} topic.yaml) under {root};"
        f" {args.jobs} processes, median of {args.runs} passes after a warm-up"
    )
    print(f"load average at the start: {' '.join(f'{load:.2f}' for load in os.getloadavg())}\n")
    print("| stage (each includes those above) | wall s | CPU s | µs a file (CPU) | twice, against the 10 s goal |")
    print("|---|---|---|---|---|")
    for name, stage in STAGES.items():
        timed(stage, folders, args.jobs)  # warm-up: the file cache
        passes = [timed(stage, folders, args.jobs) for _ in range(args.runs)]
        wall = statistics.median(wall for wall, _ in passes)
        cpu = statistics.median(cpu for _, cpu in passes)
        share = 2 * wall / GOAL_SECONDS
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {cpu / files * 1e6:,.0f} | {2 * wall:.2f} s ({share:.0%}) |")
    print(f"\nload average at the end: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")


if __name__ == "__main__":
    main()

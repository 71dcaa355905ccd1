"""The floor under `validate` and `changelog`: what reading a corpus costs before any check or comparison.

Run: .venv/bin/python benchmarks/floor.py [--size 10000] [--jobs 2] [--work DIR]
     .venv/bin/python benchmarks/floor.py --wide      # the three files `diff` reads for the 1,300-rule pair

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
column prints twice each stage against it: what is left for everything else the two commands do. With --wide the
same stages run in one process over the topic.yaml of 2,500 fields and the two year files of 1,300 rules that
`diff wide 2004 2005` reads, against that diff's 0.5 s goal (which also pays for the interpreter and imports).
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
WIDE_GOAL_SECONDS = 0.5  # diff of the 1,300-rule pair

# A stage's work: a topic folder and the year files to read in it (None: all of them)
Task = tuple[Path, tuple[int, ...] | None]


def _files(task: Task) -> list[Path]:
    """The task's YAML files, the topic's topic.yaml among them: every command reads it too."""
    folder, years = task
    if years is None:
        return sorted(folder.glob("*.yaml"))
    return [folder / "topic.yaml", *(folder / f"{year}.yaml" for year in years)]


def read_bytes(task: Task) -> int:
    return sum(len(path.read_bytes().decode()) for path in _files(task))


def libyaml(task: Task) -> int:
    count = 0
    for path in _files(task):
        parser = yaml.CSafeLoader(path.read_bytes().decode())
        count += parser.raw_parse()
        parser.dispose()
    return count


def events(task: Task) -> int:
    count = 0
    for path in _files(task):
        parser = yaml.CSafeLoader(path.read_bytes().decode())
        while type(parser.get_event()) is not yaml.StreamEndEvent:
            count += 1
        parser.dispose()
    return count


def nodes(task: Task) -> int:
    return sum(read_yaml(path) is not None for path in _files(task))


def model(task: Task) -> int:
    folder, years = task
    corpus = Corpus(folder.parent)
    topic = corpus.topic(folder.name)
    if years is None:
        return len(corpus.versions(topic))
    return len([corpus.version(topic, year) for year in years])


STAGES: dict[str, Callable[[Task], int]] = {
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


def timed(stage: Callable[[Task], int], tasks: list[Task], jobs: int) -> tuple[float, float]:
    """Wall and CPU seconds of one pass of `stage` over every task."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    for _ in ordered_map(stage, tasks, jobs):
        pass
    return time.perf_counter() - wall, cpu_seconds() - cpu


def table(tasks: list[Task], jobs: int, runs: int, goal: float, times: int) -> None:
    """Print each stage's median wall and CPU seconds, and `times` its wall time against `goal`."""
    files = sum(len(_files(task)) for task in tasks)
    print(
        f"| stage (each includes those above) | wall s | CPU s | µs a file (CPU) | ×{times}, against the {goal:g} s goal |"
    )
    print("|---|---|---|---|---|")
    for name, stage in STAGES.items():
        timed(stage, tasks, jobs)  # warm-up: the file cache
        passes = [timed(stage, tasks, jobs) for _ in range(runs)]
        wall = statistics.median(wall for wall, _ in passes)
        cpu = statistics.median(cpu for _, cpu in passes)
        print(
            f"| {name} | {wall:.3f} | {cpu:.3f} | {cpu / files * 1e6:,.0f} |"
            f" {times * wall:.3f} s ({times * wall / goal:.0%}) |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="year files (a multiple of 20)")
    parser.add_argument("--wide", action="store_true", help="the files of the 1,300-rule diff instead")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kzrights-scale")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"load average at the start: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
    if args.wide:
        root = scale.ensure(args.work, f"wide-v{scale.WIDE_VERSION}", scale.generate_wide)
        task: Task = (root / "wide", scale.wide_years(max(scale.WIDE_RULES)))
        size = sum(path.stat().st_size for path in _files(task))
        print(f"{', '.join(path.name for path in _files(task))} under {root / 'wide'} ({size:,} bytes), one process\n")
        table([task], 1, max(args.runs, 5), WIDE_GOAL_SECONDS, 1)
    else:
        root = scale.ensure(args.work, f"corpus-{args.size}", lambda root: scale.generate(root, args.size))
        tasks: list[Task] = [(path, None) for path in sorted(root.iterdir()) if path.is_dir()]
        files = sum(len(_files(task)) for task in tasks)
        print(
            f"{files:,} YAML files ({files - len(tasks):,} year files, {len(tasks)} topic.yaml) under {root};"
            f" {args.jobs} processes, median of {args.runs} passes after a warm-up\n"
        )
        table(tasks, args.jobs, args.runs, GOAL_SECONDS, 2)
    print(f"\nload average at the end: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")


if __name__ == "__main__":
    main()

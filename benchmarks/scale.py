"""How kzrights scales: synthetic corpora of 100, 1,000 and 10,000 year files, timed command by command.

Run: .venv/bin/python benchmarks/scale.py [--sizes 100 1000 10000] [--runs N] [--work DIR]
     .venv/bin/python benchmarks/scale.py --profile "changelog --format json" [--size 10000]

The corpora are made deterministically from the real one (provisions/): each real topic is copied under new
names (`assembly-0001`, `exit-0002`, …) until there are enough year files; sources.yaml lists twenty synthetic
source years, 2000 to 2019, and each topic has a file for every one of them. A synthetic year takes the rules of
the real year its place in the timeline falls on (the first five years take 2004's, and so on), with each field
value perturbed, with probability 0.3, within the schema: an integer moved by a few steps, an enum to another of its
values, a boolean flipped, a list item dropped or added, a text reworded. Citations keep their lines and quotes and
name the synthetic year's source, so `kzrights validate` (without --sources) accepts every file; the script checks
that it does before timing anything. A second corpus holds one topic of 2,500 fields and year files of 325, 650 and
1,300 rules (the largest about 1 MB), for `diff` on a big schema.

Each measurement is a fresh `kzrights` process (as users run it), with its output sent to /dev/null; wall-clock
time and peak memory (the child's `ru_maxrss`, from os.wait4) are medians and maxima over --runs runs. The
growth exponent is the slope of log(time) against log(files) by least squares: 1 is linear. The corpora are kept
in --work (default: the system's temporary folder) and rebuilt only when the generator or the real corpus changes.

`--profile COMMAND` runs one command in-process under cProfile and prints the top entries by cumulative and by
own time, as docs/benchmarks.md records them.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import io
import math
import os
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from kzrights.corpus import Corpus
from kzrights.model import FieldSpec, FieldType, Rule, Topic, Value, Version

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "provisions"
BIN = Path(sys.executable).parent
GENERATOR_VERSION = "2"  # bump when the generated corpora change, so kept copies are rebuilt
WIDE_VERSION = "3"  # the same for the wide corpus

YEARS = tuple(range(2000, 2020))
SIZES = (100, 1_000, 10_000)
WIDE_FIELDS = 2_500
WIDE_RULES = (325, 650, 1_300)
PERTURB = 0.3

_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


# --- generating the corpora -----------------------------------------------------------------------------


def source_id(year: int) -> str:
    return f"synthetic-{year}"


def write_yaml(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)
    path.write_text(text, encoding="utf-8")


def write_sources(root: Path, years: Sequence[int] = YEARS) -> None:
    """A registry of twenty synthetic source years; the files it names need not exist without --sources."""
    write_yaml(
        root / "sources.yaml",
        {
            "sources": [
                {
                    "id": source_id(year),
                    "year": year,
                    "kind": "foreign-government-report",
                    "title": f"Synthetic report on {year}",
                    "publisher": "kzrights benchmarks",
                    "published": None,
                    "covers": f"events of {year}",
                    "file": f"synthetic-{year}.txt",
                    "sha256": hashlib.sha256(str(year).encode()).hexdigest(),
                }
                for year in years
            ]
        },
    )
    # every year has an MCI, so that tenge amounts (fines) compare in real terms, as validate requires
    write_yaml(
        root / "mci.yaml",
        {
            "mci": [
                {"year": year, "tenge": 1000 + 75 * (year - YEARS[0]), "basis": "synthetic, for the benchmark"}
                for year in years
            ]
        },
    )


def topic_data(topic: Topic, name: str) -> dict[str, Any]:
    """A topic's schema as topic.yaml writes it, under a new name; no silent years (every year has a file)."""
    return {
        "topic": name,
        "title": f"{topic.title} ({name})",
        "description": topic.description,
        "rule_order": list(topic.rule_order),
        "fields": {spec.name: spec_data(spec) for spec in topic.fields},
    }


def spec_data(spec: FieldSpec) -> dict[str, Any]:
    data: dict[str, Any] = {"type": spec.type.value, "stricter": spec.stricter.value, "meaning": spec.meaning}
    if spec.unit is not None:
        data["unit"] = spec.unit
    if spec.values:
        data["values"] = list(spec.values)
    return data


def perturb(value: Value, spec: FieldSpec, rng: random.Random) -> Value:
    """Another value the schema allows, near the given one."""
    match spec.type:
        case FieldType.BOOLEAN:
            return not value
        case FieldType.INTEGER:
            assert isinstance(value, int)
            return max(0, value + rng.choice((-2, -1, 1, 2)) * max(1, value // 10))
        case FieldType.NUMBER:
            assert isinstance(value, int | float)
            return round(max(0.5, value * rng.choice((0.5, 0.8, 1.25, 2))), 1)
        case FieldType.ENUM:
            others = [v for v in spec.values if v != value]
            return rng.choice(others) if others else value
        case FieldType.LIST:
            assert isinstance(value, tuple)
            if len(value) > 1 and rng.random() < 0.5:
                drop = rng.randrange(len(value))
                return value[:drop] + value[drop + 1 :]
            return (*value, f"synthetic ground {rng.randrange(1000)}")
        case FieldType.TEXT:
            return f"{value} (as amended, variant {rng.randrange(100)})"


def version_data(version: Version, topic: Topic, name: str, year: int, rng: random.Random) -> dict[str, Any]:
    """A real year file as a synthetic year's: its source renamed, its values perturbed within the schema."""
    return {
        "topic": name,
        "year": year,
        "source": source_id(year),
        "summary": version.summary,
        "rules": [rule_data(rule, topic, year, rng) for rule in version.rules],
    }


def rule_data(rule: Rule, topic: Topic, year: int, rng: random.Random) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for field, value in rule.fields:
        spec = topic.field_spec(field)
        assert spec is not None
        stated = perturb(value, spec, rng) if rng.random() < PERTURB else value
        fields[field] = list(stated) if isinstance(stated, tuple) else stated
    data: dict[str, Any] = {"id": rule.id, "title": rule.title, "text": rule.text}
    if fields:
        data["fields"] = fields
    data["cite"] = [
        {
            "source": source_id(year),
            "lines": cite.lines,
            "quote": cite.quote,
            **({"supports": list(cite.supports)} if cite.supports is not None else {}),
        }
        for cite in rule.cite
    ]
    if rule.caveats:
        data["caveats"] = [
            {
                "field": caveat.field,
                **({"comparable": False} if not caveat.comparable else {}),
                "note": caveat.note,
                "cite": [{"source": source_id(year), "lines": c.lines, "quote": c.quote} for c in caveat.cite],
            }
            for caveat in rule.caveats
        ]
    return data


def generate(root: Path, files: int) -> None:
    """A corpus of `files` year files (a multiple of twenty): real topics copied under new names."""
    real = Corpus(REAL)
    topics = [real.topic(name) for name in real.topic_names()]
    versions = {topic.name: real.versions(topic) for topic in topics}
    write_sources(root)
    for index in range(files // len(YEARS)):
        topic = topics[index % len(topics)]
        name = f"{topic.name}-{index + 1:04d}"
        write_yaml(root / name / "topic.yaml", topic_data(topic, name))
        templates = versions[topic.name]
        for place, year in enumerate(YEARS):
            template = templates[place * len(templates) // len(YEARS)]
            rng = random.Random(f"{name}/{year}")
            write_yaml(root / name / f"{year}.yaml", version_data(template, topic, name, year, rng))


def generate_wide(root: Path) -> None:
    """One topic of WIDE_FIELDS fields and, for each size in WIDE_RULES, two year files of that many rules."""
    write_sources(root, [year for size in WIDE_RULES for year in wide_years(size)])
    field_names = [f"measure_{n:04d}" for n in range(WIDE_FIELDS)]
    fields: dict[str, Any] = {}
    for n, field in enumerate(field_names):
        kind = (FieldType.INTEGER, FieldType.BOOLEAN, FieldType.ENUM, FieldType.TEXT)[n % 4]
        spec: dict[str, Any] = {"type": kind.value, "meaning": f"Synthetic measure {n} of the wide benchmark topic."}
        if kind is FieldType.INTEGER:
            spec |= {"unit": "days", "stricter": "higher"}
        elif kind is FieldType.BOOLEAN:
            spec["stricter"] = "true"
        elif kind is FieldType.ENUM:
            spec |= {"values": ["notification", "permit", "ban"], "stricter": "later-in-order"}
        else:
            spec["stricter"] = "none"
        fields[field] = spec
    rule_ids = [f"rule-{n:04d}" for n in range(max(WIDE_RULES))]
    write_yaml(
        root / "wide" / "topic.yaml",
        {
            "topic": "wide",
            "title": "Wide benchmark topic",
            "description": f"{WIDE_FIELDS} fields, for timing diff on a big schema.",
            "rule_order": rule_ids,
            "fields": fields,
        },
    )
    # rule n states fields 2n and 2n+1, so that each field has one home rule; rules past the schema state none
    homes = {rule_id: field_names[2 * n : 2 * n + 2] for n, rule_id in enumerate(rule_ids)}
    for size in WIDE_RULES:
        for year in wide_years(size):
            rng = random.Random(f"wide/{year}")
            data = {
                "topic": "wide",
                "year": year,
                "source": source_id(year),
                "summary": f"{size} synthetic rules.",
                "rules": [wide_rule(rule_id, homes[rule_id], fields, year, rng) for rule_id in rule_ids[:size]],
            }
            write_yaml(root / "wide" / f"{year}.yaml", data)


def wide_years(size: int) -> tuple[int, int]:
    """The two source years compared at a WIDE_RULES size: 2000 and 2001 for 325 rules, 2002 and 2003 for 650, …"""
    first = YEARS[2 * WIDE_RULES.index(size)]
    return first, first + 1


def wide_rule(rule_id: str, names: list[str], fields: dict[str, Any], year: int, rng: random.Random) -> dict[str, Any]:
    """A rule as every year states it, except that this year's source restates some values (0.3) and texts (0.1)."""
    base = random.Random(rule_id)

    def stated(options: Sequence[Any], changes: float) -> Any:
        usual = base.choice(options)
        return rng.choice(options) if rng.random() < changes else usual

    values: dict[str, Any] = {}
    for name in names:
        kind = fields[name]["type"]
        if kind == "integer":
            values[name] = stated((5, 10, 15), PERTURB)
        elif kind == "boolean":
            values[name] = stated((True, False), PERTURB)
        elif kind == "enum":
            values[name] = stated(fields[name]["values"], PERTURB)
        else:
            values[name] = stated(("the local authorities", "the city akimat", "the prosecutor"), PERTURB)
    reworded = rng.random() < 0.1
    words = random.Random(f"{rule_id}/{year}") if reworded else random.Random(rule_id)
    text = (
        f"Organizers must apply to {words.choice(('the local authorities', 'the akimat'))} at least "
        f"{words.choice((5, 10))} days before the event; the authority may refuse on grounds the law lists, and "
        f"must answer within {words.choice((3, 5))} days. The report says that in practice applications were "
        f"{words.choice(('often', 'sometimes'))} refused or granted only for sites outside the city centre, and that "
        "organizers of events held without permission were fined or detained."
    )
    data: dict[str, Any] = {"id": rule_id, "title": f"Synthetic rule {rule_id}", "text": text}
    if values:
        data["fields"] = values
    data["cite"] = [
        {"source": source_id(year), "lines": "10-12", "quote": "Organizers must apply at least ten days in advance"},
        {"source": source_id(year), "lines": "14-15", "quote": "applications were often refused or moved outside"},
    ]
    return data


def corpus_stamp() -> str:
    """What the generated corpora depend on: the generator's version and every file of the real corpus."""
    digest = hashlib.sha256(GENERATOR_VERSION.encode())
    for path in sorted(REAL.rglob("*.yaml")):
        digest.update(path.relative_to(REAL).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def ensure(work: Path, name: str, build: Any) -> Path:
    """The corpus `name` under work/, built (into a temporary folder, then renamed) unless already complete."""
    root = work / f"{name}-{corpus_stamp()}"
    if (root / ".complete").exists():
        return root
    building = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=work))
    build(building)
    (building / ".complete").write_text("")
    shutil.rmtree(root, ignore_errors=True)
    building.rename(root)
    return root


# --- measuring ------------------------------------------------------------------------------------------


def command(root: Path, args: Sequence[str]) -> list[str]:
    return [str(BIN / "kzrights"), "--data", str(root), *args]


# A small launcher (no site, no kzrights) that runs one command with its output sent to /dev/null and reports its
# wall time and memory. On Linux a child's ru_maxrss includes what it inherited from the process that forked it, so
# the measuring process must itself be small: this one is about 5 MB, against kzrights' 20 MB and more. With a
# process pool, ru_maxrss is that of the largest single process; the launcher also samples the resident memory of
# the whole process tree every 10 ms (from /proc; pages that forked workers share count once per process, so the
# sum overstates the memory used) and reports the larger of the two.
LAUNCHER = """
import os, sys, time

def tree_rss(pid):
    total, todo = 0, [str(pid)]
    while todo:
        this = todo.pop()
        try:
            with open(f"/proc/{this}/statm") as statm:
                total += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            with open(f"/proc/{this}/task/{this}/children") as children:
                todo += children.read().split()
        except OSError:
            pass
    return total

start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.execv(sys.argv[1], sys.argv[1:])
peak = 0
while True:
    done, status, usage = os.wait4(pid, os.WNOHANG)
    if done:
        break
    peak = max(peak, tree_rss(pid))
    time.sleep(0.01)
wall = time.perf_counter() - start
cpu = usage.ru_utime + usage.ru_stime  # the command's and its reaped workers'
print(wall, cpu, max(usage.ru_maxrss * 1024, peak), os.waitstatus_to_exitcode(status))
"""


class Figures(NamedTuple):
    wall: float  # seconds
    cpu: float  # seconds of user and system time, workers included
    memory: float  # MB


def run_once(argv: list[str]) -> Figures:
    """Wall-clock and CPU seconds and peak memory of one run of a command, which must succeed."""
    done = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, *argv], capture_output=True, text=True, check=True)
    wall, cpu, memory, status = done.stdout.split()
    if int(status) != 0:
        raise SystemExit(f"{' '.join(argv)} exited {status}:\n{done.stderr[:2000]}")
    return Figures(float(wall), float(cpu), int(memory) / 1e6)


def measure(argv: list[str], runs: int) -> Figures:
    """Median times and the largest peak memory over `runs` runs, after one warm-up run."""
    run_once(argv)  # the file cache and .pyc files, as any second run of the day has them
    samples = [run_once(argv) for _ in range(runs)]
    return Figures(
        statistics.median(s.wall for s in samples),
        statistics.median(s.cpu for s in samples),
        max(s.memory for s in samples),
    )


def growth(sizes: Sequence[int], seconds: Sequence[float]) -> float:
    """The least-squares slope of log(seconds) on log(size): 1 is linear, 2 quadratic; NaN from a single size."""
    if len(set(sizes)) < 2:
        return math.nan
    xs = [math.log(size) for size in sizes]
    ys = [math.log(value) for value in seconds]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum((x - mean_x) ** 2 for x in xs)


def corpus_cases(files: int) -> dict[str, list[str]]:
    """The commands timed on a corpus of `files` year files: two over the whole tree, three over one topic."""
    topic = "assembly-0001"
    return {
        "validate": ["validate"],
        "changelog --format json": ["changelog", "--format", "json"],
        "changelog --format markdown": ["changelog", "--format", "markdown"],
        f"history {topic}": ["history", topic],
        f"blame {topic} 2019": ["blame", topic, "2019"],
        f"diff {topic} 2000 2019": ["diff", topic, "2000", "2019"],
    }


def table(title: str, sizes: Sequence[int], results: dict[str, list[Figures]]) -> Iterator[str]:
    """Markdown rows: each case's wall seconds (CPU seconds), peak MB at every size, and the growth exponents."""
    yield f"| {title} | " + " | ".join(f"{size:,}" for size in sizes) + " | exponent (wall, cpu) |"
    yield "|---|" + "---|" * len(sizes) + "---|"
    for case, figures in results.items():
        cells = [f"{f.wall:.2f} s ({f.cpu:.2f}), {f.memory:.0f} MB" for f in figures]
        slopes = [growth(sizes, [f.wall for f in figures]), growth(sizes, [f.cpu for f in figures])]
        exponents = ", ".join("–" if math.isnan(slope) else f"{slope:.2f}" for slope in slopes)
        yield f"| {case} | " + " | ".join(cells) + f" | {exponents} |"


def benchmark(work: Path, sizes: Sequence[int], runs: int) -> None:
    corpora = {size: ensure(work, f"corpus-{size}", lambda root, n=size: generate(root, n)) for size in sizes}
    wide = ensure(work, f"wide-v{WIDE_VERSION}", generate_wide)
    for root in [*corpora.values(), wide]:
        run_once(command(root, ["validate"]))  # exits non-zero, and so stops the benchmark, on any problem
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, median of {runs} runs after one warm-up")
    print(f"load average at the start: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
    print(f"corpora under {work}, each checked by `kzrights validate`\n")
    results: dict[str, list[Figures]] = {}
    for size, root in corpora.items():
        for case, args in corpus_cases(size).items():
            results.setdefault(case, []).append(measure(command(root, args), runs))
    print("\n".join(table("year files", sizes, results)))
    print()
    for changelog in ("changelog --format json", "changelog --format markdown"):
        together = [v.wall + c.wall for v, c in zip(results["validate"], results[changelog], strict=True)]
        shown = " / ".join(f"{seconds:.2f} s" for seconds in together)
        print(f"validate + {changelog}: {shown} (goal at 10,000 files: at most 10 s, 500 MB each)")
    print()
    wide_results: dict[str, list[Figures]] = {}
    for size in WIDE_RULES:
        old, new = wide_years(size)
        for label, args in {
            "diff (fields and redlines)": ["diff", "wide", str(old), str(new)],
            "diff --view semantic": ["diff", "wide", str(old), str(new), "--view", "semantic"],
            "diff --format json": ["diff", "wide", str(old), str(new), "--format", "json"],
        }.items():
            wide_results.setdefault(label, []).append(measure(command(wide, args), runs))
    print("\n".join(table(f"rules, schema of {WIDE_FIELDS:,} fields", WIDE_RULES, wide_results)))
    largest = wide / "wide" / f"{wide_years(max(WIDE_RULES))[1]}.yaml"
    print(f"\n(the {max(WIDE_RULES):,}-rule file is {largest.stat().st_size:,} bytes; goal: at most 0.5 s)")
    print(f"load average at the end: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")


# --- profiling ------------------------------------------------------------------------------------------


def profile(root: Path, args: Sequence[str], top: int) -> None:
    """Run one command in this process under cProfile and print its top entries, by cumulative and own time."""
    from kzrights.cli import cli

    profiler = cProfile.Profile()
    saved = sys.stdout
    sys.stdout = io.TextIOWrapper(open(os.devnull, "wb"), encoding="utf-8")  # noqa: SIM115 - closed below
    try:
        profiler.runcall(cli.main, ["--data", str(root), *args], prog_name="kzrights", standalone_mode=False)
    finally:
        sys.stdout.close()
        sys.stdout = saved
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        # kzrights' own functions and the libraries that do its work; click's wrappers would fill the top
        stats = pstats.Stats(profiler, stream=out).sort_stats(order)
        stats.print_stats(r"kzrights/|json/|yaml/|\{", top)
        print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="year files (multiples of 20)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kzrights-scale")
    parser.add_argument("--profile", metavar="COMMAND", help='e.g. "changelog --format json"')
    parser.add_argument("--size", type=int, default=10_000, help="the corpus --profile runs on")
    parser.add_argument("--top", type=int, default=15, help="entries --profile prints")
    args = parser.parse_args()
    if any(size % len(YEARS) for size in [*args.sizes, args.size]):
        raise SystemExit(f"sizes must be multiples of {len(YEARS)} (one file per topic and source year)")
    args.work.mkdir(parents=True, exist_ok=True)
    if args.profile:
        root = ensure(args.work, f"corpus-{args.size}", lambda root: generate(root, args.size))
        profile(root, args.profile.split(), args.top)
    else:
        benchmark(args.work, args.sizes, args.runs)


if __name__ == "__main__":
    main()

"""How long the redline takes on texts built to be slow, and on the whole real corpus.

Run: .venv/bin/python benchmarks/redline.py [--runs N]

Issue 11 measured 48 s for two 40 KB rule texts of random two-letter words and 31 s for an honest 50 KB text
rewritten from one year to the next, both inside the 1 MiB file limit: enough to stall `diff --fail-on` in CI
and `git diff`. The redline now spends at most textdiff.REDLINE_BUDGET cells of the edit graph; this script
times the same cases (and one that splits the texts into hundreds of cheap stretches, to spend the whole
budget), reports the cells spent and the stretches refused, and times every redline the real corpus has.
tests/test_hostile.py checks the same cases without a clock: the budget holds, and both texts are rebuilt.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import string
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from kzrights.corpus import Corpus
from kzrights.textdiff import REDLINE_BUDGET, Budget, redline

ROOT = Path(__file__).resolve().parent.parent
TWO_LETTERS = [a + b for a in string.ascii_lowercase for b in string.ascii_lowercase]


def words(rng: random.Random, size: int, vocabulary: list[str]) -> str:
    """Words drawn from a vocabulary until the text is `size` characters long."""
    chosen: list[str] = []
    length = 0
    while length < size:
        chosen.append(rng.choice(vocabulary))
        length += len(chosen[-1]) + 1
    return " ".join(chosen)


def anchored(seed: int) -> str:
    """A word found once on each side every 20 two-letter words: hundreds of small stretches, each cheap."""
    rng = random.Random(seed)
    return " ".join(f"anchor{i} " + " ".join(rng.choice(TWO_LETTERS) for _ in range(20)) for i in range(650))


def two_letter_words() -> tuple[str, str]:
    rng = random.Random(11)
    return words(rng, 40_000, TWO_LETTERS), words(rng, 40_000, TWO_LETTERS)


def rewritten() -> tuple[str, str]:
    rng = random.Random(11)
    vocabulary = ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 10))) for _ in range(4000)]
    return words(rng, 50_000, vocabulary[:2000]), words(rng, 50_000, vocabulary[2000:])


ADVERSARIAL: dict[str, Callable[[], tuple[str, str]]] = {
    "two-letter-words-40kb": two_letter_words,
    "rewritten-50kb": rewritten,
    "anchored-40kb": lambda: (anchored(1), anchored(2)),
}


def real_pairs() -> list[tuple[str, str]]:
    """Every pair of texts of one rule in two source years of the real corpus."""
    corpus = Corpus(ROOT / "provisions")
    pairs = []
    for name in corpus.topic_names():
        versions = corpus.versions(corpus.topic(name))
        for old, new in itertools.combinations(versions, 2):
            for rule in new.rules:
                if (before := old.rule(rule.id)) is not None:
                    pairs.append((before.text, rule.text))
    return pairs


def timed(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    print(f"budget: {REDLINE_BUDGET:,} cells per redline; median of {runs} runs")
    print(f"{'case':<24} {'chars':>15} {'seconds':>8} {'cells spent':>12} {'refused':>8}")
    for name, make in ADVERSARIAL.items():
        old, new = make()
        budget = Budget()
        redline(old, new, budget)
        seconds = timed(partial(redline, old, new), runs)
        print(f"{name:<24} {len(old):>7,}/{len(new):<7,} {seconds:>8.3f} {budget.spent:>12,} {budget.refused:>8}")
    pairs = real_pairs()
    budgets = [Budget() for _ in pairs]
    for (old, new), budget in zip(pairs, budgets, strict=True):
        redline(old, new, budget)
    seconds = timed(lambda: [redline(old, new) for old, new in pairs], runs)
    most = max(budget.spent for budget in budgets)
    refused = sum(budget.refused for budget in budgets)
    print(
        f"{'real corpus, all pairs':<24} {len(pairs):>15} {seconds:>8.3f} {most:>12,} {refused:>8}  (cells: the most of one pair)"
    )


if __name__ == "__main__":
    main()

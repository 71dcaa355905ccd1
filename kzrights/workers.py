"""Whole-corpus work spread over the machine's cores, its results handed back in the order asked for.

`validate` and `changelog` read every file of a tree, topic by topic, and the topics are independent: each one
can be read, checked and rendered in a worker process. A pool costs about 30 ms to start (importing
multiprocessing and forking), which a small tree does not earn back, so below POOL_FROM_FILES year files the work
is done in this process and multiprocessing is never imported (docs/benchmarks.md has the figures).
"""

from __future__ import annotations

import itertools
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

A = TypeVar("A")
T = TypeVar("T")

POOL_FROM_FILES = 200  # measured: below this a pool's start-up costs more than the second core saves


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS and Windows have no affinity call
        return os.cpu_count() or 1


def jobs_for(files: int, tasks: int, requested: int | None) -> int:
    """How many processes to use: as requested, else one per core for a large tree and one for a small tree; never
    more than there are tasks (topics) or than twice the cores, which the work (all computing) cannot use."""
    wanted = requested if requested is not None else cores() if files >= POOL_FROM_FILES else 1
    return max(1, min(wanted, tasks, 2 * cores()))


def ordered_map(function: Callable[[A], T], items: Iterable[A], jobs: int) -> Iterator[T]:
    """`map(function, items)`, in `jobs` processes when more than one: results in the order of `items`.

    Items are drawn lazily, at most two per worker ahead of the result last handed back, so that an item may
    depend on what the caller has seen so far (the Markdown changelog asks for no more rows once it is full).
    `function` and the items must pickle (a module-level function, plain data). An exception in a worker is
    raised here, at the place of its item, as it would be without workers; leaving the loop early ends the pool.
    """
    if jobs <= 1:
        yield from map(function, items)
        return
    import multiprocessing  # only here: its import alone is a tenth of kzrights' start-up

    # fork shares the parent's imported modules with the workers at no cost; elsewhere each worker imports anew
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    pending = iter(items)
    with context.Pool(jobs) as pool:
        started = deque(pool.apply_async(function, (item,)) for item in itertools.islice(pending, 2 * jobs))
        while started:
            result = started.popleft().get()
            yield result
            started.extend(pool.apply_async(function, (item,)) for item in itertools.islice(pending, 1))

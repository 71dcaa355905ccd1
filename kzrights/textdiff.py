"""Word-level redline on diff-match-patch; the only module that imports it.

Each token becomes one private-use character (the `linesToChars` trick at word level), so the character diff is a
word diff and semantic cleanup works on whole words. Two passes keep it fast and fine: the first aligns the texts
on words that carry their trailing space (half the tokens for the pure-Python bisection, which is quadratic in the
worst case); the second re-diffs each replaced stretch on single words, spaces and punctuation, so that words the
two sides share inside a replacement stay unmarked. Within a pass, words that occur exactly once on each side and
in the same order anchor the alignment (as in patience diff): diff-match-patch only bisects the short stretches
between them, and a shared rare word such as "permit" is not traded for a match on "the".

The work has a bound that does not depend on the machine. diff-match-patch's bisection explores at most the
edit graph of a stretch, old words × new words cells, and each redline may spend REDLINE_BUDGET cells in all,
over both passes. A stretch that would overdraw it is shown replaced whole (after its common first and last
words), which is what a reader makes of a rewrite anyway. Counting cells rather than watching a clock keeps the
output the same on a busy CI runner and a fast laptop; docs/benchmarks.md records what the budget costs.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from enum import StrEnum
from typing import Final

from diff_match_patch import diff_match_patch

from kzrights.record import Record

_TOKEN = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")
_FINE_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_WORD = re.compile(r"\w")
# A replaced stretch longer than this is a rewrite: re-diffing it word by word costs more than it shows.
_REFINE_AT_MOST = 100
_PRIVATE_USE = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE), range(0x100000, 0x10FFFE))
_MAX_TOKENS = sum(len(block) for block in _PRIVATE_USE)
# Cells of the edit graph one redline may explore: about 1 µs each at worst in the pure-Python bisection, so a
# quarter of a second whatever the texts. The real corpus needs at most 7,736 for a rule (docs/benchmarks.md).
REDLINE_BUDGET = 250_000
_CLEANUP_AT_MOST = 256


class Budget:
    """The cells of the edit graph a redline may still explore, spent stretch by stretch, in a fixed order."""

    __slots__ = ("limit", "spent", "refused")

    def __init__(self, limit: int = REDLINE_BUDGET) -> None:
        self.limit = limit
        self.spent = 0
        self.refused = 0  # stretches shown replaced whole because diffing them would overdraw the budget

    def take(self, cells: int) -> bool:
        """Spend `cells` if they are left, and say whether they were."""
        if self.spent + cells > self.limit:
            self.refused += 1
            return False
        self.spent += cells
        return True


class Op(StrEnum):
    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"


class Segment(Record):
    """A run of text that both sides share, or that only the old or only the new side has."""

    __slots__ = ("op", "text")

    def __init__(self, op: Op, text: str) -> None:
        self.op: Final = op
        self.text: Final = text


_OPS = {0: Op.EQUAL, -1: Op.DELETE, 1: Op.INSERT}


def tokenize(text: str) -> list[str]:
    """Split into words and punctuation marks, each with the white space after it; joining gives the text."""
    return _TOKEN.findall(text)


def redline(old: str, new: str, budget: Budget | None = None) -> tuple[Segment, ...]:
    """Diff two texts word by word; EQUAL+DELETE segments rebuild `old`, EQUAL+INSERT rebuild `new`."""
    if old == new:
        return (Segment(Op.EQUAL, old),) if old else ()
    budget = Budget() if budget is None else budget
    aligned = _merge(_diff(tokenize(old), tokenize(new), budget))
    refined: list[Segment] = []
    i = 0
    while i < len(aligned):
        pair = aligned[i : i + 2]
        if len(pair) == 2 and {pair[0].op, pair[1].op} == {Op.DELETE, Op.INSERT}:
            deleted, inserted = sorted(pair, key=lambda segment: segment.op is Op.INSERT)
            refined.extend(_refine(_FINE_TOKEN.findall(deleted.text), _FINE_TOKEN.findall(inserted.text), budget))
            i += 2
        else:
            refined.append(aligned[i])
            i += 1
    return tuple(_merge([segment for segment in refined if segment.text]))


def _refine(old: list[str], new: list[str], budget: Budget) -> list[Segment]:
    """Re-diff a replaced stretch word by word; a long rewrite only gives back the words it starts and ends with."""
    if max(len(old), len(new)) <= _REFINE_AT_MOST:
        return _diff(old, new, budget)
    return _replaced(old, new)


def _replaced(old: list[str], new: list[str]) -> list[Segment]:
    """The stretch replaced whole, but for the words it starts and ends with on both sides."""
    head = _common_length(old, new)
    tail = _common_length(old[head:][::-1], new[head:][::-1])
    return [
        Segment(Op.EQUAL, "".join(old[:head])),
        Segment(Op.DELETE, "".join(old[head : len(old) - tail])),
        Segment(Op.INSERT, "".join(new[head : len(new) - tail])),
        Segment(Op.EQUAL, "".join(old[len(old) - tail :])),
    ]


def _common_length(a: list[str], b: list[str]) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _diff(old: list[str], new: list[str], budget: Budget) -> list[Segment]:
    """diff-match-patch between anchors over token lists, then semantic cleanup over the whole."""
    vocabulary: dict[str, str] = {}  # token -> its character
    try:
        encoded_old = _encode(old, vocabulary)
        encoded_new = _encode(new, vocabulary)
    except OverflowError:  # more distinct words than characters to stand for them: the loader's limits prevent it
        return _replaced(old, new)
    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # no deadline: the same texts give the same diff on a busy machine; the budget bounds it
    wordlike = {vocabulary[token] for token in vocabulary if _WORD.search(token)}
    diffs: list[tuple[int, str]] = []
    old_start = new_start = 0
    for old_at, new_at in [*anchors(encoded_old, encoded_new, wordlike), (len(encoded_old), len(encoded_new))]:
        diffs += _stretch(engine, encoded_old[old_start:old_at], encoded_new[new_start:new_at], budget)
        if old_at < len(encoded_old):
            diffs.append((engine.DIFF_EQUAL, encoded_old[old_at]))
        old_start, new_start = old_at + 1, new_at + 1
    token_of = {char: token for token, char in vocabulary.items()}
    return [
        Segment(_OPS[op], "".join(map(token_of.__getitem__, chars))) for op, chars in _cleanup(engine, diffs) if chars
    ]


def _cleanup(engine: diff_match_patch, diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Semantic cleanup, on runs of at most _CLEANUP_AT_MOST operations: it backtracks, quadratic at worst.

    Every real redline is a single run (the longest in the corpus has 96 operations), so this changes nothing
    for honest texts; a text built to yield thousands of tiny edits is cleaned up run by run.
    """
    engine.diff_cleanupMerge(diffs)
    if len(diffs) <= _CLEANUP_AT_MOST:
        engine.diff_cleanupSemantic(diffs)
        return diffs
    cleaned: list[tuple[int, str]] = []
    for start in range(0, len(diffs), _CLEANUP_AT_MOST):
        run = diffs[start : start + _CLEANUP_AT_MOST]
        engine.diff_cleanupSemantic(run)
        cleaned += run
    engine.diff_cleanupMerge(cleaned)
    return cleaned


def _stretch(engine: diff_match_patch, old: str, new: str, budget: Budget) -> list[tuple[int, str]]:
    """Diff one stretch between anchors if the budget allows its edit graph, else replace its middle whole."""
    head = engine.diff_commonPrefix(old, new)
    tail = engine.diff_commonSuffix(old[head:], new[head:])
    middle_old, middle_new = old[head : len(old) - tail], new[head : len(new) - tail]
    if budget.take(len(middle_old) * len(middle_new)):
        middle = engine.diff_main(middle_old, middle_new, False)
    else:
        middle = [(engine.DIFF_DELETE, middle_old), (engine.DIFF_INSERT, middle_new)]
    return [(engine.DIFF_EQUAL, old[:head]), *middle, (engine.DIFF_EQUAL, old[len(old) - tail :])]


def anchors(old: str, new: str, candidates: set[str]) -> list[tuple[int, int]]:
    """Positions (in old, in new) of candidates found exactly once on each side: the longest run in the same order."""
    once_in_new = _unique_positions(new)
    pairs = sorted(
        (at, once_in_new[char])
        for char, at in _unique_positions(old).items()
        if char in once_in_new and char in candidates
    )
    # Patience sorting: ends[k] is the smallest `new` position ending an increasing run of length k + 1.
    ends: list[int] = []
    ending: list[int] = []  # index into pairs of the run ending at ends[k]
    previous: list[int] = []  # index into pairs of the element before each pair in its run, or -1
    for index, (_, new_at) in enumerate(pairs):
        k = bisect_left(ends, new_at)
        previous.append(ending[k - 1] if k else -1)
        if k == len(ends):
            ends.append(new_at)
            ending.append(index)
        else:
            ends[k], ending[k] = new_at, index
    run: list[tuple[int, int]] = []
    index = ending[-1] if ending else -1
    while index >= 0:
        run.append(pairs[index])
        index = previous[index]
    return run[::-1]


def _unique_positions(text: str) -> dict[str, int]:
    """Each character that occurs exactly once in text, with its position."""
    positions: dict[str, int] = {}
    for at, char in enumerate(text):
        positions[char] = -1 if char in positions else at
    return {char: at for char, at in positions.items() if at >= 0}


def _encode(tokens: list[str], vocabulary: dict[str, str]) -> str:
    """The tokens as characters, adding new tokens to the vocabulary."""
    for token in tokens:
        if token not in vocabulary:
            if len(vocabulary) >= _MAX_TOKENS:
                raise OverflowError(f"texts have more than {_MAX_TOKENS} distinct words")
            vocabulary[token] = _char(len(vocabulary))
    return "".join(map(vocabulary.__getitem__, tokens))


def _char(index: int) -> str:
    for block in _PRIVATE_USE:
        if index < len(block):
            return chr(block[index])
        index -= len(block)
    raise AssertionError("index beyond the private-use planes")  # pragma: no cover - guarded in _encode


def _merge(segments: list[Segment]) -> list[Segment]:
    """Join neighbours with the same operation, so renderers see one run per change."""
    merged: list[Segment] = []
    for segment in segments:
        if merged and merged[-1].op is segment.op:
            merged[-1] = Segment(segment.op, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged

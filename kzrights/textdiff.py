"""Word-level redline on diff-match-patch; the only module that imports it.

Each token becomes one private-use character (the `linesToChars` trick at word level), so the character diff is a
word diff and semantic cleanup works on whole words. Two passes keep it fast and fine: the first aligns the texts
on words that carry their trailing space (half the tokens for the pure-Python bisection, which is quadratic in the
worst case); the second re-diffs each replaced stretch on single words, spaces and punctuation, so that words the
two sides share inside a replacement stay unmarked.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NamedTuple

from diff_match_patch import diff_match_patch

_TOKEN = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")
_FINE_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
# A replaced stretch longer than this is a rewrite: re-diffing it word by word costs more than it shows.
_REFINE_AT_MOST = 100
_PRIVATE_USE = (range(0xE000, 0xF900), range(0xF0000, 0xFFFFE), range(0x100000, 0x10FFFE))
_MAX_TOKENS = sum(len(block) for block in _PRIVATE_USE)


class Op(StrEnum):
    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"


class Segment(NamedTuple):
    op: Op
    text: str


_OPS = {0: Op.EQUAL, -1: Op.DELETE, 1: Op.INSERT}


def tokenize(text: str) -> list[str]:
    """Split into words and punctuation marks, each with the white space after it; joining gives the text."""
    return _TOKEN.findall(text)


def redline(old: str, new: str) -> tuple[Segment, ...]:
    """Diff two texts word by word; EQUAL+DELETE segments rebuild `old`, EQUAL+INSERT rebuild `new`."""
    if old == new:
        return (Segment(Op.EQUAL, old),) if old else ()
    aligned = _merge(_diff(tokenize(old), tokenize(new)))
    refined: list[Segment] = []
    i = 0
    while i < len(aligned):
        pair = aligned[i : i + 2]
        if len(pair) == 2 and {pair[0].op, pair[1].op} == {Op.DELETE, Op.INSERT}:
            deleted, inserted = sorted(pair, key=lambda segment: segment.op is Op.INSERT)
            refined.extend(_refine(_FINE_TOKEN.findall(deleted.text), _FINE_TOKEN.findall(inserted.text)))
            i += 2
        else:
            refined.append(aligned[i])
            i += 1
    return tuple(_merge([segment for segment in refined if segment.text]))


def _refine(old: list[str], new: list[str]) -> list[Segment]:
    """Re-diff a replaced stretch word by word; a long rewrite only gives back the words it starts and ends with."""
    if max(len(old), len(new)) <= _REFINE_AT_MOST:
        return _diff(old, new)
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


def _diff(old: list[str], new: list[str]) -> list[Segment]:
    """One diff-match-patch run over token lists, with semantic cleanup."""
    vocabulary: dict[str, str] = {}
    words: list[str] = []
    encoded_old = _encode(old, vocabulary, words)
    encoded_new = _encode(new, vocabulary, words)
    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # no deadline: the same texts give the same diff on a busy machine
    diffs = engine.diff_main(encoded_old, encoded_new, False)
    engine.diff_cleanupSemantic(diffs)
    return [Segment(_OPS[op], "".join(words[_index(ch)] for ch in chars)) for op, chars in diffs if chars]


def _encode(tokens: list[str], vocabulary: dict[str, str], words: list[str]) -> str:
    chars = []
    for token in tokens:
        if token not in vocabulary:
            if len(words) >= _MAX_TOKENS:
                raise ValueError(f"texts have more than {_MAX_TOKENS} distinct words")
            vocabulary[token] = _char(len(words))
            words.append(token)
        chars.append(vocabulary[token])
    return "".join(chars)


def _char(index: int) -> str:
    for block in _PRIVATE_USE:
        if index < len(block):
            return chr(block[index])
        index -= len(block)
    raise AssertionError("index beyond the private-use planes")  # pragma: no cover - guarded in _encode


def _index(char: str) -> int:
    code = ord(char)
    offset = 0
    for block in _PRIVATE_USE:
        if code in block:
            return offset + code - block.start
        offset += len(block)
    raise AssertionError(f"not a token character: {char!r}")  # pragma: no cover


def _merge(segments: list[Segment]) -> list[Segment]:
    """Join neighbours with the same operation, so renderers see one run per change."""
    merged: list[Segment] = []
    for segment in segments:
        if merged and merged[-1].op is segment.op:
            merged[-1] = Segment(segment.op, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged

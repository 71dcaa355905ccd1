"""Word-level redline on diff-match-patch; the only module that imports it.

Each word, run of white space and punctuation mark becomes one private-use character (the `linesToChars`
trick at word level), so the character diff is a word diff and semantic cleanup works on whole words.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NamedTuple

from diff_match_patch import diff_match_patch

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
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
    """Split into words, white-space runs and single punctuation marks; joining them gives the text back."""
    return _TOKEN.findall(text)


def redline(old: str, new: str) -> tuple[Segment, ...]:
    """Diff two texts word by word; EQUAL+DELETE segments rebuild `old`, EQUAL+INSERT rebuild `new`."""
    if old == new:
        return (Segment(Op.EQUAL, old),) if old else ()
    vocabulary: dict[str, str] = {}
    words: list[str] = []
    encoded_old = _encode(tokenize(old), vocabulary, words)
    encoded_new = _encode(tokenize(new), vocabulary, words)
    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # no deadline: the same texts give the same diff on a busy machine
    diffs = engine.diff_main(encoded_old, encoded_new, False)
    engine.diff_cleanupSemantic(diffs)
    segments = [Segment(_OPS[op], "".join(words[_index(ch)] for ch in chars)) for op, chars in diffs if chars]
    return tuple(_merge(segments))


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

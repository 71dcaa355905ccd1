"""Strict YAML: a small node tree with line numbers, typed later by the schema, never by YAML 1.1 guessing.

This is the only module that imports yaml. It composes nodes from the parser's events itself so that it
can refuse what would surprise a maintainer: duplicate keys (silently dropped by PyYAML), anchors and
aliases, explicit tags, several documents, non-UTF-8 bytes and oversized files — and what would surprise a
reviewer: control, escape and bidirectional-formatting characters in any key or value (a double-quoted `"\\e]0;"`
is an escape sequence, not text), line breaks outside a block scalar, and nesting deep enough to exhaust Python's
stack (checked before each recursion, so the limit holds whatever the parser accepts).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kzrights.errors import DataError
from kzrights.files import Unreadable, read_limited
from kzrights.nodes import Mapping, Node, Scalar, Sequence
from kzrights.render.escape import describe, first_hostile

# Use libyaml's C parser when present: it is several times faster and the product's start-up budget is tight.
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_SCALAR: Any = yaml.ScalarEvent  # Any: events come from libyaml untyped; a typed class would narrow them

MAX_FILE_BYTES = 1024 * 1024  # provision files are a few KiB; anything this large is a mistake
MAX_DEPTH = 64  # the corpus nests six levels deep; Python's stack gives out near a thousand
_BLOCK_STYLES = ("|", ">")  # literal and folded block scalars: the only ones whose line breaks the author sees


def read_yaml(path: Path) -> Node | None:
    """Read and compose one YAML file; None when it holds no document."""
    try:
        raw = read_limited(path, MAX_FILE_BYTES)
    except Unreadable as error:
        raise DataError(path, None, str(error)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(path, line, f"not valid UTF-8 (byte {error.start})") from None
    return parse_yaml(text, path)


def parse_yaml(text: str, path: Path | str) -> Node | None:
    """Compose YAML text into nodes, turning every parser complaint into a located DataError."""
    parser: Any = _Parser(text)  # libyaml's parser is untyped
    try:
        parser.get_event()  # StreamStart
        event = parser.get_event()
        if type(event) is yaml.StreamEndEvent:
            return None
        node = _compose(parser, parser.get_event(), path, 0, None)  # after DocumentStart
        parser.get_event()  # DocumentEnd
        event = parser.get_event()
        if type(event) is not yaml.StreamEndEvent:
            raise DataError(path, event.start_mark.line + 1, "only one YAML document is allowed per file")
        return node
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or ""
        tab = mark is not None and _tab_at(text, mark) and "tab" not in problem
        hint = " (a tab: YAML indents with spaces only)" if tab else ""
        raise DataError(path, line, f"invalid YAML: {problem}{hint}") from None
    except yaml.YAMLError as error:
        raise DataError(path, _reader_line(text, error), f"invalid YAML: {_one_line(error)}") from None
    finally:
        parser.dispose()


def _compose(parser: Any, event: Any, path: Path | str, depth: int, key: str | None) -> Node:
    """The node that `event` starts, reading the events of its contents (one call each: they cross into C).

    Most nodes are keys and scalar values without anchor or tag: those are built in the loops below rather than
    by a call of their own, which makes composing a tenth faster (docs/benchmarks.md); any other event takes the
    checks at the top, through a recursive call. `key` is the mapping key the node stands under, so that a
    refused value names its field; `depth` is checked before each recursion.
    """
    line = event.start_mark.line + 1
    kind = type(event)
    if kind is yaml.AliasEvent:
        raise DataError(path, line, f"aliases (*{event.anchor}) are not allowed; write the value out")
    if event.anchor is not None:
        raise DataError(path, line, f"anchors (&{event.anchor}) are not allowed; write the value out")
    if event.tag is not None:
        raise DataError(path, line, f"tags ({event.tag}) are not allowed; the schema decides types")
    if kind is _SCALAR:
        return _scalar(event, path, line, key)
    if depth >= MAX_DEPTH:
        raise DataError(path, line, f"lists and mappings nest more than {MAX_DEPTH} levels deep", field=key)
    get = parser.get_event
    if kind is yaml.SequenceStartEvent:
        items: list[Node] = []
        event = get()
        while type(event) is not yaml.SequenceEndEvent:
            if type(event) is _SCALAR and event.anchor is None and event.tag is None:
                text = event.value  # _scalar, inlined: a call per scalar was a tenth of composing
                if not text.isprintable():
                    _check_text(text, event.style, path, event.start_mark.line + 1, key)
                items.append(Scalar(text, not event.style, event.start_mark.line + 1))
            else:
                items.append(_compose(parser, event, path, depth + 1, key))
            event = get()
        return Sequence(tuple(items), line)
    if kind is yaml.MappingStartEvent:
        entries: dict[str, tuple[int, Node]] = {}
        event = get()
        while type(event) is not yaml.MappingEndEvent:
            if type(event) is _SCALAR and event.anchor is None and event.tag is None:
                text = event.value
                if not text.isprintable():
                    _check_text(text, event.style, path, event.start_mark.line + 1, key)
                name = Scalar(text, not event.style, event.start_mark.line + 1)
            else:
                node = _compose(parser, event, path, depth + 1, key)
                if not isinstance(node, Scalar):
                    raise DataError(path, node.line, "mapping keys must be plain words")
                name = node
            event = get()
            if type(event) is _SCALAR and event.anchor is None and event.tag is None:
                text = event.value
                if not text.isprintable():
                    _check_text(text, event.style, path, event.start_mark.line + 1, name.value)
                value: Node = Scalar(text, not event.style, event.start_mark.line + 1)
            else:
                value = _compose(parser, event, path, depth + 1, name.value)
            if name.value in entries:
                first = entries[name.value][0]
                raise DataError(path, name.line, f"duplicate key '{name.value}' (first given on line {first})")
            entries[name.value] = (name.line, value)
            event = get()
        return Mapping(entries, line)
    raise DataError(path, line, f"unexpected YAML event {kind.__name__}")  # pragma: no cover


def _scalar(event: Any, path: Path | str, line: int, key: str | None) -> Scalar:
    """A scalar node, once its text has passed the check a reviewer's terminal needs."""
    value: str = event.value
    if not value.isprintable():  # almost every scalar is decided here, in C
        _check_text(value, event.style, path, line, key)
    return Scalar(value, not event.style, line)  # plain style is None or ""


def _check_text(value: str, style: str | None, path: Path | str, line: int, key: str | None) -> None:
    """Refuse a scalar that would act on a terminal or hide text, or that breaks lines the author cannot see."""
    block = style in _BLOCK_STYLES
    hostile = first_hostile(value, keep="\t\n" if block else "\t")
    if hostile == "\n":
        raise DataError(
            path, line, "a line break is allowed only in a block scalar (| or >), not in a one-line value", field=key
        )
    if hostile is not None:
        raise DataError(
            path,
            line,
            f"contains {describe(hostile)}: control, escape and bidirectional-formatting characters are not "
            "allowed in the data (a reviewer's terminal would act on them, or they would hide text)",
            field=key,
        )


def _tab_at(text: str, mark: Any) -> bool:
    """Whether the parser stopped at a tab: the commonest cause of its least helpful message."""
    index = getattr(mark, "index", None)
    return isinstance(index, int) and 0 <= index < len(text) and text[index] == "\t"


def _reader_line(text: str, error: yaml.YAMLError) -> int | None:
    position = getattr(error, "position", None)
    return text[:position].count("\n") + 1 if isinstance(position, int) else None


def _one_line(error: yaml.YAMLError) -> str:
    return " ".join(str(error).split("\n")[0].split())

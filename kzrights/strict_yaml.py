"""Strict YAML: a small node tree with line numbers, typed later by the schema, never by YAML 1.1 guessing.

This is the only module that imports yaml. It composes nodes from the parser's events itself so that it
can refuse what would surprise a maintainer: duplicate keys (silently dropped by PyYAML), anchors and
aliases, explicit tags, several documents, non-UTF-8 bytes and oversized files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kzrights.errors import DataError
from kzrights.nodes import Mapping, Node, Scalar, Sequence

# Use libyaml's C parser when present: it is several times faster and the product's start-up budget is tight.
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_SCALAR: Any = yaml.ScalarEvent  # Any: events come from libyaml untyped; a typed class would narrow them
MAX_FILE_BYTES = 1024 * 1024  # provision files are a few KiB; anything this large is a mistake


def read_yaml(path: Path) -> Node | None:
    """Read and compose one YAML file; None when it holds no document."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError(path, None, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
        raw = path.read_bytes()
    except OSError as error:
        raise DataError(path, None, f"cannot read file: {error.strerror or error}") from None
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
        node = _compose(parser, parser.get_event(), path)  # after DocumentStart
        parser.get_event()  # DocumentEnd
        event = parser.get_event()
        if type(event) is not yaml.StreamEndEvent:
            raise DataError(path, event.start_mark.line + 1, "only one YAML document is allowed per file")
        return node
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        raise DataError(path, line, f"invalid YAML: {error.problem or error.context}") from None
    except yaml.YAMLError as error:
        raise DataError(path, _reader_line(text, error), f"invalid YAML: {_one_line(error)}") from None
    finally:
        parser.dispose()


def _compose(parser: Any, event: Any, path: Path | str) -> Node:
    """The node that `event` starts, reading the events of its contents (one call each: they cross into C).

    Most nodes are keys and scalar values without anchor or tag: those are built in the loops below rather than
    by a call of their own, which makes composing a tenth faster (docs/benchmarks.md); any other event takes the
    checks at the top, through a recursive call.
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
        return Scalar(event.value, not event.style, line)  # plain style is None or ""
    get = parser.get_event
    if kind is yaml.SequenceStartEvent:
        items: list[Node] = []
        event = get()
        while type(event) is not yaml.SequenceEndEvent:
            if type(event) is _SCALAR and event.anchor is None and event.tag is None:
                items.append(Scalar(event.value, not event.style, event.start_mark.line + 1))
            else:
                items.append(_compose(parser, event, path))
            event = get()
        return Sequence(tuple(items), line)
    if kind is yaml.MappingStartEvent:
        entries: dict[str, tuple[int, Node]] = {}
        event = get()
        while type(event) is not yaml.MappingEndEvent:
            if type(event) is _SCALAR and event.anchor is None and event.tag is None:
                key, key_line = event.value, event.start_mark.line + 1
            else:
                node = _compose(parser, event, path)
                if not isinstance(node, Scalar):
                    raise DataError(path, node.line, "mapping keys must be plain words")
                key, key_line = node.value, node.line
            event = get()
            if type(event) is _SCALAR and event.anchor is None and event.tag is None:
                value: Node = Scalar(event.value, not event.style, event.start_mark.line + 1)
            else:
                value = _compose(parser, event, path)
            if key in entries:
                first = entries[key][0]
                raise DataError(path, key_line, f"duplicate key '{key}' (first given on line {first})")
            entries[key] = (key_line, value)
            event = get()
        return Mapping(entries, line)
    raise DataError(path, line, f"unexpected YAML event {kind.__name__}")  # pragma: no cover


def _reader_line(text: str, error: yaml.YAMLError) -> int | None:
    position = getattr(error, "position", None)
    return text[:position].count("\n") + 1 if isinstance(position, int) else None


def _one_line(error: yaml.YAMLError) -> str:
    return " ".join(str(error).split("\n")[0].split())

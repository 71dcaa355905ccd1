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
    """The node that `event` starts, reading the events of its contents (one call each: they cross into C)."""
    line = event.start_mark.line + 1
    kind = type(event)
    if kind is yaml.AliasEvent:
        raise DataError(path, line, f"aliases (*{event.anchor}) are not allowed; write the value out")
    if event.anchor is not None:
        raise DataError(path, line, f"anchors (&{event.anchor}) are not allowed; write the value out")
    if event.tag is not None:
        raise DataError(path, line, f"tags ({event.tag}) are not allowed; the schema decides types")
    if kind is yaml.ScalarEvent:
        return Scalar(event.value, event.style is None or event.style == "", line)
    if kind is yaml.SequenceStartEvent:
        items = []
        event = parser.get_event()
        while type(event) is not yaml.SequenceEndEvent:
            items.append(_compose(parser, event, path))
            event = parser.get_event()
        return Sequence(tuple(items), line)
    if kind is yaml.MappingStartEvent:
        entries: dict[str, tuple[int, Node]] = {}
        event = parser.get_event()
        while type(event) is not yaml.MappingEndEvent:
            key = _compose(parser, event, path)
            if not isinstance(key, Scalar):
                raise DataError(path, key.line, "mapping keys must be plain words")
            value = _compose(parser, parser.get_event(), path)
            if key.value in entries:
                first = entries[key.value][0]
                raise DataError(path, key.line, f"duplicate key '{key.value}' (first given on line {first})")
            entries[key.value] = (key.line, value)
            event = parser.get_event()
        return Mapping(entries, line)
    raise DataError(path, line, f"unexpected YAML event {kind.__name__}")  # pragma: no cover


def _reader_line(text: str, error: yaml.YAMLError) -> int | None:
    position = getattr(error, "position", None)
    return text[:position].count("\n") + 1 if isinstance(position, int) else None


def _one_line(error: yaml.YAMLError) -> str:
    return " ".join(str(error).split("\n")[0].split())

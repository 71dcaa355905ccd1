"""The YAML node tree with line numbers: plain values, typed later by the schema (see fieldtypes.py).

strict_yaml.py builds these from the parser's events; keeping them apart lets the field-type module read nodes
without importing the YAML parser.
"""

from __future__ import annotations

from typing import Final

from kzrights.record import Record

NULLS = frozenset(("", "~", "null", "Null", "NULL"))  # what a plain scalar spells for YAML's null


class Scalar(Record):
    __slots__ = ("value", "plain", "line")

    def __init__(self, value: str, plain: bool, line: int) -> None:
        self.value: Final = value
        self.plain: Final = plain  # unquoted: the only style in which `null`, `true` or `10` may be other than text
        self.line: Final = line

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in NULLS


class Mapping(Record):
    __slots__ = ("entries", "line")

    def __init__(self, entries: dict[str, tuple[int, Node]], line: int) -> None:
        self.entries: Final = entries  # key -> (line of the key, value)
        self.line: Final = line


class Sequence(Record):
    __slots__ = ("items", "line")

    def __init__(self, items: tuple[Node, ...], line: int) -> None:
        self.items: Final = items
        self.line: Final = line


Node = Scalar | Mapping | Sequence

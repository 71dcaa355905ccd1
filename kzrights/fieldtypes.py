"""What each field type means, in one place: how a value parses, which directions fit it, whether it is a
quantity, how it is compared and how it reads in text and in JSON.

Every branch over FieldType or Stricter ends in `assert_never`, so mypy names each place a new member was
forgotten. Parsing reads the YAML node tree (kzrights.nodes), never the parser itself: `compare` imports this
module and must stay free of I/O.
"""

from __future__ import annotations

import re
from typing import Any, assert_never

from kzrights.model import FieldSpec, FieldType, Stricter, Value
from kzrights.nodes import NULLS, Mapping, Node, Scalar, Sequence

# Every quantity in the schemas counts something (days, years, months, tenge, monthly indices): none is below
# zero, and none needs more than 18 digits — past that, int() refuses long strings and float() overflows to inf.
MAX_DIGITS = 18
_INTEGER = re.compile(rf"0|[1-9][0-9]{{0,{MAX_DIGITS - 1}}}")
_NUMBER = re.compile(rf"(?:0|[1-9][0-9]{{0,{MAX_DIGITS - 1}}})(?:\.[0-9]{{1,{MAX_DIGITS}}})?")
_NUMERAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
# A rule text is a paragraph; this bound keeps the redline's vocabulary (one character per distinct word, in the
# private-use planes: 137,468 of them) enough for any two texts, since a text of N characters has at most N words.
MAX_TEXT_CHARACTERS = 65_536


class BadValue(Exception):
    """A scalar that does not fit the type the schema asks for; the message says what would."""


# --- scalars ---------------------------------------------------------------------------------------------


def as_text(node: Node) -> str:
    if (
        isinstance(node, Scalar)
        and len(node.value) <= MAX_TEXT_CHARACTERS
        and (text := node.value.strip())
        and not (node.plain and node.value in NULLS)  # is_null, inlined: as_text runs 140 times a year file
    ):
        return text  # the common case first: every id, title, quote and source of every file passes here
    if not isinstance(node, Scalar) or node.is_null:
        raise BadValue(f"must be text, got {describe(node)}")
    if not node.value.strip():
        raise BadValue("must not be empty")
    if len(node.value) > MAX_TEXT_CHARACTERS:
        raise BadValue(f"is {len(node.value):,} characters long; at most {MAX_TEXT_CHARACTERS:,}")
    return node.value.strip()


def as_integer(node: Node) -> int:
    if isinstance(node, Scalar) and node.plain and _INTEGER.fullmatch(node.value):
        return int(node.value)
    hint = _leading_zeros(node)
    if not hint and isinstance(node, Scalar) and node.plain and re.fullmatch(r"-?[0-9]+\.[0-9]+", node.value):
        hint = " (no decimal point)"
    raise BadValue(f"must be a whole number{hint or _numeral_hint(node, '')}, got {describe(node)}")


def _leading_zeros(node: Node) -> str:
    """The hint for `012`, which YAML 1.1 would have read as octal."""
    if isinstance(node, Scalar) and re.fullmatch(r"-?0[0-9]+(?:\.[0-9]+)?", node.value):
        return " (no leading zeros)"
    return ""


def as_number(node: Node) -> int | float:
    if isinstance(node, Scalar) and node.plain and _NUMBER.fullmatch(node.value):
        return float(node.value) if "." in node.value else int(node.value)
    hint = _leading_zeros(node) or _numeral_hint(node, " before and after the point")
    raise BadValue(f"must be a number such as 2 or 0.5{hint}, got {describe(node)}")


def _numeral_hint(node: Node, where: str) -> str:
    """Why a numeral that looks right is refused: a sign, or more digits than any count needs."""
    if not isinstance(node, Scalar) or not node.plain or not _NUMERAL.fullmatch(node.value):
        return ""
    if node.value.startswith("-"):
        return " of zero or more (a count cannot be negative)"
    return f" of at most {MAX_DIGITS} digits{where}"


def as_boolean(node: Node) -> bool:
    if isinstance(node, Scalar) and node.plain and node.value in ("true", "false"):
        return node.value == "true"
    raise BadValue(f"must be true or false, got {describe(node)}")


def as_text_list(node: Node) -> tuple[str, ...]:
    if not isinstance(node, Sequence) or not node.items:
        raise BadValue(f"must be a non-empty list of text items, got {describe(node)}")
    return tuple(as_text(item) for item in node.items)


def describe(node: Node) -> str:
    """How a mistyped node is named in an error message."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    if node.is_null:
        return "nothing"
    shown = repr(node.value[:40]) + (f"… ({len(node.value):,} characters)" if len(node.value) > 40 else "")
    return shown if node.plain else f"quoted text {shown}"


# --- field values, by type -------------------------------------------------------------------------------


def parse(node: Node, spec: FieldSpec) -> Value:
    """Read a field value as its schema says: `no` stays text in a text field, `012` is no integer."""
    match spec.type:
        case FieldType.INTEGER:
            return as_integer(node)
        case FieldType.NUMBER:
            return as_number(node)
        case FieldType.BOOLEAN:
            return as_boolean(node)
        case FieldType.LIST:
            return as_text_list(node)
        case FieldType.TEXT:
            return as_text(node)
        case FieldType.ENUM:
            value = as_text(node)
            if value not in spec.values:
                raise BadValue(f"must be one of {', '.join(spec.values)}; got {value!r}")
            return value
        case _:
            assert_never(spec.type)


def is_quantity(kind: FieldType) -> bool:
    """Quantities have a unit and a signed difference."""
    match kind:
        case FieldType.INTEGER | FieldType.NUMBER:
            return True
        case FieldType.BOOLEAN | FieldType.ENUM | FieldType.TEXT | FieldType.LIST:
            return False
        case _:
            assert_never(kind)


def directions(kind: FieldType) -> frozenset[Stricter]:
    """Which `stricter` settings make sense for a field type."""
    match kind:
        case FieldType.INTEGER | FieldType.NUMBER | FieldType.LIST:
            return frozenset({Stricter.HIGHER, Stricter.LOWER, Stricter.NONE})
        case FieldType.BOOLEAN:
            return frozenset({Stricter.TRUE, Stricter.FALSE, Stricter.NONE})
        case FieldType.ENUM:
            return frozenset({Stricter.LATER_IN_ORDER, Stricter.NONE})
        case FieldType.TEXT:
            return frozenset({Stricter.NONE})
        case _:
            assert_never(kind)


def rank(spec: FieldSpec, old: Value, new: Value) -> int | None:
    """Positive when `new` is more restrictive than `old`, negative when less, None when undirected."""
    match spec.stricter:
        case Stricter.NONE:
            return None
        case Stricter.TRUE | Stricter.FALSE:
            restrictive = spec.stricter is Stricter.TRUE
            return (new is restrictive) - (old is restrictive)
        case Stricter.LATER_IN_ORDER:
            return spec.values.index(str(new)) - spec.values.index(str(old))
        case Stricter.HIGHER | Stricter.LOWER:
            sign = _growth(old, new)
            return sign if spec.stricter is Stricter.HIGHER else -sign
        case _:
            assert_never(spec.stricter)


def _growth(old: Value, new: Value) -> int:
    """+1 when `new` is more than `old`, -1 when less, 0 when neither.

    A list grows only when the new one holds every old item and more (more grounds for refusal, more restriction);
    when items are both added and dropped, the sources list different things and no direction can be read off
    the count: two grounds named in 2009 are not "looser" than five different ones named in 2004.
    """
    if isinstance(old, tuple) and isinstance(new, tuple):
        old_items, new_items = set(old), set(new)
        return (new_items > old_items) - (new_items < old_items)
    if (
        isinstance(old, bool)
        or isinstance(new, bool)
        or not isinstance(old, int | float)
        or not isinstance(new, int | float)
    ):
        raise TypeError(f"not quantities: {old!r}, {new!r}")
    return (new > old) - (new < old)


def delta(spec: FieldSpec, old: Value, new: Value) -> int | float | None:
    """`new - old` for a quantity, rounded so that 0.1 + 0.2 reads as 0.3; None for other types."""
    if not is_quantity(spec.type) or isinstance(old, bool | str | tuple) or isinstance(new, bool | str | tuple):
        return None
    difference = new - old
    return round(difference, 6) if isinstance(difference, float) else difference


def list_items(old: Value | None, new: Value | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The items a list gained and lost, in their own order; empty for other types."""
    old_items = old if isinstance(old, tuple) else ()
    new_items = new if isinstance(new, tuple) else ()
    return tuple(i for i in new_items if i not in old_items), tuple(i for i in old_items if i not in new_items)


def value_text(value: Value, unit: str | None = None) -> str:
    """`10 days`, `true`, `permit`, `a; b` — units always shown, so a number is never bare."""
    if isinstance(value, tuple):
        return "; ".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        shown = f"{value:g}"
    elif isinstance(value, int):
        shown = f"{value:,}" if abs(value) >= 10_000 else str(value)
    else:
        shown = value
    if not unit:
        return shown
    return f"{shown} {singular(unit) if value == 1 else unit}"


def singular(unit: str) -> str:
    """`1 year`, `1 month`: schemas name units in the plural; `tenge` has no plural to drop."""
    head, _, last = unit.rpartition(" ")
    if last == "indices":
        last = "index"
    elif last.endswith("s"):
        last = last[:-1]
    return f"{head} {last}" if head else last


def to_json(value: Value | None) -> Any:
    """A value as JSON: lists as arrays, everything else as is."""
    return list(value) if isinstance(value, tuple) else value

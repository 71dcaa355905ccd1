"""JSON for scripts: each result's hand-written `to_dict()` contract, keys in a stable order, UTF-8 as is.

Every output is what `json.dumps(data, ensure_ascii=False, indent=2)` writes, plus a final newline; but with an
indent the standard library encodes in pure Python, which for a 10,000-file changelog took longer than reading
the files. `encode` writes the same bytes with the C string encoder (tests/test_json_stream.py checks that it is
byte for byte the standard library's), and the changelog is encoded topic by topic, in the worker that read the
topic when there is a pool, and written as a stream of chunks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from kzrights.render.escape import json_text

if TYPE_CHECKING:  # type names only: importing changelog here would slow down every `diff --format json`
    from kzrights.changelog import Changelog, ChangelogRow
    from kzrights.history import Blame, Timeline
    from kzrights.listing import Listing
    from kzrights.model import Topic
    from kzrights.render.options import RenderOptions
    from kzrights.report import Report, VersionReport
    from kzrights.review import Review
    from kzrights.validate import Validation

_basestring = json.encoder.encode_basestring  # ensure_ascii=False's string encoder, in C where the build has it
_INDENT = "  "


def dump(data: Any) -> str:
    """The one way kzrights writes JSON: keys in the order built, UTF-8 as is, two-space indent, final newline.

    Characters a terminal would act on are written as `\\u` escapes (escape.json_text): the same string to a
    parser, inert on a screen. A number that is not finite cannot be written (JSON has no Infinity).
    """
    return encode(data) + "\n"


def encode(value: Any, newline: str = "\n") -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)`, for a value nested where `newline` leads its lines."""
    kind = type(value)
    if kind is str:
        return _string(value)
    # keys and text values, the most common of all, are encoded in place rather than by a call of their own
    if kind is dict:
        if not value:
            return "{}"
        inner = newline + _INDENT
        items = [
            (_string(key) if type(key) is str else _key(key))
            + ": "
            + (_string(item) if type(item) is str else encode(item, inner))
            for key, item in value.items()
        ]
        return "{" + inner + ("," + inner).join(items) + newline + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = newline + _INDENT
        items = [_string(item) if type(item) is str else encode(item, inner) for item in value]
        return "[" + inner + ("," + inner).join(items) + newline + "]"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        return _float(value)
    return _subclass(value, newline)


def _subclass(value: Any, newline: str) -> str:
    """A subclass of a JSON type (a StrEnum, say), encoded as its base type, as json does."""
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, dict):
        return encode(dict(value), newline)
    if isinstance(value, list | tuple):
        return encode(list(value), newline)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _string(text: str) -> str:
    """A JSON string; what a terminal would act on written as `\\u` escapes, which a parser reads back the same."""
    encoded = _basestring(text)
    return encoded if text.isprintable() else json_text(encoded)


def _float(value: float) -> str:
    """A finite number as json writes it; NaN and infinities are refused, as `allow_nan=False` refuses them."""
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"Out of range float values are not JSON compliant: {value!r}")
    return float.__repr__(value)


def _key(key: Any) -> str:
    """A dict key as json writes it: text as is, and numbers, booleans and None as their JSON text."""
    if isinstance(key, str):
        return _string(key)
    if key is True or key is False or key is None:
        return _string(encode(key))
    if isinstance(key, int):
        return _string(int.__repr__(key))
    if isinstance(key, float):
        return _string(_float(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def render_diff(report: Report, options: RenderOptions) -> str:
    return dump(report.to_dict(include_unchanged=options.show_unchanged, ledger=options.ledger))


def render_version(shown: VersionReport, options: RenderOptions) -> str:
    return dump(shown.to_dict())


_ROW_NEWLINE = "\n" + 2 * _INDENT  # rows are items of the document's "rows" list


def _changelog_section(
    topic: Topic, rows: tuple[ChangelogRow, ...], options: RenderOptions, limit: int
) -> tuple[int, bytes]:
    """One topic's rows, encoded where they are computed: UTF-8, ready to write, half the size of a str."""
    ledger = options.ledger
    encoded = ("," + _ROW_NEWLINE).join([encode(row.to_dict(ledger), _ROW_NEWLINE) for row in rows])
    return len(rows), encoded.encode()


def render_changelog(changelog: Changelog, options: RenderOptions) -> Iterator[str]:
    """`dump(changelog.to_dict())`, in chunks: the count leads the rows, so each topic's rows are held encoded."""
    sections = [section for section in changelog.sections(_changelog_section, options) if section[0]]
    count = sum(rows for rows, _ in sections)
    head_text = encode(changelog.head(count))
    if not sections:
        yield head_text[:-2] + ',\n  "rows": []\n}\n'
        return
    yield head_text[:-2] + ',\n  "rows": [' + _ROW_NEWLINE
    for index, (_, encoded) in enumerate(sections):
        yield ("," + _ROW_NEWLINE if index else "") + encoded.decode()
    yield "\n  ]\n}\n"


def render_history(timeline: Timeline, options: RenderOptions) -> str:
    return dump(timeline.to_dict())


def render_blame(blame: Blame, options: RenderOptions) -> str:
    return dump(blame.to_dict())


def render_listing(listing: Listing, options: RenderOptions) -> str:
    return dump(listing.to_dict())


def render_problems(validation: Validation, options: RenderOptions) -> str:
    return dump(validation.to_dict())


def render_review(review: Review, options: RenderOptions) -> str:
    return dump(review.to_dict(options.fail_on))

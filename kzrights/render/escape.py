"""The one escaping function of each medium a data string can reach: a terminal, Markdown, a CSV cell, JSON.

A provisions file arrives in a pull request from anyone, so every string in it is hostile until escaped: an
escape sequence can retitle a reviewer's terminal, hide a hyperlink or write to the clipboard (OSC 0, 8, 52), a
carriage return can overwrite the line that says "stricter", a bidirectional override can show "looser" for
"stricter", a lone `\\r` ends a Markdown table row and a cell starting with `=` is a spreadsheet formula. The
renderers call these at their choke points (Document.line, the Markdown escape, the CSV writer, the JSON dump,
error messages), never at each call site, so no renderer can forget one.

What counts as hostile is read off the Unicode category, not a list that ages: control characters (Cc: C0, DEL,
C1), format characters (Cf: bidi embeddings, overrides and isolates, marks such as U+200E, zero-width characters,
the invisible tag characters), surrogates (Cs, which cannot even be encoded) and the line and paragraph
separators (Zl, Zp). Printable text, including every letter of every script, passes untouched; checking it costs
one call of `str.isprintable`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

HOSTILE_CATEGORIES: Final = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Unicode gives control characters no names; these are the ones an attack uses, named for error messages.
_CONTROL_NAMES: Final = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x09: "TAB",
    0x0A: "LINE FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x9B: "CONTROL SEQUENCE INTRODUCER",
    0x9D: "OPERATING SYSTEM COMMAND",
}


def is_hostile(char: str) -> bool:
    """True for a character a terminal, editor or browser may act on or hide, rather than show."""
    return unicodedata.category(char) in HOSTILE_CATEGORIES


def first_hostile(text: str, keep: str = "") -> str | None:
    """The first hostile character of `text` not in `keep`, or None: what the loader refuses."""
    if text.isprintable():
        return None
    return next((c for c in text if c not in keep and is_hostile(c)), None)


def code_point(char: str) -> str:
    """`\\x1b`, `\\u202e`, `\\U000e0041`: a character as Python writes it, visible and unambiguous."""
    point = ord(char)
    if point < 0x100:
        return f"\\x{point:02x}"
    if point < 0x10000:
        return f"\\u{point:04x}"
    return f"\\U{point:08x}"


def describe(char: str) -> str:
    """`U+001B (ESCAPE)` for an error message; a name where Unicode has one."""
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(ord(char), "unnamed")
    return f"U+{ord(char):04X} ({name})"


def visible(text: str, keep: str = "\n\t") -> str:
    """Text for a terminal: every hostile character but those in `keep` shown as its escape (`\\x1b`, `\\u202e`).

    Newline and tab are kept by default because they are layout, not commands; one-line messages keep neither.
    Idempotent: what it returns is printable, so escaping twice changes nothing.
    """
    if text.isprintable():
        return text
    return "".join(code_point(c) if c not in keep and is_hostile(c) else c for c in text)


# --- CI logs -------------------------------------------------------------------------------------------

# GitHub's runner reads any log line that starts with `::`, after white space, as a workflow command
# (`::add-mask::`, `::error::`, `::stop-commands::`): whatever kzrights prints in a CI step is such a log.
_COMMAND_START: Final = r"(?m)^([^\S\n]*):(?=:)"  # compiled on first use, as the patterns below


def command_inert(text: str, colon: str) -> str:
    """Text none of whose lines can start a workflow command in a CI log.

    The first colon of each line-starting `::` becomes `colon`, the medium's own way to write one that its
    reader still sees as a colon: `\\:` in Markdown, `&#58;` in HTML, `\\x3a` in a CSV cell and on a
    terminal (styled.inert, for each line of a Document). The start of the text counts as the start of a line:
    a data string cannot know where a renderer will place it.
    """
    if "::" not in text:  # almost every string: one scan in C
        return text
    return re.sub(_COMMAND_START, lambda match: match[1] + colon, text)


# --- Markdown ------------------------------------------------------------------------------------------

# Patterns as strings, compiled (and cached by `re`) on first use: start-up pays only for the medium it prints.
_INLINE = r"([\\`*_\[\]<>|~])"  # characters that mean something anywhere in a line
_ENTITY = r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)"  # `&#x202e;`, `&lt;`
_BLOCK_START = r"^(\s*)([#>+=-]|\d+[.)])"  # markers that only mean something at a line's start
_CODE_INDENT = r"^(?: {0,3}\t| {4})"  # indentation that makes a line an indented code block


def markdown_text(text: str) -> str:
    """Text for inline Markdown and GFM table cells: it renders literally and cannot end its line or its cell.

    Hostile characters are shown escaped; `\\`, backticks, emphasis, link and HTML brackets, `|` and `~` are
    backslash-escaped; an entity reference (`&#x202e;`) loses its power by its escaped `&`; an indent that would
    start a code block (a tab, or four spaces) begins with an entity instead; a heading, quote or list marker at
    the start is escaped; and every line break (CommonMark ends a line at `\\n`, `\\r\\n` and a lone `\\r`)
    becomes `<br>`, the one HTML tag kzrights writes into a cell.
    """
    escaped = visible(text.replace("\r\n", "\n").replace("\r", "\n"), keep="\n\t")
    escaped = re.sub(_ENTITY, r"\\&", re.sub(_INLINE, r"\\\1", escaped))
    escaped = re.sub(
        _BLOCK_START,
        lambda m: f"{m[1]}\\{m[2]}" if not m[2][0].isdigit() else f"{m[1]}{m[2][:-1]}\\{m[2][-1]}",
        escaped,
    )
    escaped = command_inert(escaped, "\\:")  # a paragraph's line printed in a CI log
    if re.match(_CODE_INDENT, escaped):
        escaped = ("&#9;" if escaped[0] == "\t" else "&#32;") + escaped[1:]
    return escaped.replace("\n", "<br>")


# --- CSV -----------------------------------------------------------------------------------------------

FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t")


def csv_cell(value: str) -> str:
    """A data string for a spreadsheet cell: hostile characters shown escaped, and never read as a formula.

    A cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return before one) is a formula to Excel,
    LibreOffice and Google Sheets — `=HYPERLINK(…)` becomes a link, `=WEBSERVICE(…)` a request. Such a cell gets a
    leading `'`, the usual defence (OWASP's "CSV injection"): spreadsheets then show the text as text. A carriage
    return is a control character, so it is already shown as `\\x0d` and cannot start a formula. Only data
    strings pass through here; the numbers kzrights computes (a delta of -5, a year) are written as they are.
    """
    shown = command_inert(visible(value, keep="\n\t"), "\\x3a")  # a cell's lines are lines of a CI log too
    return f"'{shown}" if shown.startswith(FORMULA_STARTS) else shown


# --- JSON ----------------------------------------------------------------------------------------------

# json.dumps(ensure_ascii=False) escapes C0 controls itself but writes DEL, C1, format characters, separators and
# lone surrogates raw. Outside its strings a JSON document is plain ASCII, so anything else stands inside a string.
_NOT_PLAIN_ASCII = r"[^\n -~]"


def json_text(dumped: str) -> str:
    """A JSON document with every hostile character inside its strings written as a `\\uXXXX` escape.

    Lossless: a JSON parser reads back the very string the data holds, but no terminal that shows the JSON,
    and no log viewer, acts on it.
    """
    return re.sub(_NOT_PLAIN_ASCII, _json_character, dumped)


def _json_character(match: re.Match[str]) -> str:
    char = match[0]
    if not is_hostile(char):
        return char
    point = ord(char)
    if point < 0x10000:
        return f"\\u{point:04x}"
    point -= 0x10000  # beyond the BMP, JSON spells a character as its UTF-16 surrogate pair
    return f"\\u{0xD800 + (point >> 10):04x}\\u{0xDC00 + (point & 0x3FF):04x}"

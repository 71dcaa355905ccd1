"""Hypothesis strategies for versions of a topic whose schema exercises every field type and direction."""

from __future__ import annotations

from pathlib import Path
from typing import assert_never

from hypothesis import strategies as st

from kzrights.model import (
    Citation,
    FieldSpec,
    FieldType,
    Resolved,
    Rule,
    SilentYear,
    Source,
    Stricter,
    Topic,
    Value,
    Version,
)

FIELDS = (
    FieldSpec(
        name="regime",
        type=FieldType.ENUM,
        values=("notification", "permit", "ban"),
        stricter=Stricter.LATER_IN_ORDER,
        meaning="m",
    ),
    FieldSpec(name="notice_days", type=FieldType.INTEGER, unit="days", stricter=Stricter.HIGHER, meaning="m"),
    FieldSpec(name="registration_days", type=FieldType.INTEGER, unit="days", stricter=Stricter.LOWER, meaning="m"),
    FieldSpec(name="prison_years", type=FieldType.NUMBER, unit="years", stricter=Stricter.HIGHER, meaning="m"),
    FieldSpec(name="criminal", type=FieldType.BOOLEAN, stricter=Stricter.TRUE, meaning="m"),
    FieldSpec(name="exile_prohibited", type=FieldType.BOOLEAN, stricter=Stricter.FALSE, meaning="m"),
    FieldSpec(name="article", type=FieldType.TEXT, stricter=Stricter.NONE, meaning="m"),
    FieldSpec(name="grounds", type=FieldType.LIST, stricter=Stricter.HIGHER, meaning="m"),
)
RULE_IDS = ("alpha", "beta", "gamma", "delta")
TOPIC = Topic(
    name="t", title="T", description="d", fields=FIELDS, rule_order=RULE_IDS, silent=(), path=Path("t/topic.yaml")
)

words = st.text(alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), min_size=1, max_size=12)
texts = st.lists(st.one_of(words, st.sampled_from(["the", "days", " ", ", ", "10", "5", "permit"])), max_size=30).map(
    "".join
)


def value_for(spec: FieldSpec) -> st.SearchStrategy[Value]:
    match spec.type:
        case FieldType.ENUM:
            return st.sampled_from(spec.values)
        case FieldType.INTEGER:
            return st.integers(0, 400)
        case FieldType.NUMBER:
            return st.one_of(st.integers(0, 20), st.sampled_from([0.5, 1.5, 2.25]))
        case FieldType.BOOLEAN:
            return st.booleans()
        case FieldType.TEXT:
            return st.sampled_from(["Article 334", "Article 400", "Article 174"])
        case FieldType.LIST:
            return st.lists(
                st.sampled_from(["debt", "criminal case", "military service", "state secrets"]),
                min_size=1,
                max_size=4,
                unique=True,
            ).map(tuple)
        case _:
            assert_never(spec.type)


@st.composite
def rules(draw: st.DrawFn, rule_id: str) -> Rule:
    chosen = draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=len(FIELDS)))
    fields = tuple((spec.name, draw(value_for(spec))) for spec in FIELDS if spec in chosen)
    cite = Citation(source="s", first_line=1, last_line=2, quote="q", supports=None)
    return Rule(id=rule_id, title=draw(st.sampled_from(["A", "B"])), text=draw(texts), fields=fields, cite=(cite,))


@st.composite
def versions(draw: st.DrawFn, year: int = 2004) -> Resolved:
    ids = draw(st.lists(st.sampled_from(RULE_IDS), unique=True))
    source = Source(id="s", year=year, title="S", publisher="P", published=None, covers="c", file="f", sha256="0" * 64)
    version = Version(
        topic="t",
        year=year,
        source=source,
        summary="s",
        rules=tuple(draw(rules(i)) for i in ids),
        path=Path(f"{year}.yaml"),
    )
    return Resolved(year, version)


# --- hostile corpora (issue 11): every string field mixes in what a terminal, Markdown or a spreadsheet acts on ---

CONTROL_ATTACKS = (
    "\x1b]0;pwned\x07",  # OSC 0: retitle the terminal
    "\x1b[2J\x1b[H",  # CSI: clear the screen
    "\x1b]8;;https://evil.example/\x1b\\",  # OSC 8: a hidden hyperlink
    "\x1b]52;c;cm0gLXJmIH4=\x07",  # OSC 52: write the clipboard
    "\r\x1b[2K",  # overwrite the line
    "\b\b\b",
    "\x9b2J",  # C1 CSI
    "\x9d0;x\x9c",  # C1 OSC … ST
    "\x1bc",  # reset the terminal
    "\x7f",
    "\x00",
    "\x0b\x0c",
)
INVISIBLE_MARKS = (
    "\u202e",  # right-to-left override
    "\u202d",
    "\u2066",
    "\u2067",  # right-to-left isolate
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
    "\u200b",  # zero-width space
    "\ufeff",
    "\U000e0041\U000e0042",  # tag characters: text no one sees
    "\u2028",  # line separator
    "\u2029",
    "\ud800",  # a lone surrogate: not even encodable
)
MARKDOWN_META = (
    "|",
    "\r",
    "\n",
    "\r\n",
    "`",
    "# ",
    "\n# Injected heading\n",
    "<script>alert(1)</script>",
    "<br>",
    "[click](https://evil.example)",
    "![i](https://evil.example/i.png)",
    "&#x202e;",
    "&lt;",
    "**",
    "~~",
    "_",
    "> ",
    "- ",
    "1. ",
    "    ",
    "\\",
)
CSV_META = ('=HYPERLINK("https://evil.example","click")', "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "=", '"', ",")
# GitHub's runner takes a log line that starts with `::` for a workflow command (tests/test_hostile.py)
CI_META = ("::error::forged", "::add-mask::hunter2", "\n::warning::forged", "\n  ::stop-commands::x")
HOSTILE_PIECES = CONTROL_ATTACKS + INVISIBLE_MARKS + MARKDOWN_META + CSV_META + CI_META


def _shows_something(text: str) -> bool:
    """Not blank: the loader refuses empty strings, so a hostile string still says something."""
    return any(not char.isspace() for char in text)


hostile_text = (
    st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), words), min_size=1, max_size=5)
    .map("".join)
    .filter(_shows_something)
)


@st.composite
def hostile_corpora(draw: st.DrawFn) -> tuple[Topic, tuple[Version, ...]]:
    """A topic and three versions of it in which every string — ids, names, units, values, quotes — is hostile."""

    def text() -> str:
        return draw(hostile_text)

    def distinct(count: int) -> tuple[str, ...]:
        return tuple(draw(st.lists(hostile_text, min_size=count, max_size=count, unique=True)))

    names = distinct(6)
    specs = (
        FieldSpec(
            name=names[0], type=FieldType.ENUM, values=distinct(3), stricter=Stricter.LATER_IN_ORDER, meaning=text()
        ),
        FieldSpec(name=names[1], type=FieldType.INTEGER, unit=text(), stricter=Stricter.HIGHER, meaning=text()),
        FieldSpec(name=names[2], type=FieldType.NUMBER, unit=text(), stricter=Stricter.LOWER, meaning=text()),
        FieldSpec(name=names[3], type=FieldType.BOOLEAN, stricter=Stricter.TRUE, meaning=text()),
        FieldSpec(name=names[4], type=FieldType.TEXT, stricter=Stricter.NONE, meaning=text()),
        FieldSpec(name=names[5], type=FieldType.LIST, stricter=Stricter.HIGHER, meaning=text()),
    )
    rule_ids = distinct(draw(st.integers(1, 3)))
    topic = Topic(
        name=text(),
        title=text(),
        description=text(),
        fields=specs,
        rule_order=rule_ids,
        silent=(SilentYear(year=2007, source=text(), note=text()),),
        path=Path("t/topic.yaml"),
    )
    items = distinct(4)

    def value(spec: FieldSpec) -> Value:
        match spec.type:
            case FieldType.ENUM:
                return draw(st.sampled_from(spec.values))
            case FieldType.INTEGER:
                return draw(st.integers(0, 10**6))
            case FieldType.NUMBER:
                return draw(st.sampled_from([0, 2, 0.5, 12.25]))
            case FieldType.BOOLEAN:
                return draw(st.booleans())
            case FieldType.TEXT:
                return draw(st.sampled_from(items))
            case FieldType.LIST:
                return tuple(draw(st.lists(st.sampled_from(items), min_size=1, max_size=3, unique=True)))
            case _:
                assert_never(spec.type)

    built = []
    for year in (2004, 2012, 2019):
        source = Source(
            id=text(),
            year=year,
            title=text(),
            publisher=text(),
            published=None,
            covers=text(),
            file=text(),
            sha256="0" * 64,
        )
        rules = []
        for rule_id in draw(st.lists(st.sampled_from(rule_ids), min_size=1, unique=True)):
            chosen = draw(st.lists(st.sampled_from(specs), unique=True))
            fields = tuple((spec.name, value(spec)) for spec in specs if spec in chosen)
            cite = Citation(source=source.id, first_line=3, last_line=4, quote=text(), supports=None)
            rules.append(Rule(id=rule_id, title=text(), text=text(), fields=fields, cite=(cite,)))
        built.append(
            Version(topic=topic.name, year=year, source=source, summary=text(), rules=tuple(rules), path=Path(text()))
        )
    return topic, tuple(built)

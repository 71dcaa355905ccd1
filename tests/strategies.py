"""Hypothesis strategies for versions of a topic whose schema exercises every field type and direction."""

from __future__ import annotations

from pathlib import Path
from typing import assert_never

from hypothesis import strategies as st

from kzrights.model import Citation, FieldSpec, FieldType, Resolved, Rule, Source, Stricter, Topic, Value, Version

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

"""The strict composer builds the node tree PyYAML's own composer builds, and refuses anchors and tags wherever
they stand: on a key, a value or a list item (keys and scalar values are built in the composing loops, so each of
those places has its own check)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from kzrights.errors import DataError
from kzrights.nodes import Mapping, Node, Scalar, Sequence
from kzrights.strict_yaml import parse_yaml


class _NoAliases(yaml.SafeDumper):
    """Write every value out, even one that occurs twice: strict YAML refuses anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def reference(node: yaml.Node) -> Node:
    """PyYAML's composed node as a strict node: its value, whether it is plain, and its line."""
    line = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        return Scalar(node.value, not node.style, line)
    if isinstance(node, yaml.SequenceNode):
        return Sequence(tuple(reference(item) for item in node.value), line)
    assert isinstance(node, yaml.MappingNode)
    return Mapping({key.value: (key.start_mark.line + 1, reference(value)) for key, value in node.value}, line)


# What the loader accepts in a one-line value: no control, format or separator characters (tests/test_hostile.py
# checks that those are refused), so no line break either.
text = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp")), max_size=20)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text)


def documents(leaves: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        leaves,
        lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=4)),
        max_leaves=25,
    )


layouts = st.fixed_dictionaries(
    {
        "default_flow_style": st.sampled_from([False, True, None]),
        "allow_unicode": st.booleans(),
        "width": st.sampled_from([20, 80, 1000]),
    }
)
# Forcing a quoting style on a number or null makes PyYAML tag it (`!!int '5'`), which strict YAML refuses: so
# quoted documents hold text only.
written = st.one_of(
    st.tuples(documents(scalars), layouts.map(lambda layout: {**layout, "default_style": None})),
    st.tuples(documents(text), layouts.map(lambda layout: {**layout, "default_style": "'"})),
    st.tuples(documents(text), layouts.map(lambda layout: {**layout, "default_style": '"'})),
)


@given(written)
def test_the_strict_tree_is_pyyaml_s_composed_tree(document: tuple[Any, dict[str, Any]]) -> None:
    data, style = document
    source = yaml.dump(data, Dumper=_NoAliases, sort_keys=False, **style)
    expected = yaml.compose(source, Loader=yaml.SafeLoader)
    assert expected is not None
    assert parse_yaml(source, "f.yaml") == reference(expected)


@pytest.mark.parametrize(
    ("source", "fragment", "line"),
    [
        ("&k a: 1\n", "anchors (&k)", 1),
        ("b: 2\n!!str a: 1\n", "tags (tag:yaml.org,2002:str)", 2),
        ("a:\n  - 1\n  - &x 2\n", "anchors (&x)", 3),
        ("a:\n  - !t 2\n", "tags (!t)", 2),
        ("a:\n  - *x\n", "aliases (*x)", 2),
        ("a: {b: &y 1}\n", "anchors (&y)", 1),
        ("a: [b, !t c]\n", "tags (!t)", 1),
        ("a:\n  b: 1\n  b: 2\n", "duplicate key 'b' (first given on line 2)", 3),
        ("- {a: 1, a: 2}\n", "duplicate key 'a' (first given on line 1)", 1),
        ("? {a: 1}\n: 2\n", "mapping keys must be plain words", 1),
    ],
)
def test_anchors_tags_and_duplicates_are_refused_in_every_place(source: str, fragment: str, line: int) -> None:
    with pytest.raises(DataError) as caught:
        parse_yaml(source, "f.yaml")
    assert fragment in caught.value.message
    assert caught.value.line == line

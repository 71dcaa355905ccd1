"""The strict YAML layer refuses what plain PyYAML would silently misread."""

from __future__ import annotations

from pathlib import Path

import pytest

from kzrights.errors import DataError
from kzrights.nodes import Mapping, Scalar, Sequence
from kzrights.strict_yaml import MAX_FILE_BYTES, parse_yaml, read_yaml


def test_duplicate_key_is_an_error_naming_both_lines() -> None:
    """PyYAML keeps the last of two equal keys; we refuse, and say where the first one was."""
    with pytest.raises(DataError) as caught:
        parse_yaml("k: 1\nother: 2\nk: 3\n", "f.yaml")
    assert caught.value.line == 3
    assert "duplicate key 'k' (first given on line 1)" in caught.value.render()


@pytest.mark.parametrize(
    ("text", "fragment", "line"),
    [
        ("a: &x 1\nb: 2\n", "anchors (&x) are not allowed", 1),
        ("a: [1]\nb: *x\n", "aliases (*x) are not allowed", 2),
        ("a: &x [1]\nb: *x\n", "anchors (&x)", 1),
        ("a: !!str 5\n", "tags (tag:yaml.org,2002:str) are not allowed", 1),
        ("a: !custom 5\n", "tags (!custom) are not allowed", 1),
        ("a: 1\n---\nb: 2\n", "only one YAML document", 2),
        ("a: [1, 2\n", "invalid YAML", 2),
        ("a: \x00\n", "invalid YAML", 1),
        ("? [a, b]\n: 1\n", "mapping keys must be plain words", 1),
    ],
)
def test_surprising_yaml_is_refused_with_its_line(text: str, fragment: str, line: int) -> None:
    with pytest.raises(DataError) as caught:
        parse_yaml(text, "f.yaml")
    assert fragment in caught.value.message
    assert caught.value.line == line


def test_scalars_stay_untyped_text_with_their_style() -> None:
    """`no`, `5.10` and `012` reach the schema as written; only the schema decides what they mean."""
    node = parse_yaml("a: no\nb: 5.10\nc: 012\nd: '10'\n", "f.yaml")
    assert isinstance(node, Mapping)
    values = {key: value for key, (_, value) in node.entries.items()}
    assert values["a"] == Scalar("no", plain=True, line=1)
    assert values["b"] == Scalar("5.10", plain=True, line=2)
    assert values["c"] == Scalar("012", plain=True, line=3)
    assert values["d"] == Scalar("10", plain=False, line=4)


def test_sequences_keep_order_and_lines() -> None:
    node = parse_yaml("- a\n- b\n", "f.yaml")
    assert isinstance(node, Sequence)
    assert [item.value for item in node.items if isinstance(item, Scalar)] == ["a", "b"]


def test_empty_file_is_no_document(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("# only a comment\n")
    assert read_yaml(path) is None


def test_non_utf8_is_refused_with_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(DataError) as caught:
        read_yaml(path)
    assert caught.value.line == 2
    assert "not valid UTF-8" in caught.value.message


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"[" * (MAX_FILE_BYTES + 1))  # would be a parse error too, if it were parsed
    with pytest.raises(DataError, match="the limit is"):
        read_yaml(path)


def test_unreadable_path_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="cannot read file"):
        read_yaml(tmp_path / "missing.yaml")


def test_a_tab_that_stops_the_parser_is_named() -> None:
    """libyaml's 'found character that cannot start any token' does not say the character is a tab."""
    with pytest.raises(DataError) as refused:
        parse_yaml("topic: assembly\nrules:\n\t- id: x\n", "f.yaml")
    assert str(refused.value) == (
        "f.yaml:3: invalid YAML: found character that cannot start any token (a tab: YAML indents with spaces only)"
    )
    with pytest.raises(DataError) as named:
        parse_yaml("a:\n  b: 1\n\tc: 2\n", "f.yaml")
    assert str(named.value) == "f.yaml:3: invalid YAML: found a tab character that violates indentation"

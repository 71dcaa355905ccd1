"""Records behave as values: what tests, sets and `--files` comparisons of model objects rely on."""

from __future__ import annotations

import pytest

from kzrights.model import Citation
from kzrights.textdiff import Op, Segment


def cite(quote: str = "up to 10 days", supports: tuple[str, ...] | None = None) -> Citation:
    return Citation("usdos-2019", 531, 533, quote, supports)


def test_equal_fields_make_equal_records_with_equal_hashes() -> None:
    assert cite() == cite()
    assert hash(cite()) == hash(cite())
    assert len({cite(), cite(), cite("other")}) == 2


def test_records_of_different_classes_are_never_equal() -> None:
    assert Segment(Op.EQUAL, "x") != ("equal", "x")
    assert Segment(Op.EQUAL, "x") != cite()


def test_replace_copies_with_changes_and_leaves_the_original_alone() -> None:
    original = cite()
    changed = original.replace(quote="fines", supports=("max_fine",))
    assert (changed.quote, changed.supports, changed.first_line) == ("fines", ("max_fine",), 531)
    assert original == cite()


def test_replace_refuses_a_field_the_record_does_not_have() -> None:
    with pytest.raises(TypeError, match="Citation has no field qoute"):
        cite().replace(qoute="typo")


def test_repr_names_every_field_in_order() -> None:
    assert repr(Segment(Op.DELETE, "ten")) == "Segment(op=<Op.DELETE: 'delete'>, text='ten')"


def test_records_take_no_attributes_beyond_their_fields() -> None:
    with pytest.raises(AttributeError):
        cite().page = 3  # type: ignore[attr-defined]

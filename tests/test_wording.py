"""How values are said: the same words in the terminal, Markdown and changelog tables."""

from __future__ import annotations

import pytest

from kzrights.render.wording import value_text


@pytest.mark.parametrize(
    ("value", "unit", "said"),
    [
        (1, "years", "1 year"),
        (1.0, "years", "1 year"),
        (2, "years", "2 years"),
        (0.5, "years", "0.5 years"),
        (1, "monthly calculation indices", "1 monthly calculation index"),
        (20, "monthly calculation indices", "20 monthly calculation indices"),
        (12_960_000, "tenge", "12,960,000 tenge"),
        (5, None, "5"),
        (True, None, "true"),
        (("debt", "state secrets"), None, "debt; state secrets"),
    ],
)
def test_values_are_said_with_their_unit_in_the_right_number(value: object, unit: str | None, said: str) -> None:
    assert value_text(value, unit) == said  # type: ignore[arg-type]

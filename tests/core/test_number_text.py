"""Numbers typed with a Chinese input method: full-width digits and punctuation are numbers."""
from __future__ import annotations

import pytest

from parkplanner.core.model.number_text import normalise_number_text, parse_number


@pytest.mark.parametrize("text, number", [
    ("２．５", 2.5), ("２。５", 2.5), ("１，２００", 1200.0), (" 3 000 ", 3000.0), ("−１．５", -1.5), ("0.35", 0.35),
])
def test_typed_numbers(text, number):
    assert parse_number(text) == number


def test_percent_sign_is_kept_for_the_field_to_read():
    assert normalise_number_text("１５％") == "15%"


@pytest.mark.parametrize("text", ["", "abc", "2..5", "二点五"])
def test_not_numbers(text):
    with pytest.raises(ValueError):
        parse_number(text)

"""Numbers as planners type them: full-width digits from a Chinese input method (２．５), Chinese
punctuation (２。５, 1，200), thousands separators, a trailing percent sign.

NFKC folds full-width forms to ASCII (２．５ -> 2.5, １，２００ -> 1,200, ５％ -> 5%); the ideographic
full stop 。 is no compatibility form of "." and is mapped by hand, since an input method left in
Chinese mode types it for the decimal point.
"""
from __future__ import annotations

import unicodedata

__all__ = ["normalise_number_text", "parse_number"]

_BY_HAND = str.maketrans({"。": ".", "\u2212": "-"})  # ideographic full stop, minus sign


def normalise_number_text(text: str) -> str:
    """``text`` with full-width forms, Chinese punctuation, separators and spaces made plain ASCII
    (a trailing % is kept: what it means depends on the field)."""
    folded = unicodedata.normalize("NFKC", str(text)).translate(_BY_HAND)
    return "".join(folded.split()).replace(",", "")


def parse_number(text: str) -> float:
    """The number in ``text`` (see module doc); ValueError when there is none."""
    return float(normalise_number_text(text))

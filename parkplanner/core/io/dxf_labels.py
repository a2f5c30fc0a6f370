"""What the words in a CAD drawing mean: land-use codes in layer names and labels, the text
patterns of 控规 labels (parcel code, FAR, density, green ratio, height limit) and the block
attribute / XDATA tags that carry the same values.

Drawings from design institutes write the same figure many ways (``容积率≤2.5``, ``FAR 2.5``,
``2.5``); :class:`LabelRules` holds the patterns as regular expressions so a planner can add the
spelling of their institute (``parkplanner import --label far=REGEX``, ``--field far=TAG``)
without touching the reader. Each pattern's first group is the value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

from parkplanner.core.model.catalogue import default_catalogue

__all__ = ["LabelRules", "DEFAULT_PATTERNS", "DEFAULT_TAGS", "LABEL_KEYS", "find_code", "leading_code",
           "fraction"]

_NUMBER = r"(\d+(?:\.\d+)?)"
_OPERATOR = r"\s*(?:[:：=＝≤≦<≯]|<=|不大于|不超过|不高于|不小于|不低于|≥|>=|>)?\s*"

#: Label key -> patterns tried in order on one line of a TEXT/MTEXT label (case-insensitive,
#: matched against the whole line). Keys are zone attributes plus ``parcel_code``.
DEFAULT_PATTERNS: dict[str, tuple[str, ...]] = {
    # A-01-03, B2-05, 03-12, 12-03-01: letters/digits in two to four hyphenated groups.
    "parcel_code": (r"([A-Z]{0,3}\d{0,3}[A-Z]?(?:-\d{1,3}[A-Z]?){1,3})",
                    r"(?:地块编号|地块|PARCEL)" + _OPERATOR + r"(\S+)"),
    "far": (r"(?:容积率|FAR)" + _OPERATOR + _NUMBER,),
    "coverage": (r"(?:建筑密度|密度|COVERAGE|DENSITY)" + _OPERATOR + _NUMBER + r"\s*%?",),
    "green_ratio": (r"(?:绿地率|GREEN(?:\s*RATIO)?)" + _OPERATOR + _NUMBER + r"\s*%?",),
    # "H" alone only with an operator: H14 is a land-use code (GB 50137), H≤24 a height limit.
    "height_m": (r"(?:建筑限高|限高|建筑高度|HEIGHT)" + _OPERATOR + _NUMBER + r"\s*(?:M|米)?",
                 r"H\s*(?:[:：=≤<]|<=)\s*" + _NUMBER + r"\s*(?:M|米)?"),
}
#: Label key -> block attribute tags and XDATA keys (case-insensitive) that carry it; our own
#: export writes the attribute names themselves.
DEFAULT_TAGS: dict[str, tuple[str, ...]] = {
    "landuse": ("code", "landuse", "land_use", "用地代码", "用地性质", "YDDM", "YDXZ"),
    "parcel_code": ("parcel_code", "parcel", "地块编号", "DKBH"),
    "name": ("name", "名称", "MC"),
    "far": ("far", "容积率", "RJL"),
    "coverage": ("coverage", "建筑密度", "JZMD", "density"),
    "green_ratio": ("green_ratio", "绿地率", "LDL"),
    "height_m": ("height_m", "限高", "建筑限高", "XG", "height"),
    "sector": ("sector", "产业", "行业"),
    "phase": ("phase", "分期"),
    "start_year": ("start_year", "开工年份"),
    "gfa_override_m2": ("gfa_override_m2",),
}
#: A decimal number alone on a label line is the FAR in 控规 drawings (``2.5``, ``0.8``).
_BARE_FAR = re.compile(r"(\d{1,2}\.\d+)")
LABEL_KEYS: tuple[str, ...] = tuple(DEFAULT_TAGS)
#: Keys whose values are shares: a label of 35 or 35% means 0.35.
_FRACTIONS = ("coverage", "green_ratio")


@dataclass
class LabelRules:
    """Text patterns and tags per key; built from the defaults plus the user's additions."""

    patterns: dict[str, tuple[re.Pattern, ...]] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)  # lower-case tag -> key

    @classmethod
    def build(cls, extra_patterns: Mapping[str, str] | None = None,
              extra_tags: Mapping[str, str] | None = None) -> "LabelRules":
        """Defaults, with ``extra_patterns`` (key -> regex) tried first and ``extra_tags`` (key -> tag)
        added; ValueError names an unknown key or a pattern that does not compile."""
        patterns = {key: list(values) for key, values in DEFAULT_PATTERNS.items()}
        for key, pattern in (extra_patterns or {}).items():
            if key not in DEFAULT_PATTERNS:
                raise ValueError(f"unknown label key {key!r} (keys: {', '.join(DEFAULT_PATTERNS)})")
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"label pattern {pattern!r} for {key}: {exc}") from None
            if compiled.groups < 1:
                raise ValueError(f"label pattern {pattern!r} for {key} needs a group (...) around the value")
            patterns[key].insert(0, pattern)
        tags = {tag.lower(): key for key, names in DEFAULT_TAGS.items() for tag in names}
        for key, tag in (extra_tags or {}).items():
            if key not in DEFAULT_TAGS:
                raise ValueError(f"unknown field key {key!r} (keys: {', '.join(DEFAULT_TAGS)})")
            tags[str(tag).strip().lower()] = key
        return cls({key: tuple(re.compile(p, re.IGNORECASE) for p in values) for key, values in patterns.items()},
                   tags)

    def key_of_tag(self, tag: str) -> str | None:
        return self.tags.get(tag.strip().lower())

    def classify(self, line: str, scheme: str) -> tuple[str, str] | None:
        """(key, value text) of one label line, or None when no pattern says what it is.

        Parcel codes are tried first (``03-12`` is not a number), then the keyed figures, then a
        land-use code at the start of the line (``R2``, ``R2-二类居住用地``, ``070102 城镇住宅用地``),
        and last a bare decimal number, which 控规 drawings use for the FAR.
        """
        text = line.strip()
        if not text:
            return None
        for key in ("parcel_code", "coverage", "green_ratio", "height_m", "far"):
            for pattern in self.patterns[key]:
                match = pattern.fullmatch(text)
                if match:
                    return key, match.group(1)
        code = leading_code(scheme, text)
        if code is not None:
            return "landuse", code
        match = _BARE_FAR.fullmatch(text)
        return ("far", match.group(1)) if match else None


def find_code(scheme: str, name: str) -> str | None:
    """A land-use code of ``scheme`` anywhere in a layer name (``YD_B1``, ``用地-M1``, ``070102``).

    Tokens are runs of Latin letters and digits; the first that is an assignable code wins.
    Zero-padding (``701`` -> ``0701``) is allowed only from three digits, so ``图层1`` is not 01.
    """
    catalogue = default_catalogue()
    for token in re.findall(r"[A-Za-z0-9]+", name):
        for candidate in _splits(token):
            code = _code(catalogue, scheme, candidate)
            if code is not None:
                return code
    return None


def leading_code(scheme: str, text: str) -> str | None:
    """The land-use code a label starts with (``R2``, ``B1/B2`` gives B1, ``0701 城镇住宅用地``)."""
    match = re.match(r"\s*([A-Za-z]{0,3}\d{0,6}[A-Za-z]?\d{0,2})(?![A-Za-z0-9.])", text)
    if not match or not match.group(1):
        return None
    return _code(default_catalogue(), scheme, match.group(1))


def _splits(token: str) -> list[str]:
    """``YD_B1`` splits on the underscore already; ``YDB1`` is tried whole, then its tails ``DB1``, ``B1``."""
    return [token] + [token[i:] for i in range(1, len(token) - 1)
                      if token[i].isalpha() and not token[i - 1].isdigit() and any(c.isdigit() for c in token[i:])]


def _code(catalogue, scheme: str, token: str) -> str | None:
    if len(token) < 2 or (token.isdigit() and len(token) < 2):
        return None
    code = catalogue.normalise_code(scheme, token)
    if code is None or (token.isdigit() and len(token) < 3 and code != token):
        return None
    cls = catalogue.find(scheme, code)
    return code if cls is not None and cls.assignable else None


def fraction(key: str, text: str) -> float | str:
    """A share as 0..1 for coverage and green ratio (labels say 35 or 35%); other values as given."""
    if key not in _FRACTIONS:
        return text
    number = float(str(text).rstrip("%").strip())
    return number / 100.0 if str(text).strip().endswith("%") or number > 1.0 else number

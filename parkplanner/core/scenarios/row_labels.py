"""How a planner reads a comparison row: its name, section title and unit in English or Chinese,
and its numbers formatted by kind.

``metric_deltas`` (compare.py) keys its rows by the metrics JSON keys ("zone_count", "RES", "I2",
"industry", "D"). The comparison view and ``parkplanner compare`` both show them through this one
table, so the GUI and the CLI name a row alike. Names come from the data where the data have them
(generic class names, the indicator registry); totals and coupling terms are named here.

Kinds decide the decimals: counts are whole numbers, areas are shown in the planner's area unit,
money keeps the unit of its key (万元 whole, 亿元 two decimals), percent shares and other rates two
decimals, 0–1 indices three.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from parkplanner.core.metrics.contributions import M2_PER_HA, M2_PER_MU
from parkplanner.core.metrics.registry import DIMENSIONS, INDICATOR_IDS, dimension, indicator
from parkplanner.core.model.catalogue import GENERIC_NAMES

__all__ = [
    "SECTIONS", "TOTAL_NAMES", "COUPLING_NAMES", "AREA_UNITS", "RowDisplay", "section_title", "row_label",
    "labelled_keys", "row_display", "format_relative",
]

#: The comparison's sections in table order, with their titles (en, zh).
SECTIONS: Mapping[str, tuple[str, str]] = {
    "totals": ("Totals", "总量"),
    "landuse": ("Land use", "用地构成"),
    "indicators": ("Indicators", "指标"),
    "scores": ("Indicator scores", "指标得分"),
    "dimensions": ("Dimension indices", "维度指数"),
    "coupling": ("Coupling coordination", "耦合协调"),
}

#: Totals of the metrics JSON (docs/specification.md section 8) with their names and kind.
TOTAL_NAMES: Mapping[str, tuple[str, str, str]] = {
    "zone_count": ("Zones", "地块数", "count"),
    "total_area_m2": ("Total area", "总用地面积", "area"),
    "construction_area_m2": ("Construction land", "建设用地面积", "area"),
    "gfa_m2": ("Gross floor area", "总建筑面积", "area"),
    "residents": ("Residents", "居住人口", "count"),
    "dwellings": ("Dwellings", "住宅套数", "count"),
    "employed_residents": ("Employed residents", "就业居民", "count"),
    "jobs": ("Jobs", "就业岗位", "count"),
    "output_wan": ("Output", "产值", "wan"),
    "tax_wan": ("Tax", "税收", "wan"),
    "output_yi": ("Output", "产值", "yi"),
    "tax_yi": ("Tax", "税收", "yi"),
}

#: Coupling terms (docs/specification.md section 4): C, T, D and the grade's level 0–9.
COUPLING_NAMES: Mapping[str, tuple[str, str, str]] = {
    "C": ("C coupling degree", "耦合度 C", "index"),
    "T": ("T comprehensive development index", "综合发展指数 T", "index"),
    "D": ("D coupling coordination degree", "耦合协调度 D", "index"),
    "grade_level": ("Coordination grade level", "协调等级", "count"),
}

#: Square metres per area unit, the units the planner can choose for areas.
AREA_UNITS: Mapping[str, float] = {"m²": 1.0, "ha": M2_PER_HA, "km²": 1_000_000.0, "mu": M2_PER_MU}
_AREA_DECIMALS = {"m²": 0, "ha": 2, "km²": 3, "mu": 1}

#: Units of the metrics JSON in Chinese; symbols (m², %, 万元) read the same in both languages.
_UNITS_ZH = {"persons": "人", "jobs": "个", "dwellings": "套", "ha": "公顷", "mu": "亩", "jobs/ha": "个/公顷",
             "m²/person": "m²/人"}
_KIND_UNITS = {"count": "", "wan": "万元", "yi": "亿元", "index": "0–1"}
_TOTAL_COUNT_UNITS = {"residents": "persons", "employed_residents": "persons", "jobs": "jobs",
                      "dwellings": "dwellings"}
_DIMENSION_IDS = frozenset(d.id for d in DIMENSIONS)
_KIND_DECIMALS = {"count": 0, "wan": 0, "yi": 2, "percent": 2, "rate": 2, "index": 3}


def _pick(names: tuple[str, ...], lang: str) -> str:
    return names[1] if lang.startswith("zh") else names[0]


def section_title(section: str, lang: str = "en") -> str:
    """"Totals" / "总量"; an unknown section shows its id."""
    return _pick(SECTIONS[section], lang) if section in SECTIONS else section


def row_label(section: str, key: str, lang: str = "en") -> str:
    """The row's name: "Zones" / "地块数", "Residential" / "居住", "I2 Job density", "产 Industry", "耦合度 C".

    A key the tables do not know (a newer metrics JSON may add keys) shows as itself.
    """
    if section == "totals" and key in TOTAL_NAMES:
        return _pick(TOTAL_NAMES[key], lang)
    if section == "landuse" and key in GENERIC_NAMES:
        return _pick(GENERIC_NAMES[key], lang)
    if section in ("indicators", "scores") and key in INDICATOR_IDS:
        return f"{key} {indicator(key).display_name(lang)}"
    if section == "dimensions" and key in _DIMENSION_IDS:
        dim = dimension(key)
        return dim.name_zh if lang.startswith("zh") else f"{dim.zh} {dim.name_en}"
    if section == "coupling" and key in COUPLING_NAMES:
        return _pick(COUPLING_NAMES[key], lang)
    return key


def labelled_keys() -> dict[str, tuple[str, ...]]:
    """Every (section → keys) the tables name: what ``metric_deltas`` can produce today."""
    return {
        "totals": tuple(TOTAL_NAMES), "landuse": tuple(GENERIC_NAMES), "indicators": INDICATOR_IDS,
        "scores": INDICATOR_IDS, "dimensions": tuple(d.id for d in DIMENSIONS), "coupling": tuple(COUPLING_NAMES),
    }


def _kind(section: str, key: str, unit: str) -> str:
    if section == "totals":
        return TOTAL_NAMES[key][2] if key in TOTAL_NAMES else ("area" if key.endswith("_m2") else "rate")
    if section == "landuse":
        return "area"
    if section == "coupling":
        return COUPLING_NAMES[key][2] if key in COUPLING_NAMES else "index"
    if section in ("scores", "dimensions") or unit == "0–1":
        return "index"
    return "percent" if unit == "%" else "rate"


@dataclass(frozen=True, slots=True)
class RowDisplay:
    """A row as shown: section title, name, unit, and how its numbers are written."""

    section_title: str
    name: str
    unit: str
    kind: str  # count, area, wan, yi, percent, rate, index
    scale: float  # shown value = raw value / scale (areas in the chosen unit)
    decimals: int

    def number(self, value: float | None, signed: bool = False) -> str:
        """Text of a raw value ("1,234", "1,450.00"); "–" for null; ``signed`` puts "+" before a gain."""
        if value is None:
            return "–"
        shown = round(value / self.scale, self.decimals)
        if shown == 0:  # no "-0" or "+0.00": an unchanged number is just zero
            return f"{0:.{self.decimals}f}"
        return f"{shown:{'+' if signed else ''},.{self.decimals}f}"


def row_display(section: str, key: str, unit: str = "", lang: str = "en", area_unit: str = "ha") -> RowDisplay:
    """How to show row ``key`` of ``section`` (``unit`` is the row's unit from the metrics JSON)."""
    kind = _kind(section, key, unit)
    scale, decimals = 1.0, _KIND_DECIMALS.get(kind, 2)
    if kind == "area":
        if area_unit not in AREA_UNITS:
            raise ValueError(f"unknown area unit {area_unit!r} (known: {', '.join(AREA_UNITS)})")
        unit, scale, decimals = area_unit, AREA_UNITS[area_unit], _AREA_DECIMALS[area_unit]
    elif section == "totals" and kind == "count":
        unit = _TOTAL_COUNT_UNITS.get(key, "")
    elif kind in _KIND_UNITS and section != "indicators":
        unit = _KIND_UNITS[kind]
    if lang.startswith("zh"):
        unit = _UNITS_ZH.get(unit, unit)
    return RowDisplay(section_title(section, lang), row_label(section, key, lang), unit, kind, scale, decimals)


def format_relative(value: float | None) -> str:
    """Δ % with one decimal and a sign: "+12.3%", "-4.0%", "0.0%"; "–" where undefined."""
    if value is None:
        return "–"
    if round(value * 100, 1) == 0:
        return "0.0%"
    return f"{value:+.1%}"

"""Land-use balance (用地平衡表) and per-capita land (docs/specification.md, "Land-use balance").

Each table lists construction land first (its rows' shares of construction land sum to 100 %),
then, below the 城市建设用地 subtotal, the land that does not count as construction land (water,
agriculture, and codes such as regional transport, mining or villages whose catalogue ``urban_dev``
is 0), with a share of the total area only.
"""
from __future__ import annotations

from dataclasses import dataclass

from parkplanner.core.metrics.aggregates import Aggregates, Totals
from parkplanner.core.metrics.contributions import M2_PER_HA, SchemeLookup
from parkplanner.core.metrics.indicators import ratio
from parkplanner.core.metrics.standards import Rule, RuleSet, Violation
from parkplanner.core.model.catalogue import CONSTRUCTION_CLASSES, GENERIC_CLASSES, GENERIC_NAMES

#: Classes listed below the subtotal even without land, so a plan shows it has none.
_ALWAYS_LISTED_OUTSIDE = ("WAT", "AGR")

__all__ = ["BalanceRow", "PerCapita", "generic_balance", "level1_balance", "per_capita", "balance_violations",
           "PER_CAPITA_NAMES", "class_areas"]

#: Per-capita figures a ``per_capita`` rule may name: (English, Chinese) names.
#: Residential land counts half of MXD, as in indicator C2.
PER_CAPITA_NAMES: dict[str, tuple[str, str]] = {
    "construction_land_per_resident": ("Construction land per resident", "人均城市建设用地"),
    "residential_land_per_resident": ("Residential land per resident", "人均居住用地"),
    "civic_land_per_resident": ("Public services land per resident", "人均公共管理与公共服务用地"),
    "transport_land_per_resident": ("Roads and transport land per resident", "人均道路与交通设施用地"),
    "green_land_per_resident": ("Green and squares land per resident", "人均绿地与广场用地"),
}


@dataclass(frozen=True, slots=True)
class BalanceRow:
    key: str  # generic class, or level-1 code
    name_en: str
    name_zh: str
    generic_class: str
    area_m2: float
    share_of_construction_pct: float | None  # None outside construction land or without construction land
    share_of_total_pct: float | None
    standard_range_pct: list[float] | None
    within_standard: bool | None
    rule: str | None
    construction_land: bool = True  # False for the rows below the 城市建设用地 subtotal

    @property
    def area_ha(self) -> float:
        return self.area_m2 / M2_PER_HA

    def to_dict(self, key_name: str = "generic_class") -> dict:
        data = {key_name: self.key}
        if key_name != "generic_class":
            data["generic_class"] = self.generic_class
        data.update({
            "name_en": self.name_en, "name_zh": self.name_zh, "area_m2": self.area_m2, "area_ha": self.area_ha,
            "share_of_construction_pct": self.share_of_construction_pct,
            "share_of_total_pct": self.share_of_total_pct, "standard_range_pct": self.standard_range_pct,
            "within_standard": self.within_standard, "construction_land": self.construction_land,
        })
        return data


def _row(key: str, name_en: str, name_zh: str, generic: str, area: float, totals: Totals,
         rule: Rule | None, construction: bool) -> BalanceRow:
    """A balance row; only construction land has a share of construction land and a standard range."""
    if not construction:
        return BalanceRow(key, name_en, name_zh, generic, area, None, ratio(area, totals.total_area_m2, 100.0),
                          None, None, None, False)
    share = ratio(area, totals.construction_area_m2, 100.0)
    within = None
    if rule is not None and share is not None:
        within = rule.passes(share)
    return BalanceRow(key, name_en, name_zh, generic, area, share,
                      ratio(area, totals.total_area_m2, 100.0), rule.range if rule else None, within,
                      rule.rule if rule else None, True)


def generic_balance(agg: Aggregates, totals: Totals, rules: RuleSet) -> list[BalanceRow]:
    """Construction land of every class that can be construction land, then each class's land
    outside construction land (where there is some, and always water and agriculture)."""
    inside = [_row(c, *GENERIC_NAMES[c], c, agg.construction(c), totals, rules.balance.get(c), True)
              for c in GENERIC_CLASSES if c in CONSTRUCTION_CLASSES]
    outside = [_row(c, *GENERIC_NAMES[c], c, agg.area(c) - agg.construction(c), totals, None, False)
               for c in GENERIC_CLASSES
               if agg.area(c) - agg.construction(c) > 0 or c in _ALWAYS_LISTED_OUTSIDE]
    return inside + outside


def level1_balance(agg: Aggregates, totals: Totals, rules: RuleSet, lookup: SchemeLookup) -> list[BalanceRow]:
    """Rows of the scheme's level-1 classes, construction land first; the range is that of the
    class's generic class."""
    rows = [_row(code, *lookup.level1_names[n], lookup.level1_generic[n], float(agg.level1_area[n]), totals,
                 rules.balance.get(lookup.level1_generic[n]), lookup.level1_construction[n])
            for n, code in enumerate(lookup.level1_codes)]
    return [r for r in rows if r.construction_land] + [r for r in rows if not r.construction_land]


@dataclass(frozen=True, slots=True)
class PerCapita:
    id: str
    name_en: str
    name_zh: str
    value: float | None  # m² per resident; None without residents
    standard: list[float | None]
    within_standard: bool | None
    rule: str
    source: str

    def to_dict(self) -> dict:
        return {"id": self.id, "name_en": self.name_en, "name_zh": self.name_zh, "value": self.value,
                "unit": "m²/person", "standard": self.standard, "within_standard": self.within_standard,
                "rule": self.rule, "source": self.source}


def _numerator(name: str, agg: Aggregates, totals: Totals) -> float:
    a = agg.construction  # land per resident counts construction land, as GB 50137 does
    return {
        "construction_land_per_resident": lambda: totals.construction_area_m2,
        "residential_land_per_resident": lambda: a("RES") + 0.5 * a("MXD"),
        "civic_land_per_resident": lambda: a("CIV"),
        "transport_land_per_resident": lambda: a("TRN"),
        "green_land_per_resident": lambda: a("GRN"),
    }[name]()


def per_capita(agg: Aggregates, totals: Totals, rules: RuleSet) -> list[PerCapita]:
    out = []
    for rule in rules.per_capita:
        if rule.attribute not in PER_CAPITA_NAMES:
            raise ValueError(f"standards rule {rule.rule}: unknown per-capita figure {rule.attribute!r}")
        value = ratio(_numerator(rule.attribute, agg, totals), totals.residents)
        within = None if value is None else rule.passes(value)
        out.append(PerCapita(rule.attribute, *PER_CAPITA_NAMES[rule.attribute], value, rule.range, within,
                             rule.rule, rule.source))
    return out


def balance_violations(rows: list[BalanceRow], rules: RuleSet) -> list[Violation]:
    """Land-use balance rows outside their range (zone_id None); generic rows of construction land only."""
    out = []
    for row in rows:
        if row.within_standard is False and row.construction_land:
            rule = rules.balance[row.key]
            out.append(Violation(None, rule.rule, row.share_of_construction_pct, rule.range, rule.source,
                                 rule.attribute, rule.operator, rule.description))
    return out



def class_areas(rows: list[dict]) -> dict[str, float]:
    """m² per generic class from ``landuse_balance`` JSON rows, inside and outside construction land
    together, in class order: what a comparison of land use between scenarios lines up."""
    areas: dict[str, float] = {}
    for row in rows:
        areas[row["generic_class"]] = areas.get(row["generic_class"], 0.0) + row["area_m2"]
    return {c: areas[c] for c in GENERIC_CLASSES if c in areas}

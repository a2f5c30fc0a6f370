"""Land-use balance (用地平衡表) and per-capita land of METRICS.md section 3."""
from __future__ import annotations

from dataclasses import dataclass

from parkplanner.core.metrics.aggregates import Aggregates, Totals
from parkplanner.core.metrics.contributions import M2_PER_HA, SchemeLookup
from parkplanner.core.metrics.indicators import ratio
from parkplanner.core.metrics.standards import Rule, RuleSet, Violation
from parkplanner.core.model.catalogue import CONSTRUCTION_CLASSES, GENERIC_CLASSES, GENERIC_NAMES

__all__ = ["BalanceRow", "PerCapita", "generic_balance", "level1_balance", "per_capita", "balance_violations",
           "PER_CAPITA_NAMES"]

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
    share_of_construction_pct: float | None  # None for non-construction classes or no construction land
    share_of_total_pct: float | None
    standard_range_pct: list[float] | None
    within_standard: bool | None
    rule: str | None

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
            "within_standard": self.within_standard,
        })
        return data


def _row(key: str, name_en: str, name_zh: str, generic: str, area: float, totals: Totals,
         rule: Rule | None) -> BalanceRow:
    construction = generic in CONSTRUCTION_CLASSES
    share = ratio(area, totals.construction_area_m2, 100.0) if construction else None
    within = None
    if rule is not None and share is not None:
        within = rule.passes(share)
    return BalanceRow(key, name_en, name_zh, generic, area, share,
                      ratio(area, totals.total_area_m2, 100.0), rule.range if rule else None, within,
                      rule.rule if rule else None)


def generic_balance(agg: Aggregates, totals: Totals, rules: RuleSet) -> list[BalanceRow]:
    return [_row(c, *GENERIC_NAMES[c], c, float(agg.by_class["area"][n]), totals, rules.balance.get(c))
            for n, c in enumerate(GENERIC_CLASSES)]


def level1_balance(agg: Aggregates, totals: Totals, rules: RuleSet, lookup: SchemeLookup) -> list[BalanceRow]:
    """Rows of the scheme's level-1 classes; the range is that of the class's generic class."""
    return [_row(code, *lookup.level1_names[n], lookup.level1_generic[n], float(agg.level1_area[n]), totals,
                 rules.balance.get(lookup.level1_generic[n]))
            for n, code in enumerate(lookup.level1_codes)]


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
    a = agg.area
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
    """Land-use balance rows outside their range (zone_id None)."""
    out = []
    for row in rows:
        if row.within_standard is False:
            rule = rules.balance[row.key]
            out.append(Violation(None, rule.rule, row.share_of_construction_pct, rule.range, rule.source,
                                 rule.attribute, rule.operator, rule.description))
    return out


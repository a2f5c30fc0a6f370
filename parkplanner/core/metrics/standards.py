"""Standards checks (docs/specification.md section 5) driven by the editable table resources/standards_rules.csv.

Three scopes share the table: ``zone`` rules compare a zone attribute with a limit (a number, or a
field of the zone's sector when it has one), ``balance`` rules give the share ranges of the
land-use balance, ``per_capita`` rules the per-resident land ranges of section 3.
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from parkplanner.core.metrics.contributions import CLASS_INDEX, ZoneAttributes
from parkplanner.core.model.sectors import SECTOR_NUMERIC_FIELDS, Sector
from parkplanner.core.resources import resource_path

__all__ = ["Rule", "RuleSet", "Violation", "load_rules", "default_rules", "check_zones", "ZONE_ATTRIBUTES"]

SCOPES = ("zone", "balance", "per_capita")
OPERATORS = (">=", "<=", "between")
#: Zone attributes a rule may test (the units of the zone: coverage and green ratio are fractions).
ZONE_ATTRIBUTES = ("far", "coverage", "green_ratio", "height_m")


@dataclass(frozen=True, slots=True)
class Rule:
    rule: str
    scope: str
    generic_class: str
    sector: str
    attribute: str
    operator: str
    limit: float | None
    limit_high: float | None
    sector_field: str
    description: str
    source: str
    description_zh: str = ""  # the description a Chinese interface and appendix show

    def passes(self, value: float) -> bool:
        if self.operator == ">=":
            return value >= self.limit
        if self.operator == "<=":
            return value <= self.limit
        return self.limit <= value <= self.limit_high

    @property
    def range(self) -> list[float] | None:
        """[low, high] with None for an open end (">=": [limit, None])."""
        if self.operator == "between":
            return [self.limit, self.limit_high]
        return [self.limit, None] if self.operator == ">=" else [None, self.limit]


@dataclass(frozen=True, slots=True)
class Violation:
    zone_id: int | None  # None: a project-wide rule (land-use balance)
    rule: str
    value: float
    limit: float | list[float | None]
    source: str
    attribute: str = ""
    operator: str = ""
    description: str = ""

    def to_dict(self) -> dict:
        return {"zone_id": self.zone_id, "rule": self.rule, "value": self.value, "limit": self.limit,
                "source": self.source, "attribute": self.attribute, "operator": self.operator,
                "description": self.description}


class RuleSet:
    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        self.zone_rules = tuple(r for r in self.rules if r.scope == "zone")
        self.balance = {r.generic_class: r for r in self.rules if r.scope == "balance"}
        self.per_capita = tuple(r for r in self.rules if r.scope == "per_capita")


def _number(text: str, what: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{what}: {text!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{what}: {text!r} is not a finite number")
    return value


def _parse(row: Mapping[str, str], line: int) -> Rule:
    where = f"standards rules line {line}"
    get = {k: (v or "").strip() for k, v in row.items() if k}
    rule = Rule(
        rule=get.get("rule", ""), scope=get.get("scope", ""), generic_class=get.get("generic_class", ""),
        sector=get.get("sector", ""), attribute=get.get("attribute", ""), operator=get.get("operator", ""),
        limit=_number(get.get("limit", ""), where), limit_high=_number(get.get("limit_high", ""), where),
        sector_field=get.get("sector_field", ""), description=get.get("description", ""),
        source=get.get("source", ""), description_zh=get.get("description_zh", ""),
    )
    problems = []
    if not rule.rule:
        problems.append("no rule id")
    if rule.scope not in SCOPES:
        problems.append(f"scope must be one of {', '.join(SCOPES)}")
    if rule.operator not in OPERATORS:
        problems.append(f"operator must be one of {', '.join(OPERATORS)}")
    if rule.operator == "between" and (rule.limit is None or rule.limit_high is None):
        problems.append("'between' needs limit and limit_high")
    if rule.operator != "between" and rule.limit is None and not rule.sector_field:
        problems.append("needs a limit or a sector_field")
    if rule.scope in ("zone", "balance") and rule.generic_class not in CLASS_INDEX:
        problems.append(f"unknown generic class {rule.generic_class!r}")
    if rule.scope == "zone" and rule.attribute not in ZONE_ATTRIBUTES:
        problems.append(f"zone attribute must be one of {', '.join(ZONE_ATTRIBUTES)}")
    if rule.scope == "zone" and rule.operator == "between":
        problems.append("zone rules use >= or <=")
    if rule.sector_field and rule.sector_field not in SECTOR_NUMERIC_FIELDS:
        problems.append(f"unknown sector field {rule.sector_field!r}")
    if problems:
        raise ValueError(f"{where} ({rule.rule or '?'}): {'; '.join(problems)}")
    return rule


def load_rules(path: str | Path) -> RuleSet:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rules = [_parse(row, n) for n, row in enumerate(csv.DictReader(handle), start=2)]
    ids = [r.rule for r in rules]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"standards rules: duplicate rule ids {', '.join(duplicates)}")
    return RuleSet(rules)


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    return load_rules(resource_path("standards_rules.csv"))


def check_zones(attrs: ZoneAttributes, sectors: Mapping[str, Sector], rules: RuleSet) -> list[Violation]:
    """Violations of the zone rules by the zones in ``attrs``, ordered by zone then rule table order.

    A rule is skipped for a zone whose attribute is unset, or when it has no limit for that zone
    (a sector-field rule on a zone without a known sector, and no fallback limit).
    """
    found: list[tuple[int, int, Violation]] = []
    # Sectors as integer codes, read once: comparing the object column with a sector id per rule
    # and per sector compared tens of thousands of Python strings each time, holding the
    # interpreter lock (a workshop step at 100,000 zones re-checks ~31,000).
    sector_values = attrs.sector.tolist()
    code_of = {value: n for n, value in enumerate(dict.fromkeys(sector_values))}
    sector_codes = np.fromiter(map(code_of.__getitem__, sector_values), dtype=np.int64, count=len(sector_values))
    for order, rule in enumerate(rules.zone_rules):
        mask = attrs.cls == CLASS_INDEX[rule.generic_class]
        if rule.sector:
            mask &= sector_codes == code_of.get(rule.sector, -1)
        positions = np.flatnonzero(mask)
        if positions.size == 0:
            continue
        # Vectorised over the rule's zones (a workshop step re-checks thousands); the limit of
        # each zone is its sector's field when the zone has a known sector, else the rule's.
        values = getattr(attrs, rule.attribute)[positions]
        limits = np.full(positions.size, np.nan if rule.limit is None else float(rule.limit))
        has_limit = np.full(positions.size, rule.limit is not None)
        if rule.sector_field:
            zone_sectors = sector_codes[positions]
            for sector_id, sector in sectors.items():  # a handful of sectors, one mask each
                if not sector_id or sector_id not in code_of:
                    continue
                of_sector = zone_sectors == code_of[sector_id]
                limits[of_sector] = float(getattr(sector, rule.sector_field))
                has_limit |= of_sector
        with np.errstate(invalid="ignore"):
            passes = values >= limits if rule.operator == ">=" else values <= limits
        failing = has_limit & ~np.isnan(values) & ~passes
        for position, value, limit in zip(positions[failing].tolist(), values[failing].tolist(),
                                          limits[failing].tolist()):
            zone_id = int(attrs.zone_id[position])
            found.append((zone_id, order, Violation(zone_id, rule.rule, float(value), limit, rule.source,
                                                    rule.attribute, rule.operator, rule.description)))
    found.sort(key=lambda item: (item[0], item[1]))
    return [v for _, _, v in found]

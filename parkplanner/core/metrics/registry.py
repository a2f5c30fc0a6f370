"""Every indicator of docs/specification.md section 4, declared once.

The dashboard, the CLI, the Excel appendix and the documentation read these declarations; the
numbers themselves are computed in ``indicators.py``.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

__all__ = [
    "Dimension", "TargetRule", "Indicator", "DIMENSIONS", "INDICATORS", "INDICATOR_IDS", "indicator",
    "dimension", "indicators_of", "markdown_table",
]


@dataclass(frozen=True, slots=True)
class Dimension:
    id: str  # JSON key: industry, city, people, scenery, culture
    zh: str  # 产, 城, 人, 景, 文
    name_en: str
    name_zh: str


@dataclass(frozen=True, slots=True)
class TargetRule:
    """``kind`` is ">=" (at least ``low``), "<=" (at most ``high``) or "band" (``low``..``high``)."""

    kind: str
    low: float | None = None
    high: float | None = None

    def __post_init__(self) -> None:
        wanted = {">=": (True, False), "<=": (False, True), "band": (True, True)}
        if self.kind not in wanted:
            raise ValueError(f"unknown target kind {self.kind!r}")
        if ((self.low is not None), (self.high is not None)) != wanted[self.kind]:
            raise ValueError(f"target {self.kind} needs {'low and high' if self.kind == 'band' else 'one limit'}")
        if self.kind == "band" and not self.low < self.high:
            raise ValueError("a band needs low < high")

    def text(self) -> str:
        """For display: "35–55", "≥ 80", "≤ 5"."""
        if self.kind == "band":
            return f"{self.low:g}–{self.high:g}"
        return f"≥ {self.low:g}" if self.kind == ">=" else f"≤ {self.high:g}"

    def to_dict(self) -> dict:
        """JSON form: {"kind": "band", "low": 35, "high": 55} (absent limits are null)."""
        return {"kind": self.kind, "low": self.low, "high": self.high}


@dataclass(frozen=True, slots=True)
class Indicator:
    id: str  # I1..K2
    name: str  # machine name as in docs/specification.md, e.g. industry_rd_land_share
    name_en: str
    name_zh: str
    unit: str
    dimension: str  # Dimension.id
    formula: str
    target: TargetRule
    evidence: str  # specification tags: S standard, L literature, P local policy, E estimate
    source: str

    def display_name(self, lang: str = "en") -> str:
        return self.name_zh if lang.startswith("zh") else self.name_en


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("industry", "产", "Industry", "产业"),
    Dimension("city", "城", "City functions", "城市功能"),
    Dimension("people", "人", "People", "人口与职住"),
    Dimension("scenery", "景", "Scenery and ecology", "景观生态"),
    Dimension("culture", "文", "Culture", "文化"),
)

_I = Indicator
INDICATORS: tuple[Indicator, ...] = (
    _I("I1", "industry_rd_land_share", "Industrial and R&D land share", "产业与研发用地占比", "%", "industry",
       "(A_IND + A_OFF + A_LOG) / construction area, construction land only", TargetRule("band", 35.0, 55.0), "S/E",
       "GB 50137-2011 Table 4.4.1 (M 15–30 % for cities); 35–55 % for a park-type district is an estimate"),
    _I("I2", "job_density", "Job density", "就业密度", "jobs/ha", "industry",
       "jobs / construction area (ha)", TargetRule(">=", 80.0), "E/P",
       "Case plan: 120,000 jobs over 1,450 ha ≈ 83 jobs/ha gross"),
    _I("I3", "output_intensity", "Output intensity", "地均产出强度", "万元/亩", "industry",
       "output_wan / (A_IND + A_OFF in mu)", TargetRule(">=", 250.0), "P",
       "标准地 entry thresholds, e.g. Longchang 内荣工业园 2022: output ≥ 250–350 万元/亩"),
    _I("C1", "landuse_mix_entropy", "Land-use mix entropy", "用地混合度", "0–1", "city",
       "−Σ p_i ln p_i / ln 6 over six groups (residential, commercial, office/R&D, industrial, civic, green)",
       TargetRule("band", 0.6, 0.8), "L/E", "Cervero & Kockelman 1997; Frank et al. 2010 (band: estimate)"),
    _I("C2", "residential_land_share", "Residential land share", "居住用地占比", "%", "city",
       "(A_RES + ½·A_MXD) / construction area, construction land only", TargetRule("band", 15.0, 30.0), "S/E",
       "GB 50137-2011: 25–40 % for cities; 15–30 % for a park-type district is an estimate"),
    _I("C3", "civic_land_per_capita", "Civic land per capita", "人均公共服务用地", "m²/person", "city",
       "A_CIV / residents", TargetRule(">=", 5.5), "S", "GB 50137-2011 4.3.2: A land ≥ 5.5 m² per person"),
    _I("P1", "jobs_housing_ratio", "Jobs–housing ratio", "职住比", "–", "people",
       "jobs / employed residents", TargetRule("band", 0.8, 1.25), "L",
       "Cervero 1996 (jobs per employed resident 0.8–1.25 is balanced)"),
    _I("P2", "school_coverage", "School coverage", "学校服务覆盖率", "%", "people",
       "area(housing ∩ EDU zones buffered 500 m) / housing area", TargetRule(">=", 100.0), "S",
       "GB 50180-2018: primary school service radius 500 m"),
    _I("E1", "green_land_share", "Green land share", "绿地与广场用地占比", "%", "scenery",
       "A_GRN / construction area, construction land only", TargetRule(">=", 10.0), "S",
       "GB 50137-2011 Table 4.4.1: G 10–15 %"),
    _I("E2", "green_per_capita", "Green land per capita", "人均绿地与广场用地", "m²/person", "scenery",
       "A_GRN / residents", TargetRule(">=", 8.0), "S", "GB 55014-2021: park green > 8 m² per person"),
    _I("E3", "park_coverage", "Park coverage", "公园服务半径覆盖率", "%", "scenery",
       "area(housing ∩ GRN zones ≥ 0.4 ha buffered 300 m) / housing area", TargetRule(">=", 80.0), "S",
       "GB 55014-2021: park service-radius coverage > 80 %; GB 50180-2018: 5-minute park ≥ 0.4 ha, 300 m"),
    _I("K1", "culture_sports_per_capita", "Culture and sports land per capita", "人均文体用地", "m²/person",
       "culture", "A of zones tagged CULTURE_SPORTS / residents", TargetRule(">=", 0.5), "E",
       "Estimate (≥ 0.5–1.0 m² per person)"),
    _I("K2", "third_place_gfa_share", "Third-place floor-area share", "第三空间建筑面积占比", "%", "culture",
       "(GFA_COM + job-GFA_MXD) / GFA", TargetRule("band", 8.0, 15.0), "E", "Estimate (8–15 %)"),
)
del _I

INDICATOR_IDS: tuple[str, ...] = tuple(i.id for i in INDICATORS)
_BY_ID: Mapping[str, Indicator] = MappingProxyType({i.id: i for i in INDICATORS})
_DIM_BY_ID: Mapping[str, Dimension] = MappingProxyType({d.id: d for d in DIMENSIONS})


def indicator(indicator_id: str) -> Indicator:
    try:
        return _BY_ID[indicator_id]
    except KeyError:
        raise KeyError(f"unknown indicator {indicator_id!r} (known: {', '.join(INDICATOR_IDS)})") from None


def dimension(dimension_id: str) -> Dimension:
    return _DIM_BY_ID[dimension_id]


def indicators_of(dimension_id: str) -> tuple[Indicator, ...]:
    return tuple(i for i in INDICATORS if i.dimension == dimension_id)


def markdown_table(lang: str = "en") -> str:
    """The indicator table for the documentation, generated so it never drifts from the code."""
    lines = ["| id | dimension | indicator | unit | target | formula | evidence | source |",
             "|---|---|---|---|---|---|---|---|"]
    for ind in INDICATORS:
        dim = dimension(ind.dimension)
        dim_label = f"{dim.zh} {dim.name_zh if lang.startswith('zh') else dim.name_en}"
        lines.append(f"| {ind.id} | {dim_label} | {ind.display_name(lang)} (`{ind.name}`) | {ind.unit} | "
                     f"{ind.target.text()} | {ind.formula} | {ind.evidence} | {ind.source} |")
    return "\n".join(lines)

"""Industrial sectors and their planning parameters (docs/specification.md section 1).

Defaults are seed estimates (evidence tag E, research section 5.1) meant to be calibrated;
every value is editable per project and may be overridden per scenario.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace

__all__ = ["Sector", "SECTOR_NUMERIC_FIELDS", "default_sectors"]


@dataclass(frozen=True, slots=True)
class Sector:
    id: str
    name_en: str
    name_zh: str
    m2_gfa_per_job: float
    output_wan_per_mu: float  # 万元 per mu of zone land at maturity
    tax_wan_per_mu: float
    enterprises_per_ha: float
    high_tech_share: float
    far_min: float
    coverage_min: float
    green_max: float
    ramp_half_years: float  # h: years from start to half capacity
    ramp_width_years: float  # w: years from ~12 % to ~88 % of capacity
    colour: str = "#888888"

    def name(self, lang: str = "en") -> str:
        return self.name_zh if lang.startswith("zh") else self.name_en

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Sector":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for name in SECTOR_NUMERIC_FIELDS:
            if name in values:
                values[name] = float(values[name])
        return cls(**values)

    def with_values(self, **changes) -> "Sector":
        return replace(self, **changes)


SECTOR_NUMERIC_FIELDS: tuple[str, ...] = (
    "m2_gfa_per_job", "output_wan_per_mu", "tax_wan_per_mu", "enterprises_per_ha", "high_tech_share",
    "far_min", "coverage_min", "green_max", "ramp_half_years", "ramp_width_years",
)


def default_sectors() -> dict[str, Sector]:
    """The case's four sectors plus services, with ids fixed by docs/specification.md."""
    seed = [
        Sector("next_gen_it", "Next-generation IT", "新一代信息技术", 35, 800, 40, 2.0, 0.30,
               1.0, 0.30, 0.20, 6.0, 6.0, "#1F77B4"),
        Sector("biomed_devices", "Biomedicine and medical devices", "生物医药与医疗器械", 60, 600, 35, 1.0, 0.25,
               0.7, 0.30, 0.20, 7.0, 8.0, "#2CA02C"),
        Sector("new_energy_materials", "New energy and new materials", "新能源与新材料", 100, 500, 20, 0.6, 0.15,
               0.6, 0.30, 0.20, 6.0, 6.0, "#FF7F0E"),
        Sector("advanced_equipment", "Advanced equipment manufacturing", "高端装备制造", 80, 500, 20, 0.8, 0.15,
               0.7, 0.30, 0.20, 6.0, 6.0, "#9467BD"),
        Sector("modern_services", "Modern services", "现代服务业", 25, 600, 60, 3.0, 0.05,
               1.0, 0.0, 1.0, 4.0, 5.0, "#D62728"),
    ]
    return {s.id: s for s in seed}

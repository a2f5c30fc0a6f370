"""What the plan sheets (分图则) of a regulatory plan show, without drawing anything.

One sheet per block (街坊, see codes.py): the block's parcels with their control indicators
(地块编码, 用地代码, 用地性质, 用地面积, 容积率, 建筑密度, 建筑限高, 绿地率, 配套设施), the scale of
the block map chosen from the standard series so that the block fits its frame, and the texts of
the title block. The drawing is ui/render/plan_sheets.py; keeping the content here lets tests
check every figure without Qt, and the CLI and GUI share it.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from parkplanner.core.metrics.contributions import M2_PER_HA
from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.parcels.codes import (
    ROAD_BLOCK, Block, block_of_zones, planning_unit, project_blocks, scenario_codes,
)

__all__ = [
    "SCALE_SERIES", "PAPERS", "FACILITY_NAMES", "ParcelRow", "BlockSheet", "PlanSheets", "plan_sheets",
    "fitting_scale", "natural_key",
]

#: Scales of a regulatory plan's drawings (1:n), finest first.
SCALE_SERIES: tuple[int, ...] = (500, 1000, 2000, 2500, 5000, 10000, 25000, 50000)
#: Landscape paper sizes (width, height) in mm.
PAPERS: dict[str, tuple[float, float]] = {"A3": (420.0, 297.0), "A2": (594.0, 420.0)}
#: The catalogue's facility tags as a planner names them (English, Chinese).
FACILITY_NAMES: dict[str, tuple[str, str]] = {
    "EDU": ("Education", "教育设施"), "CULTURE_SPORTS": ("Culture and sports", "文化体育设施"),
    "HEALTH": ("Health care", "医疗卫生设施"),
}


def natural_key(text: str) -> tuple:
    """Sort key that puts BD01-02-9 before BD01-02-10."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def fitting_scale(span_m: tuple[float, float], frame_mm: tuple[float, float], margin: float = 0.06) -> int:
    """The finest scale of SCALE_SERIES at which ``span_m`` (width, height in metres), with a
    relative ``margin`` on each side, fits a frame of ``frame_mm``; beyond the series, the next
    multiple of 10,000."""
    need = max(span_m[0] * (1 + 2 * margin) * 1000.0 / frame_mm[0],
               span_m[1] * (1 + 2 * margin) * 1000.0 / frame_mm[1])
    for denominator in SCALE_SERIES:
        if denominator >= need:
            return denominator
    return int(math.ceil(need / 10000.0) * 10000)


@dataclass(frozen=True)
class ParcelRow:
    """One line of a block's control indicator table (None: not set)."""

    zone_id: int
    parcel_code: str
    landuse_code: str
    landuse_name: str
    area_ha: float
    far: float
    coverage_pct: float | None
    height_m: float | None
    green_pct: float | None
    facilities: str


@dataclass(frozen=True)
class BlockSheet:
    block: Block
    label: str  # e.g. BD01-03
    rows: tuple[ParcelRow, ...]

    @property
    def zone_ids(self) -> tuple[int, ...]:
        return tuple(r.zone_id for r in self.rows)

    @property
    def area_ha(self) -> float:
        return self.block.geometry.area / M2_PER_HA


@dataclass(frozen=True)
class PlanSheets:
    """Everything the sheets show: one BlockSheet per block, in reading order."""

    project_name: str
    unit: str
    scenario_name: str
    scheme: str
    lang: str
    codes: dict[int, str]
    sheets: tuple[BlockSheet, ...]
    road_ids: tuple[int, ...] = field(default=())

    @property
    def parcel_count(self) -> int:
        return sum(len(s.rows) for s in self.sheets)


def plan_sheets(project, scenario=None, lang: str = "zh", only_block: str | None = None) -> PlanSheets:
    """The content of the plan sheets of ``scenario`` (default: the active one).

    ``only_block`` keeps one block, named by its number ("3") or label ("BD01-03"); ValueError
    when no block has that name, or when the scenario has no block at all.
    """
    scenario = scenario or project.active_scenario
    zones = list(scenario)
    unit = planning_unit(project.metadata)
    blocks = project_blocks(project, scenario)
    if not blocks:
        raise ValueError(f"scenario {scenario.name!r} has no blocks: it has no zones other than roads")
    codes = scenario_codes(project, scenario, blocks=blocks)
    block_of = block_of_zones(zones, blocks, project.scheme)
    catalogue = default_catalogue()
    zh = lang.startswith("zh")
    members: dict[int, list] = {}
    roads = []
    for zone in zones:
        number = block_of[zone.id]
        if number == ROAD_BLOCK:
            roads.append(zone.id)
        else:
            members.setdefault(number, []).append(zone)
    sheets = []
    for block in blocks:
        rows = []
        for zone in members.get(block.number, []):
            cls = catalogue.find(project.scheme, zone.code)
            facility = FACILITY_NAMES.get(cls.facility if cls else "", None)
            rows.append(ParcelRow(
                zone.id, codes[zone.id], zone.code, cls.name(lang) if cls else "", zone.area_m2 / M2_PER_HA,
                zone.far, None if zone.coverage is None else zone.coverage * 100.0, zone.height_m,
                None if zone.green_ratio is None else zone.green_ratio * 100.0,
                (facility[1] if zh else facility[0]) if facility else "",
            ))
        rows.sort(key=lambda r: natural_key(r.parcel_code))
        sheets.append(BlockSheet(block, block.label(unit), tuple(rows)))
    if only_block is not None:
        wanted = only_block.strip()
        chosen = [s for s in sheets if wanted in (s.label, str(s.block.number), f"{s.block.number:02d}")]
        if not chosen:
            raise ValueError(f"no block {wanted!r}: blocks are {sheets[0].label} to {sheets[-1].label}")
        sheets = chosen
    return PlanSheets(project.name, unit, scenario.name, project.scheme, lang, codes, tuple(sheets), tuple(roads))

"""What the appendix reports, computed once before any sheet is written.

The sheets only lay out these values. Scenario-level numbers come from the metrics engine's JSON
form (``MetricsResult.to_dict()``, the same object ``parkplanner metrics --json`` prints), so the
workbook and the CLI agree by construction; per-zone columns come from the engine's zone table.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.parcels.codes import scenario_codes

__all__ = ["ZoneColumns", "ScenarioContent", "scenario_content", "sector_results", "SectorResult"]


@dataclass(frozen=True)
class ZoneColumns:
    """One entry per zone, in the scenario's zone order (the Parcels sheet's rows)."""

    zone_id: np.ndarray
    name: list[str]
    code: list[str]
    parcel_code: list[str]
    class_name: list[str]
    sector_id: list[str | None]
    sector_name: list[str]
    area_m2: np.ndarray
    far: np.ndarray
    gfa_m2: np.ndarray
    coverage: list[float | None]
    green_ratio: list[float | None]
    height_m: list[float | None]
    phase: np.ndarray
    start_year: list[int | None]
    jobs: np.ndarray
    residents: np.ndarray
    output_wan: np.ndarray
    tax_wan: np.ndarray

    def __len__(self) -> int:
        return int(self.zone_id.size)


@dataclass(frozen=True)
class ScenarioContent:
    """A scenario's numbers; only ``metrics`` for a scenario that is merely compared (``full=False``)."""

    scenario: Scenario
    metrics: dict  # MetricsResult.to_dict(): docs/specification.md section 8
    zones: ZoneColumns | None = None
    forecast: dict | None = None  # forecast_report(): docs/specification.md section 6
    topology: list | None = None  # TopologyProblem


@dataclass(frozen=True)
class SectorResult:
    sector_id: str | None  # None: zones without a (known) sector
    zone_count: int
    area_m2: float
    gfa_m2: float
    jobs: float
    output_wan: float
    tax_wan: float


def _zone_columns(project: Project, scenario: Scenario, table: dict, lang: str,
                  sector_names: dict[str, str]) -> ZoneColumns:
    zones = [scenario.zones[int(i)] for i in table["zone_id"]]
    parcel_codes = scenario_codes(project, scenario)
    catalogue = default_catalogue()
    class_names = {}
    for zone in zones:
        if zone.code not in class_names:
            found = catalogue.find(project.scheme, zone.code)
            class_names[zone.code] = found.name(lang) if found else ""
    sectors = [z.sector for z in zones]
    return ZoneColumns(
        zone_id=table["zone_id"], name=[z.name for z in zones], code=[z.code for z in zones],
        parcel_code=[parcel_codes[z.id] for z in zones],
        class_name=[class_names[z.code] for z in zones], sector_id=sectors,
        sector_name=[sector_names.get(s, s or "") if s else "" for s in sectors],
        area_m2=table["area_m2"], far=np.array([z.far for z in zones], dtype=float), gfa_m2=table["gfa_m2"],
        coverage=[z.coverage for z in zones], green_ratio=[z.green_ratio for z in zones],
        height_m=[z.height_m for z in zones], phase=np.array([z.phase for z in zones], dtype=np.int64),
        start_year=[project.zone_start_year(z) for z in zones],
        jobs=table["jobs"], residents=table["residents"], output_wan=table["output_wan"],
        tax_wan=table["tax_wan"],
    )


def scenario_content(project: Project, scenario: Scenario, lang: str, full: bool = True,
                     step: Callable[[str], None] = lambda _: None) -> ScenarioContent:
    """Metrics, zone columns, forecast and topology of one scenario; ``step`` names each part."""
    from parkplanner.core.geometry.topology import check_topology
    from parkplanner.core.metrics.engine import MetricsEngine
    from parkplanner.core.projection.report import forecast_report

    step("metrics")
    engine = MetricsEngine(project, scenario_id=scenario.id)
    metrics = engine.result().to_dict()
    if not full:
        return ScenarioContent(scenario, metrics)
    sectors = project.effective_sectors(scenario)
    zones = _zone_columns(project, scenario, engine.zone_table(), lang,
                          {k: s.name(lang) for k, s in sectors.items()})
    step("projection")
    forecast = forecast_report(project, scenario)
    step("topology")
    topology = check_topology(scenario.zones, project.boundary) if len(scenario.zones) else []
    return ScenarioContent(scenario, metrics, zones, forecast, topology)


def sector_results(zones: ZoneColumns, sector_ids: list[str]) -> list[SectorResult]:
    """Land, floor area, jobs, output and tax per sector (plus one row for zones without one).

    Output and tax are the zones' own contributions summed, so the rows add up to the scenario
    totals of the metrics.
    """
    known = {s: n for n, s in enumerate(sector_ids)}
    index = np.array([known.get(s, len(sector_ids)) if s else len(sector_ids) for s in zones.sector_id],
                     dtype=np.int64)
    size = len(sector_ids) + 1

    def summed(values: np.ndarray) -> np.ndarray:
        return np.bincount(index, weights=values, minlength=size) if len(zones) else np.zeros(size)

    counts = np.bincount(index, minlength=size) if len(zones) else np.zeros(size, dtype=np.int64)
    area, gfa, jobs = summed(zones.area_m2), summed(zones.gfa_m2), summed(zones.jobs)
    output, tax = summed(zones.output_wan), summed(zones.tax_wan)
    keys: list[str | None] = [*sector_ids, None]
    return [SectorResult(keys[n], int(counts[n]), float(area[n]), float(gfa[n]), float(jobs[n]),
                         float(output[n]), float(tax[n])) for n in range(size)]

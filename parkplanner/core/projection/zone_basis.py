"""Per-zone quantities at maturity and the ramp each one follows, as numpy columns.

This is the "zones" axis of the projection (zones × years). Quantities at maturity follow
docs/specification.md section 2 exactly; the ramps follow section 6 and ramp.py:

- output_yi, tax_yi, registered_entities, high_tech_enterprises: zones with a sector only,
  ramping with the sector's (h, w);
- jobs: zones of the job classes, ramping with the sector's (h, w), or with the class default
  of ramp.py when the zone has no sector;
- residents: housing (RES, and the housing share of MXD), ramping by occupancy (OCCUPANCY_RAMP)
  whatever the zone's sector, because people move into flats, not into an industry.

A zone with no start year (no ``start_year`` and a phase the project does not schedule) cannot be
placed on the time axis; it is left out and listed in ``unscheduled_zone_ids``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import compress, repeat
from typing import Mapping, Sequence

import numpy as np

from parkplanner.core.foreground import give_way
from parkplanner.core.metrics.contributions import CLASS_NAMES, M2_PER_HA, WAN_PER_YI, derive, read_zones, scheme_lookup
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone
from parkplanner.core.projection.ramp import OCCUPANCY_RAMP, class_ramp

__all__ = [
    "SERIES", "SeriesBasis", "ZoneBasis", "ZoneQuantities", "zone_basis", "zone_quantities", "patched_basis",
]

#: Projected series, in the order of the forecast JSON (docs/specification.md section 6).
SERIES: tuple[str, ...] = (
    "output_yi", "tax_yi", "jobs", "residents", "registered_entities", "high_tech_enterprises",
)


@dataclass(frozen=True)
class SeriesBasis:
    """One series: each zone's value at maturity and the (h, w) of its ramp (aligned columns)."""

    base: np.ndarray
    half: np.ndarray
    width: np.ndarray


@dataclass(frozen=True)
class ZoneBasis:
    zone_ids: np.ndarray
    start: np.ndarray  # start year per scheduled zone
    series: dict[str, SeriesBasis]
    unscheduled_zone_ids: tuple[int, ...] = field(default=())

    @property
    def first_start_year(self) -> int | None:
        return int(self.start.min()) if self.start.size else None


@dataclass(frozen=True)
class ZoneQuantities:
    """Columns over a list of zones: class, area and each series' value at maturity, activity ramp."""

    zone_ids: np.ndarray
    generic_class: np.ndarray  # object array of generic class codes ("" for unknown codes)
    area_m2: np.ndarray
    at_maturity: dict[str, np.ndarray]  # keyed by SERIES
    half: np.ndarray  # activity ramp (sector, else class default)
    width: np.ndarray


def zone_quantities(project: Project, scenario: Scenario, zones: Sequence[Zone]) -> ZoneQuantities:
    """docs/specification.md section 2 per zone (the metrics engine's own per-zone columns), with the scenario's
    parameter and sector overrides; ValueError names a zone whose code the scheme does not know."""
    sectors = project.effective_sectors(scenario)
    attrs = read_zones(zones, scheme_lookup(project.scheme))
    give_way()  # on a worker (the projection dock), the GUI thread's turn goes first between passes
    contributions = derive(attrs, project.effective_parameters(scenario), sectors)
    n = len(zones)
    classes = CLASS_NAMES[attrs.cls] if n else np.zeros(0, dtype=object)
    # Each zone's sector as a number (0: none, or an id the project does not define), by one
    # dict look-up per zone, then each sector value read from a small table: no Python loop
    # over the zones (at 100,000 zones they held the interpreter lock a tenth of a second).
    known = [sector_id for sector_id in sectors if sector_id]
    number_of = {sector_id: k + 1 for k, sector_id in enumerate(known)}
    code = np.fromiter(map(number_of.get, attrs.sector.tolist(), repeat(0)), dtype=np.int64, count=n)
    used, first_zone = np.unique(code[code > 0], return_index=True)
    for number in used[np.argsort(first_zone)].tolist():  # in the order the zones name them
        sector = sectors[known[number - 1]]
        if not (sector.ramp_width_years > 0 and np.isfinite(sector.ramp_half_years)):
            raise ValueError(f"sector {sector.id} needs a positive ramp width and a finite ramp half-time "
                             f"(has w = {sector.ramp_width_years:g}, h = {sector.ramp_half_years:g})")

    def per_zone(get, default=0.0) -> np.ndarray:
        return np.array([default] + [get(sectors[sector_id]) for sector_id in known], dtype=float)[code]

    has_sector = code > 0
    ramps = [class_ramp(name) for name in CLASS_NAMES]  # a zone without a sector: its class's ramp
    class_half = np.array([r.half_years for r in ramps], dtype=float)[attrs.cls]
    class_width = np.array([r.width_years for r in ramps], dtype=float)[attrs.cls]
    half = np.where(has_sector, per_zone(lambda s: s.ramp_half_years, np.nan), class_half)
    width = np.where(has_sector, per_zone(lambda s: s.ramp_width_years, np.nan), class_width)

    entities = attrs.area / M2_PER_HA * per_zone(lambda s: s.enterprises_per_ha)
    at_maturity = {
        "output_yi": contributions.output_wan / WAN_PER_YI,
        "tax_yi": contributions.tax_wan / WAN_PER_YI,
        "jobs": contributions.jobs,
        "residents": contributions.residents,
        "registered_entities": entities,
        "high_tech_enterprises": entities * per_zone(lambda s: s.high_tech_share),
    }
    return ZoneQuantities(attrs.zone_id, classes, attrs.area, at_maturity, half, width)


def _start_years(project: Project, zones: Sequence[Zone]) -> np.ndarray:
    """project.zone_start_year of each zone, as a column (NaN: none): its own year, else its phase's."""
    n = len(zones)
    phase_year: dict[int, int] = {}
    for phase in project.phases:
        phase_year.setdefault(phase.number, phase.start_year)
    own = np.fromiter((z.start_year for z in zones), dtype=float, count=n)  # None reads as NaN
    by_phase = np.fromiter(map(phase_year.get, (z.phase for z in zones)), dtype=float, count=n)
    return np.where(np.isnan(own), by_phase, own)


def _series(q: ZoneQuantities) -> dict[str, SeriesBasis]:
    n = len(q.zone_ids)
    occupancy_half = np.full(n, OCCUPANCY_RAMP.half_years)
    occupancy_width = np.full(n, OCCUPANCY_RAMP.width_years)
    return {
        name: SeriesBasis(q.at_maturity[name], occupancy_half, occupancy_width) if name == "residents"
        else SeriesBasis(q.at_maturity[name], q.half, q.width)
        for name in SERIES
    }


def zone_basis(project: Project, scenario: Scenario | None = None) -> ZoneBasis:
    scenario = scenario or project.active_scenario
    every = list(scenario)
    start = _start_years(project, every)
    give_way()
    scheduled = ~np.isnan(start)
    zones = list(compress(every, scheduled.tolist()))
    unscheduled = [z.id for z in compress(every, (~scheduled).tolist())]
    give_way()
    q = zone_quantities(project, scenario, zones)
    return ZoneBasis(q.zone_ids, start[scheduled], _series(q), tuple(unscheduled))


def patched_basis(project: Project, scenario: Scenario, basis: ZoneBasis, rows: Mapping[int, int],
                  zones: Sequence[Zone]) -> ZoneBasis | None:
    """``zone_basis(project, scenario)`` when only ``zones`` differ from the zones ``basis`` was
    read from (same ids, same order, same project inputs): their rows (``rows``: zone id -> row of
    ``basis``) read again, the others copied, number for number what a new reading gives, since
    every column is computed zone by zone. None when one of them gained or lost a start year (the
    rows themselves change: read the scenario again)."""
    start = _start_years(project, zones)
    at = np.fromiter((rows.get(z.id, -1) for z in zones), dtype=np.int64, count=len(zones))
    scheduled = at >= 0
    if (scheduled != ~np.isnan(start)).any():
        return None
    zones, at, start = list(compress(zones, scheduled.tolist())), at[scheduled], start[scheduled]
    q = zone_quantities(project, scenario, zones)  # (zones without a start year are in no row)
    starts = basis.start.copy()
    starts[at] = start
    first = basis.series[SERIES[0]]
    half, width = first.half.copy(), first.width.copy()
    half[at], width[at] = q.half, q.width
    series = {}
    for name, old in basis.series.items():
        base = old.base.copy()
        base[at] = q.at_maturity[name]
        # As zone_basis makes them: residents' ramp columns are their own, the others share one pair.
        series[name] = SeriesBasis(base, old.half, old.width) if name == "residents" else SeriesBasis(base, half, width)
    return ZoneBasis(basis.zone_ids, starts, series, basis.unscheduled_zone_ids)

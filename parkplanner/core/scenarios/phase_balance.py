"""Phase balance: does each phase bring housing and services along with the jobs?

For each phase on its own and cumulatively up to it (what exists once phase k is built), jobs
against employed residents (P1, band 0.8–1.25) and civic and green land per resident (C3 ≥ 5.5,
E2 ≥ 8 m² per person, docs/specification.md section 4). A phase is flagged "industry_outruns_city" when the
jobs–housing ratio is above the band (or there are jobs and no residents) and "city_outruns_industry"
when it is below (or there are residents and no jobs). Quantities at build-out of the phase follow
docs/specification.md section 2 (the per-zone columns the projection uses).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from parkplanner.core.foreground import give_way
from parkplanner.core.metrics.contributions import CLASS_NAMES, derive, read_zones, scheme_lookup
from parkplanner.core.metrics.registry import indicator
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario

__all__ = [
    "JOBS_HOUSING_BAND", "CIVIC_M2_PER_RESIDENT_MIN", "GREEN_M2_PER_RESIDENT_MIN",
    "INDUSTRY_OUTRUNS_CITY", "CITY_OUTRUNS_INDUSTRY", "BALANCED", "EMPTY", "PhaseBalance", "phase_balance",
]

#: Read from the indicator registry: P1 jobs_housing_ratio band, C3 and E2 minimums per resident.
JOBS_HOUSING_BAND = (indicator("P1").target.low, indicator("P1").target.high)
CIVIC_M2_PER_RESIDENT_MIN = indicator("C3").target.low
GREEN_M2_PER_RESIDENT_MIN = indicator("E2").target.low

INDUSTRY_OUTRUNS_CITY = "industry_outruns_city"
CITY_OUTRUNS_INDUSTRY = "city_outruns_industry"
BALANCED = "balanced"
EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class PhaseBalance:
    phase: int
    scope: str  # "phase" (this phase's zones) or "cumulative" (phases 1..phase)
    name: str
    start_year: int | None
    zone_count: int
    jobs: float
    residents: float
    employed_residents: float
    jobs_housing_ratio: float | None
    civic_m2: float
    green_m2: float
    civic_m2_per_resident: float | None
    green_m2_per_resident: float | None
    balance: str  # INDUSTRY_OUTRUNS_CITY, CITY_OUTRUNS_INDUSTRY, BALANCED or EMPTY
    civic_short: bool  # civic land per resident below C3's minimum (False without residents)
    green_short: bool  # green land per resident below E2's minimum (False without residents)

    def to_dict(self) -> dict:
        return asdict(self)


def _balance(jobs: float, employed: float) -> str:
    if jobs == 0 and employed == 0:
        return EMPTY
    if employed == 0:
        return INDUSTRY_OUTRUNS_CITY
    ratio = jobs / employed
    if ratio > JOBS_HOUSING_BAND[1]:
        return INDUSTRY_OUTRUNS_CITY
    if ratio < JOBS_HOUSING_BAND[0]:
        return CITY_OUTRUNS_INDUSTRY
    return BALANCED


def _per_resident(area_m2: float, residents: float) -> float | None:
    return area_m2 / residents if residents > 0 else None


def _zone_columns(project: Project, scenario: Scenario, engine) -> tuple[np.ndarray, ...]:
    """Generic class, area, jobs and residents of the scenario's zones, in its zone order: from
    ``engine`` (a MetricsEngine of this scenario: the same per-zone values) or computed here."""
    if engine is not None:
        table = engine.zone_table()
        return table["generic_class"], table["area_m2"], table["jobs"], table["residents"]
    # The engine's own two steps, and only what the balance reads (the projection's per-zone
    # ramps and series would cost ten times more at 100,000 zones).
    attrs = read_zones(list(scenario), scheme_lookup(project.scheme))
    contributions = derive(attrs, project.effective_parameters(scenario), project.effective_sectors(scenario))
    return CLASS_NAMES[attrs.cls], attrs.area, contributions.jobs, contributions.residents


def phase_balance(project: Project, scenario: Scenario | None = None, engine=None) -> list[PhaseBalance]:
    """Rows per phase number (zones' phases and the project's phases), "phase" then "cumulative".

    ``engine``: a metrics engine of ``scenario`` whose per-zone figures can be read instead of
    derived again.
    """
    scenario = scenario or project.active_scenario
    generic_class, area, zone_jobs, zone_residents = _zone_columns(project, scenario, engine)
    give_way()  # on a worker (a comparison, the phase dock), the GUI thread's turns go first between passes
    employed_share = project.effective_parameters(scenario).employed_share
    zone_phase = np.array([z.phase for z in scenario.zones.values()], dtype=int)
    give_way()
    phases = sorted(set(zone_phase.tolist()) | {p.number for p in project.phases})
    names = {p.number: p.name for p in project.phases}

    civic = np.where(generic_class == "CIV", area, 0.0)
    green = np.where(generic_class == "GRN", area, 0.0)
    rows = []
    for phase in phases:
        for scope, mask in (("phase", zone_phase == phase), ("cumulative", zone_phase <= phase)):
            jobs = float(zone_jobs[mask].sum())
            residents = float(zone_residents[mask].sum())
            employed = residents * employed_share
            civic_m2, green_m2 = float(civic[mask].sum()), float(green[mask].sum())
            civic_pc, green_pc = _per_resident(civic_m2, residents), _per_resident(green_m2, residents)
            rows.append(PhaseBalance(
                phase=phase, scope=scope, name=names.get(phase, f"Phase {phase}"),
                start_year=project.phase_start_year(phase), zone_count=int(mask.sum()),
                jobs=jobs, residents=residents, employed_residents=employed,
                jobs_housing_ratio=jobs / employed if employed > 0 else None,
                civic_m2=civic_m2, green_m2=green_m2, civic_m2_per_resident=civic_pc, green_m2_per_resident=green_pc,
                balance=_balance(jobs, employed),
                civic_short=civic_pc is not None and civic_pc < CIVIC_M2_PER_RESIDENT_MIN,
                green_short=green_pc is not None and green_pc < GREEN_M2_PER_RESIDENT_MIN,
            ))
    return rows

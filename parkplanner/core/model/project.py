"""The project: CRS, land-use scheme, parameters, sectors, phases, targets, observations, scenarios."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shapely.geometry import MultiPolygon, Polygon

from parkplanner.core.model.basemap import BaseMap
from parkplanner.core.model.catalogue import DEFAULT_SCHEME
from parkplanner.core.model.parameters import Parameters
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.sectors import Sector, default_sectors

__all__ = ["Project", "Phase", "Target", "Observation", "ContextLayer", "Calibration", "DEFAULT_CRS"]

#: CGCS2000 / 3-degree Gauss-Kruger CM 117E: the sample's CRS (Baodi, Tianjin).
DEFAULT_CRS = "EPSG:4548"


@dataclass(frozen=True, slots=True)
class Phase:
    number: int
    name: str
    start_year: int
    geometry: Polygon | MultiPolygon | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """A plan target, e.g. jobs = 120,000 by 2035 (year None: at build-out)."""

    indicator: str
    value: float
    year: int | None = None


@dataclass(frozen=True, slots=True)
class Observation:
    """An observed value of a projected series (docs/specification.md section 6), e.g. output_yi 9.8 in 2020."""

    year: int
    indicator: str
    value: float


@dataclass(frozen=True, slots=True)
class Calibration:
    """Fitted multipliers of one projected series: scale, and on ramp half-time h and width w."""

    indicator: str
    scale: float = 1.0
    h_mult: float = 1.0
    w_mult: float = 1.0


@dataclass(frozen=True)
class ContextLayer:
    """Reference geometry drawn beneath the zones (roads, rivers, buildings); never edited."""

    name: str
    kind: str  # "line", "polygon" or "point"
    geometries: tuple = ()


@dataclass(eq=False)
class Project:
    name: str = "Untitled park"
    crs: str = DEFAULT_CRS
    scheme: str = DEFAULT_SCHEME
    parameters: Parameters = field(default_factory=Parameters)
    sectors: dict[str, Sector] = field(default_factory=default_sectors)
    phases: tuple[Phase, ...] = ()
    targets: tuple[Target, ...] = ()
    observed: tuple[Observation, ...] = ()
    calibration: tuple[Calibration, ...] = ()
    boundary: Polygon | MultiPolygon | None = None
    context_layers: tuple[ContextLayer, ...] = ()
    scenarios: list[Scenario] = field(default_factory=list)
    active_scenario_id: str = ""
    #: Free metadata shown on the cover sheet (description, author, note on illustrative geometry).
    metadata: dict[str, str] = field(default_factory=dict)
    #: Raster base maps beneath the context layers, bottom first.
    basemaps: tuple[BaseMap, ...] = ()

    def __post_init__(self) -> None:
        if not self.scenarios:
            self.scenarios.append(Scenario(id="base", name="Base plan"))
        if not self.active_scenario_id:
            self.active_scenario_id = self.scenarios[0].id

    # -- scenarios ---------------------------------------------------------------------------
    @property
    def active_scenario(self) -> Scenario:
        return self.scenario(self.active_scenario_id)

    def scenario(self, scenario_id: str) -> Scenario:
        for scenario in self.scenarios:
            if scenario.id == scenario_id:
                return scenario
        raise KeyError(f"no scenario with id {scenario_id!r}")

    def scenario_by_name_or_id(self, key: str) -> Scenario:
        for scenario in self.scenarios:
            if scenario.id == key or scenario.name == key:
                return scenario
        names = ", ".join(s.name for s in self.scenarios)
        raise KeyError(f"no scenario named {key!r} (scenarios: {names})")

    def new_scenario_id(self, base: str = "scenario") -> str:
        taken = {s.id for s in self.scenarios}
        n = 1
        while f"{base}-{n}" in taken:
            n += 1
        return f"{base}-{n}"

    # -- effective values for a scenario ---------------------------------------------------
    def effective_parameters(self, scenario: Scenario | None = None) -> Parameters:
        scenario = scenario or self.active_scenario
        return self.parameters.with_overrides(scenario.parameter_overrides)

    def effective_sectors(self, scenario: Scenario | None = None) -> dict[str, Sector]:
        scenario = scenario or self.active_scenario
        if not scenario.sector_overrides:
            return self.sectors
        out = dict(self.sectors)
        for sector_id, changes in scenario.sector_overrides.items():
            if sector_id in out:
                out[sector_id] = out[sector_id].with_values(**changes)
        return out

    def phase_start_year(self, phase: int) -> int | None:
        for p in self.phases:
            if p.number == phase:
                return p.start_year
        return None

    def zone_start_year(self, zone) -> int | None:
        return zone.start_year if zone.start_year is not None else self.phase_start_year(zone.phase)

    def snapshot(self) -> tuple:
        """A comparable value of the whole project (history property tests, checkpoints)."""
        def wkb(g):
            return None if g is None else g.wkb
        return (
            self.name, self.crs, self.scheme, self.parameters.to_dict().__repr__(),
            tuple(sorted((k, v) for k, v in self.sectors.items())),
            tuple((p.number, p.name, p.start_year, wkb(p.geometry)) for p in self.phases),
            self.targets, self.observed, self.calibration, wkb(self.boundary),
            tuple((c.name, c.kind, tuple(g.wkb for g in c.geometries)) for c in self.context_layers),
            tuple(s.snapshot() for s in self.scenarios), self.active_scenario_id,
            tuple(sorted(self.metadata.items())), self.basemaps,
        )

    def set_field(self, name: str, value: Any) -> None:
        """Replace one top-level field. Only history commands call this."""
        if name not in _PROJECT_FIELDS:
            raise AttributeError(f"project has no editable field {name!r}")
        setattr(self, name, value)


_PROJECT_FIELDS = frozenset({
    "name", "crs", "scheme", "parameters", "sectors", "phases", "targets", "observed", "calibration",
    "boundary", "context_layers", "active_scenario_id", "metadata", "basemaps",
})

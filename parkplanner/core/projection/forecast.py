"""Yearly projection of a scenario (docs/specification.md section 6), vectorised over zones × years.

A series' value in year t is scale · Σ_z base_z · f_z(t; h_z · h_mult, w_z · w_mult), where base_z
is the zone's value at maturity (zone_basis.py) and (scale, h_mult, w_mult) are the project's
stored calibration of that series, else of the series it derives from (CALIBRATION_FALLBACK),
else (1, 1, 1).
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Iterable, Mapping

import numpy as np

from parkplanner.core.model.project import Calibration, Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.projection.ramp import maturity
from parkplanner.core.projection.zone_basis import SERIES, ZoneBasis, zone_basis

__all__ = ["Projection", "Forecast", "forecast", "calibration_map", "CALIBRATION_FALLBACK", "IDENTITY"]

IDENTITY = (1.0, 1.0, 1.0)
#: Bound on ramps × years cells evaluated at once, so even 100,000 distinct ramps stay in memory.
_CHUNK_CELLS = 2_000_000


#: A series without a calibration of its own borrows that of the series it derives from: tax is
#: levied on output, high-tech enterprises are a share of registered entities. Without this, a
#: calibrated output next to an uncalibrated tax would put tax at half of output.
CALIBRATION_FALLBACK: Mapping[str, str] = MappingProxyType({
    "tax_yi": "output_yi", "high_tech_enterprises": "registered_entities",
})


def calibration_map(calibrations: Iterable[Calibration]) -> dict[str, tuple[float, float, float]]:
    """{indicator: (scale, h_mult, w_mult)} in force, fallbacks included (a later entry wins)."""
    fitted = {c.indicator: (c.scale, c.h_mult, c.w_mult) for c in calibrations}
    for series, source in CALIBRATION_FALLBACK.items():
        if series not in fitted and source in fitted:
            fitted[series] = fitted[source]
    return fitted


class Projection:
    """The zones of one scenario, ready to be evaluated in any years with any multipliers."""

    def __init__(self, basis: ZoneBasis) -> None:
        self.basis = basis
        # Zones sharing (start, h, w) share f(t): sum their bases once, so a 100,000-zone plan with
        # a few phases and sectors is evaluated as a few dozen ramps (calibration evaluates often).
        # Zones contributing nothing are dropped.
        self._active = {}
        groupings: dict[tuple[int, int], tuple] = {}  # series share their (h, w) columns
        for name, series in basis.series.items():
            key = (id(series.half), id(series.width))
            if key not in groupings:
                groupings[key] = _ramp_groups(basis.start, series.half, series.width)
            group, start, half, width = groupings[key]
            base = np.bincount(group, weights=series.base, minlength=start.size)
            keep = base != 0  # bases are non-negative: a zero sum means no zone contributes
            self._active[name] = (base[keep], start[keep], half[keep], width[keep])

    @classmethod
    def of(cls, project: Project, scenario: Scenario | None = None) -> "Projection":
        return cls(zone_basis(project, scenario))

    def values(self, indicator: str, years, multipliers: tuple[float, float, float] = IDENTITY) -> np.ndarray:
        """The series ``indicator`` in each of ``years`` (any sequence, not necessarily contiguous)."""
        try:
            base, start, half, width = self._active[indicator]
        except KeyError:
            raise KeyError(f"unknown series {indicator!r} (series: {', '.join(SERIES)})") from None
        scale, h_mult, w_mult = multipliers
        t = np.asarray(years, dtype=float).reshape(1, -1)
        total = np.zeros(t.shape[1])
        rows = max(1, _CHUNK_CELLS // max(1, t.shape[1]))
        for lo in range(0, base.size, rows):
            sl = slice(lo, lo + rows)
            f = maturity(t, start[sl, None], half[sl, None] * h_mult, width[sl, None] * w_mult)
            total += base[sl] @ f
        return scale * total

    def maturity_value(self, indicator: str) -> float:
        """Σ base_z: the series once every zone is mature (before any calibration scale)."""
        return float(self._active[indicator][0].sum())


def _ramp_groups(start: np.ndarray, half: np.ndarray, width: np.ndarray):
    """Group index of each zone by distinct (start, h, w), and each group's (start, h, w).

    Three 1-D uniques combined into one integer key: much faster than np.unique(axis=0).
    """
    code = np.zeros(start.size, dtype=np.int64)
    for column in (start, half, width):
        values, inverse = np.unique(column, return_inverse=True)
        code = code * values.size + inverse.ravel()
    _, first, group = np.unique(code, return_index=True, return_inverse=True)
    return group.ravel(), start[first], half[first], width[first]


@dataclass(frozen=True)
class Forecast:
    scenario_id: str
    scenario_name: str
    years: tuple[int, ...]
    series: Mapping[str, np.ndarray]
    unscheduled_zone_ids: tuple[int, ...] = ()

    def value(self, indicator: str, year: int) -> float:
        return float(self.series[indicator][self.years.index(year)])

    def series_dict(self) -> dict[str, list[float]]:
        return {name: [float(v) for v in self.series[name]] for name in SERIES}


def forecast(project: Project, scenario: Scenario | None = None,
             calibrations: Iterable[Calibration] | None = None, projection: Projection | None = None) -> Forecast:
    """Yearly series from the first start year to the horizon (Parameters.horizon_year), inclusive.

    ``calibrations`` defaults to the project's stored calibration; pass ``()`` for the raw model.
    ``projection`` is ``Projection.of(project, scenario)`` when the caller already has it.
    """
    scenario = scenario or project.active_scenario
    projection = projection or Projection.of(project, scenario)
    first = projection.basis.first_start_year
    horizon = int(project.effective_parameters(scenario).horizon_year)
    years = tuple(range(first, horizon + 1)) if first is not None else ()
    fitted = calibration_map(project.calibration if calibrations is None else calibrations)
    series = {name: projection.values(name, years, fitted.get(name, IDENTITY)) for name in SERIES}
    return Forecast(scenario.id, scenario.name, years, series, projection.basis.unscheduled_zone_ids)

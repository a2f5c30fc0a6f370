"""Calibration of projected series against observed values (docs/specification.md, "Calibration").

Each observed series is fitted on its own: three multipliers (scale on the values, h_mult on the
ramp half-times, w_mult on the ramp widths) by bounded least squares on relative error. The fit
works on log-multipliers bounded to [ln 0.1, ln 10], and adds a residual REGULARISATION · ln(m)
for each ramp multiplier, so a ramp the data do not pin down stays near 1 instead of wandering
to a bound: one observation fixes the scale and leaves h and w at 1. The scale is not pulled:
any non-zero observation determines it, and pulling it would bias every fitted value (with only
zero observations it is pulled like the others and stays at 1).

An observation of 0 (e.g. the year the park opened) has no relative error. It says the series had
not started, so its residual is the share of capacity the model has reached that year: modelled
value / (scale · value at maturity), 0 when the model agrees and 1 when it claims full capacity.
The ramp is exactly 0 in and before a zone's start year, so a 0 observed at or before the first
start year is reproduced exactly whatever the multipliers: the fit report gives it rel_error 0.
A 0 observed later, and not reproduced, has no relative error (None); every row also carries the
absolute difference (abs_error = modelled − observed), which is what a reader compares there.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np

from parkplanner.core.editing.project_commands import SetProjectField
from parkplanner.core.model.project import Calibration, Observation, Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.projection.forecast import IDENTITY, Projection, calibration_map
from parkplanner.core.projection.zone_basis import SERIES

__all__ = [
    "REGULARISATION", "MULTIPLIER_BOUNDS", "FitRow", "CalibrationResult", "fit_indicator", "fit_rows",
    "calibrate", "merged_calibration", "calibration_command", "observations_command", "calibration_dicts",
]

REGULARISATION = 0.05
MULTIPLIER_BOUNDS = (0.1, 10.0)
#: Starting ramp multipliers; several starts guard against the local minima that h and w create.
_RAMP_STARTS = ((1.0, 1.0), (0.5, 1.0), (2.0, 1.0), (1.0, 0.5), (1.0, 2.0))


@dataclass(frozen=True, slots=True)
class FitRow:
    year: int
    indicator: str
    observed: float
    modelled: float
    #: (modelled − observed) / observed; for an observation of 0: 0 when reproduced exactly, else None.
    rel_error: float | None

    @property
    def abs_error(self) -> float:
        return self.modelled - self.observed

    def to_dict(self) -> dict:
        return {"year": self.year, "indicator": self.indicator, "observed": self.observed,
                "modelled": self.modelled, "rel_error": self.rel_error, "abs_error": self.abs_error}


@dataclass(frozen=True)
class CalibrationResult:
    calibrations: tuple[Calibration, ...]  # one per fitted indicator, in SERIES order
    rows: tuple[FitRow, ...]
    #: Indicators with observations that could not be fitted, and why.
    skipped: dict[str, str] = field(default_factory=dict)


def _by_indicator(observations: Iterable[Observation]) -> dict[str, list[Observation]]:
    grouped: dict[str, list[Observation]] = {}
    for obs in observations:
        grouped.setdefault(obs.indicator, []).append(obs)
    return {name: sorted(grouped[name], key=lambda o: o.year) for name in sorted(grouped, key=_series_order)}


def _series_order(indicator: str) -> tuple[int, str]:
    return (SERIES.index(indicator) if indicator in SERIES else len(SERIES), indicator)


def fit_indicator(projection: Projection, indicator: str, observations: Sequence[Observation]) -> Calibration:
    """Fitted (scale, h_mult, w_mult) of one series; ValueError when the data cannot fit it."""
    if indicator not in SERIES:
        raise ValueError(f"{indicator!r} is not a projected series")
    if not observations:
        raise ValueError("no observations")
    if not projection.maturity_value(indicator) > 0:
        raise ValueError("no zone of the scenario contributes to this series")
    years = np.array([o.year for o in observations], dtype=float)
    observed = np.array([o.value for o in observations], dtype=float)
    nonzero = observed != 0
    capacity = projection.maturity_value(indicator)

    def residuals(x: np.ndarray) -> np.ndarray:
        multipliers = np.exp(x)
        modelled = projection.values(indicator, years, tuple(multipliers))
        # Relative error where observed ≠ 0; the modelled share of capacity where observed = 0.
        denominator = np.where(nonzero, np.abs(observed), multipliers[0] * capacity)
        return np.concatenate([(modelled - observed) / denominator, REGULARISATION * x[pulled:]])

    # Zero observations alone say nothing about the scale: pull it to 1 too, or it would drift.
    pulled = 1 if nonzero.any() else 0

    raw = projection.values(indicator, years)
    scale0 = np.median(observed[nonzero] / raw[nonzero]) if nonzero.any() and (raw[nonzero] > 0).all() else 1.0
    lo, hi = np.log(MULTIPLIER_BOUNDS[0]), np.log(MULTIPLIER_BOUNDS[1])
    # Imported here: scipy.optimize takes ~0.4 s to import and the GUI loads this module at start-up.
    from scipy.optimize import least_squares

    best = None
    for h0, w0 in _RAMP_STARTS:
        x0 = np.clip(np.log([scale0 if np.isfinite(scale0) and scale0 > 0 else 1.0, h0, w0]), lo + 1e-9, hi - 1e-9)
        solution = least_squares(residuals, x0, bounds=(lo, hi), method="trf", x_scale=1.0)
        if best is None or solution.cost < best.cost:
            best = solution
    scale, h_mult, w_mult = (float(v) for v in np.exp(best.x))
    return Calibration(indicator, scale, h_mult, w_mult)


def fit_rows(projection: Projection, observations: Iterable[Observation],
             calibrations: Iterable[Calibration]) -> list[FitRow]:
    """Observed against modelled value for each observation of a projected series."""
    fitted = calibration_map(calibrations)
    rows = []
    for indicator, group in _by_indicator(observations).items():
        if indicator not in SERIES:
            continue
        modelled = projection.values(indicator, [o.year for o in group], fitted.get(indicator, IDENTITY))
        for obs, value in zip(group, modelled):
            rel = _relative_error(float(value), float(obs.value))
            rows.append(FitRow(obs.year, indicator, float(obs.value), float(value), rel))
    return rows


def _relative_error(modelled: float, observed: float) -> float | None:
    if observed == 0:
        return 0.0 if modelled == 0 else None
    return (modelled - observed) / abs(observed)


def calibrate(project: Project, observations: Iterable[Observation] | None = None,
              scenario: Scenario | None = None) -> CalibrationResult:
    """Fit every observed series of ``scenario`` (default: active) to ``observations`` (default: stored)."""
    observations = tuple(project.observed if observations is None else observations)
    projection = Projection.of(project, scenario)
    fitted, skipped = [], {}
    for indicator, group in _by_indicator(observations).items():
        try:
            fitted.append(fit_indicator(projection, indicator, group))
        except ValueError as exc:
            skipped[indicator] = str(exc)
    in_force = merged_calibration(project.calibration, fitted)
    return CalibrationResult(tuple(fitted), tuple(fit_rows(projection, observations, in_force)), skipped)


def merged_calibration(existing: Iterable[Calibration], fitted: Iterable[Calibration]) -> tuple[Calibration, ...]:
    """``existing`` with the fitted indicators replaced, in SERIES order (unknown names last)."""
    merged = {c.indicator: c for c in existing}
    merged.update({c.indicator: c for c in fitted})
    return tuple(sorted(merged.values(), key=lambda c: _series_order(c.indicator)))


def calibration_command(project: Project, result: CalibrationResult) -> SetProjectField:
    """The history command that stores a calibration (one undo step: "Calibrate projection")."""
    return SetProjectField.of(project, "calibration", merged_calibration(project.calibration, result.calibrations),
                              label="Calibrate projection")


def observations_command(project: Project, observations: Iterable[Observation]) -> SetProjectField:
    """The history command that stores observations, replacing those of the same indicators."""
    new = tuple(observations)
    replaced = {o.indicator for o in new}
    kept = tuple(o for o in project.observed if o.indicator not in replaced)
    combined = tuple(sorted(kept + new, key=lambda o: (o.indicator, o.year)))
    return SetProjectField.of(project, "observed", combined, label="Set observed values")


def calibration_dicts(calibrations: Iterable[Calibration]) -> list[dict]:
    return [{"indicator": c.indicator, "scale": c.scale, "h_mult": c.h_mult, "w_mult": c.w_mult}
            for c in calibrations]

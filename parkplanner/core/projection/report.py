"""The forecast as the JSON object of docs/specification.md section 6 (``parkplanner.forecast/1``)."""
from __future__ import annotations

from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.projection.calibration import fit_rows
from parkplanner.core.projection.forecast import (
    CALIBRATION_FALLBACK, Forecast, Projection, calibration_map, forecast,
)
from parkplanner.core.projection.zone_basis import SERIES

__all__ = ["FORECAST_SCHEMA", "forecast_report"]

FORECAST_SCHEMA = "parkplanner.forecast/1"


def forecast_report(project: Project, scenario: Scenario | None = None) -> dict:
    """Series with the stored calibration applied, the stored observations and their fit.

    Beyond the keys of the specification: ``calibration`` (the multipliers in force per series,
    with ``from``: the series whose stored calibration they are) and ``unscheduled_zone_ids``
    (zones left out for want of a start year).
    """
    scenario = scenario or project.active_scenario
    projection = Projection.of(project, scenario)
    result: Forecast = forecast(project, scenario, projection=projection)
    rows = fit_rows(projection, project.observed, project.calibration)
    return {
        "schema": FORECAST_SCHEMA,
        "scenario": scenario.name,
        "years": list(result.years),
        "series": result.series_dict(),
        "observed": [{"year": o.year, "indicator": o.indicator, "value": o.value} for o in project.observed],
        "fit": [row.to_dict() for row in rows],
        "calibration": _calibration_in_force(project),
        "unscheduled_zone_ids": list(result.unscheduled_zone_ids),
    }


def _calibration_in_force(project: Project) -> list[dict]:
    stored = {c.indicator for c in project.calibration}
    in_force = calibration_map(project.calibration)
    out = []
    for name in SERIES:
        if name in in_force:
            scale, h_mult, w_mult = in_force[name]
            out.append({"indicator": name, "scale": scale, "h_mult": h_mult, "w_mult": w_mult,
                        "from": name if name in stored else CALIBRATION_FALLBACK[name]})
    return out

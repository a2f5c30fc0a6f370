"""Projection and scenario comparison benchmarks: forecast, calibrate, compare, phase balance."""
from __future__ import annotations

from _harness import benchmark, time_samples

_CASE = {"output_yi": (0.0, 9.8, 16.2), "registered_entities": (0.0, 327.0, 1682.0),
         "high_tech_enterprises": (0.0, 4.0, 27.0)}


@benchmark("forecast", sizes=(2_000, 20_000, 100_000))
def forecast_series(ctx):
    """Yearly series of the active scenario with its calibration (what `parkplanner forecast` computes)."""
    from parkplanner.core.projection.report import forecast_report

    project = ctx.project()
    return time_samples(lambda: forecast_report(project), repeat=ctx.repeat)


@benchmark("calibrate", sizes=(2_000, 20_000, 100_000))
def calibrate_case(ctx):
    """Fit the case's three observed series (2017/2020/2024) to the active scenario."""
    from parkplanner.core.model.project import Observation
    from parkplanner.core.projection.calibration import calibrate

    project = ctx.project()
    observations = [Observation(year, name, value) for name, values in _CASE.items()
                    for year, value in zip((2017, 2020, 2024), values)]
    return time_samples(lambda: calibrate(project, observations), repeat=ctx.repeat)


@benchmark("scenario_compare", sizes=(2_000, 20_000, 100_000))
def scenario_compare(ctx):
    """Compare the first two scenarios: two metrics computations, deltas and the zone ledger.

    The second scenario is the first with every tenth zone's FAR raised, so the ledger has work.
    """
    from parkplanner.core.scenarios.compare import compare_scenarios

    project = ctx.project()
    a = project.scenarios[0]
    b = project.scenarios[1] if len(project.scenarios) > 1 else a.copy("b", "B")
    for zone_id in list(b.zones)[::10]:
        b.zones[zone_id] = b.zones[zone_id].with_changes(far=b.zones[zone_id].far + 0.5)
    return time_samples(lambda: compare_scenarios(project, a, b), repeat=ctx.repeat)


@benchmark("phase_balance", sizes=(2_000, 20_000, 100_000))
def phase_balance_rows(ctx):
    """Jobs, housing and services per phase and cumulatively."""
    from parkplanner.core.scenarios.phase_balance import phase_balance

    project = ctx.project()
    return time_samples(lambda: phase_balance(project), repeat=ctx.repeat)

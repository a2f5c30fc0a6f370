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


def _compared_pair(ctx):
    """The project and its first two scenarios, B with every tenth zone's FAR raised (the ledger has work)."""
    project = ctx.project()
    a = project.scenarios[0]
    if len(project.scenarios) < 2:
        project.scenarios.append(a.copy("b", "B"))
    b = project.scenarios[1]
    for zone_id in list(b.zones)[::10]:
        b.zones[zone_id] = b.zones[zone_id].with_changes(far=b.zones[zone_id].far + 0.5)
    return project, a, b


@benchmark("scenario_compare_cli", sizes=(2_000, 20_000, 100_000))
def scenario_compare_cli(ctx):
    """`parkplanner compare`'s computation: A's metrics from scratch, B's from A's engine (its
    pinned copy: shared zones and coverage are not computed again), deltas, zone ledger, settings
    and both phase balances.

    Not included: reading the project file and writing the output (see project_open).
    """
    from parkplanner.core.scenarios.compare import compare_scenarios

    project, a, b = _compared_pair(ctx)
    return time_samples(lambda: compare_scenarios(project, a, b), repeat=ctx.repeat)


@benchmark("scenario_compare_gui", sizes=(2_000, 20_000, 100_000))
def scenario_compare_gui(ctx):
    """The comparison view refreshing after an edit in A: both sides' metrics from the window's
    MetricsBridge (A's engine caught up with the edit, B's kept engine), deltas, zone ledger, and
    the table, charts and change map filled (not painted). The edit itself (a FAR change of one
    zone of A, pushed untimed before each sample) and the view's 300 ms coalescing delay are
    not included; the first refresh (B's engine built from A's) is the warm-up.
    """

    from parkplanner.core.editing import History
    from parkplanner.core.editing.zone_commands import set_zone_attributes
    from parkplanner.ui.app import create_application
    from parkplanner.ui.metrics_bridge import MetricsBridge
    from parkplanner.ui.scenarios.compare_view import CompareView

    create_application()  # as the window makes it: its switch interval too
    project, a, b = _compared_pair(ctx)
    history = History(project)
    bridge = MetricsBridge(history)
    view = CompareView(history, metrics_source=lambda: bridge)
    view.set_pair(a.id, b.id)
    ids = list(a.zones)
    step = [0]

    def edit_a() -> None:
        step[0] += 1
        zone = project.scenario(a.id).zones[ids[(step[0] * 7919) % len(ids)]]
        history.push(set_zone_attributes(project, [zone.id], {"far": round(zone.far + 0.1, 2)}, scenario_id=a.id))

    samples = time_samples(lambda _: view.recompute(), repeat=ctx.repeat, setup=edit_a)
    view.close_view()
    return samples


@benchmark("phase_balance", sizes=(2_000, 20_000, 100_000))
def phase_balance_rows(ctx):
    """Jobs, housing and services per phase and cumulatively."""
    from parkplanner.core.scenarios.phase_balance import phase_balance

    project = ctx.project()
    return time_samples(lambda: phase_balance(project), repeat=ctx.repeat)


@benchmark("change_map_after_edit", sizes=(2_000, 20_000, 100_000))
def change_map_after_edit(ctx):
    """The comparison's change map prepared again after an edit (what the view's worker does with
    the change map tab open): the chunks of every style, keeping the paths of chunks whose zones
    are the same objects as in the map shown. Not included: the edit (one zone of B moved 2 m,
    untimed before each sample) and the comparison itself (made untimed). The same preparation
    from scratch goes to stderr, for scale.
    """
    import sys
    import time

    from shapely import affinity

    from parkplanner.core.scenarios.compare import compare_scenarios
    from parkplanner.ui.app import create_application
    from parkplanner.ui.scenarios.change_map import ChangeMap

    create_application()  # as the window makes it: its switch interval too
    project, a, b = _compared_pair(ctx)
    shown = ChangeMap.prepare(compare_scenarios(project, a, b, metrics=lambda p, s: {}))
    ids = list(b.zones)
    samples, scratch = [], []
    for n in range(ctx.repeat + 1):
        zone = b.zones[ids[(n * 7919) % len(ids)]]
        b.zones[zone.id] = zone.with_changes(geometry=affinity.translate(zone.geometry, 2.0, 0.0))
        comparison = compare_scenarios(project, a, b, metrics=lambda p, s: {})
        start = time.perf_counter()
        prepared = ChangeMap.prepare(comparison, shown)
        samples.append((time.perf_counter() - start) * 1000.0)
        start = time.perf_counter()
        ChangeMap.prepare(comparison)
        scratch.append((time.perf_counter() - start) * 1000.0)
        shown = prepared
    print(f"change_map_after_edit {ctx.zones} zones: from scratch {sorted(scratch)[len(scratch) // 2]:.1f} ms",
          file=sys.stderr)
    return samples[1:]


@benchmark("projection_dock_after_edit", sizes=(2_000, 20_000, 100_000))
def projection_dock_after_edit(ctx):
    """The projection dock's work after an edit, on its worker: the forecasts of the scenario shown
    (edited: one zone's FAR raised, untimed before each sample; that zone's row of its kept zone
    columns is read again, its ramp groups made anew) and of the faint one compared with it (not
    edited: its kept projection is given again; both kept_projections.py). The same two
    forecasts read afresh go to stderr, for scale. Not included: the detached copy of the project
    the dock hands its worker, and the plots.
    """
    import sys
    import time

    from parkplanner.core.projection.forecast import Projection, forecast
    from parkplanner.ui.scenarios.projection_panel import _forecasts

    project, a, b = _compared_pair(ctx)
    _forecasts(project, a.id, b.id)  # both projections kept, as after the dock's first showing
    ids = list(a.zones)
    samples, scratch = [], []
    for n in range(ctx.repeat + 1):
        zone = a.zones[ids[(n * 7919) % len(ids)]]
        a.zones[zone.id] = zone.with_changes(far=round(zone.far + 0.1, 2))
        start = time.perf_counter()
        _forecasts(project, a.id, b.id)
        samples.append((time.perf_counter() - start) * 1000.0)
        start = time.perf_counter()
        for scenario in (a, b):
            forecast(project, scenario, projection=Projection.of(project, scenario))
        scratch.append((time.perf_counter() - start) * 1000.0)
    print(f"projection_dock_after_edit {ctx.zones} zones: both read afresh {sorted(scratch)[len(scratch) // 2]:.1f} ms",
          file=sys.stderr)
    return samples[1:]

"""Live edit as the planner sees it: one zone edited, metrics updated, dashboard repainted offscreen.

``live_edit`` (bench_metrics.py) times the engine alone; ``live_edit_ui`` adds what the UI does on
top: the MetricsBridge's flush (engine update, per-sector sums, the metrics dictionary), every chart
and the indicator table and standards-check panel updated, and the dashboard painted into an image
at a docked size. ``dashboard_repaint`` is the paint alone with no data change (the floor).
"""
from __future__ import annotations

from _harness import benchmark

#: At least this many edits per size, so the median is stable.
MIN_EDITS = 50
#: A dock beside the map on a 1600 px wide screen, tall enough to show every chart and the table.
DASHBOARD_SIZE = (820, 1330)


def _dashboard(project):
    from PySide6.QtWidgets import QApplication

    from parkplanner.core.editing import History
    from parkplanner.interaction.selection import Selection
    from parkplanner.ui.charts.dashboard import Dashboard
    from parkplanner.ui.metrics_bridge import MetricsBridge
    from parkplanner.ui.panels.checks_panel import ChecksPanel

    app = QApplication.instance() or QApplication([])
    history = History(project)
    selection = Selection(project, history)
    bridge = MetricsBridge(history)
    dashboard = Dashboard(bridge, selection)
    checks = ChecksPanel(project, selection)
    bridge.updated.connect(checks.update_metrics)
    checks.update_metrics(bridge.current)
    dashboard.resize(*DASHBOARD_SIZE)
    dashboard.show()
    app.processEvents()
    return app, history, bridge, dashboard


def _timed(fn, setup, repeat: int, warmup: int = 3) -> list[float]:
    import time

    samples = []
    for n in range(warmup + repeat):
        state = setup()
        start = time.perf_counter()
        fn(state)
        if n >= warmup:
            samples.append((time.perf_counter() - start) * 1000.0)
    return samples


@benchmark("live_edit_ui", sizes=(200, 2_000, 20_000))
def live_edit_ui(ctx):
    """Edit (FAR or geometry of one zone) → metrics → dashboard and checks updated → repaint offscreen.

    Edits alternate between a FAR change and a small move of the zone's polygon; the command is
    built untimed; timed are the history push, the bridge flush that the frame timer would run
    (which updates every chart, the table and the checks panel) and a full paint of the dashboard.
    """
    import random

    from shapely import affinity

    from parkplanner.core.editing.zone_commands import reshape_zone, set_zone_attributes

    project = ctx.project()
    app, history, bridge, dashboard = _dashboard(project)
    rng = random.Random(0)
    ids = list(project.active_scenario.zones)
    count = [0]

    def next_command():
        count[0] += 1
        zone = project.active_scenario.zones[rng.choice(ids)]
        if count[0] % 2:
            return set_zone_attributes(project, [zone.id], {"far": round(rng.uniform(0.5, 3.0), 2)})
        moved = affinity.translate(zone.geometry, rng.uniform(-3, 3), rng.uniform(-3, 3))
        return reshape_zone(project, zone.id, moved)

    def edit(command):
        history.push(command)
        bridge.flush()
        dashboard.grab()

    return _timed(edit, next_command, max(MIN_EDITS, ctx.repeat))


@benchmark("dashboard_repaint", sizes=(2_000,))
def dashboard_repaint(ctx):
    """A full offscreen paint of the dashboard with no data change (the repaint floor)."""
    app, history, bridge, dashboard = _dashboard(ctx.project())
    return _timed(lambda _: dashboard.grab(), lambda: None, max(MIN_EDITS, ctx.repeat))

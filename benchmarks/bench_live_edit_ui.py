"""Live edit as the planner sees it: one zone edited, metrics updated, dashboard repainted offscreen.

``live_edit`` (bench_metrics.py) times the engine alone; ``live_edit_ui`` adds what the UI does on
top: the MetricsBridge's flush (engine update, per-sector sums, the metrics dictionary), every chart
and the indicator table and standards-check panel updated, and the dashboard painted into an image
at a docked size. ``dashboard_repaint`` is the paint alone with no data change (the floor).
"""
from __future__ import annotations

from _harness import alternating_edits, benchmark, time_samples

#: At least this many edits per size, so the median is stable.
MIN_EDITS = 50
#: A dock beside the map on a 1600 px wide screen, tall enough to show every chart and the table.
DASHBOARD_SIZE = (820, 1330)


def _dashboard(project):

    from parkplanner.core.editing import History
    from parkplanner.interaction.selection import Selection
    from parkplanner.ui.app import create_application
    from parkplanner.ui.charts.dashboard import Dashboard
    from parkplanner.ui.metrics_bridge import MetricsBridge
    from parkplanner.ui.panels.checks_panel import ChecksPanel

    app = create_application()  # as the window makes it: its switch interval too
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


@benchmark("live_edit_ui", sizes=(200, 2_000, 20_000))
def live_edit_ui(ctx):
    """Edit (FAR or geometry of one zone) → metrics → dashboard and checks updated → repaint offscreen.

    Edits alternate between a FAR change and a small move of the zone's polygon; the command is
    built untimed; timed are the history push, the bridge flush that the frame timer would run
    (which updates every chart, the table and the checks panel) and a full paint of the dashboard.
    """
    project = ctx.project()
    app, history, bridge, dashboard = _dashboard(project)
    next_command = alternating_edits(project)

    def edit(command):
        history.push(command)
        bridge.flush()
        dashboard.draw_pending()  # the two stages the window draws a frame apart, here at once
        dashboard.grab()

    return time_samples(edit, repeat=max(MIN_EDITS, ctx.repeat), setup=next_command, warmup=3)


@benchmark("dashboard_repaint", sizes=(2_000,))
def dashboard_repaint(ctx):
    """A full offscreen paint of the dashboard with no data change (the repaint floor)."""
    app, history, bridge, dashboard = _dashboard(ctx.project())
    return time_samples(dashboard.grab, repeat=max(MIN_EDITS, ctx.repeat), warmup=3)

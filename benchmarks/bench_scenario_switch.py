"""Scenario switch and workshop slider steps, to a fully repainted map and dashboard.

``scenario_switch``: the "Switch to scenario" step (a key 1–9 in workshop mode, a double-click in
the scenario dock) until the planner sees the other scenario: the history step, the canvas
rebuilding its zone layer and re-rendering the whole 1600×1000 view, the MetricsBridge
recomputing every metric for the other scenario, and the dashboard repainted. Switches alternate
between the synthetic project's two scenarios. "The dashboard repainted" means its charts and
indicator table drawn with the new numbers and painted: the window draws them in two stages a
frame apart (``Dashboard.metrics_sent``); here both stages run at once (``draw_pending``) and
the charts are painted in the event-loop turn that follows, so the sample holds their work but
not the frame between the stages, and none of it is left for the next sample.

``scenario_switch`` times switches after each scenario's first visit (the UI keeps one metrics
engine, zone layer and picture per recent scenario); ``scenario_switch_first_visit`` times the
first switch to each of four added variants (FARs of one zone in ten and the land use of one zone
in a hundred changed): the engine is built, sharing the coverage buffers of unchanged zones, and
the picture is the shown one patched around the zones drawn differently, by a render job on a
worker that has the patch helper process draw it while the engine's worker is busy (the helper
started and ready beforehand, as after a session's first first visit, which starts it:
``ui/canvas/patch_process.py``; or, where the canvas draws a whole new picture instead, that
picture): the time runs until it is shown. The engine is made on a worker from the switch's change
on (below 50,000 zones: ``EARLY_VISIT_ZONES``; above, from the bridge's frame timer), and while the
job draws the event loop turns (``wait_rendered``), so the dashboard may repaint meanwhile, as in
the window. ``canvas_first_visit`` (bench_canvas.py) times the map's part alone. These explicit
``bridge.flush()`` calls build the engine on the GUI thread, as a test would.

``scenario_switch_prepared``: first switches to each scenario but the shown one (the synthetic
project's second and variants as in ``scenario_switch_first_visit``, four scenarios in all, as
many as are kept), after the planner paused long enough for the window's bridge and canvas to prepare
them (``PREPARE_AFTER_MS`` idle, then each variant's engine built on a worker, its zone layer
brought in line in turns of the event loop and its picture patched by a render job; that wait is
not timed): a switch then costs what a return to the scenario costs.

``scenario_switch_first_visit_gui``: the same first switches as the planner's window makes them:
the bridge's frame timer hands the new engine to a worker, so a sample is the longest of the two
stretches the GUI thread is busy: (1) the history step, the map patched and repainted, the
bridge's frame turn and the dashboard repainted with the numbers it had; (2) when the engine has
arrived (the wait for the worker is not included), catching it up, showing it and repainting the
dashboard.

``workshop_far_step`` and ``workshop_parameter_step``: one step of a workshop slider drag, to the
same repainted map and dashboard: the FAR multiplier of the industrial zones and the employed
share (a scenario parameter override, merged into the drag's undo step). A FAR step is a preview
(assumption_sliders.py): the new FARs of every IND zone computed, the metrics bridge's engine
updating those zones' columns, the dashboard repainted; the zones themselves are written once,
on release (a ReplaceZones of every IND zone whose FAR changed), which is not a sample: the
release's own turn and the time until its step has landed (made on a worker above 2,000 zones)
and the same map and dashboard are repainted are printed on stderr, and so are those of a second
drag whose hand rests 300 ms before letting go (the zones written are then made on a worker
during the rest). The explicit ``bridge.flush()``
updates the engine on the GUI thread (the planner's frame timer gives it to a worker), so a
sample is the whole step's work wherever it runs. ``workshop_far_step`` also runs
at 100,000 zones (a district's whole regulatory plan): a step rewrites ~33,000 industrial zones there.
"""
from __future__ import annotations

import sys
import time

from _harness import benchmark

SIZES = (2_000, 20_000)
CANVAS_SIZE = (1600, 1000)
DASHBOARD_SIZE = (820, 1330)


def _screen(project, prepare_after_ms: int | None = None):

    from parkplanner.core.editing import History
    from parkplanner.interaction.selection import Selection
    from parkplanner.ui.app import create_application
    from parkplanner.ui.canvas.map_canvas import MapCanvas
    from parkplanner.ui.canvas.patch_process import shared_patch_helper
    from parkplanner.ui.charts.dashboard import Dashboard
    from parkplanner.ui.gc_pauses import freeze_shown
    from parkplanner.ui.metrics_bridge import MetricsBridge
    from parkplanner.ui.qt_history import QtHistory

    app = create_application()  # as the window makes it: its switch interval too
    history = History(project)
    qt_history = QtHistory(history)
    canvas = MapCanvas()
    if prepare_after_ms is not None:
        canvas.prepare_scenarios(prepare_after_ms)
    canvas.resize(*CANVAS_SIZE)
    canvas.set_project(project)
    qt_history.changed.connect(canvas.on_changes)
    bridge = MetricsBridge(history, prepare_after_ms=prepare_after_ms)
    dashboard = Dashboard(bridge, Selection(project, history))
    dashboard.resize(*DASHBOARD_SIZE)
    canvas.show()
    dashboard.show()
    app.processEvents()
    canvas.zoom_to_extent()
    canvas.repaint()
    canvas.wait_rendered()
    freeze_shown()  # as the window does once a project is shown (ui/gc_pauses.py)
    # A window's first first visit starts the patch helper (and draws its own patch): later
    # ones find it ready.
    helper = shared_patch_helper()
    helper.start()
    helper.wait_ready(30.0)
    return app, history, canvas, bridge, dashboard, qt_history


def _dashboard_shown(dashboard) -> None:
    """The dashboard's charts and table drawn with the newest numbers, and painted."""
    from PySide6.QtWidgets import QApplication

    dashboard.draw_pending()
    dashboard.repaint()
    # The charts' scene reports its changes to its view in a queued call: the view paints them
    # in the next turn of the event loop (dashboard.repaint() does not reach it), so take it here.
    QApplication.processEvents()


def _until_repainted(history, canvas, bridge, dashboard, command) -> float:
    """Milliseconds from pushing ``command`` to the map and dashboard painted with its result."""
    start = time.perf_counter()
    history.push(command)
    canvas.flush_changes()
    canvas.repaint()
    if canvas.rendering:  # a whole new picture is drawn by a render job: wait until it shows
        canvas.wait_rendered()
        canvas.repaint()
    bridge.flush()
    _dashboard_shown(dashboard)
    return (time.perf_counter() - start) * 1000.0


@benchmark("scenario_switch", sizes=SIZES)
def scenario_switch(ctx):
    """Switch scenario → canvas re-rendered and dashboard recomputed and repainted (offscreen)."""
    from parkplanner.core.editing.project_commands import switch_scenario

    project = ctx.project()
    app, history, canvas, bridge, dashboard, _ = _screen(project)
    ids = [s.id for s in project.scenarios]
    if len(ids) < 2:
        raise SystemExit("scenario_switch needs a project with two scenarios")
    samples = []
    for n in range(ctx.repeat + 1):
        target = ids[(ids.index(project.active_scenario_id) + 1) % len(ids)]
        elapsed = _until_repainted(history, canvas, bridge, dashboard, switch_scenario(project, target))
        if n:  # the first switch builds the other scenario's caches
            samples.append(elapsed)
    return samples


def _variants(project, count: int) -> list[str]:
    """Add ``count`` scenarios derived from the active one (see the module note); their ids."""
    import numpy as np

    base = project.active_scenario
    codes = sorted({z.code for z in base})
    ids = np.fromiter(base.zones, dtype=np.int64, count=len(base.zones))
    added = []
    for k in range(count):
        rng = np.random.default_rng(100 + k)
        variant = base.copy(f"first-visit-{k}", f"First visit {k}")
        for zone_id in ids[rng.uniform(size=ids.size) < 0.1].tolist():
            zone = variant.zones[zone_id]
            variant.zones[zone_id] = zone.with_changes(far=round(min(zone.far + 0.2 * (k + 1), 20.0), 1))
        for zone_id in ids[rng.uniform(size=ids.size) < 0.01].tolist():
            variant.zones[zone_id] = variant.zones[zone_id].with_changes(code=codes[int(rng.integers(len(codes)))])
        project.scenarios.append(variant)
        added.append(variant.id)
    return added


@benchmark("scenario_switch_first_visit", sizes=SIZES)
def scenario_switch_first_visit(ctx):
    """First switch to a scenario → canvas and dashboard (engine built, picture patched)."""
    from parkplanner.core.editing.project_commands import switch_scenario

    project = ctx.project()
    targets = _variants(project, 4)
    app, history, canvas, bridge, dashboard, _ = _screen(project)
    return [_until_repainted(history, canvas, bridge, dashboard, switch_scenario(project, target))
            for target in targets]


@benchmark("scenario_switch_prepared", sizes=SIZES + (100_000,))
def scenario_switch_prepared(ctx):
    """First switch to a scenario whose engine the window's bridge prepared while idle → canvas and dashboard."""
    from PySide6.QtCore import QEventLoop, QTimer

    from parkplanner.core.editing.project_commands import switch_scenario
    from parkplanner.ui.metrics_bridge import KEPT_SCENARIOS, PREPARE_AFTER_MS

    project = ctx.project()
    _variants(project, KEPT_SCENARIOS - len(project.scenarios))  # as many scenarios as are kept
    targets = [s.id for s in project.scenarios if s.id != project.active_scenario_id]
    app, history, canvas, bridge, dashboard, _ = _screen(project, prepare_after_ms=PREPARE_AFTER_MS)
    deadline = time.perf_counter() + 120.0

    def prepared() -> bool:
        return len(bridge.kept_scenario_ids) == KEPT_SCENARIOS and all(
            canvas.pictures.get(t) is not None and canvas.pictures[t].layer is canvas.renderer.kept_layer(t)
            for t in targets)

    loop = QEventLoop()
    while not prepared() and time.perf_counter() < deadline:
        # The planner pauses: the event loop waits for events, as the window's does (its pauses
        # are what the preparations wait for), and engines, layers and pictures are prepared.
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    if not prepared():
        raise RuntimeError("the scenarios were not prepared")
    return [_until_repainted(history, canvas, bridge, dashboard, switch_scenario(project, target))
            for target in targets]


def _slider_steps(ctx, key: str):
    from PySide6.QtWidgets import QApplication

    from parkplanner.ui.workshop.assumption_sliders import AssumptionSliders

    project = ctx.project()
    app, history, canvas, bridge, dashboard, _ = _screen(project)
    sliders = AssumptionSliders(history, metrics=bridge)
    slider = sliders.rows[key].slider
    slider.setSliderDown(True)  # one long drag: every step merges into one undo step
    start_position = slider.value()
    samples = []
    for n in range(max(10, ctx.repeat) + 1):
        position = start_position + (1 if n % 2 == 0 else 2)
        begin = time.perf_counter()
        slider.setValue(position)
        canvas.flush_changes()
        canvas.repaint()
        bridge.flush()
        _dashboard_shown(dashboard)
        if n:
            samples.append((time.perf_counter() - begin) * 1000.0)
    print(f"{key} drag at {ctx.zones} zones: release: {_released(slider, history, canvas, bridge, dashboard)}",
          file=sys.stderr)
    QApplication.processEvents()
    assert len(history.labels) == 1, history.labels
    # A second drag whose hand rests 300 ms before letting go, as a planner's does: a FAR
    # release then writes the zones a worker made meanwhile (release_zones.py).
    slider.setSliderDown(True)
    for step in (3, 4, 5):
        slider.setValue(start_position + step)
        bridge.flush()
    rest = time.perf_counter() + 0.3
    while time.perf_counter() < rest:
        QApplication.processEvents()
        time.sleep(0.005)
    print(f"{key} drag at {ctx.zones} zones: release after a 300 ms rest: "
          f"{_released(slider, history, canvas, bridge, dashboard)}", file=sys.stderr)
    QApplication.processEvents()
    assert len(history.labels) == 2, history.labels
    return samples


def _released(slider, history, canvas, bridge, dashboard) -> str:
    """The release: its own turn (letting the slider go), and the time until its step has landed
    (a large class's zones are made on a worker when no rest prepared them: assumption_sliders.py)
    and the map and dashboard are repainted, in ms."""
    from PySide6.QtWidgets import QApplication

    begin = time.perf_counter()
    slider.setSliderDown(False)
    turn = (time.perf_counter() - begin) * 1000.0
    while history.landing:
        QApplication.processEvents()
        time.sleep(0.001)
    canvas.flush_changes()
    canvas.repaint()
    bridge.flush()
    _dashboard_shown(dashboard)
    return f"its turn {turn:.0f} ms, landed and repainted {(time.perf_counter() - begin) * 1000.0:.0f} ms"


@benchmark("workshop_far_step", sizes=SIZES + (100_000,))
def workshop_far_step(ctx):
    """One step of a FAR × Industrial drag → map and dashboard repainted."""
    return _slider_steps(ctx, "far:IND")


@benchmark("workshop_parameter_step", sizes=SIZES)
def workshop_parameter_step(ctx):
    """One step of an employed-share drag → map and dashboard repainted."""
    return _slider_steps(ctx, "employed_share")


@benchmark("scenario_switch_first_visit_gui", sizes=SIZES)
def scenario_switch_first_visit_gui(ctx):
    """First switch to a scenario → the longest the GUI thread is busy at once (engine on a worker)."""
    from PySide6.QtWidgets import QApplication

    from parkplanner.core.editing.project_commands import switch_scenario

    project = ctx.project()
    targets = _variants(project, 4)
    app, history, canvas, bridge, dashboard, _ = _screen(project)
    samples = []
    for target in targets:
        # 1. The switch: history step, the map patched and shown, the frame timer's turn of the
        #    bridge (which hands the engine to a worker), the dashboard repainted (old numbers).
        start = time.perf_counter()
        history.push(switch_scenario(project, target))
        canvas.flush_changes()
        canvas.repaint()
        if canvas.rendering:
            canvas.wait_rendered()
            canvas.repaint()
        bridge._frame()  # what its frame timer runs
        _dashboard_shown(dashboard)
        switched = (time.perf_counter() - start) * 1000.0
        # 2. Untimed: the worker builds the engine. 3. Its arrival: caught up, shown, repainted.
        visit = bridge._visit
        if visit is not None:
            visit.done.wait()
        start = time.perf_counter()
        while bridge.building:
            app.processEvents()
        _dashboard_shown(dashboard)
        arrived = (time.perf_counter() - start) * 1000.0
        if bridge.engine.scenario.id != target:
            raise RuntimeError("the dashboard does not show the scenario switched to")
        samples.append(max(switched, arrived))
        print(f"scenario_switch_first_visit_gui {ctx.zones} zones: switch {switched:.0f} ms, "
              f"engine arrived {arrived:.0f} ms", file=sys.stderr)
    QApplication.processEvents()
    return samples

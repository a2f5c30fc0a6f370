"""``gui_max_stall``: the longest the GUI event loop could not turn during a scripted session.

A 1 ms precise timer ticks on the GUI thread of a main window (1600x1000, with the planning,
editor and scenario docks as ``parkplanner PROJECT`` installs them) while a script works it:

1. open the project file (``MainWindow.open_path``) and wait for its first picture;
2. 20 pan or zoom steps (alternating 1/6-view pans and 1.3x wheel steps), each left to settle
   and its new picture drawn;
3. 10 edits (FAR changes and small moves of zones in view), each followed by the docks' updates;
4. a switch to the other scenario;
5. a validation re-check (the validation dock's own check, as its delay timer starts it);
6. a comparison of the two scenarios in the comparison view, until it shows them;
7. a workshop slider drag: 10 steps of the FAR x Industrial slider, one undo step (the sliders
   are made first and read the scenario, as workshop mode makes them when it opens).

Between actions the event loop runs freely (what a planner's pauses give), waiting for every
render job, worker and delay timer the action started. A sample is one whole session: the
largest lateness of the 1 ms tick anywhere in it, in ms (the gap between two ticks minus 1 ms).
What the worst step was, and the longest stall of each step, are printed on stderr. Included:
everything the GUI thread does, and every wait of it for the interpreter lock held by a worker
(the project is read on a worker and shown on the GUI thread).
Not included: building the window and docks before the session starts (their first-start layout
and its painting included), and making the synthetic project file (done before the first session).
"""
from __future__ import annotations

import sys
import time

from _harness import benchmark

SIZE = (1600, 1000)
#: Sessions per size: each is long (tens of seconds at 100,000 zones).
SESSIONS = 2


class _StallMonitor:
    """Records the lateness of a 1 ms precise timer; ``take()`` returns and resets the maximum."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.worst = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, (now - self.last) * 1000.0 - 1.0)
        self.last = now

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start()

    def take(self) -> float:
        # Time since the last tick counts too: a step ending in a stall has not ticked yet.
        worst = max(self.worst, (time.perf_counter() - self.last) * 1000.0 - 1.0)
        self.worst = 0.0
        return worst


def _pump(ms: float, until=None, limit_s: float = 120.0) -> None:
    """Run the event loop for ``ms``, then on until ``until()`` holds (checked every 5 ms)."""
    from PySide6.QtCore import QEventLoop, QTimer

    def spin(duration_ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(duration_ms, loop.quit)
        loop.exec()

    spin(int(ms))
    deadline = time.perf_counter() + limit_s
    while until is not None and not until():
        if time.perf_counter() > deadline:
            raise RuntimeError("the session waited too long for the GUI to settle")
        spin(5)


def _window():
    from parkplanner.ui.app import create_application
    from parkplanner.ui.editor_panels import install_editor_panels
    from parkplanner.ui.main_window import MainWindow
    from parkplanner.ui.scenario_panels import install_scenario_panels

    create_application()
    window = MainWindow()
    window.resize(*SIZE)
    window.show()
    window.install_panels()
    editor = install_editor_panels(window)
    scenarios = install_scenario_panels(window)
    return window, editor, scenarios


def _session(ctx, monitor: _StallMonitor) -> dict[str, float]:
    from PySide6.QtCore import QPointF

    from parkplanner.core.editing.project_commands import switch_scenario
    from parkplanner.core.editing.zone_commands import reshape_zone, set_zone_attributes
    from parkplanner.ui.workshop.assumption_sliders import AssumptionSliders
    from shapely import affinity

    # Made (and saved) before the clock starts: the first session used to build and save the
    # synthetic project inside its "open" step, on the GUI thread (seconds at 100,000 zones).
    path = ctx.project_file()
    window, editor, scenarios = _window()
    canvas = window.canvas
    stalls: dict[str, float] = {}

    def idle() -> bool:
        validation = editor.validation
        return not canvas.rendering and (validation is None or not (validation.busy or validation.stale))

    monitor.start()
    # Window start-up is not part of the session, its first-start layout included: the docks are
    # balanced 30 ms after the last one is added (MainWindow.balance_docks, once per installation,
    # a saved layout is kept as it is) and the resized docks are then laid out and painted again.
    # Left to the "open" step, that was its longest turn, which a planner opening a project from
    # the File menu never waits for.
    _pump(50, lambda: not window._balance_timer.isActive())
    _pump(150)
    monitor.take()
    # 1. open
    if not window.open_path(path):
        raise RuntimeError("the project did not open")
    _pump(100, idle)
    stalls["open"] = monitor.take()
    project, history = window.project, window.history
    # 2. pan / zoom
    worst = 0.0
    for step in range(20):
        if step % 2:
            canvas.zoom_by(1.3 if step % 4 == 1 else 1 / 1.3, QPointF(SIZE[0] * 0.45, SIZE[1] * 0.4))
        else:
            canvas.pan_by(SIZE[0] / 6 * (1 if step % 4 else -1), SIZE[1] / 6 * (1 if step % 8 < 4 else -1))
        _pump(canvas.SETTLE_MS + 30, idle)
        worst = max(worst, monitor.take())
    stalls["pan/zoom x20"] = worst
    # 3. edits of zones in view
    in_view = [int(i) for i in canvas.renderer.zones.zones_in(canvas.viewport.map_extent())[:10]]
    in_view = in_view or list(project.active_scenario.zones)[:10]
    worst = 0.0
    for n, zone_id in enumerate(in_view):
        zone = project.active_scenario.zones[zone_id]
        if n % 2:
            history.push(set_zone_attributes(project, [zone_id], {"far": round(zone.far + 0.3, 2)}))
        else:
            history.push(reshape_zone(project, zone_id, affinity.translate(zone.geometry, 2.0, -1.0)))
        _pump(120, idle)
        worst = max(worst, monitor.take())
    stalls["10 edits"] = worst
    # 4. scenario switch
    other = next(s.id for s in project.scenarios if s.id != project.active_scenario_id)
    history.push(switch_scenario(project, other))
    _pump(400, idle)
    stalls["scenario switch"] = monitor.take()
    # 5. validation, as the dock's delay timer starts it
    editor.validation._timer.stop()
    editor.validation._start_check()
    _pump(50, idle)
    stalls["validation"] = monitor.take()
    # 6. comparison
    first, second = project.scenarios[0].id, project.scenarios[1].id
    view = scenarios.show_compare(first, second)  # compared on the view's worker, as the menu does it
    _pump(400, lambda: idle() and not view._stale)
    stalls["comparison"] = monitor.take()
    # 7. workshop slider drag
    sliders = AssumptionSliders(history, metrics=scenarios.metrics_bridge())
    _pump(50, lambda: idle() and not sliders.busy)  # the sliders read the scenario's FARs on a worker
    slider = sliders.rows["far:IND"].slider
    slider.setSliderDown(True)
    for step in range(1, 11):
        slider.setValue(slider.value() + (1 if step % 4 else -1) * max(1, slider.pageStep() // 4))
        _pump(30, idle)
    slider.setSliderDown(False)
    _pump(200, lambda: idle() and not sliders.busy)  # until the release's step has landed
    stalls["workshop drag"] = monitor.take()
    sliders.deleteLater()  # its history connection goes with it
    view.close_view()
    # Hidden, not closed: closing asks about unsaved edits and stores the window layout.
    window.hide()
    window.deleteLater()
    _pump(10)
    return stalls


@benchmark("gui_max_stall", sizes=(2_000, 20_000, 100_000))
def gui_max_stall(ctx):
    """Longest GUI event-loop stall (1 ms timer lateness) in a scripted open/navigate/edit/compare session."""
    monitor = _StallMonitor()
    samples = []
    for n in range(SESSIONS):
        stalls = _session(ctx, monitor)
        worst_step = max(stalls, key=stalls.get)
        samples.append(stalls[worst_step])
        print(f"gui_max_stall {ctx.zones} zones, session {n + 1}: longest {stalls[worst_step]:.0f} ms "
              f"({worst_step}); " + ", ".join(f"{k} {v:.0f}" for k, v in stalls.items()), file=sys.stderr)
    monitor.timer.stop()
    return samples

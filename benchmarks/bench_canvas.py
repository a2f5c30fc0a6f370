"""Map canvas speed: interactive pan/zoom frames, a vertex drag, a new view, the first picture.

All draw at 1600x1000 offscreen (Qt's raster engine; zone outlines antialiased from 12 px zones
up, crisp one-pixel outlines on smaller ones), like the perf baseline's Qt and QGIS figures
(those were 1920x1080, so these are slightly favourable).
The canvas renders new views as jobs on a worker thread (``render_job.RenderJob``); the figures
below that wait for a picture run the event loop until the job's picture is shown.

* ``canvas_interactive_frame``: one frame of a pan (7 px) or a wheel zoom step, alternating,
  including the synchronous repaint of the widget; the cached map image is moved or scaled, the
  render that follows when the view settles is ``canvas_new_view``.
* ``canvas_vertex_drag``: a real mouse-move event on the canvas while the edit-vertices tool drags
  a vertex: tool -> history push (merged step) -> canvas repaints the dirty rectangle -> widget
  repaint. The view shows 1/10 of the extent in each direction around the dragged zone.
* ``canvas_new_view``: what the planner waits for when the view settles at a place and scale
  never drawn before: from the settle (a pan by 1/7 of the view plus a zoom step of 1.2-1.6,
  about the whole extent) until the job's picture is on screen: planning the frame, drawing it
  on the worker (background, context layers, zones, outlines, boundary, phases and their
  titles, zone labels), delivery and the widget repaint. The zone paths already exist (they
  are built once, by the first frame); the canvas has not drawn any of these views before.
* ``canvas_first_frame``: a project in memory (as after opening) until its first complete
  picture is shown: ``set_project`` (zone layer, tiles, context and outline paths), the
  render job building every visible tile's paths and drawing the whole extent, delivery and
  repaint, in a new canvas each time. Reading the file is ``project_open``.
* ``canvas_first_visit``: the map's part of ``scenario_switch_first_visit`` (the same four
  variants: FARs of one zone in ten and the land use of one zone in a hundred changed), with no
  metrics bridge or dashboard: from the history step until the map shows the other scenario:
  the zone layer copied and brought in line on the GUI thread, the picture patched around the
  recoloured zones by a render job (or, where it cannot be, drawn anew), delivery and repaint.
  With no metrics engine beside it the job draws the patch itself, although the patch helper
  is ready (``ui/canvas/patch_process.py``: it draws only while another worker is busy).
  The GUI thread's share (the history step and the canvas taking the change) goes to stderr.
* ``canvas_phase_titles``: placing the phase titles (candidate spots tested inside each phase)
  at a new scale, the part of a zoom step's re-render they cost; pans reuse the placement.
"""
from __future__ import annotations

import time

from _harness import benchmark, time_samples

SIZE = (1600, 1000)
SIZES = (2_000, 20_000, 100_000)
#: Frames per sample of the interactive benchmark, so a sample is not a single timer tick.
FRAMES = 20


def _canvas(project):

    from parkplanner.core.editing import History
    from parkplanner.interaction.tool import ToolContext
    from parkplanner.interaction.tool_controller import ToolController
    from parkplanner.ui.app import create_application
    from parkplanner.ui.canvas.map_canvas import MapCanvas
    from parkplanner.ui.qt_history import QtHistory

    app = create_application()  # as the window makes it: its switch interval too
    history = History(project)
    bridge = QtHistory(history)
    controller = ToolController(ToolContext.create(project, history))
    canvas = MapCanvas()
    canvas.resize(*SIZE)
    canvas.set_project(project)
    canvas.set_tool_controller(controller)
    bridge.changed.connect(canvas.on_changes)
    canvas.show()
    app.processEvents()
    canvas.zoom_to_extent()
    canvas.render_now()
    canvas.repaint()
    return app, canvas, history, bridge, controller


def _per_frame(fn, frames: int, repeat: int) -> list[float]:
    samples = []
    for n in range(repeat + 1):
        start = time.perf_counter()
        for _ in range(frames):
            fn()
        if n:  # the first round warms caches
            samples.append((time.perf_counter() - start) * 1000.0 / frames)
    return samples


@benchmark("canvas_interactive_frame", sizes=SIZES)
def canvas_interactive_frame(ctx):
    """One pan or wheel-zoom frame at 1600x1000 (cached map moved/scaled, widget repainted)."""
    app, canvas, *_ = _canvas(ctx.project())
    return _per_frame(pan_zoom_frames(canvas), FRAMES, ctx.repeat)


def pan_zoom_frames(canvas):
    """A frame function that pans, zooms in, pans back and zooms out in turn, repainting each time."""
    from PySide6.QtCore import QPointF

    step = [0]
    at = QPointF(SIZE[0] * 0.4, SIZE[1] * 0.6)

    def frame():
        step[0] += 1
        phase = step[0] % 4
        if phase == 0:
            canvas.pan_by(7, 3)
        elif phase == 1:
            canvas.zoom_by(1.25, at)
        elif phase == 2:
            canvas.pan_by(-7, -3)
        else:
            canvas.zoom_by(1 / 1.25, at)
        canvas.repaint()

    return frame


@benchmark("canvas_vertex_drag", sizes=SIZES)
def canvas_vertex_drag(ctx):
    """Mouse move while dragging a vertex -> history step -> dirty rectangle re-rendered -> repaint."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent

    project = ctx.project()
    app, canvas, history, bridge, controller = _canvas(project)
    ex = canvas.renderer.extent()
    cx, cy = (ex[0] + ex[2]) / 2, (ex[1] + ex[3]) / 2
    zone_id = canvas.renderer.zones.zone_at(cx, cy) or next(iter(project.active_scenario.zones))
    zone = project.active_scenario.zones[zone_id]
    zb = zone.geometry.bounds
    zx, zy = (zb[0] + zb[2]) / 2, (zb[1] + zb[3]) / 2
    span_x, span_y = (ex[2] - ex[0]) / 10, (ex[3] - ex[1]) / 10
    canvas.set_viewport(canvas.viewport.fitted_to((zx - span_x / 2, zy - span_y / 2, zx + span_x / 2, zy + span_y / 2),
                                                  margin=0.0))
    canvas.render_now()
    controller.activate("edit_vertices")
    controller.ctx.selection.set([zone_id])
    vx, vy = zone.geometry.exterior.coords[0] if zone.geometry.geom_type == "Polygon" \
        else zone.geometry.geoms[0].exterior.coords[0]
    start = canvas.viewport.map_to_screen(vx, vy)

    def send(kind, pos: QPointF, button, buttons):
        event = QMouseEvent(kind, pos, canvas.mapToGlobal(pos), button, buttons, Qt.KeyboardModifier.NoModifier)
        app.sendEvent(canvas, event)

    left = Qt.MouseButton.LeftButton
    send(QEvent.Type.MouseMove, start, Qt.MouseButton.NoButton, Qt.MouseButton.NoButton)
    send(QEvent.Type.MouseButtonPress, start, left, left)
    canvas.flush_changes()
    steps_before = history.index
    offsets = [QPointF(dx, dy) for dx, dy in ((1, 0), (2, 1), (3, 1), (2, 2), (1, 1), (0, 0))]
    moves = [0]

    def move():
        moves[0] += 1
        send(QEvent.Type.MouseMove, start + offsets[moves[0] % len(offsets)], Qt.MouseButton.NoButton, left)
        canvas.flush_changes()  # what the zero-delay timer runs once the event is handled
        canvas.repaint()

    samples = time_samples(move, repeat=max(ctx.repeat * 10, 30), warmup=3)
    send(QEvent.Type.MouseButtonRelease, start, left, Qt.MouseButton.NoButton)
    if history.index != steps_before + 1 or history.undo_label != f"Move vertex of zone {zone_id}":
        raise RuntimeError("the drag did not become one history step; the benchmark measured nothing")
    return samples


@benchmark("canvas_new_view", sizes=SIZES)
def canvas_new_view(ctx, visited: list | None = None, after_sample=None):
    """A view settling at a new place and scale (pan + zoom) until its picture is shown (job on a worker).

    ``visited`` (qgis_render_compare.py) receives the map extent of the full view, then of each new
    view; ``after_sample(n)`` is called, untimed, after the n-th sample (to interleave another renderer's).
    """
    app, canvas, *_ = _canvas(ctx.project())
    fitted = canvas.viewport
    if visited is not None:
        visited.append(list(fitted.map_extent()))
    centre = (SIZE[0] / 2.0, SIZE[1] / 2.0)
    views = []
    for k in range(ctx.repeat + 1):
        factor = 1.2 + 0.4 * ((k * 7) % 11) / 10.0  # 1.2-1.6, a different scale each time
        zoom = factor if k % 2 else 1.0 / factor
        view = fitted.zoomed_about(zoom, *centre).panned_by(SIZE[0] / 7.0 * (1 if k % 3 else -1),
                                                            SIZE[1] / 7.0 * (1 if k % 4 < 2 else -1))
        views.append(view)
        if visited is not None:
            visited.append(list(view.map_extent()))
    samples = []
    for n, view in enumerate(views):
        canvas.set_viewport(view, settle=True)  # a wheel/drag step: the cached picture is moved
        canvas.repaint()
        canvas._settle_timer.stop()
        start = time.perf_counter()
        canvas._settle()  # the view is still: the job starts
        canvas.repaint()
        if not canvas.wait_rendered():
            raise RuntimeError("the new view was never rendered")
        canvas.repaint()
        if n:  # the first one warms up the worker and the label caches
            samples.append((time.perf_counter() - start) * 1000.0)
            if after_sample is not None:
                after_sample(n)
    canvas.close()
    return samples


@benchmark("canvas_first_frame", sizes=SIZES)
def canvas_first_frame(ctx, after_sample=None):
    """Project in memory -> first complete picture of the whole extent on a new canvas (job on a worker).

    ``after_sample(n)`` is called, untimed, after the n-th sample (n >= 1; 0 is the warm-up).
    """
    from parkplanner.ui.app import create_application
    from parkplanner.ui.canvas.map_canvas import MapCanvas

    app = create_application()  # as the window makes it: its switch interval too
    project = ctx.project()

    def first_frame() -> None:
        canvas = MapCanvas()
        canvas.resize(*SIZE)
        canvas.show()
        app.processEvents()
        start = time.perf_counter()
        canvas.set_project(project)
        canvas.repaint()  # the first paint shows the background and starts the job
        if not canvas.wait_rendered():
            raise RuntimeError("the first frame was never rendered")
        canvas.repaint()
        samples.append((time.perf_counter() - start) * 1000.0)
        canvas.close()
        canvas.deleteLater()
        app.processEvents()

    samples: list[float] = []
    for n in range(ctx.repeat + 1):
        first_frame()
        if n and after_sample is not None:
            after_sample(n)
    return samples[1:]  # the first one warms up imports, fonts and the worker


@benchmark("canvas_phase_titles", sizes=(2_000,))
def canvas_phase_titles(ctx):
    """Phase titles placed afresh at each of eight zoom steps (1x to 16x) over the sample project."""

    from parkplanner.core.io.project_file import load_project
    from parkplanner.core.resources import sample_project_path
    from parkplanner.ui.app import create_application
    from parkplanner.ui.canvas.reference_layers import OutlinePainter
    from parkplanner.ui.canvas.viewport import Viewport

    create_application()  # as the window makes it: its switch interval too
    project = load_project(sample_project_path())
    bounds = project.boundary.bounds
    outlines = OutlinePainter(project, bounds[:2])
    fitted = Viewport(*SIZE, origin_x=bounds[0], origin_y=bounds[1]).fitted_to(bounds)
    transforms = [Viewport(*SIZE, fitted.center_x, fitted.center_y, fitted.pixel_size / 2 ** (k / 2),
                           bounds[0], bounds[1]).local_transform() for k in range(8)]

    def place_all() -> None:
        for transform in transforms:
            outlines.phase_labels(transform)  # each a new scale: placed, not reused

    return time_samples(place_all, repeat=ctx.repeat)


@benchmark("canvas_first_visit", sizes=(2_000, 20_000))
def canvas_first_visit(ctx):
    """First switch to a scenario -> the map shows it (patched around the recoloured zones)."""
    import sys

    from bench_scenario_switch import _variants

    from parkplanner.core.editing.project_commands import switch_scenario
    from parkplanner.ui.canvas.patch_process import shared_patch_helper

    project = ctx.project()
    targets = _variants(project, 4)
    app, canvas, history, *_ = _canvas(project)
    # A window's first first visit starts the patch helper: later ones find it ready.
    helper = shared_patch_helper()
    helper.start()
    helper.wait_ready(30.0)
    samples = []
    for target in targets:
        start = time.perf_counter()
        history.push(switch_scenario(project, target))
        canvas.flush_changes()
        taken = (time.perf_counter() - start) * 1000.0
        canvas.repaint()
        if canvas.rendering and not canvas.wait_rendered():
            raise RuntimeError("the scenario's picture was never shown")
        canvas.repaint()
        samples.append((time.perf_counter() - start) * 1000.0)
        print(f"canvas_first_visit {ctx.zones} zones: GUI thread {taken:.0f} ms, shown {samples[-1]:.0f} ms",
              file=sys.stderr)
    canvas.close()
    return samples

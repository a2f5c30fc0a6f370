"""The validation dock while the planner edits: what its re-check costs the GUI thread.

``topology_check`` (bench_editing.py) times the check itself. Here one zone is moved and the dock's
check is started as its delay timer would start it; timed is the GUI thread only:

* ``validation_gui_stall``: the longest time the event loop could not turn (between two passes of
  ``processEvents``) from the start of the check until its list is shown. Up to BACKGROUND_ZONES
  zones this is the whole check (it runs on the GUI thread); above, the snapshot, the worker's
  exchange with the helper process that checks (``core/geometry/topology_process.py``: the
  geometries the edit changed sent as WKB, the problems read back), and showing the new list.
  The helper's first check, which is sent every zone, is the warm-up run and not a sample.
* ``validation_refresh``: from the start of the check until the list shows the edit (wall time,
  with the worker and the helper; without the dock's delay of CHECK_DELAY_MS after the last change).
"""
from __future__ import annotations

from _harness import benchmark

#: Edits per size (each a re-check), so the median is stable.
MIN_EDITS = 5


def _panel(project):

    from parkplanner.core.editing import History
    from parkplanner.interaction.selection import Selection
    from parkplanner.ui.app import create_application
    from parkplanner.ui.panels.validation_panel import ValidationPanel
    from parkplanner.ui.qt_history import QtHistory

    app = create_application()  # as the window makes it: its switch interval too
    history = History(project)
    bridge = QtHistory(history)
    panel = ValidationPanel(bridge, Selection(project, history))
    panel.check_now()  # the list as the dock shows it before the planner edits
    return app, history, bridge, panel


def _edit_and_check(app, history, panel, zone, step: int) -> tuple[float, float]:
    """Move ``zone`` a little, run the dock's check; (longest GUI stall, refresh time) in ms."""
    import time

    from shapely import affinity

    from parkplanner.core.editing.zone_commands import reshape_zone

    history.push(reshape_zone(history.project, zone.id, affinity.translate(zone.geometry, 0.1 * (step % 2), 0.0)))
    panel._timer.stop()  # start at once what the delay timer would start
    start = time.perf_counter()
    panel._start_check()  # a small project is checked right here, on the GUI thread
    last = time.perf_counter()
    longest = last - start
    while panel.busy or panel.stale:
        app.processEvents()
        now = time.perf_counter()
        longest = max(longest, now - last)
        last = now
        time.sleep(0.001)  # an idle event loop: the planner is typing, not flooding it
    return longest * 1000.0, (time.perf_counter() - start) * 1000.0


def _samples(ctx, which: int) -> list[float]:
    project = ctx.project()
    app, history, bridge, panel = _panel(project)
    zones = project.active_scenario.zones
    ids = list(zones)
    zone = zones[ids[len(ids) // 2]]
    runs = [_edit_and_check(app, history, panel, zone, n) for n in range(1 + max(MIN_EDITS, ctx.repeat))]
    panel.close_panel()
    return [run[which] for run in runs[1:]]  # the first run warms up imports and caches


@benchmark("validation_gui_stall", sizes=(2_000, 20_000, 100_000))
def validation_gui_stall(ctx):
    """Longest GUI-thread stall while the validation dock re-checks after an edit."""
    return _samples(ctx, 0)


@benchmark("validation_refresh", sizes=(2_000, 20_000, 100_000))
def validation_refresh(ctx):
    """Edit to updated validation list, without the coalescing delay (helper process above 5,000 zones)."""
    return _samples(ctx, 1)


@benchmark("problem_overlay_rebuild", sizes=(2_000, 20_000, 100_000))
def problem_overlay_rebuild(ctx):
    """The validation overlay's outlines made again after an edit, in bulk (a street-network gap
    with a hole per block of the synthetic plan), as the application makes them: the topology
    helper process cuts the re-check's outlines into chunks and signs them (untimed here: another
    process), and ``ChunkedAreas`` makes the paths of the chunks it has not drawn before, keeping
    the others. Not included: the edit (one zone moved 2 m, untimed) and the check (made untimed).
    On stderr, for scale: the same outlines cut here instead (what a check made in this process,
    below BACKGROUND_ZONES, costs), the build from scratch, and one frame of the overlay drawn at
    the whole plan's extent (1600x1000).
    """
    import sys
    import time

    from PySide6.QtGui import QBrush, QColor, QImage
    from shapely import affinity

    from parkplanner.core.geometry.rings import ring_chunks
    from parkplanner.core.geometry.topology import check_topology
    from parkplanner.ui.app import create_application
    from parkplanner.ui.canvas.chunked_areas import CHUNK_ELEMENTS, ChunkedAreas, ChunkedFrame
    from parkplanner.ui.canvas.styles import cosmetic_pen
    from parkplanner.ui.canvas.viewport import Viewport

    create_application()  # as the window makes it: its switch interval too
    project = ctx.project()
    zones = project.active_scenario.zones
    bounds = project.boundary.bounds
    origin = (bounds[0], bounds[1])
    shown = ChunkedAreas.of([p.geometry for p in check_topology(zones, project.boundary)], origin)
    ids = list(zones)
    samples, cut_here, scratch = [], [], []
    for n in range(ctx.repeat + 1):
        zone = zones[ids[(n * 7919) % len(ids)]]
        zones[zone.id] = zone.with_changes(geometry=affinity.translate(zone.geometry, 2.0, 0.0))
        every = [p.geometry for p in check_topology(zones, project.boundary)]
        runs = ring_chunks(every, CHUNK_ELEMENTS)  # the helper's part
        signatures = runs.signatures()
        start = time.perf_counter()
        built = ChunkedAreas(runs, origin, shown, signatures)
        samples.append((time.perf_counter() - start) * 1000.0)
        start = time.perf_counter()
        ChunkedAreas.of(every, origin, shown)
        cut_here.append((time.perf_counter() - start) * 1000.0)
        start = time.perf_counter()
        ChunkedAreas.of(every, origin)
        scratch.append((time.perf_counter() - start) * 1000.0)
        shown = built
    view = Viewport(1600, 1000).fitted_to(bounds, margin=0.0).with_origin(*origin)
    image = QImage(1600, 1000, QImage.Format.Format_ARGB32_Premultiplied)
    start = time.perf_counter()
    ink = (cosmetic_pen(QColor(20, 20, 20), 1.0),)
    ChunkedFrame(view, [(shown, QBrush(QColor(20, 20, 20, 190)), ink, False)]).draw(image)
    frame = (time.perf_counter() - start) * 1000.0
    print(f"problem_overlay_rebuild {ctx.zones} zones: cut here {sorted(cut_here)[len(cut_here) // 2]:.1f} ms, "
          f"from scratch {sorted(scratch)[len(scratch) // 2]:.1f} ms, "
          f"a frame {frame:.1f} ms", file=sys.stderr)
    return samples[1:]

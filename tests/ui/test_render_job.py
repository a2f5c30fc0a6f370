"""Render jobs: a picture drawn on a worker is the synchronous picture, and a cancelled job never paints."""
from __future__ import annotations

import pytest
from shapely import affinity

from parkplanner.core.editing import History
from parkplanner.core.editing.zone_commands import reshape_zone, set_zone_attributes
from parkplanner.core.synthetic import synthetic_project
from parkplanner.ui.canvas import styles
from parkplanner.ui.canvas.map_canvas import MapCanvas
from parkplanner.ui.canvas.map_renderer import MapRenderer
from parkplanner.ui.canvas.render_job import RenderJob


@pytest.fixture
def project():
    return synthetic_project(1500, seed=4, scenarios=2)


@pytest.fixture
def canvas(qtbot, project):
    widget = MapCanvas()
    qtbot.addWidget(widget)
    widget.resize(640, 420)
    widget.set_project(project)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _sync_picture(project, canvas) -> "QImage":  # noqa: F821
    """The same view drawn by a fresh renderer, synchronously, on the GUI thread."""
    renderer = MapRenderer()
    renderer.set_project(project)
    return renderer.render_image(canvas.viewport, canvas._cache.devicePixelRatio())


def _zoomed_in(canvas) -> None:
    """A view where zones are large enough to carry labels (so the job places labels too)."""
    extent = canvas.renderer.extent()
    cx, cy = (extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2
    span = (extent[2] - extent[0]) / 30
    canvas.set_viewport(canvas.viewport.fitted_to((cx - span, cy - span, cx + span, cy + span)))


def test_the_job_picture_equals_a_synchronous_render(canvas, project):
    canvas.grab()  # the first paint starts the job; the widget shows the background meanwhile
    assert canvas.rendering
    assert canvas.wait_rendered()
    assert canvas._cache == _sync_picture(project, canvas)
    _zoomed_in(canvas)
    assert canvas.wait_rendered()
    assert canvas.renderer.labels.place(canvas.renderer.zones, canvas.viewport), "the view shows no labels"
    assert canvas._cache == _sync_picture(project, canvas)


def test_edits_made_while_the_job_draws_are_in_its_picture(canvas, project):
    history = History(project)
    history.changed.connect(canvas.on_changes)
    _zoomed_in(canvas)
    canvas.grab()
    assert canvas.rendering
    # The job cannot deliver before the event loop runs again, so these edits land mid-job.
    ids = list(canvas.renderer.zones.zones_in(canvas.viewport.map_extent()))[:6]
    for n, zone_id in enumerate(ids):
        zone = project.active_scenario.zones[int(zone_id)]
        if n % 2:
            history.push(set_zone_attributes(project, [zone.id], {"code": _other_code(project, zone)}))
        else:
            history.push(reshape_zone(project, zone.id, affinity.translate(zone.geometry, 15.0, -10.0)))
        canvas.flush_changes()
    assert canvas.wait_rendered()
    assert canvas._cache == _sync_picture(project, canvas)


def test_a_newer_view_cancels_the_older_job_and_its_picture_never_shows(canvas, project):
    canvas.grab()
    first = canvas._job
    delivered = []
    first.finished.connect(lambda job: delivered.append(job))
    canvas.pan_by(120, 40)
    canvas._settle_timer.stop()
    canvas._settle()  # the view settled at once
    canvas.grab()
    assert first.cancelled and canvas._job is not first
    assert canvas.wait_rendered()
    assert first.wait_drawn(10)
    assert delivered == []
    assert canvas._cache is not first.image and canvas._cache_view == canvas.viewport
    assert canvas._cache == _sync_picture(project, canvas)


def test_a_job_cancelled_after_drawing_but_before_delivery_does_not_report(qtbot, project):
    renderer = MapRenderer()
    renderer.set_project(project)
    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(400, 300)
    canvas.set_project(project)
    canvas.zoom_to_extent()
    view = canvas.viewport
    image = renderer.render_image(view)  # any image of the right size
    image.fill(styles.BACKGROUND)
    job = RenderJob(renderer.plan(view, image), image)
    delivered = []
    job.finished.connect(delivered.append)
    job.start()
    assert job.wait_drawn(30)  # the worker is done; its report is queued for the GUI thread
    job.cancel()
    qtbot.wait(50)
    assert delivered == [] and not job.running
    # The same plan not cancelled reports, with the synchronous picture.
    other = renderer.render_image(view)
    other.fill(styles.BACKGROUND)
    job = RenderJob(renderer.plan(view, other), other)
    job.finished.connect(delivered.append)
    job.start()
    qtbot.waitUntil(lambda: bool(delivered), timeout=30_000)
    assert delivered == [job] and other == renderer.render_image(view)


def _other_code(project, zone) -> str:
    mine = styles.zone_fill_hex(project.scheme, zone.code)
    codes = sorted({z.code for z in project.active_scenario})
    return next(c for c in codes if styles.zone_fill_hex(project.scheme, c) != mine)


def test_a_frame_finishing_after_qt_let_its_report_go_ends_quietly(qtbot):
    """The application closing while a frame draws deletes Qt's side of the job's report: the
    worker finishes without raising (it used to print a traceback on the way out)."""
    import shiboken6

    project = synthetic_project(60, seed=2)
    renderer = MapRenderer()
    renderer.set_project(project)
    from parkplanner.ui.canvas.viewport import Viewport

    view = Viewport(200, 150).fitted_to(renderer.extent()).with_origin(*renderer.origin)
    image = renderer.render_image(view)
    job = RenderJob(renderer.plan(view, image), image)
    shiboken6.delete(job._signals)
    job._run()  # as the worker runs it: no exception
    assert job.wait_drawn(1)

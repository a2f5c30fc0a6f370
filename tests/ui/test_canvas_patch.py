"""Patched pictures: a first visit to a scenario redraws only the pieces around the zones drawn
differently, and the picture it leaves is the picture a fresh canvas draws of that scenario,
whether the job draws the patch or the patch helper process does (``patch_process``)."""
from __future__ import annotations

import dataclasses
import time
import numpy as np
import pytest
from shapely import affinity

from parkplanner.core.editing import History
from parkplanner.core.editing.project_commands import switch_scenario
from parkplanner.core.synthetic import synthetic_project
from parkplanner.ui.canvas import styles
from parkplanner.ui.canvas.map_canvas import MapCanvas
from parkplanner.ui.canvas.labels import MIN_ZONE_PX
from parkplanner.ui.canvas.map_bounds import DrawnBoxes
from parkplanner.ui.canvas.repaint_patch import MARGIN_PX, Patch
from parkplanner.ui.canvas.zone_draws import OutlinePens
from parkplanner.ui.canvas.viewport import Viewport

SIZE = (800, 600)


def _canvas(qtbot, project) -> MapCanvas:
    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(*SIZE)
    canvas.set_project(project)
    canvas.show()
    qtbot.waitExposed(canvas)
    return canvas


def _fresh_picture(qtbot, project, viewport: Viewport):
    """The active scenario drawn from scratch by a canvas that never showed another."""
    fresh = _canvas(qtbot, project)
    fresh.set_viewport(viewport)
    fresh.render_now()
    assert fresh.viewport == viewport
    return fresh._cache


def _variant(project, rng, recolour: list[int], rename: list[int], move: list[int], name: str = "variant") -> str:
    """A copy of the active scenario with new FARs for one zone in ten, and the given zones
    recoloured (another land use of another colour), renamed and moved; its id."""
    base = project.active_scenario
    variant = base.copy(name, name.title())
    codes = sorted({z.code for z in base})
    for zone_id in [i for i in base.zones if rng.uniform() < 0.1]:
        zone = variant.zones[zone_id]
        variant.zones[zone_id] = zone.with_changes(far=zone.far + 0.5)
    for zone_id in recolour:
        zone = variant.zones[zone_id]
        colour = styles.zone_fill_hex(project.scheme, zone.code)
        other = [c for c in codes if styles.zone_fill_hex(project.scheme, c) != colour]
        variant.zones[zone_id] = zone.with_changes(code=other[int(rng.integers(len(other)))])
    for zone_id in rename:
        variant.zones[zone_id] = variant.zones[zone_id].with_changes(name=f"Renamed {zone_id}")
    for zone_id in move:
        zone = variant.zones[zone_id]
        variant.zones[zone_id] = zone.with_changes(geometry=affinity.translate(zone.geometry, 9.0, -6.0))
    project.scenarios.append(variant)
    return variant.id


def _first_visit(qtbot, canvas, history, target) -> int:
    """Switch to ``target``; the canvas must patch its picture (a job drawing pieces, planned in
    the turn after the switch's) and show it. Returns the number of pieces."""
    asked = []  # the clip of each job started
    request = canvas._request_render

    def recorded(clip=None):
        before = canvas._job
        request(clip)
        if canvas._job is not before:
            asked.append(clip)

    canvas._request_render = recorded
    history.push(switch_scenario(history.project, target))
    canvas.flush_changes()
    assert canvas._job is None and canvas._patch_due is not None  # the plan takes a turn of its own
    assert canvas.wait_rendered()
    del canvas._request_render
    assert asked and all(clip is not None for clip in asked), "the first visit drew a whole new picture"
    return len(asked[-1].pieces)


def _inner(zone_ids, layer, extent, margin: float) -> list[int]:
    """Of ``zone_ids``, those lying inside ``extent`` shrunk by ``margin`` (their patch stays in view)."""
    x0, y0, x1, y1 = extent
    return [i for i in zone_ids if (lambda b: b[0] > x0 + margin and b[1] > y0 + margin
                                    and b[2] < x1 - margin and b[3] < y1 - margin)(layer.zone_bounds(i))]


def test_a_first_visit_patches_scattered_zones_into_the_picture_of_a_fresh_canvas(qtbot):
    project = synthetic_project(3000, seed=2, scenarios=1)
    history = History(project)
    canvas = _canvas(qtbot, project)
    history.changed.connect(canvas.on_changes)
    canvas.zoom_to_extent()
    canvas.render_now()
    rng = np.random.default_rng(7)
    layer = canvas.renderer.zones
    inner = _inner(list(project.active_scenario.zones), layer, layer.extent(), 300.0)
    picked = rng.choice(inner, size=60, replace=False).tolist()  # one zone in fifty, all over the map
    target = _variant(project, rng, recolour=picked[:40], rename=picked[40:50], move=picked[50:])
    assert _first_visit(qtbot, canvas, history, target) > 20  # far apart: each zone is patched on its own
    assert canvas._cache == _fresh_picture(qtbot, project, canvas.viewport)


def _centred_canvas(qtbot, share: float):
    """A canvas of the 3,000-zone park (with its history) showing the square around its centre
    ``share`` of its width to each side, and the zones well inside that view."""
    project = synthetic_project(3000, seed=2, scenarios=1)
    history = History(project)
    canvas = _canvas(qtbot, project)
    history.changed.connect(canvas.on_changes)
    extent = canvas.renderer.extent()
    cx, cy = (extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2
    span = (extent[2] - extent[0]) * share
    canvas.set_viewport(canvas.viewport.fitted_to((cx - span, cy - span, cx + span, cy + span)))
    canvas.render_now()
    layer, view = canvas.renderer.zones, canvas.viewport
    inner = _inner(layer.zones_in(view.map_extent()).tolist(), layer, view.map_extent(), 2 * view.pixel_size)
    return project, history, canvas, inner


@pytest.mark.parametrize("share, seed", [(1.0, 0), (1 / 3, 2), (1 / 3, 3), (1 / 6, 0)])
def test_recoloured_zones_are_patched_without_a_margin_into_the_picture_of_a_fresh_canvas(qtbot, share, seed):
    """Zones recoloured in their own shape get pieces of their own pixels (no label, a crisp
    outline before and after), or a margin; the views range from crisp outlines (the whole park)
    to smooth ones, and at a third of the park the outlines of groups of 11-12 px zones are crisp
    in one colour and smooth in another."""
    project, history, canvas, inner = _centred_canvas(qtbot, share)
    rng = np.random.default_rng(11 + seed)
    picked = rng.choice(inner, size=12, replace=False).tolist()
    target = _variant(project, rng, recolour=picked[:6], rename=[], move=[])
    _first_visit(qtbot, canvas, history, target)
    assert canvas._cache == _fresh_picture(qtbot, project, canvas.viewport)


def test_a_first_visit_patches_labels_and_smooth_outlines_of_a_close_view(qtbot):
    project, history, canvas, inner = _centred_canvas(qtbot, 1 / 12)
    renderer = canvas.renderer
    assert renderer.labels.place(renderer.zones, canvas.viewport), "the view shows no labels"
    assert len(inner) > 30
    rng = np.random.default_rng(11)
    picked = rng.choice(inner, size=12, replace=False).tolist()
    target = _variant(project, rng, recolour=picked[:6], rename=picked[6:10], move=picked[10:])
    _first_visit(qtbot, canvas, history, target)
    assert canvas._cache == _fresh_picture(qtbot, project, canvas.viewport)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_patch_pieces_cover_every_box_and_never_overlap(seed):
    rng = np.random.default_rng(seed)
    view = Viewport(400, 300, center_x=1000.0, center_y=2000.0, pixel_size=2.0)
    corners = rng.uniform([500, 1600], [1500, 2400], size=(80, 2))
    sizes = rng.uniform(1.0, 60.0, size=(80, 2))
    boxes = [(x, y, x + w, y + h) for (x, y), (w, h) in zip(corners.tolist(), sizes.tolist())]
    patch = Patch.around(DrawnBoxes(boxes), view, labels=True)
    covered = np.zeros((view.height, view.width), dtype=np.int64)
    for x0, y0, x1, y1 in patch.pieces.tolist():
        covered[y0:y1, x0:x1] += 1
    assert covered.max() == 1  # no pixel in two pieces
    for x0, y0, x1, y1 in boxes:  # each box's pixels and the margin around them are in a piece
        left = max(0, int(np.floor((x0 - view.center_x) / view.pixel_size + view.width / 2)) - MARGIN_PX)
        right = min(view.width, int(np.ceil((x1 - view.center_x) / view.pixel_size + view.width / 2)) + MARGIN_PX)
        top = max(0, int(np.floor((view.center_y - y1) / view.pixel_size + view.height / 2)) - MARGIN_PX)
        bottom = min(view.height, int(np.ceil((view.center_y - y0) / view.pixel_size + view.height / 2)) + MARGIN_PX)
        if right > left and bottom > top:
            assert covered[top:bottom, left:right].all()
    assert 0 < patch.share <= 1 and patch.share == covered.sum() / (view.width * view.height)
    assert Patch.around(DrawnBoxes([(0.0, 0.0, 10.0, 10.0)]), view, labels=True) is None  # out of view: nothing to patch


def test_a_row_of_overlapping_boxes_is_one_piece():
    """A street of recoloured parcels: each box overlaps the next, so they chain into one piece
    spanning the row (the union's bounding rectangle, margins included)."""
    view = Viewport(400, 300, center_x=200.0, center_y=150.0, pixel_size=1.0)
    row = [(20.0 + 10 * k, 140.0, 32.0 + 10 * k, 150.0) for k in range(30)]  # 12 m wide, every 10 m
    apart = (300.0, 40.0, 310.0, 50.0)
    patch = Patch.around(DrawnBoxes(row + [apart]), view, labels=True)
    # Screen y grows down: map y 150 is pixel row 150, map y 140 row 160.
    assert sorted(patch.pieces.tolist()) == [[20 - MARGIN_PX, 150 - MARGIN_PX, 322 + MARGIN_PX, 160 + MARGIN_PX],
                                             [300 - MARGIN_PX, 250 - MARGIN_PX, 310 + MARGIN_PX, 260 + MARGIN_PX]]


def _cover(box, view: Viewport) -> list[int]:
    """The whole pixels covering a map box: [x0, y0, x1, y1]."""
    x0, y0, x1, y1 = box
    return [int(np.floor((x0 - view.center_x) / view.pixel_size + view.width / 2)),
            int(np.floor((view.center_y - y1) / view.pixel_size + view.height / 2)),
            int(np.ceil((x1 - view.center_x) / view.pixel_size + view.width / 2)),
            int(np.ceil((view.center_y - y0) / view.pixel_size + view.height / 2))]


def test_a_restyled_zone_gets_a_margin_only_where_its_label_or_outline_may_change():
    view = Viewport(400, 300, center_x=200.0, center_y=150.0, pixel_size=0.5)
    pens = OutlinePens(view.pixel_size)
    small = (200.2, 150.2, 210.7, 158.3)  # 21 x 17 px: no label
    large = (240.2, 120.2, 240.2 + MIN_ZONE_PX * view.pixel_size, 130.3)  # just wide enough for one
    smooth, crisp, tiny = 20.0 * view.pixel_size, 8.0 * view.pixel_size, 2.0 * view.pixel_size  # typical spans
    assert pens.look(smooth) is True and pens.look(crisp) is False and pens.look(tiny) is None

    def piece(box, spans, labels: bool, reshaped: bool = False) -> list[int]:
        boxes = DrawnBoxes([box]) if reshaped else DrawnBoxes(restyled=[box], spans=[spans])
        return Patch.around(boxes, view, labels).pieces.tolist()

    def grown(box, by: int) -> list[list[int]]:
        x0, y0, x1, y1 = _cover(box, view)
        return [[x0 - by, y0 - by, x1 + by, y1 + by]]

    assert piece(small, (crisp, 1.1 * crisp), labels=True) == grown(small, 0)  # crisp before and after
    assert piece(small, (tiny, tiny), labels=True) == grown(small, 0)  # never outlined
    assert piece(small, (smooth, smooth), labels=True) == grown(small, MARGIN_PX)  # blends in another order
    assert piece(small, (crisp, smooth), labels=True) == grown(small, MARGIN_PX)  # crisp before, smooth now
    assert piece(small, (crisp, tiny), labels=True) == grown(small, MARGIN_PX)
    assert piece(small, (None, crisp), labels=True) == grown(small, MARGIN_PX)  # not known: as if it changed
    assert piece(large, (crisp, crisp), labels=True) == grown(large, MARGIN_PX)  # its label may have changed
    assert piece(large, (crisp, crisp), labels=False) == grown(large, 0)
    assert piece(small, (crisp, crisp), labels=True, reshaped=True) == grown(small, MARGIN_PX)


@pytest.mark.parametrize("gap", [0.3, 2.3])
def test_smooth_outlines_next_to_a_recoloured_zone_are_redrawn_in_its_piece(qtbot, gap):
    """Zone 1 is recoloured (20 px, smooth outlines: its piece is pixels 98-122). With a gap of
    0.3 px its outline and zone 2's meet in column 120, now blended in another order (zone 1 is
    drawn with another colour's group): the margin must cover them. With 2.3 px zone 2 starts just
    beyond the piece, so only its antialiased outline (0.4 px each side of the line) colours the
    piece's last column: the patch must draw it too (``REACH_PX``)."""
    from shapely.geometry import box

    from parkplanner.core.model.project import Project
    from parkplanner.core.model.scenario import Scenario
    from parkplanner.core.model.zone import Zone

    zones = {1: Zone(1, box(100, 100, 120, 120), "1001"), 2: Zone(2, box(120 + gap, 100, 140 + gap, 120), "1001"),
             3: Zone(3, box(100, 120 + gap, 120, 140 + gap), "1001"), 4: Zone(4, box(60, 60, 80, 80), "070102")}
    project = Project(scenarios=[Scenario("base", "Base plan", zones)])
    history = History(project)
    canvas = _canvas(qtbot, project)
    history.changed.connect(canvas.on_changes)
    view = dataclasses.replace(canvas.viewport, center_x=400.0, center_y=300.0, pixel_size=1.0)  # map x is pixel x
    canvas.set_viewport(view)
    canvas.render_now()
    assert canvas.viewport == view
    variant = project.active_scenario.copy("variant", "Variant")
    variant.zones[1] = variant.zones[1].with_changes(code="070102")
    project.scenarios.append(variant)
    assert _first_visit(qtbot, canvas, history, variant.id) == 1
    assert canvas._cache == _fresh_picture(qtbot, project, canvas.viewport)


# -- patches drawn in the helper process (patch_process.py) ------------------------------------------
def _used_by_jobs(helper, monkeypatch):
    """``helper`` (a PatchProcess) started, ready, and the one render jobs use, as beside a first
    visit's metrics engine (another busy worker)."""
    from parkplanner.ui.canvas import patch_process, render_job

    helper.start()
    assert helper.wait_ready(60), "the patch helper did not start"
    monkeypatch.setattr(render_job, "shared_patch_helper", lambda: helper)
    monkeypatch.setattr(patch_process, "workers_busy", lambda: 2)
    return helper


def _five_recoloured(qtbot, seed: int):
    """A first visit to a variant recolouring five zones of the whole-park view: the project and canvas."""
    project, history, canvas, inner = _centred_canvas(qtbot, 1.0)
    target = _variant(project, np.random.default_rng(seed), recolour=inner[:5], rename=[], move=[])
    _first_visit(qtbot, canvas, history, target)
    return project, canvas


@pytest.fixture
def patch_helper(monkeypatch):
    """A patch helper of the test's own, ready, that render jobs use."""
    from parkplanner.ui.canvas.patch_process import PatchProcess

    process = _used_by_jobs(PatchProcess(), monkeypatch)
    yield process
    process.close()


@pytest.mark.parametrize("share, seed", [(1.0, 0), (1 / 3, 2), (1 / 6, 0)])
def test_the_helper_process_patches_the_picture_of_a_fresh_canvas(qtbot, patch_helper, share, seed):
    """The same first visits as above, drawn by the helper: the very pixels of a full frame drawn
    here. Two visits in a row: the second patch is drawn in the images the first one left."""
    project, history, canvas, inner = _centred_canvas(qtbot, share)
    rng = np.random.default_rng(11 + seed)
    picked = rng.choice(inner, size=24, replace=False).tolist()
    first = _variant(project, rng, recolour=picked[:6], rename=[], move=picked[6:8])
    second = _variant(project, rng, recolour=picked[12:18], rename=[], move=[], name="second")
    for visits, target in enumerate((first, second), start=1):
        _first_visit(qtbot, canvas, history, target)
        assert patch_helper.drawn == visits and patch_helper.fallbacks == 0
        assert canvas._cache == _fresh_picture(qtbot, project, canvas.viewport)


def test_a_patch_job_alone_on_the_workers_draws_the_patch_itself(qtbot, patch_helper, monkeypatch):
    """No other worker wants the interpreter lock (no metrics engine beside it): the job's own
    drawing is sooner than the helper's, with no transfer."""
    from parkplanner.ui.canvas import patch_process

    monkeypatch.setattr(patch_process, "workers_busy", lambda: 1)  # the job's own worker
    project, canvas = _five_recoloured(qtbot, 7)
    assert patch_helper.drawn == 0 and patch_helper.fallbacks == 0
    assert canvas._cache == _fresh_picture(qtbot, project, canvas.viewport)


def test_the_first_patch_the_helper_would_draw_starts_it(qtbot, monkeypatch):
    """A helper not started yet: a patch job alone on the workers leaves it so; the first patch
    beside a busy worker starts it and is drawn by the job meanwhile (exact as ever)."""
    from parkplanner.ui.canvas import patch_process, render_job
    from parkplanner.ui.canvas.patch_process import PatchProcess

    helper = PatchProcess()
    monkeypatch.setattr(render_job, "shared_patch_helper", lambda: helper)
    busy = [1]
    monkeypatch.setattr(patch_process, "workers_busy", lambda: busy[0])
    project, history, canvas, inner = _centred_canvas(qtbot, 1.0)
    rng = np.random.default_rng(13)
    _first_visit(qtbot, canvas, history, _variant(project, rng, recolour=inner[:5], rename=[], move=[]))
    assert helper.pid is None and not helper.ready
    busy[0] = 2
    _first_visit(qtbot, canvas, history, _variant(project, rng, recolour=inner[5:10], rename=[], move=[],
                                                  name="second"))
    assert helper.drawn == 0 and helper.wait_ready(60)
    assert canvas._cache == _fresh_picture(qtbot, project, canvas.viewport)
    helper.close()


def test_a_labelled_patch_is_drawn_by_the_job_itself(qtbot, patch_helper):
    project, history, canvas, inner = _centred_canvas(qtbot, 1 / 12)
    rng = np.random.default_rng(11)
    picked = rng.choice(inner, size=12, replace=False).tolist()
    target = _variant(project, rng, recolour=picked[:6], rename=picked[6:10], move=[])
    _first_visit(qtbot, canvas, history, target)
    assert patch_helper.drawn == 0 and patch_helper.fallbacks == 0  # labels are placed here
    assert canvas._cache == _fresh_picture(qtbot, project, canvas.viewport)


# A helper that greets, then answers a request with a frame of the wrong kind.
_WRONG_ANSWER = ("import sys; from parkplanner.core import helper_process as h; "
                 "h.write_frame(sys.stdout.buffer, {'kind': 'ready'}, []); "
                 "h.read_frame(sys.stdin.buffer); h.write_frame(sys.stdout.buffer, {'kind': 'problems'}, [b'x'])")


@pytest.mark.parametrize("script", [_WRONG_ANSWER, _WRONG_ANSWER.split("h.read_frame")[0] + "sys.exit(1)"])
def test_a_helper_that_fails_leaves_the_patch_to_the_job(qtbot, monkeypatch, script):
    """A wrong answer, or a helper gone before the request: the job draws the patch itself."""
    import sys

    from parkplanner.ui.canvas.patch_process import PatchProcess

    helper = _used_by_jobs(PatchProcess([sys.executable, "-c", script]), monkeypatch)
    project, canvas = _five_recoloured(qtbot, 3)
    assert helper.drawn == 0 and helper.fallbacks == 1 and not helper.ready
    assert canvas._cache == _fresh_picture(qtbot, project, canvas.viewport)
    helper.close()


def test_a_helper_that_never_starts_is_tried_a_few_times_only(monkeypatch):
    import sys

    from parkplanner.ui.canvas import patch_process
    from parkplanner.ui.canvas.patch_process import MAX_STARTS, PatchProcess

    started = []
    helper = PatchProcess([sys.executable, "-c", "import sys; sys.exit(3)"])
    popen = patch_process.HelperPipe.started

    def counted(pipe):
        started.append(pipe)
        return popen(pipe)

    monkeypatch.setattr(patch_process.HelperPipe, "started", counted)
    for _ in range(MAX_STARTS + 3):
        helper.start()
        deadline = time.monotonic() + 30.0
        while helper._starting and time.monotonic() < deadline:  # until the greeting's thread gives up
            time.sleep(0.01)
        assert not helper._starting and not helper.ready
    assert len(started) == MAX_STARTS


def test_the_frozen_application_serves_as_its_own_patch_helper(qtbot, monkeypatch):
    """What a PyInstaller build runs: its entry point, told so by the flag."""
    import sys
    from pathlib import Path

    from parkplanner.ui.canvas.patch_process import HELPER_FLAG, PatchProcess

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert PatchProcess()._pipe.command == [sys.executable, HELPER_FLAG]
    monkeypatch.undo()
    entry = Path(__file__).resolve().parents[2] / "packaging" / "entry_point.py"
    helper = _used_by_jobs(PatchProcess([sys.executable, str(entry), HELPER_FLAG]), monkeypatch)
    project, canvas = _five_recoloured(qtbot, 5)
    assert helper.drawn == 1 and helper.fallbacks == 0
    assert canvas._cache == _fresh_picture(qtbot, project, canvas.viewport)
    helper.close()


def test_a_cancelled_patch_drawn_by_the_helper_never_reaches_the_picture(qtbot, patch_helper):
    project, history, canvas, inner = _centred_canvas(qtbot, 1.0)
    target = _variant(project, np.random.default_rng(9), recolour=inner[:5], rename=[], move=[])
    history.push(switch_scenario(project, target))
    canvas.flush_changes()
    canvas._start_patch_job()  # the patch's turn, here and now
    job = canvas._job
    assert job is not None and job.plan.pieces is not None  # a patch, for the helper (unless cancelled first)
    finished = []
    job.finished.connect(finished.append)
    canvas._cancel_job()
    assert job.wait_drawn(30)
    qtbot.wait(50)  # the job's queued report, if it made one
    assert not finished and canvas._cache is not job.image
    assert canvas.wait_rendered()  # the picture of the scenario switched to comes from a new job
    assert canvas._cache == _fresh_picture(qtbot, project, canvas.viewport)


@pytest.mark.parametrize("ratio", [1.0, 1.5, 2.0])
def test_the_helper_draws_a_patch_as_the_job_would_at_any_pixel_ratio(qapp, patch_helper, ratio):
    """A patch drawn by the helper and by the job itself, over the same picture (a flat colour,
    so that a pixel left unpainted or painted outside the pieces shows): the same pixels. At a
    fractional ratio the pieces' edges cut device pixels, which keep the picture's own colour;
    the helper's images hold what an earlier patch of another view left there."""
    from PySide6.QtGui import QColor, QImage

    from parkplanner.ui.canvas.frame_plan import never_cancelled
    from parkplanner.ui.canvas.map_renderer import MapRenderer

    project = synthetic_project(3000, seed=2, scenarios=1)
    renderer = MapRenderer()
    renderer.set_project(project)
    renderer.show_labels = False
    extent = renderer.extent()
    boxes = [renderer.zones.zone_bounds(i) for i in list(project.active_scenario.zones)[::97]]
    for share in (0.5, 1.0):  # the first view's patch leaves its pixels in the helper's images
        x0, y0, x1, y1 = extent
        view = Viewport(400, 300).fitted_to((x0, y0, x0 + (x1 - x0) * share, y0 + (y1 - y0) * share))
        view = view.with_origin(*renderer.origin)
        renderer.render_image(view, ratio)  # the view's layer images, as its first frame makes them
        patch = Patch.around(DrawnBoxes(boxes), view, labels=False)
        pictures = []
        for by_helper in (False, True):
            picture = QImage(int(400 * ratio), int(300 * ratio), QImage.Format.Format_ARGB32_Premultiplied)
            picture.setDevicePixelRatio(ratio)
            picture.fill(QColor("#ff00ff"))
            plan = renderer.plan(view, picture, patch)
            if by_helper:
                assert patch_helper.draw(plan, picture, never_cancelled)
            else:
                assert plan.draw(picture)
            pictures.append(picture)
        assert pictures[0] == pictures[1]
    assert patch_helper.drawn == 2 and patch_helper.fallbacks == 0

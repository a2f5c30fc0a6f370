"""The map canvas: colours at known map points, partial repaints after edits, navigation."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor
from shapely.geometry import box

from parkplanner.core.editing.command import History
from parkplanner.core.editing.zone_commands import add_zones, reshape_zone, set_zone_attributes
from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone
from parkplanner.ui.canvas import styles
from parkplanner.ui.canvas.map_canvas import WHEEL_STEP, MapCanvas
from parkplanner.ui.canvas.map_renderer import MapRenderer
from parkplanner.ui.canvas.viewport import Viewport
from parkplanner.ui.qt_history import QtHistory

X0, Y0 = 500_000.0, 4_380_000.0
RESIDENTIAL, RESEARCH, PARK = "070102", "0802", "1401"


def colour_of(code: str) -> QColor:
    return QColor(default_catalogue().get("MNR-2023", code).rgb_hex)


def two_zone_project() -> Project:
    zones = {
        1: Zone(1, box(X0, Y0, X0 + 400, Y0 + 300), RESIDENTIAL, name="Homes"),
        2: Zone(2, box(X0 + 500, Y0, X0 + 900, Y0 + 300), RESEARCH, name="Labs"),
    }
    return Project(name="Two zones", scenarios=[Scenario("base", "Base", zones)])


def pixel_at(image, viewport: Viewport, x: float, y: float) -> QColor:
    p = viewport.map_to_screen(x, y)
    return image.pixelColor(int(p.x()), int(p.y()))


def same_rgb(a: QColor, b: QColor) -> bool:
    return (a.red(), a.green(), a.blue()) == (b.red(), b.green(), b.blue())


@pytest.fixture
def canvas(qtbot):
    widget = MapCanvas()
    qtbot.addWidget(widget)
    widget.resize(800, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def grab(canvas: MapCanvas):
    """The canvas as shown once its render job delivered the picture of the current view."""
    assert canvas.wait_rendered()
    return canvas.grab().toImage()


def test_renderer_fills_zones_with_catalogue_colours(qapp):
    """Each zone's interior shows its land-use colour; outside the zones is the background."""
    renderer = MapRenderer()
    renderer.set_project(two_zone_project())
    view = Viewport(600, 300).fitted_to(renderer.extent()).with_origin(*renderer.origin)
    image = renderer.render_image(view)
    assert same_rgb(pixel_at(image, view, X0 + 60, Y0 + 250), colour_of(RESIDENTIAL))
    assert same_rgb(pixel_at(image, view, X0 + 840, Y0 + 50), colour_of(RESEARCH))
    assert same_rgb(pixel_at(image, view, X0 + 450, Y0 + 150), styles.BACKGROUND)
    assert colour_of(RESIDENTIAL) != colour_of(RESEARCH)


def test_unknown_code_is_drawn_grey_not_dropped(qapp):
    project = Project(scenarios=[Scenario("base", "Base", {1: Zone(1, box(0, 0, 100, 100), "NOPE")})])
    renderer = MapRenderer()
    renderer.set_project(project)
    view = Viewport(200, 200).fitted_to(renderer.extent()).with_origin(*renderer.origin)
    image = renderer.render_image(view)
    assert same_rgb(pixel_at(image, view, 30, 30), QColor(styles.UNKNOWN_CODE_HEX))


def test_hole_in_a_zone_stays_open(qapp):
    """Polygon holes show the background (winding fill with oriented rings)."""
    outer = box(0, 0, 300, 300).difference(box(100, 100, 200, 200))
    project = Project(scenarios=[Scenario("base", "Base", {1: Zone(1, outer, PARK)})])
    renderer = MapRenderer()
    renderer.set_project(project)
    view = Viewport(300, 300).fitted_to(renderer.extent()).with_origin(*renderer.origin)
    image = renderer.render_image(view)
    assert same_rgb(pixel_at(image, view, 150, 150), styles.BACKGROUND)
    assert same_rgb(pixel_at(image, view, 50, 50), colour_of(PARK))


def test_canvas_shows_project_and_zooms_to_extent(canvas):
    canvas.set_project(two_zone_project())
    canvas.zoom_to_extent()
    minx, miny, maxx, maxy = canvas.viewport.map_extent()
    assert minx < X0 and maxx > X0 + 900 and miny < Y0 and maxy > Y0 + 300
    image = grab(canvas)
    assert same_rgb(pixel_at(image, canvas.viewport, X0 + 30, Y0 + 270), colour_of(RESIDENTIAL))


def test_edit_repaints_only_the_changed_zone(canvas, qtbot):
    project = two_zone_project()
    history = History(project)
    bridge = QtHistory(history)
    canvas.set_project(project)
    bridge.changed.connect(canvas.on_changes)
    grab(canvas)  # first full render
    history.push(set_zone_attributes(project, [1], {"code": PARK}))
    canvas.flush_changes()
    image = grab(canvas)
    assert same_rgb(pixel_at(image, canvas.viewport, X0 + 30, Y0 + 270), colour_of(PARK))
    assert same_rgb(pixel_at(image, canvas.viewport, X0 + 530, Y0 + 270), colour_of(RESEARCH))
    history.undo()
    qtbot.waitUntil(lambda: not canvas._pending)
    assert same_rgb(pixel_at(grab(canvas), canvas.viewport, X0 + 30, Y0 + 270), colour_of(RESIDENTIAL))


def test_reshape_and_add_update_the_picture(canvas):
    project = two_zone_project()
    history = History(project)
    canvas.set_project(project)
    history.changed.connect(canvas.on_changes)
    grab(canvas)
    history.push(reshape_zone(project, 2, box(X0 + 700, Y0, X0 + 900, Y0 + 300)))
    history.push(add_zones(project, [Zone(3, box(X0 + 420, Y0 + 100, X0 + 480, Y0 + 200), PARK)]))
    canvas.flush_changes()
    image = grab(canvas)
    view = canvas.viewport
    assert same_rgb(pixel_at(image, view, X0 + 600, Y0 + 150), styles.BACKGROUND)  # reshaped away
    assert same_rgb(pixel_at(image, view, X0 + 880, Y0 + 20), colour_of(RESEARCH))
    assert same_rgb(pixel_at(image, view, X0 + 428, Y0 + 108), colour_of(PARK))


def test_selection_is_hatched_and_keeps_the_zone_colour_visible(canvas):
    canvas.set_project(two_zone_project())
    canvas.set_selection({1})
    image = grab(canvas)
    corner = canvas.viewport.map_to_screen(X0 + 30, Y0 + 270)
    patch = [image.pixelColor(int(corner.x()) + dx, int(corner.y()) + dy) for dx in range(16) for dy in range(16)]
    own = sum(same_rgb(c, colour_of(RESIDENTIAL)) for c in patch)
    assert 0 < own < len(patch)  # hatch lines over the land-use colour, which still shows between them
    edge = pixel_at(image, canvas.viewport, X0 + 200, Y0 + 300)
    assert edge.blue() > edge.red()  # the blue selection outline on the zone's top edge


def test_wheel_zoom_keeps_the_point_under_the_cursor(canvas, qtbot):
    canvas.set_project(two_zone_project())
    at = QPointF(300, 200)
    before = canvas.viewport.screen_to_map(at.x(), at.y())
    size = canvas.viewport.pixel_size
    canvas.zoom_by(WHEEL_STEP, at)
    after = canvas.viewport.screen_to_map(at.x(), at.y())
    assert canvas.viewport.pixel_size == pytest.approx(size / WHEEL_STEP)
    assert after == pytest.approx(before)


def test_middle_drag_pans(canvas, qtbot):
    canvas.set_project(two_zone_project())
    start = canvas.viewport
    qtbot.mousePress(canvas, Qt.MouseButton.MiddleButton, pos=QPoint(400, 250))
    qtbot.mouseMove(canvas, QPoint(450, 230))
    qtbot.mouseRelease(canvas, Qt.MouseButton.MiddleButton, pos=QPoint(450, 230))
    moved = canvas.viewport
    assert moved.center_x == pytest.approx(start.center_x - 50 * start.pixel_size)
    assert moved.center_y == pytest.approx(start.center_y - 20 * start.pixel_size)
    qtbot.waitUntil(lambda: canvas._cache_view == canvas.viewport)  # settled: re-rendered


def test_hover_reports_the_zone_under_the_pointer(canvas, qtbot):
    canvas.set_project(two_zone_project())
    p = canvas.viewport.map_to_screen(X0 + 700, Y0 + 150)
    with qtbot.waitSignal(canvas.hoveredZoneChanged) as blocker:
        qtbot.mouseMove(canvas, p.toPoint())
    assert blocker.args == [2]


def test_large_zones_are_labelled_small_ones_are_not(qapp):
    renderer = MapRenderer()
    zones = {1: Zone(1, box(0, 0, 1000, 600), RESEARCH, name="Innovation campus"),
             2: Zone(2, box(1100, 0, 1103, 3), PARK, name="Tiny")}
    renderer.set_project(Project(scenarios=[Scenario("base", "Base", zones)]))
    view = Viewport(800, 500).fitted_to(renderer.extent()).with_origin(*renderer.origin)
    labels = renderer.labels.place(renderer.zones, view)
    assert [label.text for label in labels] == ["Innovation campus"]


def test_space_and_drag_pans(canvas, qtbot):
    canvas.set_project(two_zone_project())
    start = canvas.viewport
    canvas.setFocus()
    qtbot.keyPress(canvas, Qt.Key.Key_Space)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(300, 200))
    qtbot.mouseMove(canvas, QPoint(260, 200))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(260, 200))
    qtbot.keyRelease(canvas, Qt.Key.Key_Space)
    assert canvas.viewport.center_x == pytest.approx(start.center_x + 40 * start.pixel_size)
    assert canvas.viewport.center_y == pytest.approx(start.center_y)


def test_switching_scenario_redraws_the_other_zoning(canvas):
    from parkplanner.core.editing.project_commands import switch_scenario

    project = two_zone_project()
    other = Scenario("alt", "Alternative", {1: Zone(1, box(X0, Y0, X0 + 900, Y0 + 300), PARK)})
    project.scenarios.append(other)
    history = History(project)
    canvas.set_project(project)
    history.changed.connect(canvas.on_changes)
    grab(canvas)
    history.push(switch_scenario(project, "alt"))
    canvas.flush_changes()
    assert same_rgb(pixel_at(grab(canvas), canvas.viewport, X0 + 450, Y0 + 20), colour_of(PARK))


def test_partial_repaint_matches_a_full_render(qapp):
    """Many edits repainted rectangle by rectangle leave the same picture as one full render."""
    from parkplanner.core.synthetic import synthetic_project
    from shapely import affinity

    project = synthetic_project(400, seed=5)
    history = History(project)
    canvas = MapCanvas()
    canvas.resize(640, 480)
    canvas.set_project(project)
    canvas.zoom_to_extent()
    history.changed.connect(canvas.on_changes)
    canvas.render_now()
    ids = list(project.active_scenario.zones)
    for n, zone_id in enumerate(ids[::37]):
        zone = project.active_scenario.zones[zone_id]
        if n % 2:
            history.push(set_zone_attributes(project, [zone_id], {"code": PARK}))
        else:
            history.push(reshape_zone(project, zone_id, affinity.translate(zone.geometry, 20.0, -15.0)))
        canvas.flush_changes()
    patched = canvas._cache.copy()
    canvas.render_now()
    assert patched == canvas._cache


def test_flagged_zones_are_outlined(canvas):
    canvas.set_project(two_zone_project())
    edge = (X0 + 700, Y0 + 300)  # on zone 2's top edge
    before = pixel_at(grab(canvas), canvas.viewport, *edge)
    canvas.set_flagged({2})
    after = pixel_at(grab(canvas), canvas.viewport, *edge)
    assert after.red() > 200 and after.blue() < 120 and not same_rgb(before, after)


def test_arrow_keys_pan_an_eighth_of_the_view(canvas, qtbot):
    canvas.set_project(two_zone_project())
    start = canvas.viewport
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.viewport.center_x == pytest.approx(start.center_x + start.width / 8 * start.pixel_size)
    qtbot.keyClick(canvas, Qt.Key.Key_Up)
    assert canvas.viewport.center_y == pytest.approx(start.center_y + start.height / 8 * start.pixel_size)


def test_large_selection_follows_the_map_while_panning(canvas):
    """A big selection is drawn from its own cached image, moved with the map while panning."""
    from parkplanner.core.synthetic import synthetic_project
    from parkplanner.ui.canvas.zone_overlay import DIRECT_LIMIT

    project = synthetic_project(DIRECT_LIMIT + 100, seed=2)
    canvas.set_project(project)
    canvas.zoom_to_extent()
    canvas.render_now()
    zone = next(iter(project.active_scenario.zones.values()))
    x, y = zone.geometry.exterior.coords[0]
    canvas.set_selection(project.active_scenario.zones)
    at = canvas.viewport.map_to_screen(x, y)
    before = canvas.grab().toImage().pixelColor(int(at.x()), int(at.y()))
    canvas.pan_by(30, 20)  # not settled: the cached images are moved
    at = canvas.viewport.map_to_screen(x, y)
    after = canvas.grab().toImage().pixelColor(int(at.x()), int(at.y()))
    assert same_rgb(before, after)
    assert before.blue() > before.red()  # the selection's blue outline sits on the zone's corner


def test_extent_stays_in_view_through_resizes_until_the_planner_navigates(canvas, qtbot):
    canvas.set_project(two_zone_project())
    canvas.resize(400, 500)  # a dock appeared beside the map
    minx, _, maxx, _ = canvas.viewport.map_extent()
    assert minx < X0 and maxx > X0 + 900
    canvas.pan_by(50, 0)
    before = canvas.viewport.pixel_size
    canvas.resize(600, 500)
    assert canvas.viewport.pixel_size == before  # a navigated view is left alone

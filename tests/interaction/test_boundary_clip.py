"""The "clip to boundary" edit option: drawn and reshaped zones keep only what lies inside the
project boundary, in the same undo step, and the message says what was cut off."""
from __future__ import annotations

import pytest
from shapely.geometry import box

from parkplanner.core.geometry.validation import GeometryRefused
from parkplanner.interaction.boundary_clip import clip_message, clip_to_boundary
from parkplanner.interaction.draw_polygon_tool import DrawPolygonTool
from parkplanner.interaction.edit_vertices_tool import EditVerticesTool
from parkplanner.interaction.rectangle_tool import RectangleTool
from parkplanner.interaction.tool import EditOptions


@pytest.fixture()
def bounded(ctx):
    """The row of test squares inside a 400 x 300 m boundary, with clipping on."""
    ctx.project.boundary = box(0, 0, 400, 300)
    ctx.options.clip_to_boundary = True
    return ctx


def _draw(ev, tool, points):
    for x, y in points:
        ev.drive(tool, *ev.click(x, y))
    ev.drive(tool, ev.key("Return"))


def test_clipping_is_off_by_default_and_avoid_overlap_on():
    options = EditOptions()
    assert options.avoid_overlap and not options.clip_to_boundary


def test_drawn_polygon_is_clipped_in_one_step_and_the_message_says_how_much(bounded, ev):
    tool = DrawPolygonTool()
    tool.activate(bounded)
    _draw(ev, tool, [(350, 200), (450, 200), (450, 300), (350, 300)])  # half beyond x = 400
    zone = bounded.zones[5]
    assert zone.area_m2 == pytest.approx(5000) and zone.geometry.bounds == (350, 200, 400, 300)
    assert bounded.history.index == 2
    assert bounded.history.undo_label == "Draw zone, clipped to the boundary"
    assert bounded.messages[-1] == "Clipped 5,000 m² of zone 5 outside the boundary"
    bounded.history.undo()
    assert 5 not in bounded.zones


def test_clip_then_trim_are_one_step_and_both_are_told(bounded, ev):
    tool = RectangleTool()
    tool.activate(bounded)
    ev.drive(tool, ev.press(250, -50), ev.move(350, 50, "left"), ev.release(350, 50))
    zone = bounded.zones[5]
    # 100 x 100 drawn: 5,000 m² below y = 0 clipped, 2,500 m² on zone 3 trimmed.
    assert zone.area_m2 == pytest.approx(2500) and zone.geometry.bounds == (300, 0, 350, 50)
    assert bounded.history.undo_label == "Draw rectangle, clipped to the boundary (trimmed against 1 neighbour)"
    assert bounded.messages[-1] == "Clipped 5,000 m² of zone 5 outside the boundary; Trimmed 2,500 m² against zone 3"


def test_option_off_keeps_the_outline_beyond_the_boundary(bounded, ev):
    bounded.options.clip_to_boundary = False
    tool = DrawPolygonTool()
    tool.activate(bounded)
    _draw(ev, tool, [(350, 200), (450, 200), (450, 300), (350, 300)])
    assert bounded.zones[5].area_m2 == pytest.approx(10000) and bounded.history.undo_label == "Draw zone"
    assert bounded.messages[-1] == "Added zone 5"


def test_without_a_boundary_nothing_is_clipped(ctx, ev):
    ctx.options.clip_to_boundary = True
    tool = DrawPolygonTool()
    tool.activate(ctx)
    _draw(ev, tool, [(350, 200), (450, 200), (450, 300), (350, 300)])
    assert ctx.zones[5].area_m2 == pytest.approx(10000)


def test_outline_wholly_outside_is_refused_and_kept_for_correction(bounded, ev):
    tool = DrawPolygonTool()
    tool.activate(bounded)
    _draw(ev, tool, [(500, 0), (600, 0), (600, 100), (500, 100)])
    assert 5 not in bounded.zones and bounded.history.index == 1
    assert bounded.messages[-1] == "Cannot add the zone: it lies outside the project boundary"
    assert len(tool.vertices) == 4


def test_vertex_dragged_outside_is_clipped_within_the_drag_step(bounded, ev):
    tool = EditVerticesTool()
    tool.activate(bounded)
    bounded.selection.set([4])
    ev.drive(tool, ev.press(100, 200), ev.move(100, 300, "left"), ev.move(100, 400, "left"), ev.release(100, 400))
    zone = bounded.zones[4]
    assert zone.geometry.bounds == (0, 100, 100, 300)
    # The drag makes a 20,000 m² trapezoid; the 2,500 m² triangle above y = 300 is cut off.
    assert zone.area_m2 == pytest.approx(17500)
    assert bounded.history.index == 2 and bounded.history.undo_label == "Move vertex of zone 4"
    assert bounded.messages[-1] == "Clipped 2,500 m² of zone 4 outside the boundary"
    bounded.history.undo()
    assert bounded.zones[4].geometry.bounds == (0, 100, 100, 200)


def test_clip_to_boundary_drops_crumbs_and_ignores_noise():
    boundary = box(0, 0, 100, 100)
    assert not clip_to_boundary(box(0, 0, 100, 100.0000001), boundary).clipped
    result = clip_to_boundary(box(50, 50, 150, 150), boundary)
    assert result.removed_m2 == pytest.approx(7500) and result.geometry.area == pytest.approx(2500)
    # A square 0.5 m² inside and mostly outside: the crumb left inside is dropped with the rest.
    crumb = clip_to_boundary(box(0, 99.5, 1, 120).union(box(0, 0, 10, 10)), boundary)
    assert crumb.geometry.area == pytest.approx(100) and crumb.removed_m2 == pytest.approx(20.5)
    with pytest.raises(GeometryRefused):
        clip_to_boundary(box(200, 200, 300, 300), boundary)
    assert clip_message({}) == ""
    assert clip_message({3: 10.0, 7: 2.0}) == "Clipped 12 m² of zones 3, 7 outside the boundary"

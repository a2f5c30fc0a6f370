"""Polygon drawing: vertices, Backspace, finishing paths, trimming, refusals, cancel."""
from __future__ import annotations

import pytest

from parkplanner.interaction.draw_polygon_tool import DrawPolygonTool


@pytest.fixture()
def tool(ctx):
    tool = DrawPolygonTool()
    tool.activate(ctx)
    return tool


def _draw(ev, tool, points):
    for x, y in points:
        ev.drive(tool, *ev.click(x, y))


def test_enter_finishes_one_step_with_next_id_and_default_code(ctx, tool, ev):
    _draw(ev, tool, [(400, 0), (500, 0), (500, 50), (400, 50)])
    assert ctx.history.index == 1  # nothing pushed while drawing
    assert ev.drive(tool, ev.key("Return")) == [True]
    zone = ctx.zones[5]
    assert ctx.history.undo_label == "Draw zone" and ctx.history.index == 2
    assert zone.area_m2 == pytest.approx(5000) and zone.code == "0701"  # the plan's most common land use, not cropland
    assert ctx.selection.ids == {5} and tool.vertices == [] and tool.preview.rings == ()
    assert ctx.messages[-1] == "Added zone 5"


def test_double_click_finishes_without_adding_a_duplicate_vertex(ctx, tool, ev):
    _draw(ev, tool, [(400, 0), (500, 0)])
    ev.drive(tool, ev.press(500, 60), ev.release(500, 60), ev.double_click(500, 60), ev.release(500, 60))
    assert list(ctx.zones[5].geometry.exterior.coords)[:-1] == [(400, 0), (500, 0), (500, 60)]


def test_click_on_first_vertex_closes_and_last_code_is_reused(ctx, tool, ev):
    ctx.options.last_code = "0802"
    _draw(ev, tool, [(400, 0), (450, 0), (450, 40), (400.3, 0.2)])
    assert ctx.zones[5].code == "0802" and ctx.zones[5].area_m2 == pytest.approx(1000)


def test_backspace_removes_last_vertex_and_preview_follows_pointer(ctx, tool, ev):
    _draw(ev, tool, [(400, 0), (500, 0), (480, 80)])
    ev.drive(tool, ev.key("Backspace"), ev.move(500, 50))
    assert tool.vertices == [(400, 0), (500, 0)]
    assert tool.preview.lines == (((400, 0), (500, 0), (500, 50)),)
    assert tool.preview.rings[0][-1] == (400, 0) and tool.preview.measure_text == "2,500 m²"


def test_escape_mid_drawing_leaves_nothing_on_the_history(ctx, tool, ev):
    _draw(ev, tool, [(400, 0), (500, 0), (500, 50)])
    assert ev.drive(tool, ev.key("Escape")) == [True]
    assert tool.vertices == [] and ctx.history.index == 1 and not ctx.history.can_redo
    assert ev.drive(tool, ev.key("Escape")) == [False]  # nothing to cancel: the key is not consumed


def test_overlapping_outline_is_trimmed_against_neighbours(ctx, tool, ev):
    _draw(ev, tool, [(50, 50), (150, 50), (150, 150), (50, 150)])
    ev.drive(tool, ev.key("Enter"))
    assert ctx.history.undo_label == "Draw zone (trimmed against 3 neighbours)"
    assert ctx.zones[5].area_m2 == pytest.approx(2500)  # only the empty quarter above zone 2
    assert ctx.messages[-1] == "Trimmed 7,500 m² against zones 1, 2, 4"
    ctx.history.undo()
    assert 5 not in ctx.zones


def test_avoid_overlap_off_keeps_the_outline(ctx, tool, ev):
    ctx.options.avoid_overlap = False
    _draw(ev, tool, [(50, 50), (150, 50), (150, 150), (50, 150)])
    ev.drive(tool, ev.key("Enter"))
    assert ctx.zones[5].area_m2 == pytest.approx(10000) and ctx.history.undo_label == "Draw zone"


def test_self_crossing_outline_is_refused_and_kept_for_correction(ctx, tool, ev):
    _draw(ev, tool, [(400, 0), (500, 100), (500, 0), (400, 100)])
    ev.drive(tool, ev.key("Return"))
    assert ctx.history.index == 1 and len(tool.vertices) == 4
    assert "crosses itself" in ctx.messages[-1]
    ev.drive(tool, ev.key("Backspace"), ev.key("Return"))
    assert ctx.zones[5].area_m2 == pytest.approx(5000)


def test_outline_inside_a_zone_is_refused(ctx, tool, ev):
    _draw(ev, tool, [(10, 10), (20, 10), (20, 20)])
    ev.drive(tool, ev.key("Return"))
    assert ctx.history.index == 1 and "nothing is left after trimming against zone 1" in ctx.messages[-1]


def test_vertices_snap_to_neighbour_corners(ctx, tool, ev):
    ev.drive(tool, ev.press(300.6, 100.4, px=0.1), ev.release(300.6, 100.4))
    assert tool.vertices == [(300.0, 100.0)] and tool.preview.snap_kind == "vertex"


def test_status_counts_vertices_and_returns_to_the_hint(ctx, tool, ev):
    seen = []
    tool.status_changed.connect(seen.append)
    _draw(ev, tool, [(400, 0), (500, 0)])
    assert tool.status.startswith("2 vertices: Enter")
    ev.drive(tool, ev.key("Escape"))
    assert tool.status == tool.hint and seen[0].startswith("1 vertex:")

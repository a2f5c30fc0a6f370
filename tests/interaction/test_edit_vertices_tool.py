"""Vertex editing: a drag is one undo step, insert on double-click, delete, refusals, cancel."""
from __future__ import annotations

import pytest

from parkplanner.interaction.edit_vertices_tool import EditVerticesTool


@pytest.fixture()
def tool(ctx):
    tool = EditVerticesTool()
    tool.activate(ctx)
    return tool


def _drag(ev, tool, start, *path):
    ev.drive(tool, ev.press(*start))
    for point in path:
        ev.drive(tool, ev.move(*point, "left"))
    ev.drive(tool, ev.release(*path[-1]))


def test_hovering_a_zone_shows_its_handles_and_highlights_the_vertex(ctx, tool, ev):
    ev.drive(tool, ev.move(250, 50))
    assert set(tool.preview.handles) == {(200, 0), (300, 0), (300, 100), (200, 100)}
    ev.drive(tool, ev.move(300.3, 0.2))
    assert tool.preview.highlighted == (300.0, 0.0)


def test_vertex_drag_is_one_undo_step_and_round_trips(ctx, tool, ev):
    ctx.selection.set([3])
    _drag(ev, tool, (300.1, 100.1), (320, 110), (340, 120), (350, 150))
    assert ctx.history.index == 2 and ctx.history.undo_label == "Move vertex of zone 3"
    assert ctx.zones[3].area_m2 == pytest.approx(15000)
    ctx.history.undo()
    assert ctx.zones[3].geometry.bounds == (200.0, 0.0, 300.0, 100.0)
    ctx.history.redo()
    assert (350.0, 150.0) in list(ctx.zones[3].geometry.exterior.coords)
    # the next drag is a new step, not merged into the last one
    _drag(ev, tool, (350, 150), (360, 150))
    assert ctx.history.index == 3


def test_invalid_position_is_refused_and_the_zone_stays_at_its_last_valid_shape(ctx, tool, ev):
    ctx.selection.set([3])
    ev.drive(tool, ev.press(300, 100), ev.move(310, 100, "left"), ev.move(150, 50, "left"))
    assert "Cannot move the vertex there" in ctx.messages[-1]
    assert (310.0, 100.0) in list(ctx.zones[3].geometry.exterior.coords)
    ev.drive(tool, ev.release(150, 50))
    assert ctx.history.index == 2


def test_drag_into_a_neighbour_is_trimmed_within_the_same_step(ctx, tool, ev):
    ctx.selection.set([4])
    _drag(ev, tool, (100, 200), (150, 200))  # zone 4 grows into empty land above zone 2
    assert ctx.history.index == 2 and not any("Trimmed" in m for m in ctx.messages)
    ctx.selection.set([1])
    _drag(ev, tool, (100, 0), (150, 0))  # zone 1 grows into zone 2
    assert ctx.history.index == 3 and ctx.history.undo_label == "Move vertex of zone 1"
    assert ctx.messages[-1] == "Trimmed 2,500 m² against zone 2"
    assert ctx.zones[1].area_m2 == pytest.approx(10000)  # the triangle taken from zone 2 is trimmed away
    ctx.history.undo()
    assert ctx.zones[1].geometry.bounds == (0.0, 0.0, 100.0, 100.0)


def test_escape_mid_drag_restores_the_zone(ctx, tool, ev):
    ctx.selection.set([3])
    ev.drive(tool, ev.press(300, 100), ev.move(330, 130, "left"))
    assert ctx.zones[3].area_m2 > 10000
    assert ev.drive(tool, ev.key("Escape")) == [True]
    ev.drive(tool, ev.release(330, 130))
    assert ctx.zones[3].geometry.bounds == (200.0, 0.0, 300.0, 100.0)
    assert ctx.history.index == 1 and ctx.history.undo_label == "Add 4 zones"
    assert not ctx.history.can_redo and ctx.history.is_clean


def test_double_click_on_edge_inserts_and_delete_removes_the_vertex(ctx, tool, ev):
    ctx.selection.set([3])
    ev.drive(tool, ev.press(250, 100.3), ev.release(250, 100.3), ev.double_click(250, 100.3))
    assert ctx.history.undo_label == "Insert vertex in zone 3"
    assert tool.preview.highlighted == (250.0, 100.0)
    _drag(ev, tool, (250, 100), (250, 140))
    assert ctx.zones[3].area_m2 == pytest.approx(12000)
    ev.drive(tool, ev.move(250, 140))
    assert ev.drive(tool, ev.key("Delete")) == [True]
    assert ctx.history.undo_label == "Delete vertex of zone 3"
    assert ctx.zones[3].area_m2 == pytest.approx(10000)
    assert ctx.history.labels[1:] == ["Insert vertex in zone 3", "Move vertex of zone 3", "Delete vertex of zone 3"]


def test_deleting_a_triangle_vertex_is_refused(ctx, tool, ev):
    from shapely.geometry import Polygon

    from parkplanner.core.editing.zone_commands import add_zones
    from parkplanner.core.model.zone import Zone
    ctx.history.push(add_zones(ctx.project, [Zone(9, Polygon([(400, 0), (450, 0), (400, 50)]), "0701")]))
    ctx.selection.set([9])
    ev.drive(tool, ev.move(450, 0))
    ev.drive(tool, ev.key("Delete"))
    assert ctx.messages[-1] == "Cannot delete the vertex: a zone needs at least 3 vertices"
    assert ctx.history.index == 2


def test_delete_without_a_vertex_is_not_consumed(ctx, tool, ev):
    ctx.selection.set([3])
    ev.drive(tool, ev.move(250, 50))
    assert ev.drive(tool, ev.key("Delete")) == [False]


def test_handles_follow_selection_and_undo_and_stop_after_deactivate(ctx, tool, ev):
    tool.deactivate()
    ctx.selection.set([2])
    tool.activate(ctx)
    assert set(tool.preview.handles) == {(100, 0), (200, 0), (200, 100), (100, 100)}
    ctx.selection.set([3])
    _drag(ev, tool, (300, 100), (300, 150))
    assert (300.0, 150.0) in tool.preview.handles
    ctx.history.undo()
    assert (300.0, 100.0) in tool.preview.handles and (300.0, 150.0) not in tool.preview.handles
    tool.deactivate()
    ctx.selection.set([1])
    assert tool.preview.handles == ()


def test_topological_editing_moves_shared_vertices_of_neighbours_in_one_step(ctx, tool, ev):
    from parkplanner.core.geometry.topology import check_topology

    ctx.options.topological_editing = True
    ctx.selection.set([1])
    _drag(ev, tool, (100, 100), (110, 100), (120, 100))
    assert ctx.history.index == 2 and ctx.history.undo_label == "Move shared vertex of zones 1, 2, 4"
    areas = {i: round(ctx.zones[i].area_m2) for i in (1, 2, 4)}
    assert areas == {1: 11000, 2: 9000, 4: 11000}
    assert check_topology(ctx.zones) == []
    ctx.history.undo()
    assert {i: round(ctx.zones[i].area_m2) for i in (1, 2, 4)} == {1: 10000, 2: 10000, 4: 10000}


def test_without_topological_editing_only_the_dragged_zone_moves(ctx, tool, ev):
    ctx.selection.set([1])
    ctx.options.avoid_overlap = False
    _drag(ev, tool, (100, 100), (120, 100))
    assert ctx.history.undo_label == "Move vertex of zone 1"
    assert round(ctx.zones[2].area_m2) == 10000 and round(ctx.zones[1].area_m2) == 11000


def test_nearest_vertex_among_several_selected_zones_wins(ctx, tool, ev):
    ctx.selection.set([1, 2])
    ev.drive(tool, ev.move(160, 90, px=10))  # 80 m tolerance: zone 1's (100, 100) is in reach too
    assert tool.preview.highlighted == (200.0, 100.0)


def test_topological_insert_and_delete_keep_the_shared_border_shared(ctx, tool, ev):
    from parkplanner.core.geometry.topology import check_topology

    ctx.options.topological_editing = True
    ctx.selection.set([2])
    ev.drive(tool, ev.double_click(200.2, 50))  # the border between zones 2 and 3
    assert ctx.history.undo_label == "Insert shared vertex in zones 2, 3"
    _drag(ev, tool, (200, 50), (230, 50))
    assert ctx.history.undo_label == "Move shared vertex of zones 2, 3"
    assert (round(ctx.zones[2].area_m2), round(ctx.zones[3].area_m2)) == (11500, 8500)
    assert check_topology(ctx.zones) == []
    ev.drive(tool, ev.move(230, 50), ev.key("Delete"))
    assert ctx.history.undo_label == "Delete shared vertex of zones 2, 3"
    assert (round(ctx.zones[2].area_m2), round(ctx.zones[3].area_m2)) == (10000, 10000)
    assert ctx.history.index == 4

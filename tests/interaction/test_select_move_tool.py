"""Select/move: clicks, Shift toggles, box selection wherever the drag starts, a drag from a
selected zone moves the selection as one step (trimmed when "avoid overlap" is on)."""
from __future__ import annotations

import pytest

from parkplanner.interaction.select_move_tool import SelectMoveTool


@pytest.fixture()
def tool(ctx):
    tool = SelectMoveTool()
    tool.activate(ctx)
    return tool


def test_click_selects_shift_click_toggles_click_on_empty_clears(ctx, tool, ev):
    ev.drive(tool, *ev.click(50, 50))
    assert ctx.selection.ids == {1}
    ev.drive(tool, *ev.click(150, 50, mods={"shift"}))
    assert ctx.selection.ids == {1, 2}
    ev.drive(tool, *ev.click(50, 50, mods={"shift"}))
    assert ctx.selection.ids == {2}
    ev.drive(tool, *ev.click(500, 500))
    assert not ctx.selection
    assert ctx.history.index == 1


def test_plain_click_on_one_of_several_selected_selects_it_alone(ctx, tool, ev):
    ctx.selection.set([1, 2, 3])
    ev.drive(tool, *ev.click(150, 50))
    assert ctx.selection.ids == {2}


def test_box_selection_replaces_and_shift_box_adds(ctx, tool, ev):
    ev.drive(tool, ev.press(-10, -10), ev.move(150, 50, "left"))
    assert tool.preview.box == (-10, -10, 150, 50)
    ev.drive(tool, ev.release(150, 50))
    assert ctx.selection.ids == {1, 2} and tool.preview.box is None
    ev.drive(tool, ev.press(250, 250, mods={"shift"}), ev.move(20, 150, "left"), ev.release(20, 150, mods={"shift"}))
    assert ctx.selection.ids == {1, 2, 4}


def test_drag_from_an_unselected_zone_selects_with_a_box_and_moves_nothing(ctx, tool, ev):
    # A park is covered by zones: the drag starts on zone 1 and must not move it.
    ev.drive(tool, ev.press(50, 50), ev.move(120, 60, "left"), ev.move(150, 150, "left"))
    assert tool.preview.box == (50, 50, 150, 150) and tool.preview.rings == ()
    ev.drive(tool, ev.release(150, 150))
    assert ctx.selection.ids == {1, 2, 4}
    assert ctx.history.index == 1 and ctx.zones[1].geometry.bounds == (0.0, 0.0, 100.0, 100.0)
    # Shift+drag from a zone adds with a box too; Shift+click on a zone toggles it.
    ev.drive(tool, ev.press(250, 50, mods={"shift"}), ev.move(260, 60, "left"), ev.release(260, 60, mods={"shift"}))
    assert ctx.selection.ids == {1, 2, 3, 4}
    ev.drive(tool, *ev.click(250, 50, mods={"shift"}))
    assert ctx.selection.ids == {1, 2, 4}


def test_move_onto_a_neighbour_is_trimmed_in_the_same_step_when_avoid_overlap_is_on(ctx, tool, ev):
    ctx.selection.set([1, 4])
    ev.drive(tool, ev.press(50, 50), ev.move(80, 40, "left"), ev.release(80, 40))
    # Zone 1 at (30..130, -10..90) loses 30 m x 90 m to zone 2; zone 4 at (30..130, 90..190) loses 30 m x 10 m.
    assert ctx.zones[1].area_m2 == pytest.approx(10000 - 2700, abs=0.01)
    assert ctx.zones[4].area_m2 == pytest.approx(10000 - 300, abs=0.01)
    assert ctx.zones[2].area_m2 == pytest.approx(10000, abs=0.01)
    assert ctx.messages[-1] == "Move 2 zones by 31.6 m; trimmed 3,000 m² against zone 2"
    assert ctx.history.index == 2 and ctx.history.undo_label == "Move 2 zones"
    ctx.history.undo()
    assert ctx.zones[1].geometry.bounds == (0.0, 0.0, 100.0, 100.0) and ctx.zones[4].area_m2 == 10000


def test_drag_moves_all_selected_zones_in_one_step(ctx, tool, ev):
    ctx.options.avoid_overlap = False
    ctx.selection.set([1, 4])
    ev.drive(tool, ev.press(50, 50))
    for x in range(51, 80, 3):
        ev.drive(tool, ev.move(x, 50, "left"))
    assert ctx.history.index == 1  # preview only while dragging
    assert len(tool.preview.rings) == 2
    ev.drive(tool, ev.move(80, 40, "left"), ev.release(80, 40))
    assert ctx.history.undo_label == "Move 2 zones" and ctx.history.index == 2
    assert ctx.zones[1].geometry.bounds == (30.0, -10.0, 130.0, 90.0)
    assert ctx.zones[4].geometry.bounds == (30.0, 90.0, 130.0, 190.0)
    assert ctx.messages[-1] == "Move 2 zones by 31.6 m; now overlapping zone 2 by 3,000 m²"
    ctx.history.undo()
    assert ctx.zones[1].geometry.bounds == (0.0, 0.0, 100.0, 100.0)
    ctx.history.redo()
    assert ctx.zones[4].geometry.bounds == (30.0, 90.0, 130.0, 190.0)


def test_escape_mid_drag_leaves_zones_and_history_untouched(ctx, tool, ev):
    ev.drive(tool, ev.press(50, 50), ev.move(70, 70, "left"))
    assert ev.drive(tool, ev.key("Escape")) == [True]
    ev.drive(tool, ev.release(70, 70))
    assert ctx.history.index == 1 and not ctx.history.can_redo
    assert ctx.zones[1].geometry.bounds == (0.0, 0.0, 100.0, 100.0)
    assert tool.preview.rings == ()


def test_vertex_grabbed_zone_snaps_onto_neighbour_corner(ctx, tool, ev):
    ctx.options.avoid_overlap = False
    ctx.selection.set([3])
    # grab zone 3 at its corner (300, 100) and drop it near zone 4's corner (100, 200)
    ev.drive(tool, ev.press(300.2, 100.1), ev.move(250, 150, "left"), ev.move(100.6, 200.5, "left"))
    assert tool.preview.snap_kind == "vertex"
    ev.drive(tool, ev.release(100.6, 200.5))
    assert ctx.zones[3].geometry.bounds == (0.0, 100.0, 100.0, 200.0)


def test_moving_onto_a_neighbour_is_not_trimmed_but_reported_when_avoid_overlap_is_off(ctx, tool, ev):
    ctx.options.avoid_overlap = False
    ctx.selection.set([3])
    ev.drive(tool, ev.press(250, 50), ev.move(240, 50, "left"), ev.release(240, 50))
    assert ctx.zones[3].area_m2 == pytest.approx(10000)
    assert ctx.messages[-1] == "Move zone 3 by 10.0 m; now overlapping zone 2 by 1,000 m²"

"""The controller: one active tool, shortcuts, selection actions, keys seen by the tool first."""
from __future__ import annotations

import pytest

from parkplanner.interaction.tool_controller import ToolController


@pytest.fixture()
def controller(ctx):
    return ToolController(ctx)


def test_shortcuts_switch_tools_and_cancel_the_previous_one(ctx, controller, ev):
    assert controller.active.name == "select"
    seen = []
    controller.tool_changed.connect(lambda tool: seen.append(tool.name))
    for letter, name in zip("PREXDV", ["draw_polygon", "rectangle", "edit_vertices", "split", "measure", "select"]):
        assert ev.drive(controller, ev.key(letter.lower())) == [True]
        assert controller.active.name == name
    assert seen == ["draw_polygon", "rectangle", "edit_vertices", "split", "measure", "select"]
    controller.activate("draw_polygon")
    ev.drive(controller, *ev.click(400, 0), *ev.click(500, 0))
    controller.activate("select")
    assert controller.tools["draw_polygon"].vertices == [] and ctx.history.index == 1


def test_backspace_goes_to_the_active_tool_first(ctx, controller, ev):
    controller.activate("draw_polygon")
    ev.drive(controller, *ev.click(400, 0), *ev.click(500, 0))
    assert ev.drive(controller, ev.key("Backspace")) == [True]
    assert controller.active.vertices == [(400, 0)]


def test_merge_delete_select_all_and_snapping_actions(ctx, controller, ev):
    ev.drive(controller, ev.key("a", {"ctrl"}))
    assert ctx.selection.ids == {1, 2, 3, 4}
    ctx.selection.set([1, 2])
    ev.drive(controller, ev.key("M"))
    assert ctx.history.undo_label == "Merge 2 zones into zone 1"
    assert ctx.selection.ids == {1} and ctx.zones[1].area_m2 == pytest.approx(20000)
    ctx.selection.set([1, 3])
    ev.drive(controller, ev.key("Delete"))
    assert ctx.history.undo_label == "Delete 2 zones" and set(ctx.zones) == {4}
    ev.drive(controller, ev.key("S"))
    assert not ctx.snapper.enabled and ctx.messages[-1] == "Snapping off"
    ctx.history.undo()
    ctx.history.undo()
    assert set(ctx.zones) == {1, 2, 3, 4}


def test_merge_of_zones_without_shared_border_is_refused(ctx, controller, ev):
    ctx.selection.set([2, 4])  # they meet only at the corner (100, 100)
    ev.drive(controller, ev.key("m"))
    assert ctx.history.index == 1
    assert ctx.messages[-1] == "Cannot merge: zone 4 does not share a border with the others"


def test_delete_in_vertex_tool_prefers_the_hovered_vertex(ctx, controller, ev):
    controller.activate("edit_vertices")
    ctx.selection.set([3])
    ev.drive(controller, ev.move(250, 50))
    ev.drive(controller, ev.key("Delete"))
    assert ctx.history.undo_label == "Delete zone 3"
    ctx.history.undo()
    ctx.selection.set([3])
    ev.drive(controller, ev.move(300, 100), ev.key("Delete"))
    assert ctx.history.undo_label == "Delete vertex of zone 3"


def test_escape_cancels_the_gesture_first_then_clears_the_selection(ctx, controller, ev):
    ctx.selection.set([1])
    controller.activate("draw_polygon")
    ev.drive(controller, *ev.click(400, 0))
    assert ev.drive(controller, ev.key("Escape")) == [True]
    assert controller.active.vertices == [] and ctx.selection.ids == {1}
    assert ev.drive(controller, ev.key("Escape"), ev.key("Escape")) == [True, False]
    assert not ctx.selection


"""Split tool: a line across zones splits them in one step; refusals and cancel leave no trace."""
from __future__ import annotations

import pytest

from parkplanner.interaction.split_tool import SplitTool


@pytest.fixture()
def tool(ctx):
    tool = SplitTool()
    tool.activate(ctx)
    return tool


def test_line_across_one_zone_splits_it_on_enter(ctx, tool, ev):
    ev.drive(tool, *ev.click(230, -10), ev.move(230, 60), *ev.click(230, 110))
    assert tool.preview.lines == (((230, -10), (230, 110)),)
    ev.drive(tool, ev.key("Return"))
    assert ctx.history.undo_label == "Split zone 3 into 2" and ctx.history.index == 2
    assert ctx.zones[3].area_m2 == pytest.approx(7000) and ctx.zones[5].area_m2 == pytest.approx(3000)
    assert ctx.selection.ids == {3, 5} and tool.preview.lines == ()
    ctx.history.undo()
    assert set(ctx.zones) == {1, 2, 3, 4}


def test_double_click_splits_every_crossed_zone_when_nothing_is_selected(ctx, tool, ev):
    ev.drive(tool, *ev.click(-10, 50), ev.press(310, 50), ev.release(310, 50), ev.double_click(310, 50))
    assert ctx.history.undo_label == "Split 3 zones into 6"
    assert sorted(ctx.zones) == [1, 2, 3, 4, 5, 6, 7]


def test_a_crossed_selection_limits_the_split_an_uncrossed_one_does_not(ctx, tool, ev):
    ctx.selection.set([2])
    ev.drive(tool, *ev.click(-10, 50), *ev.click(310, 50), ev.key("Enter"))
    assert ctx.history.undo_label == "Split zone 2 into 2"
    ctx.selection.set([4])
    ev.drive(tool, *ev.click(230, -10), *ev.click(230, 110), ev.key("Enter"))
    assert ctx.history.undo_label == "Split zone 3 into 2"


def test_line_that_does_not_cut_is_refused_and_stays(ctx, tool, ev):
    ev.drive(tool, *ev.click(230, -10), *ev.click(230, 50), ev.key("Return"))
    assert ctx.history.index == 1 and "does not cut" in ctx.messages[-1]
    assert tool.line.points == [(230, -10), (230, 50)]
    ev.drive(tool, ev.key("Backspace"), *ev.click(230, 120), ev.key("Return"))
    assert ctx.history.undo_label == "Split zone 3 into 2"


def test_escape_cancels_the_line(ctx, tool, ev):
    ev.drive(tool, *ev.click(230, -10))
    assert ev.drive(tool, ev.key("Escape")) == [True]
    assert tool.line.points == [] and ctx.history.index == 1

"""Measure tool read-outs (nothing on the history) and rectangle drawing by drag."""
from __future__ import annotations

import pytest

from parkplanner.interaction.measure_tool import MeasureTool
from parkplanner.interaction.rectangle_tool import RectangleTool


def test_measure_distance_then_area_and_nothing_on_history(ctx, ev):
    tool = MeasureTool()
    tool.activate(ctx)
    ev.drive(tool, *ev.click(400, 0), ev.move(430, 40))
    assert tool.preview.measure_text == "Distance 50.0 m"
    ev.drive(tool, *ev.click(500, 0), *ev.click(500, 200))
    ev.drive(tool, ev.double_click(500, 200))
    assert tool.finished and tool.measure_text() == "Distance 300.0 m, area 1.00 ha (15.0 mu)"
    assert ctx.messages[-1] == tool.measure_text()
    ev.drive(tool, *ev.click(0, 0))  # a new measurement starts
    assert tool.line.points == [(0.0, 0.0)] and not tool.finished
    ev.drive(tool, ev.key("Escape"))
    assert tool.preview.lines == () and ctx.history.index == 1


def test_rectangle_press_drag_release_adds_one_zone(ctx, ev):
    tool = RectangleTool()
    tool.activate(ctx)
    ev.drive(tool, ev.press(400, 0), ev.move(450, 30, "left"))
    assert tool.preview.rings[0] == ((400, 0), (450, 0), (450, 30), (400, 30), (400, 0))
    ev.drive(tool, ev.move(500, 50, "left"), ev.release(500, 50))
    assert ctx.history.undo_label == "Draw rectangle" and ctx.zones[5].area_m2 == pytest.approx(5000)


def test_rectangle_overlapping_a_zone_is_trimmed_and_escape_cancels(ctx, ev):
    tool = RectangleTool()
    tool.activate(ctx)
    ev.drive(tool, ev.press(250, 50), ev.move(350, 150, "left"), ev.release(350, 150))
    assert ctx.history.undo_label == "Draw rectangle (trimmed against 1 neighbour)"
    assert ctx.zones[5].area_m2 == pytest.approx(7500)
    ev.drive(tool, ev.press(400, 0), ev.move(450, 30, "left"), ev.key("Escape"), ev.release(450, 30))
    assert 6 not in ctx.zones and ctx.history.index == 2
    ev.drive(tool, ev.press(400, 0), ev.move(400.1, 30, "left"), ev.release(400.1, 30))
    assert 6 not in ctx.zones and ctx.history.index == 2  # too thin: a slip, not a zone

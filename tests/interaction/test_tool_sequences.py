"""Random sequences of tool gestures: undoing every step restores the project, redo replays it."""
from __future__ import annotations

import random

import pytest

from parkplanner.core.geometry.editing import vertex_array
from parkplanner.interaction.tool_controller import ToolController


def _gesture(rng, controller, ctx, ev):
    x, y = rng.uniform(-50, 350), rng.uniform(-50, 250)
    kind = rng.choice(["draw", "rectangle", "split", "move", "vertex", "merge", "delete"])
    if kind == "draw":
        controller.activate("draw_polygon")
        pts = [(x, y), (x + rng.uniform(20, 90), y), (x + rng.uniform(20, 90), y + rng.uniform(20, 90))]
        ev.drive(controller, *[e for p in pts for e in ev.click(*p)], ev.key("Return"))
    elif kind == "rectangle":
        controller.activate("rectangle")
        ev.drive(controller, ev.press(x, y), ev.move(x + 40, y + 30, "left"), ev.release(x + 40, y + 30))
    elif kind == "split":
        controller.activate("split")
        ctx.selection.clear()
        ev.drive(controller, *ev.click(x, -60), *ev.click(x + rng.uniform(-30, 30), 260), ev.key("Enter"))
    elif kind == "move":
        controller.activate("select")
        ev.drive(controller, ev.press(x, y), ev.move(x + 7, y - 4, "left"), ev.release(x + 7, y - 4))
    elif kind == "vertex" and ctx.zones:
        controller.activate("edit_vertices")
        zone_id = rng.choice(sorted(ctx.zones))
        ctx.selection.set([zone_id])
        sx, sy = vertex_array(ctx.zones[zone_id].geometry)[0][0]
        ev.drive(controller, ev.press(sx, sy), ev.move(sx + 5, sy + 3, "left"), ev.release(sx + 5, sy + 3))
    elif kind == "merge" and len(ctx.zones) >= 2:
        ids = sorted(ctx.zones)
        ctx.selection.set(rng.sample(ids, 2))
        ev.drive(controller, ev.key("M"))
    elif kind == "delete" and ctx.zones:
        ctx.selection.set([rng.choice(sorted(ctx.zones))])
        controller.activate("select")
        ev.drive(controller, ev.key("Delete"))


@pytest.mark.parametrize("seed", range(6))
def test_random_gestures_undo_to_the_start_and_redo_to_the_end(ctx, ev, seed):
    rng = random.Random(seed)
    controller = ToolController(ctx)
    start = ctx.project.snapshot()
    for _ in range(25):
        _gesture(rng, controller, ctx, ev)
        for zone in ctx.zones.values():
            assert zone.geometry.is_valid and zone.area_m2 >= 1.0
    end = ctx.project.snapshot()
    steps = ctx.history.index - 1
    kinds = {label.split()[0] for label in ctx.history.labels[1:]}
    assert steps > 5 and len(kinds) >= 3, ctx.history.labels
    ctx.history.go_to(1)
    assert ctx.project.snapshot() == start
    ctx.history.go_to(1 + steps)
    assert ctx.project.snapshot() == end

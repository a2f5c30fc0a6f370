"""The land use a new zone gets: the last one used (drawn or set on zones), else the plan's most
common one, never cropland by default in a park that has zones."""
from __future__ import annotations

from parkplanner.core.editing.zone_commands import set_zone_attributes
from parkplanner.interaction.rectangle_tool import RectangleTool


def _draw(ctx, ev, x0, y0, x1, y1):
    tool = RectangleTool()
    tool.activate(ctx)
    ev.drive(tool, ev.press(x0, y0), ev.move((x0 + x1) / 2, (y0 + y1) / 2, "left"), ev.move(x1, y1, "left"),
             ev.release(x1, y1))
    return ctx.zones[max(ctx.zones)]


def test_first_zone_gets_the_plans_most_common_land_use(ctx, ev):
    # The layout: 0701 twice, 0802 and 1401 once each.
    assert _draw(ctx, ev, 500, 500, 600, 600).code == "0701"


def test_land_use_set_on_a_zone_is_the_next_new_zones(ctx, ev):
    ctx.history.push(set_zone_attributes(ctx.project, [2], {"code": "1401"}))
    assert _draw(ctx, ev, 500, 500, 600, 600).code == "1401"
    ctx.history.push(set_zone_attributes(ctx.project, [1, 3], {"code": "0802"}))
    assert _draw(ctx, ev, 700, 500, 800, 600).code == "0802"


def test_drawing_over_zones_is_refused_with_the_way_out_then_replaces_what_it_covers(ctx, ev):
    # A rectangle wholly on zone 2 (100..200 x 0..100): trimmed, nothing is left.
    _draw(ctx, ev, 120, 20, 180, 80)
    assert len(ctx.zones) == 4
    assert ctx.messages[-1].startswith("Cannot add the zone: nothing is left after trimming")
    assert "Replace what it covers" in ctx.messages[-1]
    ctx.options.replace_covered = True
    # Over zone 2 inside and 20 m into zone 3 (200..300 x 0..100): 60 x 60 = 3,600 m² from zone 2,
    # 20 x 60 = 1,200 m² from zone 3; the new zone keeps its 80 x 60 = 4,800 m².
    new = _draw(ctx, ev, 140, 20, 220, 80)
    assert new.id == 5 and abs(new.area_m2 - 4800) < 0.01
    assert abs(ctx.zones[2].area_m2 - (10_000 - 3_600)) < 0.01 and abs(ctx.zones[3].area_m2 - (10_000 - 1_200)) < 0.01
    assert ctx.messages[-1] == "Took 4,800 m² from zones 2, 3"
    assert ctx.history.undo_label == "Draw rectangle (replacing what it covers of 2 zones)"
    ctx.history.undo()  # one step
    assert 5 not in ctx.zones and ctx.zones[2].area_m2 == 10_000
    # A zone drawn over the whole of zone 4 (0..100 x 100..200) removes it.
    _draw(ctx, ev, -10, 95, 110, 210)
    assert 4 not in ctx.zones and ctx.messages[-1].endswith("(1 covered whole and removed)")

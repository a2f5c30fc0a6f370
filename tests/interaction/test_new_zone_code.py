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

"""Committing a drawn outline as a new zone: shared by the polygon and rectangle tools."""
from __future__ import annotations

from shapely.geometry.base import BaseGeometry

from parkplanner.core.geometry.validation import GeometryRefused
from parkplanner.core.geometry.zone_operations import default_code, new_zone_command
from parkplanner.core.model.zone import Zone
from parkplanner.interaction.tool import Tool

__all__ = ["commit_new_zone"]


def commit_new_zone(tool: Tool, geometry: BaseGeometry, verb: str) -> Zone | None:
    """Add ``geometry`` as a zone (one undo step), trimmed against neighbours when the user's
    "avoid overlap" option is on, and select it. Refusals are told to the user; None then."""
    ctx = tool.ctx
    assert ctx is not None
    code = default_code(ctx.project, ctx.options.last_code)
    try:
        new = new_zone_command(ctx.project, geometry, code, ctx.scenario_id(), ctx.options.avoid_overlap,
                               ctx.index, verb)
    except GeometryRefused as refusal:
        tool.say(f"Cannot add the zone: {refusal}")
        return None
    ctx.history.push(new.command)
    ctx.options.last_code = code
    ctx.selection.set([new.zone.id])
    tool.say(new.trim.message() or f"Added zone {new.zone.id}")
    return new.zone

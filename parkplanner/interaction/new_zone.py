"""Committing a drawn outline as a new zone: shared by the polygon and rectangle tools."""
from __future__ import annotations

from shapely.geometry.base import BaseGeometry

from parkplanner.core.geometry.validation import GeometryRefused
from parkplanner.core.geometry.zone_operations import default_code, new_zone_command, replace_covered_command
from parkplanner.core.model.zone import Zone
from parkplanner.interaction.boundary_clip import ClipResult, clip_message, clip_to_boundary
from parkplanner.interaction.tool import Tool

__all__ = ["commit_new_zone"]


def commit_new_zone(tool: Tool, geometry: BaseGeometry, verb: str) -> Zone | None:
    """Add ``geometry`` as a zone (one undo step), clipped to the project boundary and trimmed
    against neighbours when the user's "clip to boundary" and "avoid overlap" options are on, and
    select it. Refusals are told to the user; None then."""
    ctx = tool.ctx
    assert ctx is not None
    code = default_code(ctx.project, ctx.options.last_code)
    try:
        clip = clip_to_boundary(geometry, ctx.project.boundary) if ctx.options.clip_to_boundary \
            else ClipResult(geometry)
        label = f"{verb}, clipped to the boundary" if clip.clipped else verb
        if ctx.options.replace_covered:
            new = replace_covered_command(ctx.project, clip.geometry, code, ctx.scenario_id(), ctx.index, label)
        else:
            new = new_zone_command(ctx.project, clip.geometry, code, ctx.scenario_id(), ctx.options.avoid_overlap,
                                   ctx.index, label)
    except GeometryRefused as refusal:
        hint = ""
        if str(refusal).startswith("nothing is left after trimming"):  # drawn on existing zones
            hint = " (to draw over existing zones, turn on “Replace what it covers”)"
        tool.say(f"Cannot add the zone: {refusal}{hint}")
        return None
    ctx.history.push(new.command)
    ctx.options.last_code = code
    ctx.selection.set([new.zone.id])
    told = [clip_message({new.zone.id: clip.removed_m2}), new.trim.message(), new.replaced]
    tool.say("; ".join(t for t in told if t) or f"Added zone {new.zone.id}")
    return new.zone

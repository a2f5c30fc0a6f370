"""Actions on the selected zones: merge, delete, select all, and the snapping switch.

Each edit is one undo step; refusals are reported through the context's message callback and
leave the project unchanged.
"""
from __future__ import annotations

from parkplanner.core.editing.zone_commands import delete_zones
from parkplanner.core.geometry.validation import GeometryRefused
from parkplanner.interaction.tool import ToolContext

__all__ = ["merge_selected", "delete_selected", "select_all", "toggle_snapping"]


def merge_selected(ctx: ToolContext) -> bool:
    from parkplanner.core.geometry.zone_operations import merge_zones_command

    ids = sorted(ctx.selection.ids)
    if len(ids) < 2:
        ctx.message("Select at least two zones to merge")
        return False
    try:
        command = merge_zones_command(ctx.project, ids, ctx.scenario_id())
    except GeometryRefused as refusal:
        ctx.message(f"Cannot merge: {refusal}")
        return False
    ctx.history.push(command)
    kept = next(i for i, z in command.after.items() if z is not None)
    ctx.selection.set([kept])
    ctx.message(command.label)
    return True


def delete_selected(ctx: ToolContext) -> bool:
    ids = [i for i in sorted(ctx.selection.ids) if i in ctx.zones]
    if not ids:
        return False
    label = f"Delete zone {ids[0]}" if len(ids) == 1 else f"Delete {len(ids)} zones"
    ctx.history.push(delete_zones(ctx.project, ids, ctx.scenario_id(), label=label))
    ctx.message(label)
    return True


def select_all(ctx: ToolContext) -> bool:
    ctx.selection.set(ctx.zones)
    return True


def toggle_snapping(ctx: ToolContext) -> bool:
    enabled = ctx.snapper.toggle()
    ctx.message("Snapping on" if enabled else "Snapping off")
    return enabled

"""Map-editing benchmarks: the Qt-free tool work behind one pointer event, and topology checks.

The canvas repaint is not included (see the canvas benchmarks); these figures are what the
interaction layer adds to each event.
"""
from __future__ import annotations

from _harness import benchmark, time_samples

#: Enough pointer events per size for a stable median.
MIN_EVENTS = 60


def _tool_context(project):
    from parkplanner.core.editing import History
    from parkplanner.interaction.tool import ToolContext

    return ToolContext.create(project, History(project))


def _middle_zone(project):
    zones = project.active_scenario.zones
    ids = list(zones)
    return zones[ids[len(ids) // 2 + int(len(ids) ** 0.5) // 2]]


def _tool_on_middle_zone(ctx, tool_class):
    """A fresh ``tool_class`` activated with the middle zone of ``ctx``'s project selected."""
    project = ctx.project()
    tools = _tool_context(project)
    zone = _middle_zone(project)
    tools.selection.set([zone.id])
    tool = tool_class()
    tool.activate(tools)
    return tools, zone, tool


@benchmark("topology_check", sizes=(2_000, 20_000, 100_000))
def topology_check(ctx):
    """check_topology of the active scenario against the project boundary (what `validate` runs)."""
    from parkplanner.core.geometry.topology import check_topology

    project = ctx.project()
    zones = project.active_scenario.zones
    return time_samples(lambda: check_topology(zones, project.boundary), repeat=ctx.repeat)


@benchmark("edit_vertex_drag_event", sizes=(2_000, 20_000, 100_000))
def edit_vertex_drag_event(ctx):
    """One pointer move while dragging a vertex: snap, move the vertex, validate, merged history push."""
    from parkplanner.core.geometry.editing import vertex_array
    from parkplanner.interaction.edit_vertices_tool import EditVerticesTool
    from parkplanner.interaction.pointer import PointerEvent

    tools, zone, tool = _tool_on_middle_zone(ctx, EditVerticesTool)
    x, y = vertex_array(zone.geometry)[0][0]
    tool.on_pointer(PointerEvent("press", x, y, "left", pixel_size=0.2))
    step = [0]

    def move():
        step[0] += 1
        offset = (step[0] % 20) * 0.1  # small wiggle: stays valid, snaps sometimes
        tool.on_pointer(PointerEvent("move", x + offset, y + offset, "left", pixel_size=0.2))

    samples = time_samples(move, repeat=max(MIN_EVENTS, ctx.repeat), warmup=3)
    tool.on_pointer(PointerEvent("release", x, y, "left", pixel_size=0.2))
    return samples


@benchmark("edit_draw_zone", sizes=(2_000, 20_000, 100_000))
def edit_draw_zone(ctx):
    """Finish a drawn polygon overlapping four parcels: close it, trim against neighbours, push."""
    from parkplanner.interaction.draw_polygon_tool import DrawPolygonTool
    from parkplanner.interaction.pointer import KeyEvent, PointerEvent

    project = ctx.project()
    tools = _tool_context(project)
    tool = DrawPolygonTool()
    tool.activate(tools)
    cx, cy = _middle_zone(project).geometry.centroid.coords[0]
    samples = []
    for _ in range(max(15, ctx.repeat)):
        for dx, dy in ((-20, -20), (170, -20), (170, 170), (-20, 170)):
            tool.on_pointer(PointerEvent("press", cx + dx, cy + dy, "left", pixel_size=0.2))
        samples.extend(time_samples(lambda: tool.on_key(KeyEvent("Return")), repeat=1, warmup=0))
        tools.history.undo()
    return samples


@benchmark("edit_split_zone", sizes=(2_000, 20_000, 100_000))
def edit_split_zone(ctx):
    """Split the zone under a drawn line (Enter in the split tool), then undo (untimed)."""
    from parkplanner.interaction.pointer import KeyEvent, PointerEvent
    from parkplanner.interaction.split_tool import SplitTool

    tools, zone, tool = _tool_on_middle_zone(ctx, SplitTool)
    x0, y0, x1, y1 = zone.geometry.bounds
    xm = (x0 + x1) / 2
    samples = []
    for _ in range(max(15, ctx.repeat)):
        for y in (y0 - 5, y1 + 5):
            tool.on_pointer(PointerEvent("press", xm, y, "left", pixel_size=0.2))
        samples.extend(time_samples(lambda: tool.on_key(KeyEvent("Return")), repeat=1, warmup=0))
        tools.history.undo()
        tools.selection.set([zone.id])
    return samples

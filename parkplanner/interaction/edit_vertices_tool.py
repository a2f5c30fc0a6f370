"""Edit zone outlines vertex by vertex.

The tool edits the selected zones, or the zone under the pointer when nothing is selected.
Dragging a vertex reshapes the zone live; the whole drag is ONE undo step (merge_key, closed with
end_merge on release), clipped to the project boundary when "clip to boundary" is on and trimmed
against the neighbours when "avoid overlap" is on, both on release.
A double-click on an edge inserts a vertex; Delete or Backspace removes the hovered or selected
vertex. With "topological editing" on, vertices of other zones at the same place move, appear
and disappear along, so shared borders stay shared. Edits that would make a zone invalid are
refused with a message and leave it unchanged (a drag stays at its last valid position).
Esc mid-drag undoes the drag and leaves no Redo step behind.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import count

from shapely.geometry import Point as ShapelyPoint

from parkplanner.core.editing.zone_commands import reshape_zones
from parkplanner.core.geometry.editing import (
    VertexRef, delete_vertex, insert_vertex, move_vertex, nearest_edge, nearest_vertex, vertex_array, vertex_at,
)
from parkplanner.core.geometry.validation import GeometryRefused
from parkplanner.core.geometry.zone_operations import trim_zone_command
from parkplanner.core.model.zone import Zone
from parkplanner.interaction.boundary_clip import clip_message, clip_zones_command
from parkplanner.interaction.pointer import KeyEvent, PointerEvent
from parkplanner.interaction.tool import Point, Preview, Tool

__all__ = ["EditVerticesTool"]

_drag_numbers = count(1)
#: Vertices of other zones closer than this to the dragged one are the same vertex.
COINCIDENT_M = 1e-6


@dataclass
class _Drag:
    """One vertex drag: the zones it moves as they were at the press, and which vertices."""

    zone_id: int
    originals: dict[int, Zone]
    refs: dict[int, list[VertexRef]]
    key: object = field(default_factory=lambda: ("vertex drag", next(_drag_numbers)))
    pushed: bool = False

    @property
    def label(self) -> str:
        if len(self.refs) == 1:
            return f"Move vertex of zone {self.zone_id}"
        return "Move shared vertex of zones " + ", ".join(map(str, sorted(self.refs)))


class EditVerticesTool(Tool):
    name = "edit_vertices"
    shortcut = "E"
    cursor = "pointing"
    hint = "Drag a vertex to move it, double-click an edge to add one, Delete removes the highlighted vertex"

    def _reset(self) -> None:
        self._hover_zone: int | None = None
        #: The vertex picked by the last press (or inserted), and the one under the pointer.
        self._vertex: tuple[int, VertexRef] | None = None
        self._hovered: tuple[int, VertexRef] | None = None
        self._drag: _Drag | None = None
        self._refusal = ""

    @property
    def busy(self) -> bool:
        return self._drag is not None

    def activate(self, ctx) -> None:
        super().activate(ctx)
        # Handles must follow undo/redo, edits from other panels and selection changes.
        ctx.selection.changed.connect(self._on_outside_change)
        ctx.history.changed.connect(self._on_outside_change)
        self._refresh()  # the selected zones' handles show at once

    def deactivate(self) -> None:
        if self.ctx is not None:
            self.ctx.selection.changed.disconnect(self._on_outside_change)
            self.ctx.history.changed.disconnect(self._on_outside_change)
        super().deactivate()

    def _on_outside_change(self, _changes) -> None:
        if self.ctx is not None and self._drag is None:
            self._refresh()

    # -- targets -------------------------------------------------------------------------------
    def _targets(self) -> list[int]:
        zones = self.ctx.zones
        if self.ctx.selection:
            return [i for i in sorted(self.ctx.selection.ids) if i in zones]
        return [self._hover_zone] if self._hover_zone in zones else []

    def _vertex_near(self, ev: PointerEvent) -> tuple[int, VertexRef] | None:
        """The target vertex nearest to the pointer within the hit tolerance."""
        zones = self.ctx.zones
        best: tuple[float, int, VertexRef] | None = None
        for zone_id in self._targets():
            geometry = zones[zone_id].geometry
            ref = nearest_vertex(geometry, ev.x, ev.y, self.tolerance(ev))
            if ref is not None:
                distance = math.dist(vertex_at(geometry, ref), ev.point)
                if best is None or distance < best[0]:
                    best = (distance, zone_id, ref)
        return None if best is None else (best[1], best[2])

    def _coincident(self, zone_id: int, ref: VertexRef) -> dict[int, list[VertexRef]]:
        """Vertices of other zones at the same place (topological editing moves them along)."""
        zones = self.ctx.zones
        x, y = vertex_at(zones[zone_id].geometry, ref)
        linked: dict[int, list[VertexRef]] = {}
        for other in self.ctx.index.near(ShapelyPoint(x, y), COINCIDENT_M):
            if other == zone_id:
                continue
            coords, refs = vertex_array(zones[other].geometry)
            close = (abs(coords[:, 0] - x) <= COINCIDENT_M) & (abs(coords[:, 1] - y) <= COINCIDENT_M)
            if close.any():
                linked[other] = [r for r, hit in zip(refs, close) if hit]
        return linked

    def _valid(self, vertex: tuple[int, VertexRef] | None) -> tuple[int, VertexRef] | None:
        """``vertex`` if it still exists (undo may have changed the zone under us)."""
        if vertex is None or vertex[0] not in self.ctx.zones:
            return None
        try:
            vertex_at(self.ctx.zones[vertex[0]].geometry, vertex[1])
        except IndexError:
            return None
        return vertex

    # -- events --------------------------------------------------------------------------------
    def on_move(self, ev: PointerEvent) -> bool:
        if self._drag is not None:
            self._drag_to(ev)
            return True
        if not self.ctx.selection:
            hits = self.ctx.index.at_point(ev.x, ev.y, self.tolerance(ev))
            self._hover_zone = hits[0] if hits else None
        self._hovered = self._vertex_near(ev)
        self._refresh()
        return False

    def on_press(self, ev: PointerEvent) -> bool:
        if ev.button != "left":
            return False
        if not self.ctx.selection:
            hits = self.ctx.index.at_point(ev.x, ev.y, self.tolerance(ev))
            self._hover_zone = hits[0] if hits else None
        hit = self._vertex_near(ev)
        self._vertex = hit
        if hit is None:
            self._refresh()
            return False
        zone_id, ref = hit
        refs = {zone_id: [ref]}
        if self.ctx.options.topological_editing:
            refs.update(self._coincident(zone_id, ref))
        self._drag = _Drag(zone_id, {i: self.ctx.zones[i] for i in refs}, refs)
        self._refusal = ""
        self._refresh()
        return True

    def on_release(self, ev: PointerEvent) -> bool:
        if self._drag is None or ev.button != "left":
            return False
        drag, self._drag = self._drag, None
        if drag.pushed:
            self._clip_after_drag(drag)
            self._trim_after_drag(drag)
        self.ctx.history.end_merge()
        self._refresh()
        return True

    def on_double_click(self, ev: PointerEvent) -> bool:
        if ev.button != "left" or self._vertex_near(ev) is not None:
            return False
        zones = self.ctx.zones
        for zone_id in self._targets():
            hit = nearest_edge(zones[zone_id].geometry, ev.x, ev.y, self.tolerance(ev))
            if hit is None:
                continue
            edge, foot = hit
            try:
                geometries = {zone_id: insert_vertex(zones[zone_id].geometry, edge, *foot)}
                if self.ctx.options.topological_editing:
                    geometries.update(self._insert_in_neighbours(zone_id, foot))
            except GeometryRefused as refusal:
                self.say(f"Cannot insert a vertex: {refusal}")
                return True
            self._push(geometries, f"Insert vertex in zone {zone_id}", "Insert shared vertex in zones")
            self._vertex = self._hovered = (zone_id, VertexRef(edge.part, edge.ring, edge.index + 1))
            self._refresh()
            return True
        return False

    def on_key(self, ev: KeyEvent) -> bool:
        if ev.key == "Escape" and self._drag is not None:
            self.cancel()
            return True
        if ev.key in ("Delete", "Backspace") and self._drag is None:
            vertex = self._highlighted()
            if vertex is None:
                return False  # let Delete fall through to "delete the selected zones"
            self._delete(*vertex)
            return True
        if ev.key == "Escape" and self._vertex is not None:
            self._vertex = None
            self._refresh()
            return True
        return super().on_key(ev)

    def cancel(self) -> None:
        if self._drag is not None and self._drag.pushed and self.ctx is not None:
            # Undo the drag's merged step (the zone goes back) and drop it so Redo cannot replay it.
            self.ctx.history.undo()
            self.ctx.history.discard_redo()
        super().cancel()

    # -- edits ---------------------------------------------------------------------------------
    def _drag_to(self, ev: PointerEvent) -> None:
        drag = self._drag
        snap = self.snap(ev, exclude_zone_ids=drag.refs)
        geometries = {}
        try:
            for zone_id, refs in drag.refs.items():
                geometry = drag.originals[zone_id].geometry
                for ref in refs:
                    geometry = move_vertex(geometry, ref, *snap.point)
                geometries[zone_id] = geometry
        except GeometryRefused as refusal:
            if str(refusal) != self._refusal:
                self._refusal = str(refusal)
                self.say(f"Cannot move the vertex there: {refusal}")
            self._refresh(snap)
            return
        self._refusal = ""
        ctx = self.ctx
        ctx.history.push(reshape_zones(ctx.project, geometries, ctx.scenario_id(), label=drag.label,
                                       merge_key=drag.key))
        drag.pushed = True
        self._refresh(snap)

    def _clip_after_drag(self, drag: _Drag) -> None:
        ctx = self.ctx
        if not ctx.options.clip_to_boundary:
            return
        try:
            command, removed = clip_zones_command(ctx.project, drag.refs, ctx.scenario_id(), drag.label, drag.key)
        except GeometryRefused as refusal:
            self.say(f"Not clipped: {refusal}")
            return
        if command is not None:
            ctx.history.push(command)  # same merge_key: still the one step of this drag
            self._vertex = self._hovered = None  # clipping renumbers the vertices
            self.say(clip_message(removed))

    def _trim_after_drag(self, drag: _Drag) -> None:
        ctx = self.ctx
        if not ctx.options.avoid_overlap:
            return
        try:
            command, trim = trim_zone_command(ctx.project, drag.zone_id, ctx.scenario_id(), ctx.index,
                                              label=drag.label, merge_key=drag.key)
        except GeometryRefused as refusal:
            self.say(f"Not trimmed: {refusal}")
            return
        if command is not None:
            ctx.history.push(command)  # same merge_key: still the one step of this drag
            self._vertex = self._hovered = None  # trimming renumbers the vertices
            self.say(trim.message())

    def _delete(self, zone_id: int, ref: VertexRef) -> None:
        zones = self.ctx.zones
        refs = {zone_id: [ref]}
        if self.ctx.options.topological_editing:
            refs.update(self._coincident(zone_id, ref))
        try:
            geometries = {}
            for other, other_refs in refs.items():
                geometry = zones[other].geometry
                # Highest index first, so the refs still left point at the same vertices.
                for r in sorted(other_refs, key=lambda r: (r.part, r.ring, -r.index)):
                    geometry = delete_vertex(geometry, r)
                geometries[other] = geometry
        except GeometryRefused as refusal:
            self.say(f"Cannot delete the vertex: {refusal}")
            return
        self._push(geometries, f"Delete vertex of zone {zone_id}", "Delete shared vertex of zones")
        self._vertex = self._hovered = None
        self._refresh()

    def _insert_in_neighbours(self, zone_id: int, point: Point) -> dict[int, object]:
        """Other zones whose border runs through ``point``, with a vertex inserted there."""
        zones = self.ctx.zones
        geometries = {}
        for other in self.ctx.index.near(ShapelyPoint(point), COINCIDENT_M):
            geometry = zones[other].geometry
            if other == zone_id or nearest_vertex(geometry, *point, COINCIDENT_M) is not None:
                continue
            hit = nearest_edge(geometry, *point, COINCIDENT_M)
            if hit is not None:
                geometries[other] = insert_vertex(geometry, hit[0], *point)
        return geometries

    def _push(self, geometries: dict[int, object], single_label: str, shared_label: str) -> None:
        ctx = self.ctx
        label = single_label if len(geometries) == 1 else f"{shared_label} {', '.join(map(str, sorted(geometries)))}"
        ctx.history.push(reshape_zones(ctx.project, geometries, ctx.scenario_id(), label=label))

    def _highlighted(self) -> tuple[int, VertexRef] | None:
        """The vertex Delete acts on: the one under the pointer, else the picked one."""
        if self._drag is not None:
            return self._valid(self._vertex)  # the dragged vertex
        return self._valid(self._hovered) or self._valid(self._vertex)

    def _refresh(self, snap=None) -> None:
        zones = self.ctx.zones
        handles: list[Point] = []
        for zone_id in self._targets():
            coords, _ = vertex_array(zones[zone_id].geometry)
            handles.extend((float(x), float(y)) for x, y in coords)
        highlighted = self._highlighted()
        point = vertex_at(zones[highlighted[0]].geometry, highlighted[1]) if highlighted else None
        self._set_preview(Preview(handles=tuple(handles), highlighted=point).with_snap(snap))

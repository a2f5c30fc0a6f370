"""Select zones and move them.

Click selects the zone under the pointer (Shift or Ctrl+click toggles it). A drag selects with a
box (Shift adds, Ctrl removes) wherever it starts: a park is covered by zones, so "a drag from
empty map" would be rare and a drag that grabs whatever zone lies under it moves zones by
accident. Moving is deliberate, as in QGIS: only a plain drag that starts on an *already selected*
zone moves the selection. While moving, the canvas shows the outlines at their new place; the
release commits ONE undo step ("Move 3 zones"), so Esc mid-drag leaves the project and the
history untouched. With "avoid overlap" on, the moved zones are trimmed against the zones they
now cover in that same step, like any other edit; otherwise the message says what they overlap.
The grab point snaps: grab a zone near its vertex and that vertex snaps onto other zones.
"""
from __future__ import annotations

import math

import numpy as np

from parkplanner.core.geometry.editing import nearest_vertex, overlap_areas, translate, vertex_at
from parkplanner.core.geometry.validation import GeometryRefused
from parkplanner.core.geometry.zone_operations import neighbours_of, translate_zones_command, trim_zone_command
from parkplanner.core.model.zone import Zone
from parkplanner.interaction.pointer import PointerEvent
from parkplanner.interaction.readout import format_length
from parkplanner.interaction.selection import apply_box, apply_click
from parkplanner.interaction.tool import DRAG_THRESHOLD_PX, Point, Preview, Tool, geometry_rings

__all__ = ["SelectMoveTool"]


class SelectMoveTool(Tool):
    name = "select"
    shortcut = "V"
    cursor = "arrow"
    hint = "Click to select (Shift+click adds), drag a box to select, drag a selected zone to move it"

    def _reset(self) -> None:
        # "pick": pressed on a zone that is not selected (click selects it, drag draws a box);
        # "click": pressed on a selected zone (drag moves the selection); "box"; "move".
        self._mode: str | None = None
        self._press: Point | None = None
        self._hit: int | None = None
        self._anchor: Point | None = None
        self._anchor_is_vertex = False
        self._originals: dict[int, Zone] = {}
        self._offset: Point = (0.0, 0.0)

    @property
    def busy(self) -> bool:
        return self._mode in ("box", "move")

    # -- events --------------------------------------------------------------------------------
    def on_press(self, ev: PointerEvent) -> bool:
        if ev.button != "left":
            return False
        ctx = self.ctx
        # Inside a zone first; else within the hit tolerance, so a zone can be grabbed by its corner.
        hits = ctx.index.at_point(ev.x, ev.y) or ctx.index.at_point(ev.x, ev.y, self.tolerance(ev))
        self._press = ev.point
        self._hit = hits[0] if hits else None
        if self._hit is None:
            self._mode = "box"
            return True
        if ev.shift or ev.ctrl or self._hit not in ctx.selection:
            self._mode = "pick"  # the release decides: a click selects, a drag draws a box
            return True
        self._mode = "click"
        geometry = ctx.zones[self._hit].geometry
        ref = nearest_vertex(geometry, ev.x, ev.y, self.tolerance(ev))
        self._anchor = vertex_at(geometry, ref) if ref is not None else ev.point
        self._anchor_is_vertex = ref is not None
        return True

    def on_move(self, ev: PointerEvent) -> bool:
        if self._mode is None or self._press is None:
            return False
        dragged = math.dist(ev.point, self._press) >= DRAG_THRESHOLD_PX * ev.pixel_size
        if self._mode == "pick" and dragged:
            self._mode = "box"
        if self._mode == "click" and dragged:
            zones = self.ctx.zones
            self._originals = {i: zones[i] for i in sorted(self.ctx.selection.ids) if i in zones}
            self._mode = "move"
        if self._mode == "move":
            target = (self._anchor[0] + ev.x - self._press[0], self._anchor[1] + ev.y - self._press[1])
            snap = None
            if self._anchor_is_vertex:  # only a grabbed vertex snaps; a zone grabbed inside moves freely
                snap = self.ctx.snapper.snap(*target, ev.pixel_size, exclude_zone_ids=self._originals)
                target = snap.point
            self._offset = (target[0] - self._anchor[0], target[1] - self._anchor[1])
            self._show_move(snap)
        elif self._mode == "box":
            (x0, y0), (x1, y1) = self._press, ev.point
            self._set_preview(Preview(box=(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))))
        return True

    def on_release(self, ev: PointerEvent) -> bool:
        if ev.button != "left" or self._mode is None:
            return False
        ctx = self.ctx
        mode, press, hit = self._mode, self._press, self._hit
        if mode == "move":
            self._commit_move()
        elif mode == "pick":
            apply_click(ctx.selection, hit, ev.modifiers)
        elif mode == "box":
            if math.dist(ev.point, press) < DRAG_THRESHOLD_PX * ev.pixel_size:
                apply_click(ctx.selection, None, ev.modifiers)
            else:
                ids = ctx.index.in_box(press[0], press[1], ev.x, ev.y)
                apply_box(ctx.selection, ids, ev.modifiers)
        elif mode == "click" and len(ctx.selection) > 1:
            ctx.selection.set([hit])  # a plain click on one of many selected zones selects it alone
        self.cancel()
        return True

    # -- moving --------------------------------------------------------------------------------
    def _commit_move(self) -> None:
        dx, dy = self._offset
        if not self._originals or (dx, dy) == (0.0, 0.0):
            return
        ctx = self.ctx
        command = translate_zones_command(ctx.project, self._originals, dx, dy, ctx.scenario_id())
        text = f"{command.label} by {format_length(math.hypot(dx, dy))}"
        with ctx.history.group(command.label):  # the move and its trimming are one undo step
            ctx.history.push(command)
            overlap = self._overlap_after_move(command.after)
            if overlap and ctx.options.avoid_overlap:
                text += "; " + self._trim_moved(list(command.after))
            elif overlap:
                ids, area = overlap
                names = f"zone {ids[0]}" if len(ids) == 1 else "zones " + ", ".join(map(str, ids))
                text += f"; now overlapping {names} by {area:,.0f} m²"
        self.say(text)

    def _trim_moved(self, moved_ids: list[int]) -> str:
        """Trim each moved zone against what it now covers; what was trimmed, or why not."""
        ctx = self.ctx
        taken: dict[int, float] = {}
        refused = []
        for zone_id in moved_ids:
            try:
                command, trim = trim_zone_command(ctx.project, zone_id, ctx.scenario_id(), ctx.index,
                                                  label="Move")
            except GeometryRefused:
                refused.append(zone_id)  # it lies wholly on other zones: kept whole, and said so
                continue
            if command is not None:
                ctx.history.push(command)
                for other, area in trim.trimmed.items():
                    taken[other] = taken.get(other, 0.0) + area
        parts = []
        if taken:
            ids = sorted(taken)
            names = f"zone {ids[0]}" if len(ids) == 1 else "zones " + ", ".join(map(str, ids))
            parts.append(f"trimmed {sum(taken.values()):,.0f} m² against {names}")
        if refused:
            names = ", ".join(map(str, refused))
            parts.append(f"zone{'s' if len(refused) > 1 else ''} {names} not trimmed (nothing would be left); "
                         "they overlap other zones")
        return "; ".join(parts)

    def _overlap_after_move(self, moved: dict) -> tuple[list[int], float] | None:
        zones = self.ctx.zones
        others: set[int] = set()
        area = 0.0
        for zone in moved.values():
            near = neighbours_of(zones, zone.geometry, self.ctx.index, exclude=moved)
            shared = overlap_areas(zone.geometry, near)
            others |= set(shared)
            area += sum(shared.values())
        return (sorted(others), area) if others else None

    def _show_move(self, snap) -> None:
        geoms = np.empty(len(self._originals), dtype=object)
        geoms[:] = [z.geometry for z in self._originals.values()]
        moved = translate(geoms, *self._offset)
        rings = tuple(ring for g in moved for ring in geometry_rings(g))
        self._set_preview(Preview(rings=rings, measure_text=format_length(math.hypot(*self._offset)))
                          .with_snap(snap))

"""The canvas tool contract: Qt-free state machines fed with map-coordinate events.

A tool owns its transient state and its preview (rubber bands, handles, snap marker); it touches
the project only through ``ctx.history`` and commits one undo step per user action. The canvas
draws ``tool.preview`` when ``preview_changed`` fires, shows ``status`` in the status bar and
``message`` texts (e.g. "Trimmed 132 m² against zone 12") as transient notes.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Callable, Iterable

from parkplanner.core.events import Signal
from parkplanner.interaction.pointer import KeyEvent, PointerEvent

if TYPE_CHECKING:  # only for annotations: keeps the import graph free of cycles
    from parkplanner.core.editing.command import History
    from parkplanner.core.geometry.snapping import SnapResult, Snapper
    from parkplanner.core.geometry.spatial_index import SpatialIndex
    from parkplanner.core.model.project import Project
    from parkplanner.core.model.scenario import Scenario
    from parkplanner.core.model.zone import Zone
    from parkplanner.interaction.selection import Selection

__all__ = ["Point", "Preview", "EMPTY_PREVIEW", "EditOptions", "ToolContext", "Tool", "HIT_TOLERANCE_PX",
           "DRAG_THRESHOLD_PX", "geometry_rings"]

Point = tuple[float, float]
#: How close (in screen pixels) the pointer must be to a vertex or edge to hit it.
HIT_TOLERANCE_PX = 8.0
#: A press followed by less movement than this (screen pixels) is a click, not a drag.
DRAG_THRESHOLD_PX = 3.0


@dataclass(frozen=True, slots=True)
class Preview:
    """What the canvas draws on top of the zones for the active tool, in map coordinates."""

    #: Closed outlines: the polygon being drawn, zones being moved.
    rings: tuple[tuple[Point, ...], ...] = ()
    #: Open polylines: the split line, the measured path, the rubber band to the pointer.
    lines: tuple[tuple[Point, ...], ...] = ()
    #: Vertex handles of the zone(s) being edited or the polygon being drawn.
    handles: tuple[Point, ...] = ()
    #: The vertex under the pointer or the selected vertex.
    highlighted: Point | None = None
    #: Where the pointer snapped to, and to what ("vertex" or "edge").
    snap_point: Point | None = None
    snap_kind: str | None = None
    #: Rubber-band selection box (xmin, ymin, xmax, ymax).
    box: tuple[float, float, float, float] | None = None
    #: Distance/area read-out shown next to the pointer.
    measure_text: str = ""

    def with_snap(self, snap: "SnapResult | None") -> "Preview":
        if snap is None or snap.kind is None:
            return replace(self, snap_point=None, snap_kind=None)
        return replace(self, snap_point=snap.point, snap_kind=snap.kind)


EMPTY_PREVIEW = Preview()


def geometry_rings(geom) -> tuple[tuple[Point, ...], ...]:
    """Every ring (exteriors and holes) of a (multi)polygon as coordinate tuples for a Preview."""
    parts = [geom] if geom.geom_type == "Polygon" else list(getattr(geom, "geoms", ()))
    return tuple(tuple((float(x), float(y)) for x, y, *_ in ring.coords)
                 for part in parts for ring in (part.exterior, *part.interiors))


@dataclass(slots=True)
class EditOptions:
    """User choices shared by all tools (view state, never on the history)."""

    #: Trim new and reshaped zones against their neighbours so zones never overlap.
    avoid_overlap: bool = True
    #: Dragging a vertex also moves the vertices of other zones at the same place (QGIS's
    #: "topological editing"), so shared borders stay shared.
    topological_editing: bool = False
    #: New and reshaped zones keep only what lies inside the project boundary (the red line).
    clip_to_boundary: bool = False
    #: A new zone wins over the zones it is drawn on: they lose what it covers (and go when it
    #: covers them whole), instead of the new zone being trimmed against them.
    replace_covered: bool = False
    #: The land-use code the last drawn zone got; new zones reuse it.
    last_code: str | None = None


@dataclass
class ToolContext:
    """Everything a tool may use. ``scenario_id()`` names the scenario being edited."""

    project: "Project"
    history: "History"
    selection: "Selection"
    snapper: "Snapper"
    scenario_id: Callable[[], str]
    message: Callable[[str], None] = lambda text: None
    options: EditOptions = field(default_factory=EditOptions)

    @property
    def scenario(self) -> "Scenario":
        return self.project.scenario(self.scenario_id())

    @property
    def zones(self) -> dict[int, "Zone"]:
        return self.scenario.zones

    @property
    def index(self) -> "SpatialIndex":
        return self.snapper.index

    @classmethod
    def create(cls, project: "Project", history: "History",
               message: Callable[[str], None] = lambda text: None) -> "ToolContext":
        """The usual wiring: selection, spatial index and snapper following the active scenario."""
        from parkplanner.core.geometry.snapping import Snapper
        from parkplanner.core.geometry.spatial_index import SpatialIndex
        from parkplanner.interaction.selection import Selection

        index = SpatialIndex(project, history)
        ctx = cls(project, history, Selection(project, history), Snapper(project, index),
                  lambda: project.active_scenario_id, message)
        history.changed.connect(ctx._remember_land_use)
        return ctx

    def _remember_land_use(self, changes) -> None:
        """A land use set in the inspector (or any attribute edit of zones of one class) is the
        "last land use used" that the next drawn zone gets, not only the last drawn one."""
        from parkplanner.core.editing.change import ChangeKind

        zones = self.zones
        for change in changes:
            if change.kind is ChangeKind.ZONES_ATTRIBUTES and change.scenario_id == self.scenario_id():
                codes = set()
                for zone_id in change.zone_ids:  # stops at a second class: a workshop step names thousands
                    zone = zones.get(zone_id)
                    if zone is not None:
                        codes.add(zone.code)
                        if len(codes) > 1:
                            break
                if len(codes) == 1:
                    self.options.last_code = codes.pop()


class Tool:
    """Base class: dispatches events, keeps preview/status, turns Esc into ``cancel``.

    Subclasses override ``on_press``/``on_move``/``on_release``/``on_double_click``/``on_key``
    (return True when they consumed the event, so the canvas does not pan) and ``_reset``.
    """

    name = "tool"
    #: Single-letter keyboard shortcut handled by the ToolController.
    shortcut = ""
    #: Cursor shape name for the canvas: "arrow", "cross", "pointing", "size_all", ...
    cursor = "arrow"
    #: Status-bar hint while the tool is idle.
    hint = ""

    def __init__(self) -> None:
        #: Emitted (no args) whenever ``preview`` changed.
        self.preview_changed = Signal()
        #: Emitted (str) with a transient status-bar note.
        self.message = Signal()
        #: Emitted (str) when ``status`` changed.
        self.status_changed = Signal()
        self.ctx: ToolContext | None = None
        self._preview = EMPTY_PREVIEW
        self._status = ""

    # -- lifecycle -----------------------------------------------------------------------------
    def activate(self, ctx: ToolContext) -> None:
        self.ctx = ctx
        self._reset()
        self._set_preview(EMPTY_PREVIEW)
        self._set_status(self.hint)

    def deactivate(self) -> None:
        self.cancel()
        self._set_status("")
        self.ctx = None

    def cancel(self) -> None:
        """Abandon whatever is in progress; nothing of it stays on the history."""
        self._reset()
        self._set_preview(EMPTY_PREVIEW)
        self._set_status(self.hint)

    @property
    def busy(self) -> bool:
        """True in the middle of a gesture (drawing, dragging): Esc then cancels it."""
        return False

    def _reset(self) -> None:
        """Forget transient state (subclasses)."""

    # -- events --------------------------------------------------------------------------------
    def on_pointer(self, ev: PointerEvent) -> bool:
        if self.ctx is None:
            return False
        handler = {"press": self.on_press, "move": self.on_move, "release": self.on_release,
                   "double_click": self.on_double_click}[ev.kind]
        return handler(ev)

    def on_press(self, ev: PointerEvent) -> bool:
        return False

    def on_move(self, ev: PointerEvent) -> bool:
        return False

    def on_release(self, ev: PointerEvent) -> bool:
        return False

    def on_double_click(self, ev: PointerEvent) -> bool:
        return False

    def on_key(self, ev: KeyEvent) -> bool:
        if self.ctx is not None and ev.key == "Escape" and self.busy:
            self.cancel()
            return True
        return False

    # -- output --------------------------------------------------------------------------------
    @property
    def preview(self) -> Preview:
        return self._preview

    @property
    def status(self) -> str:
        return self._status

    def _set_preview(self, preview: Preview) -> None:
        if preview != self._preview:
            self._preview = preview
            self.preview_changed.emit()

    def _set_status(self, text: str) -> None:
        if text != self._status:
            self._status = text
            self.status_changed.emit(text)

    def say(self, text: str) -> None:
        """Tell the user what happened: ``message`` listeners and the context's callback."""
        self.message.emit(text)
        if self.ctx is not None:
            self.ctx.message(text)

    # -- helpers for subclasses ----------------------------------------------------------------
    def snap(self, ev: PointerEvent, exclude_zone_ids: Iterable[int] = frozenset(),
             extra_vertices: Iterable[Point] = ()) -> "SnapResult":
        assert self.ctx is not None
        return self.ctx.snapper.snap(ev.x, ev.y, ev.pixel_size, exclude_zone_ids=exclude_zone_ids,
                                     extra_vertices=extra_vertices)

    @staticmethod
    def tolerance(ev: PointerEvent) -> float:
        return HIT_TOLERANCE_PX * ev.pixel_size

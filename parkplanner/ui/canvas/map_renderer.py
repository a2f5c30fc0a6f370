"""Draws the map (context, zones, outlines, labels) of one project into an image, widget-free.

The canvas uses it to fill its cached layer image; exports, tests and benchmarks use it
directly. It follows the project through ``apply_changes``, which reports the map box of each
zone a change draws differently so the caller repaints only those parts of its cache.

It keeps the zone layers of the ``KEPT_LAYERS`` scenarios shown last (at 20,000 zones about 5 MB
of records each, plus up to 8 MB of paths, shared with the layer it was copied from until a tile
changes). A switch brings the target's kept layer in line by zone identity, or copies the shown
layer for a scenario seen for the first time, and reports only the boxes of the zones the two
scenarios draw differently (``RepaintNeed.switched`` tells the canvas to swap pictures first).
At city scale a plain switch is brought in line on a worker (``start_switch``, layer_switch.py):
until it lands, ``drawn_zones`` is the layer left, and reading ``zones`` lands it first.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import shapely
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage

from parkplanner.core.collector import collector_paused
from parkplanner.core.editing.change import ChangeKind, ProjectChange
from parkplanner.core.model.project import Project
from parkplanner.ui import prepared
from parkplanner.ui.kept_per_scenario import KeptPerScenario
from parkplanner.ui.canvas.basemap_layer import BaseMapPainter
from parkplanner.ui.canvas.frame_plan import FramePlan
from parkplanner.ui.canvas.labels import LabelPlacer, PlacedLabel
from parkplanner.ui.canvas.layer_switch import SWITCH_ON_WORKER, LayerSwitch
from parkplanner.ui.canvas.map_bounds import DrawnBoxes
from parkplanner.ui.canvas.reference_layers import ContextPainter, OutlinePainter
from parkplanner.ui.canvas.repaint_patch import Patch
from parkplanner.ui.canvas.viewport import Viewport
from parkplanner.ui.canvas.zone_layer import DRAWN_ATTRIBUTES, Bounds, ZoneLayer, union_bounds

__all__ = ["MapRenderer", "RepaintNeed", "KEPT_LAYERS", "ZONE_LAYER_KEY", "data_origin", "origin_made_from"]

#: Where opening leaves the shown scenario's zone layer built on its worker (``ui.prepared``).
ZONE_LAYER_KEY = "canvas zone layer"
#: ... and the data's origin (the bounds of every zone: ~25 ms of the GUI thread at 100,000 zones).
ORIGIN_KEY = "canvas data origin"

#: Scenarios whose zone layers stay ready for a switch.
KEPT_LAYERS = 4


class RepaintNeed:
    """What a batch of changes asks of the picture: nothing, some map boxes, or everything.

    ``area`` is the union of ``boxes``, the map boxes of the zones drawn differently (a patch
    redraws them one by one, see ``repaint_patch``; an area alone counts as reshaped).
    ``switched`` is (scenario id, zone layer) shown before a scenario switch: the picture now
    belongs to another scenario, and ``boxes`` are where the two differ.
    """

    __slots__ = ("area", "boxes", "everything", "switched")

    def __init__(self, area: Bounds | None = None, everything: bool = False,
                 switched: tuple[str, ZoneLayer] | None = None, boxes: DrawnBoxes | None = None) -> None:
        self.area, self.everything, self.switched = area, everything, switched
        self.boxes = boxes if boxes is not None else DrawnBoxes([] if area is None else [area])

    def __bool__(self) -> bool:
        return self.everything or self.area is not None or self.switched is not None

    def merge(self, other: "RepaintNeed") -> "RepaintNeed":
        return RepaintNeed(union_bounds(self.area, other.area), self.everything or other.everything,
                           self.switched or other.switched, self.boxes + other.boxes)


class MapRenderer:
    def __init__(self) -> None:
        self.project: Project | None = None
        self._zones: ZoneLayer | None = None
        #: (worker, scenario, what to call with the need) of a switch on its way (``start_switch``);
        #: until it lands, the layer and scenario id are the scenario left's.
        self._switch: tuple | None = None
        self.context: ContextPainter | None = None
        self.outlines: OutlinePainter | None = None
        self.basemaps: BaseMapPainter | None = None
        self.labels = LabelPlacer()
        self.show_labels = True
        self.origin: tuple[float, float] = (0.0, 0.0)
        self._scenario_id: str | None = None
        self._layers: tuple[QImage, QImage] | None = None
        self._layers_key: tuple | None = None
        #: The zone layers of the last scenarios shown (the shown one included).
        self._kept: KeptPerScenario[ZoneLayer] = KeptPerScenario(KEPT_LAYERS)
        #: Incremented when anything but the zones changes the picture (pictures of other
        #: scenarios kept by the canvas are right only for the generation they were drawn in).
        self.generation = 0

    @property
    def scenario_id(self) -> str | None:
        """The scenario the zone layer shows."""
        return self._scenario_id

    @property
    def zones(self) -> ZoneLayer | None:
        """The active scenario's zone layer (a switch on its way lands first)."""
        self.settle_switch()
        return self._zones

    @property
    def drawn_zones(self) -> ZoneLayer | None:
        """The zone layer the shown picture was drawn from: the scenario left while a switch is
        on its way (the overlays drawn over that picture)."""
        return self._zones

    @property
    def switching(self) -> bool:
        return self._switch is not None

    def start_switch(self, changes: list[ProjectChange], done: Callable[[RepaintNeed], None],
                     on_landed: Callable[[], None]) -> bool:
        """Bring the layer of a scenario switched to in line on a worker, if ``changes`` are a
        plain switch to a scenario of ``SWITCH_ON_WORKER`` zones or more; False: nothing started
        (``apply_changes`` does it here). ``on_landed`` is queued to the GUI thread when the
        worker is done, and should call ``settle_switch``, which calls ``done`` with the need."""
        project = self.project
        if project is None or self._switch is not None or self._zones is None \
                or any(c.kind is not ChangeKind.ACTIVE_SCENARIO for c in changes):
            return False
        scenario, shown = project.active_scenario, self._zones
        if scenario.id == self._scenario_id or len(scenario.zones) < SWITCH_ON_WORKER:
            return False
        kept = self._kept.get(scenario)
        if kept is not None and kept.scheme == project.scheme:
            layer, fresh = kept, False
        elif shown.scheme == project.scheme:
            layer, fresh = shown.copy(), True  # a first visit: most zones are shared with the shown scenario
        else:
            return False
        worker = LayerSwitch(layer, fresh, dict(scenario.zones), shown, on_landed)
        self._switch = (worker, scenario, done)
        return True

    def settle_switch(self) -> None:
        """Land the switch on its way, if any (waiting for its worker): the layer becomes the
        shown one, and its ``done`` gets the need."""
        switch, self._switch = self._switch, None
        if switch is None:
            return
        worker, scenario, done = switch
        shown_id, shown = self._scenario_id, self._zones
        differs, boxes = worker.outcome()
        self._zones, self._scenario_id = worker.layer, scenario.id
        self._kept.keep(scenario, worker.layer, self.project.scenarios)
        done(RepaintNeed(differs, switched=(shown_id, shown), boxes=boxes))

    # -- following the project -----------------------------------------------------------------
    def set_project(self, project: Project | None) -> None:
        self.project = project
        self._switch = None  # of the project before: its outcome goes unread
        self.generation += 1
        self._kept.clear()
        if project is None:
            self._zones = self.context = self.outlines = self.basemaps = None
            self._scenario_id = None
            return
        self.origin = prepared.take(project, ORIGIN_KEY, origin_made_from(project))
        if self.origin is None:
            self.origin = data_origin(project)
        self._layers_key = None
        self.context = ContextPainter(project, self.origin)
        self.outlines = OutlinePainter(project, self.origin)
        self.basemaps = BaseMapPainter(project)
        self._rebuild_zones()

    def _rebuild_zones(self) -> None:
        project = self.project
        scenario = project.active_scenario
        self._scenario_id = scenario.id
        self.labels.clear()
        # Opening may have built it on its worker already (parkplanner.ui.open_preparation).
        self._zones = prepared.take(project, ZONE_LAYER_KEY, (scenario, scenario.zones, project.scheme, self.origin))
        if self._zones is None:
            self._zones = ZoneLayer.from_zones(scenario.zones.values(), project.scheme, self.origin)
        self._kept.keep(scenario, self._zones, project.scenarios)

    def _switch_zones(self) -> RepaintNeed:
        """Show the active scenario's zones; the need names the area drawn differently."""
        with collector_paused():  # a first visit files thousands of entries and groups at once
            return self._switch_zones_now()

    def _switch_zones_now(self) -> RepaintNeed:
        project, shown, shown_id = self.project, self.zones, self._scenario_id
        scenario = project.active_scenario
        kept = self._kept.get(scenario)
        boxes = DrawnBoxes()
        if kept is not None and kept.scheme == project.scheme:
            layer = kept
            layer.update_zones(scenario.zones, layer.stale_ids(scenario.zones))
            differs = layer.drawn_difference(shown, boxes)
        elif shown.scheme == project.scheme:
            layer = shown.copy()  # a first visit: most zones are shared with the shown scenario
            # A copy of the shown layer: what it redraws is all that the two draw differently.
            differs = layer.update_zones(scenario.zones, layer.stale_ids(scenario.zones), boxes)
        else:
            self._rebuild_zones()
            return RepaintNeed(everything=True)
        self._zones, self._scenario_id = layer, scenario.id
        self._kept.keep(scenario, layer, project.scenarios)
        return RepaintNeed(differs, switched=(shown_id, shown), boxes=boxes)

    def kept_layer_of(self, scenario) -> ZoneLayer | None:
        """The zone layer kept for this very scenario object, if any."""
        return self._kept.get(scenario)

    def kept_layer_count(self) -> int:
        return len(self._kept)

    def keep_prepared(self, scenario, layer: ZoneLayer) -> None:
        """Keep ``layer``, brought in line with ``scenario`` ahead of its first visit, as the layer
        the least recently shown (the first to give way to a visited scenario's)."""
        self._kept.keep(scenario, layer, self.project.scenarios, recent=False)

    def kept_layer(self, scenario_id: str) -> ZoneLayer | None:
        """The zone layer kept for ``scenario_id`` (the shown one included), if any."""
        return self._kept.by_id(scenario_id)

    def apply_changes(self, changes: list[ProjectChange]) -> RepaintNeed:
        """Update the layers named by ``changes``; return the area to repaint."""
        project = self.project
        if project is None:
            return RepaintNeed()
        self.settle_switch()  # the changes come after it
        need = RepaintNeed()
        if project.active_scenario_id != self._scenario_id:
            need = self._switch_zones()  # brings the new scenario's zones fully up to date
        for change in changes:
            if change.touches_zones and change.scenario_id == self._scenario_id and not need.everything \
                    and need.switched is None:
                zones = project.scenario(self._scenario_id).zones
                if change.kind is ChangeKind.ZONES_ATTRIBUTES and change.field is not None \
                        and change.field not in DRAWN_ATTRIBUTES:
                    self.zones.swap(zones, change.zone_ids)  # a FAR, a sector...: nothing drawn changes
                    continue
                self.labels.forget(change.zone_ids)
                boxes = DrawnBoxes()
                need = need.merge(RepaintNeed(self.zones.update_zones(zones, change.zone_ids, boxes), boxes=boxes))
            elif change.kind is ChangeKind.PROJECT:
                need = need.merge(self._project_field_changed(change.field))
        return need

    def _project_field_changed(self, name: str | None) -> RepaintNeed:
        project = self.project
        if name == "scheme":
            self.zones.restyle(project.scheme)
        elif name in ("boundary", "phases"):
            self.outlines = OutlinePainter(project, self.origin)
            self._layers_key = None
        elif name == "context_layers":
            self.context = ContextPainter(project, self.origin)
            self._layers_key = None
        elif name == "basemaps":
            self.basemaps = BaseMapPainter(project)
            self._layers_key = None
        else:
            return RepaintNeed()  # parameters, sectors, targets...: nothing on the map
        self.generation += 1
        return RepaintNeed(everything=True)

    # -- extents -----------------------------------------------------------------------------------
    def extent(self) -> Bounds | None:
        """What "zoom to extent" shows: the zones and the site boundary."""
        out = self.zones.extent() if self.zones is not None else None
        if self.outlines is not None:
            out = union_bounds(out, self.outlines.extent())
        return out

    # -- drawing -----------------------------------------------------------------------------------
    def render(self, image: QImage, viewport: Viewport, clip: Patch | None = None) -> list[PlacedLabel]:
        """Draw the map for ``viewport`` into ``image`` (all of it, or only the patch ``clip``).

        Returns the labels placed, so callers can hit-test or repaint them. The canvas does the
        same off the GUI thread with a render job: ``plan`` here, ``FramePlan.draw`` on the
        worker, ``adopt`` back here.
        """
        plan = self.plan(viewport, image, clip)
        plan.draw(image)
        self.adopt(plan)
        return plan.placed

    def plan(self, viewport: Viewport, like: QImage, clip: Patch | None = None,
             zones: ZoneLayer | None = None) -> FramePlan:
        """The frame of ``viewport`` for an image the size of ``like``, detached from later edits;
        of the shown zone layer, or of ``zones`` (a scenario's picture made ahead)."""
        zones = self.zones if zones is None else zones
        full = QRectF(0, 0, viewport.width, viewport.height)
        area = full if clip is None else clip.rect.intersected(full)
        key = (viewport, like.width(), like.height(), like.devicePixelRatio())
        if self.project is None:
            return FramePlan(viewport, area, self.origin, None, None, key, None, None, None, [], self.generation)
        layers = self._layers if self._layers_key == key else None
        pieces = None
        if clip is None:
            # Two pixels of slack: zones just outside still reach in with antialiased outlines.
            draws = zones.draws(viewport.map_bounds_of(area.adjusted(-2, -2, 2, 2)))
        else:
            draws = zones.patch_draws(clip.boxes)
            pieces = clip.piece_rects()
        labels = self.labels if self.show_labels else None
        candidates = LabelPlacer.candidates(zones, viewport) if labels is not None else []
        return FramePlan(viewport, area, self.origin, draws, layers, key, self.context, self.outlines,
                         labels, candidates, self.generation, self.basemaps, pieces)

    def adopt(self, plan: FramePlan) -> None:
        """Keep the paths and layer images ``plan`` built, where they still show the project."""
        if plan.draws is None or plan.generation != self.generation:
            return
        if plan.context is self.context and plan.outlines is self.outlines and plan.basemaps is self.basemaps \
                and plan.layers is not None:
            self._layers, self._layers_key = plan.layers, plan.layers_key
        if self.zones is not None:
            self.zones.adopt(plan.draws)

    def render_image(self, viewport: Viewport, device_pixel_ratio: float = 1.0) -> QImage:
        image = QImage(int(viewport.width * device_pixel_ratio), int(viewport.height * device_pixel_ratio),
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(device_pixel_ratio)
        self.render(image, viewport)
        return image


def origin_made_from(project: Project) -> tuple:
    """What ``data_origin`` reads (for ``prepared``; the context layers count only without zones
    and boundary, and nothing edits a project between its reading and its showing)."""
    scenario = project.active_scenario
    return (scenario, scenario.zones, project.boundary)


def data_origin(project: Project) -> tuple[float, float]:
    """A fixed lower-left corner of the data: the origin geometry is handed to Qt relative to."""
    geoms = [z.geometry for z in project.active_scenario.zones.values()]
    if project.boundary is not None:
        geoms.append(project.boundary)
    if not geoms:
        geoms = [g for layer in project.context_layers for g in layer.geometries]
    if not geoms:
        return (0.0, 0.0)
    bounds = shapely.total_bounds(np.asarray(geoms, dtype=object))
    return (float(bounds[0]), float(bounds[1]))

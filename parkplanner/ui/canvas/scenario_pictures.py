"""Pictures of scenarios other than the shown one: kept from earlier visits, or prepared while the
planner is idle.

A switch shows a kept picture at once when it still shows its scenario's zone layer, the canvas's
styles and labels, and the view (``KeptPicture.shows``). The window's canvas also prepares them
(``ScenarioPictures``): after ``after_ms`` with the shown picture up to date and nothing else to
draw, it brings a zone layer for the next scenario that has none in turns of the event loop
(``CHUNK`` zones a turn: at 100,000 zones the whole update is ~50 ms), keeps it as the renderer
keeps a visited scenario's layer, and has a render job patch a copy of the shown picture where
the two scenarios draw differently, exactly as a first visit would. Any activity of the canvas
(an edit, a view change, a render of its own) drops what is being prepared and starts the wait
again. A switch to a prepared scenario then costs what a return to it costs.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject
from PySide6.QtGui import QImage

from parkplanner.core import foreground
from parkplanner.ui.canvas.map_bounds import DrawnBoxes
from parkplanner.ui.canvas.map_renderer import KEPT_LAYERS
from parkplanner.ui.canvas.render_job import RenderJob
from parkplanner.ui.canvas.repaint_patch import PARTIAL_LIMIT, Patch
from parkplanner.ui.canvas.viewport import Viewport
from parkplanner.ui.canvas.zone_layer import ZoneLayer
from parkplanner.ui.idle_timer import IdleTimer
from parkplanner.ui.turn_queue import later

if TYPE_CHECKING:
    from parkplanner.ui.canvas.map_canvas import MapCanvas

__all__ = ["KeptPicture", "ScenarioPictures", "CHUNK"]

#: Zones brought in line with the prepared scenario per turn of the event loop.
CHUNK = 2000


class KeptPicture(NamedTuple):
    """A scenario's rendered map and what it was drawn from: still right while all of these hold."""

    layer: ZoneLayer
    revision: int
    generation: int
    show_labels: bool
    view: Viewport
    image: QImage

    def shows(self, layer: ZoneLayer, generation: int, show_labels: bool, view: Viewport, ratio: float) -> bool:
        return (self.layer is layer and self.revision == layer.revision and self.generation == generation
                and self.show_labels == show_labels and self.view == view and self.image.devicePixelRatio() == ratio)


class ScenarioPictures(QObject):
    """Prepares the layers and pictures of scenarios not shown, one at a time, while idle."""

    def __init__(self, canvas: "MapCanvas", after_ms: int) -> None:
        super().__init__(canvas)
        self._canvas = canvas
        self._timer = IdleTimer(self, after_ms, self._next)
        #: (scenario, layer, ids still to bring in line, whether the layer is new) while in turns.
        self._work: tuple | None = None
        self._job: RenderJob | None = None
        self._drawing: tuple | None = None  # what the job's picture is of
        self._timer.start()

    def poke(self) -> None:
        """The canvas is busy: drop what is being prepared, and wait for idle again."""
        self._work = None
        if self._job is not None:
            self._job.cancel()
            self._job.finished.disconnect(self._drawn)
            self._job = self._drawing = None
        self._timer.start()

    def _next(self) -> None:
        """The idle timer: start on the first scenario whose picture is not kept and current."""
        canvas, renderer = self._canvas, self._canvas.renderer
        project = renderer.project
        if project is None or self._work is not None or self._job is not None:
            return
        if not canvas.picture_is_current():
            self._timer.start()  # the canvas has a picture of its own to draw first
            return
        view, ratio = canvas.viewport, canvas.devicePixelRatioF()
        for scenario in project.scenarios:
            if scenario.id == renderer.scenario_id:
                continue
            layer = renderer.kept_layer_of(scenario)
            picture = canvas.pictures.get(scenario.id)
            if layer is not None and picture is not None and \
                    picture.shows(layer, renderer.generation, renderer.show_labels, view, ratio):
                continue
            if (layer is None and renderer.kept_layer_count() >= KEPT_LAYERS) or \
                    (picture is None and len(canvas.pictures) >= KEPT_LAYERS - 1):
                return  # no room: a scenario visited since keeps its own
            new = layer is None
            if new:
                layer = renderer.zones.copy()  # most zones are shared with the shown scenario
            self._work = (scenario, layer, list(layer.stale_ids(scenario.zones)), new)
            later(self, self._step)
            return

    def _step(self) -> None:
        """A turn's share of the zones; then the layer is kept and its picture drawn."""
        work = self._work
        if work is None:
            return  # dropped meanwhile
        foreground.busy()
        scenario, layer, ids, new = work
        layer.update_zones(scenario.zones, ids[:CHUNK])
        del ids[:CHUNK]
        if ids:
            later(self, self._step)
            return
        self._work = None
        renderer = self._canvas.renderer
        if not any(s is scenario for s in renderer.project.scenarios) or scenario.id == renderer.scenario_id:
            self._timer.start()
            return
        if new:
            renderer.keep_prepared(scenario, layer)
        self._draw(scenario, layer)

    def _draw(self, scenario, layer: ZoneLayer) -> None:
        """A copy of the shown picture, patched where ``layer`` draws differently, by a job."""
        canvas, renderer = self._canvas, self._canvas.renderer
        if not canvas.picture_is_current():
            self._timer.start()
            return
        view = canvas.viewport
        boxes = DrawnBoxes()
        layer.drawn_difference(renderer.zones, boxes)
        shown = canvas.rendered_image
        image = QImage(shown)  # shallow: the job's painter copies the pixels
        patch = Patch.around(boxes, view, renderer.show_labels) if boxes else None
        what = (scenario.id, layer, layer.revision, renderer.generation, renderer.show_labels, view)
        if patch is None:  # nothing in view drawn differently: the shown picture is theirs too
            self._keep(what, image)
            return
        if patch.share > PARTIAL_LIMIT:  # most of the view: a whole new picture
            image = QImage(shown.width(), shown.height(), QImage.Format.Format_ARGB32_Premultiplied)
            image.setDevicePixelRatio(shown.devicePixelRatio())
            patch = None
        self._drawing = what
        self._job = RenderJob(renderer.plan(view, image, patch, zones=layer), image)
        self._job.finished.connect(self._drawn)
        self._job.start()

    def _drawn(self, job: RenderJob) -> None:
        if job is not self._job:
            return
        what, self._job, self._drawing = self._drawing, None, None
        self._keep(what, job.image)

    def _keep(self, what: tuple, image: QImage) -> None:
        """Keep the picture if everything it was drawn from still holds, then go on to the next."""
        scenario_id, layer, revision, generation, show_labels, view = what
        canvas, renderer = self._canvas, self._canvas.renderer
        if (layer is renderer.kept_layer(scenario_id) and layer.revision == revision
                and generation == renderer.generation and show_labels == renderer.show_labels
                and view == canvas.viewport):
            # As the least recently shown: the first to give way to a visited scenario's picture.
            canvas.pictures[scenario_id] = KeptPicture(layer, revision, generation, show_labels, view, image)
            canvas.pictures.move_to_end(scenario_id, last=False)
        self._timer.start()

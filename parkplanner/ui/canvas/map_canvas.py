"""The map canvas: a plain QWidget that blits a cached map image and draws overlays on top.

Rendering runs as jobs (``render_job.RenderJob``): when the view settles somewhere the cache
does not show, the frame is planned on the GUI thread and drawn on a worker while the canvas
keeps showing its last picture moved and scaled; a newer view cancels the older job, and edits
made meanwhile are redrawn into the job's picture when it arrives. ``render_now`` is the
synchronous path (exports, benchmarks).

Why a custom QWidget and not QGraphicsView (measured on the reference VM, 1600x1000, AA):
one QGraphicsItem per zone costs ~1.7 KB and a Python object each, 2.2 s to build at 100,000
zones and ~0.4 s per full frame; the tiled per-colour paths of ``ZoneLayer`` draw 10,000 zones in
~30 ms and 100,000 in ~60-250 ms. Whatever the renderer costs, it is paid only when the view
settles: pan and zoom frames scale/translate the cached image (a blit, ~1 ms), then the cache is
re-rendered once the view has been still for ``SETTLE_MS`` or the drag ends.

Edits never re-render the whole view: each ProjectChange names its zones, the renderer returns
the map box of each zone drawn differently, and only a rectangle around each box is redrawn
(``repaint_patch.Patch``: scattered zones cost their own pixels, not their union's). Changes
arriving in a burst (a macro, a drag) are coalesced by a zero-delay single-shot timer into one
repaint.

Scenario switches: the picture of the scenario being left is kept (the last ``KEPT_LAYERS``,
6.4 MB each at 1600x1000; scenario_pictures.py) and shown again when its scenario returns to the
same view with nothing drawn changed. A first visit patches a copy of the shown picture where the
scenarios draw differently, by a render job while the left picture stays up.
"""
from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QWidget

from parkplanner.core import foreground
from parkplanner.core.editing.change import ProjectChange
from parkplanner.core.model.project import Project
from parkplanner.ui.canvas import overlays, styles
from parkplanner.ui.canvas.canvas_keys import CanvasKeys
from parkplanner.ui.canvas.event_conversion import CURSORS, pointer_event
from parkplanner.ui.canvas.map_renderer import KEPT_LAYERS, MapRenderer, RepaintNeed
from parkplanner.ui.canvas.render_job import RenderJob
from parkplanner.ui.canvas.repaint_patch import PARTIAL_LIMIT, Patch
from parkplanner.ui.canvas.scenario_pictures import KeptPicture, ScenarioPictures
from parkplanner.ui.canvas.tool_preview import paint_preview
from parkplanner.ui.canvas.viewport import Viewport
from parkplanner.ui.canvas.zone_layer import Bounds, union_bounds
from parkplanner.ui.canvas.zone_overlay import ZoneOverlay
from parkplanner.ui.event_wait import run_events_until
from parkplanner.ui.idle_release import release_when_idle
from parkplanner.ui.turn_queue import later

__all__ = ["MapCanvas", "WHEEL_STEP"]

#: Zoom factor per wheel notch (120 units of angleDelta).
WHEEL_STEP = 1.25


class MapCanvas(CanvasKeys, QWidget):
    #: Map coordinates under the pointer (metres).
    pointerMoved = Signal(float, float)
    #: The zone id under the pointer, or None.
    hoveredZoneChanged = Signal(object)
    #: The viewport changed (pan, zoom, resize).
    viewChanged = Signal()
    #: The cached map was rendered anew for the current view.
    viewRendered = Signal()

    SETTLE_MS = 120

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # every pixel is painted
        self.setMinimumSize(200, 150)
        self.renderer = MapRenderer()
        self.show_furniture = True
        self._viewport = Viewport(max(1, self.width()), max(1, self.height()))
        self._cache: QImage | None = None
        self._cache_view: Viewport | None = None
        self._stale = True  # the next paint starts a render job
        self._job: RenderJob | None = None
        #: A first visit's patch whose job starts in the next turn (``_start_patch_job``).
        self._patch_due: Patch | None = None
        #: What edits made while the job was drawing touched (redrawn into its picture on arrival).
        self._job_dirty: RepaintNeed | None = None
        #: scenario id -> picture of scenarios shown earlier, least recently shown first.
        self._pictures: OrderedDict[str, KeptPicture] = OrderedDict()
        self._keep_fitted = True  # follow the extent through resizes until the planner navigates
        self._pending: list[ProjectChange] = []
        self._flush_timer = QTimer(self, singleShot=True, interval=0)
        self._flush_timer.timeout.connect(self.flush_changes)
        self._settle_timer = QTimer(self, singleShot=True, interval=self.SETTLE_MS)
        self._settle_timer.timeout.connect(self._settle)
        self._flagged = ZoneOverlay(styles.flagged_pen())
        self._selected = ZoneOverlay(styles.selection_pen(), styles.selection_brush())
        self._hovered = ZoneOverlay(styles.hover_pen())
        self._hover: int | None = None
        #: Overlays added by other views (the year slider's veil), painted beneath the selection.
        self.extra_overlays: list = []
        self._pan_from: QPointF | None = None
        self._space_held = False
        self._offered_key: tuple[int, int, bool] | None = None  # see canvas_keys.py
        self._tools = None  # interaction.tool_controller.ToolController
        self._tool = None
        self._preparing: ScenarioPictures | None = None  # the window's: ``prepare_scenarios``

    # -- project --------------------------------------------------------------------------------
    @property
    def project(self) -> Project | None:
        return self.renderer.project

    def set_project(self, project: Project | None) -> None:
        self._poke()
        self._cancel_job()
        self._cache, self._cache_view = None, None  # the other project's picture must not linger
        self._pending.clear()
        self._pictures.clear()
        self.renderer.set_project(project)
        self._viewport = self._viewport.with_origin(*self.renderer.origin)
        for overlay in (self._flagged, self._selected, self._hovered):
            overlay.set(())
        self._hover = None
        self._keep_fitted = True
        if self.isVisible() or self.testAttribute(Qt.WidgetAttribute.WA_Resized):
            self.zoom_to_extent()
        self._invalidate()

    def on_changes(self, changes: list[ProjectChange]) -> None:
        """History listener: remember the changes and repaint once the burst is over."""
        self._pending.extend(changes)
        self._flush_timer.start()

    def flush_changes(self) -> None:
        """Apply pending changes to the layers and repaint what they touched (normally timer-driven)."""
        foreground.busy()  # a timer's turn, not an event of the canvas: workers wait (core.foreground)
        self._flush_timer.stop()
        self.renderer.settle_switch()  # a switch on its way lands first: these changes follow it
        changes, self._pending = self._pending, []
        if not changes:
            return
        self._poke()
        # At city scale a switch's layer is made on a worker; the picture left stays up meanwhile.
        if self.renderer.start_switch(changes, self._show_need, self._switch_landed):
            self._cancel_job()  # a picture of the scenario left is of no use
        else:
            self._show_need(self.renderer.apply_changes(changes), changes)

    def _switch_landed(self) -> None:
        foreground.busy()  # a worker's report: the switch is shown in this turn
        self.renderer.settle_switch()

    def _show_need(self, need: RepaintNeed, changes: list[ProjectChange] | None = None) -> None:
        """Repaint what ``need`` asks for (``changes``: the changes it came from)."""
        if not need:
            return
        switched = need.switched is not None
        if switched or need.everything:
            self._patch_due = None  # planned for a picture this change replaces
        if self._job is not None:
            if switched or need.everything:
                self._cancel_job()  # its picture would show the old scenario or styles
            else:
                self._job_dirty = need if self._job_dirty is None else self._job_dirty.merge(need)
        touched = None if need.everything or switched or changes is None else {i for c in changes for i in c.zone_ids}
        for overlay in (self._flagged, self._selected, self._hovered, *self.extra_overlays):
            overlay.touched(touched)
        if self._hover is not None and (self.renderer.zones is None or self._hover not in self.renderer.zones):
            self._set_hover(None)
        if switched:
            self._swap_picture(need)
        else:
            self._repaint_area(need)

    def _swap_picture(self, need: RepaintNeed) -> None:
        """After a scenario switch: keep the picture left behind, show the new scenario's."""
        left_id, left_layer = need.switched
        view, renderer = self._viewport, self.renderer
        ratio = self.devicePixelRatioF()
        current = self._cache is not None and not self._stale and self._cache_view == view
        if current and left_id is not None:
            self._pictures[left_id] = KeptPicture(left_layer, left_layer.revision, renderer.generation,
                                               renderer.show_labels, view, self._cache)
            self._pictures.move_to_end(left_id)
        kept = self._pictures.pop(renderer.scenario_id, None)
        # A picture let go of frees the zone layer it was drawn from: not in this turn (idle_release.py).
        for scenario_id in [i for i in self._pictures if renderer.kept_layer(i) is None]:
            release_when_idle(self._pictures.pop(scenario_id))
        while len(self._pictures) > KEPT_LAYERS - 1:
            release_when_idle(self._pictures.popitem(last=False)[1])
        if kept is not None and kept.shows(renderer.zones, renderer.generation, renderer.show_labels, view, ratio):
            self._cache, self._cache_view, self._stale = kept.image, view, False
            self.update()
            return
        if not current:
            self._cache = None  # the kept picture must not be drawn over
            self._invalidate()
            return
        # The shown picture is right wherever the two scenarios draw alike: redraw only the rest,
        # on a worker (the left picture stays up until it arrives). A shallow copy: Qt copies the
        # pixels only when one of the two pictures is painted on.
        self._cache = QImage(self._cache)
        if need.area is None and not need.everything:
            self.update()
        else:
            self._repaint_area(RepaintNeed(need.area, need.everything, boxes=need.boxes), in_job=True)

    def _repaint_area(self, need: RepaintNeed, in_job: bool = False) -> None:
        """Redraw the map boxes ``need`` names into the picture, here and now (an edit's few zones),
        or with ``in_job`` by a render job drawing over a copy of the picture. Each box is patched
        on its own (``repaint_patch``): scattered zones cost their own pixels, not their union's."""
        view = self._viewport
        if self._stale or self._cache is None or self._cache_view != view or need.everything:
            self._invalidate()
            return
        patch = Patch.around(need.boxes, view, self.renderer.show_labels)
        if patch is None:
            return
        if patch.share > PARTIAL_LIMIT:
            self._invalidate()
            return
        if in_job:
            self._stale = True  # the picture is not the scenario's until the job's arrives
            # Planning the patch (the zones reaching into each piece) is a turn of its own: a
            # first visit at 20,000 zones spent ~30 ms on the layer and ~20 ms on the plan in one.
            self._patch_due = patch
            later(self, self._start_patch_job)
            return
        self.renderer.render(self._cache, view, patch)
        self.update(patch.rect.toAlignedRect())

    # -- pictures of other scenarios (scenario_pictures.py) ----------------------------------------
    def prepare_scenarios(self, after_ms: int) -> None:
        """Prepare the pictures of scenarios not shown after ``after_ms`` idle (the window's canvas)."""
        self._preparing = ScenarioPictures(self, after_ms)

    def _poke(self) -> None:
        if self._preparing is not None:
            self._preparing.poke()

    def picture_is_current(self) -> bool:
        """Whether the shown picture is the scenario's at the current view, with nothing to draw."""
        return (not self._stale and self._cache is not None and self._cache_view == self._viewport
                and self._job is None and self._patch_due is None and not self.renderer.switching)

    rendered_image = property(lambda self: self._cache, doc="The picture shown (of ``rendered_view``).")

    @property
    def pictures(self) -> OrderedDict[str, KeptPicture]:
        """Pictures of the scenarios shown earlier or made ahead, least recently shown first."""
        return self._pictures

    # -- selection and tools --------------------------------------------------------------------
    @property
    def selection(self) -> frozenset[int]:
        return self._selected.ids

    def set_selection(self, ids) -> None:
        if self._selected.set(ids):
            self.update()

    def set_flagged(self, ids) -> None:
        """Outline zones with a problem (the checks panel's ``flagged_changed``)."""
        if self._flagged.set(ids):
            self.update()

    def set_tool_controller(self, controller) -> None:
        """Route pointer and key events to ``controller`` (None: the canvas only navigates)."""
        if self._tools is not None:
            self._tools.tool_changed.disconnect(self._on_tool_changed)
        self._tools = controller
        self._on_tool_changed(controller.active if controller is not None else None)
        if controller is not None:
            controller.tool_changed.connect(self._on_tool_changed)

    def _on_tool_changed(self, tool) -> None:
        if self._tool is not None:
            self._tool.preview_changed.disconnect(self.update)
        self._tool = tool
        if tool is not None:
            tool.preview_changed.connect(self.update)
        self._update_cursor()
        self.update()

    def _update_cursor(self) -> None:
        if self._pan_from is not None:
            shape = Qt.CursorShape.ClosedHandCursor
        elif self._space_held:
            shape = Qt.CursorShape.OpenHandCursor
        else:
            shape = CURSORS.get(getattr(self._tool, "cursor", "arrow"), Qt.CursorShape.ArrowCursor)
        if self.cursor().shape() != shape:
            self.setCursor(shape)

    # -- view -----------------------------------------------------------------------------------
    @property
    def viewport(self) -> Viewport:
        return self._viewport

    def set_viewport(self, viewport: Viewport, settle: bool = False, fitted: bool = False) -> None:
        """Show ``viewport``; ``settle`` scales the cached image now and re-renders when idle.

        ``fitted`` marks a zoom to extent: resizes (docks appearing) then keep the extent in view.
        """
        self._keep_fitted = fitted
        self._poke()
        self._viewport = viewport.with_origin(*self.renderer.origin)
        if settle:
            self._settle_timer.start()
        else:
            self._stale = True
        self.viewChanged.emit()
        self.update()

    def zoom_to_extent(self) -> None:
        bounds = self.renderer.extent()
        if bounds is not None:
            self.set_viewport(self._viewport.fitted_to(bounds), fitted=True)

    def zoom_to_zones(self, zone_ids) -> bool:
        zones = self.renderer.zones
        bounds: Bounds | None = None
        for zone_id in zone_ids:
            if zones is not None and zone_id in zones:
                bounds = union_bounds(bounds, zones.zone_bounds(zone_id))
        if bounds is None:
            return False
        self.set_viewport(self._viewport.fitted_to(bounds, margin=0.25))
        return True

    def zoom_to_selection(self) -> bool:
        return self.zoom_to_zones(self._selected.ids)

    def zoom_by(self, factor: float, at: QPointF | None = None) -> None:
        at = at or QPointF(self._viewport.width / 2.0, self._viewport.height / 2.0)
        self.set_viewport(self._viewport.zoomed_about(factor, at.x(), at.y()), settle=True)

    def pan_by(self, dx: float, dy: float) -> None:
        self.set_viewport(self._viewport.panned_by(dx, dy), settle=True)

    @property
    def rendered_view(self) -> Viewport | None:
        """The view the cached map image shows (None before the first render)."""
        return self._cache_view

    def render_now(self) -> None:
        """Re-render the cached map image for the current view, here and now (benchmarks, exports)."""
        self._cancel_job()
        self._render_cache()
        self.update()

    @property
    def rendering(self) -> bool:
        """Whether a render job is drawing a new picture, a patch for one is planned, or a
        switch's layer is made on a worker."""
        return self._job is not None or self._patch_due is not None or self.renderer.switching

    def _invalidate(self) -> None:
        self._stale = True
        self._patch_due = None  # a whole new picture replaces the patch
        self.update()

    def _start_patch_job(self) -> None:
        """The deferred job of ``_repaint_area``, if the picture it patches is still the one shown."""
        patch, self._patch_due = self._patch_due, None
        if patch is None:
            return  # a whole new picture was asked for meanwhile
        if self._job is not None or self._cache is None or self._cache_view != self._viewport:
            self._invalidate()
            return
        self._request_render(patch)

    def _settle(self) -> None:
        foreground.busy()  # a timer's turn: workers wait at their checks (core.foreground)
        # Every pan/zoom step restarts the timer, so this runs once the view has been still for
        # SETTLE_MS (also mid-drag, when the hand pauses) or at once when a drag ends.
        if self._cache_view != self._viewport:
            self._invalidate()

    def _render_cache(self) -> None:
        view = self._viewport
        ratio = self.devicePixelRatioF()
        size = (int(view.width * ratio), int(view.height * ratio))
        if self._cache is None or (self._cache.width(), self._cache.height()) != size:
            self._cache = QImage(size[0], size[1], QImage.Format.Format_ARGB32_Premultiplied)
        self._cache.setDevicePixelRatio(ratio)
        self.renderer.render(self._cache, view)
        self._cache_view = view
        self._stale, self._patch_due = False, None
        self.viewRendered.emit()

    # -- render jobs ----------------------------------------------------------------------------
    def _request_render(self, clip: Patch | None = None) -> None:
        """Start a job for the current view unless one for it is already drawing; with ``clip``,
        the job redraws that patch over a copy of the picture (which shows the view)."""
        self.renderer.settle_switch()  # the job draws the scenario switched to
        view, job = self._viewport, self._job
        if job is not None and job.view == view:
            return
        self._poke()
        self._cancel_job()
        if clip is not None:
            image = QImage(self._cache)  # shallow: the worker's painter copies the pixels
        else:
            ratio = self.devicePixelRatioF()
            image = QImage(int(view.width * ratio), int(view.height * ratio), QImage.Format.Format_ARGB32_Premultiplied)
            image.setDevicePixelRatio(ratio)
        self._job = RenderJob(self.renderer.plan(view, image, clip), image)  # unparented: outlives the canvas
        self._job.finished.connect(self._job_finished)
        self._job.start()

    def _cancel_job(self) -> None:
        self._patch_due = None  # nor may a patch planned for what the job was drawing start
        if self._job is not None:
            self._job.cancel()
            self._job.finished.disconnect(self._job_finished)
        self._job, self._job_dirty = None, None

    def _job_finished(self, job: RenderJob) -> None:
        if job is not self._job:
            return  # superseded (its signal is disconnected; this is belt and braces)
        dirty = self._job_dirty
        self._job, self._job_dirty = None, None
        renderer = self.renderer
        renderer.adopt(job.plan)
        if job.plan.generation != renderer.generation:
            self._invalidate()  # the boundary or context layers changed meanwhile: draw again
            return
        self._cache, self._cache_view = job.image, job.view
        self._stale = False
        if dirty is not None:
            self._repaint_area(dirty)  # edits made while the job was drawing
        if not self._stale:
            self.viewRendered.emit()
        self.update()

    def wait_rendered(self, timeout_ms: int = 30_000) -> bool:
        """Run the event loop until the picture shows the current view (tests, benchmarks)."""
        return run_events_until(self._rendered, timeout_ms)

    def _rendered(self) -> bool:
        """Whether the picture shows the current view; if it cannot yet, ask for it."""
        if (self._stale or self._cache is None) and self._patch_due is None:
            self._request_render()
        return not self._stale and self._cache is not None and self._cache_view == self._viewport \
            and self._job is None and not self.renderer.switching

    # -- painting -------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        if (self._stale or self._cache is None) and self._patch_due is None:
            self._request_render()
        painter = QPainter(self)
        try:
            self._paint_cache(painter)
            self._paint_overlays(painter)
        finally:
            painter.end()

    def _paint_cache(self, painter: QPainter) -> None:
        view, cached = self._viewport, self._cache_view
        if self._cache is None:
            painter.fillRect(self.rect(), styles.BACKGROUND)  # the first picture is on its way
            return
        if cached == view:
            painter.drawImage(QPointF(0, 0), self._cache)
            return
        # Pan or zoom in progress: show the last picture moved/scaled until the view settles.
        painter.fillRect(self.rect(), styles.BACKGROUND)
        painter.drawImage(view.rect_of_view(cached), self._cache, QRectF(self._cache.rect()))

    def _paint_overlays(self, painter: QPainter) -> None:
        view = self._viewport
        zones = self.renderer.drawn_zones  # of the picture shown (a switch on its way: the scenario left)
        for overlay in self.extra_overlays:  # same interface as ZoneOverlay: touched(ids), paint(...)
            overlay.paint(painter, zones, view)
        ratio = self._cache.devicePixelRatio() if self._cache is not None else self.devicePixelRatioF()
        self._flagged.paint(painter, zones, view, self._cache_view, ratio)
        self._selected.paint(painter, zones, view, self._cache_view, ratio)
        if self._hover not in self._selected.ids:
            self._hovered.paint(painter, zones, view, self._cache_view, ratio)
        if self._tool is not None:
            paint_preview(painter, view, self._tool.preview)
        if self.show_furniture and self.project is not None:
            overlays.paint_scale_bar(painter, view.pixel_size, view.width, view.height)
            overlays.paint_north_arrow(painter, view.width, view.height)

    # -- Qt events ------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802
        self._viewport = self._viewport.resized(self.width(), self.height())
        if self._keep_fitted and self.project is not None:
            self.zoom_to_extent()
        self._invalidate()
        self.viewChanged.emit()
        super().resizeEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(WHEEL_STEP ** steps, event.position())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        button = event.button()
        if button == Qt.MouseButton.MiddleButton or (self._space_held and button == Qt.MouseButton.LeftButton):
            self._start_pan(event)
            return
        consumed = self._tools is not None and self._tools.on_pointer(pointer_event("press", event, self._viewport))
        if not consumed and button == Qt.MouseButton.LeftButton:
            self._start_pan(event)  # the tool did not want the press: dragging pans

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position()
        if self._pan_from is not None:
            delta = pos - self._pan_from
            self._pan_from = pos
            self.pan_by(delta.x(), delta.y())
            return
        ev = pointer_event("move", event, self._viewport)
        self.pointerMoved.emit(ev.x, ev.y)
        if self._tools is not None:
            self._tools.on_pointer(ev)
        if ev.button is None and not self.renderer.switching and self.renderer.zones is not None:
            self._set_hover(self.renderer.zones.zone_at(ev.x, ev.y))  # none while a switch is on its way
        self._update_cursor()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._pan_from is not None:
            self._pan_from = None
            self._update_cursor()
            self._settle_timer.start(0)  # the drag is over: render the new view right away
            return
        if self._tools is not None:
            self._tools.on_pointer(pointer_event("release", event, self._viewport))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._tools is not None:
            self._tools.on_pointer(pointer_event("double_click", event, self._viewport))

    def leaveEvent(self, event) -> None:  # noqa: N802
        self._set_hover(None)
        super().leaveEvent(event)

    def _start_pan(self, event: QMouseEvent) -> None:
        self._pan_from = event.position()
        self._update_cursor()

    def _set_hover(self, zone_id: int | None) -> None:
        if zone_id != self._hover:
            self._hover = zone_id
            self._hovered.set(() if zone_id is None else (zone_id,))
            self.hoveredZoneChanged.emit(zone_id)
            self.update()

"""The change map of a comparison of scenarios A and B (the ledger beside it: change_ledger.py).

The map draws B's unchanged zones in light grey and each difference in its own style: added
zones (in B only) green, removed zones (in A only) red hatched with a dashed outline, reshaped
zones orange with A's outline dashed over them, re-classed zones blue, zones with other attribute
changes outlined purple.

Its picture is drawn like the main map's (``RenderJob``): on a worker, the previous picture moved
and scaled meanwhile, a newer view cancelling an older job. Each style's zones are paths of at
most ``CHUNK`` zones (those at ``CHUNK`` consecutive places of their scenario): PySide keeps the
interpreter lock for a whole ``drawPath``, so one path of 20,000 antialiased zones would hold the
GUI thread for a second; chunks of a few hundred take a millisecond or two each, and chunks wholly
outside the view are not drawn at all. A comparison made again after an edit keeps the paths of
the chunks whose zones are the same objects (``prepare``'s ``previous``).
"""
from __future__ import annotations

from operator import is_
from typing import NamedTuple

import numpy as np
import shapely
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from parkplanner.core.foreground import give_way
from parkplanner.core.scenarios.compare import ScenarioComparison
from parkplanner.ui.canvas.frame_plan import never_cancelled
from parkplanner.ui.canvas.qpaths import polygons_path, polygons_paths
from parkplanner.ui.canvas.render_job import RenderJob
from parkplanner.ui.canvas.viewport import Viewport
from parkplanner.ui.canvas.zone_layer import Bounds

__all__ = ["ChangeMap", "ChangePicture", "PreparedChanges", "NO_CHANGES", "CHANGE_STYLES", "CHUNK",
           "change_legend"]

#: kind -> (English legend, fill, outline, brush style)
CHANGE_STYLES: dict[str, tuple[str, str, str, Qt.BrushStyle]] = {
    "added": (QT_TRANSLATE_NOOP("ChangeMap", "added in B"), "#43A047", "#1B5E20", Qt.BrushStyle.SolidPattern),
    "removed": (QT_TRANSLATE_NOOP("ChangeMap", "removed in B"), "#E53935", "#B71C1C", Qt.BrushStyle.BDiagPattern),
    "reshaped": (QT_TRANSLATE_NOOP("ChangeMap", "reshaped"), "#FB8C00", "#5D4037", Qt.BrushStyle.SolidPattern),
    "reclassed": (QT_TRANSLATE_NOOP("ChangeMap", "re-classed"), "#1E88E5", "#0D47A1", Qt.BrushStyle.SolidPattern),
    "attributes": (QT_TRANSLATE_NOOP("ChangeMap", "other attributes"), "#F3E5F5", "#8E24AA", Qt.BrushStyle.SolidPattern),
}
_UNCHANGED = QColor("#E6E6E6")
_UNCHANGED_EDGE = QColor("#B0B0B0")
#: Zones per path (see the module note).
CHUNK = 200
#: Chunks whose paths are built in one pass, between two turns of the GUI thread.
_PATH_BATCH = 64
#: A style's zones: (path, map bounds of its zones) per chunk.
Chunks = list[tuple[QPainterPath, Bounds]]


def _bounds(boxes: np.ndarray) -> Bounds | None:
    """The (minx, miny, maxx, maxy) rows together (fmin/fmax: an empty geometry's NaN row is left
    out); None if there is no row, or only empty ones."""
    if boxes.size == 0:
        return None
    b = (np.fmin.reduce(boxes[:, 0]), np.fmin.reduce(boxes[:, 1]),
         np.fmax.reduce(boxes[:, 2]), np.fmax.reduce(boxes[:, 3]))
    return None if np.isnan(b).any() else (float(b[0]), float(b[1]), float(b[2]), float(b[3]))


class PreparedChanges(NamedTuple):
    """What ``ChangeMap.prepare`` makes: the extent, the data origin of the paths, and per
    (style, block) the geometries, path and bounds of a chunk (kept for the next preparation)."""

    extent: Bounds | None
    origin: tuple[float, float]
    pieces: dict[tuple[str, int], tuple[np.ndarray, QPainterPath, Bounds]]

    @property
    def chunks(self) -> dict[str, Chunks]:
        """Each style's (path, bounds) chunks, in drawing order."""
        chunks: dict[str, Chunks] = {kind: [] for kind in _PIECE_KINDS}
        for (kind, _), (_, path, bounds) in self.pieces.items():
            chunks[kind].append((path, bounds))
        return chunks


NO_CHANGES = PreparedChanges(None, (0.0, 0.0), {})


#: The styles' pieces, in drawing order of their kinds (the picture's layers pick them by name).
_PIECE_KINDS = ("unchanged", "added", "removed", "reshaped", "reshaped_before", "reclassed", "attributes")


def _shapes(zones: dict) -> np.ndarray:
    """The zones' geometries as an object array, in the scenario's order."""
    return np.fromiter((z.geometry for z in zones.values()), dtype=object, count=len(zones))


def _places(zones: dict) -> dict[int, int]:
    """Zone id -> its place in the scenario's order."""
    return dict(zip(zones, range(len(zones))))


def _same_objects(old: np.ndarray, new: np.ndarray) -> bool:
    return len(old) == len(new) and all(map(is_, old, new))


def _piece_bounds(pieces: list[tuple[str, int, np.ndarray]]) -> dict[tuple[str, int], Bounds]:
    """The map bounds of each (style, block, geometries) piece, from one vectorised call."""
    if not pieces:
        return {}
    box = shapely.bounds(np.concatenate([geoms for _, _, geoms in pieces]))
    starts = np.cumsum([0] + [len(geoms) for _, _, geoms in pieces[:-1]])
    rows = np.column_stack([np.fmin.reduceat(box[:, 0], starts), np.fmin.reduceat(box[:, 1], starts),
                            np.fmax.reduceat(box[:, 2], starts), np.fmax.reduceat(box[:, 3], starts)])
    return {(kind, block): tuple(row) for (kind, block, _), row in zip(pieces, rows.tolist())}


def _meet(a: Bounds, b: Bounds) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


class ChangePicture:
    """One picture of the change map, detached from the widget: drawn on any thread (the zones'
    paths are implicitly shared, never changed), by a ``RenderJob`` or synchronously."""

    def __init__(self, viewport: Viewport, chunks: dict[str, Chunks], highlight: QPainterPath | None) -> None:
        self.viewport = viewport
        self.chunks = chunks
        self.highlight = highlight
        self.layers = _layers()
        self.highlight_pen = _pen("#000000", 3.0)

    def draw(self, image: QImage, cancelled=never_cancelled) -> bool:
        """Paint into ``image`` (the viewport's size); False, half drawn, once ``cancelled()``."""
        view = self.viewport
        extent = view.map_extent()
        painter = QPainter(image)
        try:
            painter.fillRect(QRectF(0, 0, view.width, view.height), QColor("white"))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setTransform(view.local_transform())
            for kind, brush, pen in self.layers:
                painter.setBrush(brush)
                painter.setPen(pen)
                for path, bounds in self.chunks.get(kind, ()):
                    if cancelled():
                        return False
                    if bounds[0] <= extent[2] and bounds[2] >= extent[0] and bounds[1] <= extent[3] \
                            and bounds[3] >= extent[1]:
                        painter.drawPath(path)
            if self.highlight is not None:
                painter.setBrush(QBrush(Qt.BrushStyle.NoBrush))
                painter.setPen(self.highlight_pen)
                painter.drawPath(self.highlight)
        finally:
            painter.end()
        return True


class ChangeMap(QWidget):
    """A small self-contained map of what changed from A to B (it does not touch the main canvas)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(240, 200)
        self.comparison: ScenarioComparison | None = None
        self._chunks: dict[str, Chunks] = {}
        #: What the chunks shown were prepared from (the next preparation keeps what is the same).
        self.prepared = NO_CHANGES
        self._origin = (0.0, 0.0)
        self._extent: Bounds | None = None
        self._focus: Bounds | None = None
        self._highlight: QPainterPath | None = None
        self._viewport = Viewport(self.width(), self.height())
        #: Bumped whenever what the picture shows changes (comparison, highlight, view).
        self._content = 0
        self._picture: QImage | None = None
        self._picture_view: Viewport | None = None
        self._picture_content = -1
        self._job: RenderJob | None = None
        self._job_content = -1
        self.legend_font = QFont()
        self.legend_font.setPointSize(10)

    def set_comparison(self, comparison: ScenarioComparison | None) -> None:
        self.show_prepared(comparison, self.prepare(comparison, self.prepared))

    @staticmethod
    def prepare(comparison: ScenarioComparison | None, previous: "PreparedChanges | None" = None) -> "PreparedChanges":
        """The extent and each change style's chunks: the costly part, safe on a worker thread
        (the comparison view prepares it beside the comparison itself).

        A style's zones are cut into chunks by their place in their scenario (the zones at places
        ``k * CHUNK`` to ``(k + 1) * CHUNK`` of B, or of A for what B no longer has), so an edit
        changes the chunks of its own zones only: a chunk of ``previous`` holding the very same
        geometries keeps its path (most of the cost: at 20,000 zones all of them were ~100 ms
        on the worker after every edit, much of it holding the interpreter lock)."""
        if comparison is None:
            return NO_CHANGES
        a, b = comparison.scenario_a.zones, comparison.scenario_b.zones
        ledger = comparison.ledger
        changed = ledger.changed_zone_ids()
        reclassed = {e.zone_id for e in ledger.reclassed}
        place_a, place_b = _places(a), _places(b)
        shapes_a, shapes_b = _shapes(a), _shapes(b)
        ids_b = np.fromiter(b, dtype=np.int64, count=len(b))
        # Every zone of B and A's removed and former outlines of reshaped zones: all of A and B.
        groups = {
            "unchanged": (shapes_b, np.flatnonzero(~np.isin(ids_b, np.fromiter(changed, np.int64, len(changed))))),
            "added": (shapes_b, [place_b[e.zone_id] for e in ledger.added]),
            "removed": (shapes_a, [place_a[e.zone_id] for e in ledger.removed]),
            "reshaped": (shapes_b, [place_b[e.zone_id] for e in ledger.reshaped]),
            "reshaped_before": (shapes_a, [place_a[e.zone_id] for e in ledger.reshaped]),
            "reclassed": (shapes_b, [place_b[e.zone_id] for e in ledger.reclassed]),
            "attributes": (shapes_b, [place_b[i] for i in {e.zone_id for e in ledger.attributes} - reclassed
                                      if i in place_b]),
        }
        pieces: list[tuple[str, int, np.ndarray]] = []
        for kind, (shapes, places) in groups.items():
            places = np.sort(np.asarray(places, dtype=np.int64))
            blocks = places // CHUNK
            cuts = np.flatnonzero(np.diff(blocks)) + 1
            for block, part in zip(blocks[np.r_[0, cuts]].tolist() if len(places) else [], np.split(places, cuts)):
                pieces.append((kind, block, shapes[part]))
        known = previous.pieces if previous is not None else {}
        same = {(kind, block): known[kind, block] for kind, block, geoms in pieces
                if (kind, block) in known and _same_objects(known[kind, block][0], geoms)}
        bounds_of = {key: piece[2] for key, piece in same.items()}
        bounds_of.update(_piece_bounds([piece for piece in pieces if piece[:2] not in same]))
        extent = _bounds(np.array([bounds_of[kind, block] for kind, block, _ in pieces], dtype=float).reshape(-1, 4))
        if previous is not None and previous.extent is not None and extent is not None \
                and _meet(previous.extent, extent):
            origin = previous.origin  # the same land: the kept paths, relative to it, stay right
        else:
            origin, same = ((extent[0], extent[1]) if extent else (0.0, 0.0)), {}
        fresh = [piece for piece in pieces if piece[:2] not in same]
        built = {}
        # In batches, the GUI thread's turns going first between them: a new comparison at
        # 100,000 zones builds ~500 paths, a tenth of a second holding the interpreter lock.
        for start in range(0, len(fresh), _PATH_BATCH):
            give_way()
            batch = fresh[start:start + _PATH_BATCH]
            built.update((piece[:2], path) for piece, path in zip(batch, polygons_paths([g for _, _, g in batch], origin)))
        made = {}
        for kind, block, geoms in pieces:
            key = (kind, block)
            made[key] = (geoms, same[key][1] if key in same else built[key], bounds_of[key])
        return PreparedChanges(extent, origin, made)

    def show_prepared(self, comparison: ScenarioComparison | None, prepared: PreparedChanges) -> None:
        """Show ``comparison`` from what :meth:`prepare` made of it (GUI thread)."""
        self.comparison = comparison
        self.prepared = prepared
        self._highlight = None
        self._focus = None
        self._chunks = dict(prepared.chunks)
        if comparison is None:
            self._changed()
            return
        self._extent = prepared.extent
        self._origin = prepared.origin
        self._fit(self._extent)

    def counts(self) -> dict[str, int]:
        """How many zones each style shows (the legend's numbers)."""
        ledger = self.comparison.ledger if self.comparison is not None else None
        if ledger is None:
            return {kind: 0 for kind in CHANGE_STYLES}
        return {"added": len(ledger.added), "removed": len(ledger.removed), "reshaped": len(ledger.reshaped),
                "reclassed": len(ledger.reclassed),
                "attributes": len({e.zone_id for e in ledger.attributes} - {e.zone_id for e in ledger.reclassed})}

    def zoom_to(self, zone_id: int) -> bool:
        """Zoom onto a zone of B (or of A if B has no such zone) and outline it."""
        if self.comparison is None:
            return False
        zone = self.comparison.scenario_b.zones.get(zone_id) or self.comparison.scenario_a.zones.get(zone_id)
        if zone is None:
            return False
        self._highlight = polygons_path([zone.geometry], self._origin)
        self._focus = tuple(zone.geometry.bounds)
        self._fit(self._focus, margin=1.5)
        return True

    def show_all(self) -> None:
        self._focus = None
        self._fit(self._extent)

    def _fit(self, bounds: Bounds | None, margin: float = 0.05) -> None:
        view = Viewport(max(1, self.width()), max(1, self.height()))
        if bounds is not None:
            view = view.with_origin(*self._origin).fitted_to(bounds, margin=margin)
        self._viewport = view
        self._changed()

    def _changed(self) -> None:
        self._content += 1
        self.update()

    # -- the picture ------------------------------------------------------------------------------
    def picture_plan(self) -> ChangePicture | None:
        """What the picture of the current view and content draws (None: nothing to show)."""
        if self.comparison is None or not self._chunks:
            return None
        return ChangePicture(self._viewport, self._chunks, self._highlight)

    @property
    def rendering(self) -> bool:
        """A picture of the current view is being drawn on a worker."""
        return self._job is not None

    def _request_picture(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self._job.finished.disconnect(self._picture_drawn)
            self._job = None
        plan = self.picture_plan()
        if plan is None:
            self._picture, self._picture_view, self._picture_content = None, None, self._content
            return
        ratio = self.devicePixelRatioF()
        view = plan.viewport
        image = QImage(int(view.width * ratio), int(view.height * ratio), QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        self._job, self._job_content = RenderJob(plan, image), self._content  # unparented: outlives the map
        self._job.finished.connect(self._picture_drawn)
        self._job.start()

    def _picture_drawn(self, job: RenderJob) -> None:
        if job is not self._job:
            return
        self._job = None
        self._picture, self._picture_view, self._picture_content = job.image, job.view, self._job_content
        self.update()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self._fit(self._focus or self._extent, margin=1.5 if self._focus else 0.05)
        super().resizeEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802
        if self._picture_content != self._content and (self._job is None or self._job_content != self._content):
            self._request_picture()
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        if self._picture is not None and self.comparison is not None:
            if self._picture_view == self._viewport:
                painter.drawImage(QPointF(0, 0), self._picture)
            else:  # the previous picture moved and scaled until the new one arrives
                painter.drawImage(self._viewport.rect_of_view(self._picture_view), self._picture,
                                  QRectF(self._picture.rect()))
        if self.comparison is not None:
            self._paint_legend(painter)
        painter.end()

    def _paint_legend(self, painter: QPainter) -> None:
        painter.setFont(self.legend_font)
        metrics = painter.fontMetrics()
        line = metrics.height() + 4
        counts = self.counts()
        rows = [(kind, f"{change_legend(kind)}: {counts[kind]}") for kind in CHANGE_STYLES]
        width = max(metrics.horizontalAdvance(text) for _, text in rows) + line + 16
        box = QRectF(8, 8, width, line * len(rows) + 8)
        painter.setPen(_pen("#A0A0A0", 1.0))
        painter.setBrush(QColor(255, 255, 255, 225))
        painter.drawRect(box)
        for n, (kind, text) in enumerate(rows):
            _, fill, edge, pattern = CHANGE_STYLES[kind]
            y = box.top() + 4 + n * line
            painter.setPen(_pen(edge, 1.0))
            painter.setBrush(QBrush(QColor(fill), pattern))
            painter.drawRect(QRectF(box.left() + 6, y + 3, line - 8, line - 8))
            painter.setPen(QColor("#202020"))
            painter.drawText(QPointF(box.left() + line + 4, y + metrics.ascent() + 2), text)


def _pen(colour, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(QColor(colour), width, style)
    pen.setCosmetic(True)
    return pen


def change_legend(kind: str) -> str:
    return QCoreApplication.translate("ChangeMap", CHANGE_STYLES[kind][0])



def _layers() -> list[tuple[str, QBrush, QPen]]:
    """(kind, brush, pen) in drawing order: B's unchanged zones first, A's outlines of reshaped
    zones last. Made on the GUI thread (PySide creates enum types on first use, not thread-safe);
    brushes and pens are implicitly shared values a worker may use."""
    layers = [("unchanged", QBrush(_UNCHANGED), _pen(_UNCHANGED_EDGE, 0.6))]
    for kind in ("attributes", "reclassed", "reshaped", "added", "removed"):
        _, fill, edge, pattern = CHANGE_STYLES[kind]
        style = Qt.PenStyle.DashLine if kind == "removed" else Qt.PenStyle.SolidLine
        layers.append((kind, QBrush(QColor(fill), pattern), _pen(edge, 1.2, style)))
    layers.append(("reshaped_before", QBrush(Qt.BrushStyle.NoBrush),
                   _pen(CHANGE_STYLES["reshaped"][2], 1.6, Qt.PenStyle.DashLine)))
    return layers

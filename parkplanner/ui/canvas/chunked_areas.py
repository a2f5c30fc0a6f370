"""Areas with a great many rings (a gap that is a whole street network: 20,000 holes), drawn in
pieces on a render worker.

PySide6 keeps the interpreter lock during ``QPainter.drawPath``, and Qt takes tens of milliseconds
for one path of 220,000 elements, so a single such call on a worker stops the GUI thread for as
long (the GUI's 1 ms timer is late by the whole call). Drawn as chunks of at most
``CHUNK_ELEMENTS`` elements (``core.geometry.rings.ring_chunks``), each call holds the lock for about a
millisecond: the GUI thread runs in between, a cancelled frame stops at the next chunk, and
chunks out of view are skipped.

Fills are aliased: filling a shell and then erasing its holes (``CompositionMode_Clear``) colours
the pixels an aliased fill of the whole polygon colours, both sampling pixel centres. Where a
polygon with holes overlaps an area drawn before it in the same layer, its holes erase that too:
problem outlines never meet that case (a gap never overlaps another problem, overlaps have no
holes), and each layer of a frame is drawn into an image of its own before it is laid over the
ones beneath.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QImage, QPainter, QPainterPath, QPen

from parkplanner.core.foreground import give_way
from parkplanner.core.geometry.rings import RingChunks, ring_chunks
from parkplanner.ui.canvas.frame_plan import never_cancelled
from parkplanner.ui.canvas.qpaths import chunk_paths
from parkplanner.ui.canvas.viewport import Viewport

__all__ = ["ChunkedAreas", "ChunkedFrame", "CHUNK_ELEMENTS", "BULK_ELEMENTS"]

#: Path elements per draw call: about a millisecond of the interpreter lock each.
CHUNK_ELEMENTS = 4_000
#: Areas with more path elements than this in all are drawn in chunks (the validation overlay's
#: problem outlines; the topology helper process cuts them above it).
BULK_ELEMENTS = 20_000
#: Chunks made into paths between two turns of the GUI thread (``give_way``): the paths of a
#: street-network gap at 100,000 zones took ~0.4 s on a worker, side by side with the GUI thread.
PATH_BATCH = 32
_ERASER = QBrush(Qt.GlobalColor.black)


class ChunkedAreas:
    """The polygons of some geometries as chunks of paths (built on any thread, then read-only).

    Made again for outlines that changed a little (a re-check after an edit moves one hole of a
    street-network gap), it keeps the paths of ``previous``'s chunks that hold the very same
    vertices: building the paths is most of the cost, and only the chunks of the changed holes'
    cells need new ones (``core.geometry.rings.ring_chunks``). ``kept`` says how many were kept.
    ``of`` cuts geometries into chunks; the topology helper process hands over chunks (and their
    signatures) it cut itself.
    """

    def __init__(self, runs: RingChunks, origin: tuple[float, float], previous: "ChunkedAreas | None" = None,
                 signatures: list[bytes] | None = None) -> None:
        signatures = runs.signatures() if signatures is None else signatures
        known = previous._by_signature if previous is not None and previous.origin == origin else {}
        new = [k for k, signature in enumerate(signatures) if signature not in known]
        built = {}
        for start in range(0, len(new), PATH_BATCH):
            give_way()  # on a worker (the validation overlay's build), the GUI thread's turns go first
            batch = new[start:start + PATH_BATCH]
            built.update(zip(batch, ((path, path.boundingRect()) for path in chunk_paths(runs, batch, origin))))
        self.origin = origin
        #: (path, whether it holds holes, its bounds) per chunk, in drawing order.
        self.chunks: list[tuple[QPainterPath, bool, QRectF]] = []
        for k, (signature, holes) in enumerate(zip(signatures, runs.holes.tolist())):
            path, bounds = built[k] if k in built else known[signature]
            self.chunks.append((path, holes, bounds))
        self._by_signature = dict(zip(signatures, ((path, bounds) for path, _, bounds in self.chunks)))
        self.kept = len(signatures) - len(new)
        self.element_count = int(runs.counts.sum())

    @classmethod
    def of(cls, geometries, origin: tuple[float, float], previous: "ChunkedAreas | None" = None) -> "ChunkedAreas":
        """The polygons of ``geometries`` in chunks of ``CHUNK_ELEMENTS``."""
        return cls(ring_chunks(geometries, CHUNK_ELEMENTS), origin, previous)

    def paint(self, painter: QPainter, brush: QBrush, pens: tuple[QPen, ...], screen: QRectF,
              cancelled: Callable[[], bool] = never_cancelled, outline_holes: bool = True) -> bool:
        """Fill with ``brush`` (holes erased), then stroke with each of ``pens`` (the shells only,
        unless ``outline_holes``), the chunks meeting the screen rectangle ``screen``; the
        painter's transform is the viewport's local one. False once ``cancelled()`` says so."""
        transform = painter.transform()
        reach = screen.adjusted(-4, -4, 4, 4)  # pens reach a little beyond their path
        visible = [(path, holes) for path, holes, bounds in self.chunks if transform.mapRect(bounds).intersects(reach)]
        painter.setPen(Qt.PenStyle.NoPen)
        for path, holes in visible:
            if cancelled():
                return False
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear if holes
                                       else QPainter.CompositionMode.CompositionMode_SourceOver)
            painter.setBrush(_ERASER if holes else brush)
            painter.drawPath(path)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        outlined = [path for path, holes in visible if outline_holes or not holes]
        for pen in pens:
            painter.setPen(pen)
            for path in outlined:
                if cancelled():
                    return False
                painter.drawPath(path)
        return True


class ChunkedFrame:
    """Layers of chunked areas for one view, the frame a ``RenderJob`` draws on a worker.

    ``layers`` are (areas, brush, pens, whether the pens outline the holes too), bottom first;
    drawn aliased, as big overlays are.
    """

    def __init__(self, viewport: Viewport, layers: list[tuple[ChunkedAreas, QBrush, tuple[QPen, ...], bool]]) -> None:
        self.viewport = viewport
        self.layers = layers

    def draw(self, image: QImage, cancelled: Callable[[], bool] = never_cancelled) -> bool:
        """Paint the layers into ``image`` (cleared first); False once ``cancelled()`` says so."""
        image.fill(0)
        screen = QRectF(0, 0, self.viewport.width, self.viewport.height)
        for k, (areas, brush, pens, outline_holes) in enumerate(self.layers):
            target = image
            if k:  # erasing its holes must leave the layers beneath alone
                target = QImage(image.width(), image.height(), QImage.Format.Format_ARGB32_Premultiplied)
                target.setDevicePixelRatio(image.devicePixelRatio())
                target.fill(0)
            painter = QPainter(target)
            painter.setTransform(self.viewport.local_transform())
            try:
                if not areas.paint(painter, brush, pens, screen, cancelled, outline_holes):
                    return False
            finally:
                painter.end()
            if target is not image:
                painter = QPainter(image)
                painter.drawImage(QPointF(0, 0), target)
                painter.end()
        return True

"""The part of a view a repaint redraws: rectangles around the map boxes drawn differently.

One rectangle around the union of the boxes would do for an edit's few neighbouring zones, but
the zones a first visit to a scenario recolours (one in a hundred, say) are scattered over the
whole map: their union is the whole view, while their own rectangles cover a few per cent of it.
A patch keeps them apart as ``pieces``: rectangles that do not overlap (overlapping ones are
merged into their bounding rectangle), redrawn from only the zones that reach into them
(``ZoneLayer.patch_draws``). ``FramePlan.draw`` clips the background, fills and crisp outlines to
the region of all pieces at once, and antialiased outlines to one piece at a time: Qt's raster
engine blends those a level or two differently under a clip region than under a rectangle, and
a patched picture must be the very picture a full frame gives.

How far a piece reaches around a box depends on what changed there (``DrawnBoxes``). A zone of
a new shape (or one added or removed) has its outline moved: the piece takes ``MARGIN_PX``
around the box. A zone restyled in its own shape changes the pixels its aliased fill covers,
all within the box (its outline and its neighbours' are redrawn over them). Outside the box its
outline lies over the same colours as before, but now drawn with another colour's group, in
another order: antialiased strokes of different coverage blend a level apart when their order
changes, while crisp ones (one colour, whole pixels) blend alike in any order. So a zone gets a
piece of its box alone when it has no label, whose text may have changed (too small on screen
for one: ``labels.MIN_ZONE_PX``), and its outline was and stays crisp, or none (a group's typical
span picks the pen, ``OutlinePens``: a new group may outline it otherwise). A first visit
recolours one zone in a hundred, nearly all small at a whole-park view: their neighbours reaching
into a piece are most of what the job draws, and a margin of two pixels doubled them.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF

from parkplanner.ui.canvas.labels import MIN_ZONE_PX
from parkplanner.ui.canvas.map_bounds import DrawnBoxes
from parkplanner.ui.canvas.viewport import Viewport
from parkplanner.ui.canvas.zone_draws import OutlinePens

__all__ = ["Patch", "MARGIN_PX", "REACH_PX", "MAX_PIECES", "PARTIAL_LIMIT"]

#: Pixels around a reshaped or labelled zone's box that its outline (and its label's halo) may
#: still colour: the antialiased outline reaches one pixel out, aliased fills stay within the box.
MARGIN_PX = 2
#: Pixels outside a piece from which a zone still reaches in: its outline, the one thing drawn
#: outside its box, is a pen at most one pixel wide (styles.outline_pen 0.8, small_zone_outline_pen
#: 1.0) and colours only pixels its stroke meets, which lie within half its width of the line.
REACH_PX = 1
#: A patch covering more than this share of the view is cheaper to redraw whole.
PARTIAL_LIMIT = 0.5
#: Boxes beyond this many make one piece around them all: so many changed zones cover most of
#: the view anyway, and a patch draws some calls per piece.
MAX_PIECES = 1000


class Patch:
    """``pieces``: k×4 integer screen rectangles (x0, y0, x1, y1, the view's logical pixels) that
    do not overlap; ``boxes``: the map box of each, grown by ``REACH_PX``, that its zones meet."""

    __slots__ = ("pieces", "rect", "boxes", "share")

    def __init__(self, pieces: np.ndarray, viewport: Viewport) -> None:
        self.pieces = pieces
        x0, y0 = int(pieces[:, 0].min()), int(pieces[:, 1].min())
        self.rect = QRectF(x0, y0, int(pieces[:, 2].max()) - x0, int(pieces[:, 3].max()) - y0)
        #: The share of the view the pieces cover.
        self.share = float(((pieces[:, 2] - pieces[:, 0]) * (pieces[:, 3] - pieces[:, 1])).sum()) / \
            (viewport.width * viewport.height)
        grown = pieces.astype(float) + np.array([-REACH_PX, -REACH_PX, REACH_PX, REACH_PX])
        size = viewport.pixel_size
        self.boxes = np.stack([viewport.center_x + (grown[:, 0] - viewport.width / 2.0) * size,
                               viewport.center_y - (grown[:, 3] - viewport.height / 2.0) * size,
                               viewport.center_x + (grown[:, 2] - viewport.width / 2.0) * size,
                               viewport.center_y - (grown[:, 1] - viewport.height / 2.0) * size], axis=1)

    def piece_rects(self) -> list[QRectF]:
        return [QRectF(x0, y0, x1 - x0, y1 - y0) for x0, y0, x1, y1 in self.pieces.tolist()]

    @classmethod
    def around(cls, boxes: DrawnBoxes, viewport: Viewport, labels: bool) -> "Patch | None":
        """The patch covering map ``boxes`` in ``viewport`` (None: none of them is in view), each
        with its margin (see the module note; ``labels``: whether the map shows zone labels);
        for more than ``MAX_PIECES`` boxes, one piece around them all."""
        b = np.asarray(boxes.reshaped + boxes.restyled, dtype=float).reshape(-1, 4)
        size, half_w, half_h = viewport.pixel_size, viewport.width / 2.0, viewport.height / 2.0
        margin = np.full(len(b), float(MARGIN_PX))
        restyled = b[len(boxes.reshaped):]
        # The test labels.LabelPlacer.candidates makes: a zone spanning less gets no label.
        labelled = np.maximum(restyled[:, 2] - restyled[:, 0], restyled[:, 3] - restyled[:, 1]) >= MIN_ZONE_PX * size
        pens = OutlinePens(size)
        crisp = np.fromiter((_crisp_throughout(pens, before, after) for before, after in boxes.spans),
                            dtype=bool, count=len(restyled))
        margin[len(boxes.reshaped):] = np.where((labelled & labels) | ~crisp, MARGIN_PX, 0)
        # Whole pixels covering each box and its margin, cut to the view.
        x0 = np.floor((b[:, 0] - viewport.center_x) / size + half_w) - margin
        x1 = np.ceil((b[:, 2] - viewport.center_x) / size + half_w) + margin
        y0 = np.floor((viewport.center_y - b[:, 3]) / size + half_h) - margin
        y1 = np.ceil((viewport.center_y - b[:, 1]) / size + half_h) + margin
        rects = np.stack([np.clip(x0, 0, viewport.width), np.clip(y0, 0, viewport.height),
                          np.clip(x1, 0, viewport.width), np.clip(y1, 0, viewport.height)], axis=1)
        rects = rects[(rects[:, 2] > rects[:, 0]) & (rects[:, 3] > rects[:, 1])].astype(np.int64)
        if not len(rects):
            return None
        if len(rects) > MAX_PIECES:
            return cls(_bounding(rects)[None, :], viewport)
        return cls(_disjoint(rects), viewport)


def _crisp_throughout(pens: OutlinePens, before: float | None, after: float | None) -> bool:
    """Whether a zone drawn with groups of typical spans ``before`` and ``after`` gets a crisp
    outline, or none, in both (an unknown span counts as a change)."""
    if before is None or after is None:
        return False
    look = pens.look(before)
    return not look and look == pens.look(after)


def _bounding(rects: np.ndarray) -> np.ndarray:
    return np.array([rects[:, 0].min(), rects[:, 1].min(), rects[:, 2].max(), rects[:, 3].max()], dtype=np.int64)


def _overlapping_pairs(rects: np.ndarray) -> np.ndarray:
    """(i, j) index pairs of ``rects`` that overlap: a sweep along x (sorted by left edge, each
    rectangle checked only against those starting before its right edge), then the y test."""
    order = np.argsort(rects[:, 0], kind="stable")
    r = rects[order]
    reach = np.searchsorted(r[:, 0], r[:, 2], side="left")  # rectangles starting before my right edge
    counts = np.maximum(reach - np.arange(len(r)) - 1, 0)
    first = np.repeat(np.arange(len(r)), counts)
    second = first + 1 + (np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts))
    meet = (r[first, 1] < r[second, 3]) & (r[second, 1] < r[first, 3])
    return np.stack([order[first[meet]], order[second[meet]]], axis=1)


def _disjoint(rects: np.ndarray) -> np.ndarray:
    """``rects`` with every group of overlapping ones replaced by its bounding rectangle, until
    none overlap (a merged rectangle may reach new ones, hence the rounds)."""
    while True:
        pairs = _overlapping_pairs(rects)
        if not len(pairs):
            return rects
        # Groups of rectangles linked by overlaps (a row of recoloured parcels is one long chain):
        # union-find over the overlapping pairs.
        parent = list(range(len(rects)))

        def root(k: int) -> int:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        for a, b in pairs.tolist():
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        label = np.fromiter((root(k) for k in range(len(rects))), dtype=np.int64, count=len(rects))
        order = np.argsort(label, kind="stable")
        starts = np.flatnonzero(np.r_[True, label[order][1:] != label[order][:-1]])
        rects = np.stack([np.minimum.reduceat(rects[order, 0], starts), np.minimum.reduceat(rects[order, 1], starts),
                          np.maximum.reduceat(rects[order, 2], starts), np.maximum.reduceat(rects[order, 3], starts)],
                         axis=1)

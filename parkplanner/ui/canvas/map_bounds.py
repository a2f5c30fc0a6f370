"""Axis-aligned map boxes (x0, y0, x1, y1) as the canvas's layers keep and compare them."""
from __future__ import annotations

import numpy as np

__all__ = ["Bounds", "DrawnBoxes", "union_bounds", "on_edge", "intersects", "meets"]

Bounds = tuple[float, float, float, float]


class DrawnBoxes:
    """The map boxes of the zones two pictures draw differently, by how they differ.

    ``reshaped``: a zone added, removed or given another shape, so its outline moved (a patch
    takes a margin around the box: the outline reaches out of it). ``restyled``: a zone of the same
    shape in another colour or with another label (its outline stays where it was: only its own
    pixels change, and around it only where a label or its outline's look may have changed; see
    ``repaint_patch``), with ``spans``: the typical spans (metres, None when not known) of the
    groups it is drawn with before and after, which choose its outline's look.
    """

    __slots__ = ("reshaped", "restyled", "spans")

    def __init__(self, reshaped: list[Bounds] | None = None, restyled: list[Bounds] | None = None,
                 spans: list[tuple[float | None, float | None]] | None = None) -> None:
        self.reshaped = [] if reshaped is None else reshaped
        self.restyled = [] if restyled is None else restyled
        self.spans = [] if spans is None else spans

    def __bool__(self) -> bool:
        return bool(self.reshaped or self.restyled)

    def __add__(self, other: "DrawnBoxes") -> "DrawnBoxes":
        return DrawnBoxes(self.reshaped + other.reshaped, self.restyled + other.restyled, self.spans + other.spans)


def union_bounds(a: Bounds | None, b: Bounds | None) -> Bounds | None:
    if a is None:
        return b
    if b is None:
        return a
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def on_edge(inner: Bounds, outer: Bounds) -> bool:
    """Whether ``inner`` (within ``outer``) reaches an edge of ``outer``."""
    return inner[0] <= outer[0] or inner[1] <= outer[1] or inner[2] >= outer[2] or inner[3] >= outer[3]


def intersects(a: Bounds, b: Bounds) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def meets(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Whether each box of ``a`` (n×4) meets each box of ``b`` (k×4): an n×k array."""
    return (a[:, None, 0] <= b[None, :, 2]) & (a[:, None, 2] >= b[None, :, 0]) & \
        (a[:, None, 1] <= b[None, :, 3]) & (a[:, None, 3] >= b[None, :, 1])

"""Axis-aligned map boxes (x0, y0, x1, y1) as the canvas's layers keep and compare them."""
from __future__ import annotations

import numpy as np

__all__ = ["Bounds", "union_bounds", "on_edge", "intersects", "meets"]

Bounds = tuple[float, float, float, float]


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

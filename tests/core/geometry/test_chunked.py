"""GEOS calls split over threads give what the unsplit call gives, in the same order."""
from __future__ import annotations

import numpy as np
import shapely

from parkplanner.core.geometry import chunked as chunked_module
from parkplanner.core.geometry.chunked import MIN_CHUNK, chunked


def test_chunked_buffers_equal_the_unsplit_call(monkeypatch):
    monkeypatch.setattr(chunked_module, "_WORKERS", 3)
    rng = np.random.default_rng(1)
    points = shapely.points(rng.uniform(0, 1000, (3 * MIN_CHUNK + 17, 2)))
    squares = shapely.buffer(points, 5.0, cap_style="square")
    split = chunked(shapely.buffer, squares, distance=30.0, quad_segs=8)
    whole = shapely.buffer(squares, 30.0, quad_segs=8)
    assert split.shape == whole.shape
    assert shapely.equals_exact(split, whole, tolerance=0.0).all()


"""GEOS calls split over threads give what the unsplit call gives; side_by_side keeps the order of
its calls' results and raises a call's exception only once every call has ended."""
from __future__ import annotations

import threading

import numpy as np
import pytest
import shapely

from parkplanner.core.geometry import chunked as chunked_module
from parkplanner.core.geometry.chunked import MIN_CHUNK, chunked, side_by_side


def test_chunked_buffers_equal_the_unsplit_call(monkeypatch):
    monkeypatch.setattr(chunked_module, "_WORKERS", 3)
    rng = np.random.default_rng(1)
    points = shapely.points(rng.uniform(0, 1000, (3 * MIN_CHUNK + 17, 2)))
    squares = shapely.buffer(points, 5.0, cap_style="square")
    split = chunked(shapely.buffer, squares, distance=30.0, quad_segs=8)
    whole = shapely.buffer(squares, 30.0, quad_segs=8)
    assert split.shape == whole.shape
    assert shapely.equals_exact(split, whole, tolerance=0.0).all()


def test_side_by_side_returns_results_in_call_order(monkeypatch):
    monkeypatch.setattr(chunked_module, "_WORKERS", 2)
    threads = set()

    def call(n):
        def run():
            threads.add(threading.get_ident())
            return n * n
        return run

    assert side_by_side([call(n) for n in range(5)]) == [0, 1, 4, 9, 16]
    assert threading.get_ident() in threads  # the first call runs on the caller's thread


def test_side_by_side_raises_after_every_call_ended(monkeypatch):
    monkeypatch.setattr(chunked_module, "_WORKERS", 2)
    release, finished = threading.Event(), []

    def slow():
        release.wait(5)
        finished.append(True)

    def failing():
        release.set()
        raise ValueError("zone 7 has an unknown code")

    with pytest.raises(ValueError, match="zone 7"):
        side_by_side([failing, slow])
    assert finished == [True]

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



def test_a_smaller_min_chunk_splits_a_short_costly_call(monkeypatch):
    """A few hundred buffers stay on one thread by default but are shared out with a smaller
    ``min_chunk``; the pieces put together are the unsplit call's result."""
    monkeypatch.setattr(chunked_module, "_WORKERS", 2)
    rng = np.random.default_rng(2)
    squares = shapely.buffer(shapely.points(rng.uniform(0, 1000, (250, 2))), 5.0, cap_style="square")
    sizes = []

    def buffer(geoms, **kwargs):
        sizes.append(len(geoms))
        return shapely.buffer(geoms, **kwargs)

    whole = shapely.buffer(squares, 30.0, quad_segs=8)
    assert shapely.equals_exact(chunked(buffer, squares, distance=30.0, quad_segs=8), whole, tolerance=0.0).all()
    assert sizes == [250]
    sizes.clear()
    split = chunked(buffer, squares, distance=30.0, quad_segs=8, min_chunk=100)
    assert sorted(sizes) == [125, 125]
    assert shapely.equals_exact(split, whole, tolerance=0.0).all()


def test_side_by_side_returns_each_result_in_order_and_raises_after_every_call_ended(monkeypatch):
    import threading
    import time

    import pytest

    from parkplanner.core.geometry.chunked import side_by_side

    monkeypatch.setattr(chunked_module, "_WORKERS", 2)
    threads = []

    def call(value, delay=0.0):
        def run():
            threads.append(threading.get_ident())
            time.sleep(delay)
            return value
        return run

    assert side_by_side(call(1), call(2), call(3)) == [1, 2, 3]
    assert threading.get_ident() in threads and len(set(threads)) > 1  # the last on the caller's thread
    ended = []

    def slow():
        time.sleep(0.2)
        ended.append(True)

    def failing():
        raise ValueError("zone 7 has an unknown code")

    with pytest.raises(ValueError, match="zone 7"):
        side_by_side(slow, failing)
    assert ended == [True]


def test_sliced_calls_equal_the_whole_call_indices_included():
    from parkplanner.core.geometry.chunked import sliced

    rng = np.random.default_rng(7)
    x, y = rng.uniform(0, 1000, 23), rng.uniform(0, 1000, 23)
    boxes = sliced(shapely.box, x, y, x + 5, y + 5, size=4)
    assert shapely.equals_exact(boxes, shapely.box(x, y, x + 5, y + 5), tolerance=0.0).all()
    wkb = shapely.to_wkb(boxes)
    assert shapely.equals_exact(sliced(shapely.from_wkb, wkb, size=5), boxes, tolerance=0.0).all()
    multi = np.array([shapely.multipolygons(boxes[k:k + 3]) for k in range(0, 23, 3)], dtype=object)
    parts, index = sliced(shapely.get_parts, multi, size=3, return_index=True)
    whole_parts, whole_index = shapely.get_parts(multi, return_index=True)
    assert index.tolist() == whole_index.tolist()  # indices into the whole input, not the slice
    assert shapely.equals_exact(parts, whole_parts, tolerance=0.0).all()
    assert sliced(shapely.area, boxes[:3], size=5).tolist() == shapely.area(boxes[:3]).tolist()



def test_parts_in_slices_equal_get_parts_with_their_indices(monkeypatch):
    from parkplanner.core.geometry.chunked import parts_in_slices

    monkeypatch.setattr(chunked_module, "SLICE", 3)  # slices end inside a multipolygon
    boxes = shapely.box(np.arange(9.0), 0.0, np.arange(9.0) + 0.5, 1.0)
    geoms = np.array([boxes[0], shapely.multipolygons(boxes[1:6]), None, shapely.Polygon(),
                      shapely.geometrycollections([boxes[6], shapely.multipolygons(boxes[7:9])]),
                      shapely.LineString([(0, 0), (1, 1)])], dtype=object)
    parts, index = parts_in_slices(geoms)
    whole, whole_index = shapely.get_parts(geoms, return_index=True)
    assert index.tolist() == whole_index.tolist() == [0, 1, 1, 1, 1, 1, 3, 4, 4, 5]
    assert shapely.equals_exact(parts, whole, tolerance=0.0).all()
    assert parts[0] is boxes[0]  # a single-part geometry is not copied
    single = np.array([boxes[0], boxes[1]], dtype=object)
    assert parts_in_slices(single)[1].tolist() == [0, 1]
    assert parts_in_slices(np.array([], dtype=object))[0].size == 0

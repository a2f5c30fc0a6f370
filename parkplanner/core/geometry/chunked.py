"""Vectorised GEOS calls split over threads: shapely releases the GIL inside GEOS, so the buffers
and triangulations of 20,000 zones (massing) and the buffers and overlays of service coverage
(metrics) use every core (one chunk per core, none below MIN_CHUNK, or below a call's own
``min_chunk`` for calls that cost much per geometry: a few hundred buffers or overlays are worth
a thread each). Element-wise calls only:
each result is the one the unsplit call gives, bit for bit. Only GEOS runs on the pool's threads,
so they hardly ever want the GIL: a GUI thread waiting for it is not kept waiting by them."""
from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import numpy as np
import shapely

from parkplanner.core.foreground import for_caller, give_way

__all__ = ["chunked", "sliced", "parts_in_slices", "side_by_side", "one_core", "MIN_CHUNK", "COSTLY_MIN_CHUNK",
           "SLICE"]

#: Below this many geometries per chunk a thread costs more than it saves.
MIN_CHUNK = 1000
#: The same for calls costing tens of microseconds per geometry (buffers, overlays): handing a
#: chunk to a thread costs about as much as a handful of them.
COSTLY_MIN_CHUNK = 100
#: shapely type ids from here on are multi-part geometries and collections.
_MULTIPOINT = 4
#: Geometries per slice of a call that holds the GIL (``sliced``): a few milliseconds each.
SLICE = 5000
_WORKERS = max(1, min(8, os.cpu_count() or 1))
_pool: ThreadPoolExecutor | None = None
_side: ThreadPoolExecutor | None = None  # side_by_side's threads: never the pool's, which they wait on
_pool_lock = threading.Lock()  # metrics engines on several workers may chunk at once


def one_core() -> None:
    """Run every call here on the caller's thread alone: a background process that must leave
    the other cores to the application (the topology helper) calls this before its first call."""
    global _WORKERS
    _WORKERS = 1


def chunked(func: Callable[..., np.ndarray], geoms: np.ndarray, *per_item: np.ndarray, min_chunk: int = MIN_CHUNK,
            **kwargs) -> np.ndarray:
    """``func(geoms, *per_item, **kwargs)`` with the arrays cut into chunks run side by side, each
    of at least ``min_chunk`` geometries. A worker first waits out a turn of the GUI thread's
    event loop (``foreground.give_way``): metrics engines and validations are made of such calls."""
    global _pool
    give_way()
    n = len(geoms)
    parts = min(_WORKERS, n // max(1, min_chunk))
    if parts < 2:
        return func(geoms, *per_item, **kwargs)
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(_WORKERS, thread_name_prefix="geos")
    bounds = np.linspace(0, n, parts + 1).astype(int)
    futures = [_pool.submit(func, geoms[a:b], *(x[a:b] for x in per_item), **kwargs)
               for a, b in zip(bounds[:-1], bounds[1:])]
    return np.concatenate([f.result() for f in futures])



def sliced(func: Callable[..., Any], items: np.ndarray, *per_item: np.ndarray, size: int = SLICE, **kwargs) -> Any:
    """``func(items, *per_item, **kwargs)`` made of calls on consecutive slices of ``size`` items.

    Shapely releases the GIL inside GEOS, but not while it makes the Python objects of new
    geometries: ``from_wkb``, ``box``, ``get_parts`` or ``get_exterior_ring`` over 100,000 zones
    hold it for 60-200 ms in one call, and a GUI thread waiting for it all that time misses a
    dozen frames. Between slices the GIL can change hands, and a worker waits out a turn of the
    GUI thread's event loop (``foreground.give_way``). Results equal the unsliced call's;
    a ``(values, index)`` result (``return_index=True``) gets its indices shifted to ``items``.
    """
    n = len(items)
    if n <= size:
        return func(items, *per_item, **kwargs)
    starts = range(0, n, size)
    outs = []
    for a in starts:
        give_way()
        outs.append(func(items[a:a + size], *(x[a:a + size] for x in per_item), **kwargs))
    if isinstance(outs[0], tuple):
        return np.concatenate([o[0] for o in outs]), np.concatenate([o[1] + a for o, a in zip(outs, starts)])
    return np.concatenate(outs)


def parts_in_slices(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``shapely.get_parts(geoms, return_index=True)``, with the interpreter lock free to change
    hands every ``SLICE`` parts: a single-part geometry is kept as it is (``get_parts`` copies it),
    and the parts of multi-part ones are taken with ``get_geometry`` in slices (``sliced``), so
    that one multipolygon of 100,000 parts (a validation's union, a street-network gap) is not one
    call holding the lock for ~60 ms. Parts come in ``get_parts``'s order."""
    geoms = np.asarray(geoms, dtype=object)
    kinds = shapely.get_type_id(geoms)
    multi = kinds >= _MULTIPOINT
    counts = np.where(multi, shapely.get_num_geometries(geoms), kinds >= 0)  # missing (-1): none
    owner = np.repeat(np.arange(len(geoms)), counts)
    if not multi.any():
        return geoms[owner], owner
    parts = np.empty(len(owner), dtype=object)
    split = multi[owner]
    parts[~split] = geoms[owner[~split]]
    within = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
    parts[split] = sliced(shapely.get_geometry, geoms[owner[split]], within[split], size=SLICE)
    return parts, owner


def side_by_side(*calls: Callable[[], object]) -> list:
    """The calls' results, in order, the calls run at once: all but the last on side threads, the
    last on the caller's. For independent calls spending most of their time in GEOS (whose own
    chunks go to the pool): one's Python steps run while the other's GEOS calls do. The first
    exception raised is raised once every call has ended. Only the last call (on the caller's
    thread) may wait for other side_by_side calls: the side threads never wait for each other."""
    global _side
    if len(calls) < 2 or _WORKERS < 2:
        return [call() for call in calls]
    with _pool_lock:
        if _side is None:
            _side = ThreadPoolExecutor(_WORKERS, thread_name_prefix="geos-side")
    futures = [_side.submit(for_caller(call)) for call in calls[:-1]]
    try:
        last = calls[-1]()
    finally:
        for future in futures:
            future.exception()  # waits: nothing a call touches is left half-done when this returns
    return [future.result() for future in futures] + [last]

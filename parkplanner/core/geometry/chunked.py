"""Vectorised GEOS calls split over threads: shapely releases the GIL inside GEOS, so the buffers
and triangulations of 20,000 zones (massing) and the buffers and overlays of service coverage
(metrics) use every core (one chunk per core, none below MIN_CHUNK). Element-wise calls only:
each result is the one the unsplit call gives, bit for bit. ``side_by_side`` runs independent
computations (the coverage layers of one metrics build) at once, each free to use ``chunked``."""
from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any, Callable, Sequence

import numpy as np

__all__ = ["chunked", "side_by_side", "MIN_CHUNK"]

#: Below this many geometries per chunk a thread costs more than it saves.
MIN_CHUNK = 1000
_WORKERS = max(1, min(8, os.cpu_count() or 1))
_pool: ThreadPoolExecutor | None = None
#: side_by_side's threads: a pool of their own, so a call waiting there on chunks of ``_pool``
#: never waits on a thread that is itself waiting.
_side_pool: ThreadPoolExecutor | None = None
_pools_lock = threading.Lock()


def chunked(func: Callable[..., np.ndarray], geoms: np.ndarray, *per_item: np.ndarray, **kwargs) -> np.ndarray:
    """``func(geoms, *per_item, **kwargs)`` with the arrays cut into chunks run side by side."""
    global _pool
    n = len(geoms)
    parts = min(_WORKERS, n // MIN_CHUNK)
    if parts < 2:
        return func(geoms, *per_item, **kwargs)
    with _pools_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(_WORKERS, thread_name_prefix="geos")
    bounds = np.linspace(0, n, parts + 1).astype(int)
    futures = [_pool.submit(func, geoms[a:b], *(x[a:b] for x in per_item), **kwargs)
               for a, b in zip(bounds[:-1], bounds[1:])]
    return np.concatenate([f.result() for f in futures])


def side_by_side(calls: Sequence[Callable[[], Any]]) -> list:
    """The results of ``calls``, in order, the first run on this thread and the others at once on
    threads of their own (one after the other on a single core). An exception of a call is raised
    once every call has ended."""
    global _side_pool
    if _WORKERS < 2 or len(calls) < 2:
        return [call() for call in calls]
    with _pools_lock:
        if _side_pool is None:
            _side_pool = ThreadPoolExecutor(_WORKERS, thread_name_prefix="geos-side")
    futures = [_side_pool.submit(call) for call in calls[1:]]
    try:
        first = calls[0]()
    finally:
        wait(futures)
    return [first] + [future.result() for future in futures]

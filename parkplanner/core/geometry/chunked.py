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
from typing import Callable

import numpy as np

__all__ = ["chunked", "MIN_CHUNK", "COSTLY_MIN_CHUNK"]

#: Below this many geometries per chunk a thread costs more than it saves.
MIN_CHUNK = 1000
#: The same for calls costing tens of microseconds per geometry (buffers, overlays): handing a
#: chunk to a thread costs about as much as a handful of them.
COSTLY_MIN_CHUNK = 100
_WORKERS = max(1, min(8, os.cpu_count() or 1))
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()  # metrics engines on several workers may chunk at once


def chunked(func: Callable[..., np.ndarray], geoms: np.ndarray, *per_item: np.ndarray, min_chunk: int = MIN_CHUNK,
            **kwargs) -> np.ndarray:
    """``func(geoms, *per_item, **kwargs)`` with the arrays cut into chunks run side by side, each
    of at least ``min_chunk`` geometries."""
    global _pool
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


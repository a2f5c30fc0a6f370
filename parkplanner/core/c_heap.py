"""The C heap (glibc's malloc): how many arenas the window's threads share, and giving back what
a helper process freed.

Arenas: glibc gives each thread that allocates an arena of its own (the threads alive at once, up
to eight per core). The window's threads each build large, short-lived things: render jobs their
paths, the metrics engines of first visits their arrays, GEOS chunks their geometries. What one
arena frees is neither reused by allocations in another nor given back to the system unless it
lies at the arena's top, so a 100,000-zone session kept ~100 MB more resident than it used.
Measured with ``benchmarks/peak_memory.py`` (100,000 zones, three scenarios and a comparison):
the window's peak 1,013 MB with glibc's default, 916 MB with two arenas (904 with one). First
visits, new views, workshop steps, metrics, comparisons and opening at 20,000 and 100,000 zones
did not change beyond the runs' spread (``benchmarks/run.py``, the two alternated): most of the
threads' allocations are made holding Python's interpreter lock, one thread at a time, so they
seldom wait for an arena.

Giving back: a topology check of 100,000 zones frees ~150 MB of GEOS intermediates (the union,
the gaps' overlay) between blocks that stay live, and glibc keeps those pages. The helper that
ran it then waits, maybe for minutes, holding them; ``malloc_trim`` returns them to the system
(6.5 ms there), and the helper calls it once it has waited two seconds for the next check.

A planner who sets ``MALLOC_ARENA_MAX`` keeps their own setting; other C libraries (macOS,
Windows, musl) have their own allocators and are left alone.
"""
from __future__ import annotations

import ctypes
import os
import sys
from typing import Any

__all__ = ["limit_heap_arenas", "give_back_free_heap", "ARENAS"]

#: Arenas the C heap may have at most.
ARENAS = 2
_M_ARENA_MAX = -8  # glibc's malloc.h


def limit_heap_arenas() -> bool:
    """Limit glibc's arenas to ``ARENAS`` (before the threads start: arenas made earlier stay);
    True if the limit was set."""
    if "MALLOC_ARENA_MAX" in os.environ:
        return False
    mallopt = _glibc("mallopt", ctypes.c_int, ctypes.c_int)
    return mallopt is not None and mallopt(_M_ARENA_MAX, ARENAS) == 1


def give_back_free_heap() -> bool:
    """Return the heap's free pages to the system (``malloc_trim``); True if glibc did so."""
    trim = _glibc("malloc_trim", ctypes.c_size_t)
    return trim is not None and trim(0) == 1


def _glibc(name: str, *argtypes: Any) -> Any:
    """glibc's function ``name`` taking ``argtypes`` and returning an int, or None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = getattr(ctypes.CDLL(None), name)  # the C library this process already runs on
    except (OSError, AttributeError):
        return None
    function.argtypes, function.restype = argtypes, ctypes.c_int
    return function

"""Hand the memory a worker's job freed back to the system, so a big project's peak stays its size.

CPython, numpy, GEOS and Qt allocate through the C library's ``malloc``. glibc gives each thread
that allocates concurrently an arena of its own and returns an arena's freed pages to the system
only from its top: what a job frees in the middle of an arena stays in the process's resident
set. The task workers build and drop whole scenarios' worth of arrays, geometries and paths (a
first visit's engine, a comparison, a render job), so at 100,000 zones with three scenarios about
400-500 MB of the resident set was memory already freed (measured with ``benchmarks/peak_memory.py``:
one ``malloc_trim`` at the end dropped the RSS from ~1,500 to ~1,000 MB).

After each long worker job (``after_job``) ``release_freed_memory`` asks glibc to return the free
pages of every arena (``malloc_trim(0)``). It runs on the worker that just finished, and ctypes
lets go of the interpreter lock during the call, so the GUI thread is not held: after a
comparison at 100,000 zones it frees ~500 MB in ~45 ms, and when little was freed it costs under
a millisecond. Short jobs (a render frame, a slider preview) skip it: they come many a second and
reuse the same freed memory, which, handed back, the kernel would have to fault in and zero again
for the next one (with a release after every job the workshop drag's longest GUI stall at
20,000 zones measured ~95 ms against ~45 ms without, one loaded run each).
Elsewhere than glibc (macOS, Windows, musl) there is no such call and nothing happens.
"""
from __future__ import annotations

import ctypes
import ctypes.util
from typing import Callable

__all__ = ["release_freed_memory", "after_job", "LONG_JOB_S"]

#: Jobs at least this long build and drop whole scenarios' worth of figures (first visits, comparisons,
#: opening, deferred recomputes); shorter ones are the interactive loops' steps.
LONG_JOB_S = 0.1


def _find_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


_trim = _find_trim()


def release_freed_memory() -> bool:
    """Return the C heap's free pages to the system; whether this platform can (glibc)."""
    if _trim is None:
        return False
    _trim(0)
    return True


def after_job(duration_s: float) -> bool:
    """A worker job that ran ``duration_s`` ended: release what it freed if it was a long one."""
    return duration_s >= LONG_JOB_S and release_freed_memory()

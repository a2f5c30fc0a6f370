"""Pausing Python's cycle collector while a block builds many long-lived objects at once.

Reading a drawing or building a zone layer makes a few hundred thousand dicts, lists, tuples and
records that are never garbage cycles; each burst of allocations would trigger collections that walk
them and everything else alive (a second of CPU at 20,000 parcels with a project open), on whichever
thread allocates. Reference counting still frees garbage meanwhile; the collector resumes afterwards.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

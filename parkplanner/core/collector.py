"""Pausing Python's cycle collector while a block builds many long-lived objects at once.

Reading a drawing or building a zone layer makes a few hundred thousand dicts, lists, tuples and
records that are never garbage cycles; each burst of allocations would trigger collections that walk
them and everything else alive (a second of CPU at 20,000 parcels with a project open), on whichever
thread allocates. Reference counting still frees garbage meanwhile; the collector resumes afterwards.

While a project is shown, its objects are exempt from collections (``gc.freeze``, see
ui/gc_pauses.py: ``freeze_after_pauses``); what a paused block made is frozen with them when the
block ends (a block begun with the collector paused already, by an open or by a block on another
thread, leaves that to whoever paused it). Left young, the burst was walked by the next two collections of the young
generations, 20-27 ms each at 100,000 zones, holding the interpreter lock on whichever thread
allocated next. Freezing moves lists (well under a millisecond); a cycle that becomes garbage
later waits for the project to be closed (the few a layer or an engine makes).
"""
from __future__ import annotations

import gc
from contextlib import contextmanager

__all__ = ["collector_paused", "freeze_after_pauses"]

_freeze = False


def freeze_after_pauses(on: bool) -> None:
    """Whether a paused block's objects are frozen when it ends (a project is shown or not)."""
    global _freeze
    _freeze = on


@contextmanager
def collector_paused():
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if _freeze:
                gc.freeze()
            gc.enable()

"""Keep Python's cycle collector from stalling the GUI after a project is opened.

A full (generation 2) collection walks every tracked object: with a 20,000-zone project open,
about 100,000 objects and ~150 ms; at 100,000 zones ~350,000 objects and ~340 ms (reference VM),
all on whichever thread allocates when the collector decides to run, which is the GUI thread in
the middle of a pan or a slider drag. A project's zones, geometries and layers live as long as
the project does and hold no reference cycles worth collecting, so once a project is shown its
objects are moved to the collector's permanent generation (``gc.freeze``): later collections
look only at objects made since. The objects are still freed by reference counting when the
project goes; only garbage cycles among them wait, and they are few (see below). Showing
another project returns the frozen objects to the collector (``gc.unfreeze``) before the new
ones are frozen.

Opening a file (``pause_collections``) goes further: no automatic collection runs while the file
is read on a worker and the project is shown. Reading allocates hundreds of thousands of objects,
so collections came one after another on the worker, each holding the interpreter lock (and so
stopping the GUI thread) over a growing heap, and a full one landed inside ``set_document`` on
the GUI thread. Once the project is shown, everything alive is frozen and automatic collections
resume, without the full collection an open used to end with: at 20,000 zones that collection
walked ~270,000 objects for 75-110 ms on the GUI thread and found 20 unreachable ones (the
reading's and the old project's cycles, measured over three opens in a row). Those few are
frozen with the project and stay for the session: a few dozen objects per open, against a
tenth of a second of a frozen window.
"""
from __future__ import annotations

import gc

from parkplanner.core.collector import freeze_after_pauses

__all__ = ["release_shown", "freeze_shown", "pause_collections", "resume_collections", "collections_paused"]

_paused = False
#: The collector's thresholds while a project is shown: young generations as Python's defaults,
#: a full collection after 100 collections of the middle one instead of 10. What the project
#: builds after it is shown (another scenario's engine and layer, a comparison's copies) is not
#: frozen, and with the frozen objects out of its count the collector found the old generation
#: "grown by a quarter" again and again: at 100,000 zones full collections of 30-160 ms ran every
#: second or so on the workers, each holding the interpreter lock the GUI thread waits for, and
#: finding nothing. Young cycles are still collected as often as before.
THRESHOLDS = (700, 10, 100)


def collections_paused() -> bool:
    """An open paused automatic collections and the collection that ends the pause has not run."""
    return _paused


def pause_collections() -> None:
    """Before a file is read: no automatic collection until the project is shown (see above)."""
    global _paused
    _paused = True
    gc.disable()


def resume_collections() -> None:
    """The open failed or was given up: automatic collections as before, nothing frozen anew."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()


def release_shown() -> None:
    """Before another project replaces the shown one: let the collector see the old objects again."""
    freeze_after_pauses(False)
    gc.unfreeze()


def freeze_shown() -> None:
    """After a project is shown: exempt everything alive now from later collections and, after
    an open, let automatic collections run again (freezing moves lists: well under a millisecond)."""
    global _paused
    gc.freeze()
    freeze_after_pauses(True)  # and what the shown project's layers and engines make in bursts
    gc.set_threshold(*THRESHOLDS)
    if _paused:
        _paused = False
        gc.enable()

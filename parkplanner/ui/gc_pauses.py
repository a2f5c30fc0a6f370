"""Keep Python's cycle collector from stalling the GUI after a project is opened.

A full (generation 2) collection walks every tracked object: with a 20,000-zone project open,
about 100,000 objects and ~150 ms; at 100,000 zones ~350,000 objects and ~340 ms (reference VM),
all on whichever thread allocates when the collector decides to run, which is the GUI thread in
the middle of a pan or a slider drag. A project's zones, geometries and layers live as long as
the project does and hold no reference cycles worth collecting, so once a project is shown its
objects are moved to the collector's permanent generation (``gc.freeze``): later collections
look only at objects made since. The objects are still freed by reference counting when the
project goes; only garbage cycles among them would wait, and opening another project first
returns them to the collector (``gc.unfreeze``) so such cycles are not kept for the session.

Opening a file (``pause_collections``) goes further: no automatic collection runs while the file
is read on a worker and the project is shown. Reading allocates hundreds of thousands of objects,
so collections came one after another on the worker, each holding the interpreter lock (and so
stopping the GUI thread) over a growing heap, and a full one landed inside ``set_document`` on
the GUI thread. Instead one full collection runs once the project is shown, in its own turn of
the event loop (the old project's cycles and the reading's garbage go there), then the shown
objects are frozen and automatic collections resume.
"""
from __future__ import annotations

import gc

from PySide6.QtCore import QTimer

__all__ = ["release_shown", "freeze_shown", "pause_collections", "resume_collections", "collections_paused"]

_paused = False


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
    gc.unfreeze()


def freeze_shown() -> None:
    """After a project is shown: exempt everything alive now from later collections (after an
    open, once the one full collection has run, in a later turn of the event loop)."""
    if _paused:
        QTimer.singleShot(0, _collect_and_freeze)
    else:
        gc.freeze()


def _collect_and_freeze() -> None:
    global _paused
    if not _paused:
        return  # resumed meanwhile (another document shown without an open)
    gc.collect()
    gc.freeze()
    _paused = False
    gc.enable()

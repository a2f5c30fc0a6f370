"""Big things the GUI thread lets go of, freed once the planner pauses.

A first visit to a fifth scenario evicts the least recently shown one's zone layer and picture
(``KEPT_LAYERS``): freeing them frees the layer's thousand group paths and their vertices,
~8 ms at 20,000 zones, in the very turn that shows the new scenario. Handed to
``release_when_idle``, they are freed in a turn of their own once the GUI thread has had no turn
for ``RELEASE_AFTER_MS``. A planner who never pauses must not keep everything ever evicted:
beyond ``MAX_HELD`` the oldest is freed at once.
"""
from __future__ import annotations

import threading
from collections import deque

from PySide6.QtCore import QCoreApplication, QObject

from parkplanner.ui.idle_timer import IdleTimer

__all__ = ["release_when_idle", "held_count", "RELEASE_AFTER_MS", "MAX_HELD"]

#: Quiet of the GUI thread after which what was let go of is freed.
RELEASE_AFTER_MS = 250
#: Things held at most, the oldest beyond are freed at once: what one switch evicts (a picture,
#: a zone layer, an engine, legend totals), ~100 MB at 100,000 zones.
MAX_HELD = 4


class _Release(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.held: deque[object] = deque()
        self.timer = IdleTimer(self, RELEASE_AFTER_MS, self.held.clear)


_release: _Release | None = None


def release_when_idle(thing: object) -> None:
    """Hold ``thing`` (the last reference the caller drops) until the planner pauses. Only the GUI
    (main) thread holds, whose event loop runs the timer; on another thread, or with no
    application, ``thing`` is simply let go of."""
    global _release
    if threading.current_thread() is not threading.main_thread() or QCoreApplication.instance() is None:
        return
    if _release is None:
        _release = _Release()
    held = _release.held
    held.append(thing)
    while len(held) > MAX_HELD:
        held.popleft()
    _release.timer.start()


def held_count() -> int:
    """How many things wait to be freed."""
    return 0 if _release is None else len(_release.held)

"""The zones a FAR drag's release writes, made on a worker.

A release writes every zone of the dragged class anew (``with_field``): ~6,600 zone objects at
20,000 zones and ~31,000 at 100,000, ~75 ms on the GUI thread there. Two moments use a worker:

* while the handle rests mid-drag, a worker makes the zones a release at that position would
  write; the release takes them only if they were made from the very zone objects it reads and
  for the very FARs it writes (a drag writes no zone, so they usually are);
* a release that finds none ready for it (the hand let go while moving) has a worker make them
  and its step lands when they are made (``History.defer``, assumption_sliders.py).
"""
from __future__ import annotations

import threading
from operator import attrgetter, is_

import numpy as np
from PySide6.QtCore import QObject, Signal

from parkplanner.core import foreground
from parkplanner.core.model.zone import Zone, with_field
from parkplanner.ui.tasks import run_on_worker

__all__ = ["ReleaseZones", "MadeZones", "CHUNK", "far_step"]

#: Zones made between two checks for a newer position (and for a turn of the GUI thread): a hand
#: moving on stops the worker within ~3 ms of its work.
CHUNK = 1024
_ID = attrgetter("id")


class MadeZones:
    """One position's step, its zones made on a worker: final once ``done`` is set."""

    def __init__(self, key: tuple, old: list[Zone], far: np.ndarray, arrived: Signal) -> None:
        self.key, self.old, self.far = key, old, far
        self._step: tuple[dict, dict] | None = None  # (before, after); None if stopped or failed
        self.done = threading.Event()
        self.stopped = threading.Event()
        self._arrived = arrived

    def run(self) -> None:
        try:
            new: list[Zone] = []
            values = self.far.tolist()
            for start in range(0, len(self.old), CHUNK):
                foreground.give_way()  # the drag's previews and paints go first (core.foreground)
                if self.stopped.is_set():
                    return
                new.extend(with_field(self.old[start:start + CHUNK], "far", values[start:start + CHUNK]))
            foreground.give_way()
            self._step = _by_id(self.old, new)  # ~15 ms at 100,000 zones: not the landing's
        finally:
            self.done.set()
            try:
                self._arrived.emit(self)  # queued to the GUI thread
            except RuntimeError:
                pass  # the sliders were closed meanwhile: nobody waits for these zones

    def made_for(self, key: tuple, old: list[Zone], far: np.ndarray) -> bool:
        """Made from these very zone objects, for these FARs?"""
        return (self.key == key and len(self.old) == len(old) and np.array_equal(self.far, far)
                and all(map(is_, self.old, old)))

    def step(self) -> tuple[dict, dict]:
        """(zones before, zones after) by id, waiting for the worker if it is still making them
        (less than making them here); made here if the worker stopped or failed."""
        if not self.done.is_set():
            with foreground.waiting():
                self.done.wait()
        return self._step if self._step is not None else far_step(self.old, self.far)


def far_step(old: list[Zone], far: np.ndarray) -> tuple[dict, dict]:
    """(zones before, zones after) by id of the step giving ``old`` the FARs ``far``, made here."""
    return _by_id(old, with_field(old, "far", far.tolist()))


def _by_id(old: list[Zone], new: list[Zone]) -> tuple[dict, dict]:
    ids = list(map(_ID, old))
    return dict(zip(ids, old)), dict(zip(ids, new))


class ReleaseZones(QObject):
    """The zones being made for the position the hand rests or let go at (GUI thread only)."""

    #: (MadeZones) its worker is done, queued to the GUI thread.
    arrived = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._made: MadeZones | None = None

    def prepare(self, key: tuple, old: list[Zone], far: np.ndarray) -> MadeZones:
        """Make ``old`` with FARs ``far`` on a worker; ``key`` names the drag (scenario, class)."""
        self.drop()
        made = self._made = MadeZones(key, old, far, self.arrived)
        run_on_worker(made.run)
        return made

    def take(self, key: tuple, old: list[Zone], far: np.ndarray) -> MadeZones | None:
        """The zones prepared from ``old`` with ``far`` (perhaps still being made); None, and the
        prepared ones dropped, if none were prepared for exactly these."""
        made, self._made = self._made, None
        if made is not None and made.made_for(key, old, far):
            return made
        if made is not None:
            made.stopped.set()
        return None

    def drop(self) -> None:
        """Forget the prepared zones (a newer position, the drag ended); a worker still making
        them stops at its next chunk."""
        if self._made is not None:
            self._made.stopped.set()
            self._made = None

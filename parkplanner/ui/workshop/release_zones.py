"""The zones a FAR drag's release writes, made on a worker while the hand rests on the slider.

A release writes every zone of the dragged class anew (``with_field``): ~6,600 zone objects at
20,000 zones and ~31,000 at 100,000, where making them was ~115 ms of a ~250 ms release on the
GUI thread. While the handle rests, a worker makes the zones a release at that position would
write. The release takes them only if they were made from the very zone objects it reads and
for the very FARs it writes (a drag writes no zone, so they usually are); otherwise, or if the
hand moved on meanwhile, it makes its own, as before.
"""
from __future__ import annotations

import threading
from operator import is_

import numpy as np

from parkplanner.core import foreground
from parkplanner.core.model.zone import Zone, with_field
from parkplanner.ui.tasks import run_on_worker

__all__ = ["ReleaseZones", "CHUNK"]

#: Zones made between two checks for a newer position (and for a turn of the GUI thread): a hand
#: moving on stops the worker within ~3 ms of its work.
CHUNK = 1024


class _Made:
    """One position's zones, made on a worker; ``new`` is final once ``done`` is set (None if
    the making stopped or failed)."""

    def __init__(self, key: tuple, old: list[Zone], far: np.ndarray) -> None:
        self.key, self.old, self.far = key, old, far
        self.new: list[Zone] | None = None
        self.done = threading.Event()
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            new: list[Zone] = []
            values = self.far.tolist()
            for start in range(0, len(self.old), CHUNK):
                foreground.give_way()  # the drag's previews and paints go first (core.foreground)
                if self.stopped.is_set():
                    return
                new.extend(with_field(self.old[start:start + CHUNK], "far", values[start:start + CHUNK]))
            self.new = new
        finally:
            self.done.set()


class ReleaseZones:
    """The zones prepared for the position the hand rests at (GUI thread only)."""

    def __init__(self) -> None:
        self._made: _Made | None = None

    def prepare(self, key: tuple, old: list[Zone], far: np.ndarray) -> None:
        """Make ``old`` with FARs ``far`` on a worker; ``key`` names the drag (scenario, class)."""
        self.drop()
        made = self._made = _Made(key, old, far)
        run_on_worker(made.run)

    def take(self, key: tuple, old: list[Zone], far: np.ndarray) -> list[Zone] | None:
        """The zones made from ``old`` with ``far``, waiting for the worker if it is still making
        them (less than making them here); None if none were prepared for exactly these."""
        made, self._made = self._made, None
        if made is None or made.key != key or len(made.old) != len(old) or not np.array_equal(made.far, far) \
                or not all(map(is_, made.old, old)):
            if made is not None:
                made.stopped.set()
            return None
        with foreground.waiting():
            made.done.wait()
        return made.new

    def drop(self) -> None:
        """Forget the prepared zones (a newer position, the drag ended); a worker still making
        them stops at its next chunk."""
        if self._made is not None:
            self._made.stopped.set()
            self._made = None

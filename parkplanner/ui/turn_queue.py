"""Work that shows a new document, one piece per turn of the event loop.

Opening a project gives every dock a panel for it, redraws the dashboard and drops the previous
document's panels. Done in one go that froze the window for a fifth of a second at 20,000 zones
(benchmarks/bench_session.py, step "open"), and everything it changed was painted in one pass
too. Pieces queued here run in the order queued, each in a turn of its own, so the window paints
what the previous piece changed and takes input between them.

A piece runs from a timer, not from a posted event (``QTimer.singleShot(0, ...)``): posted events
queued while posted events are delivered are often delivered in the same pass, two pieces in one
turn; a timer restarted after each piece gives the event loop a full turn in between. The first
piece after a pause waits one turn more: queued by a listener of a change, its timer was due
together with the zero-delay timers the same change started elsewhere (the map's flush of a
scenario switch), and the event loop fires all timers due in one pass, in one turn. Whoever
needs a queued result at once makes it itself (see docked_panels.py: a panel is made when asked for).
"""
from __future__ import annotations

from collections import deque
from contextlib import contextmanager
from typing import Callable, Iterator

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from parkplanner.core import foreground

__all__ = ["held", "later", "pending", "retire"]


class _TurnQueue(QObject):
    def __init__(self) -> None:
        super().__init__()
        self._pieces: deque[tuple[QObject, Callable[[], object]]] = deque()
        self.held = 0  # ``held`` blocks running
        self._fresh = False  # the queue was idle: the next timeout only starts the timer again
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run_one)

    def add(self, owner: QObject, piece: Callable[[], object]) -> None:
        self._pieces.append((owner, piece))
        if not self._timer.isActive():
            self._fresh = True
            self._timer.start()

    def _run_one(self) -> None:
        foreground.turn_begins()  # workers wait at their checks until this turn ends (core.foreground)
        if self.held:
            return  # ``held`` starts the timer again when the block ends
        if self._fresh:  # see the module note: a timer started now is not due in this pass
            self._fresh = False
            self._timer.start()
            return
        while self._pieces:
            owner, piece = self._pieces.popleft()
            if shiboken6.isValid(owner):  # else its owner went (a window closed): nothing to do
                try:
                    piece()
                finally:  # a piece that raised does not hold back those after it
                    if self._pieces:
                        self._timer.start()
                return


_queue: _TurnQueue | None = None


def _the_queue() -> _TurnQueue:
    global _queue
    if _queue is None or not shiboken6.isValid(_queue):
        _queue = _TurnQueue()  # made on the GUI thread, which is the only one queueing pieces
    return _queue


def pending() -> bool:
    """Whether pieces wait for their turn (the last document shown is not complete yet)."""
    return bool(_the_queue()._pieces)


def later(owner: QObject, piece: Callable[[], object]) -> None:
    """Run ``piece`` in a later turn of the event loop, after the pieces queued before it, unless
    ``owner`` has been deleted by then."""
    _the_queue().add(owner, piece)


@contextmanager
def held() -> Iterator[None]:
    """No piece runs while the block runs its own event loop (they wait, then run one per turn):
    while a project is read on a worker, the GUI thread's Python competes with the reader for the
    interpreter lock and a piece's turn took two to three times as long."""
    queue = _the_queue()
    queue.held += 1
    try:
        yield
    finally:
        queue.held -= 1
        if not queue.held and queue._pieces:
            queue._timer.start()


def retire(widget: QWidget) -> None:
    """Hide ``widget`` now and delete it in a later turn: deleting a document's panels (hundreds of
    child widgets) in the turn that shows the next one doubled that turn."""
    widget.hide()
    later(widget, widget.deleteLater)

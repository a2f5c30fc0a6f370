"""The GUI thread goes first: workers pause at their checkpoints while it handles a turn.

Python runs one thread at a time (the interpreter lock), and PySide keeps the lock for the whole
of every Qt call, a worker's long drawing call included. A GUI thread painting the dashboard
(hundreds of Python callbacks from pyqtgraph) while a render job and a metrics engine run on
workers gets the lock back only every switch interval: a 10 ms paint took 40-70 ms at 20,000
zones. The planner sees the GUI thread, not the workers, so the GUI thread should not share.

The GUI thread's handlers that run Python at length (the map's events, the dashboard's paints,
the turn queue, the metrics bridge's frame, a worker's report) mark it ``busy``; its event loop
marks it ``idle`` when it is about to wait for events (``parkplanner.ui.tasks``), and so does
each wait of the GUI thread for a worker (``waiting``). A worker calls :func:`give_way` between
its steps (a render job between draw calls, a sliced or chunked shapely call, a metrics update
between its parts, a task at each check): while the GUI thread is in a turn, it waits for the
turn to end. A turn that goes on longer than ``MAX_YIELD_S`` is not a frame any more (or the GUI
thread is in code that never returns to its event loop): workers then go on, so nothing waits
for ever on a turn that waits for them.

Work whose result nobody will use any more (a comparison recomputed for a project edited
since) runs inside ``abandon_when(event)``: once the event is set, its next ``give_way`` raises
``Abandoned``, so it stops instead of holding the interpreter lock to the end. At 100,000 zones
a comparison's worker runs for half a second after every edit, and each edit made a new one.

Without a GUI (the command line, the core's tests) nothing marks ``busy`` and ``give_way`` costs
two attribute reads.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")

__all__ = ["give_way", "busy", "turn_begins", "idle", "quiet_for", "waiting", "is_busy", "set_foreground_thread",
           "for_caller", "abandon_when", "Abandoned", "MAX_YIELD_S"]

#: The longest a worker waits for one turn of the GUI thread to end (a few frames).
MAX_YIELD_S = 0.05

_idle = threading.Event()
_idle.set()
_busy_since = 0.0
_quiet_since = 0.0  # when the last turn ended
_foreground: int | None = None  # the GUI thread's ident; it never waits for itself
_helping = threading.local()  # .foreground: this helper thread works for the GUI thread
_dropping = threading.local()  # .event: set when this worker's work is abandoned (abandon_when)


class Abandoned(BaseException):
    """Raised by ``give_way`` in work that was abandoned (``abandon_when``). Not an Exception:
    the work's own fallbacks (``except Exception``) must not catch it and go on."""


def set_foreground_thread(ident: int | None) -> None:
    """The thread whose turns workers give way to (None: none, every mark is ignored)."""
    global _foreground
    _foreground = ident
    _idle.set()


def busy() -> None:
    """The GUI thread handles an event (the turn's age counts from its first mark)."""
    global _busy_since
    if _idle.is_set():
        _busy_since = time.perf_counter()
        _idle.clear()


def turn_begins() -> None:
    """The GUI thread starts a turn of a sequence queued for it (``ui.turn_queue``): workers
    wait as for ``busy``, their patience counted from now. The event loop goes from one queued
    piece to the next without waiting for events, so without this the sequence counted as one
    turn, and after ``MAX_YIELD_S`` workers went on beside its pieces: a dock's 10 ms plot pieces
    took 40-90 ms at 100,000 zones. A queue is a few pieces long, so workers are not starved."""
    global _busy_since
    _busy_since = time.perf_counter()
    _idle.clear()


def idle() -> None:
    """The GUI thread is about to wait (for events, or for a worker)."""
    global _quiet_since
    if not _idle.is_set():
        _quiet_since = time.perf_counter()
        _idle.set()


def quiet_for() -> float:
    """Seconds since the GUI thread's last turn ended (0 during a turn): work made ahead for the
    planner waits for a pause of theirs, not only of the history."""
    if _foreground is None:
        return float("inf")  # no GUI thread followed: nobody to wait for
    return 0.0 if not _idle.is_set() else time.perf_counter() - _quiet_since


def is_busy() -> bool:
    return not _idle.is_set()


@contextmanager
def waiting() -> Iterator[None]:
    """Around a wait of the GUI thread for a worker: the workers may go on meanwhile."""
    was_busy = not _idle.is_set()
    _idle.set()
    try:
        yield
    finally:
        if was_busy:
            busy()


def for_caller(call: Callable[[], T]) -> Callable[[], T]:
    """``call``, to run on a helper thread for the calling thread: it gives way only where its
    caller would. The GUI thread waiting for helpers (``chunked.side_by_side``) is in a turn, and
    helpers giving way to that turn would keep it waiting."""
    if threading.get_ident() != _foreground and not getattr(_helping, "foreground", False):
        return call

    def helping() -> T:
        _helping.foreground = True
        try:
            return call()
        finally:
            _helping.foreground = False
    return helping


@contextmanager
def abandon_when(event: threading.Event) -> Iterator[None]:
    """On a worker, around work whose result may stop mattering: once ``event`` is set, the
    work's next ``give_way`` raises ``Abandoned``. Only for work that changes nothing shared
    before it returns (it reads a detached copy and hands back what it made)."""
    _dropping.event = event
    try:
        yield
    finally:
        _dropping.event = None


def give_way() -> None:
    """On a worker: wait while the GUI thread is in a turn (at most until the turn is
    ``MAX_YIELD_S`` old); on the GUI thread itself or a helper of it, or with no GUI, return at once.
    Raises ``Abandoned`` in abandoned work (``abandon_when``)."""
    dropped = getattr(_dropping, "event", None)
    if dropped is not None and dropped.is_set():
        raise Abandoned()
    if _idle.is_set() or threading.get_ident() == _foreground or getattr(_helping, "foreground", False):
        return
    left = _busy_since + MAX_YIELD_S - time.perf_counter()
    if left > 0:
        _idle.wait(left)  # releases the interpreter lock while it waits

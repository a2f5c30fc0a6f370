"""Waiting on the GUI thread for what its event loop will bring: a worker's report, a timer.

Such a wait runs the event loop until a condition holds, and between events it waits as the
window's own loop does: in the event dispatcher, with the interpreter lock released and the GUI
thread marked idle for the workers (``core.foreground``). A loop that polled every millisecond
took the lock from the very workers it waited for a thousand times a second. Every outcome
waited for arrives as an event (a queued report, a timer); a tick bounds a wait when none comes.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop, QTimer

from parkplanner.core import foreground

__all__ = ["run_events_until", "TICK_MS"]

#: The longest the loop waits for an event before it checks the condition and the deadline again.
TICK_MS = 50


def run_events_until(done: Callable[[], bool], timeout_ms: int) -> bool:
    """Run the event loop until ``done()`` holds (True) or ``timeout_ms`` has passed (False)."""
    deadline = QDeadlineTimer(timeout_ms)
    tick = QTimer()
    tick.start(TICK_MS)
    try:
        while not done():
            if deadline.hasExpired():
                return False
            foreground.idle()  # a turn of ours ends here, as the event loop's would
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        return True
    finally:
        tick.stop()

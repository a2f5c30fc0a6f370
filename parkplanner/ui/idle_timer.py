"""Work made ahead for the planner, started only once they pause.

``IdleTimer(parent, after_ms, work)`` calls ``work()`` when ``after_ms`` have passed since it was
last (re)started and the GUI thread has had no turn for as long (``core.foreground.quiet_for``):
the window's preparations of scenarios not shown yet wait for a pause of the planner's, not only
of the history or of the canvas that starts them. ``work`` may start the timer again.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer

from parkplanner.core import foreground

__all__ = ["IdleTimer"]


class IdleTimer(QObject):
    def __init__(self, parent: QObject, after_ms: int, work: Callable[[], None]) -> None:
        super().__init__(parent)
        self.after_ms = after_ms
        self._work = work
        self._timer = QTimer(self, singleShot=True, interval=after_ms)
        self._timer.timeout.connect(self._fire)

    def start(self) -> None:
        """Wait ``after_ms`` again (the planner is at work)."""
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _fire(self) -> None:
        if foreground.quiet_for() * 1000.0 < self.after_ms:
            self._timer.start()  # the GUI thread had a turn meanwhile: a pause of the planner's first
            return
        foreground.busy()  # the work's turn: workers wait at their checks (core.foreground)
        self._work()

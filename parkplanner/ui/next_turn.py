"""Work split into steps, one step per turn of the event loop (a view's plots made one at a time).

A zero-delay single shot is a posted event, and Qt delivers the events posted meanwhile (the next
step of the chain, the paints and layouts each step asked for) before it looks at its timers
again: a chain of zero-delay steps ran back to back as one long stall, its repaints included,
with the window's timers (a drag's throttle, an animation) starved until it ended. A 1 ms timer
is due only after the timers and input already waiting have had their turn.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer

__all__ = ["next_turn", "NEXT_TURN_MS"]

#: Delay of a chained step: the shortest a timer can wait, so the chain costs no visible time.
NEXT_TURN_MS = 1


def next_turn(context: QObject, step: Callable[[], None]) -> None:
    """Run ``step`` in a later turn of the event loop, after what is due now; never once
    ``context`` (the widget the step works on) is deleted."""
    QTimer.singleShot(NEXT_TURN_MS, context, step)

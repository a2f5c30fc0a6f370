"""Work made ahead waits for the planner's pause: an IdleTimer fires only once the GUI thread has
had no turn for its whole interval, and waits again while it has."""
from __future__ import annotations

import threading
import time

from PySide6.QtCore import QObject

from parkplanner.core import foreground
from parkplanner.ui.idle_timer import IdleTimer


def test_the_work_waits_while_the_gui_thread_takes_turns_and_runs_once_it_pauses(qtbot):
    before = foreground._foreground
    foreground.set_foreground_thread(threading.get_ident())
    try:
        fired = []
        owner = QObject()
        timer = IdleTimer(owner, 40, lambda: fired.append(time.perf_counter()))
        timer.start()
        busy_until = time.perf_counter() + 0.2
        while time.perf_counter() < busy_until:  # the planner at work: a turn every 10 ms
            foreground.busy()
            qtbot.wait(10)
            foreground.idle()
        assert fired == []
        qtbot.waitUntil(lambda: bool(fired), timeout=2000)
        assert fired[0] - busy_until >= 0.035  # a whole interval after the last turn
    finally:
        foreground.idle()
        foreground.set_foreground_thread(before)

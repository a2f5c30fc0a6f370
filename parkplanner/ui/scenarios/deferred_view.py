"""Views whose numbers take a while (a comparison, a projection, the phase balance) follow edits
lazily: an edit only marks them stale; they recompute after a short pause while visible, or as
soon as they are shown again, so a hidden tab never slows the editing of the map. A dock behind
another dock's tab stays ``isVisible()`` (Qt only tells its dock's ``visibilityChanged``): the
panel set forwards that to ``set_tab_visible``.

In background mode the pause ends in ``recompute_in_background``: the numbers are computed on a
worker (``parkplanner.ui.tasks``) from a detached copy of the project, and the GUI thread only
shows them when they arrive, unless a newer recompute started meanwhile; at 20,000 zones a
projection or phase balance takes longer than a frame.

Background recomputes of different views take turns (``_Lane``): a view asking while another's
runs starts when that one ends (a view's own outdated recompute is superseded at once, as before). They are Python work holding the interpreter lock, so two at once end
no sooner than one after the other, but every thread holding the lock makes the GUI thread wait
longer for it: at 100,000 zones a scenario switch with the comparison and the projection
recomputing side by side stretched the legend's 25 ms turn to 150 ms.

A recompute whose result will not be shown (the view was marked stale, or recomputes anew) is
abandoned: it stops at its next check (``foreground.abandon_when``) instead of running to its end
beside the recomputes and turns that follow. At 100,000 zones a comparison runs for half a
second, and each of ten quick edits used to leave one running.
"""
from __future__ import annotations

import logging
from functools import partial
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QTimer

from parkplanner.core import foreground
from parkplanner.ui.tasks import run_task

__all__ = ["DeferredRecompute", "SHOWN_DELAY_MS"]

#: A view brought forward starts its worker this long after, once it has been drawn: its first
#: paint (a window of its own in particular) calls into Python at every widget, and each call
#: waited behind the worker holding the interpreter lock (at 20,000 zones a floating comparison
#: took 30 ms more to appear, in one stall with its worker's start).
SHOWN_DELAY_MS = 40

_log = logging.getLogger(__name__)


class _Lane:
    """The background recompute running, and the views waiting for their turn, in order."""

    def __init__(self) -> None:
        self.running = None  # the task handle
        self.owner = None  # the view it recomputes
        self.waiting: list = []

    def wait(self, view) -> None:
        if view not in self.waiting:
            self.waiting.append(view)

    def leave(self, view) -> None:
        if view in self.waiting:
            self.waiting.remove(view)

    def ended(self, task) -> None:
        if task is not self.running:
            return
        self.running = self.owner = None
        while self.waiting and self.running is None:
            view = self.waiting.pop(0)
            # Gone, closed or hidden meanwhile: it recomputes when it is shown again.
            if shiboken6.isValid(view) and view._stale and view.on_screen():
                view.recompute_in_background()


_lane = _Lane()


def _abandonable(work: Callable[[], Any], ctx) -> Any:
    """``work()`` on a worker, stopping at its next check once its task is cancelled."""
    with foreground.abandon_when(ctx.cancel_event):
        return work()


class DeferredRecompute:
    """Mixin for a QWidget with a ``recompute()`` method; list it before QWidget in the bases.

    Background mode also wants ``background_work()`` (on the GUI thread: a function of no
    arguments for the worker, reading only a detached copy, or None for nothing to do) and
    ``show_computed(result)`` (on the GUI thread: show what that function returned).
    """

    def init_deferred(self, delay_ms: int, background: bool = False) -> None:
        """Call once in __init__: the view starts stale and computes when first shown."""
        self._stale = True
        #: Bumped by every recompute: a worker's result is shown only if none started after it.
        self._generation = 0
        #: Bumped by every change: a result computed before one must not show either (nor clear
        #: the stale mark of a view behind a tab, which would then never recompute).
        self._marked = 0
        self._background_task = None  # the last recompute_in_background's task
        self._tab_visible = True  # False while the dock holding the view is behind another tab
        self._timer = QTimer(self, singleShot=True, interval=delay_ms)
        self._timer.timeout.connect(self.recompute_in_background if background else self.recompute)

    def mark_stale(self) -> None:
        self._stale = True
        self._marked += 1
        self._abandon_running()
        if self.on_screen():
            self._timer.start()

    def on_screen(self) -> bool:
        return self.isVisible() and self._tab_visible

    def set_tab_visible(self, visible: bool) -> None:
        """The view's dock tab came to the front (True) or went behind another (False)."""
        self._tab_visible = visible
        if visible and self._stale and self.isVisible():
            self._timer.start(SHOWN_DELAY_MS)

    def stop_deferred(self) -> None:
        """The view is closing: nothing pending or running may show itself any more."""
        self._timer.stop()
        self._generation += 1
        self._abandon_running()
        _lane.leave(self)

    def _abandon_running(self) -> None:
        """The running recompute's result will not be shown: it stops at its next check."""
        task = self._background_task
        if task is not None and task.running:
            task.cancel()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self._stale and self._tab_visible:
            self._timer.start(SHOWN_DELAY_MS)

    def recompute_in_background(self) -> None:
        foreground.busy()  # a timer's turn: workers wait at their checks (core.foreground)
        self._timer.stop()
        if _lane.running is not None and _lane.owner is not self:
            _lane.wait(self)  # started when the running one ends (see the module note)
            return
        self._abandon_running()  # its result would not be shown now
        self._generation += 1
        generation, marked = self._generation, self._marked
        work: Callable[[], Any] | None = self.background_work()
        if work is None:
            return

        def done(result: Any) -> None:
            # A view deleted with its window (never closed) has nothing to show the result in.
            if generation == self._generation and marked == self._marked and shiboken6.isValid(self):
                self._stale = False
                self.show_computed(result)

        # No progress dialog: the title only names the worker thread. Not a child of the view
        # (which lives as long as the window, so its children would pile up with their results):
        # the last handle is kept here and goes, once finished, when the next recompute replaces
        # it, outside its own signal handlers.
        task = self._background_task = run_task(
            None, f"recompute {type(self).__name__}", partial(_abandonable, work), on_done=done,
            on_error=lambda error: _log.error("background recompute failed", exc_info=error), dialog=False)
        _lane.running, _lane.owner = task, self
        task.finished.connect(lambda: _lane.ended(task))

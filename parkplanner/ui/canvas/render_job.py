"""A map frame rendered on a worker thread, cancellable, like QGIS's ``QgsMapRendererJob``.

The canvas starts one when the view settles at a place and scale it has no picture for: the
frame is planned on the GUI thread (``MapRenderer.plan``, a few milliseconds), drawn into a
fresh QImage on a worker (QImage and QPainter are safe off the GUI thread), and handed back
through a queued signal. Meanwhile the canvas keeps showing its last picture moved and scaled.
A newer view cancels the older job: the worker stops at its next draw call and the job never
reports, so a cancelled frame never reaches the screen, even when it finished just before the
cancel (the GUI-side delivery checks the flag again).

A first visit's patch is drawn in a helper process while the visit's metrics engine is at work
(``patch_process``), which keeps its Qt calls off the interpreter lock the two would share.

Jobs run on the task workers (``parkplanner.ui.tasks.run_on_worker``): Python threads that wait
for work, so starting a job never waits for a new thread to start (tens of milliseconds on a
loaded machine, on the GUI thread), and not QThreadPool for the reason given there. PySide6
keeps the interpreter lock during a Qt call, so the GUI thread waits at most for one draw call
of the worker (a tile group's path, well under a frame) plus the interpreter's switch interval.
"""
from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from parkplanner.core import foreground
from parkplanner.ui.canvas.frame_plan import FramePlan
from parkplanner.ui.canvas.patch_process import shared_patch_helper
from parkplanner.ui.canvas.viewport import Viewport
from parkplanner.ui.tasks import run_on_worker

__all__ = ["RenderJob", "warm_up_once"]

_log = logging.getLogger(__name__)
_live: set["RenderJob"] = set()  # a job stays referenced until its outcome reached the GUI thread


_warmed = False


def warm_up_once() -> None:
    """Draw one small frame on the GUI thread before the first job.

    PySide6 creates the Python type of a Qt enum, and resolves an overload's argument types, on
    first use, and that is not thread-safe: a worker and the GUI thread doing it at once can crash
    the process (seen as a segfault in ``fillRect`` on both threads). A frame of a four-zone
    project with labels, phase titles, a boundary and context lines uses every call a job makes
    (other workers that build paths, such as the comparison's change map, call it too).
    """
    global _warmed
    if _warmed:
        return
    from parkplanner.core.synthetic import synthetic_project
    from parkplanner.ui.canvas.map_renderer import MapRenderer

    renderer = MapRenderer()
    renderer.set_project(synthetic_project(4, seed=0))
    view = Viewport(320, 240).fitted_to(renderer.extent(), margin=0.0).with_origin(*renderer.origin)
    image = renderer.render_image(view)
    renderer.plan(view, image).draw(image)  # the frame again from its plan, the job's own path
    renderer.set_project(None)
    renderer.render_image(view)  # and the empty canvas's frame
    _warmed = True


class _Signals(QObject):
    # Created on the GUI thread, emitted from the worker: Qt queues the call to the GUI thread.
    drawn = Signal(bool)


class RenderJob(QObject):
    """One frame on a worker. ``finished(job)`` fires on the GUI thread only if it completed
    and was not cancelled; ``image`` and ``plan`` (with the paths it built) are then final."""

    finished = Signal(object)

    def __init__(self, plan: FramePlan, image: QImage, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.image = image
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._signals = _Signals()
        self._signals.drawn.connect(self._deliver)
        self.running = False

    @property
    def view(self) -> Viewport:
        return self.plan.viewport

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def start(self) -> None:
        warm_up_once()
        self.running = True
        _live.add(self)
        run_on_worker(self._run)  # a waiting worker: starting a thread makes the GUI thread wait for it

    def cancel(self) -> None:
        """Stop the job; it will never emit ``finished``."""
        self._cancel.set()

    def wait_drawn(self, timeout: float | None = None) -> bool:
        """Block until the worker is done (tests, exports); ``finished`` still needs the event loop."""
        with foreground.waiting():
            return self._done.wait(timeout)

    def _stopped(self) -> bool:
        """Checked between draw calls: whether the job was cancelled, after waiting out a turn of
        the GUI thread's event loop (``foreground``: its paints go first)."""
        foreground.give_way()
        return self._cancel.is_set()

    def _run(self) -> None:
        completed = False
        try:
            completed = shared_patch_helper().draw(self.plan, self.image, self._stopped)
            if completed is None:  # not a patch for the helper: drawn here
                completed = self.plan.draw(self.image, self._stopped)
        except Exception:  # noqa: BLE001 - a failed frame leaves the last picture up; say why in the log
            _log.exception("map render failed")
        finally:
            self._done.set()
            try:
                self._signals.drawn.emit(completed)
            except RuntimeError:
                pass  # Qt's side is gone (the application is closing while a frame draws): nobody to tell

    def _deliver(self, completed: bool) -> None:
        foreground.busy()  # the picture shown goes before the workers (core.foreground)
        self.running = False
        _live.discard(self)
        if completed and not self._cancel.is_set():
            self.finished.emit(self)

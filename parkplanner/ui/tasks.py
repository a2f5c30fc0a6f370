"""Long work off the GUI thread: import, GIS export, the Excel appendix, map figures, calibration.

``run_task(parent, title, work)`` runs ``work(ctx)`` on a worker thread while a window-modal,
cancellable QProgressDialog shows how far it got; the GUI thread keeps turning its event loop,
so the map repaints and timers fire. The outcome comes back on the GUI thread through the
handle's signals (``succeeded``, ``failed``, ``cancelled``, then ``finished``).

The worker must never read the project the GUI edits: commands replace zone dictionaries and
scenario lists under its feet. Hand it :func:`detached_copy` instead: zones are immutable, so the
copy shares them and costs one dictionary per scenario.
"""
from __future__ import annotations

import _thread
import dataclasses
import queue
import threading
import time
from typing import Any, Callable

from PySide6.QtCore import QAbstractEventDispatcher, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from parkplanner.core import foreground
from parkplanner.core.model.project import Project

__all__ = ["TaskCancelled", "TaskContext", "TaskHandle", "run_task", "run_on_worker", "workers_busy", "detached_copy",
           "running_tasks"]

#: Progress is forwarded to the GUI at most this often (the appendix reports thousands of steps).
PROGRESS_INTERVAL_S = 0.05
#: Quick tasks finish before the dialog would flash up.
DIALOG_DELAY_MS = 400
_STEPS = 1000  # resolution of the progress bar

_running: set["TaskHandle"] = set()  # handles stay referenced until their outcome is delivered


class TaskCancelled(Exception):
    """Raised in the worker by :meth:`TaskContext.check` once the planner pressed Cancel."""


def detached_copy(project: Project, scenario_id: str | None = None) -> Project:
    """A project the worker can read while the planner keeps editing the original.

    Zones, sectors, parameters and geometries are immutable values and are shared; the mutable
    containers (scenario list, zone dictionaries, overrides, sector map, metadata) are copied.
    With ``scenario_id``, that scenario is the copy's only one (and its active one): work that
    reads one scenario does not wait for every other's zone dictionary to be copied on the GUI
    thread (a first visit among six scenarios of 20,000 zones: ~3 ms of its switch).
    """
    scenarios = project.scenarios if scenario_id is None else [project.scenario(scenario_id)]
    return dataclasses.replace(
        project, sectors=dict(project.sectors), metadata=dict(project.metadata),
        scenarios=[s.copy(s.id, s.name) for s in scenarios],
        active_scenario_id=project.active_scenario_id if scenario_id is None else scenario_id)


def running_tasks() -> list["TaskHandle"]:
    return list(_running)


class TaskContext:
    """What the work function gets: progress reporting and the cancel flag."""

    def __init__(self, emit: Callable[[float, str], None]) -> None:
        self.cancel_event = threading.Event()
        self._emit = emit
        self._last = 0.0

    def report(self, fraction: float, message: str = "") -> None:
        """Record progress (0..1); forwarded to the dialog at most every PROGRESS_INTERVAL_S."""
        now = time.monotonic()
        if fraction >= 1.0 or now - self._last >= PROGRESS_INTERVAL_S:
            self._last = now
            self._emit(min(max(float(fraction), 0.0), 1.0), message)

    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def check(self) -> None:
        """Raise TaskCancelled if the planner cancelled (call it between steps of the work);
        while the GUI thread is in a turn of its event loop, wait for it first (``foreground``)."""
        foreground.give_way()
        if self.cancel_event.is_set():
            raise TaskCancelled()


class _Signals(QObject):
    # Created on the GUI thread, emitted from the worker: Qt queues them to the GUI thread.
    progressed = Signal(float, str)
    done = Signal(object, object)  # (result, exception or None)


class _Workers:
    """Python threads that outlive their tasks and take the next one from a queue.

    Starting a thread makes the caller wait until the new thread holds the GIL, which another
    busy worker keeps for up to a switch interval or more: on the GUI thread, every recompute
    of a dock paid that. A new thread is started only when none is idle, and without waiting for
    it to run; none ever ends (like daemon threads). Python threads, not a QThreadPool: pooled
    Qt threads drop their Python thread state after each job, which frees pyproj's per-thread PROJ context
    while PROJ still points at it (a crash in the next job that reprojects).
    """

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._idle = 0
        self._count = 0

    def submit(self, job: Callable[[], None]) -> None:
        _follow_foreground()
        with self._lock:
            start = self._idle == 0
            if start:
                self._count += 1
                name = f"task worker {self._count}"
            else:
                self._idle -= 1  # that thread is spoken for
        self._jobs.put(job)
        if start:
            # Not threading.Thread.start(): it waits until the new thread holds the GIL, which
            # busy workers keep for a switch interval each (tens of milliseconds on the GUI
            # thread of a loaded machine); the job is queued and starts when the thread does.
            _thread.start_new_thread(self._serve, (name,))

    def _serve(self, name: str) -> None:
        threading.current_thread().name = name
        while True:
            job = self._jobs.get()
            try:
                job()
            finally:
                with self._lock:
                    self._idle += 1

    def idle(self) -> bool:
        with self._lock:
            return self._idle == self._count and self._jobs.empty()

    def busy(self) -> int:
        with self._lock:
            return self._count - self._idle


_workers = _Workers()


_marked: QAbstractEventDispatcher | None = None


def _follow_foreground() -> None:
    """Let workers give way to the GUI thread (``parkplanner.core.foreground``): the GUI thread's
    Python handlers of paints, input and timers mark it ``busy`` (``foreground.busy``), its event
    loop marks it ``idle`` when it is about to wait for events. Done once, by the first job
    submitted from that thread.

    Not every event: an application-wide event filter in Python took the interpreter lock for
    each of the thousands of Qt's own events opening a project makes (layouts, polish, docks),
    each waiting for a worker to hand it over. And not the dispatcher's ``awake``: it comes
    after the events are dispatched, not before."""
    global _marked
    dispatcher = QAbstractEventDispatcher.instance()
    if dispatcher is None or dispatcher is _marked or threading.current_thread() is not threading.main_thread():
        return
    _marked = dispatcher
    foreground.set_foreground_thread(threading.get_ident())
    dispatcher.aboutToBlock.connect(foreground.idle, Qt.ConnectionType.DirectConnection)


def workers_idle() -> bool:
    """True when no task or render job is queued or running (tests wait for this to compare
    what the application keeps between two quiet moments)."""
    return _workers.idle()


def run_on_worker(job: Callable[[], None]) -> None:
    """Run ``job()`` on one of the task workers, with no dialog and no outcome: for work that
    reports back its own way (the map's render jobs)."""
    _workers.submit(job)


def workers_busy() -> int:
    """How many task workers are running a job (a job asking counts itself)."""
    return _workers.busy()


def _run_in_thread(work: Callable[[TaskContext], Any], ctx: TaskContext, signals: _Signals) -> None:
    try:
        outcome = (work(ctx), None)
    except BaseException as exc:  # noqa: BLE001 - every failure is reported on the GUI thread
        outcome = (None, exc)
    try:
        signals.done.emit(*outcome)
    except RuntimeError:
        pass  # the task's window went (and its handle with it) while it ran: nobody to tell


class TaskHandle(QObject):
    """A running task. Exactly one of succeeded / failed / cancelled fires, then finished."""

    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()
    #: The work stopped; emitted before the outcome so the progress dialog is gone when it is shown.
    ended = Signal()

    def __init__(self, title: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self._signals = _Signals()
        self.ctx = TaskContext(self._signals.progressed.emit)
        self._signals.progressed.connect(self.progressed)
        self._signals.done.connect(self._done)
        self.running = True
        self.result: Any = None
        self.error: BaseException | None = None
        self.was_cancelled = False
        self.dialog: QProgressDialog | None = None  # set by run_task when it shows one

    def cancel(self) -> None:
        """Ask the work to stop; it does at its next check, and ``cancelled`` fires."""
        self.ctx.cancel_event.set()

    def _done(self, result: Any, error: BaseException | None) -> None:
        foreground.busy()  # the outcome's handlers go before the workers (core.foreground)
        self.running = False
        _running.discard(self)
        # The progress window goes before the outcome is told: an error box opened by ``failed``
        # runs its own event loop, where a still-pending delayed show would put the window-modal
        # progress dialog on top of it and leave the box's OK unreachable.
        self.ended.emit()
        # Work that stops on the flag raises its own exception (AppendixCancelled, TaskCancelled).
        if error is not None and (isinstance(error, (TaskCancelled, foreground.Abandoned)) or self.ctx.cancelled()):
            self.was_cancelled = True
            self.cancelled.emit()
        elif error is not None:
            self.error = error
            self.failed.emit(error)
        else:
            self.result = result
            self.succeeded.emit(result)
        self.finished.emit()


class _ProgressDialog(QProgressDialog):
    """Follows a handle; Cancel asks the work to stop, and the dialog goes when the task ends."""

    def __init__(self, handle: TaskHandle, title: str, parent: QWidget | None, cancellable: bool,
                 modal: bool = True) -> None:
        super().__init__(title, "", 0, _STEPS, parent)
        self.setCancelButtonText(self.tr("Cancel") if cancellable else "")
        self.setWindowTitle(title)
        if modal:
            self.setWindowModality(Qt.WindowModality.WindowModal)  # no edits to the window meanwhile
        else:
            # The caller holds input back itself; a modal dialog, and one taking the focus, would
            # have every widget of the window blocked, deactivated, restyled and repainted as it
            # comes and again as it goes (tens of milliseconds each at the end of an open).
            self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
            self.setWindowFlag(Qt.WindowType.WindowDoesNotAcceptFocus)  # honoured on every platform
        self.setMinimumDuration(DIALOG_DELAY_MS)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(420)
        self._title = title
        self._handle = handle
        self.canceled.connect(self._cancel)
        handle.progressed.connect(self._progress)
        handle.ended.connect(self._close)
        self.setValue(0)

    def _cancel(self) -> None:
        self._handle.cancel()
        self.setLabelText(self.tr("Cancelling…"))

    def _progress(self, fraction: float, message: str) -> None:
        if self._handle.ctx.cancelled() or not self._handle.running:
            return
        self.setValue(int(round(fraction * _STEPS)))
        if message:
            self.setLabelText(f"{self._title}\n{message}")

    def _close(self) -> None:
        self._handle.progressed.disconnect(self._progress)
        self.reset()  # stops the delayed-show timer, which would otherwise show the dialog again
        self.hide()
        self.deleteLater()


def run_task(parent: QWidget | None, title: str, work: Callable[[TaskContext], Any], *,
             on_done: Callable[[Any], object] | None = None,
             on_error: Callable[[BaseException], object] | None = None,
             on_cancel: Callable[[], object] | None = None,
             dialog: bool = True, cancellable: bool = True, modal: bool = True) -> TaskHandle:
    """Run ``work(ctx)`` on a worker thread with a progress dialog over ``parent``.

    ``work`` reports with ``ctx.report(fraction, message)`` and stops when ``ctx.cancelled()``
    (or passes ``ctx.cancel_event`` to core functions that take a cancel flag). The callbacks run
    on the GUI thread. ``work`` must not touch widgets or the edited project (see
    :func:`detached_copy`). ``modal=False``: the dialog neither blocks the window nor takes the
    focus, for a caller that holds the user's input back itself and has nothing to cancel.
    """
    handle = TaskHandle(title, parent)
    if on_done is not None:
        handle.succeeded.connect(on_done)
    if on_error is not None:
        handle.failed.connect(on_error)
    if on_cancel is not None:
        handle.cancelled.connect(on_cancel)
    if dialog:
        handle.dialog = _ProgressDialog(handle, title, parent, cancellable, modal)
    _running.add(handle)
    _workers.submit(lambda: _run_in_thread(work, handle.ctx, handle._signals))
    return handle

"""Autosave of one main window: a recovery file written every minute while the project is modified.

The recovery file (core/io/recovery.py) lies beside the project, or in the user's recovery folder
for a project never saved; the project file itself is never written here. Saving (or undoing
back to the saved state) removes it, and so does closing the window cleanly, so a recovery file
found at the next start means the session ended in a crash. The exception hook asks
``write_now`` for an up-to-date autosave and tells the user where it is.

The minute's autosave is written on a worker thread from a detached copy of the project (a
100,000-zone project takes about a second to write, too long to freeze the map for); the
planner keeps editing meanwhile, and a write that finishes after a save or a close is removed.
"""
from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from parkplanner.core.io.recovery import (
    RecoveryFile, discard_recovery, recovery_path_for, set_aside_recovery, write_recovery,
)
from parkplanner.ui.event_wait import run_events_until

if TYPE_CHECKING:
    from parkplanner.ui.main_window import MainWindow

__all__ = ["Autosave", "install_autosave", "INTERVAL_MS"]

INTERVAL_MS = 60_000
#: How long a clean close waits for an autosave still being written (it is removed afterwards).
_SHUTDOWN_WAIT_S = 10.0


class Autosave(QObject):
    #: A recovery file was written (its path).
    saved = Signal(object)
    #: Writing one failed (the reason); the session carries on.
    failed = Signal(str)

    def __init__(self, window: "MainWindow", interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(window)
        self.window = window
        self.session_key = f"untitled-{uuid.uuid4().hex[:12]}"
        #: The recovery file this window wrote last (None: none on disk).
        self.recovery_path: Path | None = None
        self._unsaved_edits = False  # edits since the last autosave
        self._bridge = None
        self._task = None  # the background write in progress
        self._closed = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.autosave_if_needed)
        window.documentChanged.connect(self._document_changed)
        self._document_changed()

    # -- following the document ---------------------------------------------------------------
    def _document_changed(self) -> None:
        # The previous document was saved or given up (maybe_save ran): its autosave is moot,
        # unless the new document is that same autosave being recovered (adopt() follows).
        self.discard()
        if self._bridge is not None:
            try:
                self._bridge.changed.disconnect(self._edited)
                self._bridge.cleanChanged.disconnect(self._clean_changed)
            except (RuntimeError, TypeError):  # the old bridge is already gone
                pass
        self._bridge = self.window.bridge
        if self._bridge is not None:
            self._bridge.changed.connect(self._edited)
            self._bridge.cleanChanged.connect(self._clean_changed)
        self._clean_changed(self.window.history is None or self.window.history.is_clean)

    def _edited(self, _changes) -> None:
        self._unsaved_edits = True

    def _clean_changed(self, clean: bool) -> None:
        if clean:  # saved, or undone back to what the file holds
            self.timer.stop()
            self._unsaved_edits = False
            self.discard()
        elif not self.timer.isActive():
            self._unsaved_edits = True
            self.timer.start()

    def adopt(self, recovery: RecoveryFile) -> None:
        """The window now shows ``recovery``'s project: its file is this window's autosave until saved."""
        self.recovery_path = recovery.path
        self._unsaved_edits = False
        self.timer.start()

    # -- writing --------------------------------------------------------------------------------
    def autosave_if_needed(self) -> bool:
        """Start writing the recovery file if there were edits since the last one (the timer's
        tick); ``saved`` or ``failed`` reports the outcome. False when there was nothing to do."""
        history = self.window.history
        if history is None or history.is_clean or not self._unsaved_edits or self._task is not None:
            return False
        from parkplanner.ui.tasks import detached_copy, run_task

        project, file_path, key = detached_copy(self.window.project), self.window.file_path, self.session_key
        self._set_aside_foreign(recovery_path_for(file_path, key))
        self._unsaved_edits = False
        self._task = run_task(self.window, "Autosave", lambda ctx: write_recovery(project, file_path, key),
                              on_done=self._written, on_error=self._write_failed, dialog=False, cancellable=False)
        self._task.finished.connect(self._task_finished)
        return True

    def _task_finished(self) -> None:
        self._task = None

    def _written(self, path: Path) -> None:
        history = self.window.history
        if self._closed or history is None or history.is_clean:
            discard_recovery(path)  # saved or closed while it was being written: not needed
            return
        self._adopt_written(path)

    def _write_failed(self, error: BaseException) -> None:
        self._unsaved_edits = True  # try again at the next tick
        self.failed.emit(str(error))

    def _set_aside_foreign(self, target: Path) -> None:
        if target != self.recovery_path and target.exists():
            set_aside_recovery(target)  # a crashed session's autosave the planner kept for later

    def _adopt_written(self, path: Path) -> None:
        if self.recovery_path is not None and self.recovery_path != path:
            discard_recovery(self.recovery_path)  # e.g. a recovered untitled project now has a file
        self.recovery_path = path
        self.saved.emit(path)

    def write_now(self) -> Path | None:
        """Write the recovery file now if the project is modified; returns where it is."""
        history, project = self.window.history, self.window.project
        if history is None or project is None or history.is_clean:
            return self.recovery_path
        from parkplanner.core.io.project_file import ProjectFileError

        try:
            self._set_aside_foreign(recovery_path_for(self.window.file_path, self.session_key))
            path = write_recovery(project, self.window.file_path, self.session_key)
        except (ProjectFileError, OSError, ValueError) as exc:
            self.failed.emit(str(exc))
            return self.recovery_path
        self._unsaved_edits = False
        self._adopt_written(path)
        return path

    def discard(self) -> None:
        """Remove this window's recovery file (saved, discarded or closed cleanly)."""
        if self.recovery_path is not None:
            discard_recovery(self.recovery_path)
            self.recovery_path = None

    def shutdown(self) -> None:
        """The window closed cleanly (its changes were saved or discarded by the user)."""
        self._closed = True
        self.timer.stop()
        run_events_until(lambda: self._task is None, int(_SHUTDOWN_WAIT_S * 1000))  # its result is removed
        self.discard()


def install_autosave(window: "MainWindow", interval_ms: int = INTERVAL_MS) -> Autosave:
    autosave = Autosave(window, interval_ms)
    window.autosave = autosave
    window.closed.connect(autosave.shutdown)
    # A read-only folder or a full disk: say so, the session carries on (and retries next minute).
    autosave.failed.connect(lambda reason: window.statusBar().showMessage(
        QCoreApplication.translate("Autosave", "Autosave failed: {0}").format(reason), 15_000))
    return autosave

"""Error dialogs: a clear message for expected failures, and the last-resort exception hook.

An unexpected exception must not kill the planner's session (unsaved work would go with it):
``install_excepthook`` logs the traceback to a file in the user data folder and shows a dialog
saying what happened and where the details are, then the event loop carries on.
"""
from __future__ import annotations

import datetime as _dt
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

__all__ = ["show_error", "log_exception", "install_excepthook", "ExceptionReporter"]


def show_error(parent: QWidget | None, title: str, text: str, details: str = "") -> None:
    """A modal warning with ``text`` and optional expandable ``details``."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.exec()


def log_exception(log_folder: Path, exc_type: type[BaseException], exc: BaseException,
                  tb: TracebackType | None) -> Path:
    """Append the traceback to ``errors.log`` in ``log_folder``; returns the log's path."""
    log_folder.mkdir(parents=True, exist_ok=True)
    path = log_folder / "errors.log"
    stamp = _dt.datetime.now().isoformat(timespec="seconds")
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"--- {stamp}\n{text}\n")
    return path


class ExceptionReporter:
    """The sys.excepthook of the GUI: log, tell the user, keep running.

    ``interactive=False`` (tests) logs and records without opening a modal dialog.
    """

    def __init__(self, log_folder: Path, interactive: bool = True) -> None:
        self.log_folder = log_folder
        self.interactive = interactive
        self.reported: list[BaseException] = []
        self._showing = False
        self._shown: set[tuple[str, str, str]] = set()
        #: Writes an up-to-date autosave and returns its path (None: nothing unsaved); set by
        #: app.run_gui to the window's Autosave.write_now, so the dialog can say where it is.
        self.autosave: Callable[[], Path | None] | None = None
        self.last_autosave: Path | None = None

    def __call__(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        try:
            log_path = log_exception(self.log_folder, exc_type, exc, tb)
        except OSError:
            log_path = None
        self.reported.append(exc)
        traceback.print_exception(exc_type, exc, tb)
        self.last_autosave = self._write_autosave()
        if not self.interactive or self._showing or QApplication.instance() is None:
            return
        # An error in a paint or a timer would come back at once: one dialog per distinct error,
        # the repeats only go to the log.
        signature = (exc_type.__name__, str(exc), _origin(tb))
        if signature in self._shown:
            return
        self._shown.add(signature)
        self._showing = True  # one dialog at a time, even if the dialog's own paint fails
        try:
            where = f"\n\nThe details were written to {log_path}." if log_path else ""
            if self.last_autosave is not None:
                where += QCoreApplication.translate(
                    "ExceptionReporter", "\n\nYour unsaved changes were autosaved to {0}.").format(self.last_autosave)
            show_error(
                QApplication.activeWindow(), QCoreApplication.translate("ExceptionReporter", "Unexpected error"),
                QCoreApplication.translate(
                    "ExceptionReporter", "ParkPlanner hit an unexpected error: {0}\n\nYour project is still open; "
                    "saving it under a new name is a good precaution.").format(exc) + where,
                "".join(traceback.format_exception(exc_type, exc, tb)),
            )
        finally:
            self._showing = False


    def _write_autosave(self) -> Path | None:
        if self.autosave is None:
            return None
        try:
            return self.autosave()
        except Exception:  # noqa: BLE001 (the hook must not fail while reporting a failure)
            return None


def _origin(tb: TracebackType | None) -> str:
    """File and line where the exception was raised."""
    frames = traceback.extract_tb(tb)
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""


def install_excepthook(log_folder: Path, interactive: bool = True) -> ExceptionReporter:
    reporter = ExceptionReporter(log_folder, interactive)
    sys.excepthook = reporter
    return reporter

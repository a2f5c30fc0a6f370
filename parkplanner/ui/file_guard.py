"""A project file open in two windows or two programs: warn instead of losing one side's work.

On open, the window takes the file's lock (core/io/file_lock.py); when someone else holds it the
planner chooses: open read-only (changes can only be saved under another name), open anyway,
or cancel. Before every save over the file, its fingerprint is compared with the one taken at
open or at the last save; if another program changed it in between, the planner is asked before
it is overwritten. The lock is released when the window moves to another file or closes.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Literal

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from parkplanner.core.io.file_lock import FileFingerprint, LockInfo, ProjectLock

if TYPE_CHECKING:
    from parkplanner.ui.main_window import MainWindow

__all__ = ["FileGuard", "install_file_guard", "Access"]

Access = Literal["write", "read-only", "cancel"]


class FileGuard(QObject):
    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        self.lock: ProjectLock | None = None
        self.fingerprint: FileFingerprint | None = None
        self._fingerprinted: Path | None = None
        #: Asked when another window or program holds the lock; tests replace it.
        self.ask_locked: Callable[[Path, LockInfo], Access] = self._ask_locked_dialog
        #: Asked when the file changed on disk since it was read; True overwrites. Tests replace it.
        self.ask_overwrite: Callable[[Path], bool] = self._ask_overwrite_dialog
        window.open_guard = self.claim
        window.write_guard = self.may_write
        window.documentChanged.connect(self._document_changed)
        window.fileSaved.connect(self._saved)
        window.closed.connect(self.release)

    # -- opening --------------------------------------------------------------------------------
    def claim(self, path: Path) -> Access:
        """Lock ``path`` for this window, asking what to do when someone else has it open."""
        lock = ProjectLock(path)
        if self.lock is not None and self.lock.project_path == lock.project_path and self.lock.owned:
            return "write"  # reopening our own file
        other = lock.acquire()
        if other is not None:
            answer = self.ask_locked(path, other)
            if answer != "write":
                return answer
            lock.acquire(force=True)
        self.release()
        self.lock = lock
        return "write"

    def _document_changed(self) -> None:
        path = self.window.file_path
        if self.lock is not None and (path is None or Path(path).resolve() != self.lock.project_path):
            self.release()  # a new project, or a read-only copy of a file someone else holds
        self._remember(path)

    def _remember(self, path: Path | None) -> None:
        self._fingerprinted = Path(path).resolve() if path is not None else None
        self.fingerprint = FileFingerprint.of(path) if path is not None else None

    # -- saving ---------------------------------------------------------------------------------
    def may_write(self, path: Path) -> bool:
        """False when the planner chose not to overwrite a file changed by someone else."""
        target = Path(path).resolve()
        if target == self._fingerprinted and self.fingerprint is not None:
            if self.fingerprint.changed_on_disk(target):
                return self.ask_overwrite(target)
            return True
        if target.exists():  # Save As onto a file: is it open somewhere else?
            other = ProjectLock(target).holder()
            if other is not None and not (self.lock is not None and self.lock.project_path == target):
                return self.ask_overwrite(target)
        return True

    def _saved(self, path: str) -> None:
        target = Path(path).resolve()
        if self.lock is None or self.lock.project_path != target:
            self.release()
            lock = ProjectLock(target)
            if lock.acquire() is None:
                self.lock = lock
        self._remember(target)

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    # -- dialogs --------------------------------------------------------------------------------
    def _ask_locked_dialog(self, path: Path, other: LockInfo) -> Access:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Project already open"),
                          self.tr("“{0}” is already open: {1}.\n\nIf you both save, one side's changes are lost. "
                                  "Open it read-only (your changes can be saved under another name), or open it "
                                  "anyway?").format(path.name, other.describe()), parent=self.window)
        read_only = box.addButton(self.tr("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
        anyway = box.addButton(self.tr("Open anyway"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(read_only)
        box.exec()
        clicked = box.clickedButton()
        return "read-only" if clicked is read_only else "write" if clicked is anyway else "cancel"

    def _ask_overwrite_dialog(self, path: Path) -> bool:
        reply = QMessageBox.warning(
            self.window, self.tr("File changed on disk"),
            self.tr("“{0}” was changed by another program or window since you opened or saved it.\n\n"
                    "Overwrite it with your version? (Choose No and use Save As to keep both.)").format(path.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return reply == QMessageBox.StandardButton.Yes


def install_file_guard(window: "MainWindow") -> FileGuard:
    guard = FileGuard(window)
    window.file_guard = guard
    return guard

"""At start-up, offer the autosaves a crashed session left: what each one is, and when it was made.

``offer_recoveries`` lists the autosaves (core/io/recovery.find_recoveries) in a dialog; the
planner recovers one (it opens as a modified project, saved to its original file on Save),
discards it, or leaves them all for the next start.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Literal

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget,
)

from parkplanner.core.io.recovery import RecoveryFile, discard_recovery, find_recoveries
from parkplanner.ui.dialogs.errors import show_error

if TYPE_CHECKING:
    from parkplanner.ui.main_window import MainWindow

__all__ = ["RecoveryDialog", "offer_recoveries", "recover_into", "Choice"]

Choice = tuple[Literal["recover", "discard", "later"], RecoveryFile | None]


class RecoveryDialog(QDialog):
    """The autosaves, newest first; ``choice`` holds what the planner picked once it closes."""

    def __init__(self, recoveries: list[RecoveryFile], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recover unsaved work"))
        self.recoveries = recoveries
        self.choice: Choice = ("later", None)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("ParkPlanner did not close normally last time. These autosaves hold "
                                        "changes that were not saved:")))
        self.list = QListWidget()
        for recovery in recoveries:
            item = QListWidgetItem(recovery.describe())
            item.setToolTip(str(recovery.path))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _: self._choose("recover"))
        layout.addWidget(self.list)
        buttons = QDialogButtonBox()
        self.recover_button = self._button(buttons, self.tr("Recover"), QDialogButtonBox.ButtonRole.AcceptRole, "recover")
        self.discard_button = self._button(buttons, self.tr("Discard"), QDialogButtonBox.ButtonRole.DestructiveRole, "discard")
        self.later_button = self._button(buttons, self.tr("Not now"), QDialogButtonBox.ButtonRole.RejectRole, "later")
        self.recover_button.setDefault(True)
        layout.addWidget(buttons)
        self.resize(640, 260)

    def _button(self, box: QDialogButtonBox, text: str, role, action: str) -> QPushButton:
        button = box.addButton(text, role)
        button.clicked.connect(lambda: self._choose(action))
        return button

    def _choose(self, action: str) -> None:
        row = self.list.currentRow()
        chosen = self.recoveries[row] if 0 <= row < len(self.recoveries) else None
        self.choice = (action, chosen) if action != "later" and chosen is not None else ("later", None)
        self.done(QDialog.DialogCode.Accepted if action == "recover" else QDialog.DialogCode.Rejected)


def _ask_dialog(window: QWidget, recoveries: list[RecoveryFile]) -> Choice:
    dialog = RecoveryDialog(recoveries, window)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.exec()
    return dialog.choice


def recover_into(window: "MainWindow", recovery: RecoveryFile) -> bool:
    """Show ``recovery``'s project in ``window`` as modified, to be saved over its original file."""
    from parkplanner.core.io.project_file import ProjectFileError, load_project

    try:
        project = load_project(recovery.path)
    except ProjectFileError as exc:
        show_error(window, QCoreApplication.translate("RecoveryDialog", "Cannot recover"),
                   QCoreApplication.translate("RecoveryDialog", "The autosave could not be read.\n\n{0}").format(exc))
        return False
    path: Path | None = recovery.original
    if path is not None and window.open_guard(path) != "write":
        path = None  # someone else has the original open: the recovered work gets a new name on Save
    window.set_document(project, path)
    window.history.mark_unclean()
    autosave = getattr(window, "autosave", None)
    if autosave is not None:
        autosave.adopt(recovery)
    return True


def offer_recoveries(window: "MainWindow", project_path: str | Path | None = None,
                     ask: Callable[[QWidget, list[RecoveryFile]], Choice] | None = None) -> RecoveryFile | None:
    """Offer the autosaves of crashed sessions; returns the one recovered into ``window``, if any.

    The autosave of ``project_path`` (the file the program was started on) comes first.
    """
    found = {r.path: r for r in (find_recoveries(project_path) if project_path else [])}
    for recovery in find_recoveries():
        found.setdefault(recovery.path, recovery)
    if not found:
        return None
    action, chosen = (ask or _ask_dialog)(window, list(found.values()))
    if chosen is None or action == "later":
        return None
    if action == "discard":
        discard_recovery(chosen.path)
        return None
    return chosen if recover_into(window, chosen) else None

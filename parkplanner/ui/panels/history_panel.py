"""History dock: every undo step by name; clicking a row undoes or redoes to just after that step.

Row 0 is the state the project was opened in; row k is "after step k". Steps that are undone
(the redo branch) are shown greyed, as in Photoshop's and Qt's QUndoView.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from parkplanner.ui.qt_history import QtHistory
from parkplanner.ui.step_labels import step_label

__all__ = ["HistoryPanel", "START_LABEL"]

START_LABEL = QT_TRANSLATE_NOOP("HistoryPanel", "Opened project")
_UNDONE = QBrush(QColor(150, 150, 150))


class HistoryPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge: QtHistory | None = None
        self.list = QListWidget()
        self.list.itemClicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list)
        self._labels: list[str] = []

    def set_history(self, bridge: QtHistory | None) -> None:
        if self.bridge is not None:
            self.bridge.stateChanged.disconnect(self.refresh)
        self.bridge = bridge
        self._labels = []
        self.list.clear()
        if bridge is not None:
            bridge.stateChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        if self.bridge is None:
            return
        history = self.bridge.history
        labels = history.labels
        if self.list.count() > 1 and labels and len(labels) == len(self._labels) \
                and labels[:-1] == self._labels[1:] and labels != self._labels:
            # At the undo limit a new step pushes the oldest out: move the rows by one.
            self.list.takeItem(1)
            self.list.addItem(QListWidgetItem(step_label(labels[-1])))
            self._labels = list(labels)
        if self.list.count() == 0 or labels != self._labels:
            # Keep the rows that did not change: long histories stay cheap to show.
            keep = 0
            while keep < min(len(labels), len(self._labels)) and labels[keep] == self._labels[keep]:
                keep += 1
            while self.list.count() > keep + 1:
                self.list.takeItem(self.list.count() - 1)
            if self.list.count() == 0:
                self.list.addItem(QListWidgetItem(QCoreApplication.translate("HistoryPanel", START_LABEL)))
            for label in labels[keep:]:
                self.list.addItem(QListWidgetItem(step_label(label)))  # in the interface language
            self._labels = list(labels)
        current = history.index
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setForeground(_UNDONE if row > current else QBrush())
        self.list.setCurrentRow(current)

    def _clicked(self, item: QListWidgetItem) -> None:
        if self.bridge is not None:
            self.bridge.history.go_to(self.list.row(item))

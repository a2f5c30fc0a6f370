"""Named checkpoints of a workshop session: save the whole project state, jump back to it later.

A checkpoint is ``take_checkpoint`` (core/editing/checkpoints.py), kept in a ``CheckpointStore``
for the session (not written to the project file). Jumping pushes ``RestoreCheckpoint``, itself
one undo step, so what the room did after the checkpoint is one Ctrl+Z away.
"""
from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from parkplanner.core.editing import History
from parkplanner.core.editing.checkpoints import Checkpoint, RestoreCheckpoint, take_checkpoint

__all__ = ["CheckpointStore", "CheckpointPanel"]


class CheckpointStore:
    """The checkpoints of one document, in the order they were taken."""

    def __init__(self) -> None:
        self.items: list[Checkpoint] = []

    def take(self, history: History, name: str) -> Checkpoint:
        checkpoint = take_checkpoint(history.project, name)
        self.items.append(checkpoint)
        return checkpoint

    def jump(self, history: History, index: int) -> None:
        history.push(RestoreCheckpoint(self.items[index]))


class CheckpointPanel(QWidget):
    jumped = Signal(str)

    def __init__(self, history: History, store: CheckpointStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.store = store
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("Checkpoint name"))
        self.name.returnPressed.connect(self.save)
        save = QPushButton(self.tr("Save checkpoint"), self)
        save.clicked.connect(self.save)
        self.list = QListWidget(self)
        self.list.itemActivated.connect(lambda item: self.jump(self.list.row(item)))
        self.list.itemDoubleClicked.connect(lambda item: self.jump(self.list.row(item)))
        jump = QPushButton(self.tr("Jump back"), self)
        jump.clicked.connect(lambda: self.jump(self.list.currentRow()))
        top = QHBoxLayout()
        top.addWidget(self.name, 1)
        top.addWidget(save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addWidget(jump)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for checkpoint in self.store.items:
            stamp = time.strftime("%H:%M", time.localtime(checkpoint.created_at))
            item = QListWidgetItem(f"{stamp}  {checkpoint.name}")
            item.setData(Qt.ItemDataRole.UserRole, checkpoint.name)
            self.list.addItem(item)

    def save(self) -> Checkpoint | None:
        name = self.name.text().strip() or self.tr("Checkpoint {n}").format(n=len(self.store.items) + 1)
        checkpoint = self.store.take(self.history, name)
        self.name.clear()
        self.refresh()
        self.list.setCurrentRow(self.list.count() - 1)
        return checkpoint

    def jump(self, index: int) -> None:
        if 0 <= index < len(self.store.items):
            self.store.jump(self.history, index)
            self.jumped.emit(self.store.items[index].name)

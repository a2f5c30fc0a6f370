"""A QObject bridge over the Qt-free History: its callbacks re-emitted as Qt signals.

Widgets connect to these signals rather than to the core ``Signal`` objects, so Qt tears the
connections down with the widget and nothing in the core keeps a deleted widget alive.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from parkplanner.core.editing.command import History

__all__ = ["QtHistory"]


class QtHistory(QObject):
    #: list[ProjectChange] after every apply/undo/redo (History.changed).
    changed = Signal(object)
    #: can_undo/can_redo/labels/clean state may have changed (History.state_changed).
    stateChanged = Signal()
    #: The clean state flipped: True when the project matches its file.
    cleanChanged = Signal(bool)
    undoTextChanged = Signal(str)
    redoTextChanged = Signal(str)

    def __init__(self, history: History, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self._clean = history.is_clean
        self._undo_text = history.undo_label
        self._redo_text = history.redo_label
        history.changed.connect(self._on_changed)
        history.state_changed.connect(self._on_state_changed)

    def detach(self) -> None:
        """Stop listening (the window moved on to another project)."""
        self.history.changed.disconnect(self._on_changed)
        self.history.state_changed.disconnect(self._on_state_changed)

    def _on_changed(self, changes) -> None:
        self.changed.emit(list(changes))

    def _on_state_changed(self) -> None:
        history = self.history
        self.stateChanged.emit()
        if history.is_clean != self._clean:
            self._clean = history.is_clean
            self.cleanChanged.emit(self._clean)
        if history.undo_label != self._undo_text:
            self._undo_text = history.undo_label
            self.undoTextChanged.emit(self._undo_text)
        if history.redo_label != self._redo_text:
            self._redo_text = history.redo_label
            self.redoTextChanged.emit(self._redo_text)

    # Convenience pass-throughs for actions.
    def undo(self) -> None:
        self.history.undo()

    def redo(self) -> None:
        self.history.redo()

    @property
    def can_undo(self) -> bool:
        return self.history.can_undo

    @property
    def can_redo(self) -> bool:
        return self.history.can_redo

    @property
    def is_clean(self) -> bool:
        return self.history.is_clean

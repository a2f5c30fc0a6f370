"""A QObject bridge over the Qt-free History: its callbacks re-emitted as Qt signals.

The one way the user interface follows a history (docs/architecture.md, "Events"): every widget
connects to the signals of ``qt_history_of(history)``, never to the core ``Signal`` objects. Qt
tears a connection down with its receiver, so a deleted panel is never called, no panel needs a
hand-written disconnect, and nothing in the core keeps a deleted widget alive. A history has at
most one QtHistory; ``detach`` (the window moved to another project) silences every listener of
the old history at once.
"""
from __future__ import annotations

import weakref

from PySide6.QtCore import QObject, Signal

from parkplanner.core import foreground
from parkplanner.core.editing.command import History

__all__ = ["QtHistory", "qt_history_of"]

#: history -> its QtHistory. Weak keys, and the QtHistory holds its history weakly: a history
#: nobody else holds goes away with its bridge.
_BRIDGES: "weakref.WeakKeyDictionary[History, QtHistory]" = weakref.WeakKeyDictionary()


def qt_history_of(history: History) -> "QtHistory":
    """The QtHistory of ``history``, made at the first call."""
    bridge = _BRIDGES.get(history)
    if bridge is None:
        bridge = _BRIDGES[history] = QtHistory(history)
    return bridge


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
        """Use ``qt_history_of(history)``: two bridges of one history would deliver every change twice."""
        super().__init__(parent)
        self._history = weakref.ref(history)
        self._detached = False
        self._clean = history.is_clean
        self._undo_text = history.undo_label
        self._redo_text = history.redo_label
        history.changed.connect(self._on_changed)
        history.state_changed.connect(self._on_state_changed)

    @property
    def history(self) -> History:
        history = self._history()
        if history is None:
            raise RuntimeError("the history of this bridge no longer exists")
        return history

    def detach(self) -> None:
        """Stop listening (the window moved on to another project): no listener of this history's
        bridge is called again, and the history gets a new bridge if it is ever shown again."""
        history = self._history()
        if history is not None and not self._detached:
            self._detached = True
            history.changed.disconnect(self._on_changed)
            history.state_changed.disconnect(self._on_state_changed)
            if _BRIDGES.get(history) is self:
                del _BRIDGES[history]

    def _on_changed(self, changes) -> None:
        # Every edit, undo and switch is followed by the map, the metrics and the docks, in this
        # turn: workers wait at their checks until it ends (core.foreground).
        foreground.busy()
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

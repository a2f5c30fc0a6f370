"""Keyboard focus goes back to the map after an action, so Ctrl+Z / Ctrl+Y reach the history.

Two ways focus used to get stuck in a panel:

* A button that acts and is then disabled (the validation dock's "Fix" once its problem is gone)
  makes Qt hand focus to the next widget in the tab chain, typically a spin box ("Sliver below").
  When the widget that had focus is disabled or hidden, focus now goes to the map instead.
* A spin box or line edit with focus takes Ctrl+Z for its own text undo, even when the planner
  never typed in it. Undo and Redo now reach the window's history unless the planner has typed
  in the field since it got focus: then it is their text they mean to undo.

Key presses and shortcut overrides go to the focus widget, so the filter watches only the text
field that has focus. An application-wide filter would see every event of the application
(tens of thousands while a project opens and its charts are made) and make each one wait for
Python's interpreter lock, which a busy worker holds.
"""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

__all__ = ["FocusReturn", "install_focus_return"]

_TEXT_FIELDS = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit, QComboBox)
#: Keys that mean "typing" in a field (besides printable text).
_EDIT_KEYS = {"Backspace", "Delete"}
_HISTORY_KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
_EXTRA_REDO = (QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z"))


class FocusReturn(QObject):
    """Event filter of the focused text field of one main window, and the focus watch of its map."""

    def __init__(self, window: QWidget, map_widget: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.map_widget = map_widget
        self._typed: QWidget | None = None  # the field the planner typed in since it got focus
        self._watched: QWidget | None = None  # the focused text field the filter is installed on
        QApplication.instance().focusChanged.connect(self._focus_changed)

    def _mine(self, widget: QWidget | None) -> bool:
        return widget is not None and widget.window() is self.window

    def _watch(self, widget: QWidget | None) -> None:
        if self._watched is not None and shiboken6.isValid(self._watched):
            self._watched.removeEventFilter(self)
        self._watched = None
        if isinstance(widget, _TEXT_FIELDS) and self._mine(widget):
            widget.installEventFilter(self)
            self._watched = widget

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        self._typed = None
        self._watch(new)
        if not self._mine(old) or not self._mine(new) or new is self.map_widget:
            return
        try:
            left = not old.isEnabled() or not old.isVisible()
        except RuntimeError:  # the old widget is being deleted (a panel rebuilt)
            left = True
        if left:
            # Qt moved focus on because the widget that had it went away, not because the planner
            # chose ``new``: the map takes it (after Qt finished its own focus change).
            QTimer.singleShot(0, self._focus_map)

    def _focus_map(self) -> None:
        focus = QApplication.focusWidget()
        if self._typed is None and (focus is None or self._mine(focus)) and self.map_widget.isVisible():
            self.map_widget.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(watched, _TEXT_FIELDS) and self._mine(watched):
            if self._is_typing(event):
                self._typed = watched
        elif kind == QEvent.Type.ShortcutOverride and isinstance(watched, _TEXT_FIELDS) and self._mine(watched):
            if self._is_history_key(event) and self._typed is not watched:
                # Leave the override unaccepted: the window's Undo/Redo shortcut fires instead.
                event.ignore()
                return True
        return False

    @staticmethod
    def _is_typing(event: QKeyEvent) -> bool:
        if event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo):
            return False
        text = event.text()
        return bool(text and text.isprintable()) or QKeySequence(event.key()).toString() in _EDIT_KEYS

    @staticmethod
    def _is_history_key(event: QKeyEvent) -> bool:
        if any(event.matches(key) for key in _HISTORY_KEYS):
            return True
        pressed = QKeySequence(event.keyCombination())
        return any(pressed.matches(key) == QKeySequence.SequenceMatch.ExactMatch for key in _EXTRA_REDO)


def install_focus_return(window: QWidget, map_widget: QWidget) -> FocusReturn:
    """Return focus to ``map_widget`` after actions in ``window``'s panels (once per window)."""
    return FocusReturn(window, map_widget)

"""The map canvas's keyboard: the tools are offered each key first, then the canvas navigates.

Qt asks the focus widget (ShortcutOverride) before it runs a window shortcut: the tools get the
key then (Delete removes the hovered vertex in the vertex tool, P picks the polygon tool, Esc
cancels), and a key they decline goes on to the menus' shortcuts. Keys nobody took: Space held
pans with the left button, arrow keys move the view an eighth of its size. A mixin of
``MapCanvas`` (listed before QWidget), which every event of reaches through ``event``.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent

from parkplanner.core import foreground
from parkplanner.ui.canvas.event_conversion import key_event

__all__ = ["CanvasKeys"]

_ARROW_PAN = {
    int(Qt.Key.Key_Left.value): (-1, 0), int(Qt.Key.Key_Right.value): (1, 0),
    int(Qt.Key.Key_Up.value): (0, -1), int(Qt.Key.Key_Down.value): (0, 1),
}


class CanvasKeys:
    """Key handling of ``MapCanvas``: uses its ``_tools``, ``_offered_key``, ``_space_held``,
    ``_update_cursor``, ``pan_by`` and ``_viewport``."""

    def event(self, event: QEvent) -> bool:
        # Paints and input of the map go before the workers (render jobs, metrics): they wait at
        # their checks until this turn of the event loop ends (core.foreground).
        foreground.busy()
        # Qt asks the focus widget (ShortcutOverride) before it runs a window shortcut. The tools get
        # the key first (Delete removes the hovered vertex in the vertex tool, P picks the polygon
        # tool, Esc cancels); a key they decline goes on to the menus' shortcuts.
        if event.type() == QEvent.Type.ShortcutOverride and self._tools is not None:
            ev = key_event(event)
            if ev is not None and ev.key != "Space":
                consumed = bool(self._tools.on_key(ev))
                self._offered_key = (int(event.key()), int(event.modifiers().value), consumed)
                if consumed:
                    event.accept()
                    return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        offered, self._offered_key = self._offered_key, None
        if offered is not None and offered[:2] == (int(event.key()), int(event.modifiers().value)):
            if offered[2]:  # the tools took it when Qt asked
                self._update_cursor()
                return
        else:
            ev = key_event(event)
            if ev is not None and ev.key != "Space" and self._tools is not None and self._tools.on_key(ev):
                self._update_cursor()
                return
        if event.key() == Qt.Key.Key_Space and not event.modifiers():
            if not event.isAutoRepeat():
                self._space_held = True
                self._update_cursor()
            return
        step = _ARROW_PAN.get(int(event.key()))
        if step is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            # Arrow keys move the view an eighth of its size (the map moves the other way).
            self.pan_by(-step[0] * self._viewport.width / 8.0, -step[1] * self._viewport.height / 8.0)
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_held = False
            self._update_cursor()
            return
        super().keyReleaseEvent(event)

"""Qt input events to the interaction layer's PointerEvent/KeyEvent, converted once at the boundary."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent

from parkplanner.interaction.pointer import KeyEvent, PointerEvent, PointerKind
from parkplanner.ui.canvas.viewport import Viewport

__all__ = ["pointer_event", "key_event", "modifier_names", "CURSORS"]

_BUTTONS = {
    Qt.MouseButton.LeftButton: "left",
    Qt.MouseButton.MiddleButton: "middle",
    Qt.MouseButton.RightButton: "right",
}
_NAMED_KEYS = {
    int(Qt.Key.Key_Escape.value): "Escape", int(Qt.Key.Key_Return.value): "Return",
    int(Qt.Key.Key_Enter.value): "Enter", int(Qt.Key.Key_Backspace.value): "Backspace",
    int(Qt.Key.Key_Delete.value): "Delete", int(Qt.Key.Key_Space.value): "Space",
}
_LETTERS = range(int(Qt.Key.Key_A.value), int(Qt.Key.Key_Z.value) + 1)
_DIGITS = range(int(Qt.Key.Key_0.value), int(Qt.Key.Key_9.value) + 1)
#: Tool cursor names (interaction.tool.Tool.cursor) to Qt shapes.
CURSORS = {
    "arrow": Qt.CursorShape.ArrowCursor, "cross": Qt.CursorShape.CrossCursor,
    "pointing": Qt.CursorShape.PointingHandCursor, "size_all": Qt.CursorShape.SizeAllCursor,
    "open_hand": Qt.CursorShape.OpenHandCursor, "closed_hand": Qt.CursorShape.ClosedHandCursor,
    "ibeam": Qt.CursorShape.IBeamCursor, "forbidden": Qt.CursorShape.ForbiddenCursor,
}


def modifier_names(modifiers: Qt.KeyboardModifier) -> frozenset[str]:
    names = set()
    if modifiers & Qt.KeyboardModifier.ShiftModifier:
        names.add("shift")
    if modifiers & Qt.KeyboardModifier.ControlModifier:
        names.add("ctrl")
    if modifiers & Qt.KeyboardModifier.AltModifier:
        names.add("alt")
    return frozenset(names)


def pointer_event(kind: PointerKind, event: QMouseEvent, viewport: Viewport) -> PointerEvent:
    pos = event.position()
    x, y = viewport.screen_to_map(pos.x(), pos.y())
    if kind == "move":
        held = event.buttons()
        button = next((name for qt_button, name in _BUTTONS.items() if held & qt_button), None)
    else:
        button = _BUTTONS.get(event.button())
    return PointerEvent(kind, x, y, button, modifier_names(event.modifiers()), viewport.pixel_size)


def key_event(event: QKeyEvent) -> KeyEvent | None:
    """The KeyEvent for a key press, or None for keys tools never handle (F-keys, arrows...)."""
    key = int(event.key())
    name = _NAMED_KEYS.get(key)
    if name is None and (key in _LETTERS or key in _DIGITS):
        name = chr(key)  # Qt's codes for A-Z and 0-9 are their ASCII codes
    if name is None:
        return None
    return KeyEvent(name, modifier_names(event.modifiers()))

"""Input events in map coordinates: what the canvas hands to the active tool.

The canvas converts each Qt mouse or key event once (QGIS ``toMapCoordinates``) so tools never
see Qt and can be driven by tests with plain values.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["PointerEvent", "KeyEvent", "PointerKind", "Button", "MODIFIERS"]

PointerKind = Literal["press", "move", "release", "double_click"]
Button = Literal["left", "middle", "right"]
#: The modifier names a canvas may put in ``modifiers``.
MODIFIERS = frozenset({"shift", "ctrl", "alt"})


@dataclass(frozen=True, slots=True)
class PointerEvent:
    """A mouse event at map position (x, y) in metres.

    ``button`` is the button that changed for press/release/double_click and the held button (or
    None) for move. ``pixel_size`` is map metres per screen pixel, so tools turn pixel tolerances
    into map distances (``tolerance_px * pixel_size``) at any zoom.
    """

    kind: PointerKind
    x: float
    y: float
    button: Button | None = None
    modifiers: frozenset[str] = frozenset()
    pixel_size: float = 1.0

    @property
    def point(self) -> tuple[float, float]:
        return (self.x, self.y)

    @property
    def shift(self) -> bool:
        return "shift" in self.modifiers

    @property
    def ctrl(self) -> bool:
        return "ctrl" in self.modifiers

    @property
    def alt(self) -> bool:
        return "alt" in self.modifiers


@dataclass(frozen=True, slots=True)
class KeyEvent:
    """A key press: ``key`` is "Escape", "Return", "Enter", "Backspace", "Delete", "Space" or a letter."""

    key: str
    modifiers: frozenset[str] = frozenset()

    @property
    def is_confirm(self) -> bool:
        return self.key in ("Return", "Enter")

    @property
    def letter(self) -> str:
        """The key as an upper-case letter for shortcut matching ("" for named keys)."""
        return self.key.upper() if len(self.key) == 1 else ""

    @property
    def ctrl(self) -> bool:
        return "ctrl" in self.modifiers

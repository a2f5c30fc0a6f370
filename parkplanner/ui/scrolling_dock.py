"""A dock whose panel scrolls when the dock is smaller than the panel's minimum size.

On a 1366×768 laptop the window's docks (inspector, scenarios, phase balance, comparison) asked
together for more height than the screen has, so the window opened taller than the screen with
the status bar off it. A panel inside a scroll area asks for nothing: the window fits the screen
and the map keeps its share, and a panel squeezed below its natural size scrolls instead of
being cut or overlapping its own widgets.

``widget()`` and ``setWidget()`` keep QDockWidget's meaning (the panel itself), so the panel sets
that replace their widgets for each document need not know about the scroll area.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QFrame, QScrollArea, QWidget

__all__ = ["ScrollingDock"]


class ScrollingDock(QDockWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)  # the panel fills the dock when there is room
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        super().setWidget(self._scroll)

    def setWidget(self, widget: QWidget | None) -> None:  # noqa: N802 (Qt name)
        """Show ``widget`` in the dock; the previous panel is handed back to its owner (not deleted)."""
        previous = self._scroll.takeWidget()
        if previous is not None:
            previous.setParent(None) if previous.parent() is self._scroll.viewport() else None
        if widget is not None:
            self._scroll.setWidget(widget)

    def widget(self) -> QWidget | None:
        return self._scroll.widget()

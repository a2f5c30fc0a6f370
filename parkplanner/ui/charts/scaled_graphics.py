"""A chart scene drawn magnified or reduced as a whole (text, lines and markers alike).

This is how the workshop makes the 8–10 pt chart texts readable from the back of a room without a
second set of chart classes with bigger fonts, and how a narrow dashboard dock shows its charts
slightly smaller rather than cut off at the dock's edge.
"""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF

from parkplanner.core import foreground

__all__ = ["ScaledGraphics"]

_ACTIVATION = (QEvent.Type.WindowActivate, QEvent.Type.WindowDeactivate)


class ScaledGraphics(pg.GraphicsLayoutWidget):
    """A GraphicsLayoutWidget whose scene is shown ``zoom`` times larger (1 = as usual).

    With ``min_scene_width`` the magnification yields to the widget's width: the charts are laid
    out at least that many scene units wide (what the radar's labels need) and drawn as large as
    the widget then allows, so a narrower screen gets smaller text instead of cut-off charts.
    """

    #: Class defaults so the base class's resize during its own __init__ finds a zoom.
    zoom = 1.0
    min_scene_width = 0.0

    def __init__(self, zoom: float = 1.0, parent=None, min_scene_width: float = 0.0, min_zoom: float = 0.25) -> None:
        super().__init__(parent)
        self.zoom = zoom
        self.min_scene_width = float(min_scene_width)
        #: Never drawn smaller than this: below it the charts' smallest text is unreadable, and the
        #: widget asks for the width instead (a scroll area around it then scrolls).
        self.min_zoom = float(min_zoom)
        if self.min_scene_width > 0:
            self.setMinimumWidth(int(self.min_scene_width * self.min_zoom))
        self.setBackground("w")
        self.scene().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        # The charts look the same in an active and an inactive window, but a scene repaints
        # every item when the window gains or loses the focus (a progress window, another
        # application): all the dashboard's charts, tens of milliseconds. Its items need no
        # activation (no keyboard focus in a chart), so the scene is not told.
        if event.type() in _ACTIVATION and watched is self.scene():
            return True
        return super().eventFilter(watched, event)

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt name)
        # Hundreds of Python calls (pyqtgraph's items): workers wait at their checks until this
        # turn of the event loop ends (core.foreground), or each call waits for the lock.
        foreground.busy()
        super().paintEvent(event)

    def effective_zoom(self) -> float:
        """The magnification in use: ``zoom``, or less when the widget is too narrow for it."""
        if self.min_scene_width <= 0:
            return self.zoom
        return max(self.min_zoom, min(self.zoom, self.width() / self.min_scene_width))

    def set_zoom(self, zoom: float) -> None:
        self.zoom = max(0.25, float(zoom))
        self._apply_zoom()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        # pyqtgraph maps its "range" rectangle onto the viewport: a range 1/zoom the pixel size
        # lays the charts out in a smaller scene that is then drawn magnified.
        size, zoom = self.size(), self.effective_zoom()
        scene_rect = QRectF(0, 0, size.width() / zoom, size.height() / zoom)
        self.setRange(scene_rect, padding=0, disableAutoPixel=True)
        if self.centralWidget is not None:
            self.centralWidget.setGeometry(scene_rect)

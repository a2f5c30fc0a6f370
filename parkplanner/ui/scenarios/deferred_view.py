"""Views whose numbers take a while (a comparison, a projection, the phase balance) follow edits
lazily: an edit only marks them stale; they recompute after a short pause while visible, or as
soon as they are shown again, so a hidden tab never slows the editing of the map.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer

__all__ = ["DeferredRecompute"]


class DeferredRecompute:
    """Mixin for a QWidget with a ``recompute()`` method; list it before QWidget in the bases."""

    def init_deferred(self, delay_ms: int) -> None:
        """Call once in __init__: the view starts stale and computes when first shown."""
        self._stale = True
        self._timer = QTimer(self, singleShot=True, interval=delay_ms)
        self._timer.timeout.connect(self.recompute)

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().showEvent(event)
        if self._stale:
            self._timer.start(0)

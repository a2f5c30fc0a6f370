"""What the planning, scenario and editor panel sets share: docks made once in a main window, whose
widgets are rebuilt for every document the window shows (``documentChanged``).

A panel set subclasses ``DockedPanels``, makes its docks with ``_dock`` and defines ``bind``; its
``install_*`` function hands it to ``follow_documents``.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

__all__ = ["DockedPanels", "follow_documents"]


class DockedPanels(QObject):
    """Docks of one window, rebound to each document the window shows."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window

    def _dock(self, title: str, area: Qt.DockWidgetArea, name: str) -> QDockWidget:
        # ``name`` (not the translated title) names the dock, so saved layouts survive a language switch.
        add_panel = getattr(self.window, "add_panel", None)
        if add_panel is not None:  # the main window's own docking (adds a View > Panels toggle)
            return add_panel(QWidget(), area, title, name)
        dock = QDockWidget(title, self.window)
        dock.setObjectName(f"dock_{name}")
        self.window.addDockWidget(area, dock)
        return dock

    def rebind_to_window(self) -> None:
        """Follow the window's current document (connected to ``documentChanged``)."""
        history, selection = getattr(self.window, "history", None), getattr(self.window, "selection", None)
        if history is not None and selection is not None:
            self.bind(history, selection)

    def bind(self, history, selection) -> None:
        """Show the panels for ``history``'s project; the previous document's widgets are dropped."""
        raise NotImplementedError


def follow_documents(panels: DockedPanels, bound: bool = False) -> DockedPanels:
    """Bind ``panels`` to the window's document unless already ``bound``, then keep them on each
    new or opened document if the window has a ``documentChanged`` signal."""
    if not bound:
        panels.rebind_to_window()
    changed = getattr(panels.window, "documentChanged", None)
    if changed is not None:
        changed.connect(panels.rebind_to_window)
    return panels

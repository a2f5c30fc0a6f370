"""What the planning, scenario and editor panel sets share: docks made once in a main window, whose
widgets are rebuilt for every document the window shows (``documentChanged``).

A panel set subclasses ``DockedPanels``, makes its docks with ``_dock`` and defines ``bind``; its
``install_*`` function hands it to ``follow_documents``. Panels a document can wait for are made
with ``_expect``: in a later turn of the event loop (turn_queue.py), or when first asked for.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from parkplanner.ui.turn_queue import later, retire

__all__ = ["DockedPanels", "follow_documents"]


class DockedPanels(QObject):
    """Docks of one window, rebound to each document the window shows."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        #: The document's panels made with ``_expect``, by name, once made ...
        self._views: dict[str, QWidget] = {}
        #: ... and the dock and maker of each not made yet.
        self._makers: dict[str, tuple[QDockWidget, Callable[[], QWidget]]] = {}

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

    # -- panels made when their turn comes ----------------------------------------------------------
    def _expect(self, name: str, dock: QDockWidget, make: Callable[[], QWidget], soon: bool = True) -> None:
        """The document's panel ``name`` goes into ``dock``, made by ``make`` when ``_panel(name)``
        first asks for it or, if ``soon``, in a later turn of the event loop. Until then the dock
        keeps what it shows (the previous document's panel, or a blank for a tab behind others)."""
        self._views.pop(name, None)
        self._makers[name] = (dock, make)
        if soon:
            self._make_soon(name)

    def _make_soon(self, name: str) -> None:
        later(self, lambda: self._panel(name) if self._wanted(name) else None)

    def _wanted(self, name: str) -> bool:
        """Whether panel ``name`` is to be made when its turn comes (a set whose panels wait for
        their dock tab to come to the front says no for those behind)."""
        return True

    def _panel(self, name: str) -> QWidget | None:
        """The document's panel ``name``, made and docked now if it was not yet (None: not expected)."""
        view = self._views.get(name)
        if view is not None:
            return view
        entry = self._makers.pop(name, None)
        if entry is None:
            return None
        dock, make = entry
        view = self._views[name] = make()
        self._place(dock, view)
        return view

    def _forget_panels(self) -> None:
        """The previous document's panels are no longer this set's (they stay docked until replaced)."""
        self._views.clear()
        self._makers.clear()

    @staticmethod
    def _place(dock: QDockWidget, widget: QWidget) -> None:
        """Dock ``widget``; the panel it replaces is hidden and deleted in a later turn."""
        old = dock.widget()
        if old is widget:
            return
        dock.setWidget(widget)
        if old is not None:
            retire(old)


def follow_documents(panels: DockedPanels, bound: bool = False) -> DockedPanels:
    """Bind ``panels`` to the window's document unless already ``bound``, then keep them on each
    new or opened document if the window has a ``documentChanged`` signal."""
    if not bound:
        panels.rebind_to_window()
    changed = getattr(panels.window, "documentChanged", None)
    if changed is not None:
        changed.connect(panels.rebind_to_window)
    return panels

"""Puts the 3D view into the main window: a "3D view" dock (View > Panels) and View > "3D view in
its own window" for a second screen; both follow the document, the selection and the year slider.

The GL widget is made only when the dock or window is first shown: a planner who never opens
the 3D view pays nothing for it. Without OpenGL the dock says why in one line instead.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from parkplanner.ui.docked_panels import DockedPanels, follow_documents

__all__ = ["View3DPanels", "install_view3d", "MassingWindow"]


class MassingWindow(QWidget):
    """The 3D view in a window of its own, e.g. on the projector beside the editor."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        from PySide6.QtWidgets import QVBoxLayout

        from parkplanner.ui.view3d.massing_view import MassingView

        self.setWindowTitle(self.tr("ParkPlanner — 3D view"))
        self.view = MassingView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.resize(1200, 800)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        self.view.unbind()  # the history outlives this window
        super().closeEvent(event)

    def show_on_other_screen(self, beside: QWidget) -> None:
        """On a screen other than ``beside``'s when there is one, else beside it."""
        here = beside.screen()
        others = [s for s in QGuiApplication.screens() if s is not here]
        if others:
            self.setGeometry(others[0].availableGeometry())
            self.showMaximized()
        else:
            self.show()


class View3DPanels(DockedPanels):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        from parkplanner.ui.view3d.gl_context import gl_unavailable_reason

        self.history = self.selection = None
        self.unavailable = gl_unavailable_reason()
        self.view = None  # the dock's MassingView, made on first show
        self.separate: MassingWindow | None = None
        self.dock = self._dock(self.tr("3D view"), Qt.DockWidgetArea.RightDockWidgetArea, "view_3d")
        if not getattr(window, "_layout_restored", False):
            self.dock.hide()  # opened from View > Panels; a saved layout keeps the planner's choice
        self.dock.visibilityChanged.connect(self._dock_shown)
        self._year_slider = None
        self.window_action = QAction(self.tr("3D view in its own &window"), window)
        self.window_action.setCheckable(True)
        self.window_action.toggled.connect(self.toggle_window)
        menu = getattr(getattr(window, "commands", None), "panels_menu", None)
        view_menu = menu.parentWidget() if menu is not None else None
        if view_menu is not None and hasattr(view_menu, "addAction"):
            view_menu.addAction(self.window_action)
        self.window_action.setEnabled(self.unavailable is None)
        if self.unavailable is not None:
            label = QLabel(self.tr("The 3D view needs OpenGL: {0}").format(self.unavailable))
            label.setWordWrap(True)
            self.dock.setWidget(label)
        if self.dock.isVisible():  # a saved layout showed it before we listened
            self._dock_shown(True)

    # -- the document -------------------------------------------------------------------------
    def bind(self, history, selection) -> None:
        self.history, self.selection = history, selection
        self._follow_year()
        for view in self._massing_views():
            view.bind(history, selection)

    def _massing_views(self):
        out = [self.view] if self.view is not None else []
        if self.separate is not None:
            out.append(self.separate.view)
        return out

    def _follow_year(self) -> None:
        if self._year_slider is None:
            from parkplanner.ui.scenario_panels import ScenarioPanels

            panels = self.window.findChild(ScenarioPanels)
            if panels is not None:
                self._year_slider = panels.year_slider
                self._year_slider.yearChanged.connect(self.set_year)

    def set_year(self, year) -> None:
        for view in self._massing_views():
            view.set_year(year)

    def _year(self):
        return self._year_slider.year if self._year_slider is not None else None

    def _start(self, view) -> None:
        view.year = self._year()
        if self.history is not None:
            view.bind(self.history, self.selection)

    # -- showing ------------------------------------------------------------------------------
    def _dock_shown(self, visible: bool) -> None:
        if visible and self.view is None and self.unavailable is None:
            from parkplanner.ui.view3d.massing_view import MassingView

            self.view = MassingView()
            old = self.dock.widget()
            self.dock.setWidget(self.view)
            if old is not None:
                old.deleteLater()
            self._follow_year()
            self._start(self.view)

    def toggle_window(self, on: bool) -> None:
        if on and self.separate is None and self.unavailable is None:
            self.separate = MassingWindow()
            self.separate.destroyed.connect(lambda *_: self._window_gone())
            self.separate.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self._follow_year()
            self._start(self.separate.view)
            self.separate.show_on_other_screen(self.window)
        elif not on and self.separate is not None:
            self.separate.close()

    def _window_gone(self) -> None:
        self.separate = None
        self.window_action.blockSignals(True)
        self.window_action.setChecked(False)
        self.window_action.blockSignals(False)


def install_view3d(window: QMainWindow) -> View3DPanels:
    """The 3D dock and window action in ``window``, following its documents."""
    return follow_documents(View3DPanels(window))

"""Workshop mode (F11): the main window steps aside for the full-screen workshop screen.

Entering takes the main window's map canvas into the workshop window (one canvas, so its caches,
overlays such as the year veil, and tool state carry over), hides the main window and shows the
workshop full screen; leaving gives the canvas back. What the map shows and the sliders edit is a
workshop copy of a scenario, never the scenario itself (workshop_exit.py): leaving asks whether to
keep the changes as a new scenario, apply them or discard them. The mode keeps the compared pair:
B is the scenario shown (through its copy), A the reference drawn faintly in the charts. Keys 1–9
switch B to scenario n (one undoable "Switch to scenario" step each); Tab cycles through every
pair of scenarios in list order. Numbers and pairs count the scenarios, not the copies.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QWidget

from parkplanner.core.editing import History
from parkplanner.core.editing.change import ChangeKind
from parkplanner.core.editing.project_commands import switch_scenario
from parkplanner.ui.metrics_bridge import MetricsBridge
from parkplanner.ui.qt_history import qt_history_of
from parkplanner.ui.workshop.checkpoint_panel import CheckpointStore
from parkplanner.ui.workshop.mirror_window import MirrorWindow
from parkplanner.ui.workshop.workshop_exit import LeaveChoice, WorkshopSession, ask_leave_choice
from parkplanner.ui.workshop.workshop_window import WorkshopWindow

__all__ = ["WorkshopMode", "scenario_pairs"]


def scenario_pairs(ids: list[str]) -> list[tuple[str, str]]:
    """Every (A, B) pair with A before B in the list: (1,2), (1,3), ..., (2,3), ..."""
    return [(a, b) for n, a in enumerate(ids) for b in ids[n + 1:]]


class WorkshopMode(QObject):
    activeChanged = Signal(bool)

    def __init__(self, window: QMainWindow, history: History, metrics: MetricsBridge, store: CheckpointStore,
                 set_year: Callable[[int | None], None] | None = None, selection=None,
                 current_year: Callable[[], int | None] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.history = history
        self.project = history.project
        self.metrics = metrics
        self.store = store
        self.selection = selection
        self.set_year = set_year
        #: The year the map shows (the main window's year slider): the workshop opens on it, so its
        #: Year box never says "build-out" over a map veiled for another year.
        self.current_year = current_year or (lambda: None)
        #: Asked on leaving when the workshop changed a scenario (tests replace it).
        self.ask_leave: Callable[[QWidget | None, list[str], str], LeaveChoice] = ask_leave_choice
        self.session: WorkshopSession | None = None
        self.screen: WorkshopWindow | None = None
        self.mirror: MirrorWindow | None = None
        self.reference_id: str | None = None
        self._reference_metrics: dict[str, Any] | None = None
        self._canvas = None
        self._view3d = None  # the 3D tab's view while the workshop screen is up
        qt_history_of(history).changed.connect(self._on_changes)
        metrics.updated.connect(self._metrics_updated)

    @property
    def active(self) -> bool:
        return self.screen is not None

    def close_mode(self) -> None:
        """The document is being replaced: leave, and stop listening."""
        self.leave(ask=False)
        if self.mirror is not None:
            self.mirror.close_mirror()
            self.mirror = None
        self.metrics.updated.disconnect(self._metrics_updated)

    # -- entering and leaving ----------------------------------------------------------------------
    def toggle(self) -> None:
        self.leave() if self.active else self.enter()

    def enter(self) -> WorkshopWindow:
        if self.screen is not None:
            return self.screen
        screen = self.window.screen() or QGuiApplication.primaryScreen()
        height = screen.geometry().height() if screen is not None else 1080
        width = screen.geometry().width() if screen is not None else 1920
        canvas = getattr(self.window, "canvas", None)
        if canvas is not None and self.window.centralWidget() is canvas:
            self._canvas = self.window.takeCentralWidget()
        # Before the screen: its sliders and map start on the copy the session makes.
        self.session = WorkshopSession(self.history)
        self.screen = WorkshopWindow(self.history, self.store, self._canvas, height, width=width,
                                     metrics=self.metrics)
        self.screen.numberPressed.connect(self.switch_number)
        self.screen.cyclePressed.connect(self.cycle_pair)
        self.screen.exitPressed.connect(self.leave)
        QShortcut(QKeySequence("F11"), self.screen, activated=self.leave)
        from parkplanner.ui.scenarios.year_slider import year_range

        self.screen.year.set_range(*year_range(self.project))
        self.screen.year.set_year(self.current_year())
        self.screen.year.yearChanged.connect(self._year_changed)
        self._add_3d_tab()
        if self.reference_id is None or self.reference_id == self._shown_id():
            self.reference_id = self._other_than(self._shown_id())
        self._reference_metrics = None
        self.refresh()
        self.window.hide()
        if screen is not None:  # full screen where the main window was (needed without a window manager)
            self.screen.setGeometry(screen.geometry())
        self.screen.showFullScreen()
        self._fit_map()
        self.activeChanged.emit(True)
        return self.screen

    def leave(self, ask: bool = True) -> bool:
        """Give the map back to the main window; False when the planner chose to stay.

        With ``ask``, changes the workshop made to its copies are kept as a new scenario, applied
        or discarded as the planner chooses (workshop_exit.py); without, they are discarded (the
        document is being replaced).
        """
        if self.screen is None:
            return True
        if self.session is not None:
            changed = self.session.changed() if ask else []
            choice = "discard"
            if changed:
                shown = self.project.scenario(self._shown_id()).name
                choice = self.ask_leave(self.screen, changed, shown)
                if choice == "stay":
                    return False
            {"new": self.session.keep_as_new, "apply": self.session.apply}.get(choice, self.session.discard)()
        self.session = None
        self._reference_metrics = None  # nothing shows it until the next workshop, which recomputes it
        screen, self.screen = self.screen, None
        if self._view3d is not None:
            self._view3d.unbind()
            self._view3d = None
        canvas = screen.release_map()
        screen.close()
        screen.deleteLater()
        if canvas is not None:
            self.window.setCentralWidget(canvas)
        self._canvas = None
        self.window.show()
        self._fit_map()
        self.activeChanged.emit(False)
        return True

    def _add_3d_tab(self) -> None:
        """The 3D view as a tab beside the map, when the editor has one (OpenGL available)."""
        from parkplanner.ui.view3d.panels import View3DPanels

        panels = self.window.findChild(View3DPanels)
        if panels is None or panels.unavailable is not None or self.selection is None:
            return
        from parkplanner.ui.view3d.massing_view import MassingView

        self._view3d = MassingView()
        self._view3d.year = self.screen.year.year
        self.screen.year.yearChanged.connect(self._view3d.set_year)
        self.screen.add_view_tab(self._view3d, self.tr("3D"))
        self._view3d.bind(self.history, self.selection)

    def _fit_map(self) -> None:
        # The canvas changed size with its new parent: show the whole plan once the layout settled.
        canvas = getattr(self.window, "canvas", None)
        if canvas is not None and hasattr(canvas, "zoom_to_extent"):
            QTimer.singleShot(0, canvas.zoom_to_extent)

    def toggle_mirror(self) -> MirrorWindow | None:
        if self.mirror is not None:
            self.mirror.close_mirror()
            self.mirror = None
            return None
        from parkplanner.interaction.selection import Selection

        selection = self.selection or Selection(self.project, self.history)
        self.mirror = MirrorWindow(self.metrics, selection)
        self.mirror.show_on_other_screen(self.screen or self.window)
        return self.mirror

    # -- scenarios ---------------------------------------------------------------------------------
    def _originals(self) -> list:
        return self.session.originals() if self.session is not None else list(self.project.scenarios)

    def _shown_id(self) -> str:
        """The scenario the map shows: the original of the active workshop copy."""
        active = self.project.active_scenario_id
        return self.session.source_of(active) if self.session is not None else active

    def _other_than(self, scenario_id: str) -> str | None:
        return next((s.id for s in self._originals() if s.id != scenario_id), None)

    def _show(self, scenario_id: str) -> None:
        """Make the workshop copy of ``scenario_id`` the active scenario (one undoable step)."""
        target = self.session.copy_of(scenario_id) if self.session is not None else scenario_id
        if target != self.project.active_scenario_id:
            self.history.push(switch_scenario(self.project, target))

    def switch_number(self, number: int) -> None:
        """Key ``number`` (1–9): show scenario ``number`` in list order."""
        scenarios = self._originals()
        if not 1 <= number <= len(scenarios):
            return
        target = scenarios[number - 1].id
        previous = self._shown_id()
        if target == previous:
            return
        if self.reference_id == target:
            self.reference_id = previous
            self._reference_metrics = None
        self._show(target)

    def cycle_pair(self) -> None:
        """Tab: the next (A, B) pair of scenarios; B is shown, A the faint reference."""
        pairs = scenario_pairs([s.id for s in self._originals()])
        if not pairs:
            return
        current = (self.reference_id, self._shown_id())
        index = pairs.index(current) if current in pairs else -1
        a, b = pairs[(index + 1) % len(pairs)]
        self.reference_id = a
        self._reference_metrics = None
        if b != self._shown_id():
            self._show(b)
        else:
            self.refresh()

    @property
    def pair(self) -> tuple[str | None, str]:
        return self.reference_id, self._shown_id()

    # -- following the project ---------------------------------------------------------------------
    def _on_changes(self, changes) -> None:
        ids = {s.id for s in self._originals()}
        if self.reference_id not in ids:
            self.reference_id = self._other_than(self._shown_id())
            self._reference_metrics = None
        for change in changes:
            if change.kind is ChangeKind.PROJECT or (change.scenario_id == self.reference_id
                                                     and change.kind is not ChangeKind.ACTIVE_SCENARIO):
                self._reference_metrics = None
        if self.screen is not None:
            self.screen.show_names(self._reference_name(), self.screen.year.year)

    def _metrics_updated(self, current, _previous) -> None:
        if self.screen is not None:
            self.refresh(current)

    def _reference_name(self) -> str:
        if self.reference_id is None:
            return ""
        return self.project.scenario(self.reference_id).name

    def reference_metrics(self) -> dict[str, Any] | None:
        if self.reference_id is None or self.reference_id == self._shown_id():
            return None
        if self._reference_metrics is None:
            # From the bridge's kept engine of that scenario: caught up with the edits since its
            # last look instead of a full computation each time the workshop opens.
            self._reference_metrics = self.metrics.metrics_of(self.reference_id)
        return self._reference_metrics

    def refresh(self, current: dict[str, Any] | None = None) -> None:
        """Redraw the workshop screen's names, charts and figures."""
        if self.screen is None:
            return
        current = current or self.metrics.current
        year = self.screen.year.year
        values = None
        if year is not None:
            from parkplanner.core.projection.forecast import forecast
            from parkplanner.core.projection.kept_projections import kept_projections
            from parkplanner.ui.scenarios.projection_panel import year_values

            scenario = self.project.active_scenario
            try:
                # Refreshed at every step of a slider drag, which writes no zone until it ends:
                # the kept projection, not a reading of every zone on the GUI thread.
                projection = kept_projections().projection(self.project, scenario)
                values = year_values(forecast(self.project, scenario, projection=projection), year)
            except ValueError:
                values = None
        self.screen.show_names(self._reference_name(), year)
        self.screen.show_metrics(current, self.reference_metrics(), values)

    def show_year(self, year: int | None) -> None:
        """The map's year changed elsewhere (the main window's slider): the workshop's follows."""
        if self.screen is not None and self.screen.year.year != year:
            self.screen.year.blockSignals(True)
            self.screen.year.set_year(year)
            self.screen.year.blockSignals(False)
            self.screen.year._changed()

    def _year_changed(self, year: int | None) -> None:
        if self.set_year is not None:
            self.set_year(year)
        self.refresh()

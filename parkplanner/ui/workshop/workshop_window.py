"""The workshop screen: map, three large charts, the scenario name in large type, live sliders.

Laid out for a 1920×1080 projector read from across a room: a banner with the active scenario's
name and the scenario it is compared with (drawn faintly in the charts), the map on the left with
the assumption sliders and the year slider beneath it, the charts (magnified by ``ScaledGraphics``)
and the headline figures on the right, checkpoints at the bottom right. Text sizes follow the
screen height (``ui_scale``); the charts' magnification also yields to their column's width, and
long slider names and banner texts wrap, so 1366×768, 1600×1000 and 1920×1080 show everything.
Keys: 1–9 switch scenario, Tab cycles the compared pair, F11 or Esc leave; the window only
reports them (``numberPressed``, ``cyclePressed``, ``exitPressed``) and WorkshopMode acts.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from parkplanner.core.editing import History
from parkplanner.ui.charts.scaled_graphics import ScaledGraphics
from parkplanner.ui.scenarios.pair_charts import PairCharts
from parkplanner.ui.scenarios.year_slider import YearSlider
from parkplanner.ui.workshop.assumption_sliders import AssumptionSliders
from parkplanner.ui.workshop.checkpoint_panel import CheckpointPanel, CheckpointStore

__all__ = ["WorkshopWindow", "WORKSHOP_CHARTS", "ui_scale", "headline_text"]

#: (chart, row, column, column span): the radar and jobs–housing ratio side by side, targets below.
WORKSHOP_CHARTS = (("radar", 0, 0, 1), ("jobs_housing", 0, 1, 1), ("targets", 1, 0, 2))
#: Chart magnification on a 1080-pixel-high screen (the dashboard's 8–10 pt become 11–14 pt, 15–19 px).
CHART_ZOOM_1080 = 1.4
#: Scene width the charts are laid out in at least (the radar's five labels and the ratio's
#: caption); on a narrow screen the magnification shrinks to keep it.
CHART_SCENE_WIDTH = 660


def ui_scale(height: int, width: int | None = None) -> float:
    """Text scale for a screen ``height`` × ``width`` pixels (1.0 at 1920×1080).

    Text follows the height; a screen narrower than 16:10 (1280×1024, 1024×768) is scaled for
    its width instead, so the map and chart columns still fit side by side.
    """
    scale = height / 1080.0
    if width is not None:
        scale = min(scale, width / 1600.0)
    return max(0.6, scale)


def headline_text(metrics: dict[str, Any], year_values: dict[str, float] | None, year: int | None) -> str:
    """The big figures: build-out totals, or the projected values in the year slider's year."""
    if year is not None and year_values is not None:
        # Spelled out (not a local tr()): lupdate files only translate() calls it can read.
        return QCoreApplication.translate(
            "WorkshopWindow", "{year}:  jobs {jobs}  ·  residents {residents}  ·  output {output} 亿元").format(
            year=year, jobs=f"{year_values['jobs']:,.0f}", residents=f"{year_values['residents']:,.0f}",
            output=f"{year_values['output_yi']:,.0f}")
    totals = metrics.get("totals", {})
    ratio = metrics.get("indicators", {}).get("P1", {}).get("value")
    d_value = metrics.get("coupling", {}).get("D")
    ratio_text = "–" if ratio is None else f"{ratio:.2f}"
    d_text = "–" if d_value is None else f"{d_value:.3f}"
    return QCoreApplication.translate(
        "WorkshopWindow", "jobs {jobs}  ·  residents {residents}  ·  jobs/housing {ratio}  ·  D {d}").format(
        jobs=f"{totals.get('jobs', 0):,.0f}", residents=f"{totals.get('residents', 0):,.0f}", ratio=ratio_text,
        d=d_text)


class WorkshopWindow(QWidget):
    numberPressed = Signal(int)
    cyclePressed = Signal()
    exitPressed = Signal()

    def __init__(self, history: History, store: CheckpointStore, map_widget: QWidget | None = None,
                 height: int = 1080, parent: QWidget | None = None, width: int | None = None,
                 metrics=None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.history = history
        self.project = history.project
        self.setWindowTitle(self.tr("ParkPlanner — workshop"))
        self.setObjectName("workshop")
        scale = ui_scale(height, width)
        self._style(scale)

        self.scenario_name = QLabel(self)
        self.scenario_name.setObjectName("scenarioName")
        self.pair_label = QLabel(self)
        self.pair_label.setObjectName("pairLabel")
        hints = QLabel(self.tr("1–9 scenario · Tab compared pair · F11 leave"), self)
        hints.setObjectName("hints")
        # The banner never widens the window past the screen: the secondary texts wrap instead.
        self.pair_label.setWordWrap(True)
        hints.setWordWrap(True)
        banner = QHBoxLayout()
        banner.addWidget(self.scenario_name, 0, Qt.AlignmentFlag.AlignBottom)
        banner.addSpacing(int(30 * scale))
        banner.addWidget(self.pair_label, 1, Qt.AlignmentFlag.AlignBottom)
        banner.addWidget(hints, 0, Qt.AlignmentFlag.AlignBottom)

        self.map_frame = QFrame(self)
        self.map_box = QVBoxLayout(self.map_frame)
        self.map_box.setContentsMargins(0, 0, 0, 0)
        self.map_widget: QWidget | None = None
        if map_widget is not None:
            self.set_map(map_widget)
        self.year = YearSlider(self)
        # FAR drags preview through the metrics bridge the charts follow.
        self.sliders = AssumptionSliders(history, columns=2, parent=self, metrics=metrics)

        self.graphics = ScaledGraphics(CHART_ZOOM_1080 * scale, self, min_scene_width=CHART_SCENE_WIDTH)
        self.charts = PairCharts(self.graphics, self.project, WORKSHOP_CHARTS)
        self.graphics.ci.layout.setRowStretchFactor(0, 3)
        self.graphics.ci.layout.setRowStretchFactor(1, 2)
        self.graphics.ci.layout.setColumnStretchFactor(0, 1)
        self.graphics.ci.layout.setColumnStretchFactor(1, 1)
        self.figures = QLabel(self)
        self.figures.setObjectName("figures")
        self.figures.setWordWrap(True)
        self.checkpoints = CheckpointPanel(history, store, self)

        self.view_tabs: QTabWidget | None = None  # map and 3D view, once a view tab is added
        self._grid = grid = QGridLayout()
        grid.setHorizontalSpacing(int(16 * scale))
        grid.addWidget(self.map_frame, 0, 0)
        grid.addWidget(self.graphics, 0, 1)
        grid.addWidget(self.year, 1, 0)
        grid.addWidget(self.figures, 1, 1)
        grid.addWidget(self.sliders, 2, 0)
        grid.addWidget(self.checkpoints, 2, 1)
        # Equal columns: the charts' magnification (text size) follows their column's width, the
        # sliders' names wrap below about 800 px.
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(0, 1)
        self.checkpoints.list.setMaximumHeight(int(190 * scale))
        layout = QVBoxLayout(self)
        margin = int(14 * scale)
        layout.setContentsMargins(margin, margin // 2, margin, margin // 2)
        layout.addLayout(banner)
        layout.addLayout(grid, 1)

        for n in range(1, 10):
            QShortcut(QKeySequence(str(n)), self, activated=lambda n=n: self.numberPressed.emit(n))
        for key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(self.cyclePressed)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.exitPressed)
        self._reference_name = ""  # captions the faint values in the charts
        self.show_names("", None)

    def _style(self, scale: float) -> None:
        def px(size: float) -> int:
            return max(8, round(size * scale))
        self.setStyleSheet(
            f"QWidget#workshop {{ background: white; }}"
            f"QWidget#workshop QWidget {{ font-size: {px(21)}px; }}"
            f"QWidget#workshop QLabel#scenarioName {{ font-size: {px(50)}px; font-weight: bold; color: #0D47A1; }}"
            f"QWidget#workshop QLabel#pairLabel {{ font-size: {px(26)}px; color: #505050; }}"
            f"QWidget#workshop QLabel#hints {{ font-size: {px(17)}px; color: #808080; }}"
            f"QWidget#workshop QLabel#figures {{ font-size: {px(30)}px; font-weight: bold; color: #202020; }}"
            f"QWidget#workshop QSlider::groove:horizontal {{ height: {px(10)}px; background: #D0D0D0; border-radius: {px(5)}px; }}"
            f"QWidget#workshop QSlider::handle:horizontal {{ width: {px(30)}px; margin: -{px(10)}px 0; border-radius: {px(15)}px;"
            f" background: #1565C0; }}"
        )

    def set_map(self, widget: QWidget) -> None:
        self.map_widget = widget
        self.map_box.addWidget(widget)

    def add_view_tab(self, widget: QWidget, title: str) -> None:
        """Show ``widget`` (the 3D view) in a tab beside the map."""
        if self.view_tabs is None:
            self.view_tabs = QTabWidget(self)
            self._grid.replaceWidget(self.map_frame, self.view_tabs)
            self.view_tabs.addTab(self.map_frame, self.tr("Map"))
        self.view_tabs.addTab(widget, title)

    def release_map(self) -> QWidget | None:
        """Hand the map back (the main window takes its canvas back when the workshop ends)."""
        widget, self.map_widget = self.map_widget, None
        if widget is not None:
            self.map_box.removeWidget(widget)
            widget.setParent(None)
        return widget

    def show_names(self, reference_name: str, year: int | None) -> None:
        self._reference_name = reference_name
        self.scenario_name.setText(self.project.active_scenario.name)
        text = self.tr("compared with “{name}” (faint)").format(name=reference_name) if reference_name else ""
        self.pair_label.setText(text)

    def show_metrics(self, current: dict[str, Any], reference: dict[str, Any] | None,
                     year_values: dict[str, float] | None = None) -> None:
        self.charts.update(current, reference, self._reference_name)
        self.figures.setText(headline_text(current, year_values, self.year.year))

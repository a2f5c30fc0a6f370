"""The dashboard's charts drawing two scenarios at once: B solid, A in the faint "previous" style.

The charts are the dashboard's own classes (charts/*), fed (B, A) instead of (now, before the
last edit), so a comparison and the workshop screen show exactly what the dashboard shows.
``ScaledGraphics`` magnifies a whole chart scene by a zoom factor (text, lines and markers alike),
which is how the workshop makes the 8–10 pt chart texts readable from the back of a room without
a second set of chart classes with bigger fonts.
"""
from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QRectF

from parkplanner.core.model.project import Project
from parkplanner.ui.charts.balance_chart import BalanceChart
from parkplanner.ui.charts.jobs_housing_chart import JobsHousingChart
from parkplanner.ui.charts.radar_chart import RadarChart
from parkplanner.ui.charts.targets_chart import TargetsChart
from parkplanner.ui.i18n import lang as interface_lang

__all__ = ["ScaledGraphics", "PairCharts", "CHART_KINDS"]

#: Chart name -> class; the balance chart also needs the scheme.
CHART_KINDS = {"radar": RadarChart, "jobs_housing": JobsHousingChart, "targets": TargetsChart,
               "balance": BalanceChart}


class ScaledGraphics(pg.GraphicsLayoutWidget):
    """A GraphicsLayoutWidget whose scene is shown ``zoom`` times larger (1 = as usual).

    With ``min_scene_width`` the magnification yields to the widget's width: the charts are laid
    out at least that many scene units wide (what the radar's labels need) and drawn as large as
    the widget then allows, so a narrower screen gets smaller text instead of cut-off charts.
    """

    #: Class defaults so the base class's resize during its own __init__ finds a zoom.
    zoom = 1.0
    min_scene_width = 0.0

    def __init__(self, zoom: float = 1.0, parent=None, min_scene_width: float = 0.0) -> None:
        super().__init__(parent)
        self.zoom = zoom
        self.min_scene_width = float(min_scene_width)
        self.setBackground("w")

    def effective_zoom(self) -> float:
        """The magnification in use: ``zoom``, or less when the widget is too narrow for it."""
        if self.min_scene_width <= 0:
            return self.zoom
        return max(0.25, min(self.zoom, self.width() / self.min_scene_width))

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


class PairCharts:
    """Charts laid out in ``graphics`` as ``(kind, row, column, column span)``, fed (B, A) metrics."""

    def __init__(self, graphics: pg.GraphicsLayoutWidget, project: Project,
                 layout: tuple[tuple[str, int, int, int], ...], lang: str | None = None) -> None:
        lang = lang or interface_lang()  # default: the interface language ("en"/"zh")
        self.graphics = graphics
        self.project = project
        self.charts = {}
        for kind, row, column, span in layout:
            chart = BalanceChart(project.scheme, lang) if kind == "balance" else CHART_KINDS[kind](lang)
            if kind == "targets":
                chart.set_targets(project.targets)
            self.charts[kind] = chart
            graphics.ci.addItem(chart.plot, row=row, col=column, colspan=span)

    def update(self, b: dict[str, Any], a: dict[str, Any] | None, a_name: str | None = None) -> None:
        """Draw scenario B's metrics, with A's as the faint series (None: B alone) captioned ``a_name``."""
        scheme = b.get("project", {}).get("scheme", self.project.scheme)
        for kind, chart in self.charts.items():
            if kind == "balance" and scheme != chart.scheme:
                chart.set_scheme(scheme)
            if kind == "targets" and chart.targets != self.project.targets:
                chart.set_targets(self.project.targets)
            chart.set_previous_name(a_name)
            chart.update_metrics(b, a)

    def set_lang(self, lang: str) -> None:
        for chart in self.charts.values():
            chart.set_lang(lang)

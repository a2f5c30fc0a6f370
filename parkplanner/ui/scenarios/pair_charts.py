"""The dashboard's charts drawing two scenarios at once: B solid, A in the faint "previous" style.

The charts are the dashboard's own classes (charts/*), fed (B, A) instead of (now, before the
last edit), so a comparison and the workshop screen show exactly what the dashboard shows.
The workshop shows them magnified in a ``ScaledGraphics`` (charts/scaled_graphics.py).
"""
from __future__ import annotations

from typing import Any

import pyqtgraph as pg
import shiboken6

from parkplanner.core.model.project import Project
from parkplanner.ui.charts.balance_chart import BalanceChart
from parkplanner.ui.charts.targets_chart import calibration_scales
from parkplanner.ui.charts.jobs_housing_chart import JobsHousingChart
from parkplanner.ui.charts.radar_chart import RadarChart
from parkplanner.ui.charts.targets_chart import TargetsChart
from parkplanner.ui.i18n import lang as interface_lang
from parkplanner.ui.turn_queue import later

__all__ = ["PairCharts", "CHART_KINDS"]

#: Chart name -> class; the balance chart also needs the scheme.
CHART_KINDS = {"radar": RadarChart, "jobs_housing": JobsHousingChart, "targets": TargetsChart,
               "balance": BalanceChart}


class PairCharts:
    """Charts laid out in ``graphics`` as ``(kind, row, column, column span)``, fed (B, A) metrics."""

    def __init__(self, graphics: pg.GraphicsLayoutWidget, project: Project,
                 layout: tuple[tuple[str, int, int, int], ...], lang: str | None = None,
                 sliced: bool = False, deferred: bool = False) -> None:
        """``sliced``: make the charts one per turn of the event loop (a chart is 15-30 ms; a
        view made while the window opens a project must not stall it for all of them at once);
        metrics that arrive before a chart is made are drawn into it when it is. ``deferred``:
        make none until ``build_sliced()`` (a view whose charts sit on a tab not yet seen)."""
        self.lang = lang or interface_lang()  # default: the interface language ("en"/"zh")
        self.graphics = graphics
        self.project = project
        self.charts = {}
        self._unbuilt = list(layout)
        self._shown: tuple | None = None  # the last update's arguments
        self._started = False
        if deferred:
            return
        if sliced:
            self.build_sliced()
        else:
            self.build_all()

    def build_sliced(self) -> None:
        """Start making the charts not made yet, one per turn of the event loop (once)."""
        if not self._started:
            self._started = True
            # Drawn once all are made: each new chart lays the grid out anew, and every chart
            # made so far would be drawn again after each step.
            self.graphics.setUpdatesEnabled(False)
            later(self.graphics, self._build_next)

    @property
    def complete(self) -> bool:
        return not self._unbuilt

    def build_all(self) -> None:
        self._started = True
        while self._unbuilt:
            self._build_next(chain=False)

    def _build_next(self, chain: bool = True) -> None:
        if not self._unbuilt or not shiboken6.isValid(self.graphics):
            return
        kind, row, column, span = self._unbuilt.pop(0)
        chart = BalanceChart(self.project.scheme, self.lang) if kind == "balance" else CHART_KINDS[kind](self.lang)
        if kind == "targets":
            chart.set_targets(self.project.targets)
        self.charts[kind] = chart
        self.graphics.ci.addItem(chart.plot, row=row, col=column, colspan=span)
        if self._shown is not None:
            self._update(kind, chart, *self._shown)
        if not self._unbuilt:
            self.graphics.setUpdatesEnabled(True)
        elif chain:
            later(self.graphics, self._build_next)

    def update(self, b: dict[str, Any], a: dict[str, Any] | None, a_name: str | None = None) -> None:
        """Draw scenario B's metrics, with A's as the faint series (None: B alone) captioned ``a_name``."""
        self._shown = (b, a, a_name)
        for kind, chart in self.charts.items():
            self._update(kind, chart, b, a, a_name)

    def _update(self, kind: str, chart, b: dict[str, Any], a: dict[str, Any] | None, a_name: str | None) -> None:
        scheme = b.get("project", {}).get("scheme", self.project.scheme)
        if kind == "balance" and scheme != chart.scheme:
            chart.set_scheme(scheme)
        if kind == "targets":
            if chart.targets != self.project.targets:
                chart.set_targets(self.project.targets)
            chart.set_calibration(calibration_scales(self.project))
        chart.set_previous_name(a_name)
        chart.update_metrics(b, a)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        for chart in self.charts.values():
            chart.set_lang(lang)

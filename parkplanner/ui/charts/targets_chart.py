"""Plan vs targets: jobs, residents and output at build-out as a percentage of the project's targets.

Targets are the project's ``Target`` rows (indicator names as in the forecast series: ``jobs``,
``residents``, ``output_yi``, ``tax_yi``); when several years are set, the latest one is the
build-out target shown. A vertical line marks 100 %; the bar before the last edit is faint.

A figure is green near its target (TARGET_BAND), red well short of it and amber far over it: a
plan with 216 % of its jobs target has too few homes for them, not a success. A series the project
is calibrated for (output, from observed values) is shown calibrated at maturity, the model's
uncalibrated value beside it, so the dashboard agrees with the calibrated projection.
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from parkplanner.core.model.project import Target
from parkplanner.ui.charts.chart_base import (
    BAD, GOOD, INK, MUTED, ChartBase, ghost, nice_ceiling, set_text, set_widths, text_item, tr,
)

__all__ = ["TargetsChart", "TARGET_ROWS", "TARGET_BAND", "buildout_target", "target_colour", "calibration_scales"]

_WAN_PER_YI = 10_000.0
_BAR = QColor("#00838F")
#: Share of the target (%) counted as meeting it; below is short (red), above is over (amber).
TARGET_BAND = (80.0, 120.0)
OVER = QColor("#B26A00")  # amber, dark enough to read as text

#: (target indicator, en label, zh label, unit, plan value from the metrics totals)
TARGET_ROWS: tuple[tuple[str, str, str, str, Callable[[dict], float]], ...] = (
    ("jobs", "Jobs", "就业岗位", "", lambda t: t.get("jobs") or 0.0),
    ("residents", "Residents", "居住人口", "", lambda t: t.get("residents") or 0.0),
    ("output_yi", "Output", "产值", "亿元", lambda t: (t.get("output_wan") or 0.0) / _WAN_PER_YI),
)


def calibration_scales(project) -> dict[str, float]:
    """{series: scale} of the project's calibration in force (fallbacks included)."""
    from parkplanner.core.projection.forecast import calibration_map

    return {series: multipliers[0] for series, multipliers in calibration_map(project.calibration).items()}


def target_colour(share: float) -> QColor:
    low, high = TARGET_BAND
    return BAD if share < low else OVER if share > high else GOOD


def buildout_target(targets: tuple[Target, ...], indicator: str) -> Target | None:
    """The build-out target of ``indicator``: the one without a year, else the latest year."""
    rows = [t for t in targets if t.indicator == indicator]
    if not rows:
        return None
    undated = [t for t in rows if t.year is None]
    return undated[-1] if undated else max(rows, key=lambda t: t.year)


class TargetsChart(ChartBase):
    def __init__(self, lang: str = "en") -> None:
        super().__init__(tr("targets", lang), lang)
        n = len(TARGET_ROWS)
        self._y = np.arange(n - 1, -1, -1, dtype=float)
        self.targets: tuple[Target, ...] = ()
        #: {series: calibration scale} of the project (see set_calibration).
        self.scales: dict[str, float] = {}
        self.previous = pg.BarGraphItem(x0=np.zeros(n), y=self._y, height=0.7, width=np.zeros(n),
                                        brush=ghost(MUTED), pen=pg.mkPen(None))
        self.bars = pg.BarGraphItem(x0=np.zeros(n), y=self._y, height=0.42, width=np.zeros(n),
                                    brush=_BAR, pen=pg.mkPen(None))
        self.goal = pg.InfiniteLine(pos=100, angle=90, pen=pg.mkPen(GOOD, width=2, style=Qt.PenStyle.DashLine))
        self.labels = [text_item("", INK, anchor=(0, 0.5), size=8) for _ in TARGET_ROWS]
        for item in (self.previous, self.bars, self.goal, *self.labels):
            self.plot.addItem(item)
        self._x_max = 0.0
        self._set_range(150.0)
        self.set_lang(lang)

    def set_lang(self, lang: str) -> None:
        super().set_lang(lang)
        self.set_title(tr("targets", lang))
        self.plot.setLabel("bottom", tr("targets_axis", lang))
        self._set_ticks()

    def set_targets(self, targets: tuple[Target, ...]) -> None:
        self.targets = tuple(targets)
        self._set_ticks()

    def set_calibration(self, scales: dict[str, float]) -> None:
        """The calibration scale per series (forecast.calibration_map); the figures at maturity
        of those series are shown calibrated."""
        self.scales = dict(scales)

    def _set_ticks(self) -> None:
        ticks = []
        for y, (key, en, zh, unit, _) in zip(self._y, TARGET_ROWS):
            target = buildout_target(self.targets, key)
            name = zh if self.lang.startswith("zh") else en
            year = f" {target.year}" if target is not None and target.year is not None else ""
            ticks.append((y, f"{name}{year}"))
        self.plot.getAxis("left").setTicks([ticks])

    def _set_range(self, x_max: float) -> None:
        if x_max != self._x_max:
            self._x_max = x_max
            self.plot.setXRange(0, x_max, padding=0)
            self.plot.setYRange(-0.6, len(TARGET_ROWS) - 0.4, padding=0)

    def update_metrics(self, current: dict[str, Any], previous: dict[str, Any] | None) -> None:
        totals = current.get("totals", {})
        before_totals = (previous or current).get("totals", {})
        rows = []
        for key, en, zh, unit, plan_of in TARGET_ROWS:
            target = buildout_target(self.targets, key)
            goal = target.value if target is not None and target.value > 0 else None
            scale = self.scales.get(key, 1.0)
            raw = plan_of(totals)
            plan, before = scale * raw, scale * plan_of(before_totals)
            rows.append((plan, goal, unit, 100.0 * plan / goal if goal else 0.0,
                         100.0 * before / goal if goal else 0.0, raw if key in self.scales else None))
        pct = np.array([r[3] for r in rows])
        old_pct = np.array([r[4] for r in rows])
        # Room right of the longest bar for its label.
        self._set_range(nice_ceiling(max(pct.max(), old_pct.max()) * 1.7, 150.0, 50.0))
        set_widths(self.bars, np.minimum(pct, self._x_max))
        set_widths(self.previous, np.minimum(old_pct, self._x_max))
        for label, y, (plan, goal, unit, share, old_share, raw) in zip(self.labels, self._y, rows):
            amount = _amount(plan, unit)
            if raw is not None:  # calibrated: say so, with the model's own figure
                amount += f" {tr('calibrated', self.lang)} ({_amount(raw, unit)} {tr('uncalibrated', self.lang)})"
            if goal is None:
                set_text(label, f"{amount} · {tr('no_target', self.lang)}", MUTED)
                label.setPos(self._x_max * 0.01, y)
                continue
            set_text(label, f"{amount} / {_amount(goal, unit)}  ({share:.0f} %)", target_colour(share))
            label.setPos(max(share, old_share) + self._x_max * 0.01, y)


def _amount(value: float, unit: str) -> str:
    return f"{value:,.1f} {unit}" if unit else f"{value:,.0f}"

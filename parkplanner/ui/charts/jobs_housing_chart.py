"""Jobs–housing ratio (P1) on a scale with its balanced band (0.8–1.25 by default).

A marker shows the current ratio, a faint marker the ratio before the last edit (or, in a
comparison, the other scenario's, captioned with its name); the numbers that
make the ratio (jobs, employed residents) are printed beneath so the planner sees which side to move.
"""
from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtGui import QColor

from parkplanner.core.metrics.registry import indicator
from parkplanner.ui.charts.chart_base import (
    BAD, BAND, GOOD, INK, MUTED, ChartBase, ghost, nice_ceiling, set_text, set_widths, text_item, tr,
)

__all__ = ["JobsHousingChart"]

_MARKER = QColor("#1565C0")


class JobsHousingChart(ChartBase):
    # Vertical layout in view units: headline value on top, the scale bar, the band label under it,
    # then the two numbers that make the ratio.
    _BAR_Y, _BAR_H = 0.36, 0.3

    def __init__(self, lang: str = "en") -> None:
        super().__init__(tr("jobs_housing", lang), lang)
        rule = indicator("P1").target
        self.band_low, self.band_high = rule.low, rule.high
        self.plot.hideAxis("left")
        y, h = self._BAR_Y, self._BAR_H
        self.scale = pg.BarGraphItem(x0=[0], y=[y], height=[h], width=[1], brush=QColor("#EEEEEE"),
                                     pen=pg.mkPen(None))
        self.band = pg.BarGraphItem(x0=[self.band_low], y=[y], height=[h], width=[self.band_high - self.band_low],
                                    brush=BAND, pen=pg.mkPen(GOOD))
        self.previous = pg.BarGraphItem(x0=[0], y=[y], height=[h * 0.6], width=[0], brush=ghost(MUTED),
                                        pen=pg.mkPen(None))
        self.current = pg.BarGraphItem(x0=[0], y=[y], height=[h * 0.3], width=[0], brush=_MARKER,
                                       pen=pg.mkPen(None))
        self.current_tick = pg.InfiniteLine(angle=90, pen=pg.mkPen(_MARKER, width=3))
        self.value_label = text_item("", INK, anchor=(0, 1), size=14, bold=True)
        # The faint value's caption, right-aligned at the scale's end: a scenario name beside the
        # large number would push the pair past the chart's edge.
        self.previous_label = text_item("", MUTED, anchor=(1, 1), size=9)
        self.band_label = text_item("", GOOD, anchor=(0, 0), size=8)
        self.detail = text_item("", INK, anchor=(0, 0), size=8)
        for item in (self.scale, self.band, self.previous, self.current, self.current_tick,
                     self.value_label, self.previous_label, self.band_label, self.detail):
            self.plot.addItem(item)
        # The tick spans the bar only (span is a fraction of the view height, y from -1 to 1).
        self.current_tick.setSpan((y - h / 2 + 1) / 2 - 0.03, (y + h / 2 + 1) / 2 + 0.03)
        self._x_max = 0.0
        self._set_range(3.0)
        self.plot.getViewBox().sigResized.connect(self._wrap_detail)
        self.set_lang(lang)

    def set_lang(self, lang: str) -> None:
        super().set_lang(lang)
        self.set_title(tr("jobs_housing", lang))
        self.plot.setLabel("bottom", tr("jobs_housing_axis", lang))

    def _wrap_detail(self, *_: object) -> None:
        """Wrap the numbers under the bar at the chart's width (a narrow dock cut them off)."""
        self.detail.setTextWidth(max(60.0, self.plot.getViewBox().width() - 4.0))

    def _set_range(self, x_max: float) -> None:
        if x_max == self._x_max:
            return
        self._x_max = x_max
        self.plot.setXRange(0, x_max, padding=0)
        self.plot.setYRange(-1.0, 1.0, padding=0)
        set_widths(self.scale, [x_max])
        self.band_label.setPos(self.band_low, self._BAR_Y - self._BAR_H / 2 - 0.02)

    def update_metrics(self, current: dict[str, Any], previous: dict[str, Any] | None) -> None:
        value = _ratio(current)
        before = _ratio(previous) if previous else value
        self._set_range(nice_ceiling(max(value or 0, before or 0) * 1.15, 3.0, 1.0))
        shown = value if value is not None else 0.0
        set_widths(self.current, [shown])
        set_widths(self.previous, [before if before is not None else 0.0])
        self.current_tick.setValue(shown)
        inside = value is not None and self.band_low <= value <= self.band_high
        zh = self.lang.startswith("zh")
        if value is None:
            set_text(self.value_label, "无居住：职住比无定义" if zh else "no housing: ratio undefined")
        else:
            set_text(self.value_label, f"{value:.2f}", GOOD if inside else BAD)
        changed = value is not None and before is not None and abs(value - before) >= 0.005
        set_text(self.previous_label, self.previous_caption(f"{before:.2f}").strip() if changed else "")
        self.value_label.setPos(0, self._BAR_Y + self._BAR_H / 2 + 0.1)
        self.previous_label.setPos(self._x_max, self._BAR_Y + self._BAR_H / 2 + 0.1)
        set_text(self.band_label, f"{tr('target_band', self.lang)} {self.band_low:g}–{self.band_high:g}")
        totals = current.get("totals", {})
        jobs, employed = totals.get("jobs") or 0.0, totals.get("employed_residents") or 0.0
        text = (f"就业岗位 {jobs:,.0f} · 就业居民 {employed:,.0f}" if zh
                else f"jobs {jobs:,.0f} · employed {employed:,.0f}")
        if value is not None and value > self.band_high and jobs > 0:
            missing = jobs / self.band_high - employed
            text += (f"\n需再增加约 {missing:,.0f} 就业居民才能降到 {self.band_high:g}" if zh
                     else f"\n≈ {missing:,.0f} more employed residents\nneeded to reach {self.band_high:g}")
        elif value is not None and value < self.band_low and employed > 0:
            missing = employed * self.band_low - jobs
            text += (f"\n需再增加约 {missing:,.0f} 个岗位才能升到 {self.band_low:g}" if zh
                     else f"\n≈ {missing:,.0f} more jobs\nneeded to reach {self.band_low:g}")
        set_text(self.detail, text)
        self.detail.setPos(0, self._BAR_Y - self._BAR_H / 2 - 0.3)


def _ratio(metrics: dict[str, Any] | None) -> float | None:
    if not metrics:
        return None
    value = metrics.get("indicators", {}).get("P1", {}).get("value")
    return None if value is None else float(value)

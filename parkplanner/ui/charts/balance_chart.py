"""Land-use balance: each construction class's share of construction land against GB 50137-2011.

One horizontal bar per class (colour as on the map), the standard's range as a green band behind
it, the share before the last edit as a faint bar, and the value printed at the bar's end (red
when outside the standard's range). Land that is not construction land (water, agriculture,
regional transport, villages...) has no share of it: its area is noted in the lower right corner.
Clicking a row picks ("generic", class).
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QPen

from parkplanner.core.model.catalogue import CONSTRUCTION_CLASSES, GENERIC_CLASSES
from parkplanner.ui.charts.chart_base import (
    BAD, BAND, GOOD, INK, MUTED, ChartBase, generic_colour, generic_label, ghost, nice_ceiling, set_text,
    set_widths, text_item, tr,
)

__all__ = ["BalanceChart", "BALANCE_CLASSES"]

#: Rows top to bottom: the construction classes in catalogue order (their shares sum to 100 %).
BALANCE_CLASSES: tuple[str, ...] = tuple(g for g in GENERIC_CLASSES if g in CONSTRUCTION_CLASSES)


class BalanceChart(ChartBase):
    def __init__(self, scheme: str, lang: str = "en") -> None:
        super().__init__(tr("balance", lang), lang)
        self.scheme = scheme
        n = len(BALANCE_CLASSES)
        # Row i is drawn at y = n - 1 - i so the first class is on top.
        self._y = np.arange(n - 1, -1, -1, dtype=float)
        self._x_max = 50.0
        self.bands = pg.BarGraphItem(x0=np.zeros(n), y=self._y, height=0.9, width=np.zeros(n),
                                     brush=BAND, pen=pg.mkPen(GOOD, width=1))
        self.previous = pg.BarGraphItem(x0=np.zeros(n), y=self._y, height=0.78, width=np.zeros(n),
                                        pen=pg.mkPen(None), brush=ghost(MUTED))
        self.bars = pg.BarGraphItem(x0=np.zeros(n), y=self._y, height=0.5, width=np.zeros(n),
                                    pen=QPen(MUTED, 0))
        self.labels = [text_item("", INK, anchor=(0, 0.5), size=8) for _ in BALANCE_CLASSES]
        self.outside = text_item("", MUTED, anchor=(1, 1), size=8)
        self._outside_m2 = 0.0
        for item in (self.bands, self.previous, self.bars, *self.labels, self.outside):
            self.plot.addItem(item)
        for label, y in zip(self.labels, self._y):
            label.setPos(0, y)
        self.plot.showGrid(x=True, y=False, alpha=0.25)
        self._apply_scheme_and_lang()

    def _apply_scheme_and_lang(self) -> None:
        self.set_title(tr("balance", self.lang))
        self.plot.setLabel("bottom", tr("balance_axis", self.lang))
        self._show_outside()
        brushes = [generic_colour(g, self.scheme) for g in BALANCE_CLASSES]
        self.bars.setOpts(brushes=brushes)
        ticks = [(y, generic_label(g, self.lang)) for y, g in zip(self._y, BALANCE_CLASSES)]
        self.plot.getAxis("left").setTicks([ticks])
        self._set_ranges(self._x_max)

    def set_lang(self, lang: str) -> None:
        super().set_lang(lang)
        self._apply_scheme_and_lang()

    def set_scheme(self, scheme: str) -> None:
        self.scheme = scheme
        self._apply_scheme_and_lang()

    def _set_ranges(self, x_max: float) -> None:
        self._x_max = x_max
        self.plot.setXRange(0, x_max, padding=0)
        self.plot.setYRange(-0.6, len(BALANCE_CLASSES) - 0.4, padding=0)
        self.outside.setPos(x_max, -0.6)

    @staticmethod
    def shares(metrics: dict[str, Any] | None) -> dict[str, dict]:
        if not metrics:
            return {}
        # Land outside construction land has no share of it: its rows (below the subtotal) are not bars.
        return {row["generic_class"]: row for row in metrics.get("landuse_balance", ())
                if row.get("construction_land", True)}

    def _show_outside(self) -> None:
        ha = f"{self._outside_m2 / 1e4:,.1f}"
        set_text(self.outside, tr("balance_outside", self.lang).format(ha=ha) if self._outside_m2 > 0 else "")

    def update_metrics(self, current: dict[str, Any], previous: dict[str, Any] | None) -> None:
        self._outside_m2 = sum(row["area_m2"] for row in (current or {}).get("landuse_balance", ())
                               if not row.get("construction_land", True))
        self._show_outside()
        now, before = self.shares(current), self.shares(previous)
        values = np.array([_share(now.get(g)) for g in BALANCE_CLASSES])
        old = np.array([_share(before.get(g)) for g in BALANCE_CLASSES]) if before else values
        lows, widths = [], []
        for g in BALANCE_CLASSES:
            band = (now.get(g) or {}).get("standard_range_pct")
            lows.append(band[0] if band else 0.0)
            widths.append(band[1] - band[0] if band else 0.0)
        x_max = nice_ceiling(max(values.max(initial=0), old.max(initial=0), max(
            (lo + w for lo, w in zip(lows, widths)), default=0)) * 1.15, 50.0, 10.0)
        if x_max != self._x_max:
            self._set_ranges(x_max)
        if not (np.array_equal(self.bands.opts["x0"], lows) and np.array_equal(self.bands.opts["width"], widths)):
            self.bands.setOpts(x0=np.array(lows), width=np.array(widths))  # the standard's ranges rarely move
        set_widths(self.previous, old)
        set_widths(self.bars, values)
        for label, g, value, y in zip(self.labels, BALANCE_CLASSES, values, self._y):
            row = now.get(g) or {}
            outside = row.get("within_standard") is False
            set_text(label, f"{value:.1f} %", BAD if outside else INK)
            label.setPos(max(value, (before.get(g) and _share(before[g])) or 0.0) + self._x_max * 0.01, y)

    def key_at(self, x: float, y: float):
        index = int(round(len(BALANCE_CLASSES) - 1 - y))
        if 0 <= index < len(BALANCE_CLASSES) and x >= 0:
            return ("generic", BALANCE_CLASSES[index])
        return None


def _share(row: dict | None) -> float:
    value = (row or {}).get("share_of_construction_pct")
    return float(value) if value is not None else 0.0

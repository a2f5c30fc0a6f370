"""What every dashboard chart shares: a fixed-range, non-interactive PlotItem, the faint "previous
value" style, bilingual text and click-to-pick.

Charts are fed the metrics dictionary of docs/specification.md section 8 (current and previous) and never
compute indicators themselves. Axis ranges are fixed (auto-range costs about 3x per repaint) and
only widen in coarse steps when a value outgrows them.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QGraphicsItem

from parkplanner.core.model.catalogue import GENERIC_NAMES, default_catalogue

__all__ = [
    "ChartBase", "ghost", "text_item", "set_widths", "set_text", "nice_ceiling", "generic_label", "generic_colour", "tr",
    "GOOD", "BAD", "BAND", "INK", "MUTED", "GHOST_ALPHA", "SMALL_TEXT_PT",
]

#: Alpha of the previous-value shapes: visible behind the current ones, never mistaken for them.
GHOST_ALPHA = 70
#: Longest scenario name in a faint value's caption (longer names end in "…").
_CAPTION_NAME_CHARS = 18
GOOD = QColor("#2E7D32")
BAD = QColor("#C62828")
BAND = QColor(76, 175, 80, 70)  # target or standard band: light green
INK = QColor("#202020")
MUTED = QColor("#707070")

#: Short UI strings in both languages; land-use and sector names come from the catalogues.
_TEXT: dict[str, tuple[str, str]] = {
    "balance": ("Land-use balance (% of construction land)", "用地平衡（占建设用地 %）"),
    "balance_band": ("green band: GB 50137-2011 range", "绿色带：GB 50137-2011 标准区间"),
    "sector_gfa": ("GFA by sector (10,000 m²)", "各产业建筑面积（万 m²）"),
    "sector_jobs": ("Jobs by sector (thousand)", "各产业就业岗位（千人）"),
    "radar": ("Industry–city integration (U by dimension)", "产城融合五维指数 U"),
    "jobs_housing": ("Jobs–housing ratio", "职住比"),
    "jobs_housing_axis": ("jobs ÷ employed residents", "就业岗位 ÷ 就业居民"),
    "targets": ("Plan vs targets (% of target)", "规划值与目标（占目标 %）"),
    "targets_axis": ("% of target", "占目标 %"),
    "balance_axis": ("% of construction land", "占建设用地 %"),
    "balance_outside": ("not construction land: {ha} ha", "非建设用地：{ha} 公顷"),
    "no_sector": ("no sector", "未设产业"),
    "target_band": ("target band", "目标区间"),
    "no_target": ("no target set", "未设目标"),
    "calibrated": ("calibrated", "已校准"),
    "uncalibrated": ("uncalibrated", "未校准"),
    "previous": ("faint: before the last edit", "浅色：上一次编辑前"),
}


def tr(key: str, lang: str) -> str:
    en, zh = _TEXT[key]
    return zh if lang.startswith("zh") else en


def generic_label(generic: str, lang: str) -> str:
    en, zh = GENERIC_NAMES[generic]
    return zh if lang.startswith("zh") else en


def generic_colour(generic: str, scheme: str) -> QColor:
    """The map colour of the first class of ``scheme`` in this generic class, so charts match the map."""
    for cls in default_catalogue().classes(scheme):
        if cls.generic_class == generic:
            return QColor(cls.rgb_hex)
    return QColor("#9E9E9E")


def ghost(colour: QColor | str, alpha: int = GHOST_ALPHA) -> QColor:
    faint = QColor(colour)
    faint.setAlpha(alpha)
    return faint


def nice_ceiling(value: float, floor: float, step: float) -> float:
    """The smallest multiple of ``step`` >= value, at least ``floor``: ranges change in coarse jumps."""
    if value is None or not math.isfinite(value) or value <= floor:
        return floor
    return math.ceil(value / step) * step


#: The least room left beyond the longest bar for its value label before the axis grows.
HOLD_ROOM = 1.2


def steady_ceiling(current: float, largest: float, headroom: float, floor: float, step: float) -> float:
    """The end of a value axis for data up to ``largest``: ``current`` while the data fits it with
    room for the value labels (HOLD_ROOM) and would not fit an axis half as long, else
    ``nice_ceiling(largest * headroom)``. A drag moving the bars a little leaves the axis alone:
    its ticks are not redrawn every frame (each change lays the axis out again) and the bars move
    against a steady scale."""
    fit = nice_ceiling(largest * headroom, floor, step)
    if current > 0 and largest * HOLD_ROOM <= current and fit > current * 0.5:
        return current
    return fit


def set_widths(bars: pg.BarGraphItem, widths) -> None:
    """Give ``bars`` new widths unless they are unchanged (most edits move only a few charts, and
    setOpts re-prepares and repaints the item)."""
    widths = np.asarray(widths, dtype=float)
    current = bars.opts.get("width")
    if current is not None and np.shape(current) == widths.shape and np.array_equal(current, widths):
        return
    bars.setOpts(width=widths)


def set_text(item: pg.TextItem, text: str, colour: QColor | None = None) -> None:
    """Change a label only when its text or colour differs (each change re-lays out the text)."""
    if item.toPlainText() != text:
        item.setText(text)
    if colour is not None and item.color != colour:
        item.setColor(colour)


#: The smallest text size the charts use (labels of bars, radar axes); see dashboard.legible_zoom.
SMALL_TEXT_PT = 8


def text_item(text: str = "", colour: QColor = INK, anchor=(0, 0.5), size: int = 9,
              bold: bool = False) -> pg.TextItem:
    item = pg.TextItem(text, color=colour, anchor=anchor)
    font = QFont()
    font.setPointSize(size)
    font.setBold(bold)
    item.setFont(font)
    return item


class ChartBase(QObject):
    """One chart: a PlotItem with fixed ranges and no mouse navigation. Emits ``picked(key)``.

    ``key`` names what was clicked, e.g. ("generic", "IND") or ("sector", "next_gen_it"); the
    dashboard turns it into a zone selection.
    """

    picked = Signal(object)

    def __init__(self, title: str, lang: str = "en") -> None:
        super().__init__()
        self.lang = lang
        # No context menus: built and then disabled they were half the cost of a chart (a dashboard
        # and the scenario docks make a dozen of them for every opened project).
        self.plot = pg.PlotItem(enableMenu=False)
        self.set_title(title)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.getViewBox().enableAutoRange(enable=False)
        self.plot.getViewBox().setDefaultPadding(0.0)
        for axis in ("left", "bottom"):
            item = self.plot.getAxis(axis)
            item.setTextPen(INK)
            item.setPen(MUTED)
            # Axes change only with their (fixed) ranges; replaying their text picture was half of
            # every dashboard repaint, a cached pixmap costs a blit.
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.plot.titleLabel.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._scene_hooked = False
        #: Whose values the faint series shows: None is the plan before the last edit (the
        #: dashboard), a name is another scenario (comparison, workshop).
        self.previous_name: str | None = None

    def set_previous_name(self, name: str | None) -> None:
        self.previous_name = name or None

    def previous_caption(self, value: str) -> str:
        """The faint value's caption: "(was 2.84)", or "(Base plan: 2.84)" when it is another scenario."""
        zh = self.lang.startswith("zh")
        if self.previous_name is None:
            return f"（原 {value}）" if zh else f"  (was {value})"
        # "Base plan (2017 master plan)" -> "Base plan": the caption sits beside a large number.
        name = self.previous_name.split("(")[0].split("（")[0].strip() or self.previous_name
        if len(name) > _CAPTION_NAME_CHARS:
            name = name[:_CAPTION_NAME_CHARS - 1].rstrip() + "…"
        return f"（{name}：{value}）" if zh else f"  ({name}: {value})"

    def set_title(self, title: str) -> None:
        self.plot.setTitle(title, size="10pt", bold=True, color=INK.name())

    def set_lang(self, lang: str) -> None:
        self.lang = lang

    def update_metrics(self, current: dict[str, Any], previous: dict[str, Any] | None) -> None:
        raise NotImplementedError

    # -- clicking -------------------------------------------------------------------------------
    def hook_clicks(self) -> None:
        """Listen to clicks once the PlotItem is in a scene (call after adding it to a layout)."""
        scene = self.plot.scene()
        if scene is None or self._scene_hooked:
            return
        scene.sigMouseClicked.connect(self._on_scene_click)
        self._scene_hooked = True

    def _on_scene_click(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        view_box = self.plot.getViewBox()
        if not view_box.sceneBoundingRect().contains(event.scenePos()):
            return
        point = view_box.mapSceneToView(event.scenePos())
        key = self.key_at(point.x(), point.y())
        if key is not None:
            self.picked.emit(key)

    def key_at(self, x: float, y: float) -> Any:
        """What lies at view coordinates (x, y); charts with pickable bars override this."""
        return None

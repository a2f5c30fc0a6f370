"""The figure's side panel: title block and the land-use legend of the classes the scenario uses."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.model.scenario import Scenario
from parkplanner.ui.canvas import styles

__all__ = ["LegendEntry", "legend_entries", "paint_legend", "text", "TEXTS", "INK"]

INK = QColor(40, 40, 40)
#: Fixed texts of the figure in English and Chinese.
TEXTS = {
    "legend": ("Land use", "用地性质"),
    "boundary": ("Planning boundary", "规划范围线"),
    "phase": ("Phase outline", "分期界线"),
    "scenario": ("Scenario", "方案"),
    "zones": ("{n} zones · {ha:,.1f} ha", "{n} 个地块 · {ha:,.1f} 公顷"),
    "crs": ("CRS {crs} · grid north up", "坐标系 {crs} · 坐标北向上"),
    "more": ("… and {n} more classes", "… 另有 {n} 类"),
}


def text(key: str, lang: str, **fields: object) -> str:
    en, zh = TEXTS[key]
    return (zh if lang == "zh" else en).format(**fields)


@dataclass(frozen=True)
class LegendEntry:
    code: str
    label: str
    colour: str
    area_m2: float


def legend_entries(scenario: Scenario, scheme: str, lang: str) -> list[LegendEntry]:
    """One entry per land-use code in the scenario, in catalogue order (the standard's order)."""
    catalogue = default_catalogue()
    areas: dict[str, float] = {}
    for zone in scenario.zones.values():
        areas[zone.code] = areas.get(zone.code, 0.0) + zone.geometry.area
    order = {cls.code: n for n, cls in enumerate(catalogue.classes(scheme, assignable_only=False))} \
        if scheme in catalogue.schemes else {}
    entries = []
    for code in sorted(areas, key=lambda c: (order.get(c, len(order)), c)):
        cls = catalogue.find(scheme, code)
        label = cls.label(lang) if cls is not None else code
        entries.append(LegendEntry(code, label, styles.zone_fill_hex(scheme, code), areas[code]))
    return entries


def _font(size: float, bold: bool = False) -> QFont:
    return styles.label_font(size, bold=bold)


def paint_legend(painter: QPainter, box: QRectF, entries: list[LegendEntry], lang: str, *,
                 boundary: bool, phases: bool, context: tuple = ()) -> None:
    """The legend in ``box``: swatches with code and name, then the boundary and phase lines and
    every context layer drawn on the map (``context``: the project's ContextLayers), each in the
    style the map draws it with: every drawn layer has its entry.

    Rows shrink (down to 7 pt) to fit the box; classes that still do not fit are summarised in
    a last line, largest classes kept, rather than drawn over the box edge.
    """
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    heading = _font(11.0, bold=True)
    painter.setFont(heading)
    painter.setPen(INK)
    head_h = QFontMetricsF(heading).height() + 8
    painter.drawText(QRectF(box.left(), box.top(), box.width(), head_h),
                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text("legend", lang))
    extra = int(boundary) + int(phases) + len(context)
    available = box.height() - head_h - extra * 22 - 4
    size = 9.0
    row_h = QFontMetricsF(_font(size)).height() + 5
    while size > 7.0 and row_h * len(entries) > available:
        size -= 0.5
        row_h = QFontMetricsF(_font(size)).height() + 5
    shown = entries
    capacity = max(1, int(available // row_h))
    if len(entries) > capacity:
        keep = {e.code for e in sorted(entries, key=lambda e: -e.area_m2)[:capacity - 1]}
        shown = [e for e in entries if e.code in keep]
    font = _font(size)
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    y = box.top() + head_h
    swatch_w, swatch_h = 22.0, row_h - 6
    for entry in shown:
        painter.setPen(QPen(QColor(60, 60, 60), 0.6))
        painter.setBrush(QColor(entry.colour))
        painter.drawRect(QRectF(box.left(), y + 3, swatch_w, swatch_h))
        painter.setPen(INK)
        label = metrics.elidedText(entry.label, Qt.TextElideMode.ElideRight, box.width() - swatch_w - 8)
        painter.drawText(QRectF(box.left() + swatch_w + 8, y, box.width() - swatch_w - 8, row_h),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
        y += row_h
    if len(shown) < len(entries):
        painter.drawText(QRectF(box.left(), y, box.width(), row_h), Qt.AlignmentFlag.AlignVCenter,
                         text("more", lang, n=len(entries) - len(shown)))
        y += row_h
    y += 4
    for flag, pen, key in ((boundary, styles.boundary_pen(), "boundary"), (phases, styles.phase_pen(), "phase")):
        if not flag:
            continue
        painter.setPen(pen)
        painter.drawLine(QPointF(box.left(), y + 11), QPointF(box.left() + swatch_w, y + 11))
        painter.setPen(INK)
        painter.drawText(QRectF(box.left() + swatch_w + 8, y, box.width() - swatch_w - 8, 22),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text(key, lang))
        y += 22
    for layer in context:
        style = styles.context_style(layer.name, layer.kind)
        swatch = QRectF(box.left(), y + 5, swatch_w, 12)
        painter.setPen(style.pen)
        if layer.kind == "polygon" and style.brush is not None:
            painter.setBrush(style.brush)
            painter.drawRect(swatch)
        elif layer.kind == "point":
            painter.setBrush(style.pen.color())
            painter.drawEllipse(swatch.center(), 2.5, 2.5)
        else:
            painter.drawLine(QPointF(box.left(), y + 11), QPointF(box.left() + swatch_w, y + 11))
        painter.setPen(INK)
        name = QFontMetricsF(painter.font()).elidedText(layer.name, Qt.TextElideMode.ElideRight,
                                                        box.width() - swatch_w - 8)
        painter.drawText(QRectF(box.left() + swatch_w + 8, y, box.width() - swatch_w - 8, 22),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        y += 22
    painter.restore()

"""Texts and small painters of the plan sheets: the two-language texts, fonts with a CJK family that
PDFs embed, text fitted into boxes, the scale bar and the north arrow (all in mm of an A3 page).
"""
from __future__ import annotations

import math
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QPainter, QPen, QPolygonF

from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.ui.canvas import styles

__all__ = ["BLUE", "INK", "MM", "RED", "catalogue_order", "draw_fitted_text", "draw_north_arrow", "draw_scale_bar",
           "draw_text", "mm_height", "mm_width", "number_text", "sheet_font", "sheet_text"]

#: Logical units (1/96 inch, Qt's unit for fonts and cosmetic pens) per millimetre.
MM = 96.0 / 25.4
INK = QColor(30, 30, 30)
RED = QColor(220, 0, 0)
BLUE = QColor("#1F3864")
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei")
LATIN_FAMILIES = ("DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial")
TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Regulatory plan · plan sheets", "控制性详细规划 · 分图则"),
    "sheet_title": ("Plan sheet of block {block}", "街坊 {block} 分图则"),
    "cont": (" (continued)", "（续）"),
    "cover": ("Cover and index", "封面及图则索引"),
    "project": ("Project", "项目名称"), "unit": ("Planning unit", "规划单元"), "block": ("Block", "街坊编号"),
    "sheet": ("Sheet", "图纸编号"), "sheet_of": ("{n} of {total}", "第 {n} 张 共 {total} 张"),
    "scenario": ("Scenario", "规划方案"), "scale": ("Scale", "比例"), "date": ("Date", "日期"),
    "location": ("Location", "位置示意"), "legend": ("Legend", "图例"), "notes": ("Notes", "说明"),
    "indicators": ("Control indicators", "地块控制指标一览表"),
    "index": ("Index of sheets", "图则索引"),
    "parcels": ("Parcels", "地块数"), "area": ("Area (ha)", "用地面积 (ha)"),
    "summary": ("{blocks} blocks · {parcels} parcels · {ha:,.2f} ha",
                "共 {blocks} 个街坊 · {parcels} 个地块 · 用地 {ha:,.2f} 公顷"),
    "block_line": ("Block boundary", "街坊界线"), "red_line": ("Road red line", "道路红线"),
    "boundary": ("Planning boundary", "规划范围线"),
    "note1": ("FAR, building coverage and height are maxima; the green ratio is a minimum.",
              "容积率、建筑密度、建筑限高为上限值，绿地率为下限值。"),
    "note2": ("Areas are planimetric, in hectares, computed in {crs}.",
              "用地面积为 {crs} 平面面积，单位公顷。"),
    "note3": ("Parcel codes read unit-block-parcel; blocks are numbered north to south, west to east.",
              "地块编码为“规划单元-街坊-地块”，街坊自北向南、自西向东编号。"),
    "far_label": ("FAR {far}", "容积率 {far}"),
    "none": ("—", "—"),
}


def sheet_text(key: str, lang: str, **fields: object) -> str:
    en, zh = TEXTS[key]
    return (zh if lang.startswith("zh") else en).format(**fields)


@lru_cache(maxsize=64)
def sheet_font(points: float, bold: bool = False) -> QFont:
    """A Latin family first, then a Simplified Chinese one for the glyphs it lacks.

    Latin text must not come from the CJK font: Qt's PDF text layer maps some of its digit
    glyphs to no character, so "BD01-03" would be found as "BD-" by a search. Cached (a sheet set
    draws ~170 texts a page): callers must not change the font they get.
    """
    font = styles.label_font(points, bold=bold)
    installed = set(QFontDatabase.families())
    chosen = [next((f for f in LATIN_FAMILIES if f in installed), None),
              next((f for f in CJK_FAMILIES if f in installed), None)]
    if any(chosen):
        font.setFamilies([f for f in chosen if f])
    return font


def number_text(value: float | None, decimals: int) -> str:
    if value is None:
        return "—"
    return f"{value:,.{decimals}f}"


@lru_cache(maxsize=8)
def catalogue_order(scheme: str) -> dict[str, int]:
    """Position of each code in the scheme's catalogue: legends list classes in the standard's order."""
    return {c.code: n for n, c in enumerate(default_catalogue().classes(scheme, assignable_only=False))}


def mm_width(metrics: QFontMetricsF, text: str) -> float:
    """Width in mm of ``text``: fonts are sized in points, painted on a 96-dpi logical page."""
    return metrics.horizontalAdvance(text) / MM


def mm_height(metrics: QFontMetricsF) -> float:
    return metrics.height() / MM


@lru_cache(maxsize=64)
def font_metrics(points: float, bold: bool) -> QFontMetricsF:
    return QFontMetricsF(sheet_font(points, bold))


@lru_cache(maxsize=65536)
def text_width(text: str, points: float, bold: bool) -> float:
    """Width in mm of ``text`` in sheet_font(points, bold); table cells repeat on every sheet."""
    return mm_width(font_metrics(points, bold), text)


@lru_cache(maxsize=64)
def painted_font(points: float, bold: bool) -> QFont:
    """sheet_font(points, bold) as it must be set while the painter works in millimetres (1 mm = MM units)."""
    scaled = QFont(sheet_font(points, bold))
    scaled.setPointSizeF(points / MM)
    return scaled


ALIGN = {"l": Qt.AlignmentFlag.AlignLeft, "c": Qt.AlignmentFlag.AlignHCenter, "r": Qt.AlignmentFlag.AlignRight}


def draw_text(p: QPainter, rect: QRectF, text: str, font: QFont, colour: QColor, align: str, wrap: bool = False) -> float:
    """Draw ``text`` in ``rect`` (mm), vertically centred unless wrapped; returns the height used (mm)."""
    p.setFont(painted_font(font.pointSizeF(), font.bold()))
    p.setPen(colour)
    flags = ALIGN[align] | (Qt.AlignmentFlag.AlignTop if wrap else Qt.AlignmentFlag.AlignVCenter)
    if wrap:
        flags |= Qt.TextFlag.TextWordWrap
        bounds = p.boundingRect(rect, flags, text)
        if bounds.height() < rect.height() and rect.height() < 20:  # a header cell: centre the wrapped lines
            rect = QRectF(rect.left(), rect.top() + (rect.height() - bounds.height()) / 2.0, rect.width(),
                          bounds.height())
        p.drawText(rect, flags, text)
        return bounds.height()
    p.drawText(rect, flags, text)
    return rect.height()


def draw_fitted_text(p: QPainter, rect: QRectF, text: str, font: QFont, align: str) -> None:
    """One line of text shrunk (down to 4.5 pt, in quarter points) to fit the cell's width rather than cut."""
    points, bold = font.pointSizeF(), font.bold()
    width = text_width(text, points, bold)
    if width > rect.width():  # text width is proportional to the point size
        points = max(4.5, math.floor(points * rect.width() / width * 4.0) / 4.0)
    draw_text(p, rect, text, sheet_font(points, bold), INK, align)


def draw_scale_bar(p: QPainter, box: QRectF, pixel_size: float, scale: int, lang: str) -> None:
    """A two-segment bar of a round length and the numeric scale, e.g. "1:2000"."""
    from parkplanner.ui.canvas.overlays import format_distance, nice_scale_length

    length = nice_scale_length(pixel_size, target_px=40.0)
    bar = length / pixel_size
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(255, 255, 255, 220))
    p.drawRect(QRectF(box.left(), box.top(), bar + 26.0, box.height()))
    x0, y0 = box.left() + 3.0, box.top() + 7.5
    p.setPen(QPen(INK, 0.25))
    p.setBrush(INK)
    p.drawRect(QRectF(x0, y0, bar / 2.0, 1.5))
    p.setBrush(QColor("white"))
    p.drawRect(QRectF(x0 + bar / 2.0, y0, bar / 2.0, 1.5))
    font = sheet_font(6.0)
    draw_text(p, QRectF(x0 - 2.0, box.top() + 1.5, 4.0, 5.0), "0", font, INK, "c")
    draw_text(p, QRectF(x0 + bar - 10.0, box.top() + 1.5, 20.0, 5.0), format_distance(length), font, INK, "c")
    draw_text(p, QRectF(x0 + bar + 6.0, box.top() + 4.0, 20.0, 6.0), f"1:{scale}", sheet_font(7.0, True), INK, "l")


def draw_north_arrow(p: QPainter, box: QRectF) -> None:
    cx, top, bottom = box.center().x(), box.top() + 6.0, box.bottom() - 1.0
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(255, 255, 255, 220))
    p.drawRect(box)
    p.setPen(QPen(INK, 0.25))
    p.setBrush(INK)
    p.drawPolygon(QPolygonF([QPointF(cx, top), QPointF(cx - 3.0, bottom), QPointF(cx, bottom - 3.0)]))
    p.setBrush(QColor("white"))
    p.drawPolygon(QPolygonF([QPointF(cx, top), QPointF(cx + 3.0, bottom), QPointF(cx, bottom - 3.0)]))
    draw_text(p, QRectF(box.left(), box.top(), box.width(), 6.0), "N", sheet_font(8.0, True), INK, "c")

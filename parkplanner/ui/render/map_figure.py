"""The map as a figure for reports: zones in land-use colours, legend, scale bar, north arrow, title.

One layout is painted onto three devices: a QImage (PNG), a QSvgGenerator (SVG) and a QPdfWriter
(PDF). The layout works in logical units of 1/96 inch, so a 3508 x 2480 px image at 300 dpi is
an A4 landscape page of 1123 x 794 units, and fonts in points come out at the printed size.

The map frame reuses the canvas's painters (zone layer, context and outline layers, labels, scale
bar and north arrow). They reset the painter's transform to place screen-space items, so the frame
is recorded into a QPicture in frame-local coordinates and replayed at its place on the page:
a replayed picture keeps the offset even across resetTransform. Cosmetic pen widths are device
pixels, so the PNG is painted under ``styles.pen_scale(dpi / 96)`` to keep the on-screen weight.
"""
from __future__ import annotations

import datetime as _dt
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from PySide6.QtCore import QMarginsF, QRect, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen, QPicture

from parkplanner.core.io.atomic import atomic_output
from parkplanner.core.model.project import Project
from parkplanner.ui.canvas.basemap_layer import BaseMapPainter
from parkplanner.core.model.scenario import Scenario
from parkplanner.ui.canvas import overlays, styles
from parkplanner.ui.canvas.labels import LabelPlacer
from parkplanner.ui.canvas.reference_layers import ContextPainter, OutlinePainter
from parkplanner.ui.canvas.viewport import Viewport
from parkplanner.ui.canvas.zone_layer import ZoneLayer, union_bounds
from parkplanner.ui.render.legend import INK, legend_entries, paint_legend, text

__all__ = ["FigureOptions", "MapFigure", "render_figure", "FIGURE_FORMATS", "LOGICAL_DPI"]

#: Logical units per inch: Qt's default for fonts and cosmetic pens on screen.
LOGICAL_DPI = 96.0
FIGURE_FORMATS = {".png": "PNG", ".svg": "SVG", ".pdf": "PDF"}


@dataclass(frozen=True)
class FigureOptions:
    width_px: int = 3508  # A4 landscape at 300 dpi
    height_px: int = 2480
    dpi: float = 300.0
    lang: str = "en"
    labels: bool = True
    title: str | None = None  # default: the project name
    basemap: bool = False  # draw the project's visible base maps beneath the map

    def __post_init__(self) -> None:
        if self.width_px < 400 or self.height_px < 300:
            raise ValueError("the figure must be at least 400 x 300 pixels")
        if self.width_px * self.height_px > 20000 * 20000:
            raise ValueError("the figure is larger than 400 megapixels")
        if not 30 <= self.dpi <= 1200:
            raise ValueError("dpi must be between 30 and 1200")

    @property
    def scale(self) -> float:
        """Device pixels per logical unit."""
        return self.dpi / LOGICAL_DPI

    @property
    def logical_size(self) -> tuple[float, float]:
        return self.width_px / self.scale, self.height_px / self.scale


class MapFigure:
    """Lays out and paints the figure of one scenario on a page of ``width`` x ``height`` units."""

    def __init__(self, project: Project, scenario: Scenario, options: FigureOptions = FigureOptions()) -> None:
        self.project, self.scenario, self.options = project, scenario, options
        zones = list(scenario.zones.values())
        bounds = shapely.total_bounds(np.asarray([z.geometry for z in zones], dtype=object)) if zones else None
        extent = None if bounds is None else tuple(float(v) for v in bounds)
        if project.boundary is not None:
            extent = union_bounds(extent, tuple(float(v) for v in project.boundary.bounds))
        self.extent = extent or (0.0, 0.0, 1000.0, 1000.0)
        self.origin = (self.extent[0], self.extent[1])
        self.zone_layer = ZoneLayer.from_zones(zones, project.scheme, self.origin)
        self.entries = legend_entries(scenario, project.scheme, options.lang)

    # -- layout ------------------------------------------------------------------------------------
    def layout(self, width: float, height: float) -> dict[str, QRectF]:
        margin = round(0.03 * min(width, height))
        title_h = 64.0
        panel_w = max(200.0, 0.24 * width)
        top = margin + title_h
        frame = QRectF(margin, top, width - 3 * margin - panel_w, height - top - margin)
        return {
            "title": QRectF(margin, margin, width - 2 * margin, title_h - 10),
            "frame": frame,
            "legend": QRectF(frame.right() + margin, top, panel_w, frame.height() - 56),
            "notes": QRectF(frame.right() + margin, frame.bottom() - 50, panel_w, 50),
        }

    # -- painting ----------------------------------------------------------------------------------
    def paint(self, painter: QPainter, width: float, height: float) -> None:
        boxes = self.layout(width, height)
        painter.fillRect(QRectF(0, 0, width, height), QColor("white"))
        self._paint_title(painter, boxes["title"])
        frame = boxes["frame"]
        painter.save()
        painter.setClipRect(frame)
        painter.drawPicture(frame.topLeft(), self.map_picture(int(frame.width()), int(frame.height())))
        painter.restore()
        painter.setPen(QPen(INK, 1.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(frame)
        paint_legend(painter, boxes["legend"], self.entries, self.options.lang,
                     boundary=self.project.boundary is not None,
                     phases=any(p.geometry is not None for p in self.project.phases),
                     context=tuple(self.project.context_layers))
        self._paint_notes(painter, boxes["notes"])

    def viewport(self, width: int, height: int) -> Viewport:
        return Viewport(width, height).with_origin(*self.origin).fitted_to(self.extent, margin=0.04)

    def map_picture(self, width: int, height: int) -> QPicture:
        """The map frame in frame-local units, recorded for replay at any offset (module notes)."""
        view = self.viewport(width, height)
        picture = QPicture()
        painter = QPainter(picture)
        try:
            painter.setClipRect(QRectF(0, 0, width, height))
            painter.fillRect(QRectF(0, 0, width, height), styles.BACKGROUND)
            if self.options.basemap:  # tiles of the pyramid level sharp at the output's resolution
                BaseMapPainter(self.project).paint(painter, view, resolution=self.options.scale)
            painter.setTransform(view.local_transform())
            ContextPainter(self.project, self.origin).paint(painter)
            self.zone_layer.paint(painter, view.map_extent(), view.pixel_size)
            outlines = OutlinePainter(self.project, self.origin)
            outlines.paint(painter)
            painter.resetTransform()
            if self.options.labels:
                # Zone labels keep clear of the phase titles, as on the canvas (map_renderer.py).
                reserved = [rect for _, rect in outlines.phase_labels(view.local_transform())]
                placer = LabelPlacer()
                placer.paint(painter, placer.place(self.zone_layer, view, reserved))
            overlays.paint_scale_bar(painter, view.pixel_size, width, height)
            overlays.paint_north_arrow(painter, width, height)
        finally:
            painter.end()
        return picture

    def _paint_title(self, painter: QPainter, box: QRectF) -> None:
        lang = self.options.lang
        title_font = styles.label_font(18.0, bold=True)
        painter.setFont(title_font)
        painter.setPen(QColor("#1F3864"))
        title_h = QFontMetricsF(title_font).height()
        painter.drawText(QRectF(box.left(), box.top(), box.width(), title_h),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self.options.title or self.project.name)
        painter.setFont(styles.label_font(11.0))
        painter.setPen(INK)
        separator = "：" if lang == "zh" else ": "
        painter.drawText(QRectF(box.left(), box.top() + title_h + 2, box.width(), box.height() - title_h),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                         f"{text('scenario', lang)}{separator}{self.scenario.name}")

    def _paint_notes(self, painter: QPainter, box: QRectF) -> None:
        lang = self.options.lang
        area_ha = sum(z.geometry.area for z in self.scenario.zones.values()) / 10000.0
        lines = [text("zones", lang, n=len(self.scenario.zones), ha=area_ha),
                 text("crs", lang, crs=self.project.crs),
                 f"ParkPlanner · {_dt.date.today().isoformat()}"]
        font = styles.label_font(8.0)
        painter.setFont(font)
        painter.setPen(QColor(90, 90, 90))
        line_h = QFontMetricsF(font).height() + 2
        y = box.bottom() - line_h * len(lines)
        for line in lines:
            painter.drawText(QRectF(box.left(), y, box.width(), line_h), Qt.AlignmentFlag.AlignLeft, line)
            y += line_h


# -- output devices --------------------------------------------------------------------------------
def _write_png(figure: MapFigure, temp: Path) -> None:
    options = figure.options
    image = QImage(options.width_px, options.height_px, QImage.Format.Format_ARGB32_Premultiplied)
    # The device pixel ratio maps logical units to pixels; the image keeps Qt's default 96 dpi
    # while painting, or fonts (and replayed pictures) would be scaled by the dpi a second time.
    image.setDevicePixelRatio(options.scale)
    painter = QPainter(image)
    try:
        with styles.pen_scale(options.scale):
            figure.paint(painter, *options.logical_size)
    finally:
        painter.end()
    dots_per_metre = round(options.dpi / 0.0254)  # the PNG's pHYs chunk: prints at the right size
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    if not image.save(str(temp), "PNG"):
        raise OSError(f"could not write the PNG image {temp.name}")


def _write_svg(figure: MapFigure, temp: Path) -> None:
    from PySide6.QtSvg import QSvgGenerator

    width, height = figure.options.logical_size
    generator = QSvgGenerator()
    generator.setFileName(str(temp))
    generator.setSize(QSize(round(width), round(height)))
    generator.setViewBox(QRect(0, 0, round(width), round(height)))
    generator.setResolution(round(LOGICAL_DPI))
    generator.setTitle(figure.options.title or figure.project.name)
    generator.setDescription(f"{figure.project.name} – {figure.scenario.name} (ParkPlanner)")
    painter = QPainter()
    if not painter.begin(generator):
        raise OSError(f"could not write the SVG file {temp.name}")
    try:
        figure.paint(painter, round(width), round(height))
    finally:
        painter.end()


def _write_pdf(figure: MapFigure, temp: Path) -> None:
    options = figure.options
    width_mm = options.width_px / options.dpi * 25.4
    height_mm = options.height_px / options.dpi * 25.4
    writer = QPdfWriter(str(temp))
    writer.setResolution(round(LOGICAL_DPI))  # vector output: one device unit per logical unit
    writer.setPageLayout(QPageLayout(QPageSize(QSizeF(width_mm, height_mm), QPageSize.Unit.Millimeter),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(options.title or figure.project.name)
    writer.setCreator("ParkPlanner")
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"could not write the PDF file {temp.name}")
    try:
        figure.paint(painter, writer.width(), writer.height())
    finally:
        painter.end()


_WRITERS = {"PNG": _write_png, "SVG": _write_svg, "PDF": _write_pdf}


def render_figure(project: Project, path: str | os.PathLike, scenario: Scenario | None = None,
                  options: FigureOptions = FigureOptions()) -> Path:
    """Write the map figure of ``scenario`` (default: the active one) to a .png, .svg or .pdf file.

    Needs a QGuiApplication (fonts); the file appears whole or not at all.
    """
    path = Path(path)
    kind = FIGURE_FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ValueError(f"cannot render to {path.name}: use .png, .svg or .pdf")
    figure = MapFigure(project, scenario or project.active_scenario, options)
    with atomic_output(path) as temp:
        _WRITERS[kind](figure, temp)
    return path

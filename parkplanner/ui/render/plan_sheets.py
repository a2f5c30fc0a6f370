"""Plan sheets (分图则) of a regulatory plan as a vector PDF, or one PNG per sheet.

Pages, all landscape A3 or A2:

- a cover and index sheet: title, planning unit, scenario, the whole park with its blocks
  numbered, and the index of sheets (continued on further index pages for large plans);
- one sheet per block (街坊), continued when its parcel table is longer than one page: the block
  map at a scale of the standard series (core/parcels/plan_sheets.fitting_scale) with parcels
  in land-use colours labelled with parcel code, land-use code and FAR, road red lines and
  names, the block boundary and the base map (context layers); a location inset of the whole
  park with the block highlighted; the control indicator table; legend; north arrow; scale
  bar; notes; and the title block (project, planning unit, block, sheet n of N, scale, date).

The content (rows, codes, scales) comes from core/parcels/plan_sheets.py. Everything is laid out
in millimetres of an A3 page and painted under a uniform scale for A2, so both papers look alike.
The block map is drawn zone by zone (only the zones in its frame, found with one STRtree) rather
than with the canvas's tiled ZoneLayer, whose cached group paths would put whole tiles of
neighbouring zones into every page of the PDF; the inset is one raster of the whole park shared
by every page (the PDF stores it once). Text is real text in a CJK font the PDF embeds, so a
search finds every parcel code. Output is atomic: a cancelled or failed run leaves no file.
"""
from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor, QFontMetricsF, QImage, QPainter,
    QPainterPath, QPen,
)

from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.parcels.plan_sheets import PAPERS, BlockSheet, ParcelRow, PlanSheets, fitting_scale, plan_sheets
from parkplanner.ui.canvas import styles
from parkplanner.ui.canvas.basemap_layer import BaseMapPainter
from parkplanner.ui.canvas.qpaths import lines_path, polygons_path
from parkplanner.ui.canvas.reference_layers import ContextPainter
from parkplanner.ui.canvas.viewport import Viewport
from parkplanner.ui.render.plan_sheet_options import SheetOptions
from parkplanner.ui.render.plan_sheet_text import (
    BLUE, INK, MM, RED, catalogue_order, draw_fitted_text, draw_north_arrow, draw_scale_bar, draw_text, mm_height,
    mm_width, number_text, sheet_font, sheet_text,
)

__all__ = ["SheetDocument"]

_A3_W, _A3_H = PAPERS["A3"]
#: Print resolution the base map tiles are chosen for (a sheet is read on paper or zoomed in a PDF).
_BASEMAP_DPI = 200.0

_COLUMNS: tuple[tuple[tuple[str, str], float, str], ...] = (  # (header en, zh), width mm (A3), alignment
    (("Parcel code", "地块编码"), 25.0, "l"), (("Land-use code", "用地代码"), 14.0, "c"),
    (("Land use", "用地性质"), 29.0, "l"), (("Area (ha)", "用地面积 (ha)"), 14.0, "r"),
    (("FAR", "容积率"), 11.0, "r"), (("Coverage (%)", "建筑密度 (%)"), 14.0, "r"),
    (("Height limit (m)", "建筑限高 (m)"), 14.0, "r"), (("Green ratio (%)", "绿地率 (%)"), 13.0, "r"),
    (("Facilities", "配套设施"), 0.0, "l"),  # the rest of the width
)


@dataclass(frozen=True)
class _Page:
    kind: str  # "index" or "block"
    sheet: BlockSheet | None = None
    rows: tuple[ParcelRow, ...] = ()
    index_entries: tuple[BlockSheet, ...] = ()
    continued: bool = False


# -- layout (mm of an A3 page) ----------------------------------------------------------------------
_MARGIN = 8.0
_SPLIT = 242.0  # the map frame's right edge; the panel column lies right of it
_PANEL = QRectF(_SPLIT + 5.0, _MARGIN + 2.0, _A3_W - _MARGIN - 2.0 - (_SPLIT + 5.0), _A3_H - 2 * _MARGIN - 4.0)
_MAP = QRectF(_MARGIN + 2.0, _MARGIN + 14.0, _SPLIT - _MARGIN - 2.0, _A3_H - 2 * _MARGIN - 16.0)
_INSET_H = 62.0
_TITLE_BLOCK_H = 44.0
_ROW_H = 5.0
_HEADER_H = 9.0
_FOOT_H = 52.0  # legend and notes above the title block
_INDEX_ROW_H = 5.0


def _table_top() -> float:
    return _PANEL.top() + _INSET_H + 10.0


def _rows_per_page() -> int:
    bottom = _PANEL.bottom() - _TITLE_BLOCK_H - _FOOT_H - 4.0
    return max(1, int((bottom - _table_top() - _HEADER_H - 7.0) // _ROW_H))


def _index_rows_first() -> int:
    return max(1, int((_PANEL.bottom() - _TITLE_BLOCK_H - 6.0 - (_PANEL.top() + 52.0) - _HEADER_H) // _INDEX_ROW_H))


def _index_rows_more() -> int:
    return max(1, int((_A3_H - 2 * _MARGIN - 30.0 - _HEADER_H) // _INDEX_ROW_H)) * 4  # four columns


class SheetDocument:
    """The pages of one plan-sheet set and how to paint each (see module docstring)."""

    def __init__(self, project: Project, scenario: Scenario | None, options: SheetOptions) -> None:
        self.project, self.options = project, options
        self.scenario = scenario or project.active_scenario
        self.content: PlanSheets = plan_sheets(project, self.scenario, options.lang, options.block)
        self.lang = options.lang
        self.date = options.date or _dt.date.today().isoformat()
        zones = list(self.scenario)
        self._zones = zones
        self._geoms = np.asarray([z.geometry for z in zones], dtype=object)
        self._index_of = {z.id: n for n, z in enumerate(zones)}
        self._tree = shapely.STRtree(self._geoms)
        self._colours = [styles.zone_fill_hex(project.scheme, z.code) for z in zones]
        self._road = set(self.content.road_ids)
        self._road_codes = {z.code for z in zones if z.id in self._road}
        bounds = shapely.total_bounds(self._geoms)
        if project.boundary is not None:
            b = project.boundary.bounds
            bounds = np.array([min(bounds[0], b[0]), min(bounds[1], b[1]), max(bounds[2], b[2]), max(bounds[3], b[3])])
        self.extent = tuple(float(v) for v in bounds)
        self.origin = (self.extent[0], self.extent[1])
        self._context = ContextPainter(project, self.origin) if options.base_map and project.context_layers else None
        basemaps = BaseMapPainter(project) if options.base_map else None
        self._basemaps = basemaps if basemaps else None  # None when no base map is shown
        self._inset: QImage | None = None
        self.pages = self._paginate()

    # -- pages -------------------------------------------------------------------------------------
    def _paginate(self) -> list[_Page]:
        sheets = self.content.sheets
        pages = [_Page("index", index_entries=sheets[:_index_rows_first()])]
        rest = sheets[_index_rows_first():]
        step = _index_rows_more()
        for start in range(0, len(rest), step):
            pages.append(_Page("index", index_entries=rest[start:start + step], continued=True))
        per_page = _rows_per_page()
        for sheet in sheets:
            rows = sheet.rows or ()
            chunks = [rows[i:i + per_page] for i in range(0, len(rows), per_page)] or [()]
            for n, chunk in enumerate(chunks):
                pages.append(_Page("block", sheet, tuple(chunk), continued=n > 0))
        return pages

    def first_page_of(self) -> dict[str, int]:
        """Sheet number (1-based) of each block's first page, for the index."""
        out: dict[str, int] = {}
        for number, page in enumerate(self.pages, start=1):
            if page.kind == "block" and page.sheet is not None and page.sheet.label not in out:
                out[page.sheet.label] = number
        return out

    def scale_of(self, sheet: BlockSheet) -> int:
        minx, miny, maxx, maxy = sheet.block.geometry.bounds
        k = self.options.factor
        return fitting_scale((maxx - minx, maxy - miny), (_MAP.width() * k, _MAP.height() * k))

    def paint_page(self, painter: QPainter, number: int) -> None:
        """Paint page ``number`` (1-based) in A3 millimetres scaled to the paper."""
        page = self.pages[number - 1]
        painter.save()
        k = self.options.factor * MM
        painter.scale(k, k)
        painter.fillRect(QRectF(0, 0, _A3_W, _A3_H), QColor("white"))
        painter.setPen(QPen(INK, 0.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(_MARGIN, _MARGIN, _A3_W - 2 * _MARGIN, _A3_H - 2 * _MARGIN))
        if page.kind == "index":
            self._paint_index_page(painter, page, number)
        else:
            self._paint_block_page(painter, page, number)
        painter.restore()

    # -- block sheet -------------------------------------------------------------------------------
    def _paint_block_page(self, p: QPainter, page: _Page, number: int) -> None:
        sheet = page.sheet
        assert sheet is not None
        lang = self.lang
        heading = sheet_text("sheet_title", lang, block=sheet.label) + (sheet_text("cont", lang) if page.continued else "")
        draw_text(p, QRectF(_MAP.left(), _MARGIN + 2.0, _MAP.width(), 10.0), heading, sheet_font(15, True), BLUE, "l")
        draw_text(p, QRectF(_MAP.left(), _MARGIN + 2.0, _MAP.width(), 10.0), self.content.project_name,
              sheet_font(9), INK, "r")
        scale = self.scale_of(sheet)
        self._paint_block_map(p, _MAP, sheet, scale)
        self._paint_inset(p, QRectF(_PANEL.left(), _PANEL.top() + 5.0, _PANEL.width(), _INSET_H - 5.0), sheet)
        draw_text(p, QRectF(_PANEL.left(), _PANEL.top(), _PANEL.width(), 5.0), sheet_text("location", lang), sheet_font(8, True),
              INK, "l")
        top = _table_top()
        draw_text(p, QRectF(_PANEL.left(), top - 7.0, _PANEL.width(), 6.0), sheet_text("indicators", lang), sheet_font(9, True),
              INK, "l")
        self._paint_table(p, QRectF(_PANEL.left(), top, _PANEL.width(), 0.0), page.rows)
        foot_top = _PANEL.bottom() - _TITLE_BLOCK_H - _FOOT_H
        self._paint_legend(p, QRectF(_PANEL.left(), foot_top, _PANEL.width() * 0.5 - 2.0, _FOOT_H - 3.0), sheet)
        self._paint_notes(p, QRectF(_PANEL.left() + _PANEL.width() * 0.5 + 2.0, foot_top,
                                    _PANEL.width() * 0.5 - 2.0, _FOOT_H - 3.0))
        self._paint_title_block(p, number, [
            (sheet_text("block", lang), sheet.label), (sheet_text("scale", lang), f"1:{scale:,}".replace(",", "")),
        ])

    def _zones_in(self, extent) -> np.ndarray:
        return self._tree.query(shapely.box(*extent))

    def _paint_block_map(self, p: QPainter, frame: QRectF, sheet: BlockSheet, scale: int) -> None:
        # One A3 millimetre of the frame is factor mm of paper, i.e. scale * factor / 1000 metres.
        pixel_size = scale * self.options.factor / 1000.0
        minx, miny, maxx, maxy = sheet.block.geometry.bounds
        view = Viewport(frame.width(), frame.height(), (minx + maxx) / 2.0, (miny + maxy) / 2.0, pixel_size,
                        *self.origin)
        p.save()
        p.setClipRect(frame)
        p.translate(frame.topLeft())
        p.fillRect(QRectF(0, 0, frame.width(), frame.height()), QColor("white"))
        if self._basemaps is not None:  # tiles of the pyramid level sharp at 200 dpi on paper
            self._basemaps.paint(p, view, resolution=_BASEMAP_DPI / 25.4 * self.options.factor)
        p.save()
        p.setTransform(view.local_transform(), True)
        if self._context is not None:
            self._context.paint(p)
        found = self._zones_in(view.map_extent())
        self._paint_zones(p, found)
        roads = [i for i in found.tolist() if self._zones[i].id in self._road]
        if roads:
            p.setPen(styles.cosmetic_pen(RED, 1.3))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(lines_path(self._geoms[roads], self.origin))
        if self.project.boundary is not None:
            p.setPen(styles.cosmetic_pen(QColor(200, 0, 0), 2.2, Qt.PenStyle.DashDotLine))
            p.drawPath(lines_path([self.project.boundary], self.origin))
        block_path = polygons_path([sheet.block.geometry], self.origin)
        p.restore()
        # Everything outside the block is faded so the block's parcels stand out.
        screen_block = view.local_transform().map(block_path)
        outside = QPainterPath()
        outside.addRect(QRectF(0, 0, frame.width(), frame.height()))
        p.fillPath(outside.subtracted(screen_block), QColor(255, 255, 255, 150))
        p.setPen(QPen(INK, 0.6, Qt.PenStyle.DashLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(screen_block)
        self._paint_road_names(p, view, roads)
        self._paint_parcel_labels(p, view, sheet)
        draw_scale_bar(p, QRectF(4.0, frame.height() - 16.0, 70.0, 12.0), pixel_size, scale, self.lang)
        draw_north_arrow(p, QRectF(frame.width() - 16.0, 4.0, 12.0, 20.0))
        p.restore()
        p.setPen(QPen(INK, 0.4))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(frame)

    def _paint_zones(self, p: QPainter, indices: np.ndarray) -> None:
        by_colour: dict[str, list[int]] = {}
        for i in indices.tolist():
            by_colour.setdefault(self._colours[i], []).append(i)
        p.setPen(Qt.PenStyle.NoPen)
        for colour, members in by_colour.items():
            p.setBrush(styles.brush_for(colour))
            p.drawPath(polygons_path(self._geoms[members], self.origin))
        if len(indices):
            p.setPen(styles.cosmetic_pen(QColor(90, 90, 90), 0.6))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(lines_path(self._geoms[indices], self.origin))

    def _paint_parcel_labels(self, p: QPainter, view: Viewport, sheet: BlockSheet) -> None:
        lang = self.lang
        by_id = self._index_of
        frame_box = shapely.box(*view.map_extent())
        code_font, small = sheet_font(6.5, True), sheet_font(5.5)
        code_metrics, small_metrics = QFontMetricsF(code_font), QFontMetricsF(small)
        # Each parcel is labelled on its part inside the block and the frame: a river or green belt
        # running on across neighbouring blocks would otherwise be labelled off the sheet.
        geoms = self._geoms[[by_id[r.zone_id] for r in sheet.rows]] if sheet.rows else np.empty(0, dtype=object)
        window = shapely.intersection(sheet.block.geometry, frame_box)
        shapely.prepare(window)
        inside = shapely.contains_properly(window, geoms)
        parts = geoms.copy()
        if (~inside).any():
            clipped = shapely.intersection(geoms[~inside], window)
            parts[~inside] = np.where(shapely.is_empty(clipped), geoms[~inside], clipped)
        points = shapely.point_on_surface(parts)
        for row, point in zip(sheet.rows, points):
            at = view.map_to_screen(point.x, point.y)
            lines = [(row.parcel_code, code_font, code_metrics), (row.landuse_code, small, small_metrics)]
            if row.far > 0:  # green, water and roads carry no FAR
                lines.append((sheet_text("far_label", lang, far=number_text(row.far, 2)), small, small_metrics))
            heights = [mm_height(m) for _, _, m in lines]
            width = max(mm_width(m, text) for text, _, m in lines) + 1.6
            total = sum(heights) + 0.8
            box = QRectF(at.x() - width / 2.0, at.y() - total / 2.0, width, total)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(255, 255, 255, 200))
            p.drawRoundedRect(box, 0.8, 0.8)
            y = box.top() + 0.4
            for (text, font, _), h in zip(lines, heights):
                draw_text(p, QRectF(box.left(), y, width, h), text, font, INK, "c")
                y += h

    def _paint_road_names(self, p: QPainter, view: Viewport, roads: list[int]) -> None:
        font = sheet_font(6.0)
        metrics = QFontMetricsF(font)
        for i in roads:
            name = self._zones[i].name.strip()
            if not name:
                continue
            geom = self._geoms[i]
            rect = shapely.minimum_rotated_rectangle(geom)
            coords = np.asarray(rect.exterior.coords)
            if len(coords) < 4:
                continue
            edges = np.diff(coords[:3], axis=0)
            long_edge = edges[int(np.argmax(np.hypot(edges[:, 0], edges[:, 1])))]
            angle = -math.degrees(math.atan2(long_edge[1], long_edge[0]))  # screen y grows down
            if angle > 90:
                angle -= 180
            elif angle < -90:
                angle += 180
            point = shapely.point_on_surface(geom)
            at = view.map_to_screen(point.x, point.y)
            width = mm_width(metrics, name) + 2.0
            p.save()
            p.translate(at)
            p.rotate(angle)
            draw_text(p, QRectF(-width / 2.0, -mm_height(metrics) / 2.0, width, mm_height(metrics)), name, font,
                  QColor(60, 60, 60), "c")
            p.restore()

    def _inset_image(self) -> QImage:
        """The whole park as one raster, made once and shared by every sheet."""
        if self._inset is None:
            w_mm, h_mm = _PANEL.width(), _INSET_H - 5.0
            px_per_mm = 6.0
            image = QImage(int(w_mm * px_per_mm), int(h_mm * px_per_mm), QImage.Format.Format_RGB32)
            image.fill(QColor("white"))
            view = self._fit(image.width(), image.height())
            painter = QPainter(image)
            try:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                painter.setTransform(view.local_transform())
                self._paint_zones(painter, np.arange(len(self._zones)))
                if self.project.boundary is not None:
                    painter.setPen(styles.cosmetic_pen(RED, 1.2, Qt.PenStyle.DashLine))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawPath(lines_path([self.project.boundary], self.origin))
            finally:
                painter.end()
            self._inset = image
        return self._inset

    def _fit(self, width: float, height: float) -> Viewport:
        """The whole park centred in ``width`` x ``height`` units with a 4 % margin (not clamped to
        the canvas's zoom limits: units here are millimetres or inset pixels, not screen pixels)."""
        minx, miny, maxx, maxy = self.extent
        size = max((maxx - minx) / width, (maxy - miny) / height, 1e-9) * 1.08
        return Viewport(width, height, (minx + maxx) / 2.0, (miny + maxy) / 2.0, size, *self.origin)

    def _paint_inset(self, p: QPainter, box: QRectF, sheet: BlockSheet) -> None:
        image = self._inset_image()
        p.drawImage(box, image)
        view = self._fit(box.width(), box.height())
        p.save()
        p.translate(box.topLeft())
        path = view.local_transform().map(polygons_path([sheet.block.geometry], self.origin))
        p.setPen(QPen(RED, 0.6))
        p.setBrush(QColor(220, 0, 0, 90))
        p.drawPath(path)
        # A small block would be a dot at this scale: ring it so the eye finds it.
        centre = path.boundingRect().center()
        radius = max(3.0, 0.6 * max(path.boundingRect().width(), path.boundingRect().height()))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(centre, radius, radius)
        p.restore()
        p.setPen(QPen(INK, 0.3))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(box)

    def _paint_table(self, p: QPainter, box: QRectF, rows: tuple[ParcelRow, ...]) -> None:
        zh = self.lang.startswith("zh")
        widths = [w for _, w, _ in _COLUMNS]
        widths[-1] = box.width() - sum(widths)
        header_font, body_font = sheet_font(6.0, True), sheet_font(6.2)
        x = box.left()
        p.setPen(QPen(INK, 0.3))
        p.setBrush(QColor("#E8EEF7"))
        p.drawRect(QRectF(box.left(), box.top(), box.width(), _HEADER_H))
        for (labels, _, _), w in zip(_COLUMNS, widths):
            draw_text(p, QRectF(x + 0.5, box.top(), w - 1.0, _HEADER_H), labels[1] if zh else labels[0], header_font,
                  INK, "c", wrap=True)
            x += w
        y = box.top() + _HEADER_H
        for row in rows:
            cells = (row.parcel_code, row.landuse_code, row.landuse_name, number_text(row.area_ha, 2),
                     number_text(row.far or None, 2), number_text(row.coverage_pct, 0), number_text(row.height_m, 0),
                     number_text(row.green_pct, 0), row.facilities or "—")
            x = box.left()
            for (_, _, align), w, cell in zip(_COLUMNS, widths, cells):
                draw_fitted_text(p, QRectF(x + 0.8, y, w - 1.6, _ROW_H), cell, body_font, align)
                x += w
            y += _ROW_H
        p.setPen(QPen(INK, 0.3))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(QRectF(box.left(), box.top(), box.width(), y - box.top()))
        x = box.left()
        for w in widths[:-1]:
            x += w
            p.drawLine(QPointF(x, box.top()), QPointF(x, y))
        for n in range(len(rows)):
            line_y = box.top() + _HEADER_H + n * _ROW_H
            p.drawLine(QPointF(box.left(), line_y), QPointF(box.right(), line_y))

    def _legend_entries(self, sheet: BlockSheet | None) -> list[tuple[str, str]]:
        catalogue = default_catalogue()
        if sheet is None:
            codes = {z.code for z in self._zones}
        else:
            codes = {r.landuse_code for r in sheet.rows} | self._road_codes
        order = catalogue_order(self.project.scheme)
        out = []
        for code in sorted(codes, key=lambda c: (order.get(c, len(order)), c)):
            cls = catalogue.find(self.project.scheme, code)
            out.append((styles.zone_fill_hex(self.project.scheme, code),
                        f"{code} {cls.name(self.lang)}" if cls else code))
        return out

    def _paint_legend(self, p: QPainter, box: QRectF, sheet: BlockSheet | None) -> None:
        lang = self.lang
        draw_text(p, QRectF(box.left(), box.top(), box.width(), 5.0), sheet_text("legend", lang), sheet_font(8, True), INK, "l")
        font = sheet_font(6.0)
        y = box.top() + 6.0
        line_h = 4.2
        symbols = [("line", QPen(INK, 0.6, Qt.PenStyle.DashLine), sheet_text("block_line", lang)),
                   ("line", QPen(RED, 0.6), sheet_text("red_line", lang))]
        if self.project.boundary is not None:
            symbols.append(("line", QPen(QColor(200, 0, 0), 0.8, Qt.PenStyle.DashDotLine), sheet_text("boundary", lang)))
        entries = self._legend_entries(sheet)
        capacity = int((box.bottom() - y) // line_h) - len(symbols)
        shown = entries[:max(capacity, 0)]
        for colour, label in shown:
            p.setPen(QPen(QColor(90, 90, 90), 0.2))
            p.setBrush(QColor(colour))
            p.drawRect(QRectF(box.left(), y + 0.6, 6.0, 3.0))
            draw_fitted_text(p, QRectF(box.left() + 7.5, y, box.width() - 7.5, line_h), label, font, "l")
            y += line_h
        for _, pen, label in symbols:
            p.setPen(pen)
            p.drawLine(QPointF(box.left(), y + 2.1), QPointF(box.left() + 6.0, y + 2.1))
            draw_fitted_text(p, QRectF(box.left() + 7.5, y, box.width() - 7.5, line_h), label, font, "l")
            y += line_h

    def _paint_notes(self, p: QPainter, box: QRectF) -> None:
        lang = self.lang
        draw_text(p, QRectF(box.left(), box.top(), box.width(), 5.0), sheet_text("notes", lang), sheet_font(8, True), INK, "l")
        notes = [sheet_text("note1", lang), sheet_text("note2", lang, crs=self.project.crs), sheet_text("note3", lang)]
        font = sheet_font(6.0)
        y = box.top() + 6.0
        for n, note in enumerate(notes, start=1):
            rect = QRectF(box.left(), y, box.width(), box.bottom() - y)
            used = draw_text(p, rect, f"{n}. {note}", font, INK, "l", wrap=True)
            y += used + 1.0

    def _paint_title_block(self, p: QPainter, number: int, extra: list[tuple[str, str]]) -> None:
        lang = self.lang
        rows = [(sheet_text("project", lang), self.content.project_name), (sheet_text("unit", lang), self.content.unit),
                *extra, (sheet_text("scenario", lang), self.content.scenario_name),
                (sheet_text("sheet", lang), sheet_text("sheet_of", lang, n=number, total=len(self.pages))),
                (sheet_text("date", lang), self.date)]
        box = QRectF(_PANEL.left(), _PANEL.bottom() - _TITLE_BLOCK_H, _PANEL.width(), _TITLE_BLOCK_H)
        row_h = box.height() / len(rows)
        label_w = 24.0
        p.setPen(QPen(INK, 0.5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(box)
        for n, (label, value) in enumerate(rows):
            y = box.top() + n * row_h
            if n:
                p.setPen(QPen(INK, 0.25))
                p.drawLine(QPointF(box.left(), y), QPointF(box.right(), y))
            draw_text(p, QRectF(box.left() + 1.0, y, label_w - 2.0, row_h), label, sheet_font(6.5, True), INK, "l")
            draw_fitted_text(p, QRectF(box.left() + label_w + 1.0, y, box.width() - label_w - 2.0, row_h), value,
                         sheet_font(7.0), "l")
        p.setPen(QPen(INK, 0.25))
        p.drawLine(QPointF(box.left() + label_w, box.top()), QPointF(box.left() + label_w, box.bottom()))

    # -- cover and index ---------------------------------------------------------------------------
    def _paint_index_page(self, p: QPainter, page: _Page, number: int) -> None:
        lang = self.lang
        content = self.content
        first = self.first_page_of()
        if not page.continued:
            heading = QRectF(_MAP.left(), _MARGIN + 2.0, _MAP.width(), 10.0)
            draw_text(p, heading, f"{content.project_name}", sheet_font(15, True), BLUE, "l")
            self._paint_overview(p, _MAP)
            top = _PANEL.top()
            draw_text(p, QRectF(_PANEL.left(), top, _PANEL.width(), 10.0), sheet_text("title", lang), sheet_font(14, True), BLUE, "l")
            area = sum(s.area_ha for s in content.sheets)
            draw_text(p, QRectF(_PANEL.left(), top + 12.0, _PANEL.width(), 6.0),
                  sheet_text("summary", lang, blocks=len(content.sheets), parcels=content.parcel_count, ha=area), sheet_font(8),
                  INK, "l")
            draw_text(p, QRectF(_PANEL.left(), top + 20.0, _PANEL.width(), 6.0),
                  f"{sheet_text('unit', lang)}: {content.unit} · {sheet_text('scenario', lang)}: {content.scenario_name}", sheet_font(8),
                  INK, "l")
            draw_text(p, QRectF(_PANEL.left(), top + 44.0, _PANEL.width(), 6.0), sheet_text("index", lang), sheet_font(9, True),
                  INK, "l")
            self._paint_index_table(p, QRectF(_PANEL.left(), top + 52.0, _PANEL.width(), 0.0), page.index_entries,
                                    first)
            self._paint_title_block(p, number, [])
            return
        heading = QRectF(_MAP.left(), _MARGIN + 2.0, _A3_W - 2 * _MARGIN - 4.0, 10.0)
        draw_text(p, heading, sheet_text("index", lang) + sheet_text("cont", lang), sheet_font(13, True), BLUE, "l")
        per_column = max(1, len(page.index_entries) and -(-len(page.index_entries) // 4))
        width = (_A3_W - 2 * _MARGIN - 4.0 - 3 * 4.0) / 4.0
        for column in range(4):
            chunk = page.index_entries[column * per_column:(column + 1) * per_column]
            if chunk:
                box = QRectF(_MAP.left() + column * (width + 4.0), _MARGIN + 16.0, width, 0.0)
                self._paint_index_table(p, box, chunk, first)
        draw_text(p, QRectF(_MARGIN, _A3_H - _MARGIN - 7.0, _A3_W - 2 * _MARGIN - 3.0, 6.0),
              f"{content.project_name} · {sheet_text('sheet_of', lang, n=number, total=len(self.pages))}", sheet_font(7), INK,
              "r")

    def _paint_index_table(self, p: QPainter, box: QRectF, entries: tuple[BlockSheet, ...],
                           first: dict[str, int]) -> None:
        lang = self.lang
        headers = (sheet_text("sheet", lang), sheet_text("block", lang), sheet_text("parcels", lang), sheet_text("area", lang))
        fractions = (0.2, 0.32, 0.2, 0.28)
        widths = [f * box.width() for f in fractions]
        p.setPen(QPen(INK, 0.3))
        p.setBrush(QColor("#E8EEF7"))
        p.drawRect(QRectF(box.left(), box.top(), box.width(), _HEADER_H))
        x = box.left()
        for label, w in zip(headers, widths):
            draw_text(p, QRectF(x, box.top(), w, _HEADER_H), label, sheet_font(6.5, True), INK, "c", wrap=True)
            x += w
        y = box.top() + _HEADER_H
        font = sheet_font(6.5)
        for sheet in entries:
            cells = (str(first.get(sheet.label, "")), sheet.label, str(len(sheet.rows)), number_text(sheet.area_ha, 2))
            x = box.left()
            for cell, w, align in zip(cells, widths, "ccrr"):
                draw_fitted_text(p, QRectF(x + 1.0, y, w - 2.0, _INDEX_ROW_H), cell, font, align)
                x += w
            p.setPen(QPen(INK, 0.15))
            p.drawLine(QPointF(box.left(), y), QPointF(box.right(), y))
            y += _INDEX_ROW_H
        p.setPen(QPen(INK, 0.3))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(QRectF(box.left(), box.top(), box.width(), y - box.top()))

    def _paint_overview(self, p: QPainter, frame: QRectF) -> None:
        view = self._fit(frame.width(), frame.height())
        p.save()
        p.setClipRect(frame)
        p.translate(frame.topLeft())
        p.save()
        p.setTransform(view.local_transform(), True)
        if self._context is not None:
            self._context.paint(p)
        self._paint_zones(p, np.arange(len(self._zones)))
        blocks = [s.block.geometry for s in self.content.sheets]
        p.setPen(styles.cosmetic_pen(INK, 1.0, Qt.PenStyle.DashLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(lines_path(blocks, self.origin))
        if self.project.boundary is not None:
            p.setPen(styles.cosmetic_pen(QColor(200, 0, 0), 2.0, Qt.PenStyle.DashDotLine))
            p.drawPath(lines_path([self.project.boundary], self.origin))
        p.restore()
        font = sheet_font(6.0, True)
        metrics = QFontMetricsF(font)
        for sheet in self.content.sheets:
            point = shapely.point_on_surface(sheet.block.geometry)
            at = view.map_to_screen(point.x, point.y)
            label = f"{sheet.block.number:02d}"
            w, h = mm_width(metrics, label) + 1.2, mm_height(metrics)
            box = QRectF(at.x() - w / 2.0, at.y() - h / 2.0, w, h)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(255, 255, 255, 210))
            p.drawRect(box)
            draw_text(p, box, label, font, INK, "c")
        draw_north_arrow(p, QRectF(frame.width() - 16.0, 4.0, 12.0, 20.0))
        p.restore()
        p.setPen(QPen(INK, 0.4))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(frame)

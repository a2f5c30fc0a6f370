"""A PNG of the 3D massing without a window: ``parkplanner render p.gpkg -o view.png --3d``.

The GL widget is laid out at the picture's size but never shown on screen (WA_DontShowOnScreen)
and its framebuffer is read back; the title and the land-use legend of the map figures
(ui/render/legend.py) are painted over it. Needs an OpenGL context: under X11 (or Xvfb, which
``parkplanner render`` starts when there is no display) with Qt's xcb platform.
"""
from __future__ import annotations

import os

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication

from parkplanner.core.io.atomic import atomic_output
from parkplanner.core.massing.camera import Camera
from parkplanner.core.massing.scene import MassingScene
from parkplanner.core.model.scenario import Scenario
from parkplanner.ui.render.legend import INK, legend_entries, paint_legend, text
from parkplanner.ui.view3d.scene_items import SKY

__all__ = ["render_massing", "massing_image"]

#: Title texts of the 3D picture (the legend's own texts come from the map figure's legend).
_TITLES = {"en": "{project} — 3D massing · scenario {scenario}", "zh": "{project} — 三维体量 · 方案 {scenario}"}
_YEAR = {"en": " · as built in {year}", "zh": " · {year} 年建成状况"}


def massing_image(scene: MassingScene, camera: Camera, width: int, height: int, project=None,
                  basemap: bool = False) -> QImage:
    """The scene seen from ``camera`` as a ``width`` × ``height`` picture, with ``project``'s
    boundary and context layers on the ground when given, and its raster base maps with ``basemap``."""
    from parkplanner.ui.view3d.gl_view import MassingGLView, apply_camera

    view = MassingGLView()
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.resize(width, height)
    view.show()
    try:
        view.scene_items.show(scene, project.boundary if project is not None else None)
        if project is not None:
            from parkplanner.ui.view3d.ground import ground_extent, ground_item, ground_picture

            view.scene_items.set_ground(ground_item(ground_picture(project, ground_extent(scene), basemap)))
        apply_camera(view, camera, scene.bounds())
        QApplication.processEvents()
        image = view.grabFramebuffer()
        if image.size().width() != width or image.size().height() != height:
            image = image.scaled(width, height)
        return image.convertToFormat(QImage.Format.Format_RGB32)
    finally:
        view.close()
        view.deleteLater()


def render_massing(project, scenario, scene: MassingScene, path: str | os.PathLike, camera: Camera,
                   width: int, height: int, lang: str = "en", title: str | None = None,
                   basemap: bool = False) -> None:
    """Write the PNG atomically: the 3D picture, a title line above it and the land-use legend
    in a column on its right (of the zones standing in the scene's year)."""
    unit = max(1.0, height / 1000.0)
    legend_w = int(min(320 * unit, width * 0.3))
    head_h = int(56 * unit)
    foot_h = int(36 * unit)
    picture = massing_image(scene, camera, width - legend_w, height - head_h - foot_h, project, basemap)
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(*SKY))
    painter = QPainter(image)
    try:
        painter.drawImage(0, head_h, picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        font = QFont()
        font.setPointSizeF(14 * unit)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(INK)
        heading = title or _TITLES[lang].format(project=project.name, scenario=scenario.name)
        if scene.year is not None:
            heading += _YEAR[lang].format(year=scene.year)
        painter.drawText(QRectF(24 * unit, 8 * unit, width - 48 * unit, head_h - 8 * unit),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, heading)
        standing = [scenario.zones[z] for z in scene.zone_class if z in scenario.zones]
        font.setPointSizeF(9 * unit)
        font.setBold(False)
        painter.setFont(font)
        painter.drawText(QRectF(24 * unit, height - foot_h, width - 48 * unit, foot_h),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         text("zones", lang, n=len(standing), ha=sum(z.geometry.area for z in standing) / 1e4))
        shown = Scenario(id=scenario.id, name=scenario.name, zones={z.id: z for z in standing})
        entries = legend_entries(shown, project.scheme, lang)
        painter.scale(unit, unit)
        paint_legend(painter, QRectF((width - legend_w) / unit + 4, head_h / unit, legend_w / unit - 20,
                                     (height - head_h - foot_h) / unit), entries, lang,
                     boundary=project.boundary is not None, phases=False)
    finally:
        painter.end()
    with atomic_output(path) as temp:
        if not image.save(str(temp), "PNG"):
            raise OSError(f"could not write {os.fspath(path)}")

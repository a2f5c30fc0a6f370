"""Plan sheets written to files: one vector PDF with embedded fonts, or one PNG per sheet, each
written atomically (a cancelled or failed run leaves no file behind).
"""
from __future__ import annotations

import os
from contextlib import ExitStack
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from parkplanner.core.io.atomic import atomic_output
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.parcels.plan_sheets import PAPERS
from parkplanner.ui.canvas import styles
from parkplanner.ui.render.plan_sheet_text import sheet_text
from parkplanner.ui.render.plan_sheet_options import SHEET_FORMATS, SheetOptions
from parkplanner.ui.render.plan_sheets import SheetDocument

Progress = Callable[[float, str], None]


def write_plan_sheets(project: Project, path: str | os.PathLike, scenario: Scenario | None = None,
                      options: SheetOptions = SheetOptions(), progress: Progress | None = None,
                      check: Callable[[], None] | None = None) -> list[Path]:
    """Write the plan sheets to ``path``: one PDF, or for a .png path one PNG per sheet named
    ``<stem>-01.png``, ``<stem>-02.png``... beside it. Returns the files written.

    ``progress(fraction, message)`` is told after each page; ``check()`` is called between pages
    and may raise to cancel (no file is left behind). Needs a QGuiApplication (fonts).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SHEET_FORMATS:
        raise ValueError(f"cannot write plan sheets to {path.name}: use .pdf or .png")
    document = SheetDocument(project, scenario, options)
    total = len(document.pages)

    def step(number: int) -> None:
        if check is not None:
            check()
        if progress is not None:
            progress(number / total, f"{number} / {total}")

    if suffix == ".pdf":
        with atomic_output(path) as temp:
            _write_pdf(document, temp, step)
        return [path]
    targets = [path.with_name(f"{path.stem}-{n:02d}.png") for n in range(1, total + 1)]
    with ExitStack() as stack:  # every page is in place, or none
        for number, target in enumerate(targets, start=1):
            temp = stack.enter_context(atomic_output(target))
            _write_png(document, number, temp, options.png_dpi)
            step(number)
    return targets


def _write_pdf(document: SheetDocument, temp: Path, step: Callable[[int], None]) -> None:
    width_mm, height_mm = PAPERS[document.options.paper]
    writer = QPdfWriter(str(temp))
    writer.setResolution(96)  # one device unit per logical unit: fonts and cosmetic pens as on screen
    writer.setPageLayout(QPageLayout(QPageSize(QSizeF(width_mm, height_mm), QPageSize.Unit.Millimeter),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(f"{document.content.project_name} – {sheet_text('title', document.lang)}")
    writer.setCreator("ParkPlanner")
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"could not write the PDF file {temp.name}")
    try:
        for number in range(1, len(document.pages) + 1):
            if number > 1:
                writer.newPage()
            document.paint_page(painter, number)
            step(number)
    finally:
        painter.end()


def _write_png(document: SheetDocument, number: int, temp: Path, dpi: float) -> None:
    width_mm, height_mm = PAPERS[document.options.paper]
    scale = dpi / 96.0
    image = QImage(round(width_mm / 25.4 * dpi), round(height_mm / 25.4 * dpi), QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(scale)  # paint in logical units, as on the PDF page
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        with styles.pen_scale(scale):
            document.paint_page(painter, number)
    finally:
        painter.end()
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    if not image.save(str(temp), "PNG"):
        raise OSError(f"could not write the PNG image {temp.name}")

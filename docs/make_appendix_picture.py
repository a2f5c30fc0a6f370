"""The README's picture of the appendix (docs/images/appendix.png): six printed pages of the
sample's English appendix side by side (cover, land-use balance, parcels, indicators, and the
projection's table and charts).

    .venv/bin/python docs/make_appendix_picture.py

Needs LibreOffice and poppler-utils; runs offscreen.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from appendix_print import page_image, page_number, print_appendix, tools_missing  # noqa: E402

OUT = REPO / "docs" / "images" / "appendix.png"
#: (running-header title, which of its pages): the pages shown, in reading order, three per row.
PAGES = (("Planning appendix", 0), ("Land-use balance", 0), ("Parcel control indicators", 0),
         ("Industry–city integration indicators", 0), ("Projection over time", 0), ("Projection over time", 1))
COLUMNS, DPI, GAP = 3, 80, 16


def main() -> int:
    if tools_missing():
        print("needs LibreOffice and poppler-utils", file=sys.stderr)
        return 1
    app = QGuiApplication.instance() or QGuiApplication([])
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        pdf, pages = print_appendix("en", work)
        images = [page_image(pdf, page_number(pages, title, nth), work, DPI).copy()
                  for title, nth in PAGES]
    width, height = max(i.width() for i in images), max(i.height() for i in images)
    rows = -(-len(images) // COLUMNS)
    sheet = QImage(GAP + COLUMNS * (width + GAP), GAP + rows * (height + GAP), QImage.Format.Format_RGB32)
    sheet.fill(QColor("#e6e6e6"))  # the grey of a print preview, so white pages stand out
    painter = QPainter(sheet)
    for n, image in enumerate(images):
        x, y = GAP + (n % COLUMNS) * (width + GAP), GAP + (n // COLUMNS) * (height + GAP)
        painter.fillRect(x + 3, y + 3, image.width(), image.height(), QColor("#b4b4b4"))  # a page shadow
        painter.drawImage(x, y, image)
    painter.end()
    sheet.save(str(OUT))
    print("wrote", OUT.relative_to(REPO))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

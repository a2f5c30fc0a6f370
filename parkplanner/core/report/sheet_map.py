"""Land-use map (用地规划图): the map of the reported scenario as an image, on one printed page.

The image is drawn by the caller (the CLI and the GUI render it with Qt, which core must not
import) and handed to build_appendix as PNG bytes; openpyxl embeds it through Pillow. It is
scaled to fit the printable area of a landscape A4 page below the sheet's title rows.
"""
from __future__ import annotations

import io

from parkplanner.core.report.common import ReportContext, open_sheet

__all__ = ["write_sheet", "SHEET_NAME", "PRINTABLE_MM"]

SHEET_NAME = "Land-use map"
#: Width and height (mm) the image may take on a landscape A4 page: 297 x 210 less margins and the
#: title rows printed above it.
PRINTABLE_MM = (255.0, 150.0)
_PX_PER_MM = 96.0 / 25.4  # openpyxl sizes images in pixels at 96 dpi


def write_sheet(ctx: ReportContext) -> None:
    from openpyxl.drawing.image import Image

    sheet = open_sheet(ctx, SHEET_NAME, "map.title", [12] * 20, header_row=None)
    image = Image(io.BytesIO(ctx.map_image))
    scale = min(PRINTABLE_MM[0] * _PX_PER_MM / image.width, PRINTABLE_MM[1] * _PX_PER_MM / image.height)
    image.width, image.height = round(image.width * scale), round(image.height * scale)
    sheet.add_image(image, "A4")
    setup = sheet.page_setup
    setup.fitToHeight = 1  # the map on one page, never split

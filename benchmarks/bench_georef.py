"""Georeferencing a scan in the app: reading it for the dialog, opening the dialog, and map frames
with the scan previewed over the zones.

The scan is synthetic: a 12,000 x 8,500 px JPEG (an A0 sheet at about 250 dpi) of flat colour
fields and lines, written once per run (not timed); below 2,000 zones it is as many pixels wide as
six times the zones (at least 1,024), so the CI's tiny smoke run stays quick.

* ``georef_scan_read``: what the worker does before the dialog opens: GDAL reads the scan reduced
  by a power of two to at most 4,096 px, and the dialog's two images (the scan, the map overlay
  of at most 1,024 px) are made from it.
* ``georef_dialog_open``: on the GUI thread, the dialog built on those images, shown, and the
  events of its first show processed (layout, the scan fitted in its view, first paint).
* ``georef_overlay_frame``: ``canvas_interactive_frame`` (a pan or wheel-zoom frame at 1600x1000)
  with the scan drawn semi-transparent over the zones through an affine fit turned 5 degrees,
  as while control points are placed; compare with ``canvas_interactive_frame``.
"""
from __future__ import annotations

import math
import time
from pathlib import Path

from _harness import benchmark, time_samples

SIZES = (20_000,)
WIDTH, HEIGHT = 12_000, 8_500


def _scan(ctx) -> Path:
    width = WIDTH if ctx.zones >= 2_000 else max(1_024, 6 * ctx.zones)
    height = round(width * HEIGHT / WIDTH)
    path = ctx.tmp_dir / f"scan_{width}.jpg"
    if path.exists():
        return path
    import numpy as np
    import rasterio

    rows, cols = np.indices((height, width))
    fields = ((rows // 300) * 7 + (cols // 400) * 13) % 5
    pixels = np.stack([(fields * 37 + 60 + 40 * b) % 256 for b in range(3)]).astype(np.uint8)
    pixels[:, (rows % 300 < 6) | (cols % 400 < 6)] = 40  # the plan's lines
    with rasterio.open(path, "w", driver="JPEG", width=width, height=height, count=3, dtype="uint8",
                       QUALITY=85) as out:
        out.write(pixels)
    return path


def _images(ctx):
    from parkplanner.core.io.basemap_scan import read_preview
    from parkplanner.ui.dialogs.georef_dialog import ScanImages

    return ScanImages.of(read_preview(_scan(ctx)))


def _fit_over(extent, size):
    """An affine fit putting the scan over ``extent``, turned 5 degrees."""
    from parkplanner.core.io.basemap_georef import ControlPoint, fit

    minx, miny, maxx, maxy = extent
    width, height = size
    pixel = max(maxx - minx, maxy - miny) / max(width, height)
    turn = math.radians(5)
    a, b = pixel * math.cos(turn), pixel * math.sin(turn)
    points = [ControlPoint(c, r, minx + a * c + b * r, maxy + b * c - a * r)
              for c, r in ((0, 0), (width, 0), (0, height))]
    return fit(points)


@benchmark("georef_scan_read", sizes=SIZES)
def georef_scan_read(ctx):
    """Reading a 12,000 x 8,500 px JPEG scan for the georeferencing dialog (a worker's job)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from parkplanner.ui.app import create_application

    create_application()
    _scan(ctx)
    return time_samples(lambda: _images(ctx), repeat=max(1, min(ctx.repeat, 5)))


@benchmark("georef_dialog_open", sizes=SIZES)
def georef_dialog_open(ctx):
    """The georeferencing dialog built and shown on the GUI thread, from the scan already read."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from parkplanner.ui.app import create_application
    from parkplanner.ui.dialogs.georef_dialog import GeorefDialog
    from parkplanner.ui.main_window import MainWindow

    app = create_application()
    window = MainWindow()
    window.set_document(ctx.project(), None)
    window.show()
    QApplication.processEvents()
    images = _images(ctx)
    samples = []
    for n in range(max(1, min(ctx.repeat, 10)) + 1):
        start = time.perf_counter()
        dialog = GeorefDialog(window, _scan(ctx), images)
        dialog.show()
        app.processEvents()
        if n:  # the first one imports and warms Qt's caches
            samples.append((time.perf_counter() - start) * 1000.0)
        dialog.reject()
        dialog.deleteLater()
        app.processEvents()
    window.close()
    return samples


@benchmark("georef_overlay_frame", sizes=SIZES)
def georef_overlay_frame(ctx):
    """A pan or wheel-zoom frame at 1600x1000 with the scan previewed over the zones."""
    from bench_canvas import _canvas, _per_frame, pan_zoom_frames

    from parkplanner.ui.dialogs.georef_dialog import GeorefPreview

    app, canvas, *_ = _canvas(ctx.project())
    images = _images(ctx)
    preview = GeorefPreview(images.overlay, images.scale * images.overlay.width() / images.image.width())
    preview.fit = _fit_over(canvas.renderer.extent(), images.size)
    canvas.extra_overlays.append(preview)
    return _per_frame(pan_zoom_frames(canvas), 20, ctx.repeat)

"""QGIS 3.22 shows the base map and the styled zones from the one project file.

QGIS itself (the system python3 with qgis.core, headless) opens the zone layer, which takes its
default style from the file's ``layer_styles`` table, and the base map's tile table as a GDAL
raster (``GPKG:file:table``), renders both to an image, and the pixels are checked here: the
catalogue's colour of each zone's land use inside the zone, the base map's own pixels, where its
georeferencing puts them, everywhere no zone covers.
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
import shapely

from basemap_rasters import SYSTEM_PYTHON, block_image, needs_osgeo, write_raster
from parkplanner.cli import main
from parkplanner.core.io.project_file import load_project, save_project
from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.synthetic import synthetic_project


def _has_qgis() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}).returncode == 0


pytestmark = [needs_osgeo, pytest.mark.skipif(not _has_qgis(), reason="QGIS's Python bindings (python3-qgis) "
                                                                      "are not installed")]

#: Rendered by QGIS: the zone layer on top of the base map, over the base map's whole extent.
#: os._exit at the end: QGIS 3.22's exitQgis() can abort in a headless process after the work is done.
_RENDER = """
import json, os, sys
from qgis.core import QgsApplication, QgsMapRendererSequentialJob, QgsMapSettings, QgsRasterLayer, QgsVectorLayer
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

path, table, png, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
app = QgsApplication([], False)
app.initQgis()
zones = QgsVectorLayer(path + "|layername=zones__base", "zones", "ogr")
base = QgsRasterLayer("GPKG:" + path + ":" + table, "base map", "gdal")
settings = QgsMapSettings()
settings.setLayers([zones, base])  # first drawn last: the zones above the base map
settings.setDestinationCrs(zones.crs())
settings.setExtent(base.extent())
settings.setOutputSize(QSize(size, size))
settings.setOutputDpi(96)
settings.setBackgroundColor(QColor(255, 255, 255))
job = QgsMapRendererSequentialJob(settings)
job.start()
job.waitForFinished()
job.renderedImage().save(png)
extent = settings.visibleExtent()
print(json.dumps({
    "zones_valid": zones.isValid(), "zones": zones.featureCount(), "renderer": zones.renderer().type(),
    "base_valid": base.isValid(), "base_crs": base.crs().authid(),
    "extent": [extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()],
    "errors": [e.message for e in job.errors()],
}))
sys.stdout.flush()
os._exit(0)
"""


def _rgb(path: Path) -> np.ndarray:
    from PySide6.QtGui import QImage

    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, :image.width() * 3].reshape(image.height(), image.width(), 3).astype(int)


def test_qgis_draws_the_base_map_beneath_the_catalogue_coloured_zones(tmp_path):
    project_path = tmp_path / "park.gpkg"
    project = synthetic_project(60, seed=4)
    save_project(project, project_path)
    zones = list(project.active_scenario.zones.values())
    minx, miny, maxx, maxy = shapely.total_bounds(np.asarray([z.geometry for z in zones], dtype=object))
    # A square base map reaching a third of the zones' size beyond them on every side, 64-pixel blocks.
    size = 384
    pixel = max(maxx - minx, maxy - miny) * 5 / 3 / size
    left, top = minx - (maxx - minx) / 3, maxy + (maxy - miny) / 3
    pixels = block_image(size, size)
    source = write_raster(tmp_path / "aerial.tif", pixels, "GTiff", (left, pixel, 0, top, 0, -pixel), 4548)
    assert main(["basemap", "add", str(project_path), str(source)]) == 0
    [basemap] = load_project(project_path).basemaps

    png, out = tmp_path / "qgis.png", 600
    done = subprocess.run([SYSTEM_PYTHON, "-c", _RENDER, str(project_path), basemap.table, str(png), str(out)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["zones_valid"] and report["zones"] == 60 and report["renderer"] == "categorizedSymbol"
    assert report["base_valid"] and report["base_crs"] == "EPSG:4548" and report["errors"] == []
    image = _rgb(png)
    x0, y0, x1, y1 = report["extent"]
    per_pixel = (x1 - x0) / out
    assert (y1 - y0) / out == pytest.approx(per_pixel, rel=1e-6)

    def at(x, y):
        return image[int((y1 - y) / per_pixel), int((x - x0) / per_pixel)]

    # Inside each zone, 3 screen pixels clear of its outline: the catalogue's colour of its land use.
    catalogue = default_catalogue()
    for zone in zones:
        inside = shapely.point_on_surface(zone.geometry)
        if shapely.distance(inside, zone.geometry.boundary) < 3 * per_pixel:
            inside = shapely.centroid(shapely.buffer(zone.geometry, -3 * per_pixel))
        rgb_hex = catalogue.get(project.scheme, zone.code).rgb_hex
        expected = [int(rgb_hex[i:i + 2], 16) for i in (1, 3, 5)]
        assert at(inside.x, inside.y).tolist() == pytest.approx(expected, abs=2), zone.code

    # Elsewhere the base map: on a grid of screen pixels clear of every zone (outlines included),
    # and of the image's block edges, the block colour that pixel of the source image has.
    covered = shapely.buffer(shapely.union_all([z.geometry for z in zones]), 3 * per_pixel)
    checked = matched = 0
    for row in range(5, out, 10):
        for col in range(5, out, 10):
            x, y = x0 + (col + 0.5) * per_pixel, y1 - (row + 0.5) * per_pixel
            source_col, source_row = (x - left) / pixel, (top - y) / pixel
            if not (0 <= source_col < size and 0 <= source_row < size):
                continue
            near_edge = min(source_col % 32, 32 - source_col % 32, source_row % 32, 32 - source_row % 32) < 2
            if near_edge or shapely.intersects(covered, shapely.Point(x, y)):
                continue
            checked += 1
            expected = pixels[:, int(source_row), int(source_col)]
            matched += bool(np.abs(image[row, col] - expected).max() <= 16)  # JPEG tiles
    assert checked > 1000
    assert matched / checked > 0.99

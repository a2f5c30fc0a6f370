"""Rasters made by GDAL's own Python bindings (the system's python3 with osgeo), not by rasterio,
and read back by them: the base map's pixels as another GIS sees them in the project file.

The image is 32-pixel blocks of flat colours: JPEG keeps the blocks' inside almost exact, so a
placement error of one pixel shows as a band of wrong pixels along every block edge.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import numpy as np
import pytest

SYSTEM_PYTHON = "/usr/bin/python3"


def _has_osgeo() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "from osgeo import gdal"], capture_output=True).returncode == 0


needs_osgeo = pytest.mark.skipif(not _has_osgeo(), reason="GDAL's Python bindings (osgeo) are not installed")
needs_gdalinfo = pytest.mark.skipif(shutil.which("gdalinfo") is None, reason="GDAL's gdalinfo is not installed")


def block_image(width: int, height: int, bands: int = 3) -> np.ndarray:
    """(bands, height, width) uint8: 32-pixel blocks, each band its own flat value per block."""
    rows, cols = np.indices((height, width))
    blocks = (rows // 32) * 7 + (cols // 32) * 13
    return np.stack([((blocks * (37 + 50 * b)) % 200 + 30).astype(np.uint8) for b in range(bands)])


def gdal(script: str, **values) -> dict:
    """Run ``script`` under the system Python with ``gdal``, ``osr``, ``np`` and ``values`` (JSON) in
    scope; it leaves what it found in ``result`` (JSON)."""
    prelude = ("import json, sys, numpy as np\nfrom osgeo import gdal, osr\ngdal.UseExceptions()\n"
               "values = json.loads(sys.argv[1])\nresult = {}\n")
    done = subprocess.run([SYSTEM_PYTHON, "-c", prelude + script + "\nprint(json.dumps(result))",
                           json.dumps(values)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def write_raster(path: Path, pixels: np.ndarray, driver: str, geotransform=None, epsg: int | None = None,
                 options: tuple[str, ...] = ()) -> Path:
    """A raster written by GDAL: GTiff directly, other formats through CreateCopy of a MEM image."""
    npy = path.with_suffix(".pixels.npy")
    np.save(npy, pixels)
    gdal("""
pixels = np.load(values['npy'])
mem = gdal.GetDriverByName('MEM').Create('', pixels.shape[2], pixels.shape[1], pixels.shape[0], gdal.GDT_Byte)
for band, plane in enumerate(pixels, start=1):
    mem.GetRasterBand(band).WriteArray(plane)
if values['geotransform']:
    mem.SetGeoTransform(values['geotransform'])
if values['epsg']:
    srs = osr.SpatialReference(); srs.ImportFromEPSG(values['epsg']); mem.SetProjection(srs.ExportToWkt())
gdal.GetDriverByName(values['driver']).CreateCopy(values['path'], mem, options=values['options'])
""", npy=str(npy), path=str(path), driver=driver, geotransform=geotransform, epsg=epsg, options=list(options))
    npy.unlink()
    for aux in path.parent.glob(path.name + ".aux.xml"):
        aux.unlink()  # a PAM side file would carry georeferencing the test means the image to lack
    return path


def read_tiles(project: Path, table: str) -> dict:
    """The base map as GDAL reads it from the project file: geotransform, size, EPSG code and RGB pixels."""
    return gdal("""
ds = gdal.Open('GPKG:' + values['path'] + ':' + values['table'])
srs = ds.GetSpatialRef()
result['geotransform'] = list(ds.GetGeoTransform())
result['size'] = [ds.RasterXSize, ds.RasterYSize]
result['epsg'] = int(srs.GetAuthorityCode(None))
result['bands'] = ds.RasterCount
np.save(values['npy'], ds.ReadAsArray())
""", path=str(project), table=table, npy=str(project.with_suffix(".read.npy")))


def tile_pixels(project: Path) -> np.ndarray:
    return np.load(project.with_suffix(".read.npy"))


def tiles_digest(path: Path, table: str) -> tuple[int, str]:
    """How many tiles ``table`` holds in the project file and a digest of their places and bytes."""
    con = sqlite3.connect(path)
    try:
        rows = con.execute(f'SELECT zoom_level, tile_column, tile_row, tile_data FROM "{table}" '
                           "ORDER BY zoom_level, tile_column, tile_row").fetchall()
    finally:
        con.close()
    digest = hashlib.sha256()
    for row in rows:
        digest.update(repr(row[:3]).encode() + row[3])
    return len(rows), digest.hexdigest()

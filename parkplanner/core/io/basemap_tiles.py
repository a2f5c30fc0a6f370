"""Turning a raster into a base map: read it with GDAL (through rasterio), warp it to the project
CRS and write it as a GeoPackage tile pyramid into a staging file; the project writer then copies
the tile rows into the project file (basemap_store).

Sources: any georeferenced raster GDAL reads (GeoTIFF, JPEG 2000...), a JPG/PNG/TIFF with a world
file (.jgw/.pgw/.tfw; GDAL finds it beside the image, the CRS comes from the user), an offline tile
package (MBTiles, GeoPackage tiles), or a scan georeferenced here from control points
(basemap_georef). GDAL's GeoPackage driver writes the tiles: it chooses JPEG for opaque tiles and
PNG where the warped image has transparent corners, and builds the zoom pyramid.
"""
from __future__ import annotations

import math
import os
import warnings
from pathlib import Path

import numpy as np
import rasterio
import rasterio.shutil
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError, ProjError
from rasterio._err import CPLE_BaseError  # what GDAL's own errors become; not re-exported by rasterio
from rasterio.enums import ColorInterp, Resampling
from rasterio.errors import RasterioError
from rasterio.vrt import WarpedVRT
from rasterio.windows import Window

from parkplanner.core.io.basemap_georef import GeorefFit

__all__ = ["BaseMapError", "TILE_SIZE", "STAGING_TABLE", "build_tiles", "build_georeferenced_tiles",
           "open_source", "needs_crs", "remove_staging", "palette_rgba"]

TILE_SIZE = 256
#: The tile table's name inside a staging file; the project file names it after the base map.
STAGING_TABLE = "tiles"
#: What reading a bad raster raises: rasterio's errors and GDAL's (a TIFF damaged past its header
#: fails only when its pixels are read).
_GDAL_ERRORS = (RasterioError, CPLE_BaseError)
#: The staging file is a scratch copy (thrown away if anything fails), so GDAL need not sync
#: SQLite to disk after each tile: building the pyramid of a 10,000 px image takes 5 s instead of 31 s.
_STAGING_OPTIONS = {"OGR_SQLITE_SYNCHRONOUS": "OFF"}
#: Rows of the scan warped per step in build_georeferenced_tiles: bounded memory for any scan.
_STRIP_ROWS = 1024


class BaseMapError(ValueError):
    """A raster that cannot become a base map; the message names the file and the reason."""


def _describe(path: Path, reason: str) -> BaseMapError:
    return BaseMapError(f"{path.name}: {reason}")


def open_source(path: str | Path):
    """Open ``path`` with GDAL, or BaseMapError for a missing, damaged or non-raster file."""
    path = Path(path)
    if not path.is_file():
        raise _describe(path, "no such file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # NotGeoreferencedWarning: judged below, in our words
            dataset = rasterio.open(path)
    except _GDAL_ERRORS as exc:
        raise _describe(path, f"not an image GDAL can read, or damaged ({_first_line(exc)})") from None
    return dataset


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _source_crs(dataset, path: Path, crs: str | None) -> CRS:
    if crs:
        try:
            return CRS.from_user_input(crs)
        except CRSError:
            raise _describe(path, f"unknown CRS {crs!r} (give it as EPSG:n)") from None
    if dataset.crs is None:
        raise _describe(path, "the image has a world file or georeferencing but no CRS: give one (e.g. --crs "
                              "EPSG:4548)")
    return CRS.from_user_input(dataset.crs.to_wkt())


def _check_georeferenced(dataset, path: Path) -> None:
    if dataset.transform.is_identity and not dataset.gcps[0]:
        raise _describe(path, "the image has no georeferencing and no world file (.jgw/.pgw/.tfw): "
                              "georeference it with control points instead")


def _check_transformable(dataset, path: Path, source: CRS, target: CRS) -> None:
    """Transform the image's corners: a CRS pair PROJ cannot relate fails here, before any work."""
    left, bottom, right, top = dataset.bounds
    try:
        transformer = Transformer.from_crs(source, target, always_xy=True)
        xs, ys = transformer.transform([left, right, left, right], [bottom, bottom, top, top], errcheck=True)
    except (ProjError, CRSError) as exc:
        raise _describe(path, f"cannot be transformed from {source.name} to the project CRS "
                              f"({_first_line(exc)})") from None
    if not all(math.isfinite(v) for v in (*xs, *ys)):
        raise _describe(path, f"its extent lies outside the area the project CRS can show ({source.name})")


def _check_pixels(dataset, path: Path) -> None:
    if dataset.count not in (1, 2, 3, 4) or any(dtype != "uint8" for dtype in dataset.dtypes):
        raise _describe(path, f"only 8-bit greyscale, RGB or RGBA images can be base maps "
                              f"({dataset.count} bands of {dataset.dtypes[0]})")


def needs_crs(source: str | Path) -> bool:
    """Whether ``source`` is placed on the map (world file, geotransform) but says nothing of its CRS,
    so the user must name it; False for anything else (build_tiles then says what is wrong)."""
    try:
        with open_source(source) as dataset:
            return dataset.crs is None and not dataset.transform.is_identity
    except BaseMapError:
        return False


def build_tiles(source: str | Path, staging: str | Path, project_crs: str, crs: str | None = None) -> None:
    """Warp ``source`` to ``project_crs`` and write its tile pyramid to the new file ``staging``.

    ``crs`` overrides (or supplies) the source's CRS, e.g. for an image with a world file.
    """
    path = Path(source)
    target = CRS.from_user_input(project_crs)
    with open_source(path) as dataset:
        _check_georeferenced(dataset, path)
        _check_pixels(dataset, path)
        source_crs = _source_crs(dataset, path, crs)
        _check_transformable(dataset, path, source_crs, target)
        try:
            if not crs and _in_place_already(dataset, source_crs, target):  # no resampling: exact, quicker
                _write_gpkg_tiles(dataset, Path(staging))
            else:
                with WarpedVRT(dataset, src_crs=source_crs.to_wkt(), crs=target.to_wkt(),
                               resampling=Resampling.bilinear, add_alpha=not _has_alpha(dataset)) as warped:
                    _write_gpkg_tiles(warped, Path(staging))
        except _GDAL_ERRORS as exc:  # a TIFF damaged past its header fails when its pixels are read
            raise _describe(path, f"the image is damaged ({_first_line(exc)})") from None


def _in_place_already(dataset, source: CRS, target: CRS) -> bool:
    """Whether the image is in the project CRS, north up, so its pixels are tiled as they are
    (only when the file itself says its CRS: a CRS the user gives reaches GDAL through the VRT)."""
    transform = dataset.transform
    return (transform.b == 0 and transform.d == 0 and transform.a > 0 and transform.e < 0
            and not dataset.gcps[0] and source.equals(target, ignore_axis_order=True))


def _has_alpha(dataset) -> bool:
    return ColorInterp.alpha in dataset.colorinterp


def _write_gpkg_tiles(dataset, staging: Path) -> None:
    with rasterio.Env(**_STAGING_OPTIONS):
        rasterio.shutil.copy(dataset, staging, driver="GPKG", RASTER_TABLE=STAGING_TABLE, TILE_FORMAT="AUTO",
                             BLOCKSIZE=TILE_SIZE, VERSION="1.2")
    _build_pyramid(staging)


def _build_pyramid(staging: Path) -> None:
    """Overviews halving the size until the image fits one tile: the canvas reads the level whose
    pixels are closest to the screen's, so a zoomed-out view reads few tiles."""
    with rasterio.Env(**_STAGING_OPTIONS), rasterio.open(staging, "r+") as dataset:
        factors, factor = [], 2
        while max(dataset.width, dataset.height) / (factor // 2) > TILE_SIZE:
            factors.append(factor)
            factor *= 2
        if factors:
            dataset.build_overviews(factors, Resampling.average)


def build_georeferenced_tiles(source: str | Path, staging: str | Path, project_crs: str,
                              georef: GeorefFit) -> None:
    """Warp a scan through the control-point fit ``georef`` (map points in the project CRS) and
    write its tile pyramid to ``staging``. Pixels outside the scan are transparent."""
    path = Path(source)
    with open_source(path) as dataset:
        _check_pixels(dataset, path)
        bands = dataset.count
        corners_x, corners_y = georef.to_map([0, dataset.width, 0, dataset.width],
                                             [0, 0, dataset.height, dataset.height])
        if not np.all(np.isfinite(corners_x)) or not np.all(np.isfinite(corners_y)):
            raise _describe(path, "the control points fold the image over itself (check them)")
        # The map pixel keeps the scan's resolution: the geometric mean of its mapped pixel size.
        pixel = math.sqrt(abs(np.linalg.det(_jacobian(georef, dataset.width / 2, dataset.height / 2))))
        left, right = float(corners_x.min()), float(corners_x.max())
        bottom, top = float(corners_y.min()), float(corners_y.max())
        width, height = max(1, math.ceil((right - left) / pixel)), max(1, math.ceil((top - bottom) / pixel))
        if width * height > 40 * dataset.width * dataset.height:
            raise _describe(path, "the control points stretch the image beyond reason (check them)")
        try:
            source_pixels = dataset.read()
            has_alpha = _has_alpha(dataset)
            if dataset.colorinterp[0] == ColorInterp.palette:  # indexed colours: warped as RGBA, not as greys
                source_pixels, bands, has_alpha = palette_rgba(source_pixels[0], dataset.colormap(1)), 4, True
        except _GDAL_ERRORS as exc:
            raise _describe(path, f"the image is damaged ({_first_line(exc)})") from None
        colour_bands = bands if has_alpha else bands + 1
        profile = dict(driver="GPKG", width=width, height=height, count=colour_bands, dtype="uint8",
                       crs=project_crs, transform=rasterio.Affine(pixel, 0, left, 0, -pixel, top),
                       RASTER_TABLE=STAGING_TABLE, TILE_FORMAT="AUTO", BLOCKSIZE=TILE_SIZE, VERSION="1.2")
        with rasterio.Env(**_STAGING_OPTIONS), rasterio.open(Path(staging), "w", **profile) as out:
            out.colorinterp = _colour_interpretation(colour_bands)
            for start in range(0, height, _STRIP_ROWS):
                rows = min(_STRIP_ROWS, height - start)
                out.write(_warp_strip(source_pixels, georef, left, top, pixel, start, rows, width,
                                      add_alpha=not has_alpha),
                          window=Window(0, start, width, rows))
    _build_pyramid(Path(staging))


def palette_rgba(indices: np.ndarray, colormap: dict) -> np.ndarray:
    """(4, h, w) RGBA of an indexed-colour band (a scan exported from CAD often is one)."""
    lut = np.zeros((256, 4), np.uint8)
    for index, colour in colormap.items():
        lut[index] = colour
    return np.moveaxis(lut[indices], -1, 0)


def _colour_interpretation(bands: int) -> list:
    return {2: [ColorInterp.gray, ColorInterp.alpha],
            4: [ColorInterp.red, ColorInterp.green, ColorInterp.blue, ColorInterp.alpha]}[bands]


def _jacobian(georef: GeorefFit, col: float, row: float) -> np.ndarray:
    """How one pixel step along the image's columns and rows moves on the map, at (col, row)."""
    xs, ys = georef.to_map([col, col + 1, col], [row, row, row + 1])
    return np.array([[xs[1] - xs[0], xs[2] - xs[0]], [ys[1] - ys[0], ys[2] - ys[0]]])


def _warp_strip(pixels: np.ndarray, georef: GeorefFit, left: float, top: float, pixel: float,
                start: int, rows: int, width: int, add_alpha: bool) -> np.ndarray:
    """Rows ``start``..``start + rows`` of the map grid, sampled from the scan (nearest pixel)."""
    xs = left + (np.arange(width) + 0.5) * pixel
    ys = top - (np.arange(start, start + rows) + 0.5) * pixel
    grid_x, grid_y = np.meshgrid(xs, ys)
    cols, image_rows = georef.to_pixel(grid_x, grid_y)
    bands, height, image_width = pixels.shape
    ci, ri = np.floor(cols).astype(np.int64), np.floor(image_rows).astype(np.int64)
    inside = (ci >= 0) & (ci < image_width) & (ri >= 0) & (ri < height)
    ci, ri = np.clip(ci, 0, image_width - 1), np.clip(ri, 0, height - 1)
    out = pixels[:, ri, ci]
    if add_alpha:
        out = np.concatenate([out, (inside * 255).astype(np.uint8)[None]], axis=0)
    else:
        out[-1][~inside] = 0
    return out


def remove_staging(path: str | Path) -> None:
    """Delete a staging file (and SQLite's companions) once the project holds its tiles."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        try:
            os.unlink(f"{path}{suffix}")
        except FileNotFoundError:
            pass

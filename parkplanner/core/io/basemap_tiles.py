"""Turning a raster into a base map: read it with GDAL (through rasterio), warp it to the project
CRS and write it as a GeoPackage tile pyramid into a staging file; the project writer then copies
the tile rows into the project file (basemap_store).

Sources: any georeferenced raster GDAL reads (GeoTIFF, JPEG 2000...), a JPG/PNG/TIFF with a world
file (.jgw/.pgw/.tfw; GDAL finds it beside the image, the CRS comes from the user), an offline tile
package (MBTiles, GeoPackage tiles), or a scan georeferenced here from control points
(basemap_georef). GDAL reads and warps (WarpedVRT); basemap_pyramid writes the tiles and their
zoom pyramid in one pass over the pixels.
"""
from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Callable

import numpy as np
import rasterio
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError, ProjError
from rasterio._err import CPLE_BaseError  # what GDAL's own errors become; not re-exported by rasterio
from rasterio.enums import ColorInterp, MaskFlags, Resampling
from rasterio.errors import RasterioError
from rasterio.vrt import WarpedVRT
from rasterio.windows import Window

from parkplanner.core.io.basemap_georef import GeorefFit
from parkplanner.core.io.basemap_pyramid import RasterStrips, remove_staging, write_pyramid

__all__ = ["BaseMapError", "STAGING_TABLE", "build_tiles",
           "build_georeferenced_tiles", "open_source", "needs_crs", "remove_staging", "palette_rgba"]

#: The tile table's name inside a staging file; the project file names it after the base map.
STAGING_TABLE = "tiles"
#: What reading a bad raster raises: rasterio's errors and GDAL's (a TIFF damaged past its header
#: fails only when its pixels are read).
_GDAL_ERRORS = (RasterioError, CPLE_BaseError)
#: GDAL decodes the compressed blocks one read covers on every core, and warps on every core.
#: A GeoTIFF takes the setting when it is opened, not when it is read.
_ALL_CORES = "ALL_CPUS"


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
        with warnings.catch_warnings(), rasterio.Env(GDAL_NUM_THREADS=_ALL_CORES):
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


def build_tiles(source: str | Path, staging: str | Path, project_crs: str, crs: str | None = None, *,
                cancel=None, progress: Callable[[float], None] | None = None) -> None:
    """Warp ``source`` to ``project_crs`` and write its tile pyramid to the new file ``staging``.

    ``crs`` overrides (or supplies) the source's CRS, e.g. for an image with a world file.
    ``cancel`` and ``progress`` are write_pyramid's: a cancelled build leaves no file.
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
                _write_tiles(dataset, Path(staging), target, cancel, progress)
            else:
                with WarpedVRT(dataset, src_crs=source_crs.to_wkt(), crs=target.to_wkt(),
                               resampling=Resampling.bilinear, add_alpha=not _has_alpha(dataset),
                               num_threads=_ALL_CORES) as warped:
                    _write_tiles(warped, Path(staging), target, cancel, progress)
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


def _write_tiles(dataset, staging: Path, target: CRS, cancel, progress) -> None:
    """Tile a north-up dataset in the project CRS (the source itself or its warped VRT)."""
    transform = dataset.transform
    channels, read = _strip_reader(dataset)
    write_pyramid(RasterStrips(dataset.width, dataset.height, channels, transform.c, transform.f, transform.a,
                               -transform.e, read), staging, target, STAGING_TABLE, cancel=cancel, progress=progress)


def _strip_reader(dataset) -> tuple[int, Callable[[int, int], np.ndarray]]:
    """(channels, read(start, rows)) of the dataset's pixels as write_pyramid takes them. Indexed
    colours become RGBA; a nodata value or mask, where there is no alpha band, becomes one."""
    width = dataset.width
    if dataset.count == 1 and dataset.colorinterp[0] == ColorInterp.palette:
        colormap = dataset.colormap(1)
        return 4, lambda start, rows: palette_rgba(dataset.read(1, window=Window(0, start, width, rows)), colormap)
    count = dataset.count
    masked = count in (1, 3) and any(MaskFlags.all_valid not in flags for flags in dataset.mask_flag_enums)
    channels = count + 1 if masked else count

    def read(start: int, rows: int) -> np.ndarray:
        window = Window(0, start, width, rows)
        pixels = np.empty((rows, width, channels), np.uint8)
        dataset.read(out=pixels[:, :, :count].transpose(2, 0, 1), window=window)
        if masked:
            pixels[:, :, count] = dataset.dataset_mask(window=window)
        return pixels

    return channels, read


def build_georeferenced_tiles(source: str | Path, staging: str | Path, project_crs: str,
                              georef: GeorefFit, *, cancel=None,
                              progress: Callable[[float], None] | None = None) -> None:
    """Warp a scan through the control-point fit ``georef`` (map points in the project CRS) and
    write its tile pyramid to ``staging``. Pixels outside the scan are transparent."""
    path = Path(source)
    with open_source(path) as dataset:
        _check_pixels(dataset, path)
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
            if dataset.colorinterp[0] == ColorInterp.palette:  # indexed colours: warped as RGBA, not as greys
                source_pixels, has_alpha = palette_rgba(dataset.read(1), dataset.colormap(1)), True
            else:
                # Read straight into rows of pixels: one copy of the scan, not two (reordered).
                source_pixels = np.empty((dataset.height, dataset.width, dataset.count), np.uint8)
                dataset.read(out=source_pixels.transpose(2, 0, 1))
                has_alpha = _has_alpha(dataset)
        except _GDAL_ERRORS as exc:
            raise _describe(path, f"the image is damaged ({_first_line(exc)})") from None
    channels = source_pixels.shape[2] + (0 if has_alpha else 1)
    write_pyramid(RasterStrips(width, height, channels, left, top, pixel, pixel,
                               lambda start, rows: _warp_strip(source_pixels, georef, left, top, pixel, start, rows,
                                                               width, add_alpha=not has_alpha)),
                  Path(staging), CRS.from_user_input(project_crs), STAGING_TABLE, cancel=cancel, progress=progress)


def palette_rgba(indices: np.ndarray, colormap: dict) -> np.ndarray:
    """(h, w, 4) RGBA of an indexed-colour band (a scan exported from CAD often is one)."""
    lut = np.zeros((256, 4), np.uint8)
    for index, colour in colormap.items():
        lut[index] = colour
    return lut[indices]


def _jacobian(georef: GeorefFit, col: float, row: float) -> np.ndarray:
    """How one pixel step along the image's columns and rows moves on the map, at (col, row)."""
    xs, ys = georef.to_map([col, col + 1, col], [row, row, row + 1])
    return np.array([[xs[1] - xs[0], xs[2] - xs[0]], [ys[1] - ys[0], ys[2] - ys[0]]])


def _warp_strip(pixels: np.ndarray, georef: GeorefFit, left: float, top: float, pixel: float,
                start: int, rows: int, width: int, add_alpha: bool) -> np.ndarray:
    """Rows ``start``..``start + rows`` of the map grid, sampled (nearest pixel) from the scan's
    (h, w, bands) ``pixels``, as (rows, width, bands, plus alpha if ``add_alpha``)."""
    xs = left + (np.arange(width) + 0.5) * pixel
    ys = top - (np.arange(start, start + rows) + 0.5) * pixel
    grid_x, grid_y = np.meshgrid(xs, ys)
    cols, image_rows = georef.to_pixel(grid_x, grid_y)
    height, image_width, bands = pixels.shape
    ci, ri = np.floor(cols).astype(np.int64), np.floor(image_rows).astype(np.int64)
    inside = (ci >= 0) & (ci < image_width) & (ri >= 0) & (ri < height)
    ci, ri = np.clip(ci, 0, image_width - 1), np.clip(ri, 0, height - 1)
    out = np.empty((rows, width, bands + int(add_alpha)), np.uint8)
    out[:, :, :bands] = pixels[ri, ci]
    if add_alpha:
        out[:, :, bands] = inside * np.uint8(255)
    else:
        out[:, :, -1][~inside] = 0
    return out

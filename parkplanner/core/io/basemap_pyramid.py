"""Writing a base map's tile pyramid into a staging GeoPackage in one streaming pass.

The image is read in strips of whole tile rows; each strip is cut into 256 px tiles, which a few
threads encode (Pillow releases the GIL while it compresses), and halved to feed the next coarser
level, itself cut and halved in turn as its rows arrive. So every pixel is read and decoded once,
memory holds a few strips whatever the image's size, and the tiles go into one SQLite transaction
on a scratch file that needs no journal. GDAL's GeoPackage driver, which wrote the base level and
then decoded it again to build each overview, took three to four times as long for a large photo.

What is written follows GDAL's layout for the same image, so GDAL and QGIS read it as they read
GDAL's own: the tile grid starts at the image's top-left corner; the finest level keeps the
image's pixel size, each coarser one doubles it until the whole image fits one 256 px tile (zoom
level 0); tiles are JPEG (quality 75, GDAL's default) where every pixel is opaque, PNG with alpha
where some are transparent (the image's edge, outside a warped image), and absent where none is
opaque. Coarser pixels are the average of the 2 x 2 pixels below, weighted by their opacity
(GDAL averages the decoded JPEG of the level below instead, at a ratio rounded to whole pixels).
"""
from __future__ import annotations

import io
import os
import sqlite3
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
from PIL import Image
from pyproj import CRS
from pyproj.enums import WktVersion

from parkplanner.core.io.basemap_store import TileMatrix, start_tile_file
from parkplanner.core.io.gpkg_tables import quote

__all__ = ["TILE_SIZE", "JPEG_QUALITY", "TilingCancelled", "RasterStrips", "pyramid_levels", "write_pyramid",
           "remove_staging"]

TILE_SIZE = 256
#: GDAL's default for GeoPackage tiles: the tiles look as those GDAL writes, at the same size.
JPEG_QUALITY = 75
#: Rows read per step: two tile rows, so a source tiled in 512 px blocks is decoded block row by
#: block row, and GDAL decodes the blocks of one step on several threads.
READ_ROWS = 2 * TILE_SIZE
#: Tiles handed to the encoders and not yet written: bounds the strips kept alive for them.
_QUEUED_TILES = 512
_MODES = {1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}
_ALPHA_MODES = ("LA", "RGBA")
#: zlib level of PNG tiles (GDAL uses 6): the edge tiles are the costliest to encode, and level 6
#: takes three times as long as level 1 to save a fifth of their bytes.
_PNG_LEVEL = 1


class TilingCancelled(Exception):
    """The planner cancelled while the tiles were written; the staging file is gone."""


@dataclass(frozen=True)
class RasterStrips:
    """What the writer tiles: the finest level's size and place in the project CRS, and how to
    read its rows: ``read(start, rows)`` returns a C-contiguous (rows, width, channels) uint8
    array; channels 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA."""

    width: int
    height: int
    channels: int
    left: float
    top: float
    pixel_x: float
    pixel_y: float
    read: Callable[[int, int], np.ndarray]


def pyramid_levels(width: int, height: int, pixel_x: float, pixel_y: float) -> list[TileMatrix]:
    """The tile matrices, coarsest (zoom 0, one tile) first: each finer level halves the pixel
    and doubles the tiles a side, down to the image's own pixel."""
    finest = 0
    while TILE_SIZE << finest < max(width, height):
        finest += 1
    return [TileMatrix(zoom, 1 << zoom, 1 << zoom, TILE_SIZE, TILE_SIZE, pixel_x * (1 << (finest - zoom)),
                       pixel_y * (1 << (finest - zoom))) for zoom in range(finest + 1)]


def _srs_row(crs: CRS) -> tuple:
    """The gpkg_spatial_ref_sys row of ``crs`` (GDAL's choice: its EPSG code, else 'NONE' 100000)."""
    authority = crs.to_authority()
    try:
        definition = crs.to_wkt(WktVersion.WKT1_GDAL)
    except Exception:  # a CRS WKT1 cannot state; the name and code still identify it
        definition = None
    if authority is not None and authority[0].upper() == "EPSG" and authority[1].isdigit():
        code = int(authority[1])
        return (crs.name, code, "EPSG", code, definition or "undefined", None)
    return (crs.name, 100000, "NONE", 100000, definition or crs.to_wkt(), None)


def write_pyramid(raster: RasterStrips, staging: str | Path, crs: CRS, table: str, *,
                  cancel=None, progress: Callable[[float], None] | None = None) -> None:
    """Write the tile pyramid of ``raster`` as tile table ``table`` of the new GeoPackage ``staging``.

    ``cancel`` (an Event, or a callable returning True) stops the work: TilingCancelled, and no
    file is left; ``progress(fraction)`` is called after each strip read. Whatever goes wrong,
    ``staging`` is removed before the error propagates.
    """
    staging = Path(staging)
    remove_staging(staging)
    cancelled = (cancel.is_set if hasattr(cancel, "is_set") else cancel) if cancel is not None else (lambda: False)
    levels = pyramid_levels(raster.width, raster.height, raster.pixel_x, raster.pixel_y)
    span_x, span_y = levels[0].pixel_x * TILE_SIZE, levels[0].pixel_y * TILE_SIZE
    con = sqlite3.connect(staging, isolation_level=None)
    try:
        # A scratch file, thrown away on any failure: no journal, no waiting for the disk.
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        con.execute("BEGIN")
        start_tile_file(con, table, _srs_row(crs),
                        (raster.left, raster.top - raster.height * raster.pixel_y,
                         raster.left + raster.width * raster.pixel_x, raster.top),
                        (raster.left, raster.top - span_y, raster.left + span_x, raster.top), levels)
        _Pyramid(raster, levels, con, table, cancelled, progress).run()
        con.execute("COMMIT")
    except BaseException:
        con.close()
        remove_staging(staging)
        raise
    con.close()


def remove_staging(path: str | Path) -> None:
    """Delete a staging file (and SQLite's companions) once the project holds its tiles."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        try:
            os.unlink(f"{path}{suffix}")
        except FileNotFoundError:
            pass


class _Pyramid:
    """One pass over the image: strips in, tiles of every level out."""

    def __init__(self, raster: RasterStrips, levels: list[TileMatrix], con: sqlite3.Connection, table: str,
                 cancelled: Callable[[], bool], progress: Callable[[float], None] | None) -> None:
        self.raster, self.con, self.cancelled, self.progress = raster, con, cancelled, progress
        self.finest = len(levels) - 1
        self.mode = _MODES[raster.channels]
        self.table = table
        #: Per zoom level: rows received and not yet cut into tiles, and the next tile row.
        self.pending: list[list[np.ndarray]] = [[] for _ in levels]
        self.next_row = [0] * len(levels)
        self.queued: deque[tuple[int, int, int, Future]] = deque()

    def run(self) -> None:
        raster = self.raster
        workers = max(2, min(4, os.cpu_count() or 2))
        with ThreadPoolExecutor(1, thread_name_prefix="basemap-read") as reader, \
                ThreadPoolExecutor(workers, thread_name_prefix="basemap-encode") as self.encoders:
            try:
                starts = range(0, raster.height, READ_ROWS)
                ahead = reader.submit(raster.read, 0, min(READ_ROWS, raster.height))
                for start in starts:
                    if self.cancelled():
                        raise TilingCancelled("cancelled")
                    block = ahead.result()
                    following = start + READ_ROWS
                    if following < raster.height:  # decoded while this strip is encoded
                        ahead = reader.submit(raster.read, following, min(READ_ROWS, raster.height - following))
                    self._feed(self.finest, block)
                    if self.progress is not None:
                        self.progress(min(1.0, following / raster.height))
                for zoom in range(self.finest, -1, -1):  # the bottom rows, short of a whole tile row
                    if self.pending[zoom]:
                        self._emit(zoom, _joined(self.pending[zoom]))
                        self.pending[zoom] = []
                self._write(0)
            except BaseException:
                for *_, future in self.queued:
                    future.cancel()
                raise

    def _feed(self, zoom: int, rows: np.ndarray) -> None:
        """Rows of level ``zoom`` continuing those received: each whole tile row is emitted."""
        pending = self.pending[zoom]
        pending.append(rows)
        while sum(len(part) for part in pending) >= TILE_SIZE:
            joined = _joined(pending)
            pending[:] = [joined[TILE_SIZE:]] if len(joined) > TILE_SIZE else []
            self._emit(zoom, joined[:TILE_SIZE])

    def _emit(self, zoom: int, strip: np.ndarray) -> None:
        """Encode the tiles of one tile row of level ``zoom`` and pass it, halved, to the level above."""
        row = self.next_row[zoom]
        self.next_row[zoom] += 1
        for column, left in enumerate(range(0, strip.shape[1], TILE_SIZE)):
            tile = strip[:, left:left + TILE_SIZE]
            self.queued.append((zoom, column, row, self.encoders.submit(_encode, tile, self.mode)))
        self._write(_QUEUED_TILES)
        if zoom > 0:
            self._feed(zoom - 1, self._halve(strip))

    def _halve(self, strip: np.ndarray) -> np.ndarray:
        """The strip at half the resolution (an odd last row or column averages what there is)."""
        rows, width = strip.shape[:2]
        image = Image.frombuffer(self.mode, (width, rows), np.ascontiguousarray(strip), "raw", self.mode, 0, 1)
        # Pillow's reduce weighs colours by their alpha (LA, RGBA): no black fringe along transparency.
        return _pixels(image.reduce(2), self.raster.channels)

    def _write(self, keep: int) -> None:
        """Insert the encoded tiles, oldest first, until at most ``keep`` are still queued."""
        rows = []
        while self.queued and (len(self.queued) > keep or self.queued[0][3].done()):
            zoom, column, row, future = self.queued.popleft()
            data = future.result()
            if data is not None:
                rows.append((zoom, column, row, data))
        if rows:
            self.con.executemany(f"INSERT INTO {quote(self.table)} (zoom_level, tile_column, tile_row, tile_data) "
                                 "VALUES (?, ?, ?, ?)", rows)


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    return parts[0] if len(parts) == 1 else np.concatenate(parts, axis=0)


def _pixels(image: Image.Image, channels: int) -> np.ndarray:
    array = np.asarray(image)
    return array[:, :, None] if channels == 1 else array


def _encode(tile: np.ndarray, mode: str) -> bytes | None:
    """A tile's image: JPEG if wholly opaque, else PNG with alpha; None if wholly transparent.
    A tile at the image's right or bottom edge is padded with transparent pixels."""
    rows, width, channels = tile.shape
    has_alpha = mode in _ALPHA_MODES
    if rows < TILE_SIZE or width < TILE_SIZE:
        padded = np.zeros((TILE_SIZE, TILE_SIZE, channels + (0 if has_alpha else 1)), np.uint8)
        padded[:rows, :width, :channels] = tile
        if not has_alpha:
            padded[:rows, :width, channels] = 255
        tile, has_alpha = padded, True
    buffer = io.BytesIO()
    if has_alpha:
        alpha = tile[:, :, -1]
        if not alpha.any():
            return None
        if alpha.min() < 255:
            Image.fromarray(np.ascontiguousarray(tile)).save(buffer, "PNG", compress_level=_PNG_LEVEL)  # LA or RGBA
            return buffer.getvalue()
        tile = tile[:, :, :-1]
    colour = np.ascontiguousarray(tile[:, :, 0] if tile.shape[2] == 1 else tile)
    Image.fromarray(colour).save(buffer, "JPEG", quality=JPEG_QUALITY)  # L or RGB, by its shape
    return buffer.getvalue()

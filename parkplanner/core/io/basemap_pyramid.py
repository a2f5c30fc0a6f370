"""Writing an image as a GeoPackage tile pyramid in one pass over its rows.

GDAL's GeoPackage driver wrote the full-resolution tiles, then built each coarser level by reading
those tiles back, decoding, averaging and encoding them again, one tile at a time: most of the
46 s a 20,000 x 20,000 px photo took. Here the image is read once, in strips of rows; each strip
is cut into tiles, and halved (2 x 2 pixel averages) into the next level's rows, and so on, so
every level is made from the level below while it is still in memory. Tiles are encoded by Pillow
on every core (its encoders run without Python's lock): JPEG where a tile is opaque, PNG where
it has transparent pixels (the corners of a warped image, the image's edge), none where it is
empty, as GDAL's TILE_FORMAT=AUTO does.

GDAL still creates the GeoPackage and registers the table (SRS, contents, tile matrix set and one
tile matrix per zoom level, coarsest one tile), so the layout is GDAL's own; only the tile rows
are written here, and the table's triggers check each against its matrix.
"""
from __future__ import annotations

import io
import os
import sqlite3
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Iterable

import numpy as np
import rasterio
from PIL import Image

__all__ = ["write_pyramid", "TILE_SIZE", "JPEG_QUALITY"]

TILE_SIZE = 256
#: GDAL's default for JPEG tiles in a GeoPackage.
JPEG_QUALITY = 75
#: Encoded tiles waiting to be inserted, at most: bounds memory while the workers catch up.
_PENDING = 256


def write_pyramid(staging: Path, strips: Iterable[np.ndarray], width: int, height: int, crs, transform,
                  alpha: bool, table: str, gdal_options: dict) -> None:
    """Write the image given as ``strips`` ((bands, rows, width) uint8, top to bottom, each a
    multiple of TILE_SIZE rows but the last) into the new GeoPackage ``staging`` as tile table
    ``table``; ``alpha``: whether the last band is transparency (else the image is opaque)."""
    strips = iter(strips)
    first = next(strips)
    bands = first.shape[0]
    with rasterio.Env(**gdal_options), rasterio.open(
            staging, "w", driver="GPKG", width=width, height=height, count=bands, dtype="uint8", crs=crs,
            transform=transform, RASTER_TABLE=table, TILE_FORMAT="AUTO", BLOCKSIZE=TILE_SIZE, VERSION="1.2"):
        pass  # GDAL registers the table and its zoom levels; the rows come below
    con = sqlite3.connect(staging, isolation_level=None)
    try:
        con.execute("PRAGMA synchronous=OFF")  # a scratch file: thrown away if anything fails
        con.execute("PRAGMA journal_mode=OFF")
        finest = con.execute("SELECT max(zoom_level) FROM gpkg_tile_matrix WHERE table_name = ?", (table,)).fetchone()[0]
        con.execute("BEGIN")
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            writer = _TileWriter(con, table, pool)
            pyramid = _Pyramid(finest, writer)
            pyramid.add(0, _with_alpha(first, alpha))
            for strip in strips:
                pyramid.add(0, _with_alpha(strip, alpha))
            pyramid.finish()
            writer.flush(0)
        con.execute("COMMIT")
    finally:
        con.close()


def _with_alpha(strip: np.ndarray, alpha: bool) -> np.ndarray:
    if alpha:
        return strip
    return np.concatenate([strip, np.full((1, *strip.shape[1:]), 255, np.uint8)])


class _TileWriter:
    """Encodes tiles on the pool and inserts them in order as they are done."""

    def __init__(self, con: sqlite3.Connection, table: str, pool: ThreadPoolExecutor) -> None:
        self.pool = pool
        self.pending: deque[tuple[int, int, int, Future]] = deque()
        self.con = con
        self.sql = (f'INSERT INTO "{table}" (zoom_level, tile_column, tile_row, tile_data) '
                    "VALUES (?, ?, ?, ?)")

    def put(self, zoom: int, column: int, row: int, tile: np.ndarray) -> None:
        self.pending.append((zoom, column, row, self.pool.submit(_encode, tile)))
        if len(self.pending) > _PENDING:
            self.flush(_PENDING // 2)

    def flush(self, keep: int) -> None:
        rows = []
        while len(self.pending) > keep:
            zoom, column, row, future = self.pending.popleft()
            rows.append((zoom, column, row, future.result()))
        self.con.executemany(self.sql, rows)


def _encode(tile: np.ndarray) -> bytes:
    """(bands + alpha, 256, 256) -> JPEG when opaque, PNG otherwise."""
    buffer = io.BytesIO()
    colour = tile[:-1]
    if tile[-1].min() == 255:
        image = Image.fromarray(colour[0] if len(colour) == 1 else np.moveaxis(colour, 0, -1))
        image.save(buffer, "JPEG", quality=JPEG_QUALITY)
    else:
        mode = "LA" if len(colour) == 1 else "RGBA"
        Image.fromarray(np.moveaxis(tile, 0, -1), mode=mode).save(buffer, "PNG", compress_level=6)
    return buffer.getvalue()


class _Pyramid:
    """Rows of each level not yet cut into tiles; level 0 is the image, level k halves level k-1."""

    def __init__(self, finest_zoom: int, writer: _TileWriter) -> None:
        self.finest = finest_zoom
        self.writer = writer
        self.rows: list[list[np.ndarray]] = [[] for _ in range(finest_zoom + 1)]
        self.done_rows = [0] * (finest_zoom + 1)  # tile rows emitted per level

    def add(self, level: int, strip: np.ndarray) -> None:
        if level > self.finest or not strip.shape[1]:
            return
        self.rows[level].append(strip)
        buffered = sum(s.shape[1] for s in self.rows[level])
        if buffered < TILE_SIZE:
            return
        block = self.rows[level][0] if len(self.rows[level]) == 1 else np.concatenate(self.rows[level], axis=1)
        whole = (buffered // TILE_SIZE) * TILE_SIZE
        self.rows[level] = [block[:, whole:]] if whole < buffered else []
        self._emit(level, block[:, :whole])
        self.add(level + 1, _halve(block[:, :whole]))

    def finish(self) -> None:
        for level in range(self.finest + 1):
            if self.rows[level]:
                block = np.concatenate(self.rows[level], axis=1)
                self.rows[level] = []
                self._emit(level, block)
                self.add(level + 1, _halve(block))

    def _emit(self, level: int, block: np.ndarray) -> None:
        """Cut ``block`` (whole tile rows, the last possibly short) into tiles of ``level``."""
        bands, height, width = block.shape
        padded_h = -(-height // TILE_SIZE) * TILE_SIZE
        padded_w = -(-width // TILE_SIZE) * TILE_SIZE
        if (padded_h, padded_w) != (height, width):
            out = np.zeros((bands, padded_h, padded_w), np.uint8)  # transparent beyond the image
            out[:, :height, :width] = block
            block = out
        zoom = self.finest - level
        for r in range(padded_h // TILE_SIZE):
            row = self.done_rows[level]
            self.done_rows[level] += 1
            for c in range(padded_w // TILE_SIZE):
                tile = block[:, r * TILE_SIZE:(r + 1) * TILE_SIZE, c * TILE_SIZE:(c + 1) * TILE_SIZE]
                if tile[-1].max() == 0:
                    continue  # nothing there: no row, as GDAL leaves it
                self.writer.put(zoom, c, row, np.ascontiguousarray(tile))


def _halve(block: np.ndarray) -> np.ndarray:
    """2 x 2 averages (an odd last row or column pairs with transparency). Colour is averaged over
    the opaque pixels only, so the image's edge does not darken at coarser levels."""
    bands, height, width = block.shape
    if height % 2 or width % 2:
        out = np.zeros((bands, height + height % 2, width + width % 2), np.uint8)
        out[:, :height, :width] = block
        block = out
    alpha = block[-1]
    if alpha.min() == 255:  # the usual case: plain averages, rows first (strided sums are the quick way)
        pairs = block[:, 0::2].astype(np.uint16)
        pairs += block[:, 1::2]
        quads = pairs[:, :, 0::2] + pairs[:, :, 1::2]
        quads += 2
        quads >>= 2
        return quads.astype(np.uint8)
    a = alpha.astype(np.uint32)
    weight = a[0::2, 0::2] + a[1::2, 0::2] + a[0::2, 1::2] + a[1::2, 1::2]
    out = np.empty((bands, *weight.shape), np.uint8)
    safe = np.maximum(weight, 1)
    for band in range(bands - 1):
        c = block[band].astype(np.uint32) * a
        colour = c[0::2, 0::2] + c[1::2, 0::2] + c[0::2, 1::2] + c[1::2, 1::2]
        out[band] = (colour + safe // 2) // safe
    out[-1] = (weight + 2) >> 2
    return out

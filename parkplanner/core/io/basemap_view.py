"""Which tiles of a base map a view needs: the pyramid level closest to the screen's pixels and
the tile range over the view, read from the project file (or a staging file) with sqlite3.

Qt-free: the canvas decodes the tile images. Each call opens its own read-only connection, so
render jobs on worker threads never share one.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from threading import Lock

from parkplanner.core.io.basemap_store import TileMatrix, TilePyramid, tile_pyramid
from parkplanner.core.io.gpkg_tables import connect_read_only, quote

__all__ = ["ViewTile", "pick_level", "tiles_in_view", "read_tiles", "pyramid_of"]

_pyramids: dict[tuple[str, str, float], TilePyramid] = {}
_pyramids_lock = Lock()


@dataclass(frozen=True, slots=True)
class ViewTile:
    zoom: int
    column: int
    row: int
    #: (min_x, min_y, max_x, max_y) the tile covers on the map.
    bounds: tuple[float, float, float, float]


def pyramid_of(source: str, table: str) -> TilePyramid:
    """The layout of ``table`` in ``source``, read once per file version (it never changes in place)."""
    key = (source, table, Path(source).stat().st_mtime)
    with _pyramids_lock:
        cached = _pyramids.get(key)
    if cached is None:
        con = connect_read_only(Path(source))
        try:
            cached = tile_pyramid(con, table)
        finally:
            con.close()
        with _pyramids_lock:
            _pyramids[key] = cached
    return cached


def pick_level(pyramid: TilePyramid, pixel_size: float) -> TileMatrix | None:
    """The coarsest level at least as sharp as the screen (finest when zoomed in beyond it)."""
    if not pyramid.levels:
        return None
    for level in pyramid.levels:  # coarsest first
        if level.pixel_x <= pixel_size * 1.0001:
            return level
    return pyramid.levels[-1]


def tiles_in_view(pyramid: TilePyramid, level: TileMatrix,
                  extent: tuple[float, float, float, float]) -> list[ViewTile]:
    """The tile positions of ``level`` overlapping ``extent`` (some may hold no tile: blank areas)."""
    grid_minx, _, _, grid_maxy = pyramid.grid_bounds
    span_x, span_y = level.tile_width * level.pixel_x, level.tile_height * level.pixel_y
    minx, miny, maxx, maxy = extent
    first_col = max(0, math.floor((minx - grid_minx) / span_x))
    last_col = min(level.columns - 1, math.floor((maxx - grid_minx) / span_x))
    first_row = max(0, math.floor((grid_maxy - maxy) / span_y))
    last_row = min(level.rows - 1, math.floor((grid_maxy - miny) / span_y))
    out = []
    for row in range(first_row, last_row + 1):
        top = grid_maxy - row * span_y
        for col in range(first_col, last_col + 1):
            left = grid_minx + col * span_x
            out.append(ViewTile(level.zoom, col, row, (left, top - span_y, left + span_x, top)))
    return out


def read_tiles(source: str, table: str, tiles: list[ViewTile]) -> dict[tuple[int, int, int], bytes]:
    """The encoded images of ``tiles`` present in the table, by (zoom, column, row)."""
    if not tiles:
        return {}
    con = connect_read_only(Path(source))
    try:
        query = (f"SELECT tile_data FROM {quote(table)} WHERE zoom_level = ? AND tile_column = ? "
                 "AND tile_row = ?")
        out = {}
        for tile in tiles:
            found = con.execute(query, (tile.zoom, tile.column, tile.row)).fetchone()
            if found is not None:
                out[(tile.zoom, tile.column, tile.row)] = bytes(found[0])
        return out
    finally:
        con.close()

"""Base maps inside the project file: their tile tables (OGC GeoPackage "2D gridded tiles") and
the ``basemaps`` table saying how each is shown.

A save writes a new project file; the tile rows of every base map are copied into it in SQL from
the file that holds them now (the project file being replaced, or a staging file of a base map
added since), so the image is never decoded or encoded again. Tile tables are named
``basemap__<n>``, in the project CRS, with GDAL's tile matrix layout (zoom level 0 is the coarsest,
one tile covering the whole image), so GDAL and QGIS open them from the one project file.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from parkplanner.core.io.gpkg_tables import quote
from parkplanner.core.model.basemap import BaseMap

__all__ = ["BASEMAPS_TABLE", "BASEMAP_COLUMNS", "BASEMAP_DESCRIPTION", "basemap_rows", "basemaps_from_rows",
           "copy_tile_tables", "tile_table_names", "TileMatrix", "TilePyramid", "tile_pyramid"]

BASEMAPS_TABLE = "basemaps"
BASEMAP_DESCRIPTION = "Raster base maps: their tile tables, order and display settings"
BASEMAP_COLUMNS = (("name", "TEXT"), ("tile_table", "TEXT"), ("position", "INTEGER"), ("opacity", "REAL"),
                   ("visible", "INTEGER"), ("greyscale", "INTEGER"), ("origin", "TEXT"),
                   ("control_points", "TEXT"))
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')"
#: The tile table and metadata tables as the GeoPackage standard (1.2, clause 2.2) defines them.
_TILE_TABLE_COLUMNS = ("(id INTEGER PRIMARY KEY AUTOINCREMENT, zoom_level INTEGER NOT NULL, "
                       "tile_column INTEGER NOT NULL, tile_row INTEGER NOT NULL, tile_data BLOB NOT NULL, "
                       "UNIQUE (zoom_level, tile_column, tile_row))")
_MATRIX_SET_SQL = ("CREATE TABLE IF NOT EXISTS gpkg_tile_matrix_set (table_name TEXT NOT NULL PRIMARY KEY, "
                   "srs_id INTEGER NOT NULL, min_x DOUBLE NOT NULL, min_y DOUBLE NOT NULL, max_x DOUBLE NOT NULL, "
                   "max_y DOUBLE NOT NULL, CONSTRAINT fk_gtms_table_name FOREIGN KEY (table_name) REFERENCES "
                   "gpkg_contents(table_name), CONSTRAINT fk_gtms_srs FOREIGN KEY (srs_id) REFERENCES "
                   "gpkg_spatial_ref_sys (srs_id))")
_MATRIX_SQL = ("CREATE TABLE IF NOT EXISTS gpkg_tile_matrix (table_name TEXT NOT NULL, zoom_level INTEGER NOT NULL, "
               "matrix_width INTEGER NOT NULL, matrix_height INTEGER NOT NULL, tile_width INTEGER NOT NULL, "
               "tile_height INTEGER NOT NULL, pixel_x_size DOUBLE NOT NULL, pixel_y_size DOUBLE NOT NULL, "
               "CONSTRAINT pk_ttm PRIMARY KEY (table_name, zoom_level), CONSTRAINT fk_tmm_table_name FOREIGN KEY "
               "(table_name) REFERENCES gpkg_contents(table_name))")


_PREFIX = "basemap__"


def tile_table_names(basemaps: Iterable[BaseMap]) -> list[str]:
    """The tile table each base map gets in a saved file.

    A base map read from a project file keeps its table's name, so the project in memory (whose
    base maps name the file they were opened from, and which the next save reads again) stays
    right after the file is replaced; one added since gets the next free ``basemap__<n>``.
    """
    basemaps = list(basemaps)
    names: list[str | None] = []
    taken: set[str] = set()
    for basemap in basemaps:
        keep = basemap.table.startswith(_PREFIX) and basemap.table not in taken
        names.append(basemap.table if keep else None)
        if keep:
            taken.add(basemap.table)
    number = 1
    for i, name in enumerate(names):
        if name is None:
            while f"{_PREFIX}{number}" in taken:
                number += 1
            names[i] = f"{_PREFIX}{number}"
            taken.add(names[i])
    return names  # type: ignore[return-value]


def basemap_rows(basemaps: Iterable[BaseMap], tables: list[str]) -> list[tuple]:
    """Rows of the basemaps table; ``tables`` are the tile tables the save gives them."""
    return [(b.name, table, i, float(b.opacity), int(b.visible), int(b.greyscale), b.origin, b.control_points)
            for i, (b, table) in enumerate(zip(basemaps, tables))]


def basemaps_from_rows(rows: list[dict[str, Any]], source: Path, tile_tables: set[str]) -> tuple[BaseMap, ...]:
    """The base maps of a file read at ``source``; rows whose tile table is gone are skipped, and
    display settings edited out of range elsewhere fall back to their defaults (never a refusal
    to open the project over them)."""
    ordered = sorted(rows, key=lambda r: (_number(r.get("position"), 0.0)))
    return tuple(
        BaseMap(name=str(r.get("name") or r["tile_table"]), table=str(r["tile_table"]), source=str(source),
                opacity=min(1.0, max(0.0, _number(r.get("opacity"), 1.0))),
                visible=bool(_number(r.get("visible"), 1.0)), greyscale=bool(_number(r.get("greyscale"), 0.0)),
                origin=str(r.get("origin") or ""), control_points=str(r.get("control_points") or ""))
        for r in ordered if r.get("tile_table") in tile_tables
    )


def _number(value: Any, default: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if number == number else default  # NaN


def copy_tile_tables(path: Path, basemaps: Iterable[BaseMap], tables: list[str]) -> None:
    """Copy each base map's tiles from its source file into the GeoPackage at ``path`` as ``tables``.

    Rows are copied as they are (no image is decoded); the tile matrix set is put in the SRS the
    project's layers use in ``path``.
    """
    basemaps = list(basemaps)
    if not basemaps:
        return
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA synchronous=OFF")  # a temporary that atomic_output fsyncs
        sources: dict[str, str] = {}
        for basemap in basemaps:
            if basemap.source not in sources:
                if not Path(basemap.source).is_file():
                    raise RuntimeError(f"the tiles of base map {basemap.name!r} are gone ({basemap.source} "
                                       f"was moved or deleted)")
                alias = f"source{len(sources)}"
                con.execute(f"ATTACH DATABASE ? AS {quote(alias)}", (basemap.source,))
                sources[basemap.source] = alias
        con.execute("BEGIN")
        con.execute(_MATRIX_SET_SQL)
        con.execute(_MATRIX_SQL)
        for basemap, table in zip(basemaps, tables):
            _copy_one(con, sources[basemap.source], basemap, table)
        con.execute("COMMIT")
        for alias in sources.values():
            con.execute(f"DETACH DATABASE {quote(alias)}")
    finally:
        con.close()


def _copy_one(con: sqlite3.Connection, alias: str, basemap: BaseMap, table: str) -> None:
    old = basemap.table
    source = quote(alias)
    row = con.execute(f"SELECT srs_id, min_x, min_y, max_x, max_y FROM {source}.gpkg_tile_matrix_set "
                      f"WHERE lower(table_name) = lower(?)", (old,)).fetchone()
    if row is None:
        raise RuntimeError(f"the tiles of base map {basemap.name!r} are missing from {basemap.source}")
    srs_id = _srs_in_target(con, alias, row[0])
    bounds = con.execute(f"SELECT min_x, min_y, max_x, max_y FROM {source}.gpkg_contents "
                         f"WHERE lower(table_name) = lower(?)", (old,)).fetchone() or row[1:]
    con.execute(f"CREATE TABLE {quote(table)} {_TILE_TABLE_COLUMNS}")
    con.execute(
        f"INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, "
        f"min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'tiles', ?, ?, {_NOW}, ?, ?, ?, ?, ?)",
        (table, basemap.name, f"Base map {basemap.name}", *bounds, srs_id))
    con.execute("INSERT INTO gpkg_tile_matrix_set VALUES (?, ?, ?, ?, ?, ?)", (table, srs_id, *row[1:]))
    con.execute(f"INSERT INTO gpkg_tile_matrix SELECT ?, zoom_level, matrix_width, matrix_height, tile_width, "
                f"tile_height, pixel_x_size, pixel_y_size FROM {source}.gpkg_tile_matrix "
                f"WHERE lower(table_name) = lower(?)", (table, old))
    con.execute(f"INSERT INTO {quote(table)} (zoom_level, tile_column, tile_row, tile_data) "
                f"SELECT zoom_level, tile_column, tile_row, tile_data FROM {source}.{quote(old)}")


def _srs_in_target(con: sqlite3.Connection, alias: str, source_srs: int) -> int:
    """The target's srs_id for the source's SRS (the same organisation code), added when missing."""
    source = quote(alias)
    srs = con.execute(f"SELECT srs_name, srs_id, organization, organization_coordsys_id, definition, description "
                      f"FROM {source}.gpkg_spatial_ref_sys WHERE srs_id = ?", (source_srs,)).fetchone()
    if srs is None:
        raise RuntimeError(f"the base map's SRS {source_srs} is not defined in its file")
    same = con.execute("SELECT srs_id FROM main.gpkg_spatial_ref_sys WHERE lower(organization) = lower(?) AND "
                       "organization_coordsys_id = ?", (srs[2], srs[3])).fetchone()
    if same is not None and srs[2].upper() != "NONE":
        return int(same[0])
    taken = con.execute("SELECT 1 FROM main.gpkg_spatial_ref_sys WHERE srs_id = ?", (source_srs,)).fetchone()
    new_id = source_srs if taken is None else con.execute(
        "SELECT max(100000, max(srs_id) + 1) FROM main.gpkg_spatial_ref_sys").fetchone()[0]
    con.execute("INSERT INTO main.gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)",
                (srs[0], new_id, srs[2], srs[3], srs[4], srs[5]))
    return int(new_id)


@dataclass(frozen=True, slots=True)
class TileMatrix:
    zoom: int
    columns: int
    rows: int
    tile_width: int
    tile_height: int
    pixel_x: float
    pixel_y: float


@dataclass(frozen=True)
class TilePyramid:
    """A tile table's layout: the tile grid's bounds (tile (0, 0) of every level starts at its top
    left), the data's bounds, and the zoom levels holding tiles, coarsest first."""

    table: str
    grid_bounds: tuple[float, float, float, float]
    data_bounds: tuple[float, float, float, float]
    levels: tuple[TileMatrix, ...]


def tile_pyramid(con: sqlite3.Connection, table: str) -> TilePyramid:
    grid = con.execute("SELECT min_x, min_y, max_x, max_y FROM gpkg_tile_matrix_set WHERE lower(table_name) = "
                       "lower(?)", (table,)).fetchone()
    if grid is None:
        raise ValueError(f"{table} is not a tile table")
    data = con.execute("SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE lower(table_name) = lower(?)",
                       (table,)).fetchone()
    if data is None or None in data:
        data = grid
    levels = tuple(TileMatrix(*r) for r in con.execute(
        "SELECT zoom_level, matrix_width, matrix_height, tile_width, tile_height, pixel_x_size, pixel_y_size "
        "FROM gpkg_tile_matrix WHERE lower(table_name) = lower(?) AND zoom_level IN "
        f"(SELECT DISTINCT zoom_level FROM {quote(table)}) ORDER BY zoom_level", (table,)))
    return TilePyramid(table, tuple(grid), tuple(data), levels)

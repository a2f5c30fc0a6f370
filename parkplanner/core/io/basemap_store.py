"""Base maps inside the project file: their tile tables (OGC GeoPackage "2D gridded tiles") and
the ``basemaps`` table saying how each is shown.

Tile tables are named ``basemap__<n>``, in the project CRS, with GDAL's tile matrix layout (zoom
level 0 is the coarsest, one tile covering the whole image), so GDAL and QGIS open them from the
one project file. Tiles reach a file by copying their rows in SQL (copy_tile_rows), never by decoding
and encoding the image again; which tables a save keeps, copies or drops is basemap_save's choice.
"""
from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from parkplanner.core.io.gpkg_tables import GPKG_APPLICATION_ID, quote
from parkplanner.core.model.basemap import BaseMap

__all__ = ["BASEMAPS_TABLE", "BASEMAP_COLUMNS", "BASEMAP_DESCRIPTION", "TILE_PREFIX", "basemap_rows",
           "basemaps_from_rows", "file_tile_keys", "register_tiles", "copy_tile_rows", "create_tile_table",
           "start_tile_file", "TileMatrix", "TilePyramid", "tile_pyramid"]

BASEMAPS_TABLE = "basemaps"
BASEMAP_DESCRIPTION = "Raster base maps: their tile tables, order and display settings"
BASEMAP_COLUMNS = (("name", "TEXT"), ("tile_table", "TEXT"), ("position", "INTEGER"), ("opacity", "REAL"),
                   ("visible", "INTEGER"), ("greyscale", "INTEGER"), ("origin", "TEXT"),
                   ("control_points", "TEXT"), ("tiles_key", "TEXT"))
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')"
#: The tile table and metadata tables as the GeoPackage standard (1.2, clause 2.2) defines them.
_TILE_TABLE_COLUMNS = ("(id INTEGER PRIMARY KEY AUTOINCREMENT, zoom_level INTEGER NOT NULL, "
                       "tile_column INTEGER NOT NULL, tile_row INTEGER NOT NULL, tile_data BLOB NOT NULL, "
                       "UNIQUE (zoom_level, tile_column, tile_row))")
_MATRIX_SET_COLUMNS = ("(table_name TEXT NOT NULL PRIMARY KEY, "
                   "srs_id INTEGER NOT NULL, min_x DOUBLE NOT NULL, min_y DOUBLE NOT NULL, max_x DOUBLE NOT NULL, "
                   "max_y DOUBLE NOT NULL, CONSTRAINT fk_gtms_table_name FOREIGN KEY (table_name) REFERENCES "
                   "gpkg_contents(table_name), CONSTRAINT fk_gtms_srs FOREIGN KEY (srs_id) REFERENCES "
                   "gpkg_spatial_ref_sys (srs_id))")
_MATRIX_COLUMNS = ("(table_name TEXT NOT NULL, zoom_level INTEGER NOT NULL, "
               "matrix_width INTEGER NOT NULL, matrix_height INTEGER NOT NULL, tile_width INTEGER NOT NULL, "
               "tile_height INTEGER NOT NULL, pixel_x_size DOUBLE NOT NULL, pixel_y_size DOUBLE NOT NULL, "
               "CONSTRAINT pk_ttm PRIMARY KEY (table_name, zoom_level), CONSTRAINT fk_tmm_table_name FOREIGN KEY "
               "(table_name) REFERENCES gpkg_contents(table_name))")
#: The GeoPackage core tables a file holding only tiles needs (clauses 1.1.2 and 1.1.3).
_SRS_COLUMNS = ("(srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL, "
                "organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)")
_CONTENTS_COLUMNS = ("(table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, "
                     f"description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT ({_NOW}), "
                     "min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER, "
                     "CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))")
_GPKG_VERSION = 10200  # 1.2.0
#: The rows every GeoPackage's SRS table holds (clause 1.1.2.1.2).
_REQUIRED_SRS = (
    ("Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system"),
    ("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"),
    ("WGS 84 geodetic", 4326, "EPSG", 4326,
     'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],'
     'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,'
     'AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]',
     "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"),
)


TILE_PREFIX = "basemap__"


def basemap_rows(basemaps: Iterable[BaseMap], tables: list[str]) -> list[tuple]:
    """Rows of the basemaps table; ``tables`` are the tile tables the save gives them."""
    return [(b.name, table, i, float(b.opacity), int(b.visible), int(b.greyscale), b.origin, b.control_points,
             b.key) for i, (b, table) in enumerate(zip(basemaps, tables))]


def basemaps_from_rows(rows: list[dict[str, Any]], source: Path, tile_tables: set[str]) -> tuple[BaseMap, ...]:
    """The base maps of a file read at ``source``; rows whose tile table is gone are skipped, and
    display settings edited out of range elsewhere fall back to their defaults (never a refusal
    to open the project over them)."""
    ordered = sorted(rows, key=lambda r: (_number(r.get("position"), 0.0)))
    return tuple(
        BaseMap(name=str(r.get("name") or r["tile_table"]), table=str(r["tile_table"]), source=str(source),
                opacity=min(1.0, max(0.0, _number(r.get("opacity"), 1.0))),
                visible=bool(_number(r.get("visible"), 1.0)), greyscale=bool(_number(r.get("greyscale"), 0.0)),
                origin=str(r.get("origin") or ""), control_points=str(r.get("control_points") or ""),
                key=_key(r, source))
        for r in ordered if r.get("tile_table") in tile_tables
    )


def _key(row: dict[str, Any], source: Path) -> str:
    """The stored key of a row's tiles; a file written before keys were stored gets one made from
    the file and table, the same each time it is read (so a save recognises the tiles in it)."""
    key = row.get("tiles_key")
    if isinstance(key, str) and key:
        return key
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{Path(source).resolve().as_uri()}#{row['tile_table']}").hex


def file_tile_keys(con: sqlite3.Connection, schema: str, path: Path) -> dict[str, str | None]:
    """The tile tables of the GeoPackage attached as ``schema`` (read from ``path``): {table: key of
    the base map it holds}, None for a tile table no base map row names."""
    names = {r[0] for r in con.execute(f"SELECT name FROM {quote(schema)}.sqlite_master WHERE type = 'table'")}
    if "gpkg_contents" not in names:
        return {}
    tables: dict[str, str | None] = {r[0]: None for r in con.execute(
        f"SELECT table_name FROM {quote(schema)}.gpkg_contents WHERE data_type = 'tiles'") if r[0] in names}
    if BASEMAPS_TABLE in names:
        columns = {r[1] for r in con.execute(f"PRAGMA {quote(schema)}.table_info({quote(BASEMAPS_TABLE)})")}
        wanted = "tile_table, tiles_key" if "tiles_key" in columns else "tile_table, NULL"
        for table, key in con.execute(f"SELECT {wanted} FROM {quote(schema)}.{quote(BASEMAPS_TABLE)}"):
            if table in tables:
                tables[table] = _key({"tile_table": table, "tiles_key": key}, path)
    return tables


def _number(value: Any, default: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if number == number else default  # NaN


def register_tiles(con: sqlite3.Connection, source: str, old: str, table: str, name: str, metadata: str) -> None:
    """Register the tile table ``old`` of the database attached as ``source`` as ``table`` in the
    GeoPackage tables of schema ``metadata``: contents, tile matrix set and matrices, its SRS."""
    src = quote(source)
    meta = quote(metadata)
    row = con.execute(f"SELECT srs_id, min_x, min_y, max_x, max_y FROM {src}.gpkg_tile_matrix_set "
                      f"WHERE lower(table_name) = lower(?)", (old,)).fetchone()
    if row is None:
        raise RuntimeError(f"the tiles of base map {name!r} are missing")
    _create_matrix_tables(con, metadata)
    srs_id = _srs_in_target(con, source, metadata, row[0])
    bounds = con.execute(f"SELECT min_x, min_y, max_x, max_y FROM {src}.gpkg_contents "
                         f"WHERE lower(table_name) = lower(?)", (old,)).fetchone() or row[1:]
    con.execute(
        f"INSERT INTO {meta}.gpkg_contents (table_name, data_type, identifier, description, last_change, "
        f"min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'tiles', ?, ?, {_NOW}, ?, ?, ?, ?, ?)",
        (table, name, f"Base map {name}", *bounds, srs_id))
    con.execute(f"INSERT INTO {meta}.gpkg_tile_matrix_set VALUES (?, ?, ?, ?, ?, ?)", (table, srs_id, *row[1:]))
    con.execute(f"INSERT INTO {meta}.gpkg_tile_matrix SELECT ?, zoom_level, matrix_width, matrix_height, "
                f"tile_width, tile_height, pixel_x_size, pixel_y_size FROM {src}.gpkg_tile_matrix "
                f"WHERE lower(table_name) = lower(?)", (table, old))


def copy_tile_rows(con: sqlite3.Connection, source: str, old: str, schema: str, table: str) -> None:
    """Copy the rows of tile table ``old`` (in ``source``) into a new table ``table`` of ``schema``,
    as they are: no image is decoded or encoded."""
    create_tile_table(con, schema, table)
    con.execute(f"INSERT INTO {quote(schema)}.{quote(table)} (zoom_level, tile_column, tile_row, tile_data) "
                f"SELECT zoom_level, tile_column, tile_row, tile_data FROM {quote(source)}.{quote(old)}")


def create_tile_table(con: sqlite3.Connection, schema: str, table: str) -> None:
    con.execute(f"CREATE TABLE {quote(schema)}.{quote(table)} {_TILE_TABLE_COLUMNS}")


def _create_matrix_tables(con: sqlite3.Connection, schema: str) -> None:
    con.execute(f"CREATE TABLE IF NOT EXISTS {quote(schema)}.gpkg_tile_matrix_set {_MATRIX_SET_COLUMNS}")
    con.execute(f"CREATE TABLE IF NOT EXISTS {quote(schema)}.gpkg_tile_matrix {_MATRIX_COLUMNS}")


def start_tile_file(con: sqlite3.Connection, table: str, srs: tuple, data_bounds: tuple[float, ...],
                    grid_bounds: tuple[float, ...], levels: Iterable["TileMatrix"]) -> None:
    """Make the new, empty database of ``con`` a GeoPackage holding one tile table ``table`` (still
    without tiles): its SRS ``srs`` (a gpkg_spatial_ref_sys row), contents, tile matrix set and
    matrices. The tiles are then inserted into ``table`` as they are encoded."""
    con.execute(f"PRAGMA application_id = {GPKG_APPLICATION_ID}")
    con.execute(f"PRAGMA user_version = {_GPKG_VERSION}")
    con.execute(f"CREATE TABLE gpkg_spatial_ref_sys {_SRS_COLUMNS}")
    con.executemany("INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)", (*_REQUIRED_SRS, srs))
    con.execute(f"CREATE TABLE gpkg_contents {_CONTENTS_COLUMNS}")
    _create_matrix_tables(con, "main")
    create_tile_table(con, "main", table)
    con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id) "
                "VALUES (?, 'tiles', ?, ?, ?, ?, ?, ?)", (table, table, *data_bounds, srs[1]))
    con.execute("INSERT INTO gpkg_tile_matrix_set VALUES (?, ?, ?, ?, ?, ?)", (table, srs[1], *grid_bounds))
    con.executemany("INSERT INTO gpkg_tile_matrix VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(table, m.zoom, m.columns, m.rows, m.tile_width, m.tile_height, m.pixel_x, m.pixel_y)
                     for m in levels])


def _srs_in_target(con: sqlite3.Connection, source: str, metadata: str, source_srs: int) -> int:
    """The srs_id in ``metadata`` for the source's SRS (the same organisation code), added when missing."""
    src = quote(source)
    meta = quote(metadata)
    srs = con.execute(f"SELECT srs_name, srs_id, organization, organization_coordsys_id, definition, description "
                      f"FROM {src}.gpkg_spatial_ref_sys WHERE srs_id = ?", (source_srs,)).fetchone()
    if srs is None:
        raise RuntimeError(f"the base map's SRS {source_srs} is not defined in its file")
    same = con.execute(f"SELECT srs_id FROM {meta}.gpkg_spatial_ref_sys WHERE lower(organization) = lower(?) AND "
                       "organization_coordsys_id = ?", (srs[2], srs[3])).fetchone()
    if same is not None and srs[2].upper() != "NONE":
        return int(same[0])
    taken = con.execute(f"SELECT 1 FROM {meta}.gpkg_spatial_ref_sys WHERE srs_id = ?", (source_srs,)).fetchone()
    new_id = source_srs if taken is None else con.execute(
        f"SELECT max(100000, max(srs_id) + 1) FROM {meta}.gpkg_spatial_ref_sys").fetchone()[0]
    con.execute(f"INSERT INTO {meta}.gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)",
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

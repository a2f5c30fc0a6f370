"""Feature layers of a GeoPackage read straight from SQLite: the reading half of the project file.

Opening a project must not pay for GDAL's Python binding (pyogrio imports geopandas and pandas
when they are installed, about half a second before the first picture), so layers are read with
sqlite3: one SELECT per layer, columns transposed into numpy object arrays, geometry blobs cut
down to WKB by gpkg_geometry. Values come back as SQLite holds them (int, float, str, bytes or
None): the caller knows what a column must hold and types it (zone_layer for zone layers).
Writing stays with pyogrio (gpkg_layers), which keeps the files exactly as GDAL and QGIS expect.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely

from parkplanner.core.geometry.chunked import sliced

from parkplanner.core.io.gpkg_geometry import wkb_from_blobs
from parkplanner.core.io.gpkg_tables import quote

__all__ = ["FeatureTable", "read_features", "geometry_column"]


@dataclass(frozen=True)
class FeatureTable:
    """One layer: feature ids, attribute columns in file order, geometry blobs as stored.

    Blobs stay GeoPackage blobs until geometries() or wkb() is asked for: rows that zone_layer
    finds identical to another scenario's are compared as blobs and never decoded twice.
    """

    layer: str  # names the layer in messages about bad geometry
    fid: np.ndarray  # int64
    columns: dict[str, np.ndarray]  # object arrays of the values SQLite returned
    blobs: np.ndarray  # object array: GeoPackage geometry blobs (bytes) or None

    def __len__(self) -> int:
        return len(self.fid)

    def take(self, rows: np.ndarray) -> FeatureTable:
        """The features at positions ``rows`` (an index array), in that order."""
        return FeatureTable(self.layer, self.fid[rows], {name: values[rows] for name, values in self.columns.items()},
                            self.blobs[rows])

    def records(self) -> list[dict[str, Any]]:
        """Attributes feature by feature (for small layers such as phases)."""
        if not self.columns:
            return [{} for _ in range(len(self))]
        names = list(self.columns)
        return [dict(zip(names, values)) for values in zip(*(c.tolist() for c in self.columns.values()))]

    def wkb(self) -> np.ndarray:
        """Standard WKB of each feature (None where null); ValueError naming a feature with a bad blob."""
        return wkb_from_blobs(self.blobs, self.fid, self.layer)

    def geometries(self) -> np.ndarray:
        """Shapely geometries (None where null); malformed WKB raises shapely's GEOSException.
        Decoded in slices: the project is read on a worker while the window keeps painting."""
        return sliced(shapely.from_wkb, self.wkb())


def geometry_column(con: sqlite3.Connection, layer: str) -> str | None:
    """The layer's geometry column as registered in gpkg_geometry_columns (None: attributes only)."""
    row = con.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (layer,)).fetchone()
    return None if row is None else str(row[0])


def read_features(con: sqlite3.Connection, layer: str) -> FeatureTable:
    """Every feature of ``layer``, in table order."""
    info = con.execute(f"PRAGMA table_info({quote(layer)})").fetchall()
    geometry = geometry_column(con, layer)
    # The feature id is the INTEGER PRIMARY KEY (the rowid itself), as GDAL reads it.
    primary = [(row[1], str(row[2]).upper()) for row in info if row[5]]  # (name, declared type)
    key = primary[0][0] if len(primary) == 1 and primary[0][1] == "INTEGER" else None
    attributes = [row[1] for row in info if row[1] not in (key, geometry)]
    fid_sql = quote(key) if key else "rowid"
    geometry_sql = quote(geometry) if geometry else "NULL"
    cursor = con.execute(
        f"SELECT {fid_sql}, {geometry_sql}{''.join(', ' + quote(c) for c in attributes)} FROM {quote(layer)}")
    # Rows straight into one 2-D object array (no list of tuples, no transposing copy): a third
    # faster than fetchall() at 100,000 features. Its columns are views of that array.
    cells = np.fromiter(cursor, dtype=np.dtype((object, 2 + len(attributes))))
    fid = cells[:, 0].astype(np.int64)
    columns = {name: cells[:, 2 + number] for number, name in enumerate(attributes)}
    return FeatureTable(layer, fid, columns, cells[:, 1])

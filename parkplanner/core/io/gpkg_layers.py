"""Writing feature layers of a GeoPackage through pyogrio's Arrow path (its fastest writer).

GDAL writes what GeoPackage readers expect (spatial reference rows, R-tree index, contents and
geometry-column registration), so saving goes through it. Only the save path imports this
module: pyogrio and pyarrow take a few hundred milliseconds to import (more if their pandas
probes ran, see pyogrio_loader), so opening a project reads with gpkg_features instead.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np
import pyarrow as pa
import shapely

from parkplanner.core.io.pyogrio_loader import pyogrio  # without the geopandas probe (start-up time)

__all__ = ["GEOMETRY_COLUMN", "GPKG_DATASET_OPTIONS", "unsynchronised_writes", "write_layer", "layer_geometry_type",
           "object_array", "wkb_column"]

GEOMETRY_COLUMN = "geom"
#: GeoPackage 1.2: GDAL 3.6 / QGIS 3.22 read it without the "partially supported" warning 1.4 gives.
GPKG_DATASET_OPTIONS = {"VERSION": "1.2"}
_SYNCHRONOUS = "OGR_SQLITE_SYNCHRONOUS"
_TYPE_NAMES = {0: "Point", 1: "LineString", 3: "Polygon", 4: "MultiPoint", 5: "MultiLineString",
               6: "MultiPolygon", 7: "GeometryCollection"}


@contextmanager
def unsynchronised_writes() -> Iterator[None]:
    """GDAL's SQLite writes without fsync while the block runs (5x faster saves on a busy disk).

    Only for writing temporaries that atomic_output fsyncs as a whole before they replace the
    target: a crash mid-write loses the temporary, never the project. The option is process-wide
    in GDAL, so a concurrent GDAL write in another thread skips its fsyncs too; ParkPlanner's
    other writers (GIS export) also write temporaries through atomic_output.
    """
    previous = pyogrio.get_gdal_config_option(_SYNCHRONOUS)
    pyogrio.set_gdal_config_options({_SYNCHRONOUS: "OFF"})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({_SYNCHRONOUS: previous})


def layer_geometry_type(geoms: np.ndarray, default: str = "Polygon") -> str:
    """The declared type of a layer holding ``geoms``: their common type, or generic "Unknown".

    A generic GEOMETRY column is the conformant way to mix, e.g., Polygon and MultiPolygon zones;
    declaring MultiPolygon and storing Polygons is what GDAL warns about as non-conformant.
    """
    present = geoms[~shapely.is_missing(geoms)] if len(geoms) else geoms
    if not len(present):
        return default
    kinds = np.unique(shapely.get_type_id(present))
    if len(kinds) == 1 and int(kinds[0]) in _TYPE_NAMES:
        return _TYPE_NAMES[int(kinds[0])]
    return "Unknown"


def object_array(items) -> np.ndarray:
    """Geometries (or None) as a 1-D object array, the form shapely's vectorised functions take."""
    items = list(items)
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def wkb_column(geoms: np.ndarray) -> pa.Array:
    """WKB of ``geoms`` (None stays null) as an Arrow binary column."""
    return pa.array(shapely.to_wkb(geoms), type=pa.binary())


def write_layer(path: Path, layer: str, fids: Sequence[int] | np.ndarray, columns: dict[str, pa.Array],
                geoms: np.ndarray, crs: str, create: bool, geometry_type: str | None = None) -> None:
    """Write one layer; ``create`` makes a new GeoPackage, otherwise the layer is added to ``path``."""
    data = {"fid": pa.array(np.asarray(fids, dtype=np.int64)), **columns, GEOMETRY_COLUMN: wkb_column(geoms)}
    pyogrio.write_arrow(
        pa.table(data), str(path), layer=layer, driver="GPKG", geometry_name=GEOMETRY_COLUMN,
        geometry_type=geometry_type or layer_geometry_type(geoms), crs=crs, append=not create,
        dataset_options=GPKG_DATASET_OPTIONS if create else None,
        layer_options={"FID": "fid", "GEOMETRY_NAME": GEOMETRY_COLUMN},
    )

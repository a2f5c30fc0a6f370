"""Writers of small GIS test files (GeoJSON by hand, everything else through pyogrio)."""
from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pyogrio.raw
import shapely

#: A 1 km x 1 km square near Baodi in EPSG:4548 (easting, northing).
X0, Y0 = 525_000.0, 4_396_000.0


def write_layer(path: Path, geometries, fields: dict[str, list], crs: str | None = "EPSG:4548",
                encoding: str | None = None, layer: str | None = None, append: bool = False) -> Path:
    data = []
    for values in fields.values():
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            data.append(np.array(values, dtype=float if any(isinstance(v, float) for v in values) else np.int64))
        else:
            data.append(np.array(values, dtype=object))
    kinds = {g.geom_type for g in geometries}
    geometry_type = kinds.pop() if len(kinds) == 1 else "Unknown"
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="'crs' was not provided")  # files without a CRS on purpose
        pyogrio.raw.write(path, shapely.to_wkb(np.array(geometries, dtype=object)), data, list(fields),
                          crs=crs, encoding=encoding, layer=layer, geometry_type=geometry_type, append=append)
    return path


def write_geojson(path: Path, features: list[tuple[dict, dict]]) -> Path:
    """features: (properties, geometry mapping) pairs; lon/lat per RFC 7946 (no crs member)."""
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": geom} for props, geom in features]}
    path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    return path


def square(x: float, y: float, size: float = 100.0) -> shapely.Polygon:
    return shapely.box(x, y, x + size, y + size)

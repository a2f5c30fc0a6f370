"""Test files made by GDAL itself (its ogr2ogr tool), not by ParkPlanner, and their expected areas
from pyproj.Geod on the lon/lat outlines.

Sources start as plain RFC 7946 GeoJSON text in lon/lat; ogr2ogr converts, reprojects or stamps a
CRS on them as a user's GIS would. Outlines are densified (0.001°) before they are written, so a
straight edge in lon/lat, in Mercator and in Gauss-Krüger is the same line to well under 1 m² and
the geodesic area is the reference for every CRS.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import shapely
from pyproj import Geod

OGR2OGR = shutil.which("ogr2ogr")
needs_ogr2ogr = pytest.mark.skipif(OGR2OGR is None, reason="GDAL's ogr2ogr is not installed")
#: GRS80 (CGCS2000) and WGS 84 differ by 0.1 mm in the minor axis: either is the reference.
GEOD = Geod(ellps="WGS84")


def lonlat_box(lon: float, lat: float, width: float, height: float) -> shapely.Polygon:
    """A lon/lat rectangle densified every 0.001° (see the module docstring)."""
    return shapely.segmentize(shapely.box(lon, lat, lon + width, lat + height), 0.001)


def geodesic_area_m2(polygon) -> float:
    area, _ = GEOD.geometry_area_perimeter(polygon)
    return abs(area)


def write_geojson(path: Path, rows: list[dict], polygons: list) -> Path:
    """Plain GeoJSON text: one feature per (properties, lon/lat polygon)."""
    features = [{"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(poly)}
                for props, poly in zip(rows, polygons)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
                    encoding="utf-8")
    return path


def ogr2ogr(target: Path, source: Path, *options: str) -> Path:
    """``ogr2ogr [options] target source``; the driver from the target's suffix."""
    driver = {".gpkg": "GPKG", ".shp": "ESRI Shapefile", ".geojson": "GeoJSON"}[target.suffix.lower()]
    result = subprocess.run([OGR2OGR, "-f", driver, *options, str(target), str(source)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return target

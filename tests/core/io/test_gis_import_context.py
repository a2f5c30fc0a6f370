"""Context layers: DXF drawings, lon/lat GeoJSON and GeoPackage points, reprojected to the project CRS."""
from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pyogrio.raw
import pytest
import shapely

from testkit import load_helper_module

from parkplanner.core.io.gis_import import GisImportError, read_context_layer


gf = load_helper_module(Path(__file__).with_name("gis_files.py"))


def _write_dxf(path: Path, geometries) -> Path:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="'crs' was not provided")  # DXF has no CRS
        pyogrio.raw.write(path, shapely.to_wkb(np.array(geometries, dtype=object)), [], [], driver="DXF",
                          geometry_type="Unknown")
    return path


def test_dxf_lines_stay_in_project_coordinates_and_polygons_add_outlines(tmp_path):
    road = shapely.LineString([(gf.X0, gf.Y0), (gf.X0 + 800, gf.Y0 + 50)])
    kerb = shapely.LineString([(gf.X0, gf.Y0 + 30), (gf.X0 + 800, gf.Y0 + 80)])
    building = gf.square(gf.X0 + 100, gf.Y0 + 200, 40)
    src = _write_dxf(tmp_path / "survey.dxf", [road, kerb, building, shapely.Point(gf.X0, gf.Y0)])
    layer = read_context_layer(src, target_crs="EPSG:4548")
    assert layer.name == "survey" and layer.kind == "line"
    assert len(layer.geometries) == 3  # two lines + the building's outline; the point is left out
    assert layer.geometries[0].equals_exact(road, 1e-6)
    assert layer.geometries[2].length == pytest.approx(160.0)


def test_lonlat_geojson_lines_are_reprojected(tmp_path):
    src = gf.write_geojson(tmp_path / "rivers.geojson", [
        ({"name": "river"}, {"type": "LineString", "coordinates": [[117.30, 39.70], [117.32, 39.71]]}),
        ({"name": "canal"}, {"type": "MultiLineString", "coordinates": [[[117.3, 39.69], [117.31, 39.69]]]}),
    ])
    layer = read_context_layer(src, target_crs="EPSG:4548", name="Rivers")
    assert layer.name == "Rivers" and layer.kind == "line" and len(layer.geometries) == 2
    x, y = layer.geometries[0].coords[0]
    assert x == pytest.approx(525_729.94, abs=0.05) and y == pytest.approx(4_396_262.53, abs=0.05)
    assert layer.geometries[1].length == pytest.approx(857.7, rel=0.01)  # 0.01° of longitude at 39.69° N


def test_gpkg_points_are_reprojected_to_another_metric_crs(tmp_path):
    src = gf.write_layer(tmp_path / "poi.gpkg", [shapely.Point(gf.X0, gf.Y0), shapely.Point(gf.X0 + 100, gf.Y0)],
                         {"name": ["a", "b"]}, layer="stations")
    layer = read_context_layer(src, "stations", target_crs="EPSG:32650")
    assert layer.kind == "point" and layer.name == "stations"
    assert layer.geometries[0].distance(layer.geometries[1]) == pytest.approx(100.0, rel=1e-3)
    assert 400_000 < layer.geometries[0].x < 700_000


def test_polygon_layer_keeps_polygons(tmp_path):
    src = gf.write_layer(tmp_path / "blocks.gpkg", [gf.square(gf.X0, gf.Y0), gf.square(gf.X0 + 200, gf.Y0)],
                         {"id": [1, 2]})
    layer = read_context_layer(src, target_crs="EPSG:4548")
    assert layer.kind == "polygon" and [g.area for g in layer.geometries] == [10_000.0, 10_000.0]


def test_context_refusals(tmp_path):
    src = gf.write_layer(tmp_path / "blocks.gpkg", [gf.square(gf.X0, gf.Y0)], {"id": [1]})
    with pytest.raises(GisImportError, match="project CRS: .* is geographic"):
        read_context_layer(src, target_crs="EPSG:4326")
    with pytest.raises(GisImportError, match="no such file"):
        read_context_layer(tmp_path / "nothing.dxf", target_crs="EPSG:4548")
    with pytest.raises(GisImportError, match="has no features"):
        read_context_layer(gf.write_geojson(tmp_path / "e.geojson", []), target_crs="EPSG:4548")

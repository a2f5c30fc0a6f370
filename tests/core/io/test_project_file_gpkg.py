"""The written file is a GeoPackage 1.2 that GDAL and QGIS read as they should."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET

import pyogrio
import pytest
from shapely.geometry import MultiPolygon, box

from parkplanner.core.io.project_file import SCHEMA_VERSION, save_project
from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.synthetic import synthetic_project

PLAIN_TABLES = {"project_metadata", "parameters", "sectors", "targets", "observed", "calibration", "scenarios",
                "context_layers", "layer_styles"}


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    project = synthetic_project(400, seed=2, scenarios=2)
    # One MultiPolygon zone in the variant: its layer becomes a generic GEOMETRY layer.
    variant = project.scenarios[1]
    first = variant.zones[1]
    variant.zones[1] = first.with_changes(geometry=MultiPolygon([first.geometry, box(0, 0, 1, 1)]))
    path = tmp_path_factory.mktemp("gpkg") / "park.gpkg"
    save_project(project, path)
    return path, project


def _query(path, sql, *args):
    with sqlite3.connect(path) as con:
        return con.execute(sql, args).fetchall()


def test_geopackage_1_2_header(written):
    path, _ = written
    assert _query(path, "PRAGMA application_id") == [(0x47504B47,)]  # "GPKG"
    assert _query(path, "PRAGMA user_version") == [(10200,)]


def test_contents_lists_zone_layers_and_plain_tables(written):
    path, _ = written
    contents = dict(_query(path, "SELECT table_name, data_type FROM gpkg_contents"))
    assert {name for name, kind in contents.items() if kind == "attributes"} == PLAIN_TABLES
    assert {name for name, kind in contents.items() if kind == "features"} == {
        "zones__base", "zones__scenario_1", "boundary", "phases", "context__streets"}
    srs = _query(path, "SELECT DISTINCT srs_id FROM gpkg_geometry_columns")
    assert srs == [(4548,)]


def test_pyogrio_sees_the_layers_with_their_types(written):
    path, _ = written
    layers = dict(pyogrio.list_layers(path))
    assert layers["zones__base"] == "Polygon"
    assert layers["zones__scenario_1"] == "Unknown"  # mixed Polygon and MultiPolygon, conformant
    assert layers["context__streets"] == "LineString"
    assert layers["project_metadata"] is None
    info = pyogrio.read_info(path, layer="zones__base")
    assert info["features"] == 400 and info["crs"] == "EPSG:4548"
    assert list(info["fields"]) == ["name", "landuse", "sector", "far", "coverage", "green_ratio", "height_m",
                                    "phase", "start_year", "gfa_override_m2", "parcel_code", "draw_order"]
    assert info["fid_column"] == "fid"


def test_feature_ids_are_zone_ids(written):
    path, project = written
    fids = [r[0] for r in _query(path, "SELECT fid FROM zones__base ORDER BY draw_order")]
    assert fids == list(project.scenarios[0].zones)


def test_metadata_table_holds_schema_version_and_project_fields(written):
    path, project = written
    meta = {(s, k): v for s, k, v in _query(path, "SELECT section, key, value FROM project_metadata")}
    assert meta[("project", "schema_version")] == str(SCHEMA_VERSION)
    assert meta[("project", "name")] == project.name
    assert meta[("project", "crs")] == "EPSG:4548"
    assert meta[("project", "active_scenario")] == "base"
    rows = _query(path, "SELECT scenario_id, position, layer, parameter_overrides FROM scenarios ORDER BY position")
    assert rows[1] == ("scenario-1", 1, "zones__scenario_1", '{"household_size": 2.6}')


def test_layer_styles_give_each_zone_layer_a_categorized_default_style(written):
    path, project = written
    catalogue = default_catalogue()
    rows = _query(path, "SELECT f_table_name, f_geometry_column, styleQML, useAsDefault FROM layer_styles")
    assert sorted(r[0] for r in rows) == ["zones__base", "zones__scenario_1"]
    for table, geometry_column, qml, default in rows:
        assert geometry_column == "geom" and default == 1
        scenario = project.scenarios[0 if table == "zones__base" else 1]
        root = ET.fromstring(qml.split("\n", 1)[1])  # skip the DOCTYPE line
        renderer = root.find("renderer-v2")
        assert renderer.get("type") == "categorizedSymbol" and renderer.get("attr") == "landuse"
        categories = renderer.findall("categories/category")
        codes = sorted({z.code for z in scenario.zones.values()})
        assert [c.get("value") for c in categories] == codes
        symbols = {s.get("name"): s for s in renderer.findall("symbols/symbol")}
        for category in categories:
            cls = catalogue.get("MNR-2023", category.get("value"))
            assert category.get("label") == f"{cls.code} {cls.name_zh}"
            colour = symbols[category.get("symbol")].find("layer/Option/Option[@name='color']").get("value")
            hex_colour = "#" + "".join(f"{int(v):02X}" for v in colour.split(",")[:3])
            assert hex_colour == cls.rgb_hex


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="GDAL command line tools not installed")
def test_ogrinfo_reads_every_layer_without_warnings(written):
    path, _ = written
    result = subprocess.run(["ogrinfo", "-so", "-al", str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""
    assert "Warning" not in result.stdout and "ERROR" not in result.stdout
    for layer in ("zones__base", "zones__scenario_1", "project_metadata", "layer_styles"):
        assert f"Layer name: {layer}" in result.stdout
    assert "Feature Count: 400" in result.stdout

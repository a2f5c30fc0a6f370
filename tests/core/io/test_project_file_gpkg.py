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
    rows = _query(path, "SELECT f_table_name, f_geometry_column, styleQML, useAsDefault FROM layer_styles "
                        "WHERE f_table_name LIKE 'zones%'")
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


def test_boundary_phases_and_context_layers_are_styled_for_qgis_too(tmp_path):
    from shapely.geometry import LineString

    from parkplanner.core.model.project import ContextLayer, Phase

    project = synthetic_project(20, seed=4)
    project.boundary = box(0, 0, 2000, 2000)
    project.phases = (Phase(1, "Phase 1", 2020, box(0, 0, 1000, 2000)),)
    project.context_layers = (ContextLayer("Regional roads", "line", (LineString([(0, 0), (2000, 10)]),)),
                              ContextLayer("River", "polygon", (box(0, -50, 2000, 0),)))
    path = tmp_path / "styled.gpkg"
    save_project(project, path)
    rows = dict(_query(path, "SELECT f_table_name, styleQML FROM layer_styles WHERE f_table_name NOT LIKE 'zones%'"))
    assert len(rows) == 4  # boundary, phases and both context layers

    def layer_options(qml):
        root = ET.fromstring(qml.split("\n", 1)[1])
        renderer = root.find("renderer-v2")
        assert renderer.get("type") == "singleSymbol"
        layer = renderer.find("symbols/symbol/layer")
        return layer.get("class"), {o.get("name"): o.get("value") for o in layer.findall("Option/Option")}

    styles = {name: layer_options(qml) for name, qml in rows.items()}
    by_class = sorted(cls for cls, _ in styles.values())
    assert by_class == ["SimpleFill", "SimpleFill", "SimpleFill", "SimpleLine"]
    boundary = next(o for cls, o in styles.values() if o.get("outline_style") == "dash")
    # The red line: #C0282D is 192, 40, 45; 2.2 px at 96 dpi is 2.2 x 25.4 / 96 = 0.58 mm.
    assert boundary["outline_color"] == "192,40,45,255" and boundary["outline_width"] == "0.58"
    assert boundary["style"] == "no"  # an outline: the zones stay visible through it
    road = next(o for cls, o in styles.values() if cls == "SimpleLine")
    assert road["line_color"] == "166,162,154,255"  # #A6A29A, the road grey of the map
    river = next(o for cls, o in styles.values() if o.get("color") == "188,215,234,255")  # #BCD7EA water fill
    assert river["style"] == "solid"


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

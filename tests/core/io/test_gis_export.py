"""GIS export: every attribute and the computed ones, read back with pyogrio; formats, encoding, atomicity."""
from __future__ import annotations

import json
import os
import shutil

import numpy as np
import pyogrio
import pyogrio.raw
import pytest
import shapely
from pyproj import Geod

from parkplanner.core.io import gis_export
from parkplanner.core.io.gis_export import SHAPEFILE_NAMES, GisExportError, export_zones
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone

X0, Y0 = 525_000.0, 4_396_000.0


def _project() -> Project:
    zones = [
        Zone(1, shapely.box(X0, Y0, X0 + 100, Y0 + 100), "100101", "新一代信息技术产业园 A", "next_gen_it", 1.2,
             coverage=0.45, green_ratio=0.15, height_m=24.0, phase=1),
        Zone(2, shapely.box(X0 + 100, Y0, X0 + 300, Y0 + 50), "070102", "科境轩人才社区", None, 2.0, phase=2,
             start_year=2021),
        Zone(3, shapely.MultiPolygon([shapely.box(X0, Y0 + 200, X0 + 10, Y0 + 210),
                                      shapely.box(X0 + 20, Y0 + 200, X0 + 30, Y0 + 210)]), "1401", "Park", phase=1),
        Zone(4, shapely.box(X0, Y0 + 300, X0 + 60, Y0 + 350), "0802", "R&D", "modern_services", 2.5,
             gfa_override_m2=9_000.0),
    ]
    base = Scenario("base", "Base plan", {z.id: z for z in zones})
    other = base.copy("alt", "平衡城市")
    other.zones[1] = other.zones[1].with_changes(code="070102", sector=None, far=1.0, name="住宅")
    return Project(name="导出测试", scenarios=[base, other])


#: Jobs and residents by docs/specification.md section 2 with the default parameters and sectors.
EXPECTED = {
    1: {"area_m2": 10_000.0, "gfa_m2": 12_000.0, "jobs": 12_000.0 / 35.0, "residents": 0.0, "generic_class": "IND",
        "level1": "1001", "class_zh": "一类工业用地"},
    2: {"area_m2": 10_000.0, "gfa_m2": 20_000.0, "jobs": 0.0, "residents": 20_000.0 / 35.0, "generic_class": "RES",
        "level1": "07", "class_en": "Urban housing class 2"},
    3: {"area_m2": 200.0, "gfa_m2": 0.0, "jobs": 0.0, "residents": 0.0, "generic_class": "GRN", "level1": "14"},
    4: {"area_m2": 3_000.0, "gfa_m2": 9_000.0, "jobs": 9_000.0 / 25.0, "residents": 0.0, "generic_class": "OFF",
        "level1": "08"},
}


def _read(path, layer=None):
    meta, _, wkb, values = pyogrio.raw.read(path, layer=layer)
    columns = {name: values[i] for i, name in enumerate(meta["fields"])}
    return meta, shapely.from_wkb(wkb), columns


def test_geopackage_round_trip_has_every_value(tmp_path):
    project = _project()
    out = tmp_path / "zones.gpkg"
    assert export_zones(project, out) == [out]
    meta, geoms, cols = _read(out)
    assert pyogrio.list_layers(out)[0][0] == "zones"
    assert "4548" in meta["crs"]
    assert list(cols["zone_id"]) == [1, 2, 3, 4]
    assert list(cols["name"]) == ["新一代信息技术产业园 A", "科境轩人才社区", "Park", "R&D"]
    assert list(cols["sector"][[0, 3]]) == ["next_gen_it", "modern_services"] and cols["sector"][1] is None
    assert list(cols["far"]) == [1.2, 2.0, 0.0, 2.5]
    assert cols["coverage"][0] == 0.45 and np.isnan(cols["coverage"][1])
    assert list(cols["phase"]) == [1, 2, 1, 1]
    assert cols["start_year"][1] == 2021
    assert cols["gfa_override_m2"][3] == 9_000.0 and np.isnan(cols["gfa_override_m2"][0])
    for row, zone_id in enumerate(cols["zone_id"]):
        for key, value in EXPECTED[zone_id].items():
            assert cols[key][row] == (pytest.approx(value) if isinstance(value, float) else value), (zone_id, key)
    assert cols["area_ha"][0] == pytest.approx(1.0) and cols["area_mu"][0] == pytest.approx(15.0)
    assert geoms[2].geom_type == "MultiPolygon" and geoms[0].equals(project.active_scenario.zones[1].geometry)


def test_scenario_choice_names_the_layer(tmp_path):
    project = _project()
    out = tmp_path / "alt.gpkg"
    export_zones(project, out, project.scenario("alt"))
    assert pyogrio.list_layers(out)[0][0] == "zones_alt"
    _, _, cols = _read(out)
    assert cols["residents"][0] == pytest.approx(10_000.0 / 35.0) and cols["jobs"][0] == 0.0
    assert cols["residents"][1] == pytest.approx(20_000.0 / 35.0)


def test_geojson_is_rfc7946_lonlat_unless_keep_crs(tmp_path):
    project = _project()
    out = tmp_path / "zones.geojson"
    export_zones(project, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "crs" not in data  # RFC 7946: WGS 84 lon/lat, no crs member
    first = data["features"][0]
    lon, lat = first["geometry"]["coordinates"][0][0]
    assert 117.0 < lon < 117.5 and 39.5 < lat < 39.9
    assert first["properties"]["name"] == "新一代信息技术产业园 A"
    ring = shapely.Polygon(first["geometry"]["coordinates"][0])
    geodesic, _ = Geod(ellps="GRS80").geometry_area_perimeter(ring)
    assert abs(geodesic) == pytest.approx(10_000.0, rel=0.005)
    assert geodesic > 0  # RFC 7946 exterior rings are counter-clockwise
    kept = tmp_path / "kept.geojson"
    export_zones(project, kept, keep_crs=True)
    kept_data = json.loads(kept.read_text(encoding="utf-8"))
    assert "4548" in json.dumps(kept_data["crs"])
    assert kept_data["features"][0]["geometry"]["coordinates"][0][0][0] in (X0, X0 + 100)


def test_shapefile_has_cpg_short_names_and_chinese_text(tmp_path):
    project = _project()
    out = tmp_path / "zones.shp"
    written = export_zones(project, out)
    assert {p.suffix for p in written} >= {".shp", ".shx", ".dbf", ".prj", ".cpg"}
    assert (tmp_path / "zones.cpg").read_text().strip().upper() in ("UTF-8", "UTF8")
    meta, geoms, cols = _read(out)
    assert all(len(name) <= 10 for name in meta["fields"])
    assert set(SHAPEFILE_NAMES.values()) <= set(meta["fields"])
    assert list(cols["class_zh"]) == ["一类工业用地", "二类城镇住宅用地", "公园绿地", "科研用地"]
    assert list(cols["name"])[:2] == ["新一代信息技术产业园 A", "科境轩人才社区"]
    assert cols["green_rat"][0] == 0.15 and cols["generic"][3] == "OFF"
    assert cols["jobs"][0] == pytest.approx(12_000.0 / 35.0)
    assert "科境轩".encode("utf-8") in (tmp_path / "zones.dbf").read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # temporary folder gone


def test_shapefile_export_replaces_stale_sidecars(tmp_path):
    (tmp_path / "zones.qix").write_bytes(b"old spatial index")
    export_zones(_project(), tmp_path / "zones.shp")
    assert not (tmp_path / "zones.qix").exists()


def test_failed_export_leaves_old_file_and_no_temporaries(tmp_path, monkeypatch):
    out = tmp_path / "zones.gpkg"
    out.write_bytes(b"previous export")
    shp = tmp_path / "zones.shp"

    def broken_write(path, **kwargs):
        path.write_bytes(b"half")
        raise RuntimeError("disk full")

    monkeypatch.setattr(gis_export, "_write", broken_write)
    with pytest.raises(RuntimeError, match="disk full"):
        export_zones(_project(), out)
    with pytest.raises(RuntimeError, match="disk full"):
        export_zones(_project(), shp)
    assert out.read_bytes() == b"previous export"
    assert sorted(os.listdir(tmp_path)) == ["zones.gpkg"]


def test_refusals(tmp_path):
    project = _project()
    with pytest.raises(GisExportError, match="use .gpkg, .geojson or .shp"):
        export_zones(project, tmp_path / "zones.kml")
    empty = Project(scenarios=[Scenario("base", "Empty")])
    with pytest.raises(GisExportError, match="has no zones"):
        export_zones(empty, tmp_path / "zones.gpkg")
    assert not (tmp_path / "zones.gpkg").exists()


@pytest.mark.parametrize("suffix", [".shp", ".gpkg", ".geojson"])
def test_export_then_import_gives_the_same_zones(tmp_path, suffix):
    from parkplanner.core.io.gis_import import import_zones

    project = _project()
    out = tmp_path / f"zones{suffix}"
    export_zones(project, out)
    back = import_zones(out, project.scheme, crs=project.crs).project
    # RFC 7946 GeoJSON stores lon/lat with 7 decimals (~1 cm): a 1 ha square comes back within ~2 m².
    area_tolerance = 5e-4 if suffix == ".geojson" else 1e-12
    for before, after in zip(project.active_scenario, back.active_scenario):
        assert after.attributes() == before.attributes()
        assert after.area_m2 == pytest.approx(before.area_m2, rel=area_tolerance)


def test_geopackage_export_is_version_1_2(tmp_path):
    """GDAL 3.6 and QGIS 3.22 warn on every open of a GeoPackage 1.4; 1.2 is user_version 10200."""
    import sqlite3

    out = tmp_path / "zones.gpkg"
    export_zones(_project(), out)
    with sqlite3.connect(out) as db:
        application_id = db.execute("PRAGMA application_id").fetchone()[0]
        user_version = db.execute("PRAGMA user_version").fetchone()[0]
    assert application_id.to_bytes(4, "big") == b"GPKG"
    assert user_version == 10200


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="GDAL command line tools not installed")
def test_geopackage_export_opens_without_warnings_in_the_installed_gdal(tmp_path):
    import subprocess

    out = tmp_path / "zones.gpkg"
    export_zones(_project(), out)
    result = subprocess.run(["ogrinfo", "-so", "-al", str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "Warning" not in result.stderr + result.stdout

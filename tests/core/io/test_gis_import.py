"""Importing zones: formats, CRS, encodings, field mapping, repairs and every refusal."""
from __future__ import annotations

from pathlib import Path

import pytest
import shapely
from pyproj import Geod

from testkit import load_helper_module

from parkplanner.core.io.gis_import import GisImportError, import_zones


gf = load_helper_module(Path(__file__).with_name("gis_files.py"))


def _lonlat_ring(lon, lat, d=0.01):
    return [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]


def test_lonlat_geojson_is_reprojected_to_4548_with_geodesic_areas(tmp_path):
    rings = [_lonlat_ring(117.30, 39.70), _lonlat_ring(117.32, 39.70, 0.02), _lonlat_ring(117.35, 39.72, 0.005)]
    src = gf.write_geojson(tmp_path / "park.geojson", [
        ({"name": "IT plot", "landuse": "100101", "far": 1.2, "sector": "Next-generation IT", "phase": 1}, 
         {"type": "Polygon", "coordinates": [rings[0]]}),
        ({"name": "住宅", "landuse": 701, "far": "2.5", "sector": "", "phase": 2, "start_year": 2021},
         {"type": "Polygon", "coordinates": [rings[1]]}),
        ({"name": "Lab", "landuse": "0802", "far": 2, "sector": "生物医药与医疗器械", "phase": None},
         {"type": "Polygon", "coordinates": [rings[2]]}),
    ])
    result = import_zones(src, "MNR-2023")
    project = result.project
    assert project.crs == "EPSG:4548"
    assert "reprojected from EPSG:4326 to EPSG:4548" in result.warnings
    geod = Geod(ellps="GRS80")  # the CGCS2000 ellipsoid differs from GRS80 by far less than 0.5 %
    zones = list(project.active_scenario)
    for zone, ring in zip(zones, rings):
        geodesic, _ = geod.geometry_area_perimeter(shapely.segmentize(shapely.Polygon(ring), 0.001))
        assert zone.area_m2 == pytest.approx(abs(geodesic), rel=0.005)
    assert [z.code for z in zones] == ["100101", "0701", "0802"]
    assert [z.sector for z in zones] == ["next_gen_it", None, "biomed_devices"]
    assert [z.far for z in zones] == [1.2, 2.5, 2.0]
    assert [z.phase for z in zones] == [1, 2, 1]
    assert [z.start_year for z in zones] == [None, 2021, None]
    assert [z.id for z in zones] == [1, 2, 3]
    assert zones[1].name == "住宅"
    assert project.name == "park" and project.scheme == "MNR-2023"
    assert [(p.number, p.start_year) for p in project.phases] == [(2, 2021)]
    assert "phase 1: no start year in the data; set one in the project settings so forecasts include " \
           "these zones" in result.warnings


def test_given_crs_wins_and_geographic_target_is_refused(tmp_path):
    src = gf.write_geojson(tmp_path / "a.geojson", [({"landuse": "1001"},
                                                     {"type": "Polygon", "coordinates": [_lonlat_ring(117.3, 39.7)]})])
    assert import_zones(src, "MNR-2023", crs="EPSG:32650").project.crs == "EPSG:32650"
    with pytest.raises(GisImportError, match="geographic"):
        import_zones(src, "MNR-2023", crs="EPSG:4326")


def test_projected_gpkg_keeps_its_crs_and_multipolygons(tmp_path):
    multi = shapely.MultiPolygon([gf.square(gf.X0, gf.Y0), gf.square(gf.X0 + 300, gf.Y0)])
    src = gf.write_layer(tmp_path / "zones.gpkg", [multi, gf.square(gf.X0, gf.Y0 + 500)],
                         {"name": ["two parts", "one"], "landuse": ["1401", "1207"], "far": [0.0, 0.0],
                          "start_year": [2017, 2019]})
    result = import_zones(src, "MNR-2023")
    zones = list(result.project.active_scenario)
    assert result.project.crs == "EPSG:4548" and result.warnings == []
    assert zones[0].geometry.geom_type == "MultiPolygon" and zones[0].area_m2 == pytest.approx(20_000.0)
    assert zones[1].geometry.equals(gf.square(gf.X0, gf.Y0 + 500))
    assert [(p.number, p.start_year) for p in result.project.phases] == [(1, 2017)]


def test_field_map_and_case_insensitive_default_columns(tmp_path):
    geoms = [gf.square(gf.X0, gf.Y0), gf.square(gf.X0 + 100, gf.Y0)]
    src = gf.write_layer(tmp_path / "mapped.gpkg", geoms, {
        "MC": ["甲", "乙"], "YDDM": ["M1", "R2"], "RJL": [1.5, 2.8], "Phase": [1, 3], "HEIGHT_M": [24.0, 54.0],
        "CYLX": ["advanced_equipment", None]})
    result = import_zones(src, "GB50137-2011", field_map={"landuse": "yddm", "far": "RJL", "name": "MC",
                                                          "sector": "CYLX"})
    zones = list(result.project.active_scenario)
    assert [(z.name, z.code, z.far, z.phase, z.height_m, z.sector) for z in zones] == [
        ("甲", "M1", 1.5, 1, 24.0, "advanced_equipment"), ("乙", "R2", 2.8, 3, 54.0, None)]


def test_gbk_shapefile_without_cpg_is_decoded(tmp_path):
    names = ["工业一区", "人才社区", "滨水公园"]
    src = gf.write_layer(tmp_path / "gbk.shp", [gf.square(gf.X0 + i * 100, gf.Y0) for i in range(3)],
                         {"name": names, "landuse": ["100101", "070102", "1401"], "far": [1.0, 2.5, 0.0]},
                         encoding="GBK")
    (tmp_path / "gbk.cpg").unlink()
    raw = (tmp_path / "gbk.dbf").read_bytes()
    assert "工业一区".encode("gbk") in raw and raw[29] == 0  # really GBK bytes, no code page mark
    result = import_zones(src, "MNR-2023")
    assert [z.name for z in result.project.active_scenario] == names
    assert any("read as GBK" in w for w in result.warnings)
    assert result.project.crs == "EPSG:4548"  # recognised from the shapefile's ESRI-style .prj


def test_utf8_shapefile_without_cpg_needs_no_guessing(tmp_path):
    src = gf.write_layer(tmp_path / "utf8.shp", [gf.square(gf.X0, gf.Y0)],
                         {"name": ["科技城"], "landuse": ["0802"]}, encoding="UTF-8")
    (tmp_path / "utf8.cpg").unlink(missing_ok=True)
    result = import_zones(src, "MNR-2023")
    assert [z.name for z in result.project.active_scenario] == ["科技城"]
    assert not any("GBK" in w for w in result.warnings)


def test_invalid_polygon_is_repaired_with_a_warning(tmp_path):
    bowtie = shapely.Polygon([(gf.X0, gf.Y0), (gf.X0 + 100, gf.Y0 + 100), (gf.X0 + 100, gf.Y0),
                              (gf.X0, gf.Y0 + 100)])
    src = gf.write_layer(tmp_path / "bow.gpkg", [gf.square(gf.X0 - 200, gf.Y0), bowtie],
                         {"landuse": ["1401", "1402"]})
    result = import_zones(src, "MNR-2023")
    zone = result.project.active_scenario.zones[2]
    assert zone.geometry.is_valid and zone.geometry.geom_type == "MultiPolygon"
    assert zone.area_m2 == pytest.approx(5_000.0)
    assert [w for w in result.warnings if "repaired" in w] == [
        "row 2: invalid polygon repaired (Self-intersection[525050 4396050])"]
    assert any("no FAR column" in w for w in result.warnings)


def test_percent_columns_are_converted_with_a_warning(tmp_path):
    src = gf.write_layer(tmp_path / "pct.gpkg", [gf.square(gf.X0, gf.Y0), gf.square(gf.X0 + 100, gf.Y0)],
                         {"landuse": ["100101", "100101"], "coverage": [45.0, 50.0], "green_ratio": [0.15, 0.2]})
    result = import_zones(src, "MNR-2023")
    zones = list(result.project.active_scenario)
    assert [z.coverage for z in zones] == [0.45, 0.5]
    assert [z.green_ratio for z in zones] == [0.15, 0.2]
    assert "column 'coverage' holds percentages; divided by 100 for coverage" in result.warnings


def test_file_without_crs_in_projected_coordinates_uses_the_given_crs(tmp_path):
    src = gf.write_layer(tmp_path / "nocrs.shp", [gf.square(gf.X0, gf.Y0)], {"landuse": ["1001"]}, crs=None)
    with pytest.raises(GisImportError, match="has no CRS and is not in longitude/latitude"):
        import_zones(src, "MNR-2023")
    result = import_zones(src, "MNR-2023", crs="EPSG:4548")
    assert result.project.crs == "EPSG:4548"
    assert result.project.active_scenario.zones[1].area_m2 == pytest.approx(10_000.0)
    assert "nocrs.shp has no CRS; taken to be in EPSG:4548" in result.warnings


def test_layer_choice_in_a_multi_layer_geopackage(tmp_path):
    path = tmp_path / "multi.gpkg"
    gf.write_layer(path, [gf.square(gf.X0, gf.Y0)], {"landuse": ["1001"]}, layer="plan_a")
    gf.write_layer(path, [gf.square(gf.X0, gf.Y0), gf.square(gf.X0, gf.Y0 + 200)], {"landuse": ["0701", "0701"]},
                   layer="plan_b", append=False)
    with pytest.raises(GisImportError, match=r"several layers \(plan_a, plan_b\); choose one"):
        import_zones(path, "MNR-2023")
    assert len(import_zones(path, "MNR-2023", layer="plan_b").project.active_scenario) == 2
    with pytest.raises(GisImportError, match="has no layer 'plan_c'"):
        import_zones(path, "MNR-2023", layer="plan_c")


def _polygon_file(tmp_path, **columns):
    n = len(next(iter(columns.values())))
    return gf.write_layer(tmp_path / "bad.gpkg", [gf.square(gf.X0 + 100 * i, gf.Y0) for i in range(n)], columns)


@pytest.mark.parametrize("make, kwargs, message", [
    (lambda p: _polygon_file(p, landuse=["1001", "X9"]), {},
     "bad.gpkg, row 2, column 'landuse': unknown land-use code 'X9' in scheme MNR-2023"),
    (lambda p: _polygon_file(p, landuse=["1001"], FAR=["high"]), {},
     "row 1, column 'FAR': far must be a number, not 'high' (value 'high')"),
    (lambda p: _polygon_file(p, landuse=["1001"], far=[55.0]), {},
     "row 1, column 'far': far must be between 0 and 20 (value 55.0)"),
    (lambda p: _polygon_file(p, landuse=["1001", "1001"], sector=["next_gen_it", "quantum"]), {},
     "row 2, column 'sector': unknown sector 'quantum'"),
    (lambda p: _polygon_file(p, kind=["1001"]), {}, "no land-use column (looked for 'landuse'; columns: kind)"),
    (lambda p: _polygon_file(p, landuse=["1001"]), {"field_map": {"far": "RJL"}},
     "column 'RJL' (for far) not found; columns: landuse"),
    (lambda p: _polygon_file(p, landuse=["1001"]), {"field_map": {"plot_ratio": "RJL"}}, "unknown field key 'plot_ratio'"),
    (lambda p: _polygon_file(p, landuse=["1001"]), {"scheme": "LUCS-1990"}, "unknown land-use scheme 'LUCS-1990'"),
    (lambda p: gf.write_layer(p / "pts.gpkg", [shapely.Point(gf.X0, gf.Y0)], {"landuse": ["1001"]}), {},
     "pts.gpkg, row 1: the geometry is a Point; zones must be polygons"),
    (lambda p: gf.write_layer(p / "lines.shp", [shapely.LineString([(gf.X0, gf.Y0), (gf.X0 + 9, gf.Y0)])],
                              {"landuse": ["1207"]}), {}, "lines.shp, row 1: the geometry is a LineString"),
    (lambda p: gf.write_geojson(p / "empty.geojson", []), {}, "empty.geojson has no features"),
    (lambda p: (p / "broken.gpkg").write_bytes(b"SQLite format 3\x00 but not really") and p / "broken.gpkg", {},
     "cannot read broken.gpkg"),
    (lambda p: (p / "broken.geojson").write_text('{"type": "FeatureCollection", "features": [') and
     p / "broken.geojson", {}, "cannot read broken.geojson"),
    (lambda p: p / "missing.gpkg", {}, "no such file"),
    (lambda p: gf.write_geojson(p / "far.geojson", [({"landuse": "1001"}, {"type": "Polygon", "coordinates": [
        [[117.3, 39.7], [117.31, 39.7], [117.31, 500.0], [117.3, 39.7]]]})]), {},
     "far.geojson: coordinate (117.31, 500) is not a longitude/latitude"),
    (lambda p: gf.write_layer(p / "huge.gpkg", [shapely.box(1e12, 1e12, 1e12 + 5, 1e12 + 5)], {"landuse": ["1001"]}),
     {}, "huge.gpkg: coordinate (1e+12, 1e+12) is out of range for EPSG:4548"),
    (lambda p: gf.write_layer(p / "wide.gpkg", [gf.square(gf.X0, gf.Y0), gf.square(gf.X0 + 3e6, gf.Y0)],
                              {"landuse": ["1001", "1001"]}), {}, "wide.gpkg: read in EPSG:4548, the data lie at"),
    (lambda p: gf.write_layer(p / "speck.gpkg", [shapely.box(gf.X0, gf.Y0, gf.X0 + 0.5, gf.Y0 + 0.5)],
                              {"landuse": ["1001"]}), {}, "speck.gpkg, row 1: the polygon is smaller than 1 m²"),
])
def test_refusals_are_one_line_and_name_the_problem(tmp_path, make, kwargs, message):
    src = make(tmp_path)
    scheme = kwargs.pop("scheme", "MNR-2023")
    with pytest.raises(GisImportError) as info:
        import_zones(src, scheme, **kwargs)
    text = str(info.value)
    assert message in text
    assert "\n" not in text

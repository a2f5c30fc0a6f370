"""Distorted and mis-declared CRSs in files made by GDAL, with areas checked against pyproj.Geod.

Web Mercator, World Mercator and Equirectangular are in metres but enlarge areas at Tianjin's
latitude by about 66 %, 66 % and 29 %; the importer must measure that at the data and reproject to
the local Gauss-Krüger zone, so every area is the geodesic one. A project CRS forced by the user
for the wrong place is refused; degrees under a metric .prj and a correct but too wide lon/lat
layer get messages that say what is wrong.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from testkit import load_helper_module

from parkplanner.core.io.gis_import import GisImportError, import_zones

gm = load_helper_module(Path(__file__).with_name("gdal_made.py"))
pytestmark = gm.needs_ogr2ogr

#: Three districts near Tianjin (117.2°E, 39.1°N), lon/lat.
DISTRICTS = [gm.lonlat_box(117.10, 39.00, 0.12, 0.10), gm.lonlat_box(117.22, 39.00, 0.08, 0.10),
             gm.lonlat_box(117.10, 39.10, 0.20, 0.05)]
ROWS = [{"name": "和平区", "landuse": "0701", "far": 1.5}, {"name": "河西区", "landuse": "0802", "far": 2.0},
        {"name": "南开区", "landuse": "1401", "far": 0.0}]


@pytest.fixture
def lonlat_source(tmp_path):
    return gm.write_geojson(tmp_path / "districts.geojson", ROWS, DISTRICTS)


def _mercator_areal_scale(lat_deg: float, spherical: bool) -> float:
    """Mercator's areal scale, k²: 1/cos²φ on the sphere (Web Mercator's formulas), (1 − e² sin²φ)/cos²φ on
    the WGS 84 ellipsoid (World Mercator)."""
    phi, e2 = math.radians(lat_deg), 0.0 if spherical else WGS84_E2
    return (1 - e2 * math.sin(phi) ** 2) / math.cos(phi) ** 2


def _equirectangular_areal_scale(lat_deg: float) -> float:
    """Plate carrée on the ellipsoid: meridians true, parallels stretched by √(1 − e² sin²φ)/cosφ."""
    phi = math.radians(lat_deg)
    return math.sqrt(1 - WGS84_E2 * math.sin(phi) ** 2) / math.cos(phi)


#: WGS 84 first eccentricity squared, from its defining flattening 1/298.257223563.
WGS84_E2 = (2 - 1 / 298.257223563) / 298.257223563
#: The northernmost point of the districts, where each projection enlarges most.
NORTH = 39.15


@pytest.mark.parametrize("epsg, scale", [(3857, _mercator_areal_scale(NORTH, True)),
                                         (3395, _mercator_areal_scale(NORTH, False)),
                                         (4087, _equirectangular_areal_scale(NORTH))])
def test_world_projection_is_reprojected_to_the_local_zone_with_geodesic_areas(tmp_path, lonlat_source, epsg,
                                                                                 scale):
    source = gm.ogr2ogr(tmp_path / f"districts_{epsg}.gpkg", lonlat_source, "-t_srs", f"EPSG:{epsg}")
    result = import_zones(source, "MNR-2023")
    assert result.project.crs == "EPSG:4548"  # CGCS2000 3-degree Gauss-Krüger CM 117E
    distorted = [w for w in result.warnings if w.startswith(f"EPSG:{epsg} (")]
    assert len(distorted) == 1 and distorted[0].endswith("reprojected to EPSG:4548 so areas are true")
    reported = re.search(r"enlarges areas by (\d+)% at the data \(117\.\d°E, 39\.\d°N\)", distorted[0])
    assert reported and int(reported.group(1)) == pytest.approx((scale - 1) * 100, abs=0.51)
    for zone, outline in zip(result.project.active_scenario, DISTRICTS):
        # 5e-4: a Gauss-Krüger zone enlarges areas by up to 4e-4 at 1.5° from its meridian (by design)
        assert zone.area_m2 == pytest.approx(gm.geodesic_area_m2(outline), rel=5e-4)


def test_true_to_area_projected_data_keep_their_crs(tmp_path, lonlat_source):
    source = gm.ogr2ogr(tmp_path / "districts_utm.gpkg", lonlat_source, "-t_srs", "EPSG:32650")
    result = import_zones(source, "MNR-2023")
    assert result.project.crs == "EPSG:32650" and not any("areas by" in w for w in result.warnings)


def test_forced_crs_for_another_place_is_refused(tmp_path):
    """EPSG:4548 (CM 117E) for data at 76°E (Kashgar) enlarges areas by about a third."""
    outlines = [gm.lonlat_box(75.9, 39.4, 0.1, 0.1)]
    source = gm.ogr2ogr(tmp_path / "kashgar.gpkg", gm.write_geojson(tmp_path / "k.geojson", ROWS[:1], outlines))
    with pytest.raises(GisImportError) as info:
        import_zones(source, "MNR-2023", crs="EPSG:4548")
    assert "EPSG:4548 (CGCS2000 / 3-degree Gauss-Kruger CM 117E) enlarges areas by 35% at the data" in str(info.value)
    assert str(info.value).endswith("use a CRS made for the place, e.g. EPSG:4534")
    result = import_zones(source, "MNR-2023", crs="EPSG:4534")
    assert list(result.project.active_scenario)[0].area_m2 == pytest.approx(gm.geodesic_area_m2(outlines[0]),
                                                                            rel=5e-4)


def test_degrees_under_a_gauss_kruger_prj_are_named_as_degrees(tmp_path, lonlat_source):
    source = gm.ogr2ogr(tmp_path / "mislabelled.shp", lonlat_source, "-a_srs", "EPSG:4548")
    with pytest.raises(GisImportError) as info:
        import_zones(source, "MNR-2023")
    assert "the coordinates look like degrees (longitude/latitude), but the file declares EPSG:4548" in str(info.value)
    assert "smaller than" not in str(info.value)


def test_correct_lonlat_layer_too_wide_is_not_blamed_on_the_crs(tmp_path):
    """Two provinces 1,805 km apart east-west: the CRS is right, the area is too large to plan."""
    outlines = [gm.lonlat_box(100.0, 30.0, 0.2, 0.2), gm.lonlat_box(118.6, 30.0, 0.2, 0.2)]
    source = gm.ogr2ogr(tmp_path / "wide.gpkg", gm.write_geojson(tmp_path / "w.geojson", ROWS[:2], outlines))
    with pytest.raises(GisImportError) as info:
        import_zones(source, "MNR-2023")
    assert "check the CRS" not in str(info.value)
    assert "one projected CRS keeps areas true over at most 1,000 km" in str(info.value)


def test_custom_crs_is_named_not_printed_as_wkt(tmp_path, lonlat_source, capsys):
    from parkplanner.cli import main

    source = gm.ogr2ogr(tmp_path / "custom.gpkg", lonlat_source, "-t_srs",
                        "+proj=tmerc +lon_0=117.2 +lat_0=0 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs")
    assert main(["import", str(source), "-o", str(tmp_path / "p.gpkg")]) == 0
    out, err = capsys.readouterr()
    assert len(out.strip()) < 120 and "PROJCRS" not in out + err


def test_distortion_note_replaces_the_plain_reprojection_note(tmp_path, lonlat_source):
    source = gm.ogr2ogr(tmp_path / "districts_3857.gpkg", lonlat_source, "-t_srs", "EPSG:3857")
    warnings = import_zones(source, "MNR-2023").warnings
    assert not any(w.startswith("reprojected from") for w in warnings)

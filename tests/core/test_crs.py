"""CRS choice, refusal of geographic CRSs for area maths, reprojection."""
from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import Geod

from parkplanner.core.geometry.crs import (
    CrsError, cgcs2000_gk_epsg, crs_string, parse_crs, reproject, reproject_one, require_projected,
    suggest_projected_crs, utm_epsg,
)


@pytest.mark.parametrize("lon, cm, epsg", [(117.3, 117, 4548), (75.0, 75, 4534), (73.2, 75, 4534),
                                           (135.0, 135, 4554), (116.4, 117, 4548), (121.5, 123, 4550),
                                           (121.49, 120, 4549), (113.26, 114, 4547)])
def test_cgcs2000_central_meridian(lon, cm, epsg):
    assert cgcs2000_gk_epsg(lon) == epsg
    assert parse_crs(epsg).name == f"CGCS2000 / 3-degree Gauss-Kruger CM {cm}E"


@pytest.mark.parametrize("lon, lat, expected", [
    (117.3, 39.7, "EPSG:4548"),     # Baodi, Tianjin
    (114.06, 22.54, "EPSG:4547"),   # Shenzhen: CM 114E
    (2.35, 48.85, "EPSG:32631"),    # Paris: UTM 31N
    (151.2, -33.87, "EPSG:32756"),  # Sydney: UTM 56S
    (-74.0, 40.7, "EPSG:32618"),    # New York: UTM 18N
    (135.5, 34.7, "EPSG:32653"),    # Osaka: east of the China box, UTM 53N
])
def test_suggest_projected_crs(lon, lat, expected):
    assert suggest_projected_crs(lon, lat) == expected


def test_utm_edges():
    assert utm_epsg(180.0, 10.0) == 32660
    assert utm_epsg(-180.0, -10.0) == 32701


def test_suggest_refuses_non_lonlat():
    with pytest.raises(CrsError, match="not a longitude/latitude"):
        suggest_projected_crs(525000.0, 4396000.0)


def test_require_projected_refuses_geographic_and_feet():
    with pytest.raises(CrsError, match="geographic"):
        require_projected("EPSG:4326")
    with pytest.raises(CrsError, match="geographic"):
        require_projected("EPSG:4490")  # CGCS2000 lon/lat
    with pytest.raises(CrsError, match="US survey foot|foot"):
        require_projected("EPSG:2263")  # NY Long Island, US feet
    assert require_projected("EPSG:4548").to_epsg() == 4548


def test_parse_crs_errors_and_short_form():
    with pytest.raises(CrsError, match="not a coordinate reference system"):
        parse_crs("EPSG:99999999")
    with pytest.raises(CrsError, match="no CRS"):
        parse_crs(" ")
    assert crs_string(4548) == "EPSG:4548"
    assert crs_string(parse_crs("EPSG:4548").to_wkt()) == "EPSG:4548"


def test_reproject_lonlat_square_keeps_geodesic_area():
    square = shapely.box(117.30, 39.70, 117.31, 39.71)
    projected = reproject_one(square, "EPSG:4326", "EPSG:4548")
    geodesic, _ = Geod(ellps="GRS80").geometry_area_perimeter(shapely.segmentize(square, 0.001))
    assert projected.area == pytest.approx(abs(geodesic), rel=5e-4)
    x, y = projected.exterior.coords[0]
    assert 500_000 < x < 550_000 and 4_390_000 < y < 4_400_000  # easting, northing order (always_xy)


def test_reproject_array_and_same_crs_identity():
    geoms = np.array([shapely.Point(117.3, 39.7), shapely.LineString([(117.3, 39.7), (117.4, 39.8)])])
    out = reproject(geoms, "EPSG:4326", "EPSG:4548")
    assert out.shape == (2,) and out[1].length > 10_000
    assert reproject(out, "EPSG:4548", "EPSG:4548") is out or all(a.equals(b) for a, b in zip(out, out))


def test_reproject_refuses_untransformable_points():
    with pytest.raises(CrsError, match="cannot be transformed"):
        reproject([shapely.Point(500.0, 100.0)], "EPSG:4326", "EPSG:4548")

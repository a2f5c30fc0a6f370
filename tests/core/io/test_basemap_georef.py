"""Control-point fits: exact recovery of a known transform, least-squares residuals checked against a
plain normal-equations solve, and the refusals (too few points, points on one line)."""
from __future__ import annotations

import math

import numpy as np
import pytest

from parkplanner.core.io.basemap_georef import (
    ControlPoint, GeorefError, SavedPoints, fit, parse_gcp, points_from_json, points_to_json,
)

# A scan at 0.5 m per pixel, turned 10°, its top-left corner at a Gauss-Kruger point.
_ANGLE = math.radians(10)
_A, _B = 0.5 * math.cos(_ANGLE), 0.5 * math.sin(_ANGLE)
_X0, _Y0 = 500_123.25, 4_380_456.75


def _affine_point(col, row):
    return ControlPoint(col, row, _X0 + _A * col + _B * row, _Y0 + _B * col - _A * row)


def test_three_points_recover_the_affine_transform_exactly():
    points = [_affine_point(0, 0), _affine_point(4000, 0), _affine_point(0, 3000)]
    result = fit(points, "affine")
    assert result.residuals == pytest.approx([0, 0, 0], abs=1e-6)  # 1 µm
    x, y = result.to_map([2000], [1500])
    assert x[0] == pytest.approx(_X0 + _A * 2000 + _B * 1500, abs=1e-6)
    assert y[0] == pytest.approx(_Y0 + _B * 2000 - _A * 1500, abs=1e-6)
    col, row = result.to_pixel(x, y)
    assert (col[0], row[0]) == pytest.approx((2000, 1500), abs=1e-6)


def test_affine_residuals_match_a_naive_least_squares_solve():
    points = [_affine_point(0, 0), _affine_point(4000, 0), _affine_point(0, 3000), _affine_point(4000, 3000)]
    moved = ControlPoint(points[3].col, points[3].row, points[3].x + 2.0, points[3].y - 1.0)  # a mistyped point
    points[3] = moved
    result = fit(points, "affine")
    # The same fit by hand: x = a col + b row + c, y = d col + e row + f, uncentred normal equations.
    design = np.array([[p.col, p.row, 1.0] for p in points])
    xs, ys = np.array([p.x for p in points]), np.array([p.y for p in points])
    cx = np.linalg.solve(design.T @ design, design.T @ (xs - _X0))
    cy = np.linalg.solve(design.T @ design, design.T @ (ys - _Y0))
    expected = np.hypot(design @ cx + _X0 - xs, design @ cy + _Y0 - ys)
    assert result.residuals == pytest.approx(expected, abs=1e-6)
    assert result.rms == pytest.approx(math.sqrt(np.mean(expected ** 2)), abs=1e-6)
    # With four corners one error spreads evenly: every residual is a quarter of its length.
    assert expected == pytest.approx([math.hypot(2, 1) / 4] * 4, abs=1e-9)


def test_four_points_recover_a_projective_transform():
    # A sheet photographed at a slant: a perspective about the sheet's corner, placed at (_X0, _Y0).
    # (Perspective about the CRS origin would squeeze the sheet 4,000 km away into a sliver.)
    h = np.array([[0.48, 0.09, 0.0], [0.08, -0.51, 0.0], [2e-5, 1e-5, 1.0]])

    def project(col, row):
        w = h[2, 0] * col + h[2, 1] * row + 1
        return ControlPoint(col, row, _X0 + (h[0, 0] * col + h[0, 1] * row + h[0, 2]) / w,
                            _Y0 + (h[1, 0] * col + h[1, 1] * row + h[1, 2]) / w)

    points = [project(0, 0), project(5000, 0), project(5000, 4000), project(0, 4000)]
    result = fit(points, "projective")
    assert max(result.residuals) < 1e-3  # 1 mm
    expected = project(1234, 2345)
    x, y = result.to_map([1234], [2345])
    assert (x[0], y[0]) == pytest.approx((expected.x, expected.y), abs=1e-3)
    # An affine fit cannot follow the perspective: it leaves residuals a planner would see.
    assert fit(points, "affine").rms > 1.0


@pytest.mark.parametrize("method, count", [("affine", 2), ("projective", 3)])
def test_too_few_points_are_refused(method, count):
    points = [_affine_point(0, 0), _affine_point(4000, 0), _affine_point(0, 3000)][:count]
    with pytest.raises(GeorefError, match=f"at least {3 if method == 'affine' else 4} control points"):
        fit(points, method)


def test_collinear_points_are_refused():
    with pytest.raises(GeorefError, match="one line in the image"):
        fit([_affine_point(0, 0), _affine_point(1000, 1000), _affine_point(2000, 2000)], "affine")
    on_map_line = [ControlPoint(0, 0, 0, 0), ControlPoint(100, 0, 10, 10), ControlPoint(0, 100, 20, 20)]
    with pytest.raises(GeorefError, match="one line in the map"):
        fit(on_map_line, "affine")
    three_in_a_row = [_affine_point(0, 0), _affine_point(1000, 0), _affine_point(2000, 0), _affine_point(0, 800)]
    with pytest.raises(GeorefError, match="no three of them"):
        fit(three_in_a_row, "projective")


def test_control_point_text_and_json_round_trip():
    assert parse_gcp("12.5, 40,500000,4380000.25") == ControlPoint(12.5, 40, 500000, 4380000.25)
    for bad in ("1,2,3", "a,b,c,d", "1,2,3,nan"):
        with pytest.raises(GeorefError, match="COL,ROW,X,Y"):
            parse_gcp(bad)
    result = fit([_affine_point(0, 0), _affine_point(4000, 0), _affine_point(0, 3000)])
    assert points_from_json(points_to_json(result)) == SavedPoints("affine", result.points)
    saved = points_from_json(points_to_json(result, "/scans/总规 2035.jpg", (4000, 3000)))
    assert saved == SavedPoints("affine", result.points, "/scans/总规 2035.jpg", (4000, 3000))
    assert saved.fit().residuals == pytest.approx(result.residuals, abs=1e-9)


@pytest.mark.parametrize("text", ["", "[1, 2]", '{"method": "affine"}', '{"method": "affine", "points": [[1, 2, 3]]}',
                                  '{"method": "spline", "points": []}',
                                  '{"method": "affine", "points": [["a", 1, 2, 3]]}'])
def test_control_points_edited_out_of_shape_elsewhere_are_refused_in_words(text):
    with pytest.raises(GeorefError, match="control points"):
        points_from_json(text)


def test_points_nearly_on_one_line_are_refused_too():
    # Three corners of a 4000 x 3000 scan and its centre: the centre lies on the diagonal, picked
    # on the map 2 cm off it. A projective fit through them would be garbage.
    corners = [_affine_point(0, 0), _affine_point(4000, 0), _affine_point(4000, 3000)]
    centre = _affine_point(2000, 1500)
    nudged = ControlPoint(centre.col, centre.row, centre.x + 0.02, centre.y)
    with pytest.raises(GeorefError, match="no three of them"):
        fit([*corners, nudged], "projective")
    # Affine through points within a band 0.5% as wide as it is long: refused, not extrapolated.
    band = [_affine_point(0, 0), _affine_point(4000, 0), _affine_point(2000, 15)]
    with pytest.raises(GeorefError, match="one line in the image"):
        fit(band, "affine")
    # A long thin park (5% as wide as long) is placed.
    assert max(fit([_affine_point(0, 0), _affine_point(4000, 0), _affine_point(2000, 200)]).residuals) < 1e-6

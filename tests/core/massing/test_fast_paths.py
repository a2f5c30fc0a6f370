"""The numpy paths of the massing scene against the general GEOS ones on random zones: footprints
by the numpy mitred offset (core/massing/offset.py) against GEOS buffers, roofs as centroid fans
against constrained Delaunay triangulations.

Expected areas are coverage × zone area (shapely's area of the input); volumes come from the
divergence theorem over each zone's triangles, an independent calculation from the triangles.
"""
from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely import affinity
from shapely.geometry import Polygon

from parkplanner.core.massing.extrude import extrude
from parkplanner.core.massing.footprints import inset_to_coverage
from parkplanner.core.massing.offset import Rings

X0, Y0 = 500_000.0, 4_380_000.0


def _convex(rng) -> Polygon:
    points = rng.uniform(-60, 60, (rng.integers(4, 12), 2)) * [1.0, rng.uniform(0.4, 1.0)]
    return shapely.convex_hull(shapely.multipoints(points))


def _star(rng) -> Polygon:
    """Concave: radii from 35 to 70 m at random angles round the middle (notches, sharp corners)."""
    angle = np.sort(rng.uniform(0, 2 * np.pi, rng.integers(5, 16)))
    radius = rng.uniform(35, 70, len(angle))
    return Polygon(np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]))


def _spiky(rng) -> Polygon:
    """Radii from 5 to 70 m: deep notches and spikes, many of which collapse or split (GEOS)."""
    while True:
        angle = np.sort(rng.uniform(0, 2 * np.pi, rng.integers(5, 30)))
        radius = rng.uniform(5, 70, len(angle))
        polygon = Polygon(np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]))
        if polygon.is_valid:
            return polygon


def _l_shape(rng) -> Polygon:
    w, h = rng.uniform(60, 140), rng.uniform(50, 120)
    nw, nh = rng.uniform(0.2, 0.5) * w, rng.uniform(0.2, 0.5) * h
    return Polygon([(0, 0), (w, 0), (w, h - nh), (w - nw, h - nh), (w - nw, h), (0, h)])


def _courtyard(rng) -> Polygon:
    """A block round a courtyard (a hole: its edges move outwards)."""
    w, h = rng.uniform(80, 140), rng.uniform(70, 120)
    cx, cy, hw, hh = rng.uniform(0.4, 0.6) * w, rng.uniform(0.4, 0.6) * h, rng.uniform(8, 15), rng.uniform(8, 15)
    return Polygon([(0, 0), (w, 0), (w, h), (0, h)], [[(cx - hw, cy - hh), (cx + hw, cy - hh), (cx + hw, cy + hh),
                                                       (cx - hw, cy + hh)]])


def _zones(kind, n=100, seed=7) -> np.ndarray:
    rng = np.random.default_rng(seed)
    shapes = [affinity.translate(affinity.rotate(kind(rng), rng.uniform(0, 360)), X0 + 300 * i, Y0)
              for i in range(n)]
    zones = np.array(shapes, dtype=object)
    assert shapely.is_valid(zones).all()
    return zones


def _volume(triangles: np.ndarray) -> float:
    t = triangles.astype(float)
    return float(np.einsum("ij,ij->i", t[:, 0], np.cross(t[:, 1], t[:, 2])).sum() / 6.0)


def _roof_areas(soup, n) -> np.ndarray:
    roof = soup.normals[:, 2] == 1.0
    v = soup.vertices[roof].astype(float)
    doubled = (v[:, 1, 0] - v[:, 0, 0]) * (v[:, 2, 1] - v[:, 0, 1]) - (v[:, 2, 0] - v[:, 0, 0]) * (v[:, 1, 1] - v[:, 0, 1])
    assert (doubled > 0).all()  # every roof triangle faces up
    return np.bincount(soup.owner[roof], doubled / 2.0, minlength=n)


@pytest.mark.parametrize("kind", [_convex, _star, _l_shape, _courtyard])
def test_numpy_offset_gives_the_footprints_of_the_general_path(kind):
    zones = _zones(kind)
    coverage = np.random.default_rng(11).uniform(0.15, 0.85, len(zones))
    target = shapely.area(zones) * coverage
    # The numpy offset is what most of these zones take (else this compares GEOS with itself).
    rings = Rings(zones)
    _, taken = rings.inset(rings.quadratic_inset(shapely.area(zones), target), target, 10.0)
    # (A courtyard whose inset meets the block's outer inset splits the block: GEOS's.)
    assert taken.mean() >= (0.6 if kind is _courtyard else 0.9)
    fast = inset_to_coverage(zones, coverage)
    general = inset_to_coverage(zones, coverage, general_only=True)
    np.testing.assert_allclose(shapely.area(fast), target, rtol=0, atol=0.01)
    np.testing.assert_allclose(shapely.area(fast), shapely.area(general), rtol=0, atol=0.01)
    assert shapely.is_valid(fast).all() and shapely.within(fast, zones).all()
    # Volumes: each zone's prism at 30 m (extruded about its own centre: float32 keeps mm there).
    for zone, mine, theirs in zip(zones, fast, general):
        origin = (zone.centroid.x, zone.centroid.y)
        a = extrude(np.array([mine]), np.zeros(1), np.array([30.0]), origin).vertices
        b = extrude(np.array([theirs]), np.zeros(1), np.array([30.0]), origin, fans=False).vertices
        assert _volume(a) == pytest.approx(_volume(b), abs=0.1)


def _edges(polygon) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(start points, unit directions, middles) of the edges of every ring of ``polygon``, each
    ring with the polygon on its left."""
    starts, directions, middles = [], [], []
    for ring in shapely.get_rings(shapely.orient_polygons(polygon)):
        c = shapely.get_coordinates(ring)
        d = c[1:] - c[:-1]
        starts.append(c[:-1])
        directions.append(d / np.hypot(d[:, 0], d[:, 1])[:, None])
        middles.append(c[:-1] + d / 2.0)
    return np.concatenate(starts), np.concatenate(directions), np.concatenate(middles)


@pytest.mark.parametrize("kind, share", [(_convex, 0.9), (_star, 0.9), (_l_shape, 0.9), (_courtyard, 0.6),
                                         (_spiky, 0.25)])
def test_numpy_offset_is_even(kind, share):
    """Each edge of a footprint the numpy offset made lies on the line of an edge of its zone,
    moved inwards by the same distance for every edge (to 1 cm): the inset is even, as the rule
    says. The distance is the footprint's nearest approach to the zone's edge."""
    zones = _zones(kind, n=300, seed=3)
    coverage = np.random.default_rng(5).uniform(0.15, 0.85, len(zones))
    target = shapely.area(zones) * coverage
    rings = Rings(zones)
    footprints, taken = rings.inset(rings.quadratic_inset(shapely.area(zones), target), target, 10.0)
    assert taken.mean() >= share
    assert shapely.within(footprints[taken], zones[taken]).all()
    for zone, footprint in zip(zones[taken], footprints[taken]):
        inset = shapely.distance(zone.boundary, footprint)
        zone_start, zone_dir, _ = _edges(zone)
        _, direction, middle = _edges(footprint)
        # For every footprint edge: a zone edge running the same way whose line is inset away.
        parallel = np.abs(direction @ zone_dir.T - 1.0) < 1e-9
        rel = middle[:, None, :] - zone_start[None, :, :]
        left = zone_dir[None, :, 0] * rel[:, :, 1] - zone_dir[None, :, 1] * rel[:, :, 0]
        assert (parallel & (np.abs(left - inset) < 0.01)).any(axis=1).all(), zone.wkt


def test_a_zone_the_offset_cannot_follow_is_left_to_geos():
    # A dumbbell: its neck pinches off long before a 40 % footprint is reached.
    neck = Polygon([(0, 0), (100, 0), (100, 45), (130, 45), (130, 0), (230, 0), (230, 100), (130, 100),
                    (130, 55), (100, 55), (100, 100), (0, 100)])
    zones = np.array([affinity.translate(neck, X0, Y0)])
    target = shapely.area(zones) * 0.4
    rings = Rings(zones)
    _, taken = rings.inset(rings.quadratic_inset(shapely.area(zones), target), target, 10.0)
    assert not taken[0]
    footprint = inset_to_coverage(zones, np.array([0.4]))[0]
    assert footprint.geom_type == "MultiPolygon" and footprint.area == pytest.approx(target[0], abs=0.01)


def test_fans_and_delaunay_give_the_same_roofs():
    zones = np.concatenate([_zones(_convex, 40), _zones(_star, 40), _zones(_l_shape, 40)])
    # 12 rows of 10 about the origin: float32 keeps a tenth of a millimetre within 2 km of it.
    zones = np.array([affinity.translate(z, -300 * (i % 40) + 150 * (i % 10), 150 * (i // 10))
                      for i, z in enumerate(zones)], dtype=object)
    origin = (X0 + 750.0, Y0 + 900.0)
    fans = extrude(zones, np.zeros(len(zones)), np.full(len(zones), 12.0), origin)
    delaunay = extrude(zones, np.zeros(len(zones)), np.full(len(zones), 12.0), origin, fans=False)
    np.testing.assert_allclose(_roof_areas(fans, len(zones)), shapely.area(zones), rtol=0, atol=0.01)
    np.testing.assert_allclose(_roof_areas(fans, len(zones)), _roof_areas(delaunay, len(zones)), rtol=0, atol=0.01)
    # n − 2 triangles (a fan from a vertex, or Delaunay), n for a fan from the centroid; the
    # star shapes have no vertex that sees every edge more often than the others.
    edges = shapely.get_num_coordinates(zones) - 1
    roofs = np.bincount(fans.owner[fans.normals[:, 2] == 1.0], minlength=len(zones))
    assert np.isin(roofs - edges, [-2, 0]).all() and (roofs == edges - 2).mean() >= 0.8
    assert (roofs == edges).any()  # some centroid fans


def test_a_roof_whose_centroid_lies_outside_it_is_triangulated_within_it():
    # A C shape: its centroid is in the open middle, where a fan would put a roof.
    c_shape = Polygon([(0, 0), (100, 0), (100, 20), (20, 20), (20, 80), (100, 80), (100, 100), (0, 100)])
    zone = affinity.translate(c_shape, X0, Y0)
    assert not zone.contains(zone.centroid)
    soup = extrude(np.array([zone]), np.zeros(1), np.array([10.0]), (X0, Y0))
    roof = soup.vertices[soup.normals[:, 2] == 1.0].astype(float)
    cover = shapely.union_all([Polygon(t[:, :2] + (X0, Y0)) for t in roof])
    assert cover.area == pytest.approx(zone.area, abs=0.01)
    assert shapely.difference(cover, zone).area < 0.01


def test_rings_given_either_way_round_give_the_same_prisms():
    courtyard = Polygon([(0, 0), (80, 0), (80, 60), (0, 60)], [[(30, 20), (50, 20), (50, 40), (30, 40)]])
    zones = np.concatenate([_zones(_l_shape, 5), _zones(_star, 5), [affinity.translate(courtyard, X0, Y0)]])
    zones = np.array([affinity.translate(z, -300 * (i % 5), 0) for i, z in enumerate(zones)], dtype=object)
    reversed_rings = shapely.reverse(zones)  # exteriors clockwise, holes counter-clockwise
    origin = (X0 + 50.0, Y0)
    for given in (zones, reversed_rings):
        soup = extrude(given, np.zeros(len(zones)), np.full(len(zones), 20.0), origin)
        for k, zone in enumerate(zones):
            # Positive and equal to area × height only when every face points outwards.
            assert _volume(soup.vertices[soup.owner == k]) == pytest.approx(zone.area * 20.0, abs=0.1)

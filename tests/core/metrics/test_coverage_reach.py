"""A housing zone is counted covered whole, without buffering, only when the buffer polygon
really contains it: checked against GEOS's own buffer and intersection, zone by zone, on
facilities with sharp, blunt and reflex corners and zones straddling the buffer's edge."""
from __future__ import annotations

import math
import random

import numpy as np
import pytest
import shapely
import shapely.affinity
from shapely.geometry import Polygon, box

from parkplanner.core.metrics.coverage import QUAD_SEGS, REACH_INSIDE, CoverageLayer


def _facility(rng: random.Random) -> Polygon:
    """A star-shaped polygon of 3–9 vertices around the origin: convex or not, corners of any angle."""
    count = rng.randint(3, 9)
    angles = sorted(rng.uniform(0, 2 * math.pi) for _ in range(count))
    points = [(rng.uniform(10, 120) * math.cos(a), rng.uniform(10, 120) * math.sin(a)) for a in angles]
    polygon = Polygon(points)
    return polygon if polygon.is_valid and polygon.area > 1 else box(-40, -30, 50, 20)


@pytest.mark.parametrize("radius", [300.0, 500.0])
def test_zones_near_the_edge_of_the_reach_get_geos_covered_area(radius):
    rng = random.Random(int(radius))
    checked = whole = 0
    for _ in range(40):
        facility = _facility(rng)
        reach = shapely.buffer(facility, radius, quad_segs=QUAD_SEGS)
        zones = []
        for _ in range(30):
            # Squares whose far side lies around the reach's edge, in every direction.
            side = rng.uniform(5, 150)
            angle = rng.uniform(0, 2 * math.pi)
            distance = rng.uniform(radius * REACH_INSIDE - side, radius + side)
            x, y = distance * math.cos(angle), distance * math.sin(angle)
            zones.append(box(x - side / 2, y - side / 2, x + side / 2, y + side / 2))
        geometries = np.array(zones + [facility], dtype=object)
        ids = np.arange(1, geometries.size + 1)
        housing = np.r_[np.ones(len(zones), dtype=bool), False]
        layer = CoverageLayer(radius)
        layer.build(ids, geometries, shapely.area(geometries), housing, ~housing)
        for zone_id, zone in zip(ids.tolist(), zones):
            expected = zone.intersection(reach).area
            got = layer.covered_of(zone_id)
            assert got == pytest.approx(expected, rel=1e-9, abs=1e-6), (facility.wkt, zone.wkt)
            checked += 1
            whole += reach.contains(zone)
    assert checked == 1200 and 100 < whole < 1100  # both kinds of zone were there


def test_the_reach_margin_is_inside_every_buffer_corner():
    # Round corners of every angle: a polygon nearly as fine as the true offset at REACH_INSIDE × r
    # must lie inside GEOS's coarser buffer at r.
    for turns in range(3, 40):
        corner = Polygon([(0, 0), (100, 0), (100 * math.cos(2 * math.pi / turns), 100 * math.sin(2 * math.pi / turns))])
        for radius in (300.0, 500.0):
            coarse = shapely.buffer(corner, radius, quad_segs=QUAD_SEGS)
            fine = shapely.buffer(corner, radius * REACH_INSIDE, quad_segs=512)
            assert coarse.contains(fine), (turns, radius)


@pytest.mark.parametrize("radius", [300.0, 500.0])
def test_zones_meeting_several_buffers_get_the_area_inside_their_union(radius):
    # Facilities in a row closer than 2 × radius: their buffers overlap, so most zones straddle
    # several of them and what is covered is what lies inside the union, counted once.
    rng = random.Random(7 + int(radius))
    facilities = [shapely.affinity.translate(_facility(rng), 0.9 * radius * k, rng.uniform(-80, 80)) for k in range(6)]
    reach = shapely.union_all([shapely.buffer(f, radius, quad_segs=QUAD_SEGS) for f in facilities])
    zones = []
    for _ in range(400):
        side = rng.uniform(20, 400)
        x, y = rng.uniform(-radius * 1.5, radius * 6.5), rng.uniform(-radius * 1.6, radius * 1.6)
        zones.append(box(x, y, x + side, y + side * rng.uniform(0.3, 1.0)))
    geometries = np.array(zones + facilities, dtype=object)
    ids = np.arange(1, geometries.size + 1)
    housing = np.r_[np.ones(len(zones), dtype=bool), np.zeros(len(facilities), dtype=bool)]
    layer = CoverageLayer(radius)
    layer.build(ids, geometries, shapely.area(geometries), housing, ~housing)
    several = 0
    for zone_id, zone in zip(ids.tolist(), zones):
        assert layer.covered_of(zone_id) == pytest.approx(zone.intersection(reach).area, rel=1e-9, abs=1e-6), zone.wkt
        crossing = [f for f in facilities
                    if zone.intersects(b := shapely.buffer(f, radius, quad_segs=QUAD_SEGS)) and not b.contains(zone)]
        several += len(crossing) >= 2
    assert several > 40  # the case in question was there, not only zones meeting one buffer

"""Shapely to QPainterPath: the one-pass builder of many groups gives each group's own path."""
from __future__ import annotations

from shapely.geometry import MultiPolygon, Polygon, box

from parkplanner.ui.canvas.qpaths import polygons_path, polygons_paths


def _elements(path):
    return [(path.elementAt(i).type.value, path.elementAt(i).x, path.elementAt(i).y) for i in range(path.elementCount())]


def test_paths_of_many_groups_equal_one_path_per_group(qapp):
    ring_hole = Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(2, 2), (2, 4), (4, 4), (4, 2)]])
    clockwise = Polygon([(20, 0), (20, 5), (25, 5), (25, 0)])  # oriented counter-clockwise in the path
    multi = MultiPolygon([box(30, 0, 31, 1), box(32, 0, 33, 1)])
    groups = [[ring_hole, clockwise], [], [multi], [box(40, 40, 41, 42)]]
    origin = (5.0, -3.0)
    paths = polygons_paths(groups, origin)
    assert len(paths) == len(groups)
    for group, path in zip(groups, paths):
        assert _elements(path) == _elements(polygons_path(group, origin))
    # By hand: the first group's path holds 5 + 5 + 5 vertices (three closed rings); the hole is
    # listed clockwise, the clockwise exterior turned counter-clockwise; coordinates minus origin.
    first = _elements(paths[0])
    assert len(first) == 15 and [e[0] for e in first[::5]] == [0, 0, 0]  # a MoveTo starts each ring
    xs, ys = [e[1] for e in first[5:10]], [e[2] for e in first[5:10]]
    signed = sum(xs[i] * ys[i + 1] - xs[i + 1] * ys[i] for i in range(4)) / 2
    assert signed == -4.0  # the 2 x 2 hole, clockwise
    assert _elements(paths[3])[0][1:] == (36.0, 43.0)  # box() starts at (maxx, miny): (41 - 5, 40 + 3)
    assert paths[1].isEmpty()


def test_group_areas_and_orientation_for_plain_and_complex_zones(qapp):
    # Plain polygons take the one-pass route; holes and multipolygons the parts-and-rings route.
    clockwise = Polygon([(0, 0), (0, 3), (4, 3), (4, 0)])
    plain = [box(10, 10, 12, 15), clockwise]
    holed = Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(2, 2), (2, 4), (4, 4), (4, 2)]])  # hole counter-clockwise
    multi = MultiPolygon([box(30, 0, 31, 1), Polygon([(40, 0), (40, 2), (42, 2), (42, 0)])])
    for groups in ([plain, [box(0, 0, 1, 1)]], [plain, [holed, multi], []]):
        areas: list[float] = []
        paths = polygons_paths(groups, (1.0, 1.0), areas)
        assert areas == [sum(g.area for g in group) for group in groups]
        for path in paths:
            elements = _elements(path)
            starts = [k for k, e in enumerate(elements) if e[0] == 0] + [len(elements)]
            for a, b in zip(starts[:-1], starts[1:]):
                ring = elements[a:b]
                signed = sum(ring[i][1] * ring[i + 1][2] - ring[i + 1][1] * ring[i][2] for i in range(len(ring) - 1))
                assert signed != 0  # no ring lost its vertices
        if len(groups) == 3:
            second = _elements(paths[1])
            assert len(second) == 5 * 4  # shell, hole and two boxes, each a closed ring of five
            hole = second[5:10]
            signed = sum(hole[i][1] * hole[i + 1][2] - hole[i + 1][1] * hole[i][2] for i in range(4)) / 2
            assert signed == -4.0
    assert polygons_paths([[]], (0.0, 0.0))[0].isEmpty()
    areas = []
    last_empty = polygons_paths([[box(0, 0, 1, 1)], [Polygon()]], (0.0, 0.0), areas)  # an empty ring last
    assert [p.elementCount() for p in last_empty] == [5, 0] and areas == [1.0, 0.0]


def test_rings_of_more_holes_than_a_slice_come_in_shapely_order(qapp):
    # The street-network gap of a big plan has more holes than one slice of ``sliced`` (its rings are
    # made slice by slice): every ring still comes once, in get_rings' order, oriented, with its area.
    import numpy as np
    import shapely
    from shapely.geometry import GeometryCollection, LineString

    from parkplanner.core.geometry.chunked import SLICE
    from parkplanner.core.geometry.rings import polygon_parts, polygon_rings

    side = int(np.ceil(np.sqrt(SLICE + 500)))
    holes = [[(3 * i + 1, 3 * j + 1), (3 * i + 2, 3 * j + 1), (3 * i + 2, 3 * j + 2), (3 * i + 1, 3 * j + 2)]
             for i in range(side) for j in range(side)]  # counter-clockwise: turned clockwise in the path
    gap = Polygon([(0, 0), (3 * side, 0), (3 * side, 3 * side), (0, 3 * side)], holes)
    collection = GeometryCollection([box(-5, -5, -4, -4), LineString([(0, 0), (1, 1)]),
                                     MultiPolygon([box(-9, 0, -8, 1), box(-7, 0, -6, 2)])])
    geometries = np.array([Polygon(), gap, collection, box(-20, 0, -19, 3)], dtype=object)
    parts = polygon_parts(geometries)
    assert [p.area for p in parts] == [0.0, gap.area, 1.0, 1.0, 2.0, 3.0]  # the empty one has no rings
    coords, vertex_ring, ring_part, ring_area = polygon_rings(parts)
    assert len(ring_part) == 1 + side * side + 4 and ring_part[:2].tolist() == [1, 1]
    lengths = np.bincount(vertex_ring)
    assert lengths.tolist() == [5] * len(ring_part)
    # The rings of the gap, by hand: the shell, then the hole at (3i + 1, 3j + 1) as ring 1 + i * side + j.
    first = np.cumsum(lengths) - lengths
    assert coords[first[0]].tolist() == [0.0, 0.0] and ring_area[0] == 9.0 * side * side
    k = 1 + 7 * side + 5
    assert sorted(map(tuple, coords[first[k]:first[k] + 4].tolist())) == [(22, 16), (22, 17), (23, 16), (23, 17)]
    assert ring_area[1:1 + side * side].tolist() == [-1.0] * (side * side)
    assert np.isclose(np.bincount(ring_part, weights=ring_area, minlength=len(parts)), shapely.area(parts)).all()

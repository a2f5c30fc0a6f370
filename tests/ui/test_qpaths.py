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

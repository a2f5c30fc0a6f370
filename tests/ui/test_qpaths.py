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

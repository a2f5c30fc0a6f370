"""Pure geometry edits: vertex addressing with holes and multipolygons, split, merge, trim."""
from __future__ import annotations

import pytest
from shapely.geometry import LineString, MultiPolygon, Polygon, box

from parkplanner.core.geometry.editing import (
    VertexRef, apportion, delete_vertex, insert_vertex, merge_geometries, move_vertex, nearest_edge,
    nearest_vertex, split_geometry, translate, trim_against, vertex_array, vertex_at,
)
from parkplanner.core.geometry.validation import GeometryRefused

#: 100 m square with a 20 m square hole, and a second 10 m square part far to the right.
HOLED = Polygon(box(0, 0, 100, 100).exterior.coords, [box(40, 40, 60, 60).exterior.coords])
MULTI = MultiPolygon([HOLED, box(200, 0, 210, 10)])


def test_vertex_refs_cover_exterior_holes_and_parts():
    coords, refs = vertex_array(MULTI)
    assert len(refs) == 12 and coords.shape == (12, 2)
    assert refs[4] == VertexRef(0, 1, 0) and refs[8] == VertexRef(1, 0, 0)
    assert vertex_at(MULTI, refs[8]) == (210.0, 0.0)
    hit = nearest_vertex(MULTI, 59, 61, tolerance=2)
    assert hit.ring == 1 and vertex_at(MULTI, hit) == (60.0, 60.0)
    assert nearest_vertex(MULTI, 150, 50, tolerance=2) is None


def test_moving_a_hole_vertex_changes_only_the_hole():
    ref = nearest_vertex(HOLED, 60, 60, 1)
    moved = move_vertex(HOLED, ref, 70, 70)
    assert moved.area == pytest.approx(10000 - (400 + 2 * 0.5 * 20 * 10))  # hole grows by two triangles
    assert moved.exterior.equals(HOLED.exterior)


def test_insert_on_edge_and_delete_vertex_round_trip():
    edge, foot = nearest_edge(box(0, 0, 100, 100), 50, 101, tolerance=2)
    assert foot == pytest.approx((50.0, 100.0))
    inserted = insert_vertex(box(0, 0, 100, 100), edge, 50, 120)
    assert inserted.area == pytest.approx(10000 + 0.5 * 100 * 20)
    new_ref = VertexRef(edge.part, edge.ring, edge.index + 1)
    assert vertex_at(inserted, new_ref) == (50.0, 120.0)
    assert delete_vertex(inserted, new_ref).area == pytest.approx(10000)


def test_edits_producing_invalid_zones_are_refused():
    square = box(0, 0, 100, 100)
    ref = nearest_vertex(square, 100, 100, 1)
    with pytest.raises(GeometryRefused, match="invalid"):
        move_vertex(square, ref, -50, 50)  # crosses the opposite edge
    with pytest.raises(GeometryRefused, match="at least 3 vertices"):
        delete_vertex(Polygon([(0, 0), (10, 0), (0, 10)]), VertexRef(0, 0, 1))
    hole_ref = nearest_vertex(HOLED, 40, 40, 1)
    with pytest.raises(GeometryRefused, match="invalid"):
        move_vertex(HOLED, hole_ref, -10, 40)  # hole leaves the shell


def test_deleting_a_triangle_hole_or_part_removes_it():
    tri_hole = Polygon(box(0, 0, 100, 100).exterior.coords, [[(10, 10), (20, 10), (10, 20)]])
    assert delete_vertex(tri_hole, VertexRef(0, 1, 0)).area == pytest.approx(10000)
    multi = MultiPolygon([box(0, 0, 10, 10), Polygon([(20, 0), (30, 0), (20, 10)])])
    result = delete_vertex(multi, VertexRef(1, 0, 2))
    assert result.geom_type == "Polygon" and result.area == pytest.approx(100)


def test_translate_moves_arrays_of_geometries():
    import numpy as np
    arr = np.array([box(0, 0, 1, 1), box(5, 5, 6, 6)], dtype=object)
    moved = translate(arr, 10, -2)
    assert moved[1].bounds == (15.0, 3.0, 16.0, 4.0)


def test_split_through_a_hole_and_refusal_of_a_line_that_does_not_cross():
    pieces = split_geometry(HOLED, LineString([(30, -10), (30, 110)]))
    assert [round(p.area) for p in pieces] == [6600, 3000]
    pieces = split_geometry(HOLED, LineString([(50, -10), (50, 110)]))
    assert [round(p.area) for p in pieces] == [4800, 4800]
    with pytest.raises(GeometryRefused, match="does not cut"):
        split_geometry(HOLED, LineString([(30, -10), (30, 50)]))


def test_split_keeps_untouched_multipolygon_parts_with_the_largest_piece():
    pieces = split_geometry(MULTI, LineString([(80, -10), (80, 110)]))
    assert pieces[0].geom_type == "MultiPolygon" and pieces[0].area == pytest.approx(7600 + 100)
    assert pieces[1].area == pytest.approx(2000)


def test_merge_requires_a_shared_border():
    merged = merge_geometries({1: box(0, 0, 100, 100), 2: box(100, 0, 200, 50)})
    assert merged.geom_type == "Polygon" and merged.area == pytest.approx(15000)
    assert merge_geometries({1: box(0, 0, 100, 100), 2: box(50, 50, 150, 150)}).area == pytest.approx(17500)
    with pytest.raises(GeometryRefused, match="zone 3 does not share a border"):
        merge_geometries({1: box(0, 0, 10, 10), 2: box(10, 0, 20, 10), 3: box(20, 10, 30, 20)})  # corner only


def test_trim_reports_area_taken_from_each_neighbour():
    result = trim_against(box(0, 0, 100, 100), {7: box(90, 0, 200, 100), 8: box(0, 95, 50, 200), 9: box(300, 0, 400, 1)})
    assert result.trimmed == {7: pytest.approx(1000.0), 8: pytest.approx(250.0)}
    assert result.geometry.area == pytest.approx(10000 - 1250)
    assert result.message() == "Trimmed 1,250 m² against zones 7, 8"
    assert trim_against(box(0, 0, 10, 10), {1: box(10, 0, 20, 10)}).trimmed == {}
    with pytest.raises(GeometryRefused, match="nothing is left"):
        trim_against(box(10, 10, 20, 20), {1: box(0, 0, 100, 100)})


def test_apportion_by_area():
    assert apportion(900.0, [1, 2]) == [300.0, 600.0]
    assert apportion(None, [1, 2]) == [None, None]

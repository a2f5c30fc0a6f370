"""Snapping: vertex beats edge, tolerance in pixels, boundary, context layers, exclusions."""
from __future__ import annotations

import pytest
from shapely.geometry import LineString, Point, box

from parkplanner.core.editing import History
from parkplanner.core.editing.zone_commands import add_zones
from parkplanner.core.geometry.snapping import Snapper
from parkplanner.core.geometry.spatial_index import SpatialIndex
from parkplanner.core.model.project import ContextLayer, Project
from parkplanner.core.model.zone import Zone


@pytest.fixture()
def snapper():
    project = Project(boundary=box(-50, -50, 250, 250))
    project.context_layers = (ContextLayer("roads", "line", (LineString([(0, 150), (200, 150)]),)),
                              ContextLayer("wells", "point", (Point(180, 180),)))
    history = History(project)
    history.push(add_zones(project, [Zone(1, box(0, 0, 100, 100), "0701"), Zone(2, box(100, 0, 200, 100), "0701")]))
    return Snapper(project, SpatialIndex(project, history), tolerance_px=10)


def test_vertex_beats_a_nearer_edge(snapper):
    result = snapper.snap(101.0, 4.0, pixel_size=0.5)  # edge x=100 is 1 m away, vertex (100,0) 4.1 m
    assert (result.point, result.kind, result.source) == ((100.0, 0.0), "vertex", "zone")


def test_edge_snap_projects_onto_the_edge(snapper):
    result = snapper.snap(102.0, 50.0, pixel_size=0.5)
    assert result.kind == "edge" and result.point == pytest.approx((100.0, 50.0))


def test_tolerance_scales_with_pixel_size(snapper):
    assert not snapper.snap(50.0, 110.0, pixel_size=0.5).snapped  # 10 m away, tolerance 5 m
    assert snapper.snap(50.0, 110.0, pixel_size=2.0).point == pytest.approx((50.0, 100.0))


def test_boundary_and_context_layers(snapper):
    assert snapper.snap(-48, 20, 0.5).source == "boundary"
    road = snapper.snap(60, 152, 0.5)
    assert road.source == "context" and road.point == pytest.approx((60, 150))
    assert snapper.snap(181, 181, 0.5).point == (180.0, 180.0)


def test_excluded_zones_disabled_snapper_and_extra_vertices(snapper):
    assert snapper.snap(50, 98, 0.5, exclude_zone_ids={1}).kind is None
    assert snapper.snap(60, 60, 0.5, extra_vertices=[(61, 61)]).source == "extra"
    snapper.toggle()
    assert not snapper.snap(100.5, 0.5, 0.5).snapped


def test_context_layers_replaced_through_the_history_are_snapped_to(snapper):
    from parkplanner.core.editing import History
    from parkplanner.core.editing.project_commands import SetProjectField

    history = History(snapper.project)
    assert not snapper.snap(500, 51, 0.1).snapped
    river = ContextLayer("river", "line", (LineString([(450, 50), (550, 50)]),))
    history.push(SetProjectField.of(snapper.project, "context_layers", (river,)))
    assert snapper.snap(500, 50.5, 0.1).point == pytest.approx((500, 50))
    history.undo()
    assert not snapper.snap(500, 50.5, 0.1).snapped

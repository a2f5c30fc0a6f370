"""The zone STRtree: queries, staleness after edits, rebuild on scenario switch."""
from __future__ import annotations

from shapely.geometry import LineString, box

from parkplanner.core.editing import History
from parkplanner.core.editing.project_commands import blank_scenario, switch_scenario
from parkplanner.core.editing.zone_commands import add_zones, delete_zones, reshape_zone
from parkplanner.core.geometry.spatial_index import SpatialIndex
from parkplanner.core.model.project import Project
from parkplanner.core.model.zone import Zone


def _indexed():
    project = Project()
    history = History(project)
    history.push(add_zones(project, [Zone(i, box(i * 10, 0, i * 10 + 10, 10), "0701") for i in range(1, 6)]))
    return project, history, SpatialIndex(project, history)


def test_point_box_and_geometry_queries():
    _, _, index = _indexed()
    assert index.at_point(25, 5) == [2]
    assert index.at_point(30, 5) == [3, 2]  # shared edge: both, topmost (last drawn) first
    assert index.at_point(31, 5, tolerance=2.0) == [3, 2]
    assert index.in_box(12, 2, 38, 8) == [1, 2, 3]
    assert index.in_box(38, 11, 12, -1, contained=True) == [2]
    assert index.query(LineString([(15, 5), (45, 5)])) == [1, 2, 3, 4]


def test_edits_are_seen_without_a_rebuild_until_many_zones_are_stale():
    project, history, index = _indexed()
    index.at_point(0, 0)
    assert index.rebuilds == 1
    history.push(reshape_zone(project, 2, box(20, 0, 30, 50)))
    history.push(delete_zones(project, [3]))
    history.push(add_zones(project, [Zone(9, box(100, 100, 110, 110), "0701")]))
    assert index.at_point(25, 40) == [2]
    assert index.at_point(35, 5) == []
    assert index.at_point(105, 105) == [9]
    assert index.rebuilds == 1
    history.undo()
    history.undo()
    assert index.at_point(35, 5) == [3]
    assert index.at_point(105, 105) == []


def test_switching_scenario_reindexes():
    project, history, index = _indexed()
    assert index.at_point(25, 5) == [2]
    history.push(blank_scenario(project))
    assert index.at_point(25, 5) == []
    history.push(switch_scenario(project, "base"))
    assert index.at_point(25, 5) == [2]

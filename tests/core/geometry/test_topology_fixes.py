"""Topology fixes: each is one undo step that removes its problem."""
from __future__ import annotations

import pytest
from shapely.geometry import Polygon, box

from parkplanner.core.editing import History
from parkplanner.core.editing.zone_commands import ReplaceZones, add_zones
from parkplanner.core.geometry.topology import check_topology
from parkplanner.core.geometry.topology_fixes import fix_command
from parkplanner.core.model.project import Project
from parkplanner.core.model.zone import Zone


def _project(geoms, boundary=None):
    project = Project(boundary=boundary)
    history = History(project)
    history.push(add_zones(project, [Zone(i, g, "0701") for i, g in geoms.items()]))
    return project, history


def _fix_only_problem(project, history):
    (problem,) = check_topology(project.active_scenario.zones, project.boundary)
    history.push(fix_command(project, problem))
    return problem


def test_overlap_is_removed_from_the_smaller_zone():
    project, history = _project({1: box(0, 0, 100, 100), 2: box(90, 0, 150, 100)})
    _fix_only_problem(project, history)
    zones = project.active_scenario.zones
    assert history.undo_label == "Trim overlap of zone 2 with zone 1 (1,000 m²)"
    assert zones[2].area_m2 == pytest.approx(5000) and zones[1].area_m2 == pytest.approx(10000)
    assert check_topology(zones) == []


def test_gap_is_filled_into_the_neighbour_with_the_longest_border():
    project, history = _project({1: box(0, 0, 100, 100), 2: box(110, 0, 200, 100), 3: box(100, 80, 110, 100)},
                                boundary=box(0, 0, 200, 100))
    problem = _fix_only_problem(project, history)
    assert problem.zone_ids[0] == 1
    assert history.undo_label == "Fill gap of 800 m² into zone 1"
    assert project.active_scenario.zones[1].area_m2 == pytest.approx(10800)
    assert check_topology(project.active_scenario.zones, project.boundary) == []


def test_sliver_is_deleted_outside_part_clipped_invalid_repaired():
    project, history = _project({1: box(0, 0, 100, 100), 2: box(100, 0, 102, 100)}, boundary=box(0, 0, 102, 100))
    _fix_only_problem(project, history)
    assert history.undo_label == "Delete sliver zone 2" and set(project.active_scenario.zones) == {1}

    project, history = _project({1: box(0, 0, 120, 100)}, boundary=box(0, 0, 100, 100))
    _fix_only_problem(project, history)
    assert project.active_scenario.zones[1].area_m2 == pytest.approx(10000)

    project, history = _project({1: box(0, 0, 10, 10)})
    bowtie = Polygon([(0, 0), (100, 100), (100, 0), (0, 100)])
    zone = project.active_scenario.zones[1]
    # An invalid geometry can only arrive by import; put it there the way an importer would.
    history.push(ReplaceZones("Import", "base", {1: zone}, {1: zone.with_changes(geometry=bowtie)}))
    _fix_only_problem(project, history)
    assert history.undo_label == "Repair zone 1"
    assert project.active_scenario.zones[1].geometry.is_valid
    assert project.active_scenario.zones[1].area_m2 == pytest.approx(5000)

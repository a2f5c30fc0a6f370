"""Zone edits as history commands: labels, ids, apportioned attributes, undo/redo round trips."""
from __future__ import annotations

import pytest
from shapely.geometry import LineString, box

from parkplanner.core.editing import History
from parkplanner.core.editing.zone_commands import add_zones
from parkplanner.core.geometry.validation import GeometryRefused
from parkplanner.core.geometry.zone_operations import (
    default_code, merge_zones_command, new_zone_command, split_zones_command, translate_zones_command,
)
from parkplanner.core.model.project import Project
from parkplanner.core.model.zone import Zone


@pytest.fixture()
def edited():
    project = Project()
    history = History(project)
    history.push(add_zones(project, [
        Zone(1, box(0, 0, 100, 100), "0701", name="North", far=1.5, gfa_override_m2=9000.0),
        Zone(2, box(100, 0, 200, 100), "0802", far=2.0),
        Zone(3, box(100, 100, 150, 150), "0802", far=1.0, gfa_override_m2=1000.0),
    ]))
    return project, history


def test_split_shares_gfa_override_by_area_and_undo_restores(edited):
    project, history = edited
    before = project.snapshot()
    history.push(split_zones_command(project, [1], LineString([(25, -5), (25, 105)])))
    zones = project.active_scenario.zones
    assert history.undo_label == "Split zone 1 into 2"
    assert (zones[1].area_m2, zones[4].area_m2) == (pytest.approx(7500), pytest.approx(2500))
    assert (zones[1].gfa_override_m2, zones[4].gfa_override_m2) == (pytest.approx(6750), pytest.approx(2250))
    assert zones[4].name == "North" and zones[4].code == "0701"
    history.undo()
    assert project.snapshot() == before
    history.redo()
    assert set(zones) == {1, 2, 3, 4}


def test_one_line_across_two_zones_splits_both_in_one_step(edited):
    project, history = edited
    history.push(split_zones_command(project, [1, 2, 3], LineString([(-5, 50), (205, 50)])))
    assert history.undo_label == "Split 2 zones into 4"
    assert sorted(round(z.area_m2) for z in project.active_scenario) == [2500, 5000, 5000, 5000, 5000]
    with pytest.raises(GeometryRefused, match="does not cut"):
        split_zones_command(project, [3], LineString([(-5, 50), (205, 50)]))


def test_merge_keeps_largest_zone_and_preserves_total_gfa(edited):
    project, history = edited
    zones = project.active_scenario.zones
    total_gfa = sum(zones[i].gfa_m2 for i in (1, 2, 3))
    history.push(merge_zones_command(project, [3, 2, 1]))
    assert history.undo_label == "Merge 3 zones into zone 1"
    assert set(zones) == {1}
    assert zones[1].area_m2 == pytest.approx(22500) and zones[1].name == "North"
    assert zones[1].gfa_override_m2 == pytest.approx(total_gfa) == 9000 + 20000 + 1000
    history.undo()
    assert set(zones) == {1, 2, 3} and list(zones) == [1, 2, 3]


def test_new_zone_is_trimmed_and_labelled(edited):
    project, history = edited
    new = new_zone_command(project, box(140, 50, 250, 200), default_code(project))
    history.push(new.command)
    assert history.undo_label == "Draw zone (trimmed against 2 neighbours)"
    assert new.zone.id == 4 and new.zone.code == "0802"  # two of the three zones are 0802
    assert new.trim.trimmed == {2: pytest.approx(3000), 3: pytest.approx(500)}
    assert project.active_scenario.zones[4].area_m2 == pytest.approx(16500 - 3500)
    assert new.trim.message() == "Trimmed 3,500 m² against zones 2, 3"


def test_translate_from_originals_merges_a_drag_into_one_step(edited):
    project, history = edited
    originals = {i: project.active_scenario.zones[i] for i in (1, 2)}
    for step in (1, 2, 3):
        history.push(translate_zones_command(project, originals, 10 * step, 0, merge_key=("move", 1)))
    history.end_merge()
    assert history.labels[-1] == "Move 2 zones" and len(history.labels) == 2
    assert project.active_scenario.zones[2].geometry.bounds == (130.0, 0.0, 230.0, 100.0)
    history.undo()
    assert project.active_scenario.zones[2].geometry.bounds == (100.0, 0.0, 200.0, 100.0)

"""History behaviour: labels, merging, groups, clean state and change messages."""
from __future__ import annotations

import pytest
from shapely.geometry import box

from parkplanner.core.editing import ChangeKind, History
from parkplanner.core.editing.zone_commands import add_zones, delete_zones, reshape_zone, set_zone_attributes
from parkplanner.core.geometry.validation import GeometryRefused
from parkplanner.core.model.project import Project
from parkplanner.core.model.zone import Zone


@pytest.fixture()
def edited():
    project = Project()
    history = History(project)
    history.push(add_zones(project, [Zone(1, box(0, 0, 100, 100), "100101"), Zone(2, box(200, 0, 300, 100), "0802")]))
    history.mark_clean()
    return project, history


def test_change_message_names_scenario_zones_and_kind(edited):
    project, history = edited
    seen = []
    history.changed.connect(seen.append)
    history.push(set_zone_attributes(project, [1, 2], {"far": 2.5}))
    (change,) = seen[0]
    assert change.kind is ChangeKind.ZONES_ATTRIBUTES
    assert change.scenario_id == "base" and change.zone_ids == {1, 2}
    history.undo()
    assert seen[1][0].zone_ids == {1, 2}


def test_drag_merges_into_one_step_and_stops_at_end_merge(edited):
    project, history = edited
    for dx in (1, 2, 3):
        history.push(reshape_zone(project, 1, box(dx, 0, 100 + dx, 100), merge_key=("drag", 1)))
    history.end_merge()
    history.push(reshape_zone(project, 1, box(10, 0, 110, 100), merge_key=("drag", 1)))
    assert history.labels == ["Add 2 zones", "Reshape zone", "Reshape zone"]
    history.undo()
    history.undo()
    assert project.active_scenario.zones[1].geometry.equals(box(0, 0, 100, 100))


def test_group_is_one_step_and_reverts_on_error(edited):
    project, history = edited
    with history.group("Delete 2 zones"):
        history.push(delete_zones(project, [1]))
        history.push(delete_zones(project, [2]))
    assert history.undo_label == "Delete 2 zones" and not project.active_scenario.zones
    history.undo()
    with pytest.raises(KeyError):
        with history.group("broken"):
            history.push(delete_zones(project, [1]))
            history.push(delete_zones(project, [99]))
    assert set(project.active_scenario.zones) == {1, 2}
    assert history.undo_label == "Add 2 zones"


def test_clean_state_follows_undo_and_redo(edited):
    project, history = edited
    assert history.is_clean
    history.push(set_zone_attributes(project, [1], {"name": "=cmd"}))
    assert not history.is_clean
    history.undo()
    assert history.is_clean
    history.redo()
    assert not history.is_clean


def test_invalid_and_out_of_range_edits_are_refused_with_reasons(edited):
    project, history = edited
    with pytest.raises(ValueError, match="far must be between 0 and 20"):
        set_zone_attributes(project, [1], {"far": 25})
    with pytest.raises(ValueError, match="unknown land-use code"):
        set_zone_attributes(project, [1], {"code": "XYZ"})
    with pytest.raises(GeometryRefused, match="not a LinearRing"):
        reshape_zone(project, 1, box(0, 0, 1, 1).exterior)
    bowtie = box(0, 0, 10, 10).exterior  # repaired polygons pass, lines do not
    from shapely.geometry import Polygon
    repaired = reshape_zone(project, 1, Polygon([(0, 0), (10, 10), (10, 0), (0, 10)]))
    assert repaired.after[1].geometry.is_valid and repaired.after[1].geometry.area == pytest.approx(50)
    assert bowtie.length == 40


def test_undo_limit_forgets_the_oldest_steps_and_the_lost_clean_state():
    project = Project()
    history = History(project, limit=3)
    history.push(add_zones(project, [Zone(1, box(0, 0, 100, 100), "100101")]))
    history.mark_clean()  # saved with the zone at FAR 0
    for far in (1.0, 2.0, 3.0):
        history.push(set_zone_attributes(project, [1], {"far": far}))
    assert history.labels == ["Set far"] * 3 and history.index == 3
    while history.can_undo:
        history.undo()
    # The add step was forgotten; undoing all reaches the saved state, which is still clean.
    assert project.active_scenario.zones[1].far == 0.0 and history.is_clean
    history.redo()
    history.push(set_zone_attributes(project, [1], {"far": 9.0}))  # drops the branch after index 1
    history.push(set_zone_attributes(project, [1], {"far": 8.0}))
    history.push(set_zone_attributes(project, [1], {"far": 7.0}))  # pushes the saved state out
    while history.can_undo:
        history.undo()
    assert project.active_scenario.zones[1].far == 1.0 and not history.is_clean


def test_long_session_with_an_undo_limit_keeps_at_most_the_limit():
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("session_edits", Path(__file__).with_name("session_edits.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    project = Project()
    History(project).push(add_zones(project, [Zone(i, box(i * 100, 0, i * 100 + 90, 90), "100101")
                                              for i in range(1, 30)]))
    history = History(project, limit=50)
    session = module.RandomSession(history, seed=3)
    session.run(400)
    assert len(history.labels) <= 50 and history.index == session.index


def test_a_marked_session_rolls_back_to_the_same_project_and_history(edited):
    from parkplanner.core.editing.project_commands import duplicate_scenario, switch_scenario

    project, history = edited
    history.push(set_zone_attributes(project, [1], {"far": 2.0}))
    history.push(set_zone_attributes(project, [1], {"far": 3.0}))
    history.undo()  # a redo step the session must give back
    before = project.snapshot()
    labels, index = list(history.labels), history.index
    mark = history.mark()
    copy = duplicate_scenario(project, "base", "Copy")
    history.apply_temporarily(mark, copy)  # outside the steps: undo cannot remove it
    history.push(set_zone_attributes(project, [2], {"far": 9.0}))
    history.push(switch_scenario(project, "base"))
    history.undo()
    history.undo()
    assert not history.can_undo and len(project.scenarios) == 2  # undo stops at the mark
    history.redo()
    history.roll_back(mark)
    assert project.snapshot() == before and [s.id for s in project.scenarios] == ["base"]
    assert history.labels == labels and history.index == index
    history.redo()
    assert project.active_scenario.zones[1].far == 3.0
    history.undo()
    history.undo()
    assert history.is_clean  # the clean state of the saved file is found again


def test_an_edit_of_one_attribute_names_it_in_its_changes_undo_and_merges_included(edited):
    from parkplanner.core.editing.zone_commands import ReplaceZones
    from parkplanner.core.model.zone import with_field

    project, history = edited
    seen = []
    history.changed.connect(seen.append)
    history.push(set_zone_attributes(project, [1, 2], {"far": 2.5}))
    history.push(set_zone_attributes(project, [1], {"code": "0802", "far": 1.0}))
    history.undo()
    assert [[(c.kind, c.field) for c in changes] for changes in seen] == [
        [(ChangeKind.ZONES_ATTRIBUTES, "far")], [(ChangeKind.ZONES_ATTRIBUTES, None)],
        [(ChangeKind.ZONES_ATTRIBUTES, None)]]
    # A drag's steps merged into one keep the field only when every step changed that same one.
    zones = project.active_scenario.zones
    before = {1: zones[1]}

    def step(name, value, key="drag"):
        return ReplaceZones("step", "base", {1: zones[1]}, {1: with_field([zones[1]], name, [value])[0]},
                           merge_key=key, field=name)

    assert step("far", 3.0).merged_with(step("far", 4.0)).field == "far"
    assert step("far", 3.0).merged_with(step("phase", 2)).field is None
    with pytest.raises(ValueError):
        ReplaceZones("bad", "base", before, before, field="geometry")
    with pytest.raises(ValueError):
        ReplaceZones("bad", "base", before, before, field="colour")


def test_a_deferred_step_lands_before_anything_else_uses_the_history(edited):
    project, history = edited
    landed = []

    def land(far):
        def push():
            landed.append(far)
            history.push(set_zone_attributes(project, [1], {"far": far}))
        return push

    history.defer(land(2.0))
    assert history.landing and project.active_scenario.zones[1].far != 2.0 and history.is_clean
    history.push(set_zone_attributes(project, [2], {"far": 3.0}))  # lands the announced step first
    assert landed == [2.0] and not history.landing
    assert history.labels[-2:] == [set_zone_attributes(project, [1], {"far": 2.0}).label,
                                   set_zone_attributes(project, [2], {"far": 3.0}).label]
    history.defer(land(4.0))
    history.undo()  # lands it, then takes it back: the far is as before it
    assert landed == [2.0, 4.0] and project.active_scenario.zones[1].far == 2.0
    history.redo()
    assert project.active_scenario.zones[1].far == 4.0
    history.defer(land(5.0))
    history.defer(land(6.0))  # a second announcement lands the first
    assert landed == [2.0, 4.0, 5.0]
    history.mark_clean()  # a save marks the project with every step in it
    assert landed == [2.0, 4.0, 5.0, 6.0] and history.is_clean
    assert project.active_scenario.zones[1].far == 6.0
    history.settle()  # nothing on its way: nothing happens
    assert landed == [2.0, 4.0, 5.0, 6.0]

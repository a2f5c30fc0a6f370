"""Plausibility: an edit that multiplies a zone's area, a zone larger than the boundary, totals
no park has. Limits checked against hand-made numbers."""
from __future__ import annotations

import pytest
from shapely.geometry import box

from parkplanner.core.editing import History
from parkplanner.core.editing.zone_commands import add_zones, reshape_zone
from parkplanner.core.metrics import compute_metrics
from parkplanner.core.metrics.plausibility import area_jump_message, plan_warnings
from parkplanner.core.model.project import Project
from parkplanner.core.model.zone import Zone
from parkplanner.interaction.plausibility_watch import AreaJumpWatch


def test_area_jump_beyond_three_times_either_way():
    assert area_jump_message({1: 257_000.0}, {1: 1_550_000.0}) == (
        "Check zone 1: one edit changed its area from 25.70 ha to 155.00 ha (×6.0)")
    assert area_jump_message({1: 90_000.0}, {1: 20_000.0}).endswith("(÷4.5)")
    assert area_jump_message({1: 10_000.0}, {1: 29_999.0}) == ""  # ×3.0 is still ordinary
    assert area_jump_message({}, {2: 1.0e9}) == ""  # a new zone has no "before"


def test_watch_compares_a_whole_merged_drag_and_ignores_undo():
    project = Project()
    history = History(project)
    history.push(add_zones(project, [Zone(1, box(0, 0, 100, 100), "1001")]))
    said = []
    watch = AreaJumpWatch(history, said.append)
    # A drag of three merged moves, each less than x3, together x4 (100 x 400 m).
    for height in (150, 250, 400):
        history.push(reshape_zone(project, 1, box(0, 0, 100, height), merge_key="drag"))
    assert said == ["Check zone 1: one edit changed its area from 1.00 ha to 4.00 ha (×4.0)"]
    history.end_merge()
    history.undo()
    assert len(said) == 1  # undoing the mistake is not one
    history.redo()
    assert len(said) == 2
    watch.close()


def test_zone_larger_than_the_boundary_and_totals_beyond_any_park():
    project = Project()
    project.boundary = box(0, 0, 1000, 1000)  # 100 ha
    # One 8,760 km² zone (93.6 km square) at FAR 20, as in the report that asked for these checks.
    side = 8_760_000_000 ** 0.5
    project.active_scenario.zones.update({1: Zone(1, box(0, 0, side, side), "1001", far=20.0),
                                          2: Zone(2, box(0, -100, 100, 0), "070102", far=1.0)})
    metrics = compute_metrics(project, project.active_scenario).to_dict()
    rows = {r["rule"]: r for r in plan_warnings(project, project.active_scenario, metrics)}
    assert rows["PLAUSIBLE_ZONE_AREA"]["zone_id"] == 1
    assert abs(rows["PLAUSIBLE_ZONE_AREA"]["value"] - 876_000.0) < 0.01  # ha
    assert abs(rows["PLAUSIBLE_TOTAL_AREA"]["value"] - 8760.01) < 1e-6  # km², zone 2 (1 ha = 0.01 km²) included
    assert rows["PLAUSIBLE_JOBS"]["value"] > 3_000_000
    assert "PLAUSIBLE_JOBS_HOUSING" in rows
    small = Project()
    small.boundary = box(0, 0, 1000, 1000)
    small.active_scenario.zones.update({1: Zone(1, box(0, 0, 500, 500), "1001", far=1.5)})
    assert plan_warnings(small, small.active_scenario, compute_metrics(small, small.active_scenario).to_dict()) == []


def test_area_jump_rows_name_each_zone_beyond_three_times_either_way():
    from parkplanner.core.metrics.plausibility import area_jump_rows

    # 1 ha -> 4 ha (x4), 9 ha -> 2 ha (/4.5), 1 ha -> 2.9 ha (x2.9: ordinary), a new zone (not compared).
    rows = area_jump_rows({1: 10_000.0, 2: 90_000.0, 3: 10_000.0}, {1: 40_000.0, 2: 20_000.0, 3: 29_000.0, 4: 1.0})
    assert [(r["zone_id"], r["rule"], r["operator"]) for r in rows] == [
        (1, "PLAUSIBLE_AREA_JUMP", "<="), (2, "PLAUSIBLE_AREA_JUMP", ">=")]
    assert rows[0]["value"] == pytest.approx(4.0) and rows[0]["limit"] == 3.0
    assert rows[1]["value"] == pytest.approx(2 / 9) and rows[1]["limit"] == pytest.approx(1 / 3)
    assert "from 9.00 ha to 2.00 ha" in rows[1]["description"] and "9.00 公顷" in rows[1]["description_zh"]


def test_watch_compares_each_zone_with_its_area_before_the_step_that_touched_it():
    """Within one step (a group), a zone is compared with its area before the step, however often
    the step touches it; a zone the step added has nothing to be compared with."""
    project = Project()
    history = History(project)
    history.push(add_zones(project, [Zone(1, box(0, 0, 100, 100), "1001"), Zone(2, box(200, 0, 300, 100), "1001")]))
    said = []
    watch = AreaJumpWatch(history, said.append)
    with history.group("grow"):
        history.push(reshape_zone(project, 1, box(0, 0, 100, 200)))  # x2 so far
        history.push(add_zones(project, [Zone(3, box(400, 0, 410, 10), "1001")]))
        history.push(reshape_zone(project, 3, box(400, 0, 500, 100)))  # x100, but new in this step
        history.push(reshape_zone(project, 1, box(0, 0, 100, 350)))  # x3.5 since the step began
    assert said[-1] == "Check zone 1: one edit changed its area from 1.00 ha to 3.50 ha (×3.5)"
    assert set(watch.rows) == {1}
    history.push(reshape_zone(project, 2, box(200, 0, 300, 250)))  # x2.5: ordinary
    assert set(watch.rows) == {1} and len(said) == 1
    watch.close()


def test_an_attribute_edit_keeps_a_zones_area_row_and_measures_nothing(monkeypatch):
    """A land use or FAR set on a zone whose shape jumped leaves the row in place (its area is
    what it was); only the zones whose shape changed are measured again."""
    from parkplanner.core.editing.zone_commands import set_zone_attributes
    from parkplanner.interaction import plausibility_watch

    project = Project()
    history = History(project)
    history.push(add_zones(project, [Zone(1, box(0, 0, 100, 100), "1001"), Zone(2, box(200, 0, 300, 100), "1001")]))
    watch = AreaJumpWatch(history, [].append)
    history.push(reshape_zone(project, 1, box(0, 0, 100, 500)))  # x5: a row
    assert set(watch.rows) == {1}
    measured = []
    original = plausibility_watch.zone_areas
    monkeypatch.setattr(plausibility_watch, "zone_areas",
                        lambda scenario, ids=None: measured.append(set(ids)) or original(scenario, ids))
    history.push(set_zone_attributes(project, [1, 2], {"far": 2.0}))
    assert set(watch.rows) == {1} and measured == [set()]
    history.push(reshape_zone(project, 1, box(0, 0, 100, 120)))  # back within bounds of its step's start
    assert measured[-1] == {1}
    watch.close()

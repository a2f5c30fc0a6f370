"""Property: any sequence of commands, undone in full, restores the project exactly."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from parkplanner.core.editing import History
from parkplanner.core.editing.project_commands import (
    RemoveScenario, SetProjectField, blank_scenario, duplicate_scenario, rename_scenario, switch_scenario,
)
from parkplanner.core.editing.zone_commands import (
    add_zones, delete_zones, replace_zones, reshape_zone, set_zone_attributes,
)
from parkplanner.core.model.parameters import Parameters
from parkplanner.core.model.project import Project, Target
from parkplanner.core.model.zone import Zone

CODES = ["070102", "100101", "0802", "1401", "080403", "0901"]

actions = st.lists(
    st.tuples(st.sampled_from(["add", "delete", "reshape", "attr", "multi", "param", "target",
                               "dup", "blank", "switch", "rename", "remove_sc", "split", "drag"]),
              st.integers(0, 10_000), st.floats(0.1, 5.0)),
    min_size=1, max_size=25,
)


def _base_project() -> Project:
    project = Project(name="t")
    history = History(project)
    history.push(add_zones(project, [Zone(i, box(i * 100, 0, i * 100 + 90, 90), CODES[i % 6], far=1.0)
                                     for i in range(1, 5)]))
    return project


def _run(project: Project, history: History, action: str, n: int, x: float) -> None:
    zones = project.active_scenario.zones
    ids = sorted(zones)
    pick = ids[n % len(ids)] if ids else None
    if action == "add":
        zid = project.active_scenario.next_zone_id()
        history.push(add_zones(project, [Zone(zid, box(n, 200, n + 50 * x, 260), CODES[n % 6], far=x)]))
    elif action == "delete" and pick is not None:
        history.push(delete_zones(project, [pick]))
    elif action == "reshape" and pick is not None:
        history.push(reshape_zone(project, pick, zones[pick].geometry.buffer(x)))
    elif action == "drag" and pick is not None:
        for step in range(3):  # consecutive moves with one merge key are one undo step
            history.push(reshape_zone(project, pick, zones[pick].geometry.buffer(x / 3), merge_key=("drag", n)))
        history.end_merge()
    elif action == "attr" and pick is not None:
        history.push(set_zone_attributes(project, [pick], {"far": x, "name": f"z{n}"}))
    elif action == "multi" and ids:
        history.push(set_zone_attributes(project, ids[: 1 + n % len(ids)], {"phase": 1 + n % 3}))
    elif action == "split" and pick is not None:
        g = zones[pick].geometry
        minx, miny, maxx, maxy = g.bounds
        mid = (minx + maxx) / 2
        left, right = g.intersection(box(minx, miny, mid, maxy)), g.intersection(box(mid, miny, maxx, maxy))
        if left.area > 1 and right.area > 1:
            nid = project.active_scenario.next_zone_id()
            history.push(replace_zones(project, [pick], [zones[pick].with_changes(id=nid, geometry=left),
                                                         zones[pick].with_changes(id=nid + 1, geometry=right)],
                                       "Split zone"))
    elif action == "param":
        history.push(SetProjectField.of(project, "parameters", Parameters(employed_share=min(1.0, x / 5))))
    elif action == "target":
        history.push(SetProjectField.of(project, "targets", project.targets + (Target("jobs", n, 2035),)))
    elif action == "dup":
        history.push(duplicate_scenario(project, project.active_scenario_id))
    elif action == "blank":
        history.push(blank_scenario(project))
    elif action == "switch":
        history.push(switch_scenario(project, project.scenarios[n % len(project.scenarios)].id))
    elif action == "rename":
        history.push(rename_scenario(project, project.active_scenario_id, f"S{n}"))
    elif action == "remove_sc" and len(project.scenarios) > 1:
        history.push(RemoveScenario(project, project.scenarios[n % len(project.scenarios)].id))


@settings(max_examples=60, deadline=None)
@given(actions)
def test_undo_all_restores_and_redo_all_replays(sequence):
    project = _base_project()
    history = History(project)
    start = project.snapshot()
    for action, n, x in sequence:
        try:
            _run(project, history, action, n, x)
        except ValueError:
            pass  # refused edits (e.g. duplicate scenario names) must leave no trace
    end = project.snapshot()
    while history.can_undo:
        history.undo()
    assert project.snapshot() == start
    assert history.is_clean
    while history.can_redo:
        history.redo()
    assert project.snapshot() == end

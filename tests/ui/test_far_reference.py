"""The FAR sliders' multipliers, kept up to date per history step, equal the ratio worked out
from the zones afresh after any sequence of edits."""
from __future__ import annotations

import random

import numpy as np
import pytest
from shapely.geometry import box

from parkplanner.core.editing import History
from parkplanner.core.editing.zone_commands import add_zones
from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.model.zone import Zone
from parkplanner.ui.workshop.far_reference import FarReference, class_zone_ids
from tests.core.metrics.test_engine import grid_project, random_edit

CLASSES = ("RES", "MXD", "COM", "OFF", "IND", "LOG")


def _from_scratch(project, first: dict[int, Zone]) -> dict[str, float]:
    """Σ area·FAR now / Σ area·FAR then per class, over the zones seen first that are still there."""
    catalogue = default_catalogue()
    now_sums, then_sums = dict.fromkeys(CLASSES, 0.0), dict.fromkeys(CLASSES, 0.0)
    for zone_id, zone in project.active_scenario.zones.items():
        if zone_id not in first:
            continue
        found = catalogue.find(project.scheme, zone.code)
        cls = found.generic_class if found is not None else ""
        if cls in now_sums:
            area = first[zone_id].geometry.area
            now_sums[cls] += area * zone.far
            then_sums[cls] += area * first[zone_id].far
    return {c: now_sums[c] / then_sums[c] if then_sums[c] > 0 else 1.0 for c in CLASSES}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_multipliers_follow_every_history_step(seed):
    project = grid_project(n=60, seed=seed)
    history = History(project)
    reference = FarReference(project, project.active_scenario, CLASSES)
    history.changed.connect(reference.follow)
    first = dict(project.active_scenario.zones)
    assert reference.multipliers() == dict.fromkeys(CLASSES, 1.0)
    rng = random.Random(seed)
    for step in range(80):
        if project.active_scenario_id != reference.scenario_id:
            history.undo()  # random_edit may switch scenario: this reference follows the first one
            continue
        random_edit(project, history, rng)
        if project.active_scenario_id == reference.scenario_id:
            assert reference.multipliers() == pytest.approx(_from_scratch(project, first), rel=1e-12), step
            zones = project.active_scenario.zones
            for cls in ("RES", "IND", "OFF"):
                ids, then, now = reference.members(cls)
                assert sorted(ids) == sorted(class_zone_ids(project, project.active_scenario, cls)), step
                assert list(now) == [zones[i].far for i in ids]
                assert [None if np.isnan(f) else f for f in then] == [
                    first[i].far if i in first else None for i in ids]
    while history.can_undo:
        history.undo()
    assert reference.multipliers() == pytest.approx(dict.fromkeys(CLASSES, 1.0), rel=1e-12)


def test_zones_drawn_since_the_first_sight_do_not_count():
    project = grid_project(n=30, seed=4)
    history = History(project)
    reference = FarReference(project, project.active_scenario, CLASSES)
    history.changed.connect(reference.follow)
    before = reference.multipliers()
    history.push(add_zones(project, [Zone(999, box(0, 0, 50, 50), "IND_L", far=9.0)]))
    assert reference.multipliers() == before
    ids, then, now = reference.members("IND")
    # A member all the same (a drag scales it from where it stands), without a reference FAR.
    assert ids[-1] == 999 and np.isnan(then[-1]) and now[-1] == 9.0


def test_a_checkpoint_jump_is_read_afresh():
    from parkplanner.core.editing.checkpoints import RestoreCheckpoint, take_checkpoint
    from parkplanner.core.editing.zone_commands import set_zone_attributes

    project = grid_project(n=40, seed=6)
    history = History(project)
    reference = FarReference(project, project.active_scenario, CLASSES)
    history.changed.connect(reference.follow)
    first = dict(project.active_scenario.zones)
    everything = list(first)
    history.push(set_zone_attributes(project, everything[::2], {"far": 4.0}))
    saved = take_checkpoint(project, "Dense")
    history.push(set_zone_attributes(project, everything, {"far": 0.5}))
    history.push(RestoreCheckpoint(saved))  # replaces every scenario (and its zones dict)
    assert reference.multipliers() == pytest.approx(_from_scratch(project, first), rel=1e-12)
    assert reference.multipliers() != pytest.approx(dict.fromkeys(CLASSES, 1.0))


def test_a_first_sight_read_on_a_worker_follows_the_steps_taken_before_it_arrived(monkeypatch):
    """Read on a worker, the first sight shows multipliers of 1.0 until it arrives; steps taken
    meanwhile are followed once it has, and then it reads what one read at once reads."""
    import threading

    from parkplanner.core.editing.zone_commands import set_zone_attributes
    from parkplanner.ui.workshop import far_reference

    jobs = []
    monkeypatch.setattr(far_reference, "run_on_worker", jobs.append)
    project = grid_project(n=50, seed=7)
    history = History(project)
    first = dict(project.active_scenario.zones)
    on_worker = FarReference(project, project.active_scenario, CLASSES, on_worker=True)
    at_once = FarReference(project, project.active_scenario, CLASSES)
    history.changed.connect(on_worker.follow)
    history.changed.connect(at_once.follow)
    assert len(jobs) == 1 and on_worker.multipliers() == dict.fromkeys(CLASSES, 1.0)  # not read yet
    industrial = class_zone_ids(project, project.active_scenario, "IND")
    history.push(set_zone_attributes(project, industrial[::2], {"far": 5.5}))
    history.push(set_zone_attributes(project, list(first)[:7], {"far": 0.25}))
    threading.Thread(target=jobs[0]).start()  # the worker reads the first sight now
    assert on_worker.multipliers() == at_once.multipliers() == pytest.approx(_from_scratch(project, first), rel=1e-12)
    for cls in CLASSES:
        ids, then, now = on_worker.members(cls)
        expected = at_once.members(cls)
        assert ids == expected[0] and np.array_equal(then, expected[1], equal_nan=True) and np.array_equal(now, expected[2])

"""Many zones changed in one step (a workshop FAR drag) take the engine's vectorised path; the
result stays equal to a recomputation from scratch, and engines sharing coverage buffers agree."""
from __future__ import annotations

import random

import pytest
import shapely.affinity
from shapely.geometry import box

from parkplanner.core.editing import History
from parkplanner.core.editing.project_commands import duplicate_scenario
from parkplanner.core.editing.zone_commands import delete_zones, reshape_zones, set_zone_attributes
from parkplanner.core.metrics import MetricsEngine, compute_metrics
from parkplanner.core.metrics import engine as engine_module
from parkplanner.core.metrics.coverage import BufferCache
from parkplanner.core.metrics.standards import check_zones, default_rules
from parkplanner.core.metrics.contributions import read_zones, scheme_lookup

from .test_engine import grid_project, random_edit


@pytest.mark.parametrize("seed", [4, 5])
def test_random_edits_through_the_vectorised_sums_equal_full(seed, monkeypatch):
    # Every batch, even of one zone, goes through the numpy per-class sums (coverage has one path).
    monkeypatch.setattr(engine_module, "_ROW_BY_ROW", 0)
    project = grid_project(seed=seed)
    history = History(project)
    engine = MetricsEngine(project)
    history.changed.connect(engine.apply)
    rng = random.Random(seed)
    for step in range(80):
        random_edit(project, history, rng)
        assert engine.result().to_dict() == compute_metrics(project).to_dict(), f"step {step}"


def test_whole_class_far_and_role_changes_in_one_step_equal_full():
    project = grid_project(n=160, seed=7)
    history = History(project)
    engine = MetricsEngine(project)
    history.changed.connect(engine.apply)
    zones = project.active_scenario.zones
    everything = list(zones)
    history.push(set_zone_attributes(project, everything, {"far": 2.5}))
    assert engine.result().to_dict() == compute_metrics(project).to_dict()
    # Housing becomes schools and the reverse: coverage roles change for many zones at once.
    housing = [i for i, z in zones.items() if z.code in ("RES", "MXD")]
    schools = [i for i, z in zones.items() if z.code == "EDU"]
    history.push(set_zone_attributes(project, housing, {"code": "EDU"}))
    history.push(set_zone_attributes(project, schools, {"code": "RES"}))
    assert engine.result().to_dict() == compute_metrics(project).to_dict()
    moved = {i: shapely.affinity.translate(zones[i].geometry, 70.0, 40.0) for i in everything[::2]}
    history.push(reshape_zones(project, moved))
    assert engine.result().to_dict() == compute_metrics(project).to_dict()
    while history.can_undo:
        history.undo()
        assert engine.result().to_dict() == compute_metrics(project).to_dict()


def test_check_zones_by_rule_and_sector_limit():
    project = grid_project(n=120, seed=8)
    zones = list(project.active_scenario.zones.values())
    attrs = read_zones(zones, scheme_lookup(project.scheme))
    rules = default_rules()
    found = check_zones(attrs, project.sectors, rules)
    # The same rules checked one zone at a time, as the table reads.
    expected = []
    for zone in zones:
        single = read_zones([zone], scheme_lookup(project.scheme))
        expected.extend(check_zones(single, project.sectors, rules))
    assert found == expected
    assert found, "the grid project breaks some rule (FAR below a sector minimum, green ratio...)"


def test_engines_sharing_buffers_agree_with_separate_engines():
    project = grid_project(n=80, seed=9)
    history = History(project)
    history.push(duplicate_scenario(project, project.active_scenario.id))
    other = project.active_scenario.id
    first = project.scenarios[0].id
    near = box(300, 300, 420, 420)
    edu = next(i for i, z in project.scenario(other).zones.items() if z.code == "EDU")
    history.push(reshape_zones(project, {edu: near}))
    cache = BufferCache(builds=8)
    shared = [MetricsEngine(project, scenario_id=s, buffer_cache=cache) for s in (first, other, first)]
    for engine, scenario_id in zip(shared, (first, other, first)):
        assert engine.result().to_dict() == compute_metrics(project, scenario_id).to_dict()
    assert shared[0].result().to_dict() != shared[1].result().to_dict()


def test_a_pinned_copy_equals_a_build_of_the_other_scenario():
    project = grid_project(n=120, seed=10)
    history = History(project)
    first = project.active_scenario_id
    engine = MetricsEngine(project, scenario_id=first)
    history.changed.connect(engine.apply)
    history.push(duplicate_scenario(project, first))
    other = project.active_scenario_id
    zones = project.scenario(other).zones
    ids = list(zones)
    history.push(set_zone_attributes(project, ids[::3], {"far": 3.3}))
    history.push(set_zone_attributes(project, ids[1::7], {"code": "EDU"}))
    history.push(reshape_zones(project, {ids[5]: box(500, 500, 640, 610)}))
    copy = engine.pinned_copy(other)
    history.changed.connect(copy.apply)
    assert copy.result().to_dict() == compute_metrics(project, other).to_dict()
    assert engine.result().to_dict() == compute_metrics(project, first).to_dict()  # the source is untouched
    # Different parameters: every value re-derived.
    from parkplanner.core.editing.project_commands import SetScenarioFields
    history.push(SetScenarioFields.of(project, other, "Override", parameter_overrides={"m2_gfa_per_resident": 44.0}))
    assert engine.pinned_copy(other).result().to_dict() == compute_metrics(project, other).to_dict()
    # The copy follows later edits of its own scenario.
    history.push(set_zone_attributes(project, ids[:50], {"far": 0.4}, scenario_id=other))
    assert copy.result().to_dict() == compute_metrics(project, other).to_dict()


def test_a_drag_over_the_same_zones_reuses_its_columns_and_stays_exact():
    project = grid_project(n=200, seed=11)
    history = History(project)
    engine = MetricsEngine(project)
    history.changed.connect(engine.apply)
    ids = list(project.active_scenario.zones)[:150]
    for step, far in enumerate([1.1, 1.2, 1.3, 0.9, 2.0, 2.1]):
        history.push(set_zone_attributes(project, ids, {"far": far}))
        if step == 3:  # values re-derived in between: the kept columns must not be reused
            params = project.parameters.with_overrides({"mxd_residential_share": 0.25})
            from parkplanner.core.editing.project_commands import SetProjectField
            history.push(SetProjectField.of(project, "parameters", params))
        assert engine.result().to_dict() == compute_metrics(project).to_dict(), f"step {step}"
    history.push(set_zone_attributes(project, ids[:100], {"far": 0.5}))  # another set of zones
    assert engine.result().to_dict() == compute_metrics(project).to_dict()


def test_parameters_outside_the_per_zone_figures_do_not_re_derive_them():
    from parkplanner.core.editing.project_commands import SetProjectField, SetScenarioFields

    project = grid_project(n=100, seed=12)
    history = History(project)
    engine = MetricsEngine(project)
    history.changed.connect(engine.apply)
    built = engine.derivation
    scenario_id = project.active_scenario_id
    history.push(SetScenarioFields.of(project, scenario_id, "Employed", parameter_overrides={"employed_share": 0.7}))
    assert engine.derivation == built  # totals only
    assert engine.result().to_dict() == compute_metrics(project).to_dict()
    history.push(SetScenarioFields.of(project, scenario_id, "Space", parameter_overrides={
        "employed_share": 0.7, "m2_gfa_per_resident": 41.0}))
    assert engine.derivation == built + 1  # residents of every housing zone move
    assert engine.result().to_dict() == compute_metrics(project).to_dict()
    sectors = dict(project.sectors)
    sectors["biomed_devices"] = sectors["biomed_devices"].with_values(m2_gfa_per_job=66.0)
    history.push(SetProjectField.of(project, "sectors", sectors))
    assert engine.derivation == built + 2
    assert engine.result().to_dict() == compute_metrics(project).to_dict()


@pytest.mark.parametrize("moved_max", [0, 256])
def test_pinned_copies_of_pinned_copies_equal_builds(monkeypatch, moved_max):
    """The bridge's first visits: each scenario's engine is copied from the one shown before, so
    the housing tree of the first build serves a chain of copies, housing moved in one variant
    being tested directly in the next (a new tree once many moved: ``moved_max`` 0 makes one at
    every update)."""
    from parkplanner.core.metrics import coverage

    monkeypatch.setattr(coverage, "_MOVED_MAX", moved_max)
    project = grid_project(n=160, seed=12)
    history = History(project)
    first = project.active_scenario_id
    engine = MetricsEngine(project, scenario_id=first)
    rng = random.Random(moved_max)
    variants = []
    for k in range(4):  # each variant made from the one before: earlier moves stay in later ones
        history.push(duplicate_scenario(project, variants[-1] if variants else first))
        other = project.active_scenario_id
        zones = project.scenario(other).zones
        ids = list(zones)
        moved = {}
        for zone_id in rng.sample(ids, 12):  # housing, schools and parks among them
            x0, y0, _, _ = zones[zone_id].geometry.bounds
            dx, dy = rng.uniform(-300, 300), rng.uniform(-300, 300)
            moved[zone_id] = box(x0 + dx, y0 + dy, x0 + dx + rng.uniform(40, 160), y0 + dy + rng.uniform(40, 160))
        history.push(reshape_zones(project, moved))
        history.push(set_zone_attributes(project, rng.sample(ids, 9), {"code": rng.choice(["RES", "EDU", "GRN", "OFF"])}))
        history.push(delete_zones(project, rng.sample(ids, 3)))
        variants.append(other)
    shown = engine
    for scenario_id in variants + [first] + variants[::-1]:
        shown = shown.pinned_copy(scenario_id)
        assert shown.result().to_dict() == compute_metrics(project, scenario_id).to_dict(), scenario_id


def test_a_build_is_one_entry_of_the_buffer_cache(monkeypatch):
    """A layer's build buffers the facilities nearest its undecided housing first and the others
    after: both steps make one build of the cache, so a cache of one build per layer serves a
    second engine of the same scenario without buffering anything again."""
    from parkplanner.core.metrics import coverage

    project = grid_project(n=160, seed=14)
    cache = BufferCache(builds=2)  # one build per layer (P2, E3)
    made = []
    chunked = coverage.chunked

    def counting(func, geoms, *args, **kwargs):
        if func is shapely.buffer:
            made.append(len(geoms))
        return chunked(func, geoms, *args, **kwargs)

    monkeypatch.setattr(coverage, "chunked", counting)
    first = MetricsEngine(project, buffer_cache=cache)
    assert len(made) == 4 and all(made)  # two steps in each layer
    made.clear()
    second = MetricsEngine(project, buffer_cache=cache)
    assert made == []
    assert second.result().to_dict() == first.result().to_dict() == compute_metrics(project).to_dict()

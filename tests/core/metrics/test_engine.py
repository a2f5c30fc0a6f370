"""The incremental engine equals a recomputation from scratch after any sequence of edits."""
from __future__ import annotations

import random

import numpy as np
import pytest
from shapely.geometry import box

from parkplanner.core.editing import History
from parkplanner.core.editing.project_commands import (
    SetProjectField, SetScenarioFields, duplicate_scenario, switch_scenario,
)
from parkplanner.core.editing.zone_commands import (
    add_zones, delete_zones, reshape_zone, set_zone_attributes,
)
from parkplanner.core.metrics import MetricsEngine, compute_metrics
from parkplanner.core.metrics.coverage import CoverageLayer, CoverageState
from parkplanner.core.model.zone import Zone

from .conftest import make_project, town_zones

CODES = ["RES", "RES", "MXD", "COM", "OFF", "IND_L", "LOG", "CIV", "EDU", "CUL", "GRN", "GRN", "TRN", "WAT"]
SECTORS = [None, "next_gen_it", "biomed_devices", "modern_services"]


def grid_project(n: int = 40, seed: int = 1):
    """Parcels on a 150 m grid, so 300 m and 500 m buffers cover some housing partly."""
    rng = random.Random(seed)
    zones = []
    for i in range(n):
        x, y = (i % 8) * 150.0, (i // 8) * 150.0
        zones.append(Zone(i + 1, box(x, y, x + rng.uniform(60, 140), y + rng.uniform(60, 140)),
                          rng.choice(CODES), sector=rng.choice(SECTORS), far=round(rng.uniform(0, 3), 2),
                          coverage=rng.choice([None, 0.2, 0.45]), green_ratio=rng.choice([None, 0.1, 0.35])))
    return make_project(zones)


def random_edit(project, history: History, rng: random.Random) -> None:
    scenario = project.active_scenario
    ids = list(scenario.zones)
    action = rng.choice(["far", "far", "code", "sector", "reshape", "reshape", "add", "delete", "override",
                         "params", "sectors", "undo", "undo", "redo", "scenario", "group"])
    if action == "far" and ids:
        history.push(set_zone_attributes(project, [rng.choice(ids)], {"far": round(rng.uniform(0, 4), 2)}))
    elif action == "code" and ids:
        history.push(set_zone_attributes(project, rng.sample(ids, min(3, len(ids))), {"code": rng.choice(CODES)}))
    elif action == "sector" and ids:
        history.push(set_zone_attributes(project, [rng.choice(ids)], {"sector": rng.choice(SECTORS)}))
    elif action == "override" and ids:
        history.push(set_zone_attributes(project, [rng.choice(ids)],
                                         {"gfa_override_m2": rng.choice([None, 5000.0, 12345.6])}))
    elif action == "reshape" and ids:
        zone = scenario.zones[rng.choice(ids)]
        x0, y0, _, _ = zone.geometry.bounds
        dx, dy = rng.uniform(-200, 200), rng.uniform(-200, 200)
        history.push(reshape_zone(project, zone.id, box(x0 + dx, y0 + dy, x0 + dx + rng.uniform(30, 160),
                                                        y0 + dy + rng.uniform(30, 160)), merge_key=("drag", zone.id)))
    elif action == "add":
        x, y = rng.uniform(0, 1200), rng.uniform(0, 800)
        zone = Zone(scenario.next_zone_id(), box(x, y, x + rng.uniform(50, 150), y + rng.uniform(50, 150)),
                    rng.choice(CODES), far=1.0, green_ratio=0.1)
        history.push(add_zones(project, [zone]))
    elif action == "delete" and len(ids) > 1:
        history.push(delete_zones(project, rng.sample(ids, rng.randint(1, min(3, len(ids) - 1)))))
    elif action == "params":
        params = project.parameters.with_overrides({"m2_gfa_per_resident": rng.choice([30.0, 35.0, 40.0]),
                                                    "mxd_residential_share": rng.choice([0.3, 0.5])})
        history.push(SetProjectField.of(project, "parameters", params))
    elif action == "sectors":
        sectors = dict(project.sectors)
        sectors["biomed_devices"] = sectors["biomed_devices"].with_values(
            m2_gfa_per_job=rng.choice([50.0, 60.0, 75.0]), far_min=rng.choice([0.7, 1.5]))
        history.push(SetProjectField.of(project, "sectors", sectors))
    elif action == "undo":
        history.undo()
    elif action == "redo":
        history.redo()
    elif action == "scenario":
        if len(project.scenarios) < 3 and rng.random() < 0.5:
            history.push(duplicate_scenario(project, scenario.id))
        else:
            other = rng.choice(project.scenarios)
            history.push(switch_scenario(project, other.id))
            history.push(SetScenarioFields.of(project, other.id, "Override", parameter_overrides={
                "employed_share": rng.choice([0.5, 0.6])}))
    elif action == "group" and len(ids) > 2:
        with history.group("Several edits"):
            history.push(set_zone_attributes(project, [ids[0]], {"far": round(rng.uniform(0, 3), 1)}))
            history.push(delete_zones(project, [ids[-1]]))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_equals_full_after_random_edits(seed):
    project = grid_project(seed=seed)
    history = History(project)
    engine = MetricsEngine(project)
    history.changed.connect(engine.apply)
    rng = random.Random(seed)
    for step in range(120):
        random_edit(project, history, rng)
        if step % 3 == 0 or step > 110:
            assert engine.result().to_dict() == compute_metrics(project).to_dict(), f"step {step}"
    assert engine.result().to_dict() == compute_metrics(project).to_dict()


def test_full_undo_restores_the_first_result():
    project = grid_project(seed=9)
    history = History(project)
    engine = MetricsEngine(project)
    history.changed.connect(engine.apply)
    first = engine.result().to_dict()
    rng = random.Random(9)
    for _ in range(150):
        random_edit(project, history, rng)
    while history.can_undo:
        history.undo()
    assert engine.result().to_dict() == first


def test_edits_to_other_scenarios_leave_the_active_one_alone():
    project = make_project(town_zones())
    history = History(project)
    engine = MetricsEngine(project)
    history.changed.connect(engine.apply)
    history.push(duplicate_scenario(project, "base"))  # activates the copy
    copy_id = project.active_scenario_id
    history.push(switch_scenario(project, "base"))
    before = engine.result()
    history.push(set_zone_attributes(project, [1], {"far": 3.5}, scenario_id=copy_id))
    assert engine.result().totals == before.totals
    history.push(switch_scenario(project, copy_id))
    assert engine.result().totals.residents == pytest.approx((20_000 * 3.5 + 7_000) / 35)


def test_previous_result_is_what_was_shown_before_the_edit():
    project = make_project(town_zones())
    history = History(project)
    engine = MetricsEngine(project)
    history.changed.connect(engine.apply)
    assert engine.previous_result() is None
    shown = engine.result()
    history.push(set_zone_attributes(project, [1], {"far": 3.5}))
    assert engine.previous_result() is shown
    assert engine.result().totals.residents > shown.totals.residents


def test_zone_figures_and_table():
    project = make_project(town_zones())
    engine = MetricsEngine(project)
    mxd = engine.zone_figures(2)
    # MXD: 10,000 m², GFA 14,000; half is housing (200 residents), half hosts 7,000/30 jobs
    assert (mxd.area_m2, mxd.gfa_m2, mxd.job_gfa_m2) == (10_000, 14_000, 7_000)
    assert mxd.residents == pytest.approx(200) and mxd.jobs == pytest.approx(7_000 / 30)
    ind = engine.zone_figures(6)
    assert ind.output_wan == pytest.approx(45 * 600) and ind.tax_wan == pytest.approx(45 * 35)
    table = engine.zone_table()
    assert table["zone_id"].tolist() == list(range(1, 12))
    assert table["jobs"].sum() == pytest.approx(2500) and table["generic_class"][5] == "IND"


def test_violations_follow_edits_of_their_zone():
    project = make_project(town_zones())
    history = History(project)
    engine = MetricsEngine(project)
    history.changed.connect(engine.apply)
    assert [v.rule for v in engine.zone_violations(6)] == ["IND_GREEN_MAX"]  # 0.25 > 0.20
    history.push(set_zone_attributes(project, [6], {"green_ratio": 0.1, "far": 0.5}))
    assert [(v.rule, v.value, v.limit) for v in engine.zone_violations(6)] == [("IND_FAR_MIN", 0.5, 0.7)]
    sectors = dict(project.sectors)
    sectors["biomed_devices"] = sectors["biomed_devices"].with_values(far_min=0.4)
    history.push(SetProjectField.of(project, "sectors", sectors))
    assert engine.zone_violations(6) == []


def test_coverage_layer_recomputes_only_housing_near_a_moved_facility():
    layer = CoverageLayer(300.0)
    near = box(0, 0, 100, 100)
    far = box(5000, 0, 5100, 100)
    park = box(0, 200, 100, 300)
    states = {1: CoverageState(near, near.area, True, False), 2: CoverageState(far, far.area, True, False),
              3: CoverageState(park, park.area, False, True)}
    layer.build(np.array([1, 2, 3]), np.array([near, far, park], dtype=object),
                np.array([near.area, far.area, park.area]), np.array([True, True, False]),
                np.array([False, False, True]))
    assert layer.covered_of(1) == 10_000 and layer.covered_of(2) == 0.0
    recomputed = []
    covered_of = layer._covered_of

    def recording(geometries, areas, **kwargs):
        recomputed.extend(geometries.tolist())
        return covered_of(geometries, areas, **kwargs)

    layer._covered_of = recording
    moved = box(0, 350, 100, 450)  # buffer now reaches down to y = 50: half of zone 1
    new_state = CoverageState(moved, moved.area, False, True)
    layer.update({3: (states[3], new_state)})
    assert layer.covered_of(1) == pytest.approx(5_000, rel=1e-9)
    assert layer.covered_of(2) == 0.0
    assert layer.covered_m2 == pytest.approx(5_000, rel=1e-9)
    assert recomputed == [near]  # the housing meeting the old or the new buffer, not the far zone
    # Housing reshaped since the build is found too: zone 2 moves next to the park, then the park moves away.
    beside = box(150, 300, 250, 400)
    layer.update({2: (states[2], CoverageState(beside, beside.area, True, False))})
    assert layer.covered_of(2) == pytest.approx(10_000, rel=1e-9)
    recomputed.clear()
    gone = box(9000, 9000, 9100, 9100)
    layer.update({3: (new_state, CoverageState(gone, gone.area, False, True))})
    assert set(map(id, recomputed)) == {id(near), id(beside)}
    assert layer.covered_of(1) == 0.0 and layer.covered_of(2) == 0.0 and layer.covered_m2 == 0.0


def test_a_scheme_switch_with_remapped_codes_in_one_step():
    project = make_project(town_zones()[:2])  # RES and MXD in GENERIC-INTL
    history = History(project)
    engine = MetricsEngine(project)
    history.changed.connect(engine.apply)
    with history.group("Switch to MNR-2023"):
        history.push(SetProjectField.of(project, "scheme", "MNR-2023"))  # codes unknown for a moment
        history.push(set_zone_attributes(project, [1, 2], {"code": "070101"}))
    result = engine.result()
    assert result.scheme == "MNR-2023" and result.to_dict() == compute_metrics(project).to_dict()
    assert result.balance[0].area_m2 == 30_000  # both zones now residential
    history.undo()
    assert engine.result().to_dict() == compute_metrics(project).to_dict()
    history.redo()
    history.push(SetProjectField.of(project, "scheme", "GB50137-2011"))  # and left unmapped
    with pytest.raises(ValueError, match="unknown in scheme GB50137-2011"):
        engine.result()


def test_edited_weights_change_indices_but_not_values():
    from parkplanner.core.metrics import Weights

    project = make_project(town_zones())
    engine = MetricsEngine(project)
    before = engine.result()
    weights = Weights(dimensions={"people": 3.0}, indicators={"P1": 0.0})
    engine.set_weights(weights)
    after = engine.result()
    assert engine.previous_result() is before
    assert after.value("P1") == before.value("P1")
    assert after.dimensions["people"] == pytest.approx(after.score("P2"))  # P1 weighs nothing now
    assert after.coupling.T == pytest.approx(sum(
        w * after.dimensions[d] for d, w in {"industry": 1, "city": 1, "people": 3, "scenery": 1,
                                             "culture": 1}.items()) / 7)
    assert after.obstacles["P1"] == 0.0
    assert after.to_dict()["weights"]["dimensions"]["people"] == 3.0
    assert compute_metrics(project, weights=weights).to_dict() == after.to_dict()


def test_zones_above_an_area_and_sector_totals_follow_edits():
    """Read from the engine's columns, they equal the zones measured and summed one by one."""
    project = grid_project(40, seed=3)
    history = History(project)
    engine = MetricsEngine(project)
    history.changed.connect(engine.apply)
    history.push(set_zone_attributes(project, [1, 2, 3], {"sector": "biomed_devices"}))
    history.push(set_zone_attributes(project, [2, 9], {"far": 3.5}))
    history.push(set_zone_attributes(project, [4], {"sector": None}))
    history.push(reshape_zone(project, 7, box(0, 0, 400, 300)))  # 12 ha: larger than any parcel
    history.push(delete_zones(project, [8]))
    zones = project.active_scenario.zones
    limit = 8_000.0
    expected = sorted((z.id, z.geometry.area) for z in zones.values() if z.geometry.area > limit)
    got = engine.zones_larger_than(limit)
    assert [i for i, _ in got] == [i for i, _ in expected] and 7 in dict(got) and 8 not in dict(got)
    assert np.allclose([a for _, a in got], [a for _, a in expected], rtol=1e-12)
    sectors = [s for s in SECTORS if s is not None] + ["no_such_sector"]

    def check_sector_totals():
        figures = engine.figures_by_zone()
        totals = engine.totals_by_sector(sectors)
        for sector in sectors:
            ids = [z.id for z in project.active_scenario.zones.values() if z.sector == sector]
            gfa, jobs = totals[sector]
            assert gfa == pytest.approx(sum(figures[i].gfa_m2 for i in ids), rel=1e-9, abs=1e-6)
            assert jobs == pytest.approx(sum(figures[i].jobs for i in ids), rel=1e-9, abs=1e-6)
        assert totals["no_such_sector"] == (0.0, 0.0)

    check_sector_totals()
    # Each kind of edit after a first answer: FAR, a sector, a zone gone, a zone added.
    history.push(set_zone_attributes(project, [5, 6], {"far": 2.75}))
    check_sector_totals()
    history.push(reshape_zone(project, 6, box(750, 0, 880, 120)))  # reshaped, its sector kept
    check_sector_totals()
    history.push(set_zone_attributes(project, [3, 6], {"code": "OFF"}))  # another class, same sectors
    check_sector_totals()
    history.push(set_zone_attributes(project, [5, 10], {"sector": "next_gen_it"}))
    check_sector_totals()
    history.push(delete_zones(project, [5]))
    check_sector_totals()
    history.push(add_zones(project, [Zone(99, box(2000, 0, 2100, 100), "IND_L", sector="biomed_devices", far=1.5)]))
    check_sector_totals()


def test_incremental_equals_full_when_the_housing_tree_is_made_anew_at_every_edit(monkeypatch):
    from parkplanner.core.metrics import coverage

    monkeypatch.setattr(coverage, "_MOVED_MAX", 0)
    test_incremental_equals_full_after_random_edits(4)

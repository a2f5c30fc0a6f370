import pytest
from shapely.geometry import box

from parkplanner.core.model.project import Phase, Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone
from parkplanner.core.scenarios.phase_balance import (
    BALANCED, CITY_OUTRUNS_INDUSTRY, CIVIC_M2_PER_RESIDENT_MIN, EMPTY, GREEN_M2_PER_RESIDENT_MIN,
    INDUSTRY_OUTRUNS_CITY, JOBS_HOUSING_BAND, phase_balance,
)


def test_thresholds_are_those_of_metrics_md():
    assert JOBS_HOUSING_BAND == (0.8, 1.25)
    assert (CIVIC_M2_PER_RESIDENT_MIN, GREEN_M2_PER_RESIDENT_MIN) == (5.5, 8.0)


def project_with(zones, phases=((1, 2018), (2, 2023), (3, 2028))) -> Project:
    return Project(phases=tuple(Phase(n, f"P{n}", y) for n, y in phases),
                   scenarios=[Scenario("base", "Base", {z.id: z for z in zones})])


def test_industry_first_then_housing():
    zones = [
        # Phase 1: 10,000 m² IT at FAR 2.1 → 20,000 / 35 = 600 jobs; no housing.
        Zone(1, box(0, 0, 100, 100), "100101", "plant", "next_gen_it", 2.1, phase=1),
        # Phase 2: 35,000 m² GFA of flats → 1,000 residents → 600 employed; 2,000 m² school; 12,000 m² park.
        Zone(2, box(200, 0, 300, 100), "0701", "flats", far=3.5, phase=2),
        Zone(3, box(400, 0, 440, 50), "0804", "school", far=1.0, phase=2),
        Zone(4, box(500, 0, 620, 100), "1401", "park", phase=2),
    ]
    rows = {(r.phase, r.scope): r for r in phase_balance(project_with(zones))}
    p1 = rows[(1, "cumulative")]
    assert p1.jobs == pytest.approx(600.0) and p1.residents == 0.0
    assert p1.jobs_housing_ratio is None and p1.balance == INDUSTRY_OUTRUNS_CITY
    assert p1.civic_m2_per_resident is None and not p1.civic_short

    p2 = rows[(2, "phase")]
    assert p2.residents == pytest.approx(1_000.0) and p2.employed_residents == pytest.approx(600.0)
    assert p2.balance == CITY_OUTRUNS_INDUSTRY
    cumulative = rows[(2, "cumulative")]
    # 600 jobs (+ school jobs: 2,000 m² / 60 = 33.3) against 600 employed residents
    assert cumulative.jobs == pytest.approx(600.0 + 2_000 / 60)
    assert cumulative.jobs_housing_ratio == pytest.approx((600.0 + 2_000 / 60) / 600.0)
    assert cumulative.balance == BALANCED
    assert cumulative.civic_m2_per_resident == pytest.approx(2.0) and cumulative.civic_short
    assert cumulative.green_m2_per_resident == pytest.approx(12.0) and not cumulative.green_short
    assert cumulative.zone_count == 4 and cumulative.name == "P2" and cumulative.start_year == 2023

    p3 = rows[(3, "phase")]
    assert (p3.zone_count, p3.balance) == (0, EMPTY)
    assert rows[(3, "cumulative")].to_dict() == {**cumulative.to_dict(), "phase": 3, "name": "P3", "start_year": 2028}


def test_phases_without_project_entry_are_named_by_number():
    zones = [Zone(1, box(0, 0, 100, 100), "0701", far=1.0, phase=4)]
    rows = phase_balance(project_with(zones, phases=()))
    assert [(r.phase, r.scope, r.name, r.start_year) for r in rows] == [
        (4, "phase", "Phase 4", None), (4, "cumulative", "Phase 4", None)]
    assert rows[0].balance == CITY_OUTRUNS_INDUSTRY


def test_rows_from_a_metrics_engine_equal_rows_derived_from_the_zones():
    # compare_scenarios reads each side's per-zone figures from its metrics engine (B's engine made
    # from A's); the rows must be those phase_balance derives from the zones itself, digit for digit.
    from parkplanner.core.editing import History
    from parkplanner.core.editing.project_commands import SetScenarioFields, duplicate_scenario
    from parkplanner.core.editing.zone_commands import set_zone_attributes
    from parkplanner.core.metrics import MetricsEngine
    from parkplanner.core.synthetic import synthetic_project

    project = synthetic_project(600, seed=3)
    history = History(project)
    first = project.active_scenario_id
    history.push(duplicate_scenario(project, first))
    other = project.active_scenario_id
    ids = list(project.scenario(other).zones)
    history.push(set_zone_attributes(project, ids[::4], {"far": 2.7}))
    history.push(set_zone_attributes(project, ids[1::9], {"phase": 2}))
    history.push(SetScenarioFields.of(project, other, "Override", parameter_overrides={"m2_gfa_per_resident": 41.0}))
    engine = MetricsEngine(project, scenario_id=first)
    for scenario_id, source in ((first, engine), (other, engine.pinned_copy(other))):
        scenario = project.scenario(scenario_id)
        assert phase_balance(project, scenario, source) == phase_balance(project, scenario)
    assert phase_balance(project, project.scenario(first)) != phase_balance(project, project.scenario(other))

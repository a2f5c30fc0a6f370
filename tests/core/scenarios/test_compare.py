import pytest
from shapely.geometry import box

from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone
from parkplanner.core.scenarios.compare import compare_scenarios, metric_deltas, numeric_delta, setting_changes


def metrics_json(jobs, residents, i2, score, d, grade, res_area):
    """The part of a parkplanner.metrics/1 object that comparison reads."""
    return {
        "schema": "parkplanner.metrics/1",
        "totals": {"zone_count": 3, "total_area_m2": 30_000.0, "jobs": jobs, "residents": residents},
        "landuse_balance": [{"generic_class": "RES", "area_m2": res_area, "share_of_construction_pct": 10.0}],
        "indicators": {"I2": {"name": "job_density", "value": i2, "unit": "jobs/ha", "score": score, "target": "≥ 80"},
                       "C3": {"name": "civic_land_per_capita", "value": None, "unit": "m²/person", "score": 0.0}},
        "dimensions": {"industry": d, "city": 0.5},
        "coupling": {"C": 0.9, "T": d, "D": d, "grade": grade, "grade_en": "en", "grade_level": 5},
    }


def test_numeric_delta_handles_null_and_zero():
    assert numeric_delta(80.0, 100.0) == (20.0, 0.25)
    assert numeric_delta(-4.0, -2.0) == (2.0, 0.5)
    assert numeric_delta(0.0, 5.0) == (5.0, None)
    assert numeric_delta(None, 5.0) == (None, None)


def test_every_number_is_side_by_side_with_deltas():
    a = metrics_json(1_000.0, 2_000.0, 40.0, 0.5, 0.4, "濒临失调", 10_000.0)
    b = metrics_json(1_500.0, 2_000.0, 100.0, 1.0, 0.6, "勉强协调", 12_000.0)
    rows = {(r.section, r.key): r for r in metric_deltas(a, b)}
    jobs = rows[("totals", "jobs")]
    assert (jobs.a, jobs.b, jobs.delta, jobs.rel_delta) == (1_000.0, 1_500.0, 500.0, 0.5)
    assert rows[("totals", "residents")].delta == 0.0
    assert rows[("totals", "total_area_m2")].unit == "m²"
    assert rows[("landuse", "RES")].rel_delta == pytest.approx(0.2)
    i2 = rows[("indicators", "I2")]
    assert (i2.name, i2.unit, i2.delta, i2.rel_delta) == ("job_density", "jobs/ha", 60.0, 1.5)
    assert rows[("scores", "I2")].delta == 0.5
    assert rows[("indicators", "C3")].to_dict()["delta"] is None
    assert rows[("dimensions", "industry")].delta == pytest.approx(0.2)
    assert rows[("coupling", "D")].rel_delta == pytest.approx(0.5)
    assert ("coupling", "grade") not in rows and ("coupling", "grade_en") not in rows
    assert rows[("coupling", "grade_level")].delta == 0


def test_keys_present_on_one_side_only_are_kept():
    a = {"totals": {"jobs": 1.0}}
    b = {"totals": {"jobs": 2.0, "output_wan": 7.0}}
    rows = metric_deltas(a, b)
    assert [(r.key, r.a, r.b) for r in rows] == [("jobs", 1.0, 2.0), ("output_wan", None, 7.0)]


def two_scenario_project() -> Project:
    zones = {1: Zone(1, box(0, 0, 100, 100), "0701", "flats", far=2.0)}
    a = Scenario("base", "Base plan", zones)
    b = a.copy("dense", "Dense")
    b.zones[1] = zones[1].with_changes(far=3.0)
    b.parameter_overrides = {"employed_share": 0.65, "class_m2_gfa_per_job": {"OFF": 20.0}}
    b.sector_overrides = {"biomed_devices": {"ramp_half_years": 5.0}}
    return Project(scenarios=[a, b])


def test_settings_list_effective_parameter_and_sector_differences():
    project = two_scenario_project()
    changes = [(c.scope, c.field, c.a, c.b) for c in setting_changes(project, *project.scenarios)]
    assert changes == [
        ("parameters", "employed_share", 0.6, 0.65),
        ("parameters", "class_m2_gfa_per_job.OFF", 25.0, 20.0),
        ("biomed_devices", "ramp_half_years", 7.0, 5.0),
    ]


def test_compare_any_two_scenarios_with_a_metrics_function():
    project = two_scenario_project()

    def fake_metrics(p, scenario):  # residents proportional to FAR, as the engine would report
        far = scenario.zones[1].far
        return metrics_json(0.0, far * 10_000 / 35, 0.0, 0.0, 0.1 * far, f"grade {far:g}", 10_000.0)

    comparison = compare_scenarios(project, project.scenarios[1], project.scenarios[0], metrics=fake_metrics)
    residents = comparison.row("totals", "residents")
    assert residents.a == pytest.approx(30_000 / 35) and residents.rel_delta == pytest.approx(-1 / 3)
    data = comparison.to_dict()
    assert data["schema"] == "parkplanner.compare/1"
    assert data["a"] == {"id": "dense", "name": "Dense"} and data["b"] == {"id": "base", "name": "Base plan"}
    assert data["grade"] == {"a": "grade 3 en", "b": "grade 2 en"}
    assert data["ledger"]["attributes"] == [{"zone_id": 1, "parcel_code": None, "name": "flats", "field": "far", "old": 3.0, "new": 2.0}]
    assert {s["field"] for s in data["settings"]} == {"employed_share", "class_m2_gfa_per_job.OFF", "ramp_half_years"}
    with pytest.raises(KeyError):
        comparison.row("totals", "gdp")

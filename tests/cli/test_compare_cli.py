import json

import pytest

from parkplanner.cli import main
from parkplanner.core.metrics import compute_metrics

from .projection_fixtures import small_project, write_small_project


@pytest.fixture
def project_file(tmp_path):
    return write_small_project(tmp_path)


def test_compare_json_has_deltas_from_the_metrics_engine_and_the_ledger(project_file, capsys):
    assert main(["compare", str(project_file), "Base plan", "dense", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "parkplanner.compare/1"
    assert data["a"] == {"id": "base", "name": "Base plan"} and data["b"] == {"id": "dense", "name": "Dense"}

    project = small_project()
    engine_a = compute_metrics(project, project.scenario("base")).to_dict()
    engine_b = compute_metrics(project, project.scenario("dense")).to_dict()
    jobs = next(r for r in data["totals"] if r["key"] == "jobs")
    # Base: 30,000 / 35 = 857.1 jobs; Dense: 45,000 / 35 + 5,000 / 60 = 1,369.0 jobs.
    assert jobs["a"] == pytest.approx(30_000 / 35) and jobs["b"] == pytest.approx(45_000 / 35 + 5_000 / 60)
    assert (jobs["a"], jobs["b"]) == pytest.approx((engine_a["totals"]["jobs"], engine_b["totals"]["jobs"]))
    assert jobs["delta"] == pytest.approx(jobs["b"] - jobs["a"])
    assert jobs["rel_delta"] == pytest.approx((jobs["b"] - jobs["a"]) / jobs["a"])
    residents = next(r for r in data["totals"] if r["key"] == "residents")
    assert (residents["a"], residents["b"], residents["rel_delta"]) == pytest.approx((1_000.0, 0.0, -1.0))
    p1 = next(r for r in data["indicators"] if r["key"] == "P1")
    assert p1["b"] is None and p1["delta"] is None
    assert {r["key"] for r in data["dimensions"]} == {"industry", "city", "people", "scenery", "culture"}
    assert data["grade"]["a"] == " ".join([engine_a["coupling"]["grade"], engine_a["coupling"]["grade_en"]])

    # Phase balance: base phase 1 has 857 jobs for 600 employed residents (1.43 > 1.25);
    # dense has no housing at all.
    base_p1 = next(r for r in data["phase_balance"]["a"] if r["phase"] == 1 and r["scope"] == "cumulative")
    assert base_p1["jobs_housing_ratio"] == pytest.approx(30_000 / 35 / 600)
    assert base_p1["balance"] == "industry_outruns_city"
    assert {r["balance"] for r in data["phase_balance"]["b"]} == {"industry_outruns_city"}

    ledger = data["ledger"]
    assert [z["zone_id"] for z in ledger["added"]] == [3]
    assert [z["zone_id"] for z in ledger["removed"]] == [2]
    assert ledger["reshaped"] == [] and ledger["reclassed"] == []
    assert ledger["attributes"] == [{"zone_id": 1, "parcel_code": None, "name": "IT campus", "field": "far", "old": 2.0, "new": 3.0}]


def test_compare_table_lists_numbers_and_zone_changes(project_file, capsys):
    assert main(["compare", str(project_file), "base", "dense"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Scenario comparison: A = Base plan, B = Dense")
    lines = out.splitlines()
    jobs_line = next(line for line in lines if line.startswith("Jobs "))
    assert jobs_line.split()[1:] == ["857", "1,369", "+512", "+59.7%"]
    # Planner's names and units, counts whole, areas in ha, shares with two decimals, indices three
    assert next(line for line in lines if line.startswith("Zones ")).split()[1:3] == ["2", "2"]
    assert "Residents (persons)" in out and "zone_count" not in out and "employed_residents" not in out
    total_area = next(line for line in lines if line.startswith("Total area (ha) "))
    assert total_area.split()[3:6] == ["2.50", "2.00", "-0.50"]  # 25,000 → 20,000 m²
    assert next(line for line in lines if line.startswith("Residential (ha) ")).split()[2:] == \
        ["1.00", "0.00", "-1.00", "-100.0%"]
    assert "I2 Job density (jobs/ha)" in out and "产 Industry" in out and "D coupling coordination degree" in out
    assert "\nLand use\n" in out and "\nDimension indices\n" in out
    assert "  + zone 3 School (0804, 5,000 m²)" in out
    assert "  − zone 2 Talent flats (0701, 10,000 m²)" in out
    assert "  ~ zone 1 IT campus far: 2.0 → 3.0" in out
    assert "\nWAT " not in out  # classes absent from both are left out of the table
    assert "≤ 1    1.43 industry outruns city  – industry outruns city" in out


@pytest.mark.parametrize("a, b, message", [
    ("base", "base", "A and B are the same scenario (Base plan)"),
    ("base", "nope", "no scenario named 'nope'"),
])
def test_compare_errors_are_one_line(project_file, capsys, a, b, message):
    assert main(["compare", str(project_file), a, b]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_compare_needs_two_scenarios(project_file, capsys):
    assert main(["compare", str(project_file), "base"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_the_ledger_names_parcels_by_their_code(tmp_path, capsys):
    from parkplanner.core.io.project_file import save_project

    project = small_project()
    base, dense = project.scenario("base"), project.scenario("dense")
    base.zones[1] = base.zones[1].with_changes(parcel_code="BD01-01-01")
    dense.zones[1] = dense.zones[1].with_changes(far=3.0, parcel_code="BD01-01-01")
    dense.zones[3] = dense.zones[3].with_changes(parcel_code="BD01-02-01")
    path = tmp_path / "coded.gpkg"
    save_project(project, path)
    assert main(["compare", str(path), "base", "dense"]) == 0
    out = capsys.readouterr().out
    assert "  ~ zone 1 BD01-01-01 IT campus far: 2.0 → 3.0" in out
    assert "  + zone 3 BD01-02-01 School (0804, 5,000 m²)" in out
    assert main(["compare", str(path), "base", "dense", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ledger"]["added"][0]["parcel_code"] == "BD01-02-01"

import json

import pytest

from parkplanner.cli import main

from .projection_fixtures import write_small_project


@pytest.fixture
def project_file(tmp_path):
    return write_small_project(tmp_path)


def test_forecast_json_follows_the_specification(project_file, capsys):
    assert main(["forecast", str(project_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "parkplanner.forecast/1"
    assert data["scenario"] == "Base plan"
    assert data["years"] == list(range(2020, 2036))
    assert list(data["series"]) == ["output_yi", "tax_yi", "jobs", "residents", "registered_entities",
                                    "high_tech_enterprises"]
    assert all(len(values) == 16 for values in data["series"].values())
    at_2026 = data["years"].index(2026)
    # 22.5 mu × 800 万元/亩 = 1.8 亿元 at maturity, half in start + h = 2026.
    assert data["series"]["output_yi"][at_2026] == pytest.approx(0.9, rel=1e-12)
    assert data["series"]["jobs"][at_2026] == pytest.approx(30_000 / 35 / 2, rel=1e-12)
    # 1,000 residents at maturity, half occupied at start + 2.
    assert data["series"]["residents"][data["years"].index(2022)] == pytest.approx(500.0, rel=1e-12)
    assert data["observed"] == [] and data["fit"] == []


def test_forecast_of_another_scenario_and_a_readable_table(project_file, capsys):
    assert main(["forecast", str(project_file), "--scenario", "Dense"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Forecast of scenario Dense")
    row_2026 = next(line for line in out.splitlines() if line.strip().startswith("2026"))
    # FAR 3 → 45,000 m² GFA / 35 m² per job → 642.9 jobs at half capacity, plus the phase-2 school
    # (5,000 m² / 60 = 83.3 jobs, civic ramp h = 2 from 2024 → half) = 684.5; output still 0.90 亿元.
    assert "0.90" in row_2026.split() and "685" in row_2026.split()


def test_forecast_shows_the_fit_of_stored_observations(project_file, tmp_path, capsys):
    csv = tmp_path / "obs.csv"
    csv.write_text("year,indicator,value\n2026,registered_entities,6\n", encoding="utf-8")
    assert main(["calibrate", str(project_file), "--observed", str(csv)]) == 0
    capsys.readouterr()
    assert main(["forecast", str(project_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["observed"] == [{"year": 2026, "indicator": "registered_entities", "value": 6.0}]
    (row,) = data["fit"]
    assert row["observed"] == 6.0 and row["modelled"] == pytest.approx(6.0, rel=1e-6)
    assert abs(row["rel_error"]) < 1e-6
    assert data["series"]["registered_entities"][data["years"].index(2026)] == pytest.approx(6.0, rel=1e-6)
    assert [(c["indicator"], c["from"]) for c in data["calibration"]] == [
        ("registered_entities", "registered_entities"), ("high_tech_enterprises", "registered_entities")]
    assert data["calibration"][0]["scale"] == pytest.approx(4.0, rel=1e-6)


@pytest.mark.parametrize("argv, message", [
    (["--scenario", "nope"], "no scenario named 'nope'"),
])
def test_forecast_errors_are_one_line(project_file, capsys, argv, message):
    assert main(["forecast", str(project_file), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_missing_project_file_is_one_line(tmp_path, capsys):
    assert main(["forecast", str(tmp_path / "absent.gpkg"), "--json"]) == 2
    err = capsys.readouterr().err
    assert "no such file" in err and err.count("\n") == 1

import json

import pytest

from parkplanner.cli import main
from parkplanner.core.io.project_file import load_project
from parkplanner.core.model.project import Observation
from parkplanner.core.projection.forecast import Projection

from .projection_fixtures import small_project, write_small_project


@pytest.fixture
def project_file(tmp_path):
    return write_small_project(tmp_path)


def write_csv(tmp_path, text: str, name="observed.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_calibrate_stores_observations_and_multipliers_in_place(project_file, tmp_path, capsys):
    # Entities 1.5 ha × 2/ha = 3 at maturity, half in 2026: observed 6 → scale 4, ramp untouched.
    csv = write_csv(tmp_path, "year,indicator,value\n2026,registered_entities,6\n2020,registered_entities,0\n")
    assert main(["calibrate", str(project_file), "--observed", str(csv)]) == 0
    out = capsys.readouterr().out
    assert "registered_entities: scale" in out and "2026" in out
    project = load_project(project_file)
    assert project.observed == (Observation(2020, "registered_entities", 0.0),
                                Observation(2026, "registered_entities", 6.0))
    (calibration,) = project.calibration
    assert calibration.indicator == "registered_entities"
    multipliers = (calibration.scale, calibration.h_mult, calibration.w_mult)
    modelled = Projection.of(project).values("registered_entities", [2020, 2026], multipliers)
    assert modelled[1] == pytest.approx(6.0, rel=1e-3)
    # The start-year 0 pulls the ramp later than the uncalibrated f(2020) = 1/(1+e^4) of capacity.
    assert modelled[0] / (calibration.scale * 3.0) < 1 / (1 + 2.718281828 ** 4)


def test_calibrate_json_and_output_file_leave_the_original_alone(project_file, tmp_path, capsys):
    before = project_file.read_bytes()
    csv = write_csv(tmp_path, "year,indicator,value\n2026,output_yi,1.8\n")
    out_file = tmp_path / "calibrated.gpkg"
    assert main(["calibrate", str(project_file), "--observed", str(csv), "-o", str(out_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["calibration"][0]["indicator"] == "output_yi"
    assert data["calibration"][0]["scale"] == pytest.approx(2.0, rel=1e-6)
    assert data["fit"] == [{"year": 2026, "indicator": "output_yi", "observed": 1.8,
                            "modelled": pytest.approx(1.8, rel=1e-6), "rel_error": pytest.approx(0, abs=1e-6),
                            "abs_error": pytest.approx(0, abs=1.8e-6)}]
    assert project_file.read_bytes() == before
    assert load_project(out_file).calibration[0].scale == pytest.approx(2.0, rel=1e-6)


def test_calibrate_uses_stored_observations_without_a_csv(project_file, tmp_path, capsys):
    csv = write_csv(tmp_path, "year,indicator,value\n2026,jobs,1000\n")
    assert main(["calibrate", str(project_file), "--observed", str(csv)]) == 0
    assert main(["calibrate", str(project_file)]) == 0
    assert "jobs: scale" in capsys.readouterr().out


@pytest.mark.parametrize("text, encoding, message", [
    ("year,indicator\n2020,jobs\n", "utf-8", "missing column value"),
    ("year,indicator,value\n2020,jobs,many\n", "utf-8", "row 2: value is not a number"),
    ("year,indicator,value\n2020,gdp,1\n", "utf-8", "unknown indicator 'gdp'"),
    ("year,indicator,value\n2020,就业,1\n", "gbk", "is not UTF-8"),
    ("", "utf-8", "empty"),
    ("year,indicator,value\n2020,jobs,1\n2020,jobs,2\n", "utf-8", "given twice"),
])
def test_hostile_csv_is_one_line_and_writes_nothing(project_file, tmp_path, capsys, text, encoding, message):
    before = project_file.read_bytes()
    csv = write_csv(tmp_path, text, encoding=encoding)
    out_file = tmp_path / "out.gpkg"
    assert main(["calibrate", str(project_file), "--observed", str(csv), "-o", str(out_file)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and err.startswith("parkplanner: error:")
    assert project_file.read_bytes() == before
    assert not out_file.exists()


def test_series_no_zone_feeds_is_refused_without_saving(tmp_path, capsys):
    from parkplanner.core.io.project_file import save_project

    project = small_project()
    project.active_scenario_id = "dense"  # no housing in Dense
    path = tmp_path / "dense.gpkg"
    save_project(project, path)
    before = path.read_bytes()
    csv = write_csv(tmp_path, "year,indicator,value\n2024,residents,100\n")
    assert main(["calibrate", str(path), "--observed", str(csv)]) == 2
    err = capsys.readouterr().err
    assert "nothing could be calibrated (residents: no zone of the scenario contributes" in err
    assert path.read_bytes() == before


def test_project_without_observations_needs_a_csv(project_file, capsys):
    assert main(["calibrate", str(project_file)]) == 2
    assert "give them with --observed FILE.csv" in capsys.readouterr().err


def test_missing_csv_and_missing_output_folder_are_one_line(project_file, tmp_path, capsys):
    assert main(["calibrate", str(project_file), "--observed", str(tmp_path / "none.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
    csv = write_csv(tmp_path, "year,indicator,value\n2026,jobs,100\n")
    before = project_file.read_bytes()
    assert main(["calibrate", str(project_file), "--observed", str(csv), "-o", str(tmp_path / "no" / "x.gpkg")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "folder does not exist" in err
    assert project_file.read_bytes() == before

"""``parkplanner info``: name, CRS, scheme, scenarios with zone counts, file version; error contract."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from parkplanner.cli import main
from parkplanner.core.io.project_file import SCHEMA_VERSION, save_project
from parkplanner.core.synthetic import synthetic_project


@pytest.fixture(scope="module")
def project_file(tmp_path_factory):
    project = synthetic_project(120, seed=3, scenarios=2)
    project.name = "中关村 info test"
    project.active_scenario_id = "scenario-1"
    project.scenarios[0].zones.pop(1)
    path = tmp_path_factory.mktemp("info") / "park.gpkg"
    save_project(project, path)
    return path


def test_info_json(project_file, capsys):
    assert main(["info", str(project_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "parkplanner.info/1"
    assert data["schema_version"] == SCHEMA_VERSION
    assert (data["name"], data["crs"], data["scheme"]) == ("中关村 info test", "EPSG:4548", "MNR-2023")
    assert [(s["id"], s["zones"], s["active"]) for s in data["scenarios"]] == [
        ("base", 119, False), ("scenario-1", 120, True)]
    assert data["active_scenario"] == "scenario-1"
    assert [p["start_year"] for p in data["phases"]] == [2024, 2028, 2032]
    assert data["has_boundary"] is True
    assert data["context_layers"][0]["name"] == "Streets"
    assert data["scenarios"][1]["area_m2"] > data["scenarios"][0]["area_m2"] > 0


def test_info_text(project_file, capsys):
    assert main(["info", str(project_file)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Project    中关村 info test"
    assert f"(project file version {SCHEMA_VERSION})" in out
    assert "EPSG:4548" in out and "MNR-2023" in out
    base = next(line for line in out.splitlines() if " base " in line)
    active = next(line for line in out.splitlines() if "scenario-1" in line)
    assert "119 zones" in base and not base.strip().startswith("*")
    assert "120 zones" in active and active.strip().startswith("*")


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"not a database at all", "not a GeoPackage"),
])
def test_info_error_contract(tmp_path, capsys, content, message):
    path = tmp_path / "bad.gpkg"
    path.write_bytes(content)
    assert main(["info", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    (line,) = captured.err.splitlines()
    assert line.startswith("parkplanner: error: ") and message in line and str(path) in line


def test_info_of_a_missing_file(tmp_path, capsys):
    assert main(["info", str(tmp_path / "none.gpkg")]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "no such file" in line


def test_info_runs_headless_without_qt(project_file):
    code = ("import sys; from parkplanner.cli import main; code = main(['info', sys.argv[1], '--json']); "
            "assert not [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))]; sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", code, str(project_file)], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["scenarios"][0]["zones"] == 119

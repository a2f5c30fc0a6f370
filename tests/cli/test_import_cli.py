"""``parkplanner import``: exit codes, warnings on stderr, no output file left behind on failure."""
from __future__ import annotations

import json
import os

import pytest

from parkplanner.cli import main
from parkplanner.core.io.project_file import load_project

RING = [[117.30, 39.70], [117.31, 39.70], [117.31, 39.71], [117.30, 39.71], [117.30, 39.70]]
BOWTIE = [[117.32, 39.70], [117.33, 39.71], [117.33, 39.70], [117.32, 39.71], [117.32, 39.70]]


def _geojson(path, features):
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}}
        for props, ring in features]}, ensure_ascii=False), encoding="utf-8")
    return path


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_writes_a_project_and_reports_repairs(tmp_path, capsys):
    src = _geojson(tmp_path / "plan.geojson", [({"YDDM": "100101", "RJL": 1.1, "MC": "一区"}, RING),
                                               ({"YDDM": "1401", "RJL": 0, "MC": "公园"}, BOWTIE)])
    out = tmp_path / "plan.gpkg"
    code, stdout, stderr = _run(capsys, "import", src, "-o", out, "--field", "landuse=YDDM", "--field", "far=RJL",
                                "--field", "name=MC", "--name", "京津科技城")
    assert code == 0
    assert "imported 2 zones" in stdout and "EPSG:4548" in stdout
    assert "parkplanner: warning: row 2: invalid polygon repaired (Self-intersection" in stderr
    project = load_project(out)
    assert project.name == "京津科技城" and project.crs == "EPSG:4548"
    zones = list(project.active_scenario)
    assert [(z.name, z.code, z.far) for z in zones] == [("一区", "100101", 1.1), ("公园", "1401", 0.0)]
    assert zones[1].geometry.is_valid


def test_scheme_and_crs_options(tmp_path, capsys):
    src = _geojson(tmp_path / "a.geojson", [({"landuse": "M1", "far": 1.0}, RING)])
    out = tmp_path / "a.gpkg"
    code, _, _ = _run(capsys, "import", src, "-o", out, "--scheme", "GB50137-2011", "--crs", "EPSG:32650")
    assert code == 0
    project = load_project(out)
    assert project.scheme == "GB50137-2011" and project.crs == "EPSG:32650"


@pytest.mark.parametrize("props, extra, message", [
    ({"landuse": "Z99"}, [], "row 1, column 'landuse': unknown land-use code 'Z99'"),
    ({"landuse": "1001", "far": "lots"}, [], "far must be a number, not 'lots'"),
    ({"code_2023": "1001"}, [], "no land-use column"),
    ({"landuse": "1001"}, ["--field", "landuse"], "--field expects KEY=COLUMN, not 'landuse'"),
    ({"landuse": "1001"}, ["--crs", "EPSG:4326"], "is geographic"),
    ({"landuse": "1001"}, ["--scheme", "XYZ"], "invalid choice: 'XYZ'"),
])
def test_errors_exit_2_with_one_line_and_leave_no_file(tmp_path, capsys, props, extra, message):
    src = _geojson(tmp_path / "bad.geojson", [(props, RING)])
    out = tmp_path / "bad.gpkg"
    code, stdout, stderr = _run(capsys, "import", src, "-o", out, *extra)
    assert code == 2
    assert stderr.startswith("parkplanner: error: ") and message in stderr
    assert stderr.count("\n") == 1 and "Traceback" not in stderr
    assert sorted(os.listdir(tmp_path)) == ["bad.geojson"]


def test_failed_import_keeps_an_existing_output(tmp_path, capsys):
    src = _geojson(tmp_path / "bad.geojson", [({"landuse": "Z99"}, RING)])
    out = tmp_path / "keep.gpkg"
    out.write_bytes(b"an older project")
    assert _run(capsys, "import", src, "-o", out)[0] == 2
    assert out.read_bytes() == b"an older project"


@pytest.mark.parametrize("argv, message", [
    (["import", "{tmp}/missing.shp", "-o", "{tmp}/x.gpkg"], "no such file"),
    (["import", "{tmp}/ok.geojson", "-o", "{tmp}/x.shp"], "the output must end in .gpkg"),
    (["import", "{tmp}/ok.geojson", "-o", "{tmp}/no/such/folder/x.gpkg"], "folder does not exist"),
    (["import", "{tmp}/ok.geojson"], "required: -o/--output"),
])
def test_usage_errors(tmp_path, capsys, argv, message):
    _geojson(tmp_path / "ok.geojson", [({"landuse": "1001"}, RING)])
    code, _, stderr = _run(capsys, *[a.format(tmp=tmp_path) for a in argv])
    assert code == 2 and message in stderr and stderr.count("\n") == 1
    assert sorted(os.listdir(tmp_path)) == ["ok.geojson"]


def test_context_layers_are_added_in_the_project_crs(tmp_path, capsys):
    src = _geojson(tmp_path / "a.geojson", [({"landuse": "1001", "far": 1.0}, RING)])
    roads = tmp_path / "roads.geojson"
    roads.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                     "geometry": {"type": "LineString", "coordinates": [[117.29, 39.70], [117.33, 39.70]]}}]}))
    out = tmp_path / "a.gpkg"
    code, stdout, _ = _run(capsys, "import", src, "-o", out, "--context", roads)
    assert code == 0 and "and 1 context layers" in stdout
    layer = load_project(out).context_layers[0]
    assert layer.name == "roads" and layer.kind == "line"
    assert layer.geometries[0].length == pytest.approx(3_431, rel=0.01)  # 0.04° of longitude at 39.7° N, metres
    code, _, stderr = _run(capsys, "import", src, "-o", tmp_path / "b.gpkg", "--context", tmp_path / "none.dxf")
    assert code == 2 and "no such file" in stderr and not (tmp_path / "b.gpkg").exists()


def test_usual_column_names_are_found_and_unknown_codes_recoded(tmp_path, capsys):
    src = _geojson(tmp_path / "plan.geojson", [({"YDDM": "M1", "容积率": 1.8, "DKMC": "一号"}, RING),
                                               ({"YDDM": "G1", "容积率": 0, "DKMC": "二号"}, BOWTIE)])
    out = tmp_path / "plan.gpkg"
    code, _, stderr = _run(capsys, "import", src, "-o", out)
    assert code == 2 and not out.exists()
    assert ("unknown land-use codes in column 'YDDM' (scheme MNR-2023): 'M1' in row 1; 'G1' in row 2; "
            "map unknown codes with --recode FILE.csv") in stderr and stderr.count("\n") == 1
    table = tmp_path / "recode.csv"
    table.write_text("source,target\nM1,100101\nG1,1401\n", encoding="utf-8")
    code, _, stderr = _run(capsys, "import", src, "-o", out, "--recode", table)
    assert code == 0
    assert "columns found by their usual names: name=DKMC, landuse=YDDM, far=容积率" in stderr
    zones = list(load_project(out).active_scenario)
    assert [(z.name, z.code, z.far) for z in zones] == [("一号", "100101", 1.8), ("二号", "1401", 0.0)]


def test_bad_recode_table_exits_2_before_reading(tmp_path, capsys):
    src = _geojson(tmp_path / "plan.geojson", [({"YDDM": "M1"}, RING)])
    table = tmp_path / "recode.csv"
    table.write_text("M1,M1\n", encoding="utf-8")
    code, _, stderr = _run(capsys, "import", src, "-o", tmp_path / "plan.gpkg", "--recode", table)
    assert code == 2 and "recode.csv, row 1: 'M1' is not a land-use code of MNR-2023" not in stderr
    assert "recode.csv has no recode rows" in stderr  # a first row that is no code is a header
    code, _, stderr = _run(capsys, "import", src, "-o", tmp_path / "plan.gpkg", "--recode", tmp_path / "none.csv")
    assert code == 2 and "no such file" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.geojson", "recode.csv"]

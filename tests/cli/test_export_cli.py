"""``parkplanner export``: formats, scenario choice, RFC 7946 note, exit codes and no leftovers."""
from __future__ import annotations

import json
import os

import pyogrio.raw
import pytest
import shapely

from parkplanner.cli import main
from parkplanner.core.io.project_file import save_project
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone

X0, Y0 = 525_000.0, 4_396_000.0


@pytest.fixture
def project_file(tmp_path):
    zones = {1: Zone(1, shapely.box(X0, Y0, X0 + 100, Y0 + 100), "100101", "工业 1", "next_gen_it", 1.4),
             2: Zone(2, shapely.box(X0 + 100, Y0, X0 + 200, Y0 + 100), "070102", "住宅 2", None, 2.1)}
    base = Scenario("base", "Base plan", zones)
    balanced = base.copy("balanced", "Balanced city")
    balanced.zones[1] = balanced.zones[1].with_changes(code="070102", sector=None, far=2.8)
    path = tmp_path / "p.gpkg"
    save_project(Project(name="t", scenarios=[base, balanced]), path)
    return path


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_shapefile_of_a_named_scenario(tmp_path, capsys, project_file):
    out = tmp_path / "zones.shp"
    code, stdout, _ = _run(capsys, "export", project_file, "-o", out, "--scenario", "Balanced city")
    assert code == 0 and "exported 2 zones of scenario 'Balanced city'" in stdout
    meta, _, _, values = pyogrio.raw.read(out)
    cols = dict(zip(meta["fields"], values))
    assert list(cols["code"]) == ["070102", "070102"] and list(cols["far"]) == [2.8, 2.1]
    assert list(cols["residents"]) == pytest.approx([28_000.0 / 35.0, 21_000.0 / 35.0])
    assert list(cols["name"]) == ["工业 1", "住宅 2"]
    assert (tmp_path / "zones.cpg").exists()


def test_export_geojson_says_it_is_rfc7946(tmp_path, capsys, project_file):
    out = tmp_path / "zones.geojson"
    code, _, stderr = _run(capsys, "export", project_file, "-o", out)
    assert code == 0 and "EPSG:4326 per RFC 7946" in stderr
    lon, lat = json.loads(out.read_text(encoding="utf-8"))["features"][0]["geometry"]["coordinates"][0][0]
    assert 117 < lon < 118 and 39 < lat < 40
    code, _, stderr = _run(capsys, "export", project_file, "-o", tmp_path / "kept.geojson", "--keep-crs")
    assert code == 0 and stderr == ""


def test_export_geopackage(tmp_path, capsys, project_file):
    out = tmp_path / "zones.gpkg"
    assert _run(capsys, "export", project_file, "-o", out)[0] == 0
    meta, _, _, values = pyogrio.raw.read(out)
    cols = dict(zip(meta["fields"], values))
    assert cols["jobs"][0] == pytest.approx(14_000.0 / 35.0) and cols["generic_class"][1] == "RES"


@pytest.mark.parametrize("extra, message", [
    (["--scenario", "Nope"], "no scenario named 'Nope'"),
    (["-o", "{tmp}/zones.kml"], "must end in .gpkg, .geojson, .json, .shp, .dxf or .glb"),
    (["-o", "{tmp}/missing/zones.shp"], "folder does not exist"),
])
def test_export_errors(tmp_path, capsys, project_file, extra, message):
    argv = ["export", project_file] + ([] if "-o" in extra else ["-o", tmp_path / "zones.shp"]) + extra
    code, _, stderr = _run(capsys, *[str(a).format(tmp=tmp_path) for a in argv])
    assert code == 2 and message in stderr and stderr.count("\n") == 1
    assert sorted(os.listdir(tmp_path)) == ["p.gpkg"]


def test_export_of_a_missing_project(tmp_path, capsys):
    code, _, stderr = _run(capsys, "export", tmp_path / "none.gpkg", "-o", tmp_path / "z.gpkg")
    assert code == 2 and "no such file" in stderr
    assert os.listdir(tmp_path) == []

"""``parkplanner validate``: standards violations and topology problems, exit 0 / 1 / 2."""
from __future__ import annotations

import json

import pytest
from shapely.geometry import box

from parkplanner.cli import main
from parkplanner.core.io.project_file import save_project
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone

from .test_metrics_cli import strip_zones


def write(tmp_path, zones: dict[int, Zone], name: str = "p.gpkg"):
    path = tmp_path / name
    save_project(Project(name="Strips", scheme="GENERIC-INTL", scenarios=[Scenario("base", "Base plan", zones)]),
                 path)
    return path


def test_a_clean_project_exits_0(tmp_path, capsys):
    path = write(tmp_path, strip_zones())
    assert main(["validate", str(path)]) == 0
    assert "no standards violations, no topology problems" in capsys.readouterr().out
    assert main(["validate", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schema"] == "parkplanner.validate/1"
    assert data["violations"] == [] and data["topology"] == [] and data["ok"] is True


def test_violations_and_overlaps_exit_1(tmp_path, capsys):
    zones = strip_zones()
    zones[3] = zones[3].with_changes(far=0.6, green_ratio=0.3)  # next_gen_it FAR floor 1.0, green ≤ 0.20
    zones[1] = zones[1].with_changes(geometry=box(0, 0, 380, 100))  # 30 m over the civic strip
    path = write(tmp_path, zones)
    assert main(["validate", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [(v["zone_id"], v["rule"], v["value"], v["limit"]) for v in data["violations"]] == [
        (3, "IND_FAR_MIN", 0.6, 1.0), (3, "IND_GREEN_MAX", 0.3, 0.2)]
    assert data["violations"][0]["source"].startswith("工业项目建设用地控制指标")
    assert any(p["kind"] == "overlap" and sorted(p["zone_ids"]) == [1, 2] for p in data["topology"])
    assert data["ok"] is False
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "zone 3: IND_FAR_MIN" in out and "overlap" in out


def test_balance_violations_have_no_zone(tmp_path, capsys):
    zones = strip_zones()
    zones[4] = zones[4].with_changes(code="IND_L", sector="next_gen_it", far=1.2)  # no roads, 45 % industry
    path = write(tmp_path, zones)
    assert main(["validate", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    balance = [(v["zone_id"], v["rule"], v["limit"]) for v in data["violations"]]
    assert balance == [(None, "BALANCE_IND", [15.0, 30.0]), (None, "BALANCE_TRN", [10.0, 25.0])]
    assert data["violations"][0]["value"] == pytest.approx(45.0)


def test_bad_input_exits_2(tmp_path, capsys):
    path = write(tmp_path, strip_zones())
    assert main(["validate", str(tmp_path / "nothing.gpkg")]) == 2
    assert main(["validate", str(path), "--scenario", "Nope"]) == 2
    assert main(["validate", str(path), "--sliver-area", "-1"]) == 2
    (tmp_path / "junk.gpkg").write_text("not a geopackage")
    assert main(["validate", str(tmp_path / "junk.gpkg")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 4 and all(line.startswith("parkplanner: error:") for line in err)


def test_a_parcel_code_used_twice_exits_1_and_violations_name_parcels(tmp_path, capsys):
    zones = strip_zones()
    zones[1] = zones[1].with_changes(parcel_code="BD01-01-01")
    zones[2] = zones[2].with_changes(parcel_code="BD01-01-01")  # e.g. typed twice in QGIS
    zones[3] = zones[3].with_changes(far=0.6, parcel_code="BD01-01-03")
    path = write(tmp_path, zones)
    assert main(["validate", str(path), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["duplicate_parcel_codes"] == [{"parcel_code": "BD01-01-01", "zone_ids": [1, 2]}]
    assert data["violations"][0]["parcel_code"] == "BD01-01-03"
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "parcel code BD01-01-01 is used by zones 1, 2" in out and "zone 3 (BD01-01-03): IND_FAR_MIN" in out

"""``parkplanner metrics``: the JSON of docs/specification.md section 8 and the readable table."""
from __future__ import annotations

import json

import pytest
from shapely.geometry import box

from parkplanner.cli import main
from parkplanner.core.io.project_file import save_project
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone

SECTION_8_KEYS = {"schema", "project", "scenario", "parameters", "sectors", "totals", "landuse_balance",
                  "indicators", "dimensions", "coupling", "violations"}


def strip_zones(res_far: float = 1.4) -> dict[int, Zone]:
    """Five adjacent 100 m deep strips (x widths 350/60/250/200/140 m): 100,000 m² in all."""
    specs = [("RES", 0, 350, {"far": res_far, "green_ratio": 0.35}), ("CIV", 350, 410, {"far": 1.2}),
             ("IND_L", 410, 660, {"far": 1.5, "sector": "next_gen_it"}), ("TRN", 660, 860, {}),
             ("GRN", 860, 1000, {})]
    return {n: Zone(n, box(x0, 0, x1, 100), code, **attrs) for n, (code, x0, x1, attrs) in enumerate(specs, 1)}


@pytest.fixture
def project_file(tmp_path):
    project = Project(name="Strips", scheme="GENERIC-INTL", scenarios=[
        Scenario("base", "Base plan", strip_zones()), Scenario("dense", "Dense", strip_zones(res_far=2.8))])
    path = tmp_path / "strips.gpkg"
    save_project(project, path)
    return path


def test_json_has_the_section_8_keys_and_values(project_file, capsys):
    assert main(["metrics", str(project_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert SECTION_8_KEYS <= set(data)
    assert data["schema"] == "parkplanner.metrics/1"
    assert data["project"] == {"name": "Strips", "crs": "EPSG:4548", "scheme": "GENERIC-INTL"}
    assert data["scenario"] == "Base plan"
    assert data["parameters"]["class_m2_gfa_per_job"]["OFF"] == 25.0
    assert [s["id"] for s in data["sectors"]][:2] == ["next_gen_it", "biomed_devices"]
    assert {"name", "m2_gfa_per_job", "output_wan_per_mu", "tax_wan_per_mu"} <= set(data["sectors"][0])
    t = data["totals"]
    assert set(t) >= {"zone_count", "total_area_m2", "construction_area_m2", "gfa_m2", "residents", "dwellings",
                      "employed_residents", "jobs", "output_wan", "tax_wan"}
    assert t["total_area_m2"] == pytest.approx(100_000)
    # RES 35,000 m² × 1.4 = 49,000 m² GFA / 35 = 1,400 residents
    assert t["residents"] == pytest.approx(1_400)
    # CIV 7,200 / 60 = 120 jobs; IND 37,500 / 35 (next_gen_it) = 1,071.4 jobs
    assert t["jobs"] == pytest.approx(120 + 37_500 / 35)
    # IND 25,000 m² = 37.5 mu × 800 万元
    assert t["output_wan"] == pytest.approx(37.5 * 800)
    res = data["landuse_balance"][0]
    assert res["generic_class"] == "RES" and res["share_of_construction_pct"] == pytest.approx(35.0)
    assert res["standard_range_pct"] == [25.0, 40.0] and res["within_standard"] is True
    assert list(data["indicators"]) == ["I1", "I2", "I3", "C1", "C2", "C3", "P1", "P2", "E1", "E2", "E3",
                                        "K1", "K2"]
    i1 = data["indicators"]["I1"]
    assert {"name", "value", "unit", "score", "target"} <= set(i1)
    assert i1["name"] == "industry_rd_land_share" and i1["value"] == pytest.approx(25.0) and i1["unit"] == "%"
    assert i1["score"] == pytest.approx(0.5)  # 10 points below 35 in a 20-point band
    assert data["indicators"]["P2"]["value"] == 0.0  # housing but no school: 0 % covered (not null)
    assert data["indicators"]["E3"]["value"] == 0.0  # the park's 300 m reaches x = 560, RES ends at 350
    assert set(data["dimensions"]) == {"industry", "city", "people", "scenery", "culture"}
    assert set(data["coupling"]) >= {"C", "T", "D", "grade"}
    assert data["violations"] == []


def test_another_scenario(project_file, capsys):
    assert main(["metrics", str(project_file), "--scenario", "Dense", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenario"] == "Dense" and data["totals"]["residents"] == pytest.approx(2_800)


def test_readable_table(project_file, capsys):
    assert main(["metrics", str(project_file)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Strips — scenario Base plan")
    assert "I1 industry_rd_land_share" in out and "coupling coordination" in out
    residents_line = next(line for line in out.splitlines() if line.startswith("residents"))
    assert residents_line.split()[-1] == "1,400"


def test_bad_input_exits_2_with_one_line(project_file, tmp_path, capsys):
    assert main(["metrics", str(tmp_path / "missing.gpkg")]) == 2
    assert main(["metrics", str(project_file), "--scenario", "Nope"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("parkplanner: error:") for line in err)

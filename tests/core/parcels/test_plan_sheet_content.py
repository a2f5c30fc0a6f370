"""Plan sheet content: scales from the standard series, the control indicator rows, block choice."""
from __future__ import annotations

from pathlib import Path

import pytest
from shapely.geometry import box

from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone
from parkplanner.core.parcels.plan_sheets import fitting_scale, natural_key, plan_sheets

from testkit import load_helper_module

_cross_roads_plan = load_helper_module(Path(__file__).with_name("cross_roads.py")).cross_roads_plan


def test_scale_is_the_finest_of_the_series_that_fits():
    # 200 m with 6 % margins each side = 224 m; at 1:1000 that is 224 mm: fits a 230 mm frame.
    assert fitting_scale((200.0, 100.0), (230.0, 260.0)) == 1000
    # 250 m -> 280 mm at 1:1000, too wide; 140 mm at 1:2000 fits.
    assert fitting_scale((250.0, 100.0), (230.0, 260.0)) == 2000
    # The height decides too: 600 m tall -> 672 m -> 269 mm at 1:2500 > 260, 134 mm at 1:5000.
    assert fitting_scale((100.0, 600.0), (230.0, 260.0)) == 5000
    # Beyond 1:50,000 the next multiple of 10,000: 20 km -> 22.4 km / 230 mm = 1:97,391 -> 1:100,000.
    assert fitting_scale((20_000.0, 100.0), (230.0, 260.0)) == 100_000


def test_natural_order_of_codes():
    codes = ["BD01-02-10", "BD01-02-9", "BD01-10-01", "BD01-02-9-1"]
    assert sorted(codes, key=natural_key) == ["BD01-02-9", "BD01-02-9-1", "BD01-02-10", "BD01-10-01"]


def _project() -> Project:
    zones = _cross_roads_plan()
    zones[1] = zones[1].with_changes(far=1.5, coverage=0.4, green_ratio=0.2, height_m=24.0)
    zones[3] = zones[3].with_changes(code="080403")  # a school in the SW block (facility EDU)
    return Project(name="Cross roads", scenarios=[Scenario("a", "A", {z.id: z for z in zones})],
                   active_scenario_id="a", metadata={"planning_unit": "BD01"})


def test_rows_carry_the_control_indicators_of_each_parcel():
    content = plan_sheets(_project(), lang="zh")
    assert [s.label for s in content.sheets] == ["BD01-01", "BD01-02", "BD01-03", "BD01-04"]
    assert content.road_ids == (7, 8, 9) and content.parcel_count == 6
    first = content.sheets[0]
    assert [r.parcel_code for r in first.rows] == ["BD01-01-01", "BD01-01-02"]
    row = first.rows[1]  # zone 2: 50 m x 100 m = 0.5 ha of industry
    assert row.zone_id == 2 and row.landuse_code == "1001" and row.landuse_name == "工业用地"
    assert row.area_ha == pytest.approx(0.5, abs=1e-9)
    assert (row.far, row.coverage_pct, row.green_pct, row.height_m) == (1.5, pytest.approx(40.0),
                                                                         pytest.approx(20.0), 24.0)
    assert first.area_ha == pytest.approx(1.0, abs=1e-6)  # 100 m x 100 m
    school = content.sheets[2].rows[0]
    assert school.facilities == "教育设施" and first.rows[0].facilities == ""
    assert plan_sheets(_project(), lang="en").sheets[2].rows[0].facilities == "Education"


def test_one_block_by_number_or_label_and_a_wrong_one_is_refused():
    assert [s.label for s in plan_sheets(_project(), only_block="3").sheets] == ["BD01-03"]
    assert [s.label for s in plan_sheets(_project(), only_block="BD01-04").sheets] == ["BD01-04"]
    with pytest.raises(ValueError, match="no block '9': blocks are BD01-01 to BD01-04"):
        plan_sheets(_project(), only_block="9")
    roads_only = Project(scenarios=[Scenario("a", "A", {1: Zone(1, box(0, 0, 10, 100), "1207")})],
                         active_scenario_id="a")
    with pytest.raises(ValueError, match="no blocks"):
        plan_sheets(roads_only)

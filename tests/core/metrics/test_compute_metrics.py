"""compute_metrics on hand-made projects; every expected number is worked out in the comments."""
from __future__ import annotations

import json
import math

import pytest
from shapely.geometry import box

from parkplanner.core.metrics import compute_metrics
from parkplanner.core.model.parameters import Parameters
from parkplanner.core.model.zone import Zone

from .conftest import make_project

MU = 10000 / 15


def approx(x):
    return pytest.approx(x, rel=1e-12, abs=1e-12)


def test_totals_follow_section_2(town):
    t = compute_metrics(town).totals
    assert t.zone_count == 11
    # 20,000 + 10,000 + 10,000 + 10,000 + 2,500 + 30,000 + 10,000 + 10,000 + 2,000 + 8,000 + 10,000
    assert t.total_area_m2 == 122_500
    assert t.construction_area_m2 == 112_500  # all but the 10,000 m² of water
    # 35,000 + 14,000 + 8,000 + 36,000 + 25,000 + 15,000 + 2,000
    assert t.gfa_m2 == 135_000
    # (Σ_RES GFA + 0.5 · Σ_MXD GFA) / 35 = (35,000 + 7,000) / 35
    assert t.residents == approx(1200)
    assert t.dwellings == approx(1200 / 2.62)
    assert t.employed_residents == approx(720)
    # MXD 7,000/30 + EDU 8,000/60 + IND 36,000/60 (biomed sector: 60) + OFF 25,000/25 + COM 15,000/30
    # + CUL 2,000/60 = 233.33 + 133.33 + 600 + 1,000 + 500 + 33.33
    assert t.jobs == approx(2500)
    # the only sector zone: 30,000 m² = 45 mu at 600 万元/mu and 35 万元/mu of tax
    assert t.output_wan == approx(45 * 600)
    assert t.tax_wan == approx(45 * 35)
    assert t.output_yi == approx(2.7)


def test_indicator_values(town):
    r = compute_metrics(town)
    v = r.value
    assert v("I1") == approx((30_000 + 10_000) / 112_500 * 100)  # IND + OFF + LOG(0)
    assert v("I2") == approx(2500 / 11.25)  # jobs per ha of construction land
    assert v("I3") == approx(27_000 / ((30_000 + 10_000) / MU))  # = 450 万元/mu
    groups = [20_000 + 5_000, 10_000 + 5_000, 10_000, 30_000, 10_000 + 2_000, 12_500]
    total = sum(groups)
    assert v("C1") == approx(-sum(g / total * math.log(g / total) for g in groups) / math.log(6))
    assert v("C2") == approx(25_000 / 112_500 * 100)
    assert v("C3") == approx(12_000 / 1200)  # EDU + CUL are civic
    assert v("P1") == approx(2500 / 720)
    # School buffer (500 m around x 650..750) reaches x = 150: half of RES (5,000 m²) and all of MXD.
    assert v("P2") == approx((5_000 + 10_000) / 30_000 * 100)
    assert v("E1") == approx(12_500 / 112_500 * 100)
    assert v("E2") == approx(12_500 / 1200)
    # The park (y 300..350) buffered 300 m reaches y = 0: all of RES. The 2,500 m² green by MXD is no park.
    assert v("E3") == approx(20_000 / 30_000 * 100)
    assert v("K1") == approx(2_000 / 1200)
    assert v("K2") == approx((15_000 + 7_000) / 135_000 * 100)  # COM GFA + MXD job-GFA


def test_scores_dimensions_and_coupling(town):
    r = compute_metrics(town)
    c1 = r.value("C1")
    expected = {
        "I1": 1.0, "I2": 1.0, "I3": 1.0,
        "C1": max(0.0, 1 - (c1 - 0.8) / 0.2), "C2": 1.0, "C3": 1.0,
        "P1": 0.0,  # 3.47 is more than one band width (0.45) above 1.25
        "P2": 0.5,  # 50 / 100
        "E1": 1.0, "E2": 1.0, "E3": (200 / 3) / 80,
        "K1": 1.0, "K2": 1 - (22_000 / 135_000 * 100 - 15) / 7,
    }
    for key, value in expected.items():
        assert r.score(key) == approx(value), key
    dims = r.dimensions
    assert dims["industry"] == approx(1.0)
    assert dims["city"] == approx((expected["C1"] + 2) / 3)
    assert dims["people"] == approx(0.25)
    assert dims["scenery"] == approx((2 + expected["E3"]) / 3)
    assert dims["culture"] == approx((1 + expected["K2"]) / 2)
    u = [dims[d] for d in ("industry", "city", "people", "scenery", "culture")]
    c = math.prod(u) ** 0.2 / (sum(u) / 5)
    t = sum(u) / 5
    assert r.coupling.C == approx(c)
    assert r.coupling.T == approx(t)
    assert r.coupling.D == approx(math.sqrt(c * t))


def test_obstacle_degrees_sum_to_one_and_point_at_the_gaps(town):
    obstacles = compute_metrics(town).obstacles
    assert sum(obstacles.values()) == pytest.approx(1.0)
    assert obstacles["I1"] == 0.0
    # P1 has score 0 in a 2-indicator dimension: w = 0.2 · 0.5 = 0.1, the largest gap of all.
    assert max(obstacles, key=obstacles.get) == "P1"


def test_landuse_balance_and_flags(town):
    r = compute_metrics(town)
    rows = {row.key: row for row in r.balance}
    keys = [(row.key, row.construction_land) for row in r.balance]
    # Twelve classes of construction land, then water and agriculture below the subtotal.
    assert keys[:3] == [("RES", True), ("MXD", True), ("COM", True)] and len(keys) == 14
    assert keys[-2:] == [("WAT", False), ("AGR", False)]
    assert rows["RES"].area_m2 == 20_000 and rows["RES"].area_ha == 2.0
    assert rows["RES"].share_of_construction_pct == approx(20_000 / 112_500 * 100)  # 17.8 % < 25 %
    assert rows["RES"].standard_range_pct == [25.0, 40.0] and rows["RES"].within_standard is False
    assert rows["IND"].within_standard is True  # 26.7 % in 15–30 %
    assert rows["CIV"].within_standard is False  # 10.7 % > 8 %
    assert rows["GRN"].within_standard is True  # 11.1 % in 10–15 %
    assert rows["TRN"].within_standard is False  # 7.1 % < 10 %
    assert rows["OFF"].standard_range_pct is None and rows["OFF"].within_standard is None
    assert rows["WAT"].share_of_construction_pct is None  # water is not construction land
    assert rows["WAT"].share_of_total_pct == approx(10_000 / 122_500 * 100)
    balance_rules = [v.rule for v in r.violations if v.zone_id is None]
    assert balance_rules == ["BALANCE_RES", "BALANCE_CIV", "BALANCE_TRN"]


def test_level1_balance_uses_the_scheme_classes():
    zones = [Zone(1, box(0, 0, 100, 100), "070101", far=1.0), Zone(2, box(100, 0, 200, 100), "0702"),
             Zone(3, box(0, 100, 100, 200), "100101"), Zone(4, box(100, 100, 200, 200), "M0")]
    r = compute_metrics(make_project(zones, scheme="MNR-2023"))
    rows = {row.key: row for row in r.level1_balance}
    assert rows["07"].area_m2 == 20_000 and rows["07"].share_of_construction_pct == 50.0
    assert rows["07"].within_standard is False  # 50 % is above the residential 25–40 %
    # M0 (new-type industrial, generic OFF) sits under 1001 in MNR-2023. 10 (industrial and mining)
    # mixes construction land (1001) with mining (1002, 1003), so 1001 is a row of its own.
    assert rows["1001"].area_m2 == 20_000 and rows["1001"].standard_range_pct == [15.0, 30.0]
    assert rows["1001"].share_of_construction_pct == 50.0
    assert rows["10"].area_m2 == 0 and rows["10"].construction_land is False
    assert rows["01"].area_m2 == 0 and rows["01"].share_of_construction_pct is None
    order = [row.construction_land for row in r.level1_balance]
    assert order == sorted(order, reverse=True)  # construction land first, then the rest


def test_land_outside_construction_land_is_decided_per_code():
    # GB 50137-2011: H14 villages are residential but not urban construction land, H2 regional
    # transport is transport but not construction land; R2 and S1 are.
    zones = [Zone(1, box(0, 0, 100, 100), "R2", far=1.0), Zone(2, box(100, 0, 200, 100), "H14", far=1.0),
             Zone(3, box(0, 100, 100, 200), "S1"), Zone(4, box(100, 100, 300, 200), "H2")]
    r = compute_metrics(make_project(zones, scheme="GB50137-2011"))
    assert r.totals.construction_area_m2 == 20_000 and r.totals.total_area_m2 == 50_000
    inside = {row.key: row for row in r.balance if row.construction_land}
    outside = {row.key: row for row in r.balance if not row.construction_land}
    assert inside["RES"].area_m2 == 10_000 and inside["RES"].share_of_construction_pct == 50.0
    assert inside["TRN"].area_m2 == 10_000 and inside["TRN"].share_of_construction_pct == 50.0
    assert outside["RES"].area_m2 == 10_000 and outside["RES"].share_of_construction_pct is None
    assert outside["TRN"].area_m2 == 20_000 and outside["TRN"].share_of_total_pct == 40.0
    assert outside["TRN"].within_standard is None
    # Shares of construction land count construction land only: C2 = 10,000 / 20,000.
    assert r.indicators["C2"].value == 50.0
    # Residents come from all housing GFA (villages house people too): 20,000 m² / 35.
    assert r.totals.residents == approx(20_000 / 35)
    level1 = {row.key: row for row in r.level1_balance}
    assert level1["H14"].construction_land is False and level1["H14"].area_m2 == 10_000
    assert level1["R"].area_m2 == 10_000 and level1["R"].share_of_construction_pct == 50.0


def test_per_capita_figures(town):
    rows = {p.id: p for p in compute_metrics(town).per_capita}
    assert rows["construction_land_per_resident"].value == approx(112_500 / 1200)  # 93.75: in 85.1–105
    assert rows["construction_land_per_resident"].within_standard is True
    assert rows["residential_land_per_resident"].value == approx(25_000 / 1200)  # 20.8 < 28
    assert rows["residential_land_per_resident"].within_standard is False
    assert rows["civic_land_per_resident"].value == approx(10.0)
    assert rows["transport_land_per_resident"].value == approx(8_000 / 1200)
    assert rows["transport_land_per_resident"].within_standard is False  # < 12
    assert rows["green_land_per_resident"].value == approx(12_500 / 1200)


def test_no_residents_gives_nulls_not_zero_or_infinity():
    zones = [Zone(1, box(0, 0, 100, 100), "IND_L", far=1.0), Zone(2, box(100, 0, 200, 100), "GRN")]
    r = compute_metrics(make_project(zones))
    for key in ("C3", "P1", "P2", "E2", "E3", "K1"):
        assert r.value(key) is None, key
        assert r.score(key) == 0.0
    assert r.value("I2") == approx((10_000 / 60) / 2)  # 166.7 jobs over 2 ha
    assert r.value("I3") == 0.0  # IND land but no sector: no output
    assert all(p.value is None for p in compute_metrics(make_project(zones)).per_capita)
    text = json.dumps(r.to_dict(), allow_nan=False)  # raises on NaN or inf
    assert '"C3": {"name": "civic_land_per_capita", "value": null' in text


def test_empty_scenario():
    r = compute_metrics(make_project([]))
    assert r.totals.total_area_m2 == 0 and r.totals.zone_count == 0
    assert r.value("C1") == 0.0  # entropy is 0, not null, when the six groups sum to 0
    for key in ("I1", "I2", "I3", "C2", "E1", "K2"):
        assert r.value(key) is None
    assert r.coupling.D == 0.0 and r.coupling.grade_zh == "极度失调"
    # Every score is 0, so each obstacle degree is the indicator's weight α_d / size of d.
    assert r.obstacles["I1"] == approx(0.2 / 3) and r.obstacles["P1"] == approx(0.2 / 2)
    assert sum(r.obstacles.values()) == pytest.approx(1.0)
    assert r.violations == ()  # shares of nothing are undefined, not out of range


def test_gfa_override_parameters_and_sector_overrides():
    zones = [Zone(1, box(0, 0, 100, 100), "RES", far=1.0, gfa_override_m2=7_000),
             Zone(2, box(100, 0, 200, 100), "MXD", far=2.0),
             Zone(3, box(0, 100, 100, 200), "IND_L", sector="next_gen_it", far=1.4)]
    params = Parameters(m2_gfa_per_resident=40, mxd_residential_share=0.25, employed_share=0.5,
                        class_m2_gfa_per_job={"MXD": 50})
    project = make_project(zones, parameters=params)
    project.active_scenario.sector_overrides = {"next_gen_it": {"m2_gfa_per_job": 70.0, "output_wan_per_mu": 300.0}}
    r = compute_metrics(project)
    # residents = (7,000 + 0.25 · 20,000) / 40 = 300; employed = 150
    assert r.totals.residents == approx(300) and r.totals.employed_residents == approx(150)
    # jobs = MXD 0.75 · 20,000 / 50 + IND 14,000 / 70 (overridden sector) = 300 + 200
    assert r.totals.jobs == approx(500)
    assert r.totals.output_wan == approx(15 * 300)  # 10,000 m² = 15 mu
    assert r.value("K2") == approx(15_000 / (7_000 + 20_000 + 14_000) * 100)
    assert r.to_dict()["parameters"]["m2_gfa_per_resident"] == 40


def test_second_scenario_and_scenario_name(town):
    from parkplanner.core.model.scenario import Scenario

    town.scenarios.append(Scenario("alt", "Alternative", {1: Zone(1, box(0, 0, 100, 100), "RES", far=3.5)}))
    r = compute_metrics(town, town.scenario("alt"))
    assert r.totals.residents == approx(1000) and r.scenario_name == "Alternative"
    assert compute_metrics(town, "alt").totals.residents == approx(1000)
    assert compute_metrics(town).scenario_name == "Base plan"


def test_unknown_code_is_a_readable_error():
    with pytest.raises(ValueError, match="zone 1 has land-use code 'XYZ'"):
        compute_metrics(make_project([Zone(1, box(0, 0, 10, 10), "XYZ")]))

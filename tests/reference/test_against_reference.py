"""Every planner-visible number of the engine, the CLI JSON and the Excel appendix against the
naive reference implementation (naive_spec.py), on the sample, on random projects of every scheme.

Tolerances, and why they are enough for a planner:
- REL = 1e-9 relative for sums, ratios and series: the engine sums exactly rounded per class, the
  reference adds floats zone by zone; the two differ only in the last bits (1e-9 of 14.5 km² is
  0.015 m²).
- Areas: the reference's shoelace against GEOS on the same vertices, REL again.
- Coverage (P2, E3): COVERAGE_PCT = 1e-4 percentage points. The engine unions each housing zone's
  pieces inside the buffers, the reference intersects it with the union of the buffers: GEOS
  returns the same area up to rounding in its overlay (1e-4 % of 100 ha is 1 m²).
- Scores, dimension indices, C, T, D and obstacle degrees (all in [0, 1]): INDEX = 1e-6 absolute,
  so a coverage difference within its tolerance cannot fail them; the grade is compared exactly
  unless D lies within INDEX of a grade bound.
- Counts, codes, flags and grades: exact.
"""
from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from parkplanner.cli import main
from parkplanner.core.io.project_file import load_project
from parkplanner.core.metrics.engine import MetricsEngine, compute_metrics
from parkplanner.core.model.project import Observation, Phase, Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.sectors import default_sectors
from parkplanner.core.model.zone import Zone
from parkplanner.core.projection.calibration import MULTIPLIER_BOUNDS
from parkplanner.core.projection.report import forecast_report
from parkplanner.core.report import build_appendix
from parkplanner.core.resources import sample_project_path

from reference import naive_spec as ref

REL = 1e-9
COVERAGE_PCT = 1e-4
INDEX = 1e-6
COVERAGE_IDS = ("P2", "E3")


def close(actual, expected, rel=REL, abs_=1e-9) -> bool:
    if expected is None or actual is None:
        return actual is None and expected is None
    return math.isclose(actual, expected, rel_tol=rel, abs_tol=abs_)


def assert_close(actual, expected, what: str, rel=REL, abs_=1e-9) -> None:
    assert close(actual, expected, rel, abs_), f"{what}: engine {actual!r}, reference {expected!r}"


# -- comparison of one metrics JSON object with the reference ------------------------------------
def check_metrics(data: dict, expected: dict) -> None:
    """``data``: a parkplanner.metrics/1 object (engine to_dict() or CLI JSON)."""
    for key, value in expected["totals"].items():
        if key == "zone_count":
            assert data["totals"][key] == value
        else:
            assert_close(data["totals"][key], value, f"totals.{key}", abs_=1e-6)
    got = [(r["generic_class"], r["construction_land"]) for r in data["landuse_balance"]]
    assert got == [(r["generic_class"], r["construction_land"]) for r in expected["landuse_balance"]]
    for row, want in zip(data["landuse_balance"], expected["landuse_balance"]):
        what = f"balance {want['generic_class']} ({'inside' if want['construction_land'] else 'outside'})"
        assert_close(row["area_m2"], want["area_m2"], what + " area", abs_=1e-6)
        assert_close(row["share_of_construction_pct"], want["share_of_construction_pct"], what + " share")
        assert_close(row["share_of_total_pct"], want["share_of_total_pct"], what + " share of total")
        assert row["standard_range_pct"] == want["standard_range_pct"], what
        if want["share_of_construction_pct"] is None or all(
                abs(want["share_of_construction_pct"] - bound) > 1e-6 for bound in want["standard_range_pct"] or ()):
            assert row["within_standard"] == want["within_standard"], what
    for row in data["level1_balance"]:
        want = expected["level1_balance"].get(row["code"])
        area = want["area_m2"] if want else 0.0
        assert_close(row["area_m2"], area, f"level-1 {row['code']} area", abs_=1e-6)
        if want:
            assert row["construction_land"] is want["construction_land"], row["code"]
            assert_close(row["share_of_construction_pct"], want["share_of_construction_pct"], f"level-1 {row['code']}")
            assert_close(row["share_of_total_pct"], want["share_of_total_pct"], f"level-1 {row['code']} of total")
    per_capita = {r["id"]: r for r in data["per_capita"]}
    assert set(per_capita) == set(expected["per_capita"])
    for name, want in expected["per_capita"].items():
        assert_close(per_capita[name]["value"], want["value"], name)
    for key, want in expected["indicators"].items():
        item = data["indicators"][key]
        coverage = key in COVERAGE_IDS
        assert_close(item["value"], want["value"], f"{key} value", abs_=COVERAGE_PCT if coverage else 1e-9)
        assert_close(item["score"], want["score"], f"{key} score", rel=0, abs_=INDEX)
        assert_close(item["obstacle_degree"], want["obstacle"], f"{key} obstacle degree", rel=0, abs_=INDEX)
    for dim, want in expected["dimensions"].items():
        assert_close(data["dimensions"][dim], want, f"U {dim}", rel=0, abs_=INDEX)
    for key in ("C", "T", "D"):
        assert_close(data["coupling"][key], expected["coupling"][key], key, rel=0, abs_=INDEX)
    d_value = expected["coupling"]["D"]
    if all(abs(d_value - k / 10) > INDEX for k in range(1, 10)):
        assert data["coupling"]["grade"] == expected["coupling"]["grade"]


def check_forecast(data: dict, expected: dict) -> None:
    assert data["years"] == expected["years"]
    for name, values in expected["series"].items():
        assert len(data["series"][name]) == len(values)
        for year, got, want in zip(expected["years"], data["series"][name], values):
            assert_close(got, want, f"{name} {year}", abs_=1e-9)
    assert len(data["fit"]) == len(expected["fit"])
    fit = {(r["indicator"], r["year"]): r for r in data["fit"]}
    for want in expected["fit"]:
        row = fit[(want["indicator"], want["year"])]
        assert row["observed"] == want["observed"]
        assert_close(row["modelled"], want["modelled"], f"fit {want['indicator']} {want['year']}")
        assert_close(row["abs_error"], want["abs_error"], "abs_error", abs_=1e-9)
        if want["observed"] == 0:
            assert row["rel_error"] == want["rel_error"]  # 0 when reproduced exactly, else None
        else:
            assert_close(row["rel_error"], want["rel_error"], "rel_error", abs_=1e-12)


# -- the sample ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample():
    return load_project(sample_project_path())


@pytest.mark.parametrize("scenario_id", ["base", "balanced"])
def test_engine_equals_reference_on_the_sample(sample, scenario_id):
    scenario = sample.scenario(scenario_id)
    check_metrics(compute_metrics(sample, scenario).to_dict(), ref.metrics(sample, scenario))


@pytest.mark.parametrize("scenario_id", ["base", "balanced"])
def test_forecast_equals_reference_on_the_sample(sample, scenario_id):
    scenario = sample.scenario(scenario_id)
    check_forecast(forecast_report(sample, scenario), ref.forecast(sample, scenario))


def test_sample_2017_is_zero_like_the_observed_series(sample):
    expected = ref.forecast(sample)
    first = expected["years"].index(2017)
    for name in ("output_yi", "registered_entities", "high_tech_enterprises"):
        assert expected["series"][name][first] == 0.0
    data = forecast_report(sample)
    assert data["series"]["output_yi"][first] == 0.0 and data["series"]["registered_entities"][first] == 0.0


def test_stored_calibration_is_a_least_squares_minimum(sample):
    """The sample's multipliers minimise the specification's cost, computed naively: moving any
    multiplier by ±0.1 % (within bounds) does not lower it."""
    terms = ref.zone_terms(sample)
    for calibration in sample.calibration:
        observations = [o for o in sample.observed if o.indicator == calibration.indicator]
        best = (calibration.scale, calibration.h_mult, calibration.w_mult)
        cost = ref.calibration_cost(terms[calibration.indicator], observations, best)
        for k in range(3):
            for factor in (0.999, 1.001):
                moved = list(best)
                moved[k] *= factor
                if not MULTIPLIER_BOUNDS[0] <= moved[k] <= MULTIPLIER_BOUNDS[1]:
                    continue
                assert ref.calibration_cost(terms[calibration.indicator], observations, moved) >= cost * (1 - 1e-9), (
                    calibration.indicator, k, factor)


def test_cli_json_equals_reference(sample, capsys):
    path = str(sample_project_path())
    for scenario in sample.scenarios:
        assert main(["metrics", path, "--scenario", scenario.id, "--json"]) == 0
        check_metrics(json.loads(capsys.readouterr().out), ref.metrics(sample, scenario))
        assert main(["forecast", path, "--scenario", scenario.id, "--json"]) == 0
        check_forecast(json.loads(capsys.readouterr().out), ref.forecast(sample, scenario))


def test_excel_appendix_cells_equal_reference(sample, tmp_path):
    from openpyxl import load_workbook

    path = build_appendix(sample, tmp_path / "appendix.xlsx")
    book = load_workbook(path, read_only=True)

    def cells(name: str) -> list[tuple]:  # read-only sheets give short tuples for short rows
        return [tuple(r) + (None,) * 12 for r in book[name].iter_rows(values_only=True)]

    expected = ref.metrics(sample)
    rows = cells("Indicators")
    by_id = {r[0]: r for r in rows if r[0] in expected["indicators"]}
    for key, want in expected["indicators"].items():
        value = by_id[key][3]
        if want["value"] is None:
            assert value == "n/a"
        else:
            assert_close(value, want["value"], f"Excel {key}", abs_=COVERAGE_PCT if key in COVERAGE_IDS else 1e-9)
        assert_close(by_id[key][6], want["score"], f"Excel {key} score", rel=0, abs_=INDEX)
        assert_close(by_id[key][8], want["obstacle"], f"Excel {key} obstacle", rel=0, abs_=INDEX)
    labels = {r[1]: r for r in rows if r[1]}
    assert_close(labels["Coupling coordination degree D"][2], expected["coupling"]["D"], "Excel D", rel=0, abs_=INDEX)
    assert expected["coupling"]["grade"] in labels["Grade"][2]
    assert_close(labels["Jobs"][2], expected["totals"]["jobs"], "Excel jobs")
    assert_close(labels["Residents"][2], expected["totals"]["residents"], "Excel residents")

    balance = cells("Land use balance")
    generic_start = next(n for n, r in enumerate(balance) if r[0] == "Generic classes: comparison view")
    inside = {r["generic_class"]: r for r in expected["landuse_balance"] if r["construction_land"]}
    checked = 0
    for row in balance[generic_start:]:
        if row[0] in inside and isinstance(row[2], float):
            assert_close(row[2], inside[row[0]]["area_m2"], f"Excel balance {row[0]}", abs_=1e-6)
            assert_close(row[4], inside[row[0]]["share_of_construction_pct"], f"Excel share {row[0]}")
            checked += 1
        if row[1] == "Construction land":
            assert_close(row[2], expected["totals"]["construction_area_m2"], "Excel construction land", abs_=1e-6)
            break
    assert checked >= 8
    years = ref.forecast(sample)
    projection = cells("Projection")
    start = next(n for n, r in enumerate(projection) if r[0] == "Year") + 1
    for n, year in enumerate(years["years"]):
        row = projection[start + n]
        assert row[0] == year
        assert_close(row[1], years["series"]["output_yi"][n], f"Excel output {year}", abs_=1e-9)


# -- random projects -------------------------------------------------------------------------------
_SECTORS = [None, *default_sectors()]


def _assignable(scheme: str) -> list[str]:
    return sorted(code for code, entry in ref.catalogue()[scheme].items() if entry["generic"])


_CELL = st.tuples(
    st.integers(0, 10_000),  # picks a code (modulo the scheme's list)
    st.sampled_from(_SECTORS),
    st.floats(0.0, 4.0, allow_nan=False).map(lambda v: round(v, 2)),
    st.integers(1, 3),  # phase
    st.one_of(st.none(), st.integers(2015, 2030)),  # start year
    st.floats(60.0, 390.0), st.floats(60.0, 390.0),  # width, height within a 400 m cell
    st.one_of(st.none(), st.floats(0.0, 50_000.0)),  # GFA override
)


def _random_project(scheme: str, cells) -> Project:
    codes = _assignable(scheme)
    zones = {}
    for n, (pick, sector, far, phase, start, width, height, override) in enumerate(cells, 1):
        x, y = 400.0 * (n % 6), 400.0 * (n // 6)
        zones[n] = Zone(n, box(x, y, x + width, y + height), codes[pick % len(codes)], f"Z{n}", sector, far,
                        phase=phase, start_year=start, gfa_override_m2=override)
    observed = (Observation(2018, "output_yi", 0.0), Observation(2024, "output_yi", 3.0))
    return Project(scheme=scheme, scenarios=[Scenario("base", "Base", zones)],
                   phases=(Phase(1, "P1", 2017), Phase(2, "P2", 2021)), observed=observed)


@pytest.mark.parametrize("scheme", ["MNR-2023", "GB50137-2011", "GENERIC-INTL"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=st.lists(_CELL, min_size=1, max_size=18))
def test_engine_equals_reference_on_random_projects(scheme, cells):
    project = _random_project(scheme, cells)
    check_metrics(compute_metrics(project).to_dict(), ref.metrics(project))
    check_forecast(forecast_report(project), ref.forecast(project))


@settings(max_examples=15, deadline=None)
@given(cells=st.lists(_CELL, min_size=2, max_size=12),
       edits=st.lists(st.tuples(st.integers(0, 11), st.floats(0, 5), st.integers(0, 10_000)), max_size=6))
def test_incremental_engine_equals_reference_after_edits(cells, edits):
    """The live engine, edited zone by zone, still agrees with the reference computed from scratch."""
    from parkplanner.core.editing import History
    from parkplanner.core.editing.zone_commands import set_zone_attributes

    project = _random_project("MNR-2023", cells)
    history = History(project)
    engine = MetricsEngine(project)
    history.changed.connect(engine.apply)
    ids = sorted(project.active_scenario.zones)
    codes = _assignable("MNR-2023")
    for pick, far, code in edits:  # FAR and land-use code: construction land may come and go
        zone_id = ids[pick % len(ids)]
        history.push(set_zone_attributes(project, [zone_id], {"far": round(far, 2), "code": codes[code % len(codes)]}))
    check_metrics(engine.result().to_dict(), ref.metrics(project))


def test_reference_shoelace_matches_a_hand_computed_area():
    # An L-shaped hexagon: 100 × 100 minus a 50 × 50 corner, with a 10 × 10 hole: 7,400 m².
    from shapely.geometry import Polygon

    shape = Polygon([(0, 0), (100, 0), (100, 50), (50, 50), (50, 100), (0, 100)],
                    [[(10, 10), (20, 10), (20, 20), (10, 20)]])
    assert ref.polygon_area(shape) == 7_400.0

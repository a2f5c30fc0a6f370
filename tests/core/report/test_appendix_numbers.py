"""Every number of the appendix equals the one ``parkplanner metrics --json`` / ``forecast --json`` give."""
from __future__ import annotations

import re

import pytest

from parkplanner.core.metrics.engine import MetricsEngine, compute_metrics
from parkplanner.core.metrics.registry import DIMENSIONS, INDICATORS
from parkplanner.core.projection.report import forecast_report
from parkplanner.core.report import SHEET_NAMES, build_appendix
from parkplanner.core.report.sheet_indicators import TOTAL_ROWS
from parkplanner.core.report.sheet_projection import SERIES_ROLES

M2_PER_MU = 10000.0 / 15.0


@pytest.fixture
def book(project, read_book, tmp_path):
    path = tmp_path / "appendix.xlsx"
    build_appendix(project, path)
    return read_book(path)


def rows(sheet):
    return list(sheet.iter_rows(values_only=True))


def header_index(sheet, first: str) -> int:
    """0-based index of the first row whose first non-empty cell is ``first``."""
    for n, row in enumerate(rows(sheet)):
        if first in [v for v in row if v is not None][:1]:
            return n
    raise AssertionError(f"no header {first!r} in {sheet.title}")


def test_sheet_names_and_order(book):
    assert book.sheetnames == list(SHEET_NAMES) == [
        "Cover", "Land use balance", "Parcels", "Sectors", "Indicators", "Scenarios", "Projection", "Checks"]


def test_parcels_rows_equal_zone_figures(project, book):
    scenario = project.active_scenario
    table = MetricsEngine(project, scenario.id).zone_table()
    all_rows = rows(book["Parcels"])
    start = header_index(book["Parcels"], "Zone id") + 1
    body = all_rows[start:start + len(scenario.zones)]
    assert [r[0] for r in body] == [int(i) for i in table["zone_id"]]
    for n, row in enumerate(body):
        zone = scenario.zones[row[0]]
        area = zone.geometry.area
        assert row[2] == zone.name and row[3] == zone.code
        assert re.fullmatch(r"01-\d\d-\d\d", row[1])  # generated: default unit, block, parcel
        assert row[5] == table["area_m2"][n] == area
        assert row[6] == area / 10000.0 and row[7] == area / M2_PER_MU
        assert row[8] == zone.far and row[9] == table["gfa_m2"][n]
        assert row[10] == zone.coverage and row[11] == zone.green_ratio and row[12] == zone.height_m
        assert row[13] == zone.phase and row[14] == project.zone_start_year(zone)
        assert row[16] == table["jobs"][n] and row[17] == table["residents"][n]
    totals = compute_metrics(project, scenario).to_dict()["totals"]
    assert len({r[1] for r in body}) == len(body)  # one code per parcel
    total_row = all_rows[start + len(scenario.zones)]
    assert total_row[2] == "Total"
    assert (total_row[5], total_row[9], total_row[16], total_row[17]) == (
        totals["total_area_m2"], totals["gfa_m2"], totals["jobs"], totals["residents"])


def test_parcel_names_and_sectors_are_text(project, book):
    body = rows(book["Parcels"])[header_index(book["Parcels"], "Zone id") + 1:]
    names = {zone.name for zone in project.active_scenario}
    assert names <= {r[2] for r in body}
    assert "Next-generation IT" in {r[15] for r in body}


def test_land_use_balance_equals_metrics(project, book):
    metrics = compute_metrics(project).to_dict()
    sheet_rows = rows(book["Land use balance"])
    generic_start = next(n for n, r in enumerate(sheet_rows) if r[0] == "Generic classes: comparison view")
    assert sheet_rows[generic_start + 1][0].startswith("Not a land-use balance of MNR-2023")  # says why
    assert book["Land use balance"].row_breaks.brk[0].id == generic_start  # on a page of its own
    level1 = {r[0]: r for r in sheet_rows[:generic_start] if isinstance(r[2], float)}
    generic = {r[0]: r for r in sheet_rows[generic_start:] if isinstance(r[2], float) and r[0]}
    checked = 0
    for rows_by_key, json_rows, key in ((level1, metrics["level1_balance"], "code"),
                                         (generic, metrics["landuse_balance"], "generic_class")):
        for item in json_rows:
            if item["area_m2"] == 0 and item["standard_range_pct"] is None:
                assert item[key] not in rows_by_key  # empty classes without a standard are left out
                continue
            row = rows_by_key[item[key]]
            assert row[2] == item["area_m2"] and row[3] == item["area_ha"]
            assert row[4] == item["share_of_construction_pct"] and row[5] == item["share_of_total_pct"]
            expected_flag = {True: "within", False: "outside", None: "–"}[item["within_standard"]]
            assert row[7] == expected_flag
            if item["standard_range_pct"]:
                low, high = item["standard_range_pct"]
                assert row[6] == f"{low:g}–{high:g}"
            checked += 1
    assert checked >= 8
    per_capita = {r[1]: r for r in sheet_rows if r[1] and isinstance(r[2], float)}
    for item in metrics["per_capita"]:
        assert per_capita[item["name_en"]][2] == item["value"]


def test_indicators_sheet_equals_metrics(project, book):
    metrics = compute_metrics(project).to_dict()
    sheet_rows = rows(book["Indicators"])
    by_id = {r[0]: r for r in sheet_rows if r[0] in {i.id for i in INDICATORS}}
    for ind in INDICATORS:
        item, row = metrics["indicators"][ind.id], by_id[ind.id]
        assert row[3] == (item["value"] if item["value"] is not None else "n/a")
        assert row[4] == item["unit"] and row[6] == item["score"] and row[8] == item["obstacle_degree"]
    labels = {r[1]: r for r in sheet_rows if r[1]}
    for dim in DIMENSIONS:
        assert labels[f"{dim.zh} {dim.name_en}"][3] == metrics["dimensions"][dim.id]
    assert labels["Coupling degree C"][2] == metrics["coupling"]["C"]
    assert labels["Comprehensive index T"][2] == metrics["coupling"]["T"]
    assert labels["Coupling coordination degree D"][2] == metrics["coupling"]["D"]
    assert metrics["coupling"]["grade"] in labels["Grade"][2]
    names = {"zone_count": "Zones", "total_area_m2": "Total area (m²)", "jobs": "Jobs",
             "output_yi": "Output (亿元)", "residents": "Residents"}
    for key, label in names.items():
        assert labels[label][2] == metrics["totals"][key]
    assert len(TOTAL_ROWS) == 12


def test_scenarios_sheet_has_every_scenario_side_by_side(project, book):
    sheet_rows = rows(book["Scenarios"])
    header = sheet_rows[header_index(book["Scenarios"], "Totals")]
    assert list(header[1:3]) == [s.name for s in project.scenarios]
    labels = {r[0]: r for r in sheet_rows if r[0]}
    for column, scenario in enumerate(project.scenarios, 1):
        metrics = compute_metrics(project, scenario).to_dict()
        assert labels["Jobs"][column] == metrics["totals"]["jobs"]
        assert labels["Employed residents"][column] == metrics["totals"]["employed_residents"]
        for ind in INDICATORS:
            label = next(k for k in labels if isinstance(k, str) and k.startswith(f"{ind.id} "))
            assert labels[label][column] == metrics["indicators"][ind.id]["value"]
        assert labels["Coupling coordination degree D"][column] == metrics["coupling"]["D"]
        for row in metrics["landuse_balance"]:
            assert labels[f"{row['generic_class']} {row['name_en']}"][column] == row["area_ha"]
    assert labels["Description"][1] == "=as planned"


def test_projection_equals_forecast(project, book):
    forecast = forecast_report(project)
    sheet_rows = rows(book["Projection"])
    start = header_index(book["Projection"], "Year") + 1
    body = sheet_rows[start:start + len(forecast["years"])]
    assert [r[0] for r in body] == forecast["years"]
    for column, (key, _) in enumerate(SERIES_ROLES, 1):
        assert [r[column] for r in body] == forecast["series"][key]
    observed_column = len(SERIES_ROLES) + 1
    by_year = {r[0]: r[observed_column] for r in body}
    assert by_year[2020] == 1.2 and by_year[2024] == 3.5 and by_year[2019] is None
    fits = [r for r in sheet_rows[start + len(body):] if isinstance(r[0], int) and isinstance(r[3], float)]
    assert [(r[0], r[2], r[3], r[4]) for r in fits] == [
        (f["year"], f["observed"], f["modelled"], f["rel_error"]) for f in forecast["fit"]]


def test_checks_list_every_violation(project, book):
    metrics = compute_metrics(project).to_dict()
    sheet_rows = rows(book["Checks"])
    start = header_index(book["Checks"], "Check") + 1
    standards = [r for r in sheet_rows[start:] if r[0] == "standard"]
    assert len(standards) == len(metrics["violations"]) > 0
    for row, item in zip(standards, metrics["violations"]):
        assert row[3] == item["rule"] and row[5] == item["value"]
        assert row[1] == (item["zone_id"] if item["zone_id"] is not None else None)
    far_rows = [r for r in standards if r[3] == "IND_FAR_MIN"]
    assert far_rows and far_rows[0][2] == "+1" and far_rows[0][6] == "≥ 0.7"


def test_sectors_add_up_to_the_totals(project, book):
    metrics = compute_metrics(project).to_dict()
    sheet_rows = rows(book["Sectors"])
    start = header_index(book["Sectors"], "Sector")  # parameters table first, sectors by name
    params = {r[0]: r for r in sheet_rows[start + 1:start + 1 + len(metrics["sectors"])]}
    for sector in metrics["sectors"]:
        assert params[sector["name_en"]][1] == sector["m2_gfa_per_job"]
        assert params[sector["name_en"]][2] == sector["output_wan_per_mu"]
    assert not any(r[0] == sector["id"] for r in sheet_rows for sector in metrics["sectors"])
    results_start = next(n for n, r in enumerate(sheet_rows) if r[0] == "Results by sector") + 2
    results = sheet_rows[results_start:results_start + len(metrics["sectors"]) + 2]
    total = results[-1]
    assert total[0] == "Total" and total[5] == metrics["totals"]["output_yi"]
    assert sum(r[5] for r in results[:-1]) == pytest.approx(metrics["totals"]["output_yi"], rel=1e-12)
    assert sum(r[4] for r in results[:-1]) == pytest.approx(metrics["totals"]["jobs"], rel=1e-12)
    assert sum(r[1] for r in results[:-1]) == metrics["totals"]["zone_count"]


def test_cover_echoes_every_parameter(project, book):
    from parkplanner.core.model.catalogue import GENERIC_NAMES

    metrics = compute_metrics(project).to_dict()
    labels = {r[0]: r for r in rows(book["Cover"]) if isinstance(r[0], str)}
    planner_words = {"m2_gfa_per_resident": ("Floor area per resident", "m²/person"),
                     "household_size": ("Household size", "persons/household"),
                     "employed_share": ("Employed share of residents", "share"),
                     "mxd_residential_share": ("Residential share of mixed-use floor area", "share"),
                     "horizon_year": ("Projection horizon", "year")}
    for key, value in metrics["parameters"].items():
        if key == "class_m2_gfa_per_job":
            for cls, per_job in value.items():
                row = labels[f"Floor area per job – {GENERIC_NAMES[cls][0]}"]
                assert row[1:3] == ("m²/job", per_job)
        elif key == "storey_height_m":
            for cls, height in value.items():
                row = labels[f"Storey height (3D massing) – {GENERIC_NAMES[cls][0]}"]
                assert row[1:3] == ("m", height)
        else:
            label, unit = planner_words[key]
            assert labels[label][1:3] == (unit, value)
    cover = rows(book["Cover"])
    texts = [str(v) for r in cover for v in r if v is not None]
    assert not any(".md" in t or "m2_gfa_per_resident" in t or "class_m2_gfa_per_job" in t for t in texts)
    assert any(r[0] == "Project" and r[1] == "Test & Park" for r in cover)
    assert any(r[0] == "Prepared by" and r[1] == "-planner" for r in cover)

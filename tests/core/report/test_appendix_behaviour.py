"""The appendix as a file: text safety in the XML, print set-up, charts, languages, scenarios,
progress, cancel and atomic output."""
from __future__ import annotations

import re
import tempfile
import threading
import zipfile

import pytest

from parkplanner.core.report import AppendixCancelled, SHEET_NAMES, build_appendix

from .conftest import HOSTILE_NAMES


def _xml(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if name.endswith(".xml")}


def test_no_formula_anywhere_and_hostile_names_stay_text(project, tmp_path, read_book):
    path = build_appendix(project, tmp_path / "a.xlsx", scenario="all")
    xml = _xml(path)
    sheets = [text for name, text in xml.items() if name.startswith("xl/worksheets/sheet")]
    assert len(sheets) == len(SHEET_NAMES)
    assert not any(re.search(r"<f[ >]", text) for text in sheets)
    book = read_book(path)
    values = {c.value for row in book["Parcels"].iter_rows() for c in row if c.data_type == "s"}
    assert set(HOSTILE_NAMES) <= values
    assert "@Denser" in values  # a scenario name in the scenario column
    assert book["Scenarios"]["C4"].value == "@Denser"


def test_every_sheet_is_print_ready(project, tmp_path, read_book):
    book = read_book(build_appendix(project, tmp_path / "a.xlsx"))
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.oddHeader.left.text == "Test && Park"
        assert sheet.oddFooter.center.text == "Page &P of &N"
        assert all(sheet.column_dimensions[c].width for c in "AB")
    parcels = book["Parcels"]
    assert parcels.freeze_panes == "D5" and parcels.print_title_rows == "$4:$4"
    assert parcels["A4"].value == "Zone id" and parcels.auto_filter.ref.startswith("A4:R")
    assert book["Land use balance"].freeze_panes == "A5"
    assert parcels["F5"].number_format == "#,##0" and parcels["K5"].number_format == "0.0%"


def test_native_charts(project, tmp_path):
    xml = _xml(build_appendix(project, tmp_path / "a.xlsx"))
    charts = [text for name, text in xml.items() if name.startswith("xl/charts/chart")]
    kinds = [re.search(r"<(?:c:)?(barChart|radarChart|lineChart)>", text).group(1) for text in charts]
    assert sorted(kinds) == ["barChart", "lineChart", "lineChart", "lineChart", "radarChart", "radarChart"]
    balance_chart = next(t for t in charts if "barChart" in t)
    assert "'Land use balance'!$D$" in balance_chart and "'Land use balance'!$B$" in balance_chart


def test_chinese_titles_keep_sheet_names(project, tmp_path, read_book):
    book = read_book(build_appendix(project, tmp_path / "a.xlsx", lang="zh"))
    assert book.sheetnames == list(SHEET_NAMES)
    assert book["Land use balance"]["A1"].value == "用地平衡表"
    assert book["Parcels"]["A1"].value == "地块控制指标表"
    assert book["Parcels"]["B4"].value == "地块编码" and book["Parcels"]["C4"].value == "名称"
    assert book["Parcels"]["E5"].value == "一类工业用地"
    assert book["Indicators"]["B5"].value == "产业与研发用地占比"
    assert book["Cover"].oddFooter.center.text == "第 &P 页，共 &N 页"
    checks = [r for r in book["Checks"].iter_rows(values_only=True) if r[3] == "IND_FAR_MIN"]
    assert checks and checks[0][4] == "工业用地容积率不低于所属行业的控制下限"
    plan_wide = [r for r in book["Checks"].iter_rows(values_only=True) if r[0] == "规范" and r[1] is None]
    assert plan_wide and all(r[2] == "规划区整体" and "占城市建设用地比例" in r[4] for r in plan_wide)


def test_all_scenarios_get_a_section_each(project, tmp_path, read_book):
    book = read_book(build_appendix(project, tmp_path / "a.xlsx", scenario="all"))
    parcels = list(book["Parcels"].iter_rows(min_row=5, values_only=True))
    zone_rows = [r for r in parcels if isinstance(r[1], int)]
    assert [r[0] for r in zone_rows] == ["Base plan"] * 7 + ["@Denser"] * 7
    assert book["Parcels"].freeze_panes == "E5"  # one table: the header stays in view
    sections = [r[0] for r in book["Indicators"].iter_rows(values_only=True)
                if isinstance(r[0], str) and r[0].startswith("Scenario: ")]
    assert sections == ["Scenario: Base plan", "Scenario: @Denser"]
    cover = {r[0]: r for r in book["Cover"].iter_rows(values_only=True) if r[0]}
    assert cover["Scenarios reported"][1] == "Base plan, @Denser"
    params = {r[0]: r for r in book["Cover"].iter_rows(values_only=True) if r[0]}
    assert params["Employed share of residents"][2:4] == (0.6, 0.55)


def test_a_named_scenario(project, tmp_path, read_book):
    book = read_book(build_appendix(project, tmp_path / "a.xlsx", scenario="@Denser"))
    assert book["Parcels"]["A2"].value == "Test & Park · @Denser"
    book = read_book(build_appendix(project, tmp_path / "a.xlsx", scenario=project.scenarios[1]))
    assert book["Parcels"]["A2"].value == "Test & Park · @Denser"  # a Scenario object works too
    with pytest.raises(KeyError, match="no scenario named"):
        build_appendix(project, tmp_path / "b.xlsx", scenario="nope")
    with pytest.raises(ValueError, match="unknown language"):
        build_appendix(project, tmp_path / "b.xlsx", lang="fr")
    assert not (tmp_path / "b.xlsx").exists()


def test_progress_rises_to_one(project, tmp_path):
    seen: list[tuple[float, str]] = []
    build_appendix(project, tmp_path / "a.xlsx", progress=lambda f, m: seen.append((f, m)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and fractions[0] == 0.0
    assert {"Parcels", "saving"} <= {m for _, m in seen}


@pytest.mark.parametrize("after_calls", [1, 5, 12])
def test_cancel_leaves_the_old_file(project, tmp_path, monkeypatch, after_calls):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where openpyxl streams its sheets
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"old appendix")
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] >= after_calls

    with pytest.raises(AppendixCancelled):
        build_appendix(project, path, cancel=cancel)
    assert path.read_bytes() == b"old appendix"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "scratch"]  # no temporary beside it
    assert list(scratch.iterdir()) == []  # nor openpyxl's streamed sheets


def test_cancel_accepts_an_event(project, tmp_path):
    event = threading.Event()
    event.set()
    with pytest.raises(AppendixCancelled):
        build_appendix(project, tmp_path / "a.xlsx", cancel=event)
    assert not (tmp_path / "a.xlsx").exists()


def test_an_empty_project(tmp_path, read_book):
    from parkplanner.core.model.project import Project

    book = read_book(build_appendix(Project(name="Empty"), tmp_path / "a.xlsx"))
    assert book.sheetnames == list(SHEET_NAMES)
    texts = [v for r in book["Projection"].iter_rows(values_only=True) for v in r if v]
    assert "No zone has a start year: nothing to project." in texts


def test_fit_and_calibration_tables_stand_side_by_side(tmp_path, read_book):
    from parkplanner.core.io.project_file import load_project
    from parkplanner.core.projection.report import forecast_report
    from parkplanner.core.resources import sample_project_path

    project = load_project(sample_project_path())  # calibrated to the case's observed series
    forecast = forecast_report(project, project.active_scenario)
    assert forecast["fit"] and forecast["calibration"]
    sheet = read_book(build_appendix(project, tmp_path / "a.xlsx"))["Projection"]
    rows = list(sheet.iter_rows(values_only=True))
    title = next(n for n, r in enumerate(rows) if r[0] == "Observed values and fit")
    assert rows[title][6] == "Calibration multipliers"  # same row, column G: no heading left alone
    assert rows[title + 1][:2] == ("Year", "Series") and rows[title + 1][6:10] == (
        "Series", "Scale", "Half-time multiplier", "Width multiplier")
    fit = rows[title + 2:title + 2 + len(forecast["fit"])]
    assert [(r[0], r[2], r[3]) for r in fit] == [(f["year"], f["observed"], f["modelled"]) for f in forecast["fit"]]
    calibration = [r[6:10] for r in fit[:len(forecast["calibration"])]]
    assert [c[1:] for c in calibration] == [(c["scale"], c["h_mult"], c["w_mult"]) for c in forecast["calibration"]]
    assert all(r[6] is None for r in fit[len(forecast["calibration"]):])

"""Column guesses (YDDM, 容积率, ...), unknown land-use codes and recode tables."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from parkplanner.core.io.column_mapping import (
    RecodeError, guess_mapping, read_recode_csv, read_source_preview, unknown_codes,
)
from parkplanner.core.io.gis_import import import_zones

from testkit import load_helper_module

gf = load_helper_module(Path(__file__).with_name("gis_files.py"))
X0, Y0, write_geojson = gf.X0, gf.Y0, gf.write_geojson


def test_usual_chinese_and_pinyin_column_names_are_guessed():
    columns = ["OBJECTID", "DKBH", "YDDM", "RJL", "JZMD", "LDL", "JZXG", "Shape_Area"]
    assert guess_mapping(columns) == {"name": "DKBH", "landuse": "YDDM", "far": "RJL", "coverage": "JZMD",
                                      "green_ratio": "LDL", "height_m": "JZXG"}
    chinese = ["地块编号", "用地性质", "容积率", "建筑密度", "绿地率", "建筑限高", "分期"]
    assert guess_mapping(chinese) == {"name": "地块编号", "landuse": "用地性质", "far": "容积率",
                                      "coverage": "建筑密度", "green_ratio": "绿地率", "height_m": "建筑限高",
                                      "phase": "分期"}
    # Land-cover data: DLBM; full-width letters fold to the same name.
    assert guess_mapping(["ＤＬＢＭ", "dlmc"])["landuse"] == "ＤＬＢＭ"
    assert guess_mapping(["用地代码", "用地性质"])["landuse"] == "用地代码"  # the code before the name


def test_explicit_choices_win_and_a_column_feeds_one_attribute():
    mapping = guess_mapping(["YDDM", "code", "RJL"], {"landuse": "yddm"})
    assert mapping == {"landuse": "YDDM", "far": "RJL"}  # "code" is not taken as a second land use
    assert guess_mapping(["code_2023", "far"]) == {"far": "far"}  # no near-misses


def test_unknown_codes_are_counted_after_recoding():
    values = ["0701", "701", 701.0, "A1", "A1", None, "", "Z9", "1401"]
    # 701 and 701.0 are 0701 in MNR-2023 (zero-padded); A1 twice, Z9 once; empty cells are not codes.
    assert unknown_codes(values, "MNR-2023") == [("A1", 2), ("Z9", 1)]
    assert unknown_codes(values, "MNR-2023", {"A1": "0802"}) == [("Z9", 1)]
    assert unknown_codes(values, "MNR-2023", {"A1": "0802", "Z9": "1401"}) == []


def test_recode_csv_with_header_bom_and_gbk(tmp_path):
    utf = tmp_path / "recode.csv"
    utf.write_text("原代码,新代码\nA1,0802\n Z9 , 1401\n\n", encoding="utf-8-sig")
    assert read_recode_csv(utf, "MNR-2023") == {"A1": "0802", "Z9": "1401"}
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("工业,1001\n".encode("gbk"))
    assert read_recode_csv(gbk, "MNR-2023") == {"工业": "1001"}


@pytest.mark.parametrize("text, message", [
    ("A1,0802\nB2,9999\n", "recode.csv, row 2: '9999' is not a land-use code of MNR-2023"),
    ("A1\n", "recode.csv, row 1: expected two columns"),
    ("A1,0802\nA1,1401\n", "row 2: 'A1' is recoded twice (0802 and 1401)"),
    ("source,target\n", "recode.csv has no recode rows"),
])
def test_bad_recode_tables_are_refused_with_the_row(tmp_path, text, message):
    path = tmp_path / "recode.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RecodeError) as caught:
        read_recode_csv(path, "MNR-2023")
    assert message in str(caught.value)


def test_import_with_guessed_columns_and_recode(tmp_path):
    ring = {"type": "Polygon", "coordinates": [[[117.30, 39.70], [117.31, 39.70], [117.31, 39.71], [117.30, 39.71],
                                                 [117.30, 39.70]]]}
    src = write_geojson(tmp_path / "plan.geojson", [({"YDDM": "M1", "RJL": 1.5, "绿地率": 20}, ring)])
    preview = read_source_preview(src)
    assert preview.columns == ["YDDM", "RJL", "绿地率"] and preview.first_rows() == [["M1", 1.5, 20]]
    mapping = guess_mapping(preview.columns)
    assert unknown_codes(preview.values[mapping["landuse"]], "MNR-2023") == [("M1", 1)]
    result = import_zones(src, "MNR-2023", field_map=mapping, recode={"M1": "100101"})
    zone = next(iter(result.project.active_scenario))
    assert (zone.code, zone.far, zone.green_ratio) == ("100101", 1.5, pytest.approx(0.20))


@pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="GDAL's ogr2ogr is not installed")
def test_gbk_shapefile_written_by_ogr2ogr_is_previewed_in_chinese(tmp_path):
    src = write_geojson(tmp_path / "src.geojson", [({"YDDM": "工业", "DKMC": "一号地块"}, {
        "type": "Polygon", "coordinates": [[[X0, Y0], [X0 + 100, Y0], [X0 + 100, Y0 + 100], [X0, Y0 + 100], [X0, Y0]]]})])
    shp = tmp_path / "plan.shp"
    subprocess.run(["ogr2ogr", "-f", "ESRI Shapefile", "-a_srs", "EPSG:4548", "-lco", "ENCODING=GBK",
                    str(shp), str(src)], check=True, capture_output=True)
    shp.with_suffix(".cpg").unlink(missing_ok=True)  # as many Chinese shapefiles come: no .cpg
    preview = read_source_preview(shp)
    assert guess_mapping(preview.columns) == {"name": "DKMC", "landuse": "YDDM"}
    assert preview.values["YDDM"] == ["工业"] and preview.values["DKMC"] == ["一号地块"]
    assert unknown_codes(preview.values["YDDM"], "MNR-2023") == [("工业", 1)]

"""The streaming sheet: exact numbers, text never a formula, styles per column, wrapped row heights."""
from __future__ import annotations

import math
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from parkplanner.core.report.page import header_footer_text, prepare_page
from parkplanner.core.report.sheet import RowFormat, add_stream_sheet, clean_text, text_lines
from parkplanner.core.report.styles import register_styles


def _write(path, rows, roles=("id", "text", "m2")):
    book = Workbook(write_only=True)
    register_styles(book, "en")
    sheet = add_stream_sheet(book, "T", "en")
    sheet.set_widths([8, 10, 12])
    fmt = RowFormat(sheet, roles, wrap=[False, True, False])
    for row in rows:
        sheet.write(row, fmt)
    book.save(path)
    return sheet


def test_floats_round_trip_exactly(tmp_path):
    """openpyxl alone writes 16 significant digits; the appendix keeps all 17."""
    values = [0.1 + 0.2, 1 / 3, 12345.678901234567, 1e-05, 2.0**60 + 0.5, 6.02214076e23]
    _write(tmp_path / "a.xlsx", [[n, "x", v] for n, v in enumerate(values)])
    sheet = load_workbook(tmp_path / "a.xlsx")["T"]
    assert [sheet.cell(n + 1, 3).value for n in range(len(values))] == values


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    names = ["=1+1", "+A1", "-A1", "@SUM(A1:A2)", "=HYPERLINK(\"http://x\")"]
    _write(tmp_path / "a.xlsx", [[n, name, 1.0] for n, name in enumerate(names)])
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    for n in range(len(names)):
        assert f'<c r="B{n + 1}" s=' in xml and f'r="B{n + 1}"' in xml
    assert xml.count('t="inlineStr"') == len(names)
    sheet = load_workbook(tmp_path / "a.xlsx")["T"]
    assert [sheet.cell(n + 1, 2).value for n in range(len(names))] == names
    assert all(sheet.cell(n + 1, 2).data_type == "s" for n in range(len(names)))


def test_missing_and_undefined_numbers_are_empty_styled_cells(tmp_path):
    _write(tmp_path / "a.xlsx", [[1, None, math.nan], [2, "y", math.inf], [3, "", None]])
    sheet = load_workbook(tmp_path / "a.xlsx")["T"]
    assert [sheet.cell(r, 3).value for r in (1, 2, 3)] == [None, None, None]
    assert sheet.cell(3, 2).value is None and sheet.cell(3, 2).border.left.style == "thin"
    with zipfile.ZipFile(tmp_path / "a.xlsx") as archive:
        assert 'r="B3" s=' in archive.read("xl/worksheets/sheet1.xml").decode()
    assert sheet.cell(1, 3).number_format == "#,##0"  # the grid and format stay on empty cells
    assert sheet.cell(1, 3).border.left.style == "thin"


def test_each_column_keeps_its_own_format(tmp_path):
    _write(tmp_path / "a.xlsx", [[1, "a", 2.5], [2, "b", 3.5]], roles=("id", "text", "ha"))
    sheet = load_workbook(tmp_path / "a.xlsx")["T"]
    assert [sheet.cell(2, c).number_format for c in (1, 2, 3)] == ["0", "@", "#,##0.00"]
    assert sheet.cell(2, 3).value == 3.5 and sheet.cell(2, 1).value == 2


def test_control_characters_are_removed_and_long_text_cut():
    assert clean_text("a\x01b\x1fc") == "abc"
    assert len(clean_text("x" * 40000)) == 32767


def test_wrapped_rows_get_a_height_for_their_lines(tmp_path):
    sheet = _write(tmp_path / "a.xlsx", [[1, "short", 1.0], [2, "a much longer text that wraps " * 2, 1.0]])
    assert 1 not in sheet.row_dimensions or sheet.row_dimensions[1].height is None
    assert sheet.row_dimensions[2].height > 2 * 12


def test_text_lines_counts_wide_characters_twice():
    assert text_lines("abcdefgh", 10) == 1
    assert text_lines("x" * 30, 10) == 3
    assert text_lines("x" * 15, 10) == 2
    assert text_lines("用" * 15, 10) == 3  # as wide as 30 latin characters
    assert text_lines("one\ntwo", 40) == 2


def test_page_set_up_and_header_footer(tmp_path):
    book = Workbook(write_only=True)
    register_styles(book, "en")
    sheet = add_stream_sheet(book, "T", "en")
    prepare_page(sheet, project_name="A & B", title="Parcels", lang="en", freeze="C5", title_rows="4:4")
    sheet.write([1])
    book.save(tmp_path / "a.xlsx")
    read = load_workbook(tmp_path / "a.xlsx")["T"]
    assert read.page_setup.orientation == "landscape" and read.page_setup.paperSize == 9
    assert read.page_setup.fitToWidth == 1 and read.page_setup.fitToHeight == 0
    assert read.sheet_properties.pageSetUpPr.fitToPage
    assert read.freeze_panes == "C5" and read.print_title_rows == "$4:$4"
    assert read.oddHeader.left.text == "A && B"
    assert "&P" in read.oddFooter.center.text and "&N" in read.oddFooter.center.text


def test_header_footer_doubles_ampersands_and_fits_excels_limit():
    assert header_footer_text("R&D park &P") == "R&&D park &&P"
    long = header_footer_text("x" * 300)
    assert len(long) == 80 and long.endswith("…")


def test_unsupported_values_are_refused(tmp_path):
    with pytest.raises(TypeError):
        _write(tmp_path / "a.xlsx", [[1, object(), 1.0]])

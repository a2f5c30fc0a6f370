import pytest

from parkplanner.core.model.project import Observation
from parkplanner.core.projection.observations_csv import (
    ObservationsCsvError, parse_observations, read_observations,
)


def test_reads_the_case_series_in_series_then_year_order(tmp_path):
    path = tmp_path / "observed.csv"
    path.write_text("year,indicator,value\n2024,output_yi,16.2\n2020,output_yi,9.8\n"
                    "2020,registered_entities,327\n", encoding="utf-8")
    assert read_observations(path) == (
        Observation(2020, "output_yi", 9.8), Observation(2024, "output_yi", 16.2),
        Observation(2020, "registered_entities", 327.0),
    )


def test_accepts_bom_extra_columns_header_case_and_semicolons(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffSource;Year ;Indicator;Value\nstats;2020;jobs;1200\n\n".encode("utf-8"))
    assert read_observations(path) == (Observation(2020, "jobs", 1200.0),)


def test_year_written_as_a_float_is_accepted():
    assert parse_observations("year,indicator,value\n2020.0,jobs,1\n")[0].year == 2020


@pytest.mark.parametrize("text, message", [
    ("", "empty"),
    ("\n\n", "empty"),
    ("year,indicator,value\n", "no observations"),
    ("year,value\n2020,3\n", "missing column indicator"),
    ("when,what\n2020,3\n", "missing columns year, indicator, value"),
    ("year,indicator,value\n2020,jobs,lots\n", "row 2: value is not a number: 'lots'"),
    ("year,indicator,value\nsoon,jobs,3\n", "row 2: year is not a number"),
    ("year,indicator,value\n2020.5,jobs,3\n", "whole year"),
    ("year,indicator,value\n20200,jobs,3\n", "whole year"),
    ("year,indicator,value\n2020,jobs,nan\n", "finite"),
    ("year,indicator,value\n2020,jobs,-4\n", "must not be negative"),
    ("year,indicator,value\n2020,gdp,3\n", "row 2: unknown indicator 'gdp'"),
    ("year,indicator,value\n2020,jobs,3\n2020,jobs,4\n", "row 3: jobs in 2020 is given twice"),
    ("year,indicator,value\n2020,jobs\n", "row 2: value is not a number: ''"),
    ("year,indicator,value\n2020,jobs,1_000\n", "not a number"),
])
def test_hostile_files_give_one_line_reasons(text, message):
    with pytest.raises(ObservationsCsvError, match=message) as info:
        parse_observations(text)
    assert "\n" not in str(info.value)


def test_non_utf8_file_is_refused_with_its_name(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("year,indicator,value\n2020,产值,3\n".encode("gbk"))
    with pytest.raises(ObservationsCsvError, match="gbk.csv is not UTF-8"):
        read_observations(path)


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes(b"year,indicator,value\x00\x00\n")
    with pytest.raises(ObservationsCsvError, match="data.csv: not a text file"):
        read_observations(path)


def test_missing_file_is_a_readable_error(tmp_path):
    with pytest.raises(ObservationsCsvError, match="cannot read"):
        read_observations(tmp_path / "absent.csv")

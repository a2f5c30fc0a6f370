"""The comparison's row names, units and number formats (core/scenarios/row_labels.py)."""
import pytest

from parkplanner.core.metrics import compute_metrics
from parkplanner.core.metrics.registry import INDICATOR_IDS
from parkplanner.core.model.catalogue import GENERIC_NAMES
from parkplanner.core.scenarios.compare import metric_deltas
from parkplanner.core.scenarios.row_labels import (
    SECTIONS, format_relative, labelled_keys, row_display, row_label, section_title,
)
from tests.ui.scenario_fixtures import two_scenario_project


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_every_row_metric_deltas_produces_has_an_english_and_a_chinese_name():
    project = two_scenario_project()
    metrics = [compute_metrics(project, s).to_dict() for s in project.scenarios]
    rows = metric_deltas(*metrics)
    known = labelled_keys()
    assert {row.section for row in rows} == set(SECTIONS)
    for row in rows:
        assert row.key in known[row.section], (row.section, row.key)
    # Every key the tables know (hence every row above) is named in both languages, not by its key.
    for section, keys in known.items():
        assert _cjk(section_title(section, "zh")) and not _cjk(section_title(section, "en"))
        for key in keys:
            en, zh = row_label(section, key, "en"), row_label(section, key, "zh")
            assert en != key and zh != key and en != zh, (section, key)
            assert _cjk(zh), (section, key)
    assert set(known["landuse"]) == set(GENERIC_NAMES) and known["indicators"] == INDICATOR_IDS


def test_names_come_from_the_data_and_unknown_keys_show_as_themselves():
    assert (row_label("totals", "zone_count"), row_label("totals", "zone_count", "zh")) == ("Zones", "地块数")
    assert row_label("totals", "construction_area_m2", "zh") == "建设用地面积"
    assert (row_label("landuse", "RES"), row_label("landuse", "RES", "zh")) == ("Residential", "居住")
    assert row_label("indicators", "I2") == "I2 Job density" and row_label("scores", "P1", "zh") == "P1 职住比"
    industry = row_label("dimensions", "industry"), row_label("dimensions", "industry", "zh")
    assert industry == ("产 Industry", "产业")
    assert row_label("coupling", "D", "zh") == "耦合协调度 D"
    assert row_label("totals", "new_total_2030") == "new_total_2030" and section_title("other") == "other"


def test_numbers_are_formatted_by_kind():
    zones = row_display("totals", "zone_count")
    assert (zones.number(191.0), zones.number(12_345.0), zones.number(3.0, signed=True)) == ("191", "12,345", "+3")
    assert row_display("totals", "jobs", lang="zh").unit == "个"
    area = row_display("totals", "total_area_m2", "m²", area_unit="ha")
    assert (area.unit, area.number(14_500_000.0), area.number(-1_234.0, signed=True)) == ("ha", "1,450.00", "-0.12")
    assert row_display("landuse", "RES", "m²", area_unit="m²").number(1_207_693.4) == "1,207,693"
    assert row_display("landuse", "RES", "m²", area_unit="mu").number(20_000.0) == "30.0"
    assert row_display("landuse", "RES", "m²", "zh", area_unit="mu").unit == "亩"
    share = row_display("indicators", "I1", "%")
    assert (share.unit, share.number(47.52688)) == ("%", "47.53")
    assert row_display("indicators", "C1", "0–1").number(0.70812) == "0.708"
    assert row_display("scores", "I1", "0–1").number(1.0) == "1.000"
    assert row_display("coupling", "grade_level").number(8.0) == "8"
    output = row_display("totals", "output_yi")
    assert (output.unit, output.number(590.4355)) == ("亿元", "590.44")
    assert row_display("totals", "jobs").number(None) == "–"
    assert row_display("scores", "I1").number(-0.0001, signed=True) == "0.000"  # no "-0.000"
    with pytest.raises(ValueError):
        row_display("landuse", "RES", "m²", area_unit="acre")


def test_relative_delta_has_one_decimal_and_a_sign():
    assert [format_relative(v) for v in (0.597, -0.147, 0.0, -0.00001, None)] == \
        ["+59.7%", "-14.7%", "0.0%", "0.0%", "–"]

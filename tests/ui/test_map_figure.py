"""The figure's parts: pen scaling for print, legend entries and the legend's fitting rules."""
from __future__ import annotations

import threading

from shapely.geometry import box

from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone
from parkplanner.ui.canvas import styles
from parkplanner.ui.render.legend import legend_entries


def test_pen_scale_multiplies_cosmetic_widths_and_restores(qapp):
    assert styles.outline_pen().widthF() == 0.8
    with styles.pen_scale(3.125):
        assert styles.outline_pen().widthF() == 0.8 * 3.125
        assert styles.boundary_pen().widthF() == 2.2 * 3.125
        with styles.pen_scale(2.0):
            assert styles.outline_pen().widthF() == 1.6
        assert styles.outline_pen().widthF() == 0.8 * 3.125
    assert styles.outline_pen().widthF() == 0.8


def test_pen_scale_is_per_thread(qapp):
    seen = []
    with styles.pen_scale(4.0):
        worker = threading.Thread(target=lambda: seen.append(styles.cosmetic_pen("#000000", 1.0).widthF()))
        worker.start()
        worker.join()
    assert seen == [1.0]  # the canvas painting in another thread keeps screen widths


def test_legend_lists_used_classes_in_catalogue_order_with_areas():
    zones = {1: Zone(1, box(0, 0, 10, 10), "1401"), 2: Zone(2, box(10, 0, 30, 10), "070101"),
             3: Zone(3, box(30, 0, 40, 10), "1401"), 4: Zone(4, box(40, 0, 41, 1), "XX9")}
    entries = legend_entries(Scenario("s", "S", zones), "MNR-2023", "en")
    assert [e.code for e in entries] == ["070101", "1401", "XX9"]
    assert [e.area_m2 for e in entries] == [200.0, 200.0, 1.0]
    assert entries[1].label == "1401 Parks" and entries[1].colour == "#00FF00"
    assert entries[2].label == "XX9" and entries[2].colour == styles.UNKNOWN_CODE_HEX
    assert legend_entries(Scenario("s", "S", zones), "MNR-2023", "zh")[1].label == "1401 公园绿地"

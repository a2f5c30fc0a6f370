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


def test_every_drawn_context_layer_has_a_legend_entry(qapp):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter
    from shapely.geometry import LineString

    from parkplanner.core.model.project import ContextLayer
    from parkplanner.ui.render.legend import LegendEntry, paint_legend

    roads = ContextLayer(name="区域道路 Regional roads (illustrative)", kind="line",
                         geometries=(LineString([(0, 0), (100, 0)]),))
    entries = [LegendEntry("1401", "1401 Parks", "#00FF00", 1.0)]

    def road_pixels(context) -> int:
        image = QImage(320, 240, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        paint_legend(painter, QRectF(0, 0, 320, 240), entries, "en", boundary=False, phases=False, context=context)
        painter.end()
        road = QColor("#A6A29A")  # the road style the map draws the layer with
        return sum(1 for x in range(0, 40) for y in range(240)
                   if abs(QColor(image.pixel(x, y)).red() - road.red()) <= 2
                   and abs(QColor(image.pixel(x, y)).green() - road.green()) <= 2
                   and abs(QColor(image.pixel(x, y)).blue() - road.blue()) <= 2)

    assert road_pixels(()) == 0
    assert road_pixels((roads,)) >= 15  # a 2 px line across the 22 px swatch


def test_exported_zone_labels_keep_clear_of_the_phase_titles(qapp, monkeypatch):
    from parkplanner.core.io.project_file import load_project
    from parkplanner.core.resources import sample_project_path
    from parkplanner.ui.canvas.reference_layers import OutlinePainter
    from parkplanner.ui.render import map_figure
    from parkplanner.ui.render.map_figure import FigureOptions, MapFigure

    placed = []

    class RecordingPlacer(map_figure.LabelPlacer):
        def place(self, layer, viewport, reserved=()):
            labels = super().place(layer, viewport, reserved)
            placed.append((viewport, labels))
            return labels

    monkeypatch.setattr(map_figure, "LabelPlacer", RecordingPlacer)
    project = load_project(sample_project_path())
    figure = MapFigure(project, project.active_scenario, FigureOptions(width_px=3508, height_px=2480))
    frame = figure.layout(3508, 2480)["frame"]
    figure.map_picture(int(frame.width()), int(frame.height()))
    (view, labels), = placed
    titles = [rect for _, rect in OutlinePainter(project, figure.origin).phase_labels(view.local_transform())]
    assert titles and labels  # the sample has titled phases and labelled zones at print size
    assert not [label.text for label in labels for title in titles if label.rect.intersects(title)]

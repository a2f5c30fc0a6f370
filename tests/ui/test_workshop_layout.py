"""Workshop screen layout at common projector and laptop sizes: nothing of the charts is cut off."""
from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QWidget

from parkplanner.core.editing import History
from parkplanner.core.metrics import compute_metrics
from parkplanner.ui.workshop.checkpoint_panel import CheckpointStore
from parkplanner.ui.workshop.workshop_window import WORKSHOP_CHARTS, WorkshopWindow, ui_scale
from tests.ui.scenario_fixtures import two_scenario_project

SIZES = [(1366, 768), (1600, 1000), (1920, 1080)]


def _window(qtbot, width: int, height: int) -> WorkshopWindow:
    project = two_scenario_project()
    window = WorkshopWindow(History(project), CheckpointStore(), QWidget(), height, width=width)
    qtbot.addWidget(window)
    base, alt = (compute_metrics(project, s).to_dict() for s in project.scenarios)
    window.show_names("Alternative (variant with a long name)", None)
    window.show_metrics(base, alt)
    window.setGeometry(0, 0, width, height)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()
    return window


def _in_window(window: WorkshopWindow, widget: QWidget, rect) -> QRect:
    top_left = widget.mapTo(window, QPoint(round(rect.left()), round(rect.top())))
    return QRect(top_left.x(), top_left.y(), round(rect.width()), round(rect.height()))


@pytest.mark.parametrize("width,height", SIZES)
def test_charts_and_their_texts_lie_inside_the_window(qtbot, width, height):
    window = _window(qtbot, width, height)
    assert (window.width(), window.height()) == (width, height)  # no minimum size pushed it wider
    inside = window.rect()
    graphics = window.graphics
    assert inside.contains(_in_window(window, graphics, graphics.rect()))
    assert set(window.charts.charts) == {kind for kind, *_ in WORKSHOP_CHARTS}
    for kind, chart in window.charts.charts.items():
        plot_rect = graphics.mapFromScene(chart.plot.sceneBoundingRect()).boundingRect()
        assert graphics.rect().contains(plot_rect), kind
        view_rect = graphics.mapFromScene(chart.plot.getViewBox().sceneBoundingRect()).boundingRect()
        for item in chart.plot.items:
            if isinstance(item, pg.TextItem) and item.toPlainText():
                # Texts ignore the view's scaling: their device transform places them on screen.
                device = item.deviceTransform(graphics.viewportTransform())
                text_rect = device.mapRect(item.boundingRect()).toAlignedRect()
                # Texts are clipped by their view box: each must lie inside its own chart's.
                assert view_rect.adjusted(-1, -1, 1, 1).contains(text_rect), (kind, item.toPlainText())


@pytest.mark.parametrize("width,height", SIZES)
def test_chart_text_stays_large(qtbot, width, height):
    window = _window(qtbot, width, height)
    # The dashboard's 8 pt chart text drawn at least 7 pt on a laptop, 9 pt on a 1600 px screen.
    minimum = 0.9 if width < 1600 else 1.15
    assert window.graphics.effective_zoom() >= minimum


def test_ui_scale_follows_height_unless_the_screen_is_narrow():
    assert ui_scale(1080, 1920) == pytest.approx(1.0)
    assert ui_scale(1000, 1600) == pytest.approx(1000 / 1080)
    assert ui_scale(768, 1366) == pytest.approx(768 / 1080)
    assert ui_scale(1024, 1280) == pytest.approx(0.8)  # 5:4: the width decides
    assert ui_scale(400) == 0.6

"""The scenario panels in the main window: docks, Scenario menu, year slider on the map, and
rebinding to each new document."""
from __future__ import annotations

import pytest

from parkplanner.core.model.project import Project
from parkplanner.ui.main_window import MainWindow
from parkplanner.ui.scenario_panels import install_scenario_panels
from tests.ui.scenario_fixtures import two_scenario_project


@pytest.fixture
def window(qtbot):
    window = MainWindow()
    window.ask_unsaved = lambda: "discard"
    qtbot.addWidget(window)
    window.set_document(two_scenario_project(), None)
    window.show()
    return window


def test_docks_menu_and_year_veil_follow_the_document(qtbot, window):
    panels = install_scenario_panels(window)
    # Made in a later turn, or at once when asked for: docked either way.
    qtbot.waitUntil(lambda: panels.scenarios_dock.widget() is panels._views.get("scenarios"), timeout=5_000)
    assert panels.scenarios.project is window.project
    assert [a.text() for a in (panels.workshop_action,)] == ["&Workshop mode"]
    assert panels.workshop_action.shortcut().toString() == "F11"
    assert panels.year_slider.slider.minimum() == 2018  # first phase start
    panels.year_slider.set_year(2020)
    assert panels.veil in window.canvas.extra_overlays and panels.veil.year == 2020
    assert panels.projection.year == 2020
    old_veil, old_panel = panels.veil, panels.scenarios
    window.set_document(Project(), None)
    assert panels.scenarios is not old_panel and panels.scenarios.project is window.project
    assert old_veil not in window.canvas.extra_overlays and panels.veil in window.canvas.extra_overlays
    assert panels.veil.year == 2020  # the slider's year carries over


def test_ledger_click_selects_the_zone_on_the_map(qtbot, window):
    panels = install_scenario_panels(window)
    view = panels.show_compare("alt", "base")
    qtbot.waitUntil(lambda: not view._stale, timeout=10_000)  # compared on a worker
    index = next(i for i in view.ledger.zone_indexes() if i.data(0x0100) == 3)
    view.ledger.clicked.emit(index)
    assert window.selection.ids == {3}


def test_new_document_leaves_workshop_mode(qtbot, window):
    panels = install_scenario_panels(window)
    canvas = window.canvas
    panels.workshop_action.trigger()
    assert panels.workshop.active and window.centralWidget() is not canvas
    window.set_document(Project(), None)
    assert panels.workshop is None and not panels.workshop_action.isChecked()
    assert window.centralWidget() is canvas


def test_calibrate_action_opens_the_dialog_on_the_current_history(qtbot, window):
    panels = install_scenario_panels(window)
    dialog = panels.open_calibration()
    assert dialog.isVisible() and dialog.history is window.history
    assert dialog.fit.rowCount() == 3

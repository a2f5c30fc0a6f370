"""The scenario dock: every action is one undo step of the project's history, undone and redone."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from parkplanner.core.editing import History
from parkplanner.ui.scenarios.scenario_panel import ScenarioPanel
from tests.ui.scenario_fixtures import two_scenario_project


@pytest.fixture
def panel(qtbot):
    history = History(two_scenario_project())
    widget = ScenarioPanel(history)
    qtbot.addWidget(widget)
    widget.ask_name = lambda title, current: "Compact city"
    widget.confirm_delete = lambda name: True
    return widget


def _names(project):
    return [s.name for s in project.scenarios]


def _select(panel, scenario_id):
    for row in range(panel.list.count()):
        if panel.list.item(row).data(0x0100) == scenario_id:
            panel.list.setCurrentRow(row)
            return
    raise AssertionError(scenario_id)


@pytest.mark.parametrize("button, expected", [
    ("new", ["Base plan", "Alternative", "New scenario"]),
    ("duplicate", ["Base plan", "Base plan (copy)", "Alternative"]),
    ("rename", ["Compact city", "Alternative"]),
    ("delete", ["Alternative"]),
    ("down", ["Alternative", "Base plan"]),
])
def test_each_dock_button_is_one_undoable_step(panel, button, expected):
    project, history = panel.project, panel.history
    before = project.snapshot()
    _select(panel, "base")
    panel.buttons[button].click()
    assert _names(project) == expected
    assert len(history.labels) == 1
    after = project.snapshot()
    history.undo()
    assert project.snapshot() == before
    assert panel.list.count() == 2  # the list follows undo
    history.redo()
    assert project.snapshot() == after
    assert panel.list.count() == len(expected)


def test_switch_marks_the_active_scenario_and_undo_switches_back(panel):
    _select(panel, "alt")
    panel.switch_selected()
    assert panel.project.active_scenario_id == "alt"
    assert panel.list.item(1).text().startswith("▶ 2. Alternative")
    assert panel.history.labels == ["Switch to scenario Alternative"]
    panel.history.undo()
    assert panel.project.active_scenario_id == "base"
    assert panel.list.item(0).font().bold()


def test_deleting_the_last_scenario_is_not_offered(panel):
    _select(panel, "alt")
    panel.delete()
    assert _names(panel.project) == ["Base plan"]
    assert not panel.buttons["delete"].isEnabled()
    panel.delete()
    assert _names(panel.project) == ["Base plan"]


def test_rename_to_an_existing_name_is_refused_without_a_step(panel, monkeypatch):
    warnings = []
    monkeypatch.setattr("parkplanner.ui.scenarios.scenario_panel.QMessageBox.warning",
                        lambda *args: warnings.append(args[-1]))
    panel.ask_name = lambda title, current: "Alternative"
    _select(panel, "base")
    panel.rename()
    assert warnings and "exists" in warnings[0]
    assert panel.history.labels == []


def _employed_share_row(editor) -> int:
    return [n for n in range(editor.parameters.rowCount())
            if editor.parameters.item(n, 0).text() == "Employed share of residents"][0]


def test_overrides_editor_sets_and_clears_a_parameter_override(panel):
    editor = panel.overrides
    _select(panel, "alt")
    row = _employed_share_row(editor)
    editor.parameters.item(row, 2).setText("0.5")
    alt = panel.project.scenario("alt")
    assert alt.parameter_overrides == {"employed_share": 0.5}
    assert panel.project.effective_parameters(alt).employed_share == 0.5
    assert panel.project.scenario("base").parameter_overrides == {}
    editor.parameters.item(row, 2).setText("")
    assert alt.parameter_overrides == {}
    panel.history.undo()
    assert alt.parameter_overrides == {"employed_share": 0.5}
    assert editor.parameters.item(row, 2).text() == "0.5"  # the table follows undo


def test_overrides_editor_shows_each_scenarios_own_values_in_the_same_cells(panel):
    editor = panel.overrides
    _select(panel, "alt")
    row = _employed_share_row(editor)
    editor.parameters.item(row, 2).setText("0.5")
    cell = editor.parameters.item(row, 2)
    assert cell.background().color().name() == "#fff3c4"  # marked as the scenario's own value
    _select(panel, "base")  # no override in the base plan: the cell is empty and unmarked again
    assert editor.parameters.item(row, 2).text() == ""
    assert editor.parameters.item(row, 2).data(Qt.ItemDataRole.BackgroundRole) is None
    _select(panel, "alt")
    assert editor.parameters.item(row, 2).text() == "0.5"
    assert editor.parameters.item(row, 2).background().color().name() == "#fff3c4"
    assert editor.parameters.item(row, 2) is cell  # updated in place, not made anew


def test_overrides_editor_refuses_invalid_values(panel, monkeypatch):
    warnings = []
    monkeypatch.setattr("parkplanner.ui.scenarios.overrides_editor.QMessageBox.warning",
                        lambda *args: warnings.append(args[-1]))
    editor = panel.overrides
    row = _employed_share_row(editor)
    editor.parameters.item(row, 2).setText("1.5")
    assert warnings == ["employed_share must be in (0, 1]"]
    assert panel.history.labels == []
    assert editor.parameters.item(row, 2).text() == ""


def test_overrides_editor_sets_a_sector_value_per_scenario(panel):
    editor = panel.overrides
    _select(panel, "alt")
    editor.sector.setCurrentIndex(editor.sector.findData("next_gen_it"))
    fields = [editor.sectors.item(n, 0).text() for n in range(editor.sectors.rowCount())]
    editor.sectors.item(fields.index("Output 万元/亩"), 2).setText("900")
    project = panel.project
    assert project.scenario("alt").sector_overrides == {"next_gen_it": {"output_wan_per_mu": 900.0}}
    assert project.effective_sectors(project.scenario("alt"))["next_gen_it"].output_wan_per_mu == 900.0
    panel.history.undo()
    assert project.scenario("alt").sector_overrides == {}


@pytest.mark.parametrize("lang, employed, per_job, ramp", [
    ("en", "Employed share of residents", "Floor area per job, Industrial (m²)", "Ramp half-time (yr)"),
    ("zh_CN", "居民就业率", "岗均建筑面积（工业，m²）", "爬坡半程时间（年）"),
])
def test_overrides_speak_planner_words(panel, lang, employed, per_job, ramp):
    from PySide6.QtWidgets import QApplication

    from parkplanner.ui import i18n

    i18n.install_translators(QApplication.instance(), lang)
    try:
        editor = panel.overrides
        editor.refresh()
        labels = [editor.parameters.item(n, 0).text() for n in range(editor.parameters.rowCount())]
        sector_labels = [editor.sectors.item(n, 0).text() for n in range(editor.sectors.rowCount())]
        assert employed in labels and per_job in labels and ramp in sector_labels
        assert not any("_" in text for text in labels + sector_labels)  # no raw field names
    finally:
        i18n.install_translators(QApplication.instance(), "en")


def test_duplicating_highlights_the_copy_as_active_and_says_so(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    history = History(two_scenario_project())
    panel = ScenarioPanel(history)
    window.setCentralWidget(panel)
    qtbot.addWidget(window)
    window.show()
    _select(panel, "alt")
    qtbot.mouseClick(panel.buttons["duplicate"], Qt.MouseButton.LeftButton)
    project = history.project
    copy = project.active_scenario
    assert copy.name == "Alternative (copy)"
    assert panel.selected_id() == copy.id  # the highlighted row is the active scenario
    assert window.statusBar().currentMessage() == "Now editing scenario “Alternative (copy)”"

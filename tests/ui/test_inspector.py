"""Zone inspector and land-use picker: edits go through the history, one undo step each."""
from __future__ import annotations

import pytest
from shapely.geometry import box

from parkplanner.core.editing import History
from parkplanner.core.model.project import Phase, Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone
from parkplanner.interaction.selection import Selection
from parkplanner.ui.panels.inspector_panel import InspectorPanel, NUMBER_FIELDS
from parkplanner.ui.panels.landuse_picker import MIXED_TEXT, LandUsePicker


def _project() -> Project:
    zones = {
        1: Zone(1, box(0, 0, 100, 100), "1001", name="Plant A", sector="next_gen_it", far=1.2, phase=1),
        2: Zone(2, box(100, 0, 200, 100), "1001", name="Plant B", sector="next_gen_it", far=2.0, phase=1),
        3: Zone(3, box(0, 100, 100, 200), "070102", name="Housing", far=2.5, phase=2),
    }
    return Project(scenarios=[Scenario("base", "Base plan", zones)],
                   phases=(Phase(1, "Phase 1", 2017), Phase(2, "Phase 2", 2022)))


@pytest.fixture
def panel(qtbot):
    project = _project()
    history = History(project)
    selection = Selection(project, history)
    widget = InspectorPanel(history, selection)
    qtbot.addWidget(widget)
    return widget


def _type(edit, text):
    edit.setText(text)
    edit.editingFinished.emit()


def test_single_zone_shows_its_values(panel):
    """Selecting one zone fills every field with that zone's values."""
    panel.selection.set([1])
    assert panel.name_edit.text() == "Plant A"
    assert panel.number_edits["far"].text() == "1.2"
    assert panel.landuse.code() == "1001"
    assert panel.sector.currentData() == "next_gen_it"
    assert panel.number_edits["start_year"].placeholderText() == "from phase: 2017"
    assert "1.00 ha" in panel.summary.text() and "12,000 m²" in panel.summary.text()


def test_far_edit_is_one_undo_step(panel):
    """Typing a FAR sets it on the zone through one history step that undo reverts."""
    panel.selection.set([1])
    _type(panel.number_edits["far"], "3.5")
    zones = panel.project.active_scenario.zones
    assert zones[1].far == 3.5
    assert panel.history.index == 1 and panel.history.undo_label == "Set far"
    panel.history.undo()
    assert zones[1].far == 1.2
    assert panel.number_edits["far"].text() == "1.2"  # the inspector follows the undo


def test_out_of_range_far_is_refused_with_reason(panel):
    """FAR 25 is outside 0–20: nothing changes and the message names the range."""
    panel.selection.set([1])
    _type(panel.number_edits["far"], "25")
    assert panel.project.active_scenario.zones[1].far == 1.2
    assert panel.history.index == 0
    assert not panel.message.isHidden()
    assert "between 0 and 20" in panel.message.text()


def test_percent_fields_store_fractions_and_phrase_errors_in_percent(panel):
    """Coverage is typed in % and stored as a fraction; 150 % is refused in % terms."""
    panel.selection.set([1])
    _type(panel.number_edits["coverage"], "45")
    assert panel.project.active_scenario.zones[1].coverage == pytest.approx(0.45)
    _type(panel.number_edits["coverage"], "150")
    assert panel.project.active_scenario.zones[1].coverage == pytest.approx(0.45)
    assert "between 0 and 100 %" in panel.message.text()


def test_multi_selection_shows_mixed_and_edits_all(panel):
    """Two zones with different FARs show 'mixed'; a typed value applies to both in one step."""
    panel.selection.set([1, 2])
    far = panel.number_edits["far"]
    assert far.text() == "" and far.placeholderText() == MIXED_TEXT
    assert panel.landuse.code() == "1001"  # same class: not mixed
    assert "2 zones" in panel.header.text()
    far.editingFinished.emit()  # leaving a mixed field untouched changes nothing
    assert panel.history.index == 0
    _type(far, "1.8")
    zones = panel.project.active_scenario.zones
    assert zones[1].far == zones[2].far == 1.8
    assert panel.history.index == 1 and panel.history.undo_label == "Set far on 2 zones"


def test_mixed_sector_and_land_use(panel):
    """Zones with different classes and sectors show the mixed marker in both controls."""
    panel.selection.set([1, 3])
    assert panel.landuse.text() == MIXED_TEXT
    assert panel.sector.currentText() == MIXED_TEXT
    panel.sector.setCurrentIndex(panel.sector.findData("biomed_devices"))
    panel.sector.activated.emit(panel.sector.currentIndex())
    zones = panel.project.active_scenario.zones
    assert zones[1].sector == zones[3].sector == "biomed_devices"


def test_land_use_choice_goes_through_history(panel):
    """Choosing a class in the picker sets the code; undo restores the old one."""
    panel.selection.set([3])
    panel.landuse.picker.code_chosen.emit("0902")
    assert panel.project.active_scenario.zones[3].code == "0902"
    panel.history.undo()
    assert panel.project.active_scenario.zones[3].code == "070102"


def test_clearing_optional_field_sets_none(panel):
    """An empty GFA override returns the zone to area × FAR."""
    panel.selection.set([1])
    _type(panel.number_edits["gfa_override_m2"], "5000")
    assert panel.project.active_scenario.zones[1].gfa_m2 == 5000
    _type(panel.number_edits["gfa_override_m2"], "")
    assert panel.project.active_scenario.zones[1].gfa_override_m2 is None
    assert panel.history.index == 2


def test_no_selection_disables_panel(panel):
    panel.selection.set([1])
    assert panel.isEnabled()
    panel.selection.clear()
    assert not panel.isEnabled()
    assert "No zone selected" in panel.header.text()


def test_number_field_ranges_are_those_of_the_model():
    """Tooltips state the model's ranges, scaled to what the field shows."""
    ranges = {f.attribute: f.range_text() for f in NUMBER_FIELDS}
    assert ranges["far"] == "0–20"
    assert ranges["coverage"] == "0–100 %"
    assert ranges["gfa_override_m2"] == "≥ 0 m²"


def test_picker_search_filters_on_code_and_both_names(qtbot):
    """The search matches codes, Chinese and English names."""
    picker = LandUsePicker("MNR-2023")
    qtbot.addWidget(picker)
    total = len(picker.visible_codes())
    picker.search.setText("1001")
    assert picker.visible_codes()[0] == "1001" and len(picker.visible_codes()) < total
    picker.search.setText("工业")
    assert "1001" in picker.visible_codes() and "0701" not in picker.visible_codes()
    picker.search.setText("scientific research")
    assert picker.visible_codes() == ["0802"]
    chosen = []
    picker.code_chosen.connect(chosen.append)
    picker.search.returnPressed.emit()
    assert chosen == ["0802"]


def test_mixed_marker_in_a_chinese_interface(panel):
    from PySide6.QtWidgets import QApplication

    from parkplanner.ui import i18n

    app = QApplication.instance()
    i18n.install_translators(app, "zh_CN")
    try:
        panel.selection.set([1, 3])
        assert panel.landuse.text() == panel.sector.currentText() == "— 多个取值 —"
        assert panel.number_edits["far"].placeholderText() == "— 多个取值 —"
    finally:
        i18n.install_translators(app, "en")


def test_parcel_code_is_edited_in_one_step_and_a_used_code_is_refused(panel):
    panel.selection.set([1])
    _type(panel.parcel_code_edit, "BD01-01-01")
    zones = panel.project.active_scenario.zones
    assert zones[1].parcel_code == "BD01-01-01" and panel.history.index == 1
    assert "BD01-01-01" in panel.header.text()
    panel.selection.set([2])
    _type(panel.parcel_code_edit, "BD01-01-01")
    assert zones[2].parcel_code is None and panel.history.index == 1
    assert "already used by zone 1" in panel.message.text() and not panel.message.isHidden()
    panel.history.undo()
    assert zones[1].parcel_code is None
def _key_in(qtbot, edit, text):
    """Select the field's text and type ``text`` then Enter, as a planner does. Text beyond ASCII
    arrives as an input method's commit (that is how a Chinese input method delivers ２．５)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    edit.setFocus()
    edit.selectAll()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(edit, event)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_error_about_a_typo_goes_when_a_valid_value_is_typed(panel, qtbot):
    panel.show()
    panel.selection.set([1])
    far = panel.number_edits["far"]
    _key_in(qtbot, far, "abc")
    assert panel.message.isVisible() and "must be a number" in panel.message.text() and far.styleSheet()
    _key_in(qtbot, far, "1.2")  # the value the zone already has: nothing to commit, the error goes
    assert not panel.message.isVisible() and not far.styleSheet()
    _key_in(qtbot, far, "abc")
    _key_in(qtbot, far, "1.8")
    assert not panel.message.isVisible() and not far.styleSheet()
    assert panel.project.active_scenario.zones[1].far == 1.8


@pytest.mark.parametrize("typed, far", [("２．５", 2.5), ("２。５", 2.5), ("３", 3.0)])
def test_full_width_digits_and_chinese_punctuation_are_numbers(panel, qtbot, typed, far):
    panel.show()
    panel.selection.set([1])
    _key_in(qtbot, panel.number_edits["far"], typed)
    assert not panel.message.isVisible()
    assert panel.project.active_scenario.zones[1].far == far


def test_full_width_percent_in_a_percent_field(panel, qtbot):
    panel.show()
    panel.selection.set([1])
    _key_in(qtbot, panel.number_edits["green_ratio"], "１５％")
    assert panel.project.active_scenario.zones[1].green_ratio == pytest.approx(0.15)

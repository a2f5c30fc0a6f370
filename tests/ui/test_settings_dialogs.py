"""Project settings and sector editor: each accepted edit is one undoable SetProjectField step."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QTableWidgetItem
from shapely.geometry import box

from parkplanner.core.editing import History
from parkplanner.core.editing.project_commands import SetProjectField
from parkplanner.core.model.project import Phase, Project, Target
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.sectors import SECTOR_NUMERIC_FIELDS
from parkplanner.core.model.zone import Zone
from parkplanner.ui.dialogs.project_settings import ProjectSettingsDialog, scheme_conflicts
from parkplanner.ui.dialogs.sector_editor import SECTOR_COLUMNS, SectorTable, check_sector_value


def _project() -> Project:
    zones = {1: Zone(1, box(0, 0, 100, 100), "1001", sector="next_gen_it", far=1.0)}
    return Project(scenarios=[Scenario("base", "Base plan", zones)],
                   phases=(Phase(1, "Phase 1", 2017),),
                   targets=(Target("jobs", 120_000.0, 2035),))


@pytest.fixture
def dialog(qtbot):
    history = History(_project())
    widget = ProjectSettingsDialog(history)
    qtbot.addWidget(widget)
    return widget


def test_parameter_edit_is_undoable_and_dialog_follows_undo(dialog):
    """Changing m² per resident replaces the parameters in one step; undo shows the old value again."""
    box_ = dialog.parameter_boxes["m2_gfa_per_resident"]
    assert box_.value() == 35.0
    box_.setValue(40.0)
    assert dialog.project.parameters.m2_gfa_per_resident == 40.0
    assert dialog.history.index == 1
    dialog.history.undo()
    assert dialog.project.parameters.m2_gfa_per_resident == 35.0
    assert box_.value() == 35.0


def test_class_job_space_edit(dialog):
    """The per-class m² per job is one parameter edit; other classes keep their values."""
    dialog.job_boxes["OFF"].setValue(30.0)
    per_job = dialog.project.parameters.class_m2_gfa_per_job
    assert per_job["OFF"] == 30.0 and per_job["IND"] == 60.0
    assert dialog.history.undo_label == "Set m² per job of OFF"


def test_scheme_switch_declined_leaves_scheme_and_codes(dialog):
    """Zone code 1001 is not in GENERIC-INTL: the crosswalk is offered; declined, nothing changes."""
    assert scheme_conflicts(dialog.project, "GENERIC-INTL") == 1
    asked = []
    dialog.ask_crosswalk = lambda scheme, rows: asked.append((scheme, rows)) or False
    dialog.scheme.setCurrentIndex(dialog.scheme.findData("GENERIC-INTL"))
    dialog.scheme.activated.emit(dialog.scheme.currentIndex())
    assert asked and asked[0][0] == "GENERIC-INTL" and len(asked[0][1]) == 1
    assert dialog.project.scheme == "MNR-2023" and dialog.history.index == 0
    assert dialog.scheme.currentData() == "MNR-2023"


def test_scheme_switch_through_the_crosswalk_is_one_undo_step(qtbot):
    """MNR-2023 -> GB 50137-2011: each code shown with its new one, confirmed with a click."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    zones = {1: Zone(1, box(0, 0, 100, 100), "100101"), 2: Zone(2, box(100, 0, 200, 100), "070102"),
             3: Zone(3, box(200, 0, 300, 100), "1401"), 4: Zone(4, box(300, 0, 400, 100), "100102")}
    history = History(Project(scenarios=[Scenario("base", "Base plan", zones)]))
    dialog = ProjectSettingsDialog(history)
    qtbot.addWidget(dialog)
    dialog.show()
    seen = []

    def confirm():
        box_ = QApplication.activeModalWidget()
        assert isinstance(box_, QMessageBox)
        seen.append(box_.detailedText())
        button = next(b for b in box_.buttons() if b.text() == "Recode and Switch")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(200, confirm)
    dialog.scheme.setCurrentIndex(dialog.scheme.findData("GB50137-2011"))
    dialog.scheme.activated.emit(dialog.scheme.currentIndex())
    project = history.project
    # Industrial classes 1 and 2 go to M (industrial), urban housing to R, parks to G.
    assert {z.id: z.code for z in project.active_scenario} == {1: "M", 2: "R", 3: "G", 4: "M"}
    assert project.scheme == "GB50137-2011"
    assert "100101 " in seen[0] and "→  M " in seen[0] and "(2)" not in seen[0]  # one zone per code
    assert history.index == 1 and history.undo_label == "Switch land-use scheme to GB50137-2011"
    history.undo()
    assert project.scheme == "MNR-2023" and project.active_scenario.zones[1].code == "100101"


def test_phase_start_year_edit_and_refusal(dialog):
    """Editing a start year pushes new phases; a year out of range is refused and reverted."""
    dialog.phases_table.item(0, 2).setText("2018")
    assert dialog.project.phases[0].start_year == 2018
    dialog.phases_table.item(0, 2).setText("99")
    assert dialog.project.phases[0].start_year == 2018
    assert "between 1900 and 2200" in dialog.message.text()
    assert dialog.phases_table.item(0, 2).text() == "2018"
    dialog.add_phase()
    assert [p.number for p in dialog.project.phases] == [1, 2]
    assert dialog.project.phases[1].start_year == 2021
    dialog.history.undo()
    dialog.history.undo()
    assert dialog.project.phases[0].start_year == 2017


def test_targets_edit_add_remove(dialog):
    """Targets are typed as value and optional year; add and remove are undoable."""
    dialog.targets_table.item(0, 1).setText("100000")
    assert dialog.project.targets == (Target("jobs", 100_000.0, 2035),)
    dialog.add_target()
    assert dialog.project.targets[1].indicator == "output_yi"
    dialog.targets_table.item(1, 2).setText("")
    dialog.targets_table.setItem(1, 1, QTableWidgetItem("-5"))
    assert "positive" in dialog.message.text()
    dialog.targets_table.selectRow(0)
    dialog.remove_targets()
    assert [t.indicator for t in dialog.project.targets] == ["output_yi"]
    dialog.history.undo()
    assert len(dialog.project.targets) == 2


@pytest.fixture
def sectors(qtbot):
    history = History(_project())
    widget = SectorTable(history)
    qtbot.addWidget(widget)
    return widget


def _column(field):
    return [f for f, _ in SECTOR_COLUMNS].index(field)


def test_every_sector_field_has_a_column():
    assert set(SECTOR_NUMERIC_FIELDS) <= {f for f, _ in SECTOR_COLUMNS}


def test_sector_cell_edit_is_one_step(sectors):
    """Typing m² per job for IT replaces the sectors in one undoable step."""
    row = list(sectors.project.sectors).index("next_gen_it")
    sectors.table.item(row, _column("m2_gfa_per_job")).setText("40")
    assert sectors.project.sectors["next_gen_it"].m2_gfa_per_job == 40.0
    assert sectors.history.undo_label == "Set m² GFA / job of Next-generation IT"
    sectors.history.undo()
    assert sectors.project.sectors["next_gen_it"].m2_gfa_per_job == 35.0
    assert sectors.table.item(row, _column("m2_gfa_per_job")).text() == "35"


def test_sector_value_out_of_range_is_refused(sectors):
    sectors.table.item(0, _column("high_tech_share")).setText("1.5")
    assert sectors.history.index == 0
    assert "between 0 and 1" in sectors.message.text()
    assert sectors.table.item(0, _column("high_tech_share")).text() == "0.3"
    with pytest.raises(ValueError, match="#1F77B4"):
        check_sector_value("colour", "blue")


def test_sector_in_use_cannot_be_removed_but_unused_can(sectors):
    sectors.table.selectRow(list(sectors.project.sectors).index("next_gen_it"))
    sectors.remove_selected()
    assert "next_gen_it" in sectors.project.sectors and "used by 1 zone" in sectors.message.text()
    sectors.table.selectRow(list(sectors.project.sectors).index("modern_services"))
    sectors.remove_selected()
    assert "modern_services" not in sectors.project.sectors
    sectors.add_sector()
    assert "sector_1" in sectors.project.sectors
    assert sectors.table.rowCount() == 5


def test_closed_dialog_stops_listening_to_the_history(qtbot):
    """A settings dialog deleted on close must not be called by later history changes."""
    from PySide6.QtCore import QCoreApplication, QEvent, Qt

    history = History(_project())
    dialog = ProjectSettingsDialog(history)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.close()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    project = history.project
    history.push(SetProjectField.of(project, "targets", ()))
    history.undo()
    assert project.targets == (Target("jobs", 120_000.0, 2035),)


def test_storey_heights_tab_edits_the_parameter_and_undoes(qtbot):
    from parkplanner.core.editing import History
    from parkplanner.core.model.parameters import DEFAULT_STOREY_HEIGHT_M
    from parkplanner.core.model.project import Project
    from parkplanner.ui.dialogs.project_settings import ProjectSettingsDialog

    history = History(Project())
    dialog = ProjectSettingsDialog(history)
    qtbot.addWidget(dialog)
    box = dialog.storey_heights.boxes["OFF"]
    assert box.value() == DEFAULT_STOREY_HEIGHT_M["OFF"] == 4.5
    box.setValue(3.9)
    assert history.project.parameters.storey_height_m["OFF"] == 3.9
    assert history.project.parameters.storey_height_m["RES"] == DEFAULT_STOREY_HEIGHT_M["RES"]
    history.undo()
    assert history.project.parameters.storey_height_m["OFF"] == 4.5 and box.value() == 4.5

"""The scenario dock: create (blank or duplicate), rename, delete, reorder and switch scenarios.

Every button pushes one command from ``core.editing.project_commands`` on the project's history,
so each action is one undo step in the same history as zone edits. The list is rebuilt from the
project after every step that touches the scenario list (undo included), never edited in place.
The overrides editor beneath it edits the selected scenario's parameter and sector overrides.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout, QInputDialog, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QVBoxLayout, QWidget,
)

from parkplanner.core.editing import History
from parkplanner.core.editing.change import ChangeKind
from parkplanner.core.editing.project_commands import (
    MoveScenario, RemoveScenario, blank_scenario, duplicate_scenario, rename_scenario, switch_scenario,
)
from parkplanner.ui.qt_history import qt_history_of
from parkplanner.ui.scenarios.overrides_editor import OverridesEditor

__all__ = ["ScenarioPanel", "SCENARIO_ID_ROLE"]

SCENARIO_ID_ROLE = Qt.ItemDataRole.UserRole


class ScenarioPanel(QWidget):
    #: The planner asked to compare the selected scenario with the active one: (a_id, b_id).
    compareRequested = Signal(str, str)

    def __init__(self, history: History, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.project = history.project
        #: Asked for a new name; tests replace it to answer without a dialog (None = cancelled).
        self.ask_name: Callable[[str, str], str | None] = self._ask_name_dialog
        #: Asked before deleting; tests replace it.
        self.confirm_delete: Callable[[str], bool] = self._confirm_delete_dialog

        self.list = QListWidget(self)
        self.list.setDragDropMode(QListWidget.DragDropMode.NoDragDrop)
        self.list.itemDoubleClicked.connect(lambda item: self.switch_to(item.data(SCENARIO_ID_ROLE)))
        self.list.currentRowChanged.connect(self._selected_changed)
        self.buttons: dict[str, QPushButton] = {}
        rows = (
            (("new", self.tr("New"), self.tr("A new scenario without zones"), self.new_blank),
             ("duplicate", self.tr("Duplicate"), self.tr("A copy of the selected scenario"), self.duplicate),
             ("rename", self.tr("Rename…"), self.tr("Rename the selected scenario"), self.rename)),
            (("switch", self.tr("Switch to"), self.tr("Show and edit the selected scenario"), self.switch_selected),
             ("up", self.tr("Up"), self.tr("Move the selected scenario up"), lambda: self.move(-1)),
             ("down", self.tr("Down"), self.tr("Move the selected scenario down"), lambda: self.move(+1)),
             ("delete", self.tr("Delete"), self.tr("Delete the selected scenario"), self.delete)),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        for row in rows:
            line = QHBoxLayout()
            for key, text, tip, slot in row:
                button = QPushButton(text, self)
                button.setToolTip(tip)
                button.clicked.connect(slot)
                self.buttons[key] = button
                line.addWidget(button)
            layout.addLayout(line)
        compare = QPushButton(self.tr("Compare with active"), self)
        compare.setToolTip(self.tr("Compare the selected scenario (A) with the active one (B)"))
        compare.clicked.connect(self._compare_clicked)
        self.buttons["compare"] = compare
        layout.addWidget(compare)
        self.overrides = OverridesEditor(history, self)
        layout.addWidget(self.overrides, 2)
        qt_history_of(history).changed.connect(self._on_changes)
        self.refresh()

    # -- the list -------------------------------------------------------------------------------
    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(SCENARIO_ID_ROLE) if item is not None else None

    def refresh(self, keep: str | None = None) -> None:
        keep = keep or self.selected_id() or self.project.active_scenario_id
        self.list.blockSignals(True)
        self.list.clear()
        for number, scenario in enumerate(self.project.scenarios, start=1):
            active = scenario.id == self.project.active_scenario_id
            zones = self.tr("%n zone(s)", "", len(scenario.zones))
            marker = "▶ " if active else "   "
            shortcut = f"{number}. " if number <= 9 else ""
            item = QListWidgetItem(f"{marker}{shortcut}{scenario.name}  ({zones})")
            item.setData(SCENARIO_ID_ROLE, scenario.id)
            if active:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            overrides = self._override_count(scenario)
            if overrides:
                item.setToolTip(self.tr("%n override(s) of project settings", "", overrides))
            self.list.addItem(item)
            if scenario.id == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._selected_changed()

    def _tell(self, text: str) -> None:
        status = getattr(self.window(), "statusBar", None)
        if callable(status):
            status().showMessage(text, 8000)

    @staticmethod
    def _override_count(scenario) -> int:
        return len(scenario.parameter_overrides) + sum(len(v) for v in scenario.sector_overrides.values())

    def _on_changes(self, changes) -> None:
        if any(c.kind is ChangeKind.ACTIVE_SCENARIO for c in changes):
            # A duplicate (or a switch) makes another scenario active: the highlighted row is the
            # active one, and the status bar says which scenario edits now go to.
            self.refresh(self.project.active_scenario_id)
            self._tell(self.tr("Now editing scenario “{0}”").format(self.project.active_scenario.name))
        elif any(c.kind is ChangeKind.SCENARIOS or c.field == "*" for c in changes):
            ids = {s.id for s in self.project.scenarios}
            self.refresh(self.selected_id() if self.selected_id() in ids else None)
        elif any(c.kind in (ChangeKind.ZONES_ADDED, ChangeKind.ZONES_REMOVED) for c in changes):
            self.refresh()  # zone counts (a reshape or a workshop FAR step leaves them)

    def _selected_changed(self, *_: object) -> None:
        selected = self.selected_id()
        count, row = self.list.count(), self.list.currentRow()
        self.buttons["delete"].setEnabled(selected is not None and count > 1)
        self.buttons["up"].setEnabled(row > 0)
        self.buttons["down"].setEnabled(0 <= row < count - 1)
        self.buttons["switch"].setEnabled(selected is not None and selected != self.project.active_scenario_id)
        self.buttons["compare"].setEnabled(selected is not None and selected != self.project.active_scenario_id)
        self.overrides.set_scenario(selected or self.project.active_scenario_id)

    # -- commands -------------------------------------------------------------------------------
    def new_blank(self) -> None:
        self.history.push(blank_scenario(self.project))

    def duplicate(self) -> None:
        self.history.push(duplicate_scenario(self.project, self.selected_id() or self.project.active_scenario_id))

    def rename(self) -> None:
        scenario_id = self.selected_id()
        if scenario_id is None:
            return
        name = self.ask_name(self.tr("Rename scenario"), self.project.scenario(scenario_id).name)
        if name is None:
            return
        try:
            command = rename_scenario(self.project, scenario_id, name)
        except ValueError as exc:
            QMessageBox.warning(self, self.tr("Rename scenario"), str(exc))
            return
        self.history.push(command)

    def delete(self) -> None:
        scenario_id = self.selected_id()
        if scenario_id is None or len(self.project.scenarios) <= 1:
            return
        if self.confirm_delete(self.project.scenario(scenario_id).name):
            self.history.push(RemoveScenario(self.project, scenario_id))

    def move(self, step: int) -> None:
        scenario_id = self.selected_id()
        if scenario_id is None:
            return
        index = [s.id for s in self.project.scenarios].index(scenario_id)
        if 0 <= index + step < len(self.project.scenarios):
            self.history.push(MoveScenario(self.project, scenario_id, index + step))
            self.refresh(scenario_id)

    def switch_selected(self) -> None:
        self.switch_to(self.selected_id())

    def switch_to(self, scenario_id: str | None) -> None:
        if scenario_id is not None and scenario_id != self.project.active_scenario_id:
            self.history.push(switch_scenario(self.project, scenario_id))

    def _compare_clicked(self) -> None:
        selected = self.selected_id()
        if selected is not None:
            self.compareRequested.emit(selected, self.project.active_scenario_id)

    # -- dialogs ----------------------------------------------------------------------------------
    def _ask_name_dialog(self, title: str, current: str) -> str | None:
        name, ok = QInputDialog.getText(self, title, self.tr("Scenario name:"), text=current)
        return name if ok else None

    def _confirm_delete_dialog(self, name: str) -> bool:
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self, self.tr("Delete scenario"),
            self.tr("Delete the scenario “{name}”? Undo brings it back.").format(name=name),
            buttons.Yes | buttons.No, buttons.No)
        return answer == buttons.Yes

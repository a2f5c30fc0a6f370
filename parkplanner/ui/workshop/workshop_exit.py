"""Leaving the workshop: keep what the sliders did as a new scenario, apply it, or discard it.

In a meeting the sliders are a way of asking "what if": a FAR × 1.85 on industry should not
silently become the plan. The session records where the history stood when the workshop opened
and the scenarios as they were; on leaving, if a scenario's zones or overrides changed, the
planner chooses:

* **Keep as new scenario**: the active scenario as the workshop left it becomes a new scenario
  (and the active one); the scenario it came from goes back to how it was.
* **Apply**: the changes stay in the scenario, each an undoable step as made.
* **Discard**: the history goes back to where it stood when the workshop opened.

Undo stays available after any choice: keeping and discarding go through the history.
"""
from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from parkplanner.core.editing import History
from parkplanner.core.editing.project_commands import InsertScenario

__all__ = ["WorkshopSession", "LeaveChoice", "ask_leave_choice"]

LeaveChoice = Literal["new", "apply", "discard", "stay"]


class WorkshopSession:
    """The history position and scenario contents when the workshop opened."""

    def __init__(self, history: History) -> None:
        self.history = history
        project = history.project
        self.index = history.index
        self.active_id = project.active_scenario_id
        # Zones are immutable: keeping the dictionaries' values is a snapshot at no copying cost.
        self._zones = {s.id: dict(s.zones) for s in project.scenarios}
        self._overrides = {s.id: (dict(s.parameter_overrides), {k: dict(v) for k, v in s.sector_overrides.items()})
                           for s in project.scenarios}

    def changed(self) -> list[str]:
        """Names of the scenarios whose zones or overrides the workshop changed."""
        names = []
        for scenario in self.history.project.scenarios:
            before = self._zones.get(scenario.id)
            if before is None:
                continue
            same_zones = before.keys() == scenario.zones.keys() and all(
                before[i] is z for i, z in scenario.zones.items())
            overrides = (scenario.parameter_overrides, scenario.sector_overrides)
            if not same_zones or overrides != self._overrides[scenario.id]:
                names.append(scenario.name)
        return names

    def keep_as_new(self, name: str) -> None:
        """The active scenario as it is now becomes scenario ``name``; the workshop's steps are undone."""
        project = self.history.project
        current = project.active_scenario
        copy = current.copy(project.new_scenario_id(), name)
        source_id = current.id
        self.history.go_to(self.index)
        source = next((s for s in project.scenarios if s.id == source_id), project.active_scenario)
        self.history.push(InsertScenario(copy, project.scenarios.index(source) + 1,
                                         f"Keep workshop as scenario {name}"))

    def new_name(self, base: str) -> str:
        """``base``, or ``base 2``, ``base 3``... whichever no scenario has."""
        names = {s.name for s in self.history.project.scenarios}
        name, n = base, 2
        while name in names:
            name, n = f"{base} {n}", n + 1
        return name

    def discard(self) -> None:
        self.history.go_to(self.index)


def ask_leave_choice(parent: QWidget | None, changed: list[str], active_name: str) -> LeaveChoice:
    """The three-way question (plus staying in the workshop) as a message box."""
    translate = QCoreApplication.translate
    names = translate("WorkshopExit", ", ").join(f"“{name}”" for name in changed)
    box = QMessageBox(QMessageBox.Icon.Question, translate("WorkshopExit", "Leave the workshop"),
                      translate("WorkshopExit", "The workshop changed {0}. What should become of these changes?")
                      .format(names), parent=parent)
    new = box.addButton(translate("WorkshopExit", "Keep as New Scenario"), QMessageBox.ButtonRole.AcceptRole)
    apply = box.addButton(translate("WorkshopExit", "Apply to “{0}”").format(active_name),
                          QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(translate("WorkshopExit", "Discard Changes"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(translate("WorkshopExit", "Stay in Workshop"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(new)
    box.exec()
    return {new: "new", apply: "apply", discard: "discard"}.get(box.clickedButton(), "stay")

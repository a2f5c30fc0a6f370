"""The workshop's copies of scenarios, and what becomes of them on leaving.

In a meeting the sliders are a way of asking "what if": a FAR × 1.85 on industry should not
silently become the plan. So the workshop never edits a scenario itself: entering it makes a
copy of the active scenario ("Base plan (workshop)") and shows that; switching to scenario n
shows n's copy, made on first use. The copies are applied outside the undo steps
(History.apply_temporarily) and the history is marked (History.mark): undo inside the workshop
goes back through the workshop's own steps and stops where the workshop began. On leaving, if a
copy's zones or overrides changed, the planner chooses:

* **Keep as new scenario**: each changed copy becomes a new scenario after the one it came from
  (the active one's copy becomes active), as one undo step;
* **Apply**: each changed copy's zones and overrides are written into the scenario it came from,
  as one undo step;
* **Discard**: the project and the history go back to exactly where they stood.

Either way the workshop's own steps and copies are rolled back first (History.roll_back), so the
main history holds at most the one step of the choice.
"""
from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from parkplanner.core.editing import History, MacroCommand
from parkplanner.core.editing.project_commands import InsertScenario, SetScenarioFields, switch_scenario
from parkplanner.core.editing.zone_commands import ReplaceZones
from parkplanner.core.model.scenario import Scenario

__all__ = ["WorkshopSession", "LeaveChoice", "ask_leave_choice"]

LeaveChoice = Literal["new", "apply", "discard", "stay"]


def _overrides(scenario: Scenario) -> tuple[dict, dict]:
    return dict(scenario.parameter_overrides), {k: dict(v) for k, v in scenario.sector_overrides.items()}


class WorkshopSession:
    """The workshop's copies of scenarios, from entering to leaving."""

    def __init__(self, history: History) -> None:
        self.history = history
        self.project = history.project
        self.mark = history.mark()
        self._sources: dict[str, str] = {}  # copy id -> id of the scenario it copies
        # Zones are immutable: the copy's dictionary of them at creation is a snapshot at no cost.
        self._start: dict[str, tuple[dict, tuple[dict, dict]]] = {}
        self.copy_of(self.project.active_scenario_id, activate=True)

    # -- the copies ----------------------------------------------------------------------------------
    def source_of(self, scenario_id: str) -> str:
        """The scenario a copy came from (a scenario that is no copy: itself)."""
        return self._sources.get(scenario_id, scenario_id)

    def originals(self) -> list[Scenario]:
        """The project's scenarios without the workshop's copies, in list order."""
        return [s for s in self.project.scenarios if s.id not in self._sources]

    def copy_of(self, source_id: str, activate: bool = False) -> str:
        """Id of the workshop's copy of scenario ``source_id``, made now if there is none yet."""
        existing = next((c for c, s in self._sources.items() if s == source_id), None)
        if existing is not None:
            return existing
        source = self.project.scenario(source_id)
        name = self.new_name(QCoreApplication.translate("WorkshopExit", "{0} (workshop)").format(source.name))
        copy = source.copy(self.project.new_scenario_id("workshop"), name)
        self.history.apply_temporarily(self.mark, InsertScenario(copy, len(self.project.scenarios),
                                                                 f"Workshop copy of {source.name}", activate))
        self._sources[copy.id] = source_id
        self._start[copy.id] = (dict(copy.zones), _overrides(copy))
        return copy.id

    def _changed_copies(self) -> list[tuple[Scenario, str]]:
        """(copy, source id) of every copy whose zones or overrides the workshop changed."""
        out = []
        for scenario in self.project.scenarios:
            if scenario.id not in self._sources:
                continue
            zones, overrides = self._start[scenario.id]
            same_zones = zones.keys() == scenario.zones.keys() and all(
                zones[i] is z for i, z in scenario.zones.items())
            if not same_zones or _overrides(scenario) != overrides:
                out.append((scenario, self._sources[scenario.id]))
        return out

    def changed(self) -> list[str]:
        """Names of the scenarios whose workshop copies changed."""
        return [self.project.scenario(source).name for _, source in self._changed_copies()]

    # -- leaving ---------------------------------------------------------------------------------------
    def _take_and_roll_back(self) -> tuple[list[tuple[Scenario, str]], str]:
        """The changed copies as they are, and the scenario shown last; then back to the mark."""
        changed = [(copy.copy(copy.id, copy.name), source) for copy, source in self._changed_copies()]
        shown = self.source_of(self.project.active_scenario_id)
        self.history.roll_back(self.mark)
        return changed, shown

    def keep_as_new(self) -> None:
        """Each changed copy becomes a new scenario after its original, in one undo step."""
        changed, shown = self._take_and_roll_back()
        taken = {s.id for s in self.project.scenarios}
        names = {s.name for s in self.project.scenarios}
        commands = []
        # From the last original to the first, so each insertion leaves the earlier indices valid.
        order = {s.id: n for n, s in enumerate(self.project.scenarios)}
        for copy, source in sorted(changed, key=lambda pair: -order[pair[1]]):
            new_id = _free(taken, "scenario")
            name = _free(names, QCoreApplication.translate("WorkshopExit", "{0} (workshop)")
                         .format(self.project.scenario(source).name), first_plain=True)
            kept = copy.copy(new_id, name)
            commands.append(InsertScenario(kept, order[source] + 1, f"Keep workshop as scenario {name}",
                                           activate=source == shown))
        if not any(source == shown for _, source in changed) and shown != self.project.active_scenario_id:
            commands.append(switch_scenario(self.project, shown))
        if commands:
            label = commands[0].label if len(changed) == 1 else "Keep workshop as new scenarios"
            self.history.push(MacroCommand(label, commands))

    def apply(self) -> None:
        """Each changed copy's zones and overrides go into its original, in one undo step."""
        changed, shown = self._take_and_roll_back()
        commands = []
        for copy, source_id in changed:
            source = self.project.scenario(source_id)
            before = {i: source.zones.get(i) for i in source.zones.keys() | copy.zones.keys()
                      if source.zones.get(i) is not copy.zones.get(i)}
            after = {i: copy.zones.get(i) for i in before}
            if before:
                commands.append(ReplaceZones(f"Apply workshop to {source.name}", source_id, before, after))
            if _overrides(copy) != _overrides(source):
                commands.append(SetScenarioFields.of(self.project, source_id, f"Apply workshop to {source.name}",
                                                     parameter_overrides=copy.parameter_overrides,
                                                     sector_overrides=copy.sector_overrides))
        if shown != self.project.active_scenario_id:
            commands.append(switch_scenario(self.project, shown))
        if commands:
            names = ", ".join(self.project.scenario(source).name for _, source in changed)
            self.history.push(MacroCommand(f"Apply workshop to {names}", commands))

    def discard(self) -> None:
        """The project and the history as they were when the workshop opened."""
        self.history.roll_back(self.mark)

    def new_name(self, base: str) -> str:
        """``base``, or ``base 2``, ``base 3``... whichever no scenario has."""
        return _free({s.name for s in self.project.scenarios}, base, first_plain=True)


def _free(taken: set[str], base: str, first_plain: bool = False) -> str:
    """The first of ``base`` (with ``first_plain``), ``base-1``/``base 2``... not in ``taken``; taken now."""
    if first_plain:
        name, n = base, 2
        while name in taken:
            name, n = f"{base} {n}", n + 1
    else:
        n = 1
        while f"{base}-{n}" in taken:
            n += 1
        name = f"{base}-{n}"
    taken.add(name)
    return name


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

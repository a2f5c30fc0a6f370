"""Project-wide and scenario edits: fields, parameters, sectors, the scenario list."""
from __future__ import annotations

from typing import Any

from parkplanner.core.editing.change import ChangeKind, ProjectChange
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario

__all__ = [
    "SetProjectField", "SetScenarioFields", "InsertScenario", "RemoveScenario", "MoveScenario",
    "duplicate_scenario", "blank_scenario", "switch_scenario", "rename_scenario",
]


class SetProjectField:
    """Replace one project field (parameters, sectors, phases, targets, scheme, ...)."""

    def __init__(self, name: str, old: Any, new: Any, label: str | None = None) -> None:
        self.name, self.old, self.new = name, old, new
        self.label = label or f"Change {name.replace('_', ' ')}"
        self.merge_key = None

    @classmethod
    def of(cls, project: Project, name: str, new: Any, label: str | None = None) -> "SetProjectField":
        return cls(name, getattr(project, name), new, label)

    def apply(self, project: Project) -> list[ProjectChange]:
        return self._set(project, self.new)

    def revert(self, project: Project) -> list[ProjectChange]:
        return self._set(project, self.old)

    def merged_with(self, later):
        raise TypeError("does not merge")

    def _set(self, project: Project, value: Any) -> list[ProjectChange]:
        project.set_field(self.name, value)
        kind = ChangeKind.ACTIVE_SCENARIO if self.name == "active_scenario_id" else ChangeKind.PROJECT
        return [ProjectChange(kind, project.active_scenario_id, field=self.name)]


_SCENARIO_FIELDS = frozenset({"name", "description", "parameter_overrides", "sector_overrides"})


class SetScenarioFields:
    """Rename a scenario or change its description or overrides. ``merge_key`` lets slider drags merge."""

    def __init__(self, scenario_id: str, old: dict[str, Any], new: dict[str, Any], label: str,
                 merge_key: object | None = None) -> None:
        if set(old) != set(new) or not set(new) <= _SCENARIO_FIELDS:
            raise ValueError("invalid scenario fields")
        self.scenario_id, self.old, self.new = scenario_id, old, new
        self.label, self.merge_key = label, merge_key

    @classmethod
    def of(cls, project: Project, scenario_id: str, label: str, merge_key: object | None = None,
           **values: Any) -> "SetScenarioFields":
        scenario = project.scenario(scenario_id)
        old = {k: _copy(getattr(scenario, k)) for k in values}
        return cls(scenario_id, old, {k: _copy(v) for k, v in values.items()}, label, merge_key)

    def apply(self, project):
        return self._set(project, self.new)

    def revert(self, project):
        return self._set(project, self.old)

    def merged_with(self, later: "SetScenarioFields") -> "SetScenarioFields":
        old = dict(later.old)
        old.update(self.old)
        new = dict(self.new)
        new.update(later.new)
        return SetScenarioFields(self.scenario_id, {k: old[k] for k in new}, new, self.label, self.merge_key)

    def _set(self, project, values):
        scenario = project.scenario(self.scenario_id)
        for key, value in values.items():
            setattr(scenario, key, _copy(value))
        fields = set(values)
        kind = ChangeKind.SCENARIOS
        return [ProjectChange(kind, self.scenario_id, field=",".join(sorted(fields)))]


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return value


class InsertScenario:
    def __init__(self, scenario: Scenario, index: int, label: str, activate: bool = True) -> None:
        self.scenario, self.index, self.label, self.activate = scenario, index, label, activate
        self.merge_key = None
        self._previous_active = ""

    def apply(self, project: Project) -> list[ProjectChange]:
        if any(s.id == self.scenario.id for s in project.scenarios):
            raise ValueError(f"scenario id {self.scenario.id!r} exists")
        project.scenarios.insert(self.index, self.scenario)
        changes = [ProjectChange(ChangeKind.SCENARIOS, self.scenario.id)]
        if self.activate:
            self._previous_active = project.active_scenario_id
            project.active_scenario_id = self.scenario.id
            changes.append(ProjectChange(ChangeKind.ACTIVE_SCENARIO, self.scenario.id))
        return changes

    def revert(self, project: Project) -> list[ProjectChange]:
        # By id: a checkpoint jump since may have put an equal copy in the list in its place.
        project.scenarios[:] = [s for s in project.scenarios if s.id != self.scenario.id]
        changes = [ProjectChange(ChangeKind.SCENARIOS, self.scenario.id)]
        if self.activate:
            project.active_scenario_id = self._previous_active
            changes.append(ProjectChange(ChangeKind.ACTIVE_SCENARIO, self._previous_active))
        return changes

    def merged_with(self, later):
        raise TypeError("does not merge")


class RemoveScenario:
    def __init__(self, project: Project, scenario_id: str) -> None:
        if len(project.scenarios) <= 1:
            raise ValueError("a project needs at least one scenario")
        self.scenario = project.scenario(scenario_id)
        self.index = project.scenarios.index(self.scenario)
        self.label = f"Delete scenario {self.scenario.name}"
        self.merge_key = None
        self._was_active = False

    def apply(self, project: Project) -> list[ProjectChange]:
        project.scenarios.remove(self.scenario)
        changes = [ProjectChange(ChangeKind.SCENARIOS, self.scenario.id)]
        self._was_active = project.active_scenario_id == self.scenario.id
        if self._was_active:
            project.active_scenario_id = project.scenarios[min(self.index, len(project.scenarios) - 1)].id
            changes.append(ProjectChange(ChangeKind.ACTIVE_SCENARIO, project.active_scenario_id))
        return changes

    def revert(self, project: Project) -> list[ProjectChange]:
        project.scenarios.insert(self.index, self.scenario)
        changes = [ProjectChange(ChangeKind.SCENARIOS, self.scenario.id)]
        if self._was_active:
            project.active_scenario_id = self.scenario.id
            changes.append(ProjectChange(ChangeKind.ACTIVE_SCENARIO, self.scenario.id))
        return changes

    def merged_with(self, later):
        raise TypeError("does not merge")


class MoveScenario:
    def __init__(self, project: Project, scenario_id: str, new_index: int) -> None:
        self.scenario_id = scenario_id
        ids = [s.id for s in project.scenarios]
        self.old_index = ids.index(scenario_id)
        self.new_index = max(0, min(new_index, len(ids) - 1))
        self.label = f"Move scenario {project.scenario(scenario_id).name}"
        self.merge_key = None

    def _move(self, project: Project, to: int) -> list[ProjectChange]:
        scenario = project.scenario(self.scenario_id)
        project.scenarios.remove(scenario)
        project.scenarios.insert(to, scenario)
        return [ProjectChange(ChangeKind.SCENARIOS, self.scenario_id)]

    def apply(self, project):
        return self._move(project, self.new_index)

    def revert(self, project):
        return self._move(project, self.old_index)

    def merged_with(self, later):
        raise TypeError("does not merge")


def duplicate_scenario(project: Project, source_id: str, name: str | None = None) -> InsertScenario:
    source = project.scenario(source_id)
    name = name or _unique_name(project, f"{source.name} (copy)")
    copy = source.copy(project.new_scenario_id(), name)
    return InsertScenario(copy, project.scenarios.index(source) + 1, f"Duplicate scenario {source.name}")


def blank_scenario(project: Project, name: str | None = None) -> InsertScenario:
    name = name or _unique_name(project, "New scenario")
    scenario = Scenario(id=project.new_scenario_id(), name=name)
    return InsertScenario(scenario, len(project.scenarios), f"New scenario {name}")


def switch_scenario(project: Project, scenario_id: str) -> SetProjectField:
    target = project.scenario(scenario_id)
    return SetProjectField("active_scenario_id", project.active_scenario_id, target.id,
                           f"Switch to scenario {target.name}")


def rename_scenario(project: Project, scenario_id: str, name: str) -> SetScenarioFields:
    name = name.strip()
    if not name:
        raise ValueError("a scenario needs a name")
    if any(s.name == name and s.id != scenario_id for s in project.scenarios):
        raise ValueError(f"a scenario named {name!r} exists already")
    return SetScenarioFields.of(project, scenario_id, f"Rename scenario to {name}", name=name)


def _unique_name(project: Project, base: str) -> str:
    names = {s.name for s in project.scenarios}
    if base not in names:
        return base
    n = 2
    while f"{base} {n}" in names:
        n += 1
    return f"{base} {n}"

"""Named checkpoints: snapshots of the whole project a workshop can jump back to.

Jumping back is itself an undoable step (RestoreCheckpoint), so nothing done after the
checkpoint is lost: undo returns to where the room was before the jump.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from parkplanner.core.editing.change import ChangeKind, ProjectChange
from parkplanner.core.model.project import _PROJECT_FIELDS, Project
from parkplanner.core.model.scenario import Scenario

__all__ = ["Checkpoint", "take_checkpoint", "RestoreCheckpoint"]


@dataclass(frozen=True)
class _State:
    fields: dict
    scenarios: tuple[Scenario, ...]


def _capture(project: Project) -> _State:
    # Zones are immutable values, so copying each scenario's dict is a full, cheap snapshot.
    fields = {name: getattr(project, name) for name in _PROJECT_FIELDS}
    fields["sectors"] = dict(project.sectors)
    fields["metadata"] = dict(project.metadata)
    scenarios = tuple(s.copy(s.id, s.name) for s in project.scenarios)
    return _State(fields, scenarios)


def _restore(project: Project, state: _State) -> list[ProjectChange]:
    for name, value in state.fields.items():
        project.set_field(name, dict(value) if isinstance(value, dict) else value)
    project.scenarios[:] = [s.copy(s.id, s.name) for s in state.scenarios]
    return [ProjectChange(ChangeKind.PROJECT, project.active_scenario_id, field="*"),
            ProjectChange(ChangeKind.SCENARIOS, project.active_scenario_id),
            ProjectChange(ChangeKind.ACTIVE_SCENARIO, project.active_scenario_id)]


@dataclass(frozen=True)
class Checkpoint:
    name: str
    created_at: float
    state: _State = field(repr=False)


def take_checkpoint(project: Project, name: str) -> Checkpoint:
    name = name.strip()
    if not name:
        raise ValueError("a checkpoint needs a name")
    return Checkpoint(name, time.time(), _capture(project))


class RestoreCheckpoint:
    merge_key = None

    def __init__(self, checkpoint: Checkpoint) -> None:
        self.checkpoint = checkpoint
        self.label = f"Jump to checkpoint {checkpoint.name}"
        self._before: _State | None = None

    def apply(self, project: Project) -> list[ProjectChange]:
        self._before = _capture(project)
        return _restore(project, self.checkpoint.state)

    def revert(self, project: Project) -> list[ProjectChange]:
        assert self._before is not None
        return _restore(project, self._before)

    def merged_with(self, later):
        raise TypeError("does not merge")

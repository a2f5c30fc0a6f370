"""A random editing session through the History, as a planner works: shared by the long-session
test (tests/core/test_long_session.py) and its benchmark (benchmarks/bench_long_session.py).

Every step is an edit (attributes, reshape, add, delete, a grouped multi-zone edit, a merged
drag, a parameter change) or an undo or redo. The session keeps its own mirror of the undo stack,
as lists of the commands each step applied, so a replay can apply exactly the steps in force.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import shapely
import shapely.affinity
from shapely.geometry import box

from parkplanner.core.editing import History
from parkplanner.core.editing.project_commands import SetProjectField
from parkplanner.core.editing.zone_commands import add_zones, delete_zones, reshape_zone, set_zone_attributes
from parkplanner.core.model.zone import Zone

__all__ = ["RandomSession"]

_CODES = ("100101", "070102", "0802", "1401", "080403", "0901", "M0")
_KINDS = ("attributes", "reshape", "add", "delete", "group", "drag", "parameters", "undo", "undo", "redo")


class RandomSession:
    """Drives ``history`` with seeded random steps and mirrors its undo stack."""

    def __init__(self, history: History, seed: int) -> None:
        self.history = history
        self.project = history.project
        self.rng = np.random.default_rng(seed)
        self.steps: list[list] = []  # commands of each undo step, oldest first
        self.index = 0  # steps applied (mirrors history.index)
        self.drags = 0

    def run(self, count: int) -> None:
        for _ in range(count):
            self.step()

    def step(self) -> None:
        kind = _KINDS[int(self.rng.integers(len(_KINDS)))]
        if kind == "undo" and self.history.can_undo:
            self.history.undo()
            self.index -= 1
        elif kind == "redo" and self.history.can_redo:
            self.history.redo()
            self.index += 1
        elif kind not in ("undo", "redo"):
            getattr(self, f"_{kind}")()
        assert self.history.index == self.index

    # -- recording -------------------------------------------------------------------------------
    def _push(self, commands: list) -> None:
        """Record a step the history took: a new step, or (same merge key) folded into the last."""
        before = self.history.steps_recorded
        for command in commands:
            self.history.push(command)
        if self.history.steps_recorded == before and commands:  # merged into the previous step
            self.steps[self.index - 1] = self.steps[self.index - 1] + commands
            return
        del self.steps[self.index:]
        self.steps.append(commands)
        self.index += 1
        self._trim()

    def _trim(self) -> None:
        """Forget the oldest steps as a History with an undo limit does (its index drops too)."""
        limit = self.history.limit
        if limit is not None and len(self.steps) > limit:
            drop = len(self.steps) - limit
            del self.steps[:drop]
            self.index -= drop

    def _zone_id(self) -> int | None:
        zones = self.project.active_scenario.zones
        if not zones:
            return None
        ids = list(zones)
        return ids[int(self.rng.integers(len(ids)))]

    # -- edits ---------------------------------------------------------------------------------------
    def _attributes(self) -> None:
        zid = self._zone_id()
        if zid is not None:
            far = round(float(self.rng.uniform(0.2, 6.0)), 2)
            self._push([set_zone_attributes(self.project, [zid], {"far": far, "name": f"z{far}"})])

    def _reshape(self) -> None:
        zid = self._zone_id()
        if zid is not None:
            dx, dy = self.rng.uniform(-5, 5, 2)
            geometry = shapely.affinity.translate(self.project.active_scenario.zones[zid].geometry, dx, dy)
            self._push([reshape_zone(self.project, zid, geometry)])

    def _add(self) -> None:
        zid = self.project.active_scenario.next_zone_id()
        x, y = self.rng.uniform(0, 3000, 2)
        zone = Zone(zid, box(x, y, x + 60, y + 40), _CODES[int(self.rng.integers(len(_CODES)))], far=1.0)
        self._push([add_zones(self.project, [zone])])

    def _delete(self) -> None:
        zid = self._zone_id()
        if zid is not None and len(self.project.active_scenario.zones) > 20:
            self._push([delete_zones(self.project, [zid])])

    def _group(self) -> None:
        ids = [i for i in {self._zone_id() for _ in range(3)} if i is not None]
        if not ids:
            return
        commands = []
        with self.history.group("Edit several zones"):
            for zid in ids:
                command = set_zone_attributes(self.project, [zid], {"phase": int(self.rng.integers(1, 4))})
                self.history.push(command)
                commands.append(command)
        del self.steps[self.index:]
        self.steps.append(commands)
        self.index += 1
        self._trim()
        assert self.history.index == self.index

    def _drag(self) -> None:
        zid = self._zone_id()
        if zid is None:
            return
        self.drags += 1
        for _ in range(int(self.rng.integers(2, 6))):  # pointer moves of one drag: one undo step
            geometry = shapely.affinity.translate(self.project.active_scenario.zones[zid].geometry, 1.0, 0.5)
            self._push([reshape_zone(self.project, zid, geometry, merge_key=("drag", self.drags))])
        self.history.end_merge()

    def _parameters(self) -> None:
        share = round(float(self.rng.uniform(0.3, 0.9)), 3)
        parameters = dataclasses.replace(self.project.parameters, employed_share=share)
        self._push([SetProjectField.of(self.project, "parameters", parameters)])

    # -- replay --------------------------------------------------------------------------------------
    def replay_onto(self, project) -> None:
        """Apply the steps in force, in order, to ``project`` (a fresh copy of the starting state)."""
        for commands in self.steps[: self.index]:
            for command in commands:
                command.apply(project)

"""Says when one edit changed a zone's area beyond belief (a vertex dragged far away).

Follows the history: each undo step (a whole drag, merged into one step) is compared with the
areas at its start, so a drag that creeps outwards move by move is caught as the one edit it is.
Undo only updates the record: undoing a mistake is not one. The message goes to ``say`` (the
status bar), said once; the zones concerned are also kept as rows for ``show_rows`` (the checks
panel) as long as they stay so: until an undo takes the edit back, a later edit of the zone
brings it within bounds, the zone is deleted or another scenario is shown. Nothing is blocked.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import shapely

from parkplanner.core.editing.change import ChangeKind
from parkplanner.core.metrics.plausibility import area_jump_message, area_jump_rows, zone_areas

if TYPE_CHECKING:
    from parkplanner.core.editing.command import History
    from parkplanner.core.model.zone import Zone

__all__ = ["AreaJumpWatch"]

#: The changes that can move a zone's area.
_AREA_KINDS = frozenset({ChangeKind.ZONES_ADDED, ChangeKind.ZONES_REMOVED, ChangeKind.ZONES_RESHAPED})


class AreaJumpWatch:
    def __init__(self, history: "History", say: Callable[[str], None],
                 show_rows: Callable[[list[dict]], None] | None = None) -> None:
        self.history = history
        self.say = say
        self.show_rows = show_rows
        self.last_message = ""
        #: zone id -> the checks-panel row of the edit that changed its area beyond belief
        self.rows: dict[int, dict] = {}
        self._reset()
        history.changed.connect(self._on_changes)

    def close(self) -> None:
        self.history.changed.disconnect(self._on_changes)

    def _reset(self) -> None:
        scenario = self.history.project.active_scenario
        self._scenario_id = scenario.id
        # The zones as they were (a copy of the dictionary, not of the zones): an area is measured
        # only when an edit touches its zone. Measuring every zone per shown scenario cost ~40 ms
        # of the GUI thread at 100,000 zones, on every scenario switch.
        self._zones: dict[int, Zone] = dict(scenario.zones)
        self._baseline: dict[int, float | None] = {}  # see _on_changes
        self._step = self._position()
        self._set_rows({})

    def _set_rows(self, rows: dict[int, dict]) -> None:
        if rows != self.rows:
            self.rows = rows
            if self.show_rows is not None:
                self.show_rows(list(rows.values()))

    def _on_changes(self, changes) -> None:
        scenario = self.history.project.active_scenario
        if scenario.id != self._scenario_id:
            self._reset()
            return
        # Only a zone's shape moves its area: an attribute edit (a workshop FAR step rewrites
        # thousands of zones) neither measures anything nor clears a zone's row.
        touched = {i for c in changes if c.kind in _AREA_KINDS and c.scenario_id == scenario.id for i in c.zone_ids}
        step = self._position()
        forward = step >= self._step
        if step != self._step:
            self._baseline = {}  # a new step (or undo/redo) starts from here
            self._step = step
            self.last_message = ""  # said once per step, not once per move of a drag
        # The area each zone had at the start of the step, taken when the step first touches it
        # (None: the zone did not exist then): not a copy of every zone's area per step.
        first = [i for i in touched if i not in self._baseline]
        was = [self._zones.get(i) for i in first]
        shapes = [z.geometry for z in was if z is not None]
        measured = iter(shapely.area(shapes).tolist() if shapes else ())
        self._baseline.update((i, next(measured) if z is not None else None) for i, z in zip(first, was))
        after = zone_areas(scenario, touched)
        zones = scenario.zones
        for zone_id in touched:
            if zone_id in zones:
                self._zones[zone_id] = zones[zone_id]
            else:
                self._zones.pop(zone_id, None)
        # Zones this step touched lose their old row: gone, taken back by undo, or judged anew.
        rows = {i: row for i, row in self.rows.items() if i not in touched}
        if not forward:
            self._set_rows(rows)
            return
        before = {i: self._baseline[i] for i in touched if self._baseline[i] is not None}
        rows.update((row["zone_id"], row) for row in area_jump_rows(before, after))
        self._set_rows(rows)
        message = area_jump_message(before, after)
        if message and message != self.last_message:
            self.say(message)
        self.last_message = message

    def _position(self) -> tuple[int, int]:
        # Steps recorded grows with each new step even at the undo limit, where the index stays;
        # undo and redo move the index. Merged moves of one drag change neither.
        return self.history.steps_recorded, self.history.index

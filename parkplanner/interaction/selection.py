"""The zone selection: view state of the edited scenario, never on the history.

It prunes zones the history removes and empties itself when the active scenario changes, so it
always names zones that exist.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from parkplanner.core.editing.change import ChangeKind, ProjectChange
from parkplanner.core.events import Signal

__all__ = ["Selection", "apply_click", "apply_box"]


class Selection:
    def __init__(self, project=None, history=None) -> None:
        self.project = project
        self._ids: frozenset[int] = frozenset()
        #: Emitted (frozenset[int]) with the new selection whenever it changes.
        self.changed = Signal()
        if history is not None:
            history.changed.connect(self.on_changes)

    @property
    def ids(self) -> frozenset[int]:
        return self._ids

    def __contains__(self, zone_id: object) -> bool:
        return zone_id in self._ids

    def __iter__(self) -> Iterator[int]:
        return iter(sorted(self._ids))

    def __len__(self) -> int:
        return len(self._ids)

    def __bool__(self) -> bool:
        return bool(self._ids)

    def set(self, ids: Iterable[int]) -> None:
        ids = frozenset(ids)
        if ids != self._ids:
            self._ids = ids
            self.changed.emit(ids)

    def add(self, ids: Iterable[int]) -> None:
        self.set(self._ids | frozenset(ids))

    def remove(self, ids: Iterable[int]) -> None:
        self.set(self._ids - frozenset(ids))

    def toggle(self, ids: Iterable[int]) -> None:
        self.set(self._ids ^ frozenset(ids))

    def clear(self) -> None:
        self.set(())

    def on_changes(self, changes: Iterable[ProjectChange]) -> None:
        for change in changes:
            if change.kind is ChangeKind.ACTIVE_SCENARIO:
                self.clear()
            elif change.kind is ChangeKind.ZONES_REMOVED and self._ids & change.zone_ids:
                if self.project is None or change.scenario_id == self.project.active_scenario_id:
                    self.remove(change.zone_ids)


def apply_click(selection: Selection, zone_id: int | None, modifiers: frozenset[str]) -> None:
    """Click selection: plain click selects only the zone (or nothing), Shift/Ctrl toggles it."""
    additive = bool({"shift", "ctrl"} & modifiers)
    if zone_id is None:
        if not additive:
            selection.clear()
    elif additive:
        selection.toggle([zone_id])
    else:
        selection.set([zone_id])


def apply_box(selection: Selection, zone_ids: Iterable[int], modifiers: frozenset[str]) -> None:
    """Rubber-band selection: replaces the selection, Shift adds to it, Ctrl removes from it."""
    if "ctrl" in modifiers:
        selection.remove(zone_ids)
    elif "shift" in modifiers:
        selection.add(zone_ids)
    else:
        selection.set(zone_ids)

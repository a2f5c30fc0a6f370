"""What a view keeps per scenario for quick switches back (a zone layer, legend totals).

The last ``limit`` scenarios shown keep their value; a value belongs to the scenario object it was
made for, so a scenario removed, or replaced by another of the same id (an undo of a removal, a
re-created workshop copy), never gets one made for the old object.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Generic, Iterable, TypeVar

from parkplanner.ui.idle_release import release_when_idle

__all__ = ["KeptPerScenario"]

T = TypeVar("T")


class KeptPerScenario(Generic[T]):
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._kept: OrderedDict[str, tuple[object, T]] = OrderedDict()  # least recently shown first

    def get(self, scenario) -> T | None:
        """The value kept for this very scenario object, if any."""
        kept = self._kept.get(scenario.id)
        return kept[1] if kept is not None and kept[0] is scenario else None

    def by_id(self, scenario_id: str) -> T | None:
        kept = self._kept.get(scenario_id)
        return kept[1] if kept is not None else None

    def __len__(self) -> int:
        return len(self._kept)

    def keep(self, scenario, value: T, scenarios: Iterable, recent: bool = True) -> None:
        """Keep ``value`` for ``scenario`` as the most recent (``recent``; else as the least
        recent: made ahead, never shown); forget the values of scenarios no longer among
        ``scenarios`` (the project's), and the oldest beyond the limit (freed once the planner
        pauses, ``idle_release``: a zone layer holds a thousand paths)."""
        self._kept[scenario.id] = (scenario, value)
        self._kept.move_to_end(scenario.id, last=recent)
        present = {id(s) for s in scenarios}
        for scenario_id, (owner, _) in list(self._kept.items()):
            if id(owner) not in present:
                release_when_idle(self._kept.pop(scenario_id))
        while len(self._kept) > self.limit:
            release_when_idle(self._kept.popitem(last=False))

    def clear(self) -> None:
        self._kept.clear()

"""Metrics and phase balances a comparison worked out, for the next comparison.

The comparison view follows edits: after each one it compares its pair again on a worker. The
side being edited is the shown scenario, whose numbers the bridge keeps up anyway; the other side
was computed from scratch every time (a third of a second at 20,000 zones, holding the
interpreter lock the window needs to paint), although nothing in it had changed. Its numbers,
and the phase balance of either side (which a comparison reads zone by zone, a fifth of a second
at 100,000 zones, even for a side whose metrics the bridge gives), are kept here until a change
names that scenario, or the whole project (parameters, sectors, phases, targets).

A worker's result may arrive after an edit it did not see: ``ticket`` notes each scenario's
edit count when the work starts, and ``keep`` files only what no edit has touched since.
"""
from __future__ import annotations

from typing import Any, Iterable

from parkplanner.core.editing.change import ChangeKind, ProjectChange

__all__ = ["ComputedMetrics"]


class ComputedMetrics:
    def __init__(self) -> None:
        #: scenario id -> (the scenario object they were computed for, its metrics or None, its phase balance)
        self._known: dict[str, tuple[Any, dict[str, Any], tuple]] = {}
        self._edits: dict[str, int] = {}  # scenario id -> changes seen naming it
        self._project_edits = 0  # changes seen to the project as a whole

    def get(self, project, scenario_id: str) -> tuple[dict[str, Any] | None, tuple] | None:
        """(metrics or None, phase balance) kept for ``scenario_id``, if it is still the same
        scenario object."""
        known = self._known.get(scenario_id)
        if known is None:
            return None
        try:
            live = project.scenario(scenario_id)
        except KeyError:
            live = None
        return known[1:] if live is known[0] else None

    def forget(self, changes: Iterable[ProjectChange]) -> None:
        """Drop what ``changes`` may have moved."""
        for change in changes:
            if change.kind is ChangeKind.ACTIVE_SCENARIO:
                continue  # showing another scenario moves no number
            if change.scenario_id is None or change.kind is ChangeKind.PROJECT:
                self._project_edits += 1
                self._known.clear()
            else:
                self._edits[change.scenario_id] = self._edits.get(change.scenario_id, 0) + 1
                self._known.pop(change.scenario_id, None)

    def ticket(self, scenario_ids: Iterable[str]) -> tuple[int, dict[str, int]]:
        """What ``keep`` checks: the edit counts of ``scenario_ids`` now (when the work starts)."""
        return self._project_edits, {sid: self._edits.get(sid, 0) for sid in scenario_ids}

    def keep(self, project, ticket: tuple[int, dict[str, int]], metrics: dict[str, dict[str, Any]],
             phases: dict[str, tuple]) -> None:
        """File the phase balances and metrics (where given: not those the bridge keeps up) the
        work computed for the ticket's scenarios that no edit has touched since."""
        project_edits, counts = ticket
        if project_edits != self._project_edits:
            return
        for scenario_id, count in counts.items():
            if count == self._edits.get(scenario_id, 0) and scenario_id in phases:
                try:
                    self._known[scenario_id] = (project.scenario(scenario_id), metrics.get(scenario_id),
                                                phases[scenario_id])
                except KeyError:
                    pass  # removed meanwhile

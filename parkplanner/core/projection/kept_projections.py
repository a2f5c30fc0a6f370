"""Projections kept per scenario, made again only when something they are made of changed.

The projection dock forecasts two scenarios after every edit, on a worker: at 100,000 zones each
``Projection.of`` reads every zone's attributes into columns (~120 ms holding the interpreter lock
the GUI thread waits for), although an edit changes one scenario and the other's projection comes
out the same. A projection depends on the scenario's zones, in their order, and on the project's
land-use scheme, phases, and the parameters and sectors in force for that scenario: when all are
what they were, the kept projection is the one a new reading would give, number for number. When a few zones
differ (an edit), only their rows of the kept zone columns are read again (``patched_basis``):
the edited scenario's projection then costs its ramp groups, not a reading of every zone.

Zones are immutable (an edit replaces the object), so "the same zones" is an identity test over
the scenario's dict, in one C-level pass (``replaced_ids``); the rest is compared by value.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import NamedTuple

from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import replaced_ids
from parkplanner.core.projection.forecast import Projection
from parkplanner.core.projection.zone_basis import patched_basis, zone_basis

__all__ = ["KeptProjections", "kept_projections"]

#: Scenarios whose projection is kept (a workshop compares a handful; older ones are dropped).
KEPT = 6
#: Up to this share of a scenario's zones changed (a workshop release rewrites a third), their rows
#: are read again; beyond, all of them.
PATCH_SHARE = 0.5


class _Kept(NamedTuple):
    inputs: tuple
    zones: dict  # the scenario's zones the projection was made of, in their order
    projection: Projection
    rows: dict  # zone id -> row of the projection's zone columns


def _inputs(project: Project, scenario: Scenario) -> tuple:
    """What a projection reads besides the zones (compared by value)."""
    return (project.scheme, tuple(project.phases), project.effective_parameters(scenario),
            tuple(sorted(project.effective_sectors(scenario).items())))


class KeptProjections:
    """``projection(project, scenario)``: ``Projection.of(project, scenario)``, kept per scenario id
    and given again while its zones and inputs are unchanged; safe to call from several threads.
    ``made`` counts the projections actually made (tests)."""

    def __init__(self, size: int = KEPT) -> None:
        self._size = size
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        self._lock = threading.Lock()
        self.made = 0

    def projection(self, project: Project, scenario: Scenario) -> Projection:
        zones = scenario.zones
        inputs = _inputs(project, scenario)
        with self._lock:
            kept = self._kept.get(scenario.id)
        if kept is not None and (kept.inputs != inputs or list(kept.zones) != list(zones)):
            kept = None  # the rows of its columns are not the scenario's zones any more
        changed = replaced_ids(kept.zones, zones) if kept is not None else None
        if changed is not None and not changed.size:
            with self._lock:
                if scenario.id in self._kept:
                    self._kept.move_to_end(scenario.id)
            return kept.projection
        basis, rows = None, {}
        if changed is not None and changed.size <= PATCH_SHARE * len(zones):
            rows = kept.rows
            basis = patched_basis(project, scenario, kept.projection.basis, rows, [zones[i] for i in changed.tolist()])
        if basis is None:
            basis = zone_basis(project, scenario)
            rows = dict(zip(basis.zone_ids.tolist(), range(len(basis.zone_ids))))
        projection = Projection(basis)
        with self._lock:
            self.made += 1
            self._kept[scenario.id] = _Kept(inputs, dict(zones), projection, rows)
            self._kept.move_to_end(scenario.id)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)
        return projection

    def clear(self) -> None:
        """Forget every projection (another project is shown)."""
        with self._lock:
            self._kept.clear()


_shared = KeptProjections()


def kept_projections() -> KeptProjections:
    """The application's kept projections (the projection dock's and the workshop's)."""
    return _shared

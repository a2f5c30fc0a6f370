"""What the history tells its listeners after every apply, undo or redo."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

__all__ = ["ChangeKind", "ProjectChange"]


class ChangeKind(Enum):
    ZONES_ADDED = "zones_added"
    ZONES_REMOVED = "zones_removed"
    ZONES_RESHAPED = "zones_reshaped"  # geometry changed (attributes may too)
    ZONES_ATTRIBUTES = "zones_attributes"  # attributes only
    SCENARIOS = "scenarios"  # scenario list, names, order or overrides changed
    ACTIVE_SCENARIO = "active_scenario"
    PROJECT = "project"  # a project-wide field (parameters, sectors, scheme, phases, ...)


@dataclass(frozen=True, slots=True)
class ProjectChange:
    """One kind of change to some zones of one scenario, or to a project field.

    ``zone_ids`` names the zones touched; ``field`` names the project field for PROJECT changes,
    and for ZONES_ATTRIBUTES the one zone attribute the edit changed when it says so (None: any of
    them), so that a listener drawing codes can pass over a workshop step rewriting 30,000 FARs.
    """

    kind: ChangeKind
    scenario_id: str | None = None
    zone_ids: frozenset[int] = frozenset()
    field: str | None = None

    @property
    def touches_zones(self) -> bool:
        return self.kind in (ChangeKind.ZONES_ADDED, ChangeKind.ZONES_REMOVED, ChangeKind.ZONES_RESHAPED,
                             ChangeKind.ZONES_ATTRIBUTES)

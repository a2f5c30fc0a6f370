"""A scenario: one branch of the project's zoning, with optional parameter and sector overrides."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from parkplanner.core.model.zone import Zone

__all__ = ["Scenario"]


@dataclass(eq=False)
class Scenario:
    """Mutable container of zones. Only history commands change it (docs/architecture.md)."""

    id: str
    name: str
    zones: dict[int, Zone] = field(default_factory=dict)
    description: str = ""
    #: Project parameter overrides for this scenario (keys as in Parameters.to_dict()).
    parameter_overrides: dict[str, Any] = field(default_factory=dict)
    #: Per-sector field overrides: {sector_id: {field: value}}.
    sector_overrides: dict[str, dict[str, float]] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Zone]:
        return iter(self.zones.values())

    def __len__(self) -> int:
        return len(self.zones)

    def next_zone_id(self) -> int:
        return max(self.zones, default=0) + 1

    def copy(self, new_id: str, new_name: str) -> "Scenario":
        # Zones are immutable values: sharing them between scenarios is safe and cheap.
        return Scenario(
            id=new_id, name=new_name, zones=self.zones.copy(), description=self.description,
            parameter_overrides=dict(self.parameter_overrides),
            sector_overrides={k: dict(v) for k, v in self.sector_overrides.items()},
        )

    def snapshot(self) -> tuple:
        """A comparable value of everything in the scenario (used by tests and checkpoints)."""
        zones = tuple(
            (z.id, tuple(sorted(z.attributes().items(), key=lambda kv: kv[0])), z.geometry.wkb)
            for z in self.zones.values()
        )
        return (self.id, self.name, self.description, _freeze(self.parameter_overrides),
                _freeze(self.sector_overrides), zones)


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    return value

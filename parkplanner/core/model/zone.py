"""A functional zone: an immutable value, so history commands can hold old and new zones cheaply."""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, fields, replace
from itertools import repeat
from operator import attrgetter, is_not
from typing import Any, Iterable, Sequence

import numpy as np
from shapely.geometry import MultiPolygon, Polygon

from parkplanner.core.collector import collector_paused

__all__ = ["Zone", "ZONE_ATTRIBUTES", "ATTRIBUTE_RANGES", "validate_attribute", "with_field", "replaced_ids", "stale_ids"]

#: Editable attributes (everything but id and geometry), in display order.
ZONE_ATTRIBUTES: tuple[str, ...] = (
    "name", "code", "sector", "far", "coverage", "green_ratio", "height_m", "phase", "start_year",
    "gfa_override_m2", "parcel_code",
)

#: Plausible ranges (inclusive) checked on every edit; None means open-ended.
ATTRIBUTE_RANGES: dict[str, tuple[float | None, float | None]] = {
    "far": (0.0, 20.0),
    "coverage": (0.0, 1.0),
    "green_ratio": (0.0, 1.0),
    "height_m": (0.0, 1000.0),
    "phase": (1, 99),
    "start_year": (1900, 2200),
    "gfa_override_m2": (0.0, None),
}
_ATTRIBUTE_SET = frozenset(ZONE_ATTRIBUTES)
_INTEGERS = {"phase", "start_year"}
_OPTIONAL = {"sector", "coverage", "green_ratio", "height_m", "start_year", "gfa_override_m2", "parcel_code"}


@dataclass(frozen=True, slots=True)
class Zone:
    id: int
    geometry: Polygon | MultiPolygon
    code: str
    name: str = ""
    sector: str | None = None
    far: float = 0.0
    coverage: float | None = None
    green_ratio: float | None = None
    height_m: float | None = None
    phase: int = 1
    start_year: int | None = None
    gfa_override_m2: float | None = None
    #: The planner's name of the parcel (地块编码), e.g. "BD01-03-12"; see core/parcels/codes.py.
    parcel_code: str | None = None

    @property
    def area_m2(self) -> float:
        return self.geometry.area

    @property
    def gfa_m2(self) -> float:
        return self.gfa_for_area(self.geometry.area)

    def gfa_for_area(self, area_m2: float) -> float:
        """The GFA given the zone's area, for callers that have the areas of many zones from one
        vectorised call (a shapely call per zone costs microseconds)."""
        return self.gfa_override_m2 if self.gfa_override_m2 is not None else area_m2 * self.far

    def with_changes(self, **changes: Any) -> "Zone":
        return replace(self, **changes)

    def attributes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in ZONE_ATTRIBUTES}

    def same_as(self, other: "Zone") -> bool:
        """Value equality including exact geometry (dataclass == compares shapely objects by identity)."""
        return (
            self.id == other.id
            and self.attributes() == other.attributes()
            and self.geometry.equals_exact(other.geometry, 0.0)
            and self.geometry.geom_type == other.geometry.geom_type
        )


#: (slot setter, getter) of every Zone field, in field order.
_SLOTS = tuple((Zone.__dict__[f.name].__set__, attrgetter(f.name)) for f in fields(Zone))


def with_field(zones: Sequence[Zone], name: str, values: Iterable[Any]) -> list[Zone]:
    """``[zone.with_changes(**{name: value}) for zone, value in zip(zones, values)]``, for many zones.

    A workshop step rewrites every zone of a class. A frozen dataclass sets each field of each
    new zone through ``object.__setattr__``; here the slots are filled one field at a time across
    all the zones, in C-level loops, at about a third of the cost. Like the constructor, values
    are taken as given (validate them first).
    """
    if name not in Zone.__dataclass_fields__:
        raise ValueError(f"unknown zone field {name!r}")
    # Tens of thousands of new objects at once: each burst would set off the cycle collector,
    # which walks every object alive (a release at 100,000 zones took 0.35 s instead of 0.07).
    with collector_paused():
        made = list(map(object.__new__, repeat(Zone, len(zones))))
        for setter, getter in _SLOTS:
            deque(map(setter, made, map(getter, zones)), maxlen=0)
        deque(map(Zone.__dict__[name].__set__, made, values), maxlen=0)
    return made


def validate_attribute(name: str, value: Any) -> Any:
    """Coerce ``value`` for attribute ``name`` or raise ValueError with a planner-readable reason."""
    if name not in _ATTRIBUTE_SET:  # every field but id and geometry (a set: the importer calls this per cell)
        raise ValueError(f"unknown zone attribute {name!r}")
    if value is None or (isinstance(value, str) and value.strip() == "" and name != "name"):
        if name in _OPTIONAL:
            return None
        raise ValueError(f"{name} is required")
    if name in ("name", "code", "sector", "parcel_code"):
        return str(value).strip() if name != "name" else str(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, not {value!r}") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError(f"{name} must be a finite number")
    low, high = ATTRIBUTE_RANGES.get(name, (None, None))
    if low is not None and number < low or high is not None and number > high:
        if high is None:
            raise ValueError(f"{name} must be at least {low:g}")
        raise ValueError(f"{name} must be between {low:g} and {high:g}")
    if name in _INTEGERS:
        if number != int(number):
            raise ValueError(f"{name} must be a whole number")
        return int(number)
    return number


def replaced_ids(zones_a: dict[int, Zone], zones_b: dict[int, Zone]) -> np.ndarray:
    """Ids of ``zones_a`` whose Zone object in ``zones_b`` is another one, or none (int64, in
    ``zones_a``'s order). Zones are immutable and an edit replaces the object, so identity says
    what changed; the identities are compared in one C-level pass (``map(is_not)`` into numpy), not
    zone by zone in Python (two scenarios, or an engine's record and its scenario, usually list the
    same ids in the same order, and then no id is looked up)."""
    n = len(zones_a)
    ids = np.fromiter(zones_a, np.int64, n)
    # Same ids in the same order: the values side by side; else each looked up (None: missing).
    theirs = zones_b.values() if n == len(zones_b) and list(zones_a) == list(zones_b) else map(zones_b.get, zones_a)
    return ids[np.fromiter(map(is_not, zones_a.values(), theirs), bool, n)]


def stale_ids(kept: dict[int, Zone], zones: dict[int, Zone]) -> set[int]:
    """Ids whose zone in ``zones`` is not the object in ``kept``: edited, removed from ``zones``,
    or added to it (a record of zones brought up to date with a scenario). The zones added are
    looked for only when the two cannot hold the same ids: equal sizes and every id of ``kept``
    found mean the same ids, and the set difference of 100,000 ids costs as much as the rest."""
    replaced = replaced_ids(kept, zones)
    stale = set(replaced.tolist())
    if len(kept) != len(zones) or any(i not in zones for i in stale):
        stale.update(zones.keys() - kept.keys())
    return stale

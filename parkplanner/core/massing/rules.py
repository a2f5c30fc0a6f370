"""The massing rule (docs/massing_3d.md): what each zone becomes in 3D.

- Footprint: the zone inset evenly until its area is coverage × zone area; the whole zone when
  coverage is unknown.
- Height: the zone's height limit when it has one; else GFA ÷ footprint (storeys) × the storey
  height of its generic class (a project parameter).
- Roads, green, water and farmland lie flat on the ground; so does a built zone with no coverage,
  no GFA and no height limit (nothing to build).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from parkplanner.core.model.parameters import BUILT_CLASSES
from parkplanner.core.model.zone import Zone

__all__ = ["ZoneMassing", "zone_massing", "UNKNOWN_CLASS"]

#: Generic class of codes the catalogue does not know: drawn flat and grey, never guessed.
UNKNOWN_CLASS = "?"


@dataclass(frozen=True, slots=True)
class ZoneMassing:
    """What the rule gives for one zone: built or flat, the footprint share and the height."""

    built: bool
    coverage: float  # footprint area ÷ zone area (1.0 when unknown)
    height_m: float  # 0 for flat zones


def zone_massing(zone: Zone, generic: str, storey_height_m: Mapping[str, float], area: float) -> ZoneMassing:
    """The rule for ``zone`` of ``generic`` class, whose area is ``area`` m²."""
    if generic not in BUILT_CLASSES:
        return ZoneMassing(False, 1.0, 0.0)
    coverage = 1.0 if zone.coverage is None else float(zone.coverage)
    if coverage <= 0.0 or area <= 0.0:
        return ZoneMassing(False, 1.0, 0.0)
    if zone.height_m is not None and zone.height_m > 0:
        height = float(zone.height_m)
    else:
        storeys = zone.gfa_for_area(area) / (coverage * area)
        height = storeys * storey_height_m.get(generic, 0.0)
    if not height > 0.0:
        return ZoneMassing(False, 1.0, 0.0)
    return ZoneMassing(True, coverage, height)

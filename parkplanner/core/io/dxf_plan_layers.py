"""The project boundary and the phases in a CAD drawing: written by our export, read back by the import.

The export draws the boundary on :data:`BOUNDARY_LAYER` and each phase on a layer of its own
(:func:`phase_layer_name`), as closed polylines around their areas. A layer name is all a CAD user
sees, and it may lose characters AutoCAD refuses, so each phase outline also carries XDATA of our
application with the phase's number, name, start year and whether the phase has an area of its own
(else it is the union of its zones, as the project keeps it). The import takes these outlines out
of the drawing before parcels are made, so they never become zones or swallow a parcel's label.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import shapely

from parkplanner.core.model.project import Phase

__all__ = ["BOUNDARY_LAYER", "PlanLayers", "cad_layer_name", "phase_layer_name", "phase_xdata", "take_plan_layers"]

BOUNDARY_LAYER = "PP_BOUNDARY 规划范围"
_PHASE_LAYER = re.compile(r"^PP_PHASE_(\d+)\b(?:\s*分期\s*(.*))?$")
#: Characters AutoCAD refuses in layer names.
_LAYER_FORBIDDEN = str.maketrans({c: "_" for c in '<>/\\":;?*|=`'})


def cad_layer_name(text: str) -> str:
    """``text`` as a layer name AutoCAD accepts."""
    return text.translate(_LAYER_FORBIDDEN).strip()


def phase_layer_name(number: int, title: str) -> str:
    return cad_layer_name(f"PP_PHASE_{number} 分期 {title}")


def phase_xdata(app_id: str, phase: Phase | None, number: int) -> str:
    """The XDATA group text of a phase outline (``key=value`` strings, as on the zones)."""
    values = {"phase": str(number)}
    if phase is not None:
        values.update(phase_name=" ".join(phase.name.splitlines()), start_year=str(phase.start_year),
                      phase_area="own" if phase.geometry is not None else "zones")
    return f"1001\n{app_id}\n" + "".join(f"1000\n{key}={value}\n" for key, value in values.items())


@dataclass
class PlanLayers:
    """What the drawing's boundary and phase layers hold, in metres."""

    boundary: object | None = None  # a Polygon or MultiPolygon
    phases: list[Phase] = field(default_factory=list)
    unscheduled: list[int] = field(default_factory=list)  # phase layers without a start year


def take_plan_layers(rings: list[tuple[np.ndarray, str, dict[str, str]]], scale: float) -> PlanLayers:
    """Remove the outlines on the boundary and phase layers from ``rings`` (the drawing's closed
    polylines) and make the boundary and the phases of them."""
    boundary: list[np.ndarray] = []
    phases: dict[int, tuple[dict[str, str], str, list[np.ndarray]]] = {}
    kept = []
    for ring in rings:
        coords, layer, xdata = ring
        match = _PHASE_LAYER.match(layer.strip())
        if layer.strip() == BOUNDARY_LAYER:
            boundary.append(coords * scale)
        elif match is not None:
            number = int(xdata.get("phase", match.group(1)))
            _, _, outlines = phases.setdefault(number, (dict(xdata), (match.group(2) or "").strip(), []))
            outlines.append(coords * scale)
        else:
            kept.append(ring)
    rings[:] = kept
    found = PlanLayers(boundary=_area(boundary))
    for number in sorted(phases):
        xdata, title, outlines = phases[number]
        try:
            year = int(xdata["start_year"])
        except (KeyError, ValueError):
            found.unscheduled.append(number)
            continue
        name = xdata.get("phase_name") or title or f"Phase {number}"
        geometry = _area(outlines) if xdata.get("phase_area", "own") == "own" else None
        found.phases.append(Phase(number, name, year, geometry))
    return found


def _area(outlines: list[np.ndarray]):
    """The union of closed outlines (None without any): one polygon, or a multipolygon of parts."""
    polygons = [shapely.Polygon(coords) for coords in outlines if len(coords) >= 3]
    polygons = [shapely.make_valid(p) if not p.is_valid else p for p in polygons]
    if not polygons:
        return None
    area = shapely.union_all(polygons)
    parts = [p for p in shapely.get_parts(area) if p.geom_type == "Polygon" and p.area > 0]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)

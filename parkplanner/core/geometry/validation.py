"""The gate every geometry passes before it enters the model: valid polygonal, non-empty, metric.

Repairs follow shapely's ``make_valid``; what cannot become a polygon is refused with a reason.
"""
from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

__all__ = ["GeometryRefused", "as_zone_polygon", "repair_polygon", "MIN_ZONE_AREA_M2"]

#: Anything smaller is a digitising accident, not a planning zone.
MIN_ZONE_AREA_M2 = 1.0


class GeometryRefused(ValueError):
    """A geometry that cannot become a zone; the message says why."""


def repair_polygon(geom: BaseGeometry) -> tuple[Polygon | MultiPolygon, bool]:
    """Return a valid (multi)polygon for ``geom`` and whether a repair was needed.

    Raises GeometryRefused for points, lines, empty or degenerate input.
    """
    if geom is None:
        raise GeometryRefused("no geometry")
    if geom.is_empty:
        raise GeometryRefused("the geometry is empty")
    if geom.geom_type not in ("Polygon", "MultiPolygon", "GeometryCollection"):
        raise GeometryRefused(f"a zone must be a polygon, not a {geom.geom_type}")
    if shapely.has_z(geom):
        geom = shapely.force_2d(geom)
    # GEOS's make_valid raises on an infinite or NaN coordinate (a GeoJSON "Infinity", a broken
    # export): refuse it here with a reason instead.
    if not np.isfinite(shapely.get_coordinates(geom)).all():
        raise GeometryRefused("the geometry has non-finite coordinates")
    repaired = False
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
        repaired = True
    polygonal = _polygonal_part(geom)
    if polygonal is None or polygonal.is_empty:
        raise GeometryRefused("the geometry has no area (it collapses to a line or a point)")
    if polygonal.geom_type == "MultiPolygon" and len(polygonal.geoms) == 1:
        polygonal = polygonal.geoms[0]
    return polygonal, repaired


def as_zone_polygon(geom: BaseGeometry) -> Polygon | MultiPolygon:
    """Validate strictly for interactive edits: repaired input is accepted, tiny zones refused."""
    polygon, _ = repair_polygon(geom)
    if not all(map(_finite, polygon.bounds)):
        raise GeometryRefused("the geometry has non-finite coordinates")
    if polygon.area < MIN_ZONE_AREA_M2:
        raise GeometryRefused(f"the zone would be smaller than {MIN_ZONE_AREA_M2:g} m²")
    return polygon


def _finite(value: float) -> bool:
    return value == value and abs(value) != float("inf")


def _polygonal_part(geom: BaseGeometry) -> Polygon | MultiPolygon | None:
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return None
    polys = []
    for part in parts:
        polys.extend(part.geoms if part.geom_type == "MultiPolygon" else [part])
    return MultiPolygon(polys) if len(polys) > 1 else polys[0]

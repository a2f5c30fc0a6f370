"""Zones that cover the same land: the area counted more than once by every sum over zones.

A municipality imported with its own districts, or two drafts of one plot, make the total area,
GFA, jobs and every share double what is on the ground. Pairs are found with an STR tree by the
predicates under which two polygons share interior (overlaps, contains, within), so zones that
only touch along an edge cost no intersection; shared slivers below OVERLAP_NOISE_M2 (edges that
do not quite meet) are noise, not overlap.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from parkplanner.core.geometry.editing import OVERLAP_NOISE_M2

__all__ = ["Overlaps", "find_overlaps", "area_text"]


@dataclass(frozen=True)
class Overlaps:
    #: Index pairs (i < j) of the geometries that share more than noise.
    pairs: tuple[tuple[int, int], ...]
    #: Land counted more than once: Σ area − area of the union, over the overlapping geometries.
    excess_m2: float
    #: Σ area of all geometries / area of their union (1.0 without overlaps).
    count_factor: float

    def __bool__(self) -> bool:
        return bool(self.pairs)

    def to_dict(self, ids=None) -> dict:
        name = (lambda i: int(i)) if ids is None else (lambda i: ids[i])
        return {"overlap_m2": round(self.excess_m2, 2), "pairs": len(self.pairs),
                "counted_times": round(self.count_factor, 4),
                "first_pair": [name(i) for i in self.pairs[0]] if self.pairs else None}


def find_overlaps(geometries) -> Overlaps:
    geoms = np.asarray(geometries, dtype=object)
    if len(geoms) < 2:
        return Overlaps((), 0.0, 1.0)
    tree = shapely.STRtree(geoms)
    found = [tree.query(geoms, predicate=p) for p in ("overlaps", "contains", "within")]
    left, right = np.concatenate([f[0] for f in found]), np.concatenate([f[1] for f in found])
    keep = left < right
    candidates = np.unique(np.column_stack([left[keep], right[keep]]), axis=0)
    if not len(candidates):
        return Overlaps((), 0.0, 1.0)
    shared = shapely.area(shapely.intersection(geoms[candidates[:, 0]], geoms[candidates[:, 1]]))
    pairs = candidates[shared > OVERLAP_NOISE_M2]
    if not len(pairs):
        return Overlaps((), 0.0, 1.0)
    involved = np.unique(pairs)
    excess = float(shapely.area(geoms[involved]).sum() - shapely.union_all(geoms[involved]).area)
    total = float(shapely.area(geoms).sum())
    return Overlaps(tuple((int(a), int(b)) for a, b in pairs), excess, total / (total - excess))


def area_text(m2: float) -> str:
    """"12,100.3 km²", "35.20 ha" or "120 m²": the unit a planner reads that size in."""
    if m2 >= 1e6:
        return f"{m2 / 1e6:,.1f} km²"
    if m2 >= 1e4:
        return f"{m2 / 1e4:,.2f} ha"
    return f"{m2:,.0f} m²"

"""The import's warning about zones that cover the same land (see core.geometry.overlaps)."""
from __future__ import annotations

import numpy as np

from parkplanner.core.geometry.overlaps import area_text, find_overlaps
from parkplanner.core.model.zone import Zone

__all__ = ["overlap_notes"]


def overlap_notes(label: str, zones: list[Zone]) -> list[str]:
    """One warning when imported zones overlap, naming the area counted twice and a first pair."""
    found = find_overlaps(np.array([z.geometry for z in zones], dtype=object))
    if not found:
        return []
    first = found.pairs[0]
    rows = " and ".join(str(zones[i].id) for i in first)
    pairs = f"{len(found.pairs)} pairs of zones overlap" if len(found.pairs) > 1 else "2 zones overlap"
    return [f"{label}: {pairs} (first: rows {rows}); {area_text(found.excess_m2)} of land is counted more than "
            f"once, so totals are {found.count_factor:.2f}× the land covered; remove the duplicates or trim the zones"]

"""The import's warning about zones that cover the same land (topology.overlap_summary)."""
from __future__ import annotations

from parkplanner.core.geometry.topology import overlap_summary
from parkplanner.core.model.zone import Zone

__all__ = ["overlap_notes", "area_text"]


def overlap_notes(label: str, zones: list[Zone]) -> list[str]:
    """One warning when imported zones overlap, naming the area counted twice and a first pair."""
    found = overlap_summary(zones)
    if not found:
        return []
    a, b = found.overlaps[0].zone_ids  # zone ids are the source's row numbers
    pairs = f"{len(found.overlaps)} pairs of zones overlap" if len(found.overlaps) > 1 else "2 zones overlap"
    return [f"{label}: {pairs} (first: rows {a} and {b}); {area_text(found.excess_m2)} of land is counted more "
            f"than once, so totals are {found.count_factor:.2f}× the land covered; remove the duplicates or trim "
            f"the zones"]


def area_text(m2: float) -> str:
    """"12,100.3 km²", "35.20 ha" or "120 m²": the unit a planner reads that size in."""
    if m2 >= 1e6:
        return f"{m2 / 1e6:,.1f} km²"
    if m2 >= 1e4:
        return f"{m2 / 1e4:,.2f} ha"
    return f"{m2:,.0f} m²"

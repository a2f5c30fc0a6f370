"""A hand-drawn plan shared by the parcel tests: four blocks around a cross road."""
from __future__ import annotations

from shapely.geometry import box

from parkplanner.core.model.zone import Zone

ROAD, HOUSING, INDUSTRY = "1207", "0701", "1001"


def cross_roads_plan() -> list[Zone]:
    """A 210 m square cut into four blocks by a 10 m cross road (drawn by hand below).

    NW block: two parcels side by side (ids 1 west, 2 east); NE: one (3); SW: one (4);
    SE: two stacked (5 north, 6 south). Roads: 7 vertical, 8 west arm, 9 east arm.
    """
    return [
        Zone(1, box(0, 110, 50, 210), HOUSING), Zone(2, box(50, 110, 100, 210), INDUSTRY),
        Zone(3, box(110, 110, 210, 210), INDUSTRY), Zone(4, box(0, 0, 100, 100), HOUSING),
        Zone(5, box(110, 50, 210, 100), INDUSTRY), Zone(6, box(110, 0, 210, 50), HOUSING),
        Zone(7, box(100, 0, 110, 210), ROAD), Zone(8, box(0, 100, 100, 110), ROAD),
        Zone(9, box(110, 100, 210, 110), ROAD),
    ]

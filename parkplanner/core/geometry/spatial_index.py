"""An STRtree over one scenario's zones that follows the history without rebuilding per edit.

Edited zones are marked stale: tree hits on them are ignored and their current geometries are
tested directly, so a vertex drag costs a few shapely calls; the tree is rebuilt lazily, on the
next query, once many zones went stale or the scenario changed.
"""
from __future__ import annotations

from typing import Callable, Iterable

import numpy as np
import shapely
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

from parkplanner.core.editing.change import ChangeKind, ProjectChange
from parkplanner.core.model.project import Project

__all__ = ["SpatialIndex"]

#: Beyond this many stale zones a rebuild (~3 ms per 10k zones) beats testing them one by one.
REBUILD_AFTER = 256


class SpatialIndex:
    """Queries return zone ids of the scenario ``scenario_id()`` (the active one by default)."""

    def __init__(self, project: Project, history=None,
                 scenario_id: Callable[[], str] | None = None) -> None:
        self.project = project
        self._scenario_id = scenario_id or (lambda: project.active_scenario_id)
        self._tree: shapely.STRtree | None = None
        self._ids = np.empty(0, dtype=np.int64)
        self._position: dict[int, int] = {}
        self._built_for: str | None = None
        self._stale: set[int] = set()
        self.rebuilds = 0  # for tests and benchmarks
        if history is not None:
            history.changed.connect(self.on_changes)

    # -- keeping up to date --------------------------------------------------------------------
    def on_changes(self, changes: Iterable[ProjectChange]) -> None:
        for change in changes:
            if change.kind in (ChangeKind.ACTIVE_SCENARIO, ChangeKind.SCENARIOS):
                self.invalidate()
            elif change.touches_zones and change.kind is not ChangeKind.ZONES_ATTRIBUTES:
                if change.scenario_id == self._built_for:
                    self._stale |= change.zone_ids

    def invalidate(self) -> None:
        self._tree = None

    def zones(self) -> dict:
        """The zones of the indexed scenario (as they are now)."""
        return self.project.scenario(self._scenario_id()).zones

    def _ensure(self) -> None:
        if self._tree is None or self._built_for != self._scenario_id() or len(self._stale) > REBUILD_AFTER:
            zones = self.zones()
            self._ids = np.fromiter(zones.keys(), dtype=np.int64, count=len(zones))
            self._tree = shapely.STRtree([z.geometry for z in zones.values()])
            self._position = {zone_id: n for n, zone_id in enumerate(self._ids.tolist())}
            self._built_for = self._scenario_id()
            self._stale = set()
            self.rebuilds += 1

    # -- queries -------------------------------------------------------------------------------
    def query(self, geometry: BaseGeometry, predicate: str | None = "intersects",
              distance: float | None = None) -> list[int]:
        """Ids of zones for which ``predicate(geometry, zone)`` holds, in drawing order.

        ``predicate`` is any STRtree predicate ("intersects", "contains", "dwithin" with
        ``distance``, ...); None means bounding boxes intersect.
        """
        self._ensure()
        hits = self._tree.query(geometry, predicate=predicate, distance=distance)
        ids = [i for i in self._ids[hits].tolist() if i not in self._stale]
        if self._stale:
            zones = self.zones()
            for zone_id in self._stale:
                zone = zones.get(zone_id)
                if zone is not None and _holds(predicate, geometry, zone.geometry, distance):
                    ids.append(zone_id)
        end = len(self._position)
        return sorted(ids, key=lambda i: self._position.get(i, end))

    def at_point(self, x: float, y: float, tolerance: float = 0.0) -> list[int]:
        """Zones under (x, y) or within ``tolerance`` of it, topmost (last drawn) first."""
        point = Point(x, y)
        ids = (self.query(point, "dwithin", distance=tolerance) if tolerance > 0
               else self.query(point, "intersects"))
        return ids[::-1]

    def in_box(self, xmin: float, ymin: float, xmax: float, ymax: float,
               contained: bool = False) -> list[int]:
        """Zones touching the box, or only those inside it when ``contained``."""
        area = box(min(xmin, xmax), min(ymin, ymax), max(xmin, xmax), max(ymin, ymax))
        return self.query(area, "contains" if contained else "intersects")

    def near(self, geometry: BaseGeometry, distance: float) -> list[int]:
        return self.query(geometry, "dwithin", distance=distance)


def _holds(predicate: str | None, geometry: BaseGeometry, other: BaseGeometry,
           distance: float | None) -> bool:
    if predicate is None:
        return shapely.intersects(shapely.envelope(geometry), shapely.envelope(other))
    if predicate == "dwithin":
        return bool(shapely.dwithin(geometry, other, distance))
    return bool(getattr(shapely, predicate)(geometry, other))

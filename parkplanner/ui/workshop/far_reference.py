"""What the workshop's FAR sliders read: per generic class, the FAR multiplier of a scenario
relative to the FARs the sliders first saw in it.

The zones of that first sight are kept as columns (area and FAR then; FAR, generic class and
presence now), so a multiplier is two weighted sums per class over arrays, and a history step
rewrites only the rows of the zones it names: the release of a FAR drag over thousands of zones,
an undo or an edit elsewhere costs a pass over those zones, never over the whole scenario.
Zones drawn since the first sight do not count (they have no reference FAR).
"""
from __future__ import annotations

import threading
from itertools import compress, repeat
from operator import attrgetter, is_not
from typing import Iterable

import numpy as np
import shapely

from parkplanner.core import foreground
from parkplanner.core.editing.change import ChangeKind, ProjectChange
from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.ui.tasks import run_on_worker

__all__ = ["FarReference", "class_zone_ids", "generic_lookup"]

_ID, _GEOMETRY, _FAR, _CODE = (attrgetter(name) for name in ("id", "geometry", "far", "code"))


def class_zone_ids(project, scenario, generic: str) -> list[int]:
    """Ids of ``scenario``'s zones whose code belongs to generic class ``generic``."""
    lookup = generic_lookup(project.scheme)
    return [zone.id for zone in scenario if lookup[zone.code] == generic]


class _GenericLookup(dict):
    """code -> generic class of one scheme, filled on first use of each code (a dict lookup per
    zone instead of a catalogue search; extension codes resolve like everywhere else, via find)."""

    def __init__(self, scheme: str) -> None:
        super().__init__()
        self.scheme = scheme

    def __missing__(self, code: str) -> str:
        cls = default_catalogue().find(self.scheme, code)
        self[code] = cls.generic_class if cls is not None else ""
        return self[code]


_LOOKUPS: dict[str, _GenericLookup] = {}


def generic_lookup(scheme: str) -> _GenericLookup:
    return _LOOKUPS.setdefault(scheme, _GenericLookup(scheme))


class FarReference:
    """The FAR multipliers of one scenario of ``project`` over ``classes``, kept up to date by
    ``follow(changes)``."""

    def __init__(self, project, scenario, classes: tuple[str, ...], on_worker: bool = False) -> None:
        """``on_worker``: the first sight is read on a worker (~80 ms at 100,000 zones, when the
        workshop opens): until it arrives the multipliers are 1.0 by definition, and whatever
        needs more (a drag, a history step's changes once asked about) waits for it."""
        self.project = project
        self.scenario_id = scenario.id
        self.classes = classes
        self._index = {cls: n for n, cls in enumerate(classes)}  # other classes: len(classes)
        self._zones = scenario.zones  # the dict of the first sight: another one is read anew
        self._ready = threading.Event()
        self._failed: BaseException | None = None
        self._backlog: list[list[ProjectChange]] = []  # steps taken before the first sight arrived
        zones, scheme = list(scenario), project.scheme  # immutable zones: readable on any thread
        if on_worker:
            run_on_worker(lambda: self._first_sight(zones, scheme))
        else:
            self._first_sight(zones, scheme)
            self._arrived()

    def _first_sight(self, zones: list, scheme: str) -> None:
        # Workshop mode opens on a district's 100,000 zones too: every column is read in a C-level
        # pass (map, attrgetter), the classes through one lookup per code.
        try:
            # Each pass holds the interpreter lock ~5-15 ms at 100,000 zones: the GUI thread's
            # turns (the workshop's first paints) go first between them.
            n = len(zones)
            self.ids = np.fromiter(map(_ID, zones), dtype=np.int64, count=n)
            foreground.give_way()
            self.position = dict(zip(self.ids.tolist(), range(n)))
            foreground.give_way()
            self.area = shapely.area(np.fromiter(map(_GEOMETRY, zones), dtype=object, count=n)) if zones else np.zeros(0)
            foreground.give_way()
            self.reference_far = np.fromiter(map(_FAR, zones), dtype=float, count=n)
            # Now is the first sight: every zone present, its FAR the reference, its class read once.
            self.far = self.reference_far.copy()
            self.present = np.ones(n, dtype=bool)
            foreground.give_way()
            self.cls = self._classes_of(list(map(_CODE, zones)), scheme)
        except BaseException as exc:  # noqa: BLE001 - read again on the GUI thread, which raises it there
            self._failed = exc
        finally:
            self._ready.set()

    @property
    def ready(self) -> bool:
        """The first sight has been read."""
        return self._ready.is_set()

    def _arrived(self) -> None:
        """Wait for the first sight (GUI thread), then follow the steps taken meanwhile."""
        if not self._ready.is_set():
            with foreground.waiting():
                self._ready.wait()
        if self._failed is not None:
            self._failed = None
            scenario = next(s for s in self.project.scenarios if s.id == self.scenario_id)
            self._first_sight(list(scenario), self.project.scheme)
            if self._failed is not None:
                raise self._failed
        backlog, self._backlog = self._backlog, []
        for changes in backlog:
            self._follow(changes)

    def _read_all(self, scenario) -> None:
        """FAR, class and presence now of every zone of the first sight."""
        self._zones = scenario.zones  # the dict read: another one (a restored snapshot) is read anew
        self.far = np.zeros(len(self.position))
        self.cls = np.full(len(self.position), len(self.classes), dtype=np.int64)
        self.present = np.zeros(len(self.position), dtype=bool)
        self._read(self.position)

    def _read(self, zone_ids: Iterable[int], far_only: bool = False) -> None:
        # A drag's release names every zone of a class: C-level maps and one class lookup per code
        # (none when the change says only FARs moved: ``far_only``).
        position = self.position
        ids = list(filter(position.__contains__, zone_ids))  # others: drawn since the first sight
        if not ids:
            return
        rows = np.fromiter(map(position.__getitem__, ids), dtype=np.int64, count=len(ids))
        now = list(map(self._zones.get, ids))
        present = np.fromiter(map(is_not, now, repeat(None)), dtype=bool, count=len(now))
        self.present[rows] = present
        kept = now if present.all() else list(compress(now, present.tolist()))
        if not kept:
            return
        rows = rows[present]
        self.far[rows] = np.fromiter(map(_FAR, kept), dtype=float, count=len(kept))
        if far_only:
            return
        self.cls[rows] = self._classes_of(list(map(_CODE, kept)))

    def _classes_of(self, codes: list[str], scheme: str | None = None) -> np.ndarray:
        """The class index (into ``classes``; others: its length) of each land-use code (of the
        project's scheme unless ``scheme`` is given)."""
        lookup, index, other = generic_lookup(scheme or self.project.scheme), self._index, len(self.classes)
        of_code = {code: index.get(lookup[code], other) for code in set(codes)}
        return np.fromiter(map(of_code.__getitem__, codes), dtype=np.int64, count=len(codes))

    def follow(self, changes: Iterable[ProjectChange]) -> None:
        """Bring the FARs now up to date with one history step's changes."""
        if not self._ready.is_set() or self._backlog:
            self._backlog.append(list(changes))  # followed when the first sight has arrived
            return
        self._follow(changes)

    def _follow(self, changes: Iterable[ProjectChange]) -> None:
        scenario = next((s for s in self.project.scenarios if s.id == self.scenario_id), None)
        if scenario is None:
            return  # removed: read again if it comes back
        if scenario.zones is not self._zones:
            self._read_all(scenario)
            return
        touched: set[int] = set()
        far_only = True
        for change in changes:
            if change.kind is ChangeKind.PROJECT and change.field in ("scheme", "*"):
                self._read_all(scenario)  # every zone's class may have changed
                return
            if change.touches_zones and change.scenario_id == self.scenario_id:
                touched |= change.zone_ids
                far_only = far_only and change.kind is ChangeKind.ZONES_ATTRIBUTES and change.field == "far"
        self._read(touched, far_only)

    def members(self, generic: str) -> tuple[list[int], np.ndarray, np.ndarray]:
        """Ids of the scenario's ``generic`` zones, their FARs at first sight (NaN for zones drawn
        since) and now: zones of the first sight from the columns, the few drawn since read."""
        self._arrived()
        rows = np.flatnonzero(self.present & (self.cls == self._index[generic]))
        zones = self._zones
        lookup = generic_lookup(self.project.scheme)
        drawn = [zones[i] for i in sorted(zones.keys() - self.position.keys()) if lookup[zones[i].code] == generic]
        return (self.ids[rows].tolist() + [zone.id for zone in drawn],
                np.concatenate((self.reference_far[rows], np.full(len(drawn), np.nan))),
                np.concatenate((self.far[rows], np.array([zone.far for zone in drawn], dtype=float))))

    def multipliers(self) -> dict[str, float]:
        """Per class: Σ area·FAR now / Σ area·FAR at first sight over its zones (1.0 for none)."""
        if not self._ready.is_set() and not self._backlog:
            return dict.fromkeys(self.classes, 1.0)  # nothing moved since the first sight
        self._arrived()
        weight = np.where(self.present, self.area, 0.0)
        size = len(self.classes) + 1
        now = np.bincount(self.cls, weights=weight * self.far, minlength=size)
        then = np.bincount(self.cls, weights=weight * self.reference_far, minlength=size)
        return {cls: float(now[n] / then[n]) if then[n] > 0 else 1.0 for n, cls in enumerate(self.classes)}

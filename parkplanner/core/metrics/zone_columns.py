"""The metrics engine's per-zone figures as columns (structure of arrays).

One row per zone: what metrics read from the zone (ZoneAttributes) and what it contributes
(Contributions), as numpy arrays addressed through ``position`` (zone id → row). A class-wide
change (a workshop FAR step over every industrial zone, a parameter slider, a scenario override)
is then a handful of vectorised assignments and one ``derive`` over the columns, never a Python
loop building a record per zone.

Rows of removed zones stay in the arrays, marked dead, until ``compact`` (before every
full re-derivation) drops them, so a removal never shifts the positions of the other zones.
"""
from __future__ import annotations

from dataclasses import fields
from typing import Iterable, Mapping

import numpy as np

from parkplanner.core.metrics.contributions import Contributions, ZoneAttributes

__all__ = ["ZoneColumns"]

_ATTRIBUTE_FIELDS = tuple(f.name for f in fields(ZoneAttributes))
_CONTRIBUTION_FIELDS = tuple(f.name for f in fields(Contributions))


def _take(record, names: tuple[str, ...], rows: np.ndarray):
    return type(record)(**{name: getattr(record, name)[rows] for name in names})


def _concat(record, other, names: tuple[str, ...]):
    return type(record)(**{name: np.concatenate((getattr(record, name), getattr(other, name)))
                           for name in names})


def _assign(record, other, names: tuple[str, ...], rows: np.ndarray, picked: np.ndarray) -> None:
    for name in names:
        getattr(record, name)[rows] = getattr(other, name)[picked]


class ZoneColumns:
    """Per-zone attributes and contributions of one scenario, addressed by zone id."""

    def __init__(self, attrs: ZoneAttributes, contrib: Contributions | None = None) -> None:
        self.attrs = attrs
        #: Contributions aligned with ``attrs``; None until the engine first derives them.
        self.contrib = contrib
        self.position: dict[int, int] = dict(zip(attrs.zone_id.tolist(), range(len(attrs))))
        self.alive = np.ones(len(attrs), dtype=bool)
        self._sector_rows: dict | None = None  # see sector_rows

    def __len__(self) -> int:
        return len(self.position)

    def __contains__(self, zone_id: int) -> bool:
        return zone_id in self.position

    def copy(self) -> "ZoneColumns":
        """Independent columns (a pinned engine updates its own copy in place)."""
        every = np.arange(len(self.attrs))
        out = ZoneColumns.__new__(ZoneColumns)
        out.attrs = _take(self.attrs, _ATTRIBUTE_FIELDS, every)
        out.contrib = None if self.contrib is None else _take(self.contrib, _CONTRIBUTION_FIELDS, every)
        out.position = self.position.copy()
        out.alive = self.alive.copy()
        out._sector_rows = self._sector_rows  # never modified in place: replaced when outdated
        return out

    def sector_rows(self) -> dict:
        """Rows of the live zones per sector id (None: no sector), in row order; kept until a
        zone's sector changes or rows come or go (a FAR step or a reshape keeps it)."""
        if self._sector_rows is None:
            live = np.flatnonzero(self.alive)
            sectors = self.attrs.sector[live].tolist()
            # One pass: each distinct id gets a code (dict order: first appearance), a stable sort
            # by code keeps every group in row order, and one split cuts the groups apart.
            keys = dict.fromkeys(sectors)
            code_of = dict(zip(keys, range(len(keys))))
            codes = np.fromiter(map(code_of.__getitem__, sectors), dtype=np.int64, count=len(sectors))
            ends = np.cumsum(np.bincount(codes, minlength=len(keys)))[:-1]
            groups = np.split(live[np.argsort(codes, kind="stable")], ends)
            self._sector_rows = dict(zip(keys, groups))
        return self._sector_rows

    def _sectors_change(self, rows: np.ndarray, sectors: np.ndarray) -> None:
        """Forget the grouping by sector if writing ``sectors`` at ``rows`` changes one of them."""
        if self._sector_rows is not None and self.attrs.sector[rows].tolist() != sectors.tolist():
            self._sector_rows = None

    def rows_of(self, zone_ids: Iterable[int]) -> np.ndarray:
        """Rows of those of ``zone_ids`` that have one, in the given order."""
        position = self.position
        return np.array([position[i] for i in zone_ids if i in position], dtype=np.int64)

    def drop(self, zone_ids: Iterable[int]) -> None:
        for zone_id in zone_ids:
            row = self.position.pop(zone_id, None)
            if row is not None:
                self.alive[row] = False
                self._sector_rows = None  # rows go

    def put(self, attrs: ZoneAttributes, contrib: Contributions) -> np.ndarray:
        """Write these zones' rows (overwriting known zones, appending new ones); returns their rows."""
        position = self.position
        rows = np.fromiter((position.get(i, -1) for i in attrs.zone_id.tolist()), dtype=np.int64,
                           count=len(attrs))
        known = rows >= 0
        if known.any():
            picked = np.flatnonzero(known)
            self._sectors_change(rows[picked], attrs.sector[picked])
            _assign(self.attrs, attrs, _ATTRIBUTE_FIELDS, rows[picked], picked)
            _assign(self.contrib, contrib, _CONTRIBUTION_FIELDS, rows[picked], picked)
        if not known.all():
            self._sector_rows = None  # rows come
            fresh = np.flatnonzero(~known)
            start = len(self.attrs)
            rows[fresh] = np.arange(start, start + fresh.size)
            self.attrs = _concat(self.attrs, _take(attrs, _ATTRIBUTE_FIELDS, fresh), _ATTRIBUTE_FIELDS)
            self.contrib = _concat(self.contrib, _take(contrib, _CONTRIBUTION_FIELDS, fresh), _CONTRIBUTION_FIELDS)
            self.alive = np.concatenate((self.alive, np.ones(fresh.size, dtype=bool)))
            position.update(zip(attrs.zone_id[fresh].tolist(), rows[fresh].tolist()))
        return rows

    def take(self, rows: np.ndarray) -> ZoneAttributes:
        """The attributes of the zones at ``rows`` (a copy)."""
        return _take(self.attrs, _ATTRIBUTE_FIELDS, rows)

    def write(self, rows: np.ndarray, values: Mapping[str, np.ndarray]) -> ZoneAttributes:
        """Overwrite attribute columns (``values`` by name, aligned with ``rows``) of known zones;
        returns the attributes now at ``rows``. Contributions are the caller's to re-derive."""
        if "sector" in values:
            self._sectors_change(rows, np.asarray(values["sector"]))
        for name, column in values.items():
            getattr(self.attrs, name)[rows] = column
        return self.take(rows)

    def holds(self, rows: np.ndarray, values: Mapping[str, np.ndarray]) -> np.ndarray:
        """Per row of ``rows``: whether its attribute columns hold ``values`` already (NaN as NaN)."""
        same = np.ones(rows.size, dtype=bool)
        for name, column in values.items():
            have = getattr(self.attrs, name)[rows]
            if column.dtype == object:
                same &= (have == column).astype(bool)
            else:
                same &= (have == column) | (np.isnan(have) & np.isnan(column))
        return same

    def set_contributions(self, rows: np.ndarray, contrib: Contributions) -> None:
        _assign(self.contrib, contrib, _CONTRIBUTION_FIELDS, rows, np.arange(rows.size))

    def compact(self) -> None:
        """Drop the rows of removed zones (positions of the others change)."""
        if self.alive.all():
            return
        self._sector_rows = None
        keep = np.flatnonzero(self.alive)
        self.attrs = _take(self.attrs, _ATTRIBUTE_FIELDS, keep)
        if self.contrib is not None:
            self.contrib = _take(self.contrib, _CONTRIBUTION_FIELDS, keep)
        self.position = dict(zip(self.attrs.zone_id.tolist(), range(keep.size)))
        self.alive = np.ones(keep.size, dtype=bool)

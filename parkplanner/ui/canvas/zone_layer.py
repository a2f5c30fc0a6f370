"""The zone layer: every zone of the shown scenario as spatially tiled, per-colour cached paths.

Why tiles of paths and not one item per zone (measured, see benchmarks/bench_canvas.py and the
perf baseline): one QPainterPath per (tile, colour) is drawn with one Python call, so a frame
costs a few hundred Qt calls instead of one per zone; tiles keep every path small (Qt's
antialiased rasterizer slows down badly on huge paths) and let a frame skip what is off screen;
and an edit rebuilds only the paths of the tiles the edited zone belongs to.

How the groups are drawn (aliased fills, outlines by level of detail): ``zone_draws``.

Zones are assigned to the tile holding their bounding-box centre; each tile and group keeps the
union of its members' bounds, so culling stays right for zones larger than a tile.

Scenario switches: scenarios share their unchanged zones (immutable objects), so a layer for
another scenario starts as a ``copy`` of the shown one (tiles, groups and paths shared until one
of the two changes a tile) brought in line by ``stale_ids``/``update_zones``, and
``drawn_difference`` tells the map boxes where two layers draw differently: the only part of the picture a switch has to redraw (``patch_draws`` gives what a
patch of those boxes draws). A zone that keeps its shape and only changes land use or label stays
in its tile and moves between colour groups; one that only changes FAR and the like is carried
over as it is drawn. ``revision`` counts the edits that changed the drawing, so a cached picture
of the layer knows whether it is still right.
"""
from __future__ import annotations

import math
from itertools import compress, repeat
from operator import attrgetter, eq, is_, is_not
from dataclasses import dataclass, field
from typing import Iterable, Mapping

import numpy as np
import shapely
from PySide6.QtGui import QPainter, QPainterPath

from parkplanner.core.model.zone import Zone, replaced_ids, stale_ids
from parkplanner.ui.canvas import styles
from parkplanner.ui.canvas.map_bounds import (Bounds, DrawnBoxes, intersects, meets as _meets, on_edge as _on_edge,
                                              union_bounds)
from parkplanner.ui.canvas.zone_draws import GroupDraw, paint_draws
from parkplanner.core.collector import collector_paused

__all__ = ["ZoneLayer", "Bounds", "union_bounds", "intersects", "DRAWN_ATTRIBUTES"]

#: Zones per tile the tile size aims at: small enough for cheap rebuilds and culling,
#: large enough that a full frame stays a few hundred draw calls.
_ZONES_PER_TILE = 256


#: What of a zone the map draws besides its shape: the fill colour's code and the label's texts.
DRAWN_ATTRIBUTES = ("code", "name", "parcel_code")
_LOOK = attrgetter(*DRAWN_ATTRIBUTES)
_SHAPE = attrgetter("geometry")
_COLOUR = attrgetter("colour")


def _drawn_alike(olds: list[Zone], news: list[Zone]) -> tuple[np.ndarray, np.ndarray]:
    """Whether the map draws each pair with the same shape, and with the same look (fill colour
    and label text) too: ``(same_shape, alike)``.

    Scenarios made in the session share unchanged geometries; scenarios read from a file hold
    equal geometries as separate objects, so those are compared by their vertices, in one
    vectorised call (a switch between two such scenarios then redraws nothing).
    """
    # C-level loops (operator and attrgetter over map): a first visit compares thousands of pairs.
    look = np.fromiter(map(eq, map(_LOOK, olds), map(_LOOK, news)), dtype=bool, count=len(olds))
    same_shape = np.fromiter(map(is_, map(_SHAPE, olds), map(_SHAPE, news)), dtype=bool, count=len(olds))
    check = np.flatnonzero(~same_shape)
    if len(check):
        mine = np.asarray([olds[k].geometry for k in check.tolist()], dtype=object)
        theirs = np.asarray([news[k].geometry for k in check.tolist()], dtype=object)
        same_shape[check] = shapely.equals_exact(mine, theirs, tolerance=0.0)
    return same_shape, same_shape & look


class _Entry:
    """Where and how the layer files a zone (a slotted class: a bulk build makes one per zone);
    never changed once filed, so copies of the layer share it. The zone itself is in
    ``ZoneLayer._zones``: a zone that draws the same (a new FAR) is swapped there alone."""

    __slots__ = ("tile", "colour", "bounds")

    def __init__(self, tile: tuple[int, int], colour: str, bounds: Bounds) -> None:
        self.tile, self.colour, self.bounds = tile, colour, bounds


@dataclass
class _Group:
    """The zones of one colour in one tile, drawn as one path."""

    ids: set[int] = field(default_factory=set)
    path: QPainterPath | None = None
    bounds: Bounds | None = None
    #: Of the members, m², for ``typical_span``: measured when the path is built (``adopt``), then
    #: kept up to date by every edit; None until then for a bulk-built group (measuring every zone
    #: up front would cost a first frame what building its paths gives for free).
    area: float | None = 0.0
    #: The members' geometries, what a render job builds the path from (None: gather them anew).
    geometries: list | None = None
    #: Counts membership changes, so a path built off the GUI thread is kept only while it is right.
    stamp: int = 0
    #: The token of the layer that may change it in place (``ZoneLayer._own_group``).
    owner: object = None

    @property
    def typical_span(self) -> float | None:
        """The square root of the mean member area, metres: how big the zones look (outline level
        of detail); None while the area is not known."""
        if self.area is None:
            return None
        return math.sqrt(max(self.area, 0.0) / len(self.ids)) if self.ids else 0.0

    def grow(self, area: float) -> None:
        """Add a member's area (a negative one takes a member out), if the group's own is known."""
        if self.area is not None:
            self.area += area


@dataclass
class _Tile:
    groups: dict[str, _Group] = field(default_factory=dict)
    ids: set[int] = field(default_factory=set)
    bounds: Bounds | None = None
    # Column arrays for hit tests and label candidates, rebuilt lazily after edits.
    id_array: np.ndarray | None = None
    bounds_array: np.ndarray | None = None
    #: The token of the layer that may change it in place (``ZoneLayer._own``).
    owner: object = None


class ZoneLayer:
    """Draws zones; ``update_zones`` applies a ProjectChange's zones and says what to repaint."""

    def __init__(self, scheme: str, origin: tuple[float, float], tile_size: float) -> None:
        self.scheme = scheme
        self.origin = origin
        self.tile_size = float(tile_size)
        self._entries: dict[int, _Entry] = {}
        #: The zones, by id: the very objects of the scenario the layer was last brought in line with.
        self._zones: dict[int, Zone] = {}
        self._tiles: dict[tuple[int, int], _Tile] = {}
        #: Marks the tiles and groups this layer may change in place; the others it shares with the
        #: layer it was copied from (or with copies of it) and copies before changing (``_own``).
        self._token = object()
        #: Incremented whenever the drawing changes (update_zones redrawing something, restyle).
        self.revision = 0
        #: No zone's larger side exceeds this (it never shrinks): a view too far out for any label
        #: is known without looking at a tile.
        self._max_span = 0.0

    @classmethod
    def from_zones(cls, zones: Iterable[Zone], scheme: str, origin: tuple[float, float] | None = None,
                   extent: Bounds | None = None) -> "ZoneLayer":
        """A layer for ``zones``; the tile size follows their density so tiles hold ~256 zones."""
        zones = list(zones)
        geometries = np.asarray([z.geometry for z in zones], dtype=object)
        bounds_all = shapely.bounds(geometries) if zones else None
        if extent is None and zones:
            extent = (float(bounds_all[:, 0].min()), float(bounds_all[:, 1].min()),
                      float(bounds_all[:, 2].max()), float(bounds_all[:, 3].max()))
        if extent is None:
            extent = (0.0, 0.0, 1000.0, 1000.0)
        area = max((extent[2] - extent[0]) * (extent[3] - extent[1]), 1.0)
        tile = max(50.0, math.sqrt(area * _ZONES_PER_TILE / max(len(zones), 1)))
        layer = cls(scheme, origin or (extent[0], extent[1]), tile)
        if zones:
            with collector_paused():
                layer._insert_all(zones, geometries, bounds_all)
        return layer

    def _insert_all(self, zones: list[Zone], geometries: np.ndarray, bounds: np.ndarray) -> None:
        """Bulk ``_insert``: tiles and groups found with numpy sorts and reductions instead of
        per-zone updates (a first frame and a project open wait for this)."""
        colour_of = {code: styles.zone_fill_hex(self.scheme, code) for code in {z.code for z in zones}}
        colours = [colour_of[z.code] for z in zones]
        palette = sorted(set(colours))
        index_of = {colour: k for k, colour in enumerate(palette)}
        colour_index = np.fromiter((index_of[c] for c in colours), dtype=np.int64, count=len(colours))
        cx = (bounds[:, 0] + bounds[:, 2]) / 2.0 - self.origin[0]
        cy = (bounds[:, 1] + bounds[:, 3]) / 2.0 - self.origin[1]
        tx = np.floor(cx / self.tile_size).astype(np.int64)
        ty = np.floor(cy / self.tile_size).astype(np.int64)
        ids = [z.id for z in zones]
        self._zones = dict(zip(ids, zones))
        self._entries = dict(zip(ids, map(_Entry, zip(tx.tolist(), ty.tolist()), colours, zip(*bounds.T.tolist()))))
        order = np.lexsort((colour_index, ty, tx))
        key = np.stack([tx[order], ty[order], colour_index[order]], axis=1)
        starts = np.flatnonzero(np.r_[True, np.any(key[1:] != key[:-1], axis=1)])
        b = bounds[order]
        self._max_span = float(np.maximum(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1]).max())
        group_bounds = np.stack([np.minimum.reduceat(b[:, 0], starts), np.minimum.reduceat(b[:, 1], starts),
                                 np.maximum.reduceat(b[:, 2], starts), np.maximum.reduceat(b[:, 3], starts)], axis=1)
        id_column = np.asarray(ids, dtype=np.int64)[order]
        sorted_ids = id_column.tolist()
        sorted_geometries = geometries[order].tolist()
        stops = np.r_[starts[1:], len(order)].tolist()
        for start, stop, (key_x, key_y, colour), gb in zip(starts.tolist(), stops, key[starts].tolist(),
                                                             map(tuple, group_bounds.tolist())):
            group_ids = set(sorted_ids[start:stop])
            tile = self._tiles.get((key_x, key_y))
            if tile is None:
                tile = self._tiles[(key_x, key_y)] = _Tile(owner=self._token)
            tile.ids |= group_ids
            tile.bounds = union_bounds(tile.bounds, gb)
            tile.groups[palette[colour]] = _Group(group_ids, None, gb, None, sorted_geometries[start:stop],
                                                  owner=self._token)
        # A tile's members are one run of the sort too: its hit-test and label arrays come free.
        tile_starts = np.flatnonzero(np.r_[True, np.any(key[1:, :2] != key[:-1, :2], axis=1)])
        for start, stop, (key_x, key_y) in zip(tile_starts.tolist(), np.r_[tile_starts[1:], len(order)].tolist(),
                                                key[tile_starts, :2].tolist()):
            tile = self._tiles[(key_x, key_y)]
            tile.id_array, tile.bounds_array = id_column[start:stop], b[start:stop]

    # -- queries ---------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, zone_id: int) -> bool:
        return zone_id in self._entries

    def zone(self, zone_id: int) -> Zone:
        return self._zones[zone_id]

    def zone_bounds(self, zone_id: int) -> Bounds:
        return self._entries[zone_id].bounds

    def extent(self) -> Bounds | None:
        out = None
        for tile in self._tiles.values():
            out = union_bounds(out, tile.bounds)
        return out

    def colours(self) -> dict[str, int]:
        """Fill colour -> number of zones, for legends and tests."""
        counts: dict[str, int] = {}
        for entry in self._entries.values():
            counts[entry.colour] = counts.get(entry.colour, 0) + 1
        return counts

    def zone_at(self, x: float, y: float, tolerance: float = 0.0) -> int | None:
        """The zone under map point (x, y); the smallest one when zones overlap."""
        best, best_area = None, math.inf
        for tile in self._tiles.values():
            if tile.bounds is None or not intersects(tile.bounds, (x - tolerance, y - tolerance,
                                                                   x + tolerance, y + tolerance)):
                continue
            ids, b = self._tile_arrays(tile)
            near = (b[:, 0] <= x + tolerance) & (b[:, 2] >= x - tolerance) & \
                   (b[:, 1] <= y + tolerance) & (b[:, 3] >= y - tolerance)
            for zone_id in ids[near]:
                geometry = self._zones[int(zone_id)].geometry
                hit = (shapely.dwithin(geometry, shapely.Point(x, y), tolerance) if tolerance > 0
                       else shapely.contains_xy(geometry, x, y))
                if hit and geometry.area < best_area:
                    best, best_area = int(zone_id), geometry.area
        return best

    def zones_in(self, extent: Bounds, min_span: float = 0.0) -> np.ndarray:
        """Ids of zones whose bounds meet ``extent`` and whose larger side is at least ``min_span``."""
        found = []
        if min_span > self._max_span:
            return np.empty(0, dtype=np.int64)
        for tile in self._tiles.values():
            if tile.bounds is None or not intersects(tile.bounds, extent):
                continue
            ids, b = self._tile_arrays(tile)
            span = np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1])
            mask = (b[:, 0] <= extent[2]) & (b[:, 2] >= extent[0]) & (b[:, 1] <= extent[3]) & \
                   (b[:, 3] >= extent[1]) & (span >= min_span)
            found.append(ids[mask])
        return np.concatenate(found) if found else np.empty(0, dtype=np.int64)

    # -- edits -----------------------------------------------------------------------------------
    def update_zones(self, zones: Mapping[int, Zone], zone_ids: Iterable[int],
                     boxes: DrawnBoxes | None = None) -> Bounds | None:
        """Bring ``zone_ids`` in line with ``zones`` (the scenario's dict); returns the map area to
        repaint. ``boxes``, when given, receives the map box of each zone drawn differently, by how
        (the area is their union; scattered zones are repainted box by box, see ``patch_draws``)."""
        dirty: Bounds | None = None
        shrunk: set[tuple[tuple[int, int], str | None]] = set()  # (tile, None) or (tile, group colour)
        mine = self._zones
        # A first visit brings thousands of zones in line, nearly all with only a new FAR: those
        # go through in bulk, C-level loops (map, compress) wherever they can.
        ids = list(zone_ids)
        olds, news = list(map(mine.get, ids)), list(map(zones.get, ids))
        filed = np.fromiter(map(is_not, olds, repeat(None)), dtype=bool, count=len(ids))
        present = np.fromiter(map(is_not, news, repeat(None)), dtype=bool, count=len(ids))
        replaced = np.fromiter(map(is_not, olds, news), dtype=bool, count=len(ids))
        pairs = (replaced & filed & present).tolist()
        pair_ids, pair_olds, pair_news = list(compress(ids, pairs)), list(compress(olds, pairs)), list(compress(news, pairs))
        # (id, filed here, new zone): added or removed
        lone: list[tuple[int, bool, Zone | None]] = [(ids[k], bool(filed[k]), news[k])
                                                     for k in np.flatnonzero(replaced & (filed != present)).tolist()]
        same_shape, alike = _drawn_alike(pair_olds, pair_news)
        flags = alike.tolist()
        # FAR, phase, sector...: nothing drawn changes (a workshop FAR drag), the zone is swapped alone.
        mine.update(zip(compress(pair_ids, flags), compress(pair_news, flags)))
        differ = ~alike
        # Land use or label: the zone stays in its tile, only its colour group may change.
        restyled = np.flatnonzero(differ & same_shape).tolist()
        if restyled:
            dirty = union_bounds(dirty, self._restyle([pair_ids[k] for k in restyled],
                                                      [pair_news[k] for k in restyled], shrunk, boxes))
        lone.extend((pair_ids[k], True, pair_news[k]) for k in np.flatnonzero(differ & ~same_shape).tolist())
        for zone_id, filed, new in lone:
            if filed:
                old_bounds = self._entries[zone_id].bounds
                dirty = union_bounds(dirty, old_bounds)
                shrunk.update(self._remove(zone_id))
                if boxes is not None:
                    boxes.reshaped.append(old_bounds)
            if new is not None:
                b = shapely.bounds(new.geometry)
                bounds = (float(b[0]), float(b[1]), float(b[2]), float(b[3]))
                self._insert(new, bounds)
                dirty = union_bounds(dirty, bounds)
                if boxes is not None:
                    boxes.reshaped.append(bounds)
        # Bounds only shrink on removal: recompute them from the members, once per tile or group.
        for key, colour in shrunk:
            tile = self._own(key)
            if tile is not None and (colour is None or colour in tile.groups):
                owner = tile if colour is None else self._own_group(tile, colour)
                owner.bounds = self._bounds_of(owner.ids)
        if dirty is not None:
            self.revision += 1
        return dirty

    def swap(self, zones: Mapping[int, Zone], zone_ids: Iterable[int]) -> None:
        """File the new objects of ``zone_ids`` that the map draws as before: an edit of an
        attribute it does not show (a workshop release writing 30,000 FARs). Nothing is compared
        and nothing needs repainting; zones gone from ``zones`` meanwhile are left to the edit
        that removed them."""
        mine = self._zones
        ids = [zone_id for zone_id in zone_ids if zone_id in mine]
        news = list(map(zones.get, ids))
        mine.update((zone_id, zone) for zone_id, zone in zip(ids, news) if zone is not None)

    def _restyle(self, zone_ids: list[int], news: list[Zone], shrunk: set, boxes: DrawnBoxes | None) -> Bounds:
        """File ``news``, each drawn with the shape filed under its id: the tiles, their hit-test
        arrays and the bounds stay; a new colour moves the zone to that colour's group (a first
        visit recolours hundreds: their areas are measured in one call). Adds the groups whose
        bounds may shrink to ``shrunk``, each zone's box to ``boxes``; returns their union."""
        entries, zones, scheme = self._entries, self._zones, self.scheme
        olds = [entries[zone_id] for zone_id in zone_ids]
        spans_before = [self._span_of(old) for old in olds] if boxes is not None else []
        zones.update(zip(zone_ids, news))
        colour_of = {code: styles.zone_fill_hex(scheme, code) for code in {z.code for z in news}}
        colours = [colour_of[z.code] for z in news]
        moved = [k for k, (old, colour) in enumerate(zip(olds, colours)) if colour != old.colour]  # else a label
        areas = shapely.area([news[k].geometry for k in moved]).tolist() if moved else []
        for k, area in zip(moved, areas):
            zone_id, old, colour = zone_ids[k], olds[k], colours[k]
            entries[zone_id] = _Entry(old.tile, colour, old.bounds)
            tile = self._own(old.tile)
            group = self._own_group(tile, old.colour)
            group.ids.discard(zone_id)
            group.grow(-area)  # the same shape: the same area
            group.path = group.geometries = None
            group.stamp += 1
            if not group.ids:
                del tile.groups[old.colour]
            elif _on_edge(old.bounds, group.bounds):
                shrunk.add((old.tile, old.colour))
            target = self._own_group(tile, colour)
            target.ids.add(zone_id)
            target.grow(area)
            target.path = target.geometries = None
            target.stamp += 1
            target.bounds = union_bounds(target.bounds, old.bounds)
        b = np.array([old.bounds for old in olds], dtype=float)
        if boxes is not None:
            boxes.restyled.extend(old.bounds for old in olds)
            boxes.spans.extend(zip(spans_before, [self._span_of(entries[zone_id]) for zone_id in zone_ids]))
        return (float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max()))

    def _span_of(self, entry: _Entry) -> float | None:
        """The typical span of the group the zone of ``entry`` is drawn with (its outline's look)."""
        return self._tiles[entry.tile].groups[entry.colour].typical_span

    def stale_ids(self, zones: Mapping[int, Zone]) -> set[int]:
        """Ids whose zone in ``zones`` is not the object this layer holds (edited, added, removed).

        Identity is enough: zones are immutable, so an unchanged zone is the very same object.
        """
        return stale_ids(self._zones, zones)

    def copy(self) -> "ZoneLayer":
        """An independent layer with the same zones.

        The tiles are shared with this layer until one of the two changes one (``_own``): a first
        visit recolours a zone here and there, and copying every tile and group up front was most of
        the copy's time (and thousands of objects for the cycle collector to walk afterwards).
        """
        other = ZoneLayer(self.scheme, self.origin, self.tile_size)
        other._max_span = self._max_span
        # ``.copy()``, not ``dict()``: see MetricsEngine.pinned_state.
        other._entries = self._entries.copy()  # entries are never changed in place: shared
        other._zones = self._zones.copy()
        other._tiles = self._tiles.copy()
        self._token = object()  # shared now, on both sides
        return other

    def _own(self, key: tuple[int, int]) -> _Tile | None:
        """The tile at ``key``, this layer's own to change: a shared one is copied first, its
        groups still shared (``_own_group``; paths, geometries and arrays are replaced, never
        changed in place, so they stay shared)."""
        tile = self._tiles.get(key)
        if tile is None or tile.owner is self._token:
            return tile
        tile = self._tiles[key] = _Tile(dict(tile.groups), set(tile.ids), tile.bounds, tile.id_array,
                                        tile.bounds_array, self._token)
        return tile

    def _own_group(self, tile: _Tile, colour: str) -> _Group:
        """The group of ``colour`` in ``tile`` (owned, see ``_own``), this layer's own to change:
        a shared one is copied first, a missing one made."""
        group = tile.groups.get(colour)
        if group is None:
            group = tile.groups[colour] = _Group(owner=self._token)
        elif group.owner is not self._token:  # the same members, path and area, to change here
            group = tile.groups[colour] = _Group(set(group.ids), group.path, group.bounds, group.area,
                                                 group.geometries, group.stamp, self._token)
        return group

    def drawn_difference(self, other: "ZoneLayer", boxes: DrawnBoxes | None = None) -> Bounds | None:
        """The map area where this layer and ``other`` draw differently (None: they draw alike);
        ``boxes`` as in ``update_zones``."""
        if (self.scheme, self.origin) != (other.scheme, other.origin):
            out = self.extent() if other.extent() is None else union_bounds(self.extent(), other.extent())
            if boxes is not None and out is not None:
                boxes.reshaped.append(out)
            return out
        mine, theirs = self._zones, other._zones
        found: list[Bounds] = []  # reshaped, added or removed
        restyled: list[Bounds] = []
        spans: list[tuple[float | None, float | None]] = []  # of each restyled zone: there, here
        pairs = []
        for zone_id in replaced_ids(mine, theirs).tolist():  # the zones not shared, in one pass
            match = theirs.get(zone_id)
            if match is None:
                found.append(self._entries[zone_id].bounds)
            else:
                pairs.append((zone_id, mine[zone_id], match))
        same_shape, alike = _drawn_alike([z for _, z, _ in pairs], [m for _, _, m in pairs])
        for (zone_id, _, _), same, kept_shape in zip(pairs, alike.tolist(), same_shape.tolist()):
            if same:
                continue
            here, there = self._entries[zone_id].bounds, other._entries[zone_id].bounds
            if kept_shape:  # the same shape: the same box
                restyled.append(here)
                spans.append((other._span_of(other._entries[zone_id]), self._span_of(self._entries[zone_id])))
            else:
                found.extend((here,) if there == here else (here, there))
        found.extend(other._entries[zone_id].bounds for zone_id in theirs.keys() - mine.keys())
        if boxes is not None:
            boxes.reshaped.extend(found)
            boxes.restyled.extend(restyled)
            boxes.spans.extend(spans)
        dirty: Bounds | None = None
        for box in found + restyled:
            dirty = union_bounds(dirty, box)
        return dirty

    def restyle(self, scheme: str) -> None:
        """Recolour every zone (the project's land-use scheme changed)."""
        zones = list(self._zones.values())
        self.scheme = scheme
        self.revision += 1
        self._entries.clear()
        self._zones.clear()
        self._tiles = {}  # the old tiles may be shared with a copy: left to it
        for zone in zones:
            b = shapely.bounds(zone.geometry)
            self._insert(zone, (float(b[0]), float(b[1]), float(b[2]), float(b[3])))

    def _tile_key(self, bounds: Bounds) -> tuple[int, int]:
        cx = (bounds[0] + bounds[2]) / 2.0 - self.origin[0]
        cy = (bounds[1] + bounds[3]) / 2.0 - self.origin[1]
        return (math.floor(cx / self.tile_size), math.floor(cy / self.tile_size))

    def _insert(self, zone: Zone, bounds: Bounds) -> None:
        entry = _Entry(self._tile_key(bounds), styles.zone_fill_hex(self.scheme, zone.code), bounds)
        self._entries[zone.id] = entry
        self._zones[zone.id] = zone
        tile = self._own(entry.tile)
        if tile is None:
            tile = self._tiles[entry.tile] = _Tile(owner=self._token)
        tile.ids.add(zone.id)
        tile.bounds = union_bounds(tile.bounds, bounds)
        self._max_span = max(self._max_span, bounds[2] - bounds[0], bounds[3] - bounds[1])
        tile.id_array = None
        group = self._own_group(tile, entry.colour)
        group.ids.add(zone.id)
        if group.area is not None:  # else measured, with the others, when the path is built
            group.grow(float(shapely.area(zone.geometry)))
        group.path = group.geometries = None
        group.stamp += 1
        group.bounds = union_bounds(group.bounds, bounds)

    def _remove(self, zone_id: int) -> list[tuple[tuple[int, int], str | None]]:
        """Take the zone out of its tile and group; returns (tile key, None) if the tile's bounds may
        shrink, (tile key, colour) if the group's may: those the zone reached the edge of (a zone
        inside them on every side leaves them as they are)."""
        entry = self._entries.pop(zone_id)
        zone = self._zones.pop(zone_id)
        tile = self._own(entry.tile)
        tile.ids.discard(zone_id)
        tile.id_array = None
        group = self._own_group(tile, entry.colour)
        group.ids.discard(zone_id)
        if group.area is not None:
            group.grow(-float(shapely.area(zone.geometry)))
        group.path = group.geometries = None
        group.stamp += 1
        if not group.ids:
            del tile.groups[entry.colour]
        if not tile.ids:
            del self._tiles[entry.tile]
        return [(entry.tile, colour) for colour, owner in ((None, tile), (entry.colour, group))
                if _on_edge(entry.bounds, owner.bounds)]

    def _bounds_of(self, ids: Iterable[int]) -> Bounds | None:
        entries = self._entries
        # Plain min/max over the members' tuples: a group holds tens of zones, fewer than numpy pays off for.
        columns = list(zip(*(entries[zone_id].bounds for zone_id in ids)))
        if not columns:
            return None
        return (min(columns[0]), min(columns[1]), max(columns[2]), max(columns[3]))

    def _tile_arrays(self, tile: _Tile) -> tuple[np.ndarray, np.ndarray]:
        if tile.id_array is None:
            ids = np.fromiter(tile.ids, dtype=np.int64, count=len(tile.ids))
            tile.id_array = ids
            tile.bounds_array = np.array([self._entries[int(i)].bounds for i in ids], dtype=float).reshape(-1, 4)
        return tile.id_array, tile.bounds_array

    # -- drawing ---------------------------------------------------------------------------------
    def visible_groups(self, extent: Bounds) -> list[tuple[str, _Group]]:
        out = []
        for tile in self._tiles.values():
            if tile.bounds is None or not intersects(tile.bounds, extent):
                continue
            out.extend((colour, g) for colour, g in tile.groups.items() if intersects(g.bounds, extent))
        return out

    def draws(self, extent: Bounds) -> list[GroupDraw]:
        """What a frame of map ``extent`` draws, detached from later edits (GUI thread)."""
        out = []
        for colour, group in self.visible_groups(extent):
            if group.path is None and group.geometries is None:
                zones = self._zones
                group.geometries = [zones[i].geometry for i in group.ids]
            out.append(GroupDraw(colour, group, group.geometries if group.path is None else None))
        return out

    def patch_draws(self, boxes: np.ndarray) -> list[GroupDraw]:
        """What a patch draws, its pieces given by their map boxes (k×4), detached from later edits
        (GUI thread).

        A draw holds only the members of its group whose bounds meet a piece's box: the patch is
        clipped to its pieces, and nothing else reaches into them, so it shows there what the
        whole groups would. Groups come in the order a full frame draws them. A first visit's
        recoloured zones, scattered over the map, so cost a few paths of their neighbours instead
        of a new picture.
        """
        tiles = list(self._tiles.values())
        if not tiles or not len(boxes):
            return []
        hits = _meets(np.array([tile.bounds for tile in tiles], dtype=float), boxes)
        entries, zones = self._entries, self._zones
        draws: list[GroupDraw] = []
        for index in np.flatnonzero(hits.any(axis=1)).tolist():
            tile = tiles[index]
            ids, b = self._tile_arrays(tile)
            near = ids[_meets(b, boxes[hits[index]]).any(axis=1)].tolist()
            members: dict[str, list] = {}
            for colour, geometry in zip(map(_COLOUR, map(entries.__getitem__, near)),
                                        map(_SHAPE, map(zones.__getitem__, near))):
                members.setdefault(colour, []).append(geometry)
            for colour, group in tile.groups.items():
                if colour in members:
                    if group.area is None:  # never drawn whole (rare: a patch draws in a drawn view)
                        group.area = float(shapely.area(np.asarray([zones[i].geometry for i in group.ids])).sum())
                    draws.append(GroupDraw(colour, group, members[colour], partial=True))
        return draws

    def adopt(self, draws: list[GroupDraw]) -> None:
        """Keep the paths a frame built, where their group has not changed since (GUI thread)."""
        for draw in draws:
            group = draw.group
            if group.path is None and draw.path is not None and group.stamp == draw.stamp and not draw.partial:
                group.path, group.geometries, group.area = draw.path, None, draw.area

    def paint(self, painter: QPainter, extent: Bounds, pixel_size: float) -> None:
        """Draw the zones meeting map ``extent``; the painter's transform is the viewport's local one."""
        draws = self.draws(extent)
        paint_draws(painter, draws, self.origin, pixel_size)
        self.adopt(draws)


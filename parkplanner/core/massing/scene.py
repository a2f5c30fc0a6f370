"""The massing scene: one triangle batch per generic class, kept in step with edits.

An edit hands :meth:`MassingScene.apply` only the zones it changed; their triangles are rebuilt
and written over their old range of their class's batch when the triangle count is unchanged (a
new height, a moved zone), or spliced in otherwise. The 3D view re-uploads only the batches whose
``version`` moved; the glTF export and the headless render read the same batches.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

import numpy as np
import shapely

from parkplanner.core.massing.extrude import extrude
from parkplanner.core.massing.footprints import inset_to_coverage
from parkplanner.core.massing.rules import UNKNOWN_CLASS, zone_massing
from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.model.zone import Zone

__all__ = ["ClassBatch", "MassingScene", "build_scene", "zone_stands", "shade", "UNKNOWN_HEX", "LIGHT"]

#: Zones whose code the scheme does not know: neutral grey, as on the map.
UNKNOWN_HEX = "#BDBDBD"
#: Direction towards the light (from the south-east, high): walls facing it are brighter, so the
#: volumes read without a shader. Roofs and flat ground keep their exact land-use colour.
LIGHT = np.array([0.35, -0.55, 0.76]) / np.linalg.norm([0.35, -0.55, 0.76])
_AMBIENT = 0.45
#: The open part of a built plot: its colour this much of the way from white.
LOT_TINT = 0.45


def shade(normals: np.ndarray, colors: np.ndarray) -> np.ndarray:
    """Per-vertex view colours (n, 3, 4) as bytes 0–255: each triangle's colour lit by LIGHT from
    its normal. Bytes are what the GPU reads (normalised), a quarter of float32's memory and of the
    vertex traffic a software renderer pays on every frame."""
    lit = _AMBIENT + (1.0 - _AMBIENT) * np.clip(normals @ LIGHT, 0.0, None)
    lit /= _AMBIENT + (1.0 - _AMBIENT) * LIGHT[2]  # a roof is lit 1.0: its colour unchanged
    lit = lit.astype(np.float32)  # float32 × float64 rows would cost 6× as much
    rgba = np.empty((len(colors), 4), dtype=np.float32)
    rgba[:, :3] = np.minimum(colors[:, :3] * lit[:, None], 1.0)
    rgba[:, 3] = colors[:, 3]
    # The same 4 bytes on a triangle's 3 vertices, copied as one 32-bit word each (4× faster
    # than broadcasting bytes).
    word = np.ascontiguousarray(np.rint(rgba * 255.0).astype(np.uint8)).view(np.uint32)[:, 0]
    out = np.empty((len(colors), 3), dtype=np.uint32)
    out[:] = word[:, None]
    return out.view(np.uint8).reshape(len(colors), 3, 4)


def zone_stands(start_year: int | None, year: int | None) -> bool:
    """Whether a zone stands in ``year``: after its start year, when construction began
    (the projection counts nothing in the start year). No year or no start: always."""
    return year is None or start_year is None or start_year < year


@dataclass
class ClassBatch:
    """The triangles of every zone of one generic class, each zone's contiguous."""

    generic: str
    vertices: np.ndarray = field(default_factory=lambda: np.empty((0, 3, 3), np.float32))
    normals: np.ndarray = field(default_factory=lambda: np.empty((0, 3), np.float32))
    colors: np.ndarray = field(default_factory=lambda: np.empty((0, 4), np.float32))  # land-use RGBA
    shaded: np.ndarray = field(default_factory=lambda: np.empty((0, 3, 4), np.uint8))  # lit bytes, per vertex
    zone_ids: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    counts: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    #: Bumped on every change; ``changed_range`` is (first, end) triangle when only that range
    #: was overwritten in place, None when the arrays were replaced.
    version: int = 0
    changed_range: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        self._reindex()

    def __len__(self) -> int:
        return len(self.vertices)

    def _reindex(self) -> None:
        self.starts = np.concatenate([[0], np.cumsum(self.counts)[:-1]]).astype(np.int64)
        self.row = {int(z): i for i, z in enumerate(self.zone_ids)}

    def zone_range(self, zone_id: int) -> tuple[int, int]:
        i = self.row[zone_id]
        return int(self.starts[i]), int(self.starts[i] + self.counts[i])

    def replace(self, remove: Iterable[int], block: "Block") -> None:
        """Drop the zones ``remove`` and put in those of ``block``. When every removed zone comes
        back with the same triangle count, its triangles are overwritten in place."""
        remove = {z for z in remove if z in self.row}
        self.version += 1
        ids = block.zone_ids.tolist()
        rows = np.fromiter((self.row[z] for z in ids), np.int64, len(ids)) if remove == set(ids) else None
        if remove and rows is not None and np.array_equal(block.counts, self.counts[rows]):
            # One gather and scatter per array for all zones (an edit of hundreds of zones runs
            # on the GUI thread).
            starts = self.starts[rows]
            for target, values in zip(self._arrays(), block.arrays()):
                target[_ranges(starts, block.counts)] = values[_ranges(block.starts, block.counts)]
            self.changed_range = (int(starts.min()), int((starts + block.counts).max()))
            return
        keep = np.ones(len(self), dtype=bool)
        keep_rows = np.ones(len(self.zone_ids), dtype=bool)
        for zone_id in remove:
            a, b = self.zone_range(zone_id)
            keep[a:b] = False
            keep_rows[self.row[zone_id]] = False
        if not len(self) and not remove:  # a new batch takes the fresh arrays as they are
            merged = list(block.arrays())
        elif keep.all():
            merged = [np.concatenate([old, new]) for old, new in zip(self._arrays(), block.arrays())]
        else:
            merged = [np.concatenate([old[keep], new]) for old, new in zip(self._arrays(), block.arrays())]
        self.vertices, self.normals, self.colors, self.shaded = merged
        self.zone_ids = np.concatenate([self.zone_ids[keep_rows], block.zone_ids])
        self.counts = np.concatenate([self.counts[keep_rows], block.counts])
        self.changed_range = None
        self._reindex()

    def _arrays(self) -> tuple[np.ndarray, ...]:
        return (self.vertices, self.normals, self.colors, self.shaded)


@dataclass
class Block:
    """Fresh triangles of some zones of one class, each zone's contiguous in ``zone_ids`` order."""

    zone_ids: np.ndarray
    counts: np.ndarray
    vertices: np.ndarray
    normals: np.ndarray
    colors: np.ndarray
    shaded: np.ndarray

    def __post_init__(self) -> None:
        self.starts = np.concatenate([[0], np.cumsum(self.counts)[:-1]]).astype(np.int64)

    def arrays(self) -> tuple[np.ndarray, ...]:
        return (self.vertices, self.normals, self.colors, self.shaded)


class MassingScene:
    """Massing of one scenario's zones (those standing in ``year``), batched per generic class.

    ``footprint`` and ``height`` per zone id keep what the rule gave, ``ground`` the whole zone
    (picking, tests), ``rgba`` its land-use colour.
    """

    def __init__(self, scheme: str, storey_height_m: Mapping[str, float], origin: tuple[float, float],
                 year: int | None = None, start_year=lambda zone: zone.start_year) -> None:
        self.scheme = scheme
        self.storey_height_m = dict(storey_height_m)
        self.origin = (float(origin[0]), float(origin[1]))
        self.year = year
        self._start_year = start_year
        self.batches: dict[str, ClassBatch] = {}
        self.zone_class: dict[int, str] = {}
        self.footprint: dict[int, object] = {}
        self.ground: dict[int, object] = {}  # the whole zone
        self.height: dict[int, float] = {}
        self.rgba: dict[int, tuple] = {}  # land-use colour (RGBA 0–1)
        self._tree = None
        #: (xmin, ymin, xmax, ymax) of all the scenario's zones, standing or not, relative to the
        #: origin: the views keep framing the whole plan while the year changes.
        self.extent: tuple[float, float, float, float] | None = None

    # -- queries ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.zone_class)

    def triangle_count(self) -> int:
        return sum(len(b) for b in self.batches.values())

    def bounds(self) -> tuple[float, float, float, float, float]:
        """(xmin, ymin, xmax, ymax, top) relative to the origin (the extent when set); zeros for an
        empty scene."""
        boxes = [(b.vertices[..., 0].min(), b.vertices[..., 1].min(), b.vertices[..., 0].max(),
                  b.vertices[..., 1].max(), b.vertices[..., 2].max()) for b in self.batches.values() if len(b)]
        top = max((b[4] for b in boxes), default=0.0)
        if self.extent is not None:
            return (*self.extent, float(top))
        if not boxes:
            return (0.0, 0.0, 0.0, 0.0, 0.0)
        a = np.array(boxes, dtype=float)
        return (a[:, 0].min(), a[:, 1].min(), a[:, 2].max(), a[:, 3].max(), float(top))

    def records(self) -> "MassingScene":
        """A copy of the per-zone records (class, footprint, whole zone, height, colour) and the
        extent, without the triangles: what a worker may read while edits change this scene."""
        copy = MassingScene(self.scheme, self.storey_height_m, self.origin, self.year, self._start_year)
        copy.zone_class, copy.footprint, copy.ground = dict(self.zone_class), dict(self.footprint), dict(self.ground)
        copy.height, copy.rgba = dict(self.height), dict(self.rgba)
        copy.extent = self.extent if self.extent is not None else self.bounds()[:4]
        return copy

    def spatial_index(self):
        """(STRtree of whole zones, zone ids in tree order); rebuilt after edits, on demand."""
        if self._tree is None:
            ids = np.fromiter(self.ground, np.int64, len(self.ground))
            self._tree = (shapely.STRtree([self.ground[i] for i in ids]), ids)
        return self._tree

    # -- changes ------------------------------------------------------------------------------
    def apply(self, zones: Mapping[int, Zone | None]) -> set[str]:
        """Bring the given zones up to date (None: deleted); returns the classes that changed."""
        if self.year is None:  # every zone stands: no start year to look up (its phase's)
            standing = {z: zone for z, zone in zones.items() if zone is not None}
        else:
            standing = {z: zone for z, zone in zones.items()
                        if zone is not None and zone_stands(self._start_year(zone), self.year)}
        by_class_remove: dict[str, list[int]] = {}
        for z in zones:
            if z in self.zone_class:
                by_class_remove.setdefault(self.zone_class.pop(z), []).append(z)
                self.footprint.pop(z, None)
                self.ground.pop(z, None)
                self.height.pop(z, None)
                self.rgba.pop(z, None)
        blocks = self._blocks(standing)
        touched = set(by_class_remove) | set(blocks)
        for generic in touched:
            batch = self.batches.setdefault(generic, ClassBatch(generic))
            block = blocks.get(generic) or _empty_block()
            batch.replace(by_class_remove.get(generic, ()), block)
        if touched:
            self._tree = None
        return touched

    def _blocks(self, zones: Mapping[int, Zone]) -> dict[str, Block]:
        """Triangles of ``zones``, one block per generic class."""
        if not zones:
            return {}
        catalogue = default_catalogue()
        looks: dict[str, tuple[str, tuple]] = {}  # code -> (generic class, RGBA)
        ids = np.fromiter(zones, np.int64, len(zones))
        n = len(ids)
        geoms = np.empty(n, dtype=object)
        coverage = np.ones(n)
        top = np.zeros(n)
        rgba = np.empty((n, 4), dtype=np.float32)
        generic_of = np.empty(n, dtype=object)
        areas = shapely.area([zone.geometry for zone in zones.values()]).tolist()
        for i, zone in enumerate(zones.values()):
            look = looks.get(zone.code)
            if look is None:
                cls = catalogue.find(self.scheme, zone.code)
                generic = cls.generic_class if cls is not None and cls.generic_class else UNKNOWN_CLASS
                look = looks[zone.code] = (generic, _rgba(cls.rgb_hex if cls is not None and cls.rgb_hex
                                                          else UNKNOWN_HEX))
            rule = zone_massing(zone, look[0], self.storey_height_m, areas[i])
            geoms[i] = zone.geometry
            coverage[i] = rule.coverage
            top[i] = rule.height_m
            rgba[i] = look[1]
            generic_of[i] = look[0]
        footprints = inset_to_coverage(geoms, coverage)
        # The open part of a plot (coverage below 1) lies on the ground in a paler tint of its
        # colour, so the plot reads as a whole and a click beside the building still finds it.
        lots = np.flatnonzero((top > 0) & (coverage < 1.0))
        soup = extrude(np.concatenate([footprints, geoms[lots]]), np.zeros(n + len(lots)),
                       np.concatenate([top, np.zeros(len(lots))]), self.origin)
        ground = soup.owner >= n
        owner = soup.owner
        owner[ground] = lots[owner[ground] - n]
        # One stable sort by (class, zone): each class is one slice, each zone contiguous in it.
        names = sorted(set(generic_of.tolist()))
        rank = np.searchsorted(np.array(names, dtype=object), generic_of).astype(np.int64)
        order = np.argsort(rank[owner] * n + owner, kind="stable")
        owner, ground = owner[order], ground[order]
        vertices, normals = soup.vertices[order], soup.normals[order]
        colors = rgba[owner]
        colors[ground, :3] = 1.0 - LOT_TINT * (1.0 - colors[ground, :3])
        shaded = shade(normals, colors)
        counts = np.bincount(owner, minlength=n)
        self.zone_class.update(zip(ids.tolist(), generic_of.tolist()))
        self.footprint.update(zip(ids.tolist(), footprints.tolist()))
        self.ground.update(zip(ids.tolist(), geoms.tolist()))
        self.height.update(zip(ids.tolist(), top.tolist()))
        self.rgba.update(zip(ids.tolist(), map(tuple, rgba.tolist())))
        zone_order = np.argsort(rank * n + np.arange(n), kind="stable")
        zone_bounds = np.searchsorted(rank[zone_order], np.arange(len(names) + 1))
        tri_bounds = np.concatenate([[0], np.cumsum(np.bincount(rank, counts, minlength=len(names)))]).astype(np.int64)
        blocks = {}
        for k, generic in enumerate(names):
            members = zone_order[zone_bounds[k]:zone_bounds[k + 1]]
            a, b = tri_bounds[k], tri_bounds[k + 1]
            blocks[generic] = Block(ids[members], counts[members], vertices[a:b], normals[a:b], colors[a:b],
                                    shaded[a:b])
        return blocks

    def set_year(self, year: int | None, zones: Mapping[int, Zone]) -> set[str]:
        """Show what stands in ``year`` of ``zones`` (the scenario's): adds and drops zones only."""
        self.year = year
        wanted = {z for z, zone in zones.items() if zone_stands(self._start_year(zone), year)}
        shown = set(self.zone_class)
        change: dict[int, Zone | None] = {z: None for z in shown - wanted}
        change.update({z: zones[z] for z in wanted - shown})
        return self.apply(change) if change else set()


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The indices of the ranges [start, start + count) one after another."""
    offsets = np.cumsum(counts) - counts
    return np.repeat(starts - offsets, counts) + np.arange(int(counts.sum()))


def _empty_block() -> Block:
    return Block(np.empty(0, np.int64), np.empty(0, np.int64), np.empty((0, 3, 3), np.float32),
                 np.empty((0, 3), np.float32), np.empty((0, 4), np.float32), np.empty((0, 3, 4), np.uint8))


def _rgba(hex_colour: str) -> tuple[float, float, float, float]:
    h = hex_colour.lstrip("#")
    return (int(h[0:2], 16) / 255.0, int(h[2:4], 16) / 255.0, int(h[4:6], 16) / 255.0, 1.0)


def build_scene(project, scenario=None, year: int | None = None,
                storey_height_m: Mapping[str, float] | None = None) -> MassingScene:
    """The massing of ``scenario`` (default: the active one) with the project's storey heights
    (the scenario's overrides applied), centred on the project's zones."""
    scenario = scenario or project.active_scenario
    storeys = storey_height_m or project.effective_parameters(scenario).storey_height_m
    zones = scenario.zones
    if zones:
        xmin, ymin, xmax, ymax = shapely.total_bounds([z.geometry for z in zones.values()])
        origin = ((xmin + xmax) / 2.0, (ymin + ymax) / 2.0)
    else:
        origin = (0.0, 0.0)
    scene = MassingScene(project.scheme, storeys, origin, year, start_year=project.zone_start_year)
    if zones:
        scene.extent = (xmin - origin[0], ymin - origin[1], xmax - origin[0], ymax - origin[1])
    scene.apply({z: zone for z, zone in zones.items()})
    return scene

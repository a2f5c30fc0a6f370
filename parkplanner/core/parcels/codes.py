"""Parcel codes (地块编码) unit-block-parcel, e.g. ``BD01-03-12``, and the blocks (街坊) they number.

- The planning unit is the project's ``planning_unit`` metadata (default :data:`DEFAULT_UNIT`).
- Blocks are the areas enclosed by road zones (generic class TRN): the union of every other zone,
  with gaps narrower than :data:`GAP_M` closed so that two zones that merely fail to touch by a
  digitising slip stay in one block. A polygon context layer named ``blocks`` (or 街坊) drawn or
  imported by the planner replaces the derived blocks.
- Blocks are numbered in reading order (north to south, then west to east), and the parcels of
  a block likewise. Road zones belong to no block: they are numbered in block ``00``.
- Codes a zone already has are kept; only zones without one get a new code, numbered after the
  highest parcel number already used in their block, so regenerating never renames a parcel.
- A split parcel's pieces get suffixes (``-1`` for the largest, ``-2``...); a merged parcel keeps
  the code of its largest part (zone_operations).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon

from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.model.zone import Zone

__all__ = [
    "DEFAULT_UNIT", "GAP_M", "ROAD_BLOCK", "BLOCK_LAYER_NAMES", "Block", "planning_unit", "derive_blocks",
    "reading_order", "block_of_zones", "generate_codes", "split_codes", "duplicate_codes", "project_blocks",
    "scenario_codes",
]

DEFAULT_UNIT = "01"
#: Gaps between non-road zones narrower than this (m) do not separate blocks.
GAP_M = 1.0
#: Block number of road zones, which lie between blocks rather than in one.
ROAD_BLOCK = 0
#: Names of a polygon context layer that holds the planner's own blocks.
BLOCK_LAYER_NAMES = ("blocks", "街坊")
_ROAD_CLASS = "TRN"


@dataclass(frozen=True)
class Block:
    """A block (街坊): its number in reading order and its outline."""

    number: int
    geometry: Polygon | MultiPolygon

    def label(self, unit: str) -> str:
        return f"{unit}-{self.number:02d}"


def planning_unit(metadata: Mapping[str, str]) -> str:
    return (metadata.get("planning_unit") or "").strip() or DEFAULT_UNIT


def reading_order(geoms: Iterable) -> list[int]:
    """Indices of ``geoms`` north to south, west to east.

    Rows are formed greedily from the top: a shape joins the current row when its centre lies
    within the vertical extent of the row's first shape, so a slightly taller neighbour does not
    start a row of its own; within a row shapes go west to east by their centre.
    """
    arr = np.asarray(list(geoms), dtype=object)
    if not len(arr):
        return []
    bounds = shapely.bounds(arr)
    centre_y = (bounds[:, 1] + bounds[:, 3]) / 2
    centre_x = (bounds[:, 0] + bounds[:, 2]) / 2
    remaining = list(np.lexsort((centre_x, -centre_y)))  # top-most first
    order: list[int] = []
    while remaining:
        first = remaining[0]
        low, high = bounds[first, 1], bounds[first, 3]
        row = [i for i in remaining if low <= centre_y[i] <= high]
        row_set = set(row)
        remaining = [i for i in remaining if i not in row_set]
        order.extend(sorted(row, key=lambda i: (centre_x[i], -centre_y[i])))
    return [int(i) for i in order]


def _is_road(zone: Zone, scheme: str) -> bool:
    cls = default_catalogue().find(scheme, zone.code)
    return cls is not None and cls.generic_class == _ROAD_CLASS


def derive_blocks(zones: Iterable[Zone], scheme: str) -> list[Block]:
    """Blocks enclosed by the road zones, numbered in reading order (see module docstring)."""
    parts = [z.geometry for z in zones if not _is_road(z, scheme)]
    if not parts:
        return []
    half = GAP_M / 2
    union = shapely.union_all(shapely.buffer(np.asarray(parts, dtype=object), half, join_style="mitre"))
    union = shapely.buffer(union, -half, join_style="mitre")
    polygons = [g for g in getattr(union, "geoms", [union]) if not g.is_empty and g.area > 0]
    return _numbered(polygons)


def _numbered(polygons: list) -> list[Block]:
    return [Block(n + 1, polygons[i]) for n, i in enumerate(reading_order(polygons))]


def project_blocks(project, scenario=None) -> list[Block]:
    """The planner's block layer if the project has one, else the blocks derived from roads."""
    for layer in project.context_layers:
        if layer.kind == "polygon" and layer.name.strip().lower() in BLOCK_LAYER_NAMES:
            polygons = [g for g in layer.geometries if g is not None and not g.is_empty]
            if polygons:
                return _numbered(polygons)
    scenario = scenario or project.active_scenario
    return derive_blocks(scenario, project.scheme)


def block_of_zones(zones: list[Zone], blocks: list[Block], scheme: str) -> dict[int, int]:
    """Block number of each zone id (ROAD_BLOCK for roads and zones outside every block).

    A zone belongs to the block that holds the largest part of it (a point inside it would be
    fooled by a parcel drawn a little across a block edge).
    """
    out = {z.id: ROAD_BLOCK for z in zones}
    if not blocks:
        return out
    candidates = [z for z in zones if not _is_road(z, scheme)]
    if not candidates:
        return out
    geoms = np.asarray([z.geometry for z in candidates], dtype=object)
    block_geoms = np.asarray([b.geometry for b in blocks], dtype=object)
    tree = shapely.STRtree(block_geoms)
    zone_index, block_index = tree.query(geoms, predicate="intersects")
    shared = shapely.area(shapely.intersection(geoms[zone_index], block_geoms[block_index]))
    best: dict[int, tuple[float, int]] = {}
    for zi, bi, area in zip(zone_index.tolist(), block_index.tolist(), shared.tolist()):
        if area > 0 and area > best.get(zi, (0.0, 0))[0]:
            best[zi] = (area, blocks[bi].number)
    for zi, (_, number) in best.items():
        out[candidates[zi].id] = number
    return out


_CODE = re.compile(r"^(?P<unit>.+)-(?P<block>\d+)-(?P<parcel>\d+)")


def generate_codes(zones: list[Zone], blocks: list[Block], scheme: str, unit: str,
                   keep_existing: bool = True) -> dict[int, str]:
    """Parcel code of every zone: its own when it has one (and ``keep_existing``), else a new one.

    New codes continue after the highest parcel number already used in the block, in reading
    order of the zones that need one, and never repeat an existing code.
    """
    block_of = block_of_zones(zones, blocks, scheme)
    codes: dict[int, str] = {}
    used: set[str] = set()
    highest: Counter = Counter()
    if keep_existing:
        for z in zones:
            if z.parcel_code:
                codes[z.id] = z.parcel_code
                used.add(z.parcel_code)
                match = _CODE.match(z.parcel_code)
                if match and match["unit"] == unit:
                    number = int(match["block"])
                    highest[number] = max(highest[number], int(match["parcel"]))
    needed = [z for z in zones if z.id not in codes]
    for index in reading_order(z.geometry for z in needed):
        zone = needed[index]
        block = block_of[zone.id]
        while True:
            highest[block] += 1
            code = f"{unit}-{block:02d}-{highest[block]:02d}"
            if code not in used:
                break
        codes[zone.id] = code
        used.add(code)
    return codes


def scenario_codes(project, scenario=None, keep_existing: bool = True,
                   blocks: list[Block] | None = None) -> dict[int, str]:
    """Parcel codes of a scenario's zones: stored ones kept, the missing ones generated (in
    ``blocks`` when the caller has them already, else in project_blocks)."""
    scenario = scenario or project.active_scenario
    zones = list(scenario)
    if keep_existing and all(z.parcel_code for z in zones):
        return {z.id: z.parcel_code for z in zones}  # type: ignore[misc]
    if blocks is None:
        blocks = project_blocks(project, scenario)
    return generate_codes(zones, blocks, project.scheme, planning_unit(project.metadata), keep_existing)


def split_codes(code: str | None, pieces: int) -> list[str | None]:
    """Codes of the pieces of a split parcel, largest first: ``code-1``, ``code-2``..."""
    if not code:
        return [None] * pieces
    return [f"{code}-{n}" for n in range(1, pieces + 1)]


def duplicate_codes(zones: Iterable[Zone]) -> dict[str, list[int]]:
    """Parcel codes used by more than one zone, with the ids of those zones (sorted)."""
    holders: dict[str, list[int]] = {}
    for z in zones:
        if z.parcel_code:
            holders.setdefault(z.parcel_code.strip(), []).append(z.id)
    return {code: sorted(ids) for code, ids in holders.items() if len(ids) > 1}

"""Zones of one scenario to and from an Arrow table (the zone layer of the project file).

Columns follow the Zone attributes, except that the land-use code is called ``landuse`` (the
name QGIS users see and the categorized style uses) and ``draw_order`` keeps the scenario's zone
order, which is the drawing order and need not follow the ids. Reading is column-wise: numpy
checks over whole columns, then one ``map(Zone, ...)`` over plain Python lists, which is what
keeps 100,000 zones well under a second.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from parkplanner.core.geometry.validation import GeometryRefused, repair_polygon
from parkplanner.core.model.catalogue import Catalogue
from parkplanner.core.model.zone import ATTRIBUTE_RANGES, Zone, validate_attribute

__all__ = ["ZONE_COLUMNS", "LoadedZones", "zone_columns", "zones_from_table"]

#: (file column, Zone attribute, Arrow type) in file order.
ZONE_COLUMNS: tuple[tuple[str, str, pa.DataType], ...] = (
    ("name", "name", pa.string()),
    ("landuse", "code", pa.string()),
    ("sector", "sector", pa.string()),
    ("far", "far", pa.float64()),
    ("coverage", "coverage", pa.float64()),
    ("green_ratio", "green_ratio", pa.float64()),
    ("height_m", "height_m", pa.float64()),
    ("phase", "phase", pa.int64()),
    ("start_year", "start_year", pa.int64()),
    ("gfa_override_m2", "gfa_override_m2", pa.float64()),
)
#: Projected coordinates beyond this (100,000 km) are corrupt data, not a place on Earth.
MAX_COORDINATE = 1.0e8
#: Values a hand-added feature (e.g. digitised in QGIS) may leave empty, and what they mean.
_DEFAULTS = {"name": "", "far": 0.0, "phase": 1}


def zone_columns(zones: list[Zone]) -> dict[str, pa.Array]:
    """Attribute columns (file names) plus ``draw_order`` for ``zones`` in scenario order."""
    columns = {
        column: pa.array([getattr(z, attribute) for z in zones], type=kind)
        for column, attribute, kind in ZONE_COLUMNS
    }
    columns["draw_order"] = pa.array(np.arange(len(zones), dtype=np.int64))
    return columns


@dataclass(frozen=True)
class LoadedZones:
    """Zones of one layer in draw order, with the (draw-ordered) table they came from."""

    table: pa.Table
    zones: list[Zone]

    def as_dict(self) -> dict[int, Zone]:
        return {z.id: z for z in self.zones}


def zones_from_table(table: pa.Table, scheme: str, catalogue: Catalogue, where: str,
                     like: LoadedZones | None = None) -> LoadedZones:
    """Zones of a layer read by gpkg_layers.read_layer, in draw order, checked and repaired.

    Invalid geometry is repaired (make_valid); anything the model cannot hold raises ValueError
    naming the zone (``where`` says which scenario, for the message). Rows identical to a row
    of ``like`` (another scenario of the same file) reuse its Zone object, as Scenario.copy
    shares them in memory: scenarios mostly differ in a few zones, so this halves the work.
    """
    table = _in_draw_order(table)
    ids = table.column("fid").to_numpy()
    shared, like_rows = _rows_shared_with(table, ids, like)
    if not shared.any():
        return LoadedZones(table, _build_zones(table, ids, scheme, catalogue, where))
    fresh = np.flatnonzero(~shared)
    zones = np.empty(len(ids), dtype=object)
    zones[fresh] = _build_zones(table.take(pa.array(fresh)), ids[fresh], scheme, catalogue, where)
    zones[shared] = [like.zones[i] for i in like_rows[shared].tolist()]  # type: ignore[union-attr]
    return LoadedZones(table, zones.tolist())


def _rows_shared_with(table: pa.Table, ids: np.ndarray, like: LoadedZones | None) -> tuple[np.ndarray, np.ndarray]:
    """Which rows equal (every column, WKB included) the row of the same id in ``like``."""
    none = np.zeros(len(ids), dtype=bool)
    if like is None or not len(like.zones) or not table.schema.equals(like.table.schema, check_metadata=False):
        return none, none.astype(np.int64)
    like_ids = like.table.column("fid").to_numpy()
    by_id = np.argsort(like_ids, kind="stable")
    slot = np.searchsorted(like_ids[by_id], ids).clip(0, len(like_ids) - 1)
    rows = by_id[slot]
    same = like_ids[rows] == ids
    other = like.table.take(pa.array(rows))
    for name in table.column_names:
        if name in ("fid", "draw_order"):
            continue
        mine, theirs = table.column(name), other.column(name)
        equal = pc.or_kleene(pc.equal(mine, theirs), pc.and_(pc.is_null(mine), pc.is_null(theirs)))
        same &= pc.fill_null(equal, False).to_numpy(zero_copy_only=False)
    return same, rows


def _build_zones(table: pa.Table, ids: np.ndarray, scheme: str, catalogue: Catalogue, where: str) -> list[Zone]:
    values = {attribute: _column(table, column, attribute, kind) for column, attribute, kind in ZONE_COLUMNS}
    _check_codes(ids, values["code"], scheme, catalogue, where)
    _check_ranges(ids, values, where)
    geoms = _decode_geometries(table, ids, where)
    # GEOS checks validity without holding the GIL: let a worker do it while this thread builds
    # the Zone objects (pure Python), then swap in repaired geometry for the few that need it.
    with ThreadPoolExecutor(max_workers=1) as pool:
        validity = pool.submit(_valid_polygons, geoms)
        columns = [values[attribute].to_pylist() for _, attribute, _ in ZONE_COLUMNS]
        id_list = ids.tolist()
        zones = list(map(Zone, id_list, geoms.tolist(), *_reorder_for_zone(columns)))
        suspect = np.flatnonzero(~validity.result())
    for index in suspect.tolist():
        try:
            repaired, _ = repair_polygon(geoms[index])
        except GeometryRefused as exc:
            raise ValueError(f"zone {ids[index]} {where}: {exc}") from None
        zones[index] = zones[index].with_changes(geometry=repaired)
    return zones


def _reorder_for_zone(columns: list[list]) -> list[list]:
    # Zone's positional order is (id, geometry, code, name, ...): name and code swap places.
    by_attribute = dict(zip((a for _, a, _ in ZONE_COLUMNS), columns))
    order = ("code", "name", "sector", "far", "coverage", "green_ratio", "height_m", "phase",
             "start_year", "gfa_override_m2")
    return [by_attribute[a] for a in order]


def _in_draw_order(table: pa.Table) -> pa.Table:
    if "draw_order" not in table.column_names:
        return table
    order = table.column("draw_order").to_numpy(zero_copy_only=False).astype(float)
    order[np.isnan(order)] = np.inf  # features added outside ParkPlanner draw last, by id
    permutation = np.lexsort((table.column("fid").to_numpy(), order))
    if np.array_equal(permutation, np.arange(len(permutation))):
        return table
    return table.take(pa.array(permutation))


def _column(table: pa.Table, column: str, attribute: str, kind: pa.DataType) -> pa.ChunkedArray | pa.Array:
    if column in table.column_names:
        data = pc.cast(table.column(column), kind)  # a hand-edited "1.5" text still reads as 1.5
    else:
        data = pa.nulls(len(table), type=kind)
    if attribute in _DEFAULTS:
        data = pc.fill_null(data, pa.scalar(_DEFAULTS[attribute], type=kind))
    return data


def _check_codes(ids: np.ndarray, codes, scheme: str, catalogue: Catalogue, where: str) -> None:
    missing = pc.is_null(codes).to_numpy(zero_copy_only=False)
    if missing.any():
        raise ValueError(f"zone {ids[np.argmax(missing)]} {where} has no land-use code")
    for code in pc.unique(codes).to_pylist():
        cls = catalogue.find(scheme, code)
        if cls is None or not cls.assignable:
            first = ids[np.argmax(pc.equal(codes, code).to_numpy(zero_copy_only=False))]
            reason = "unknown" if cls is None else "non-assignable (a heading)"
            raise ValueError(f"zone {first} {where} has {reason} land-use code {code!r} (scheme {scheme})")


def _check_ranges(ids: np.ndarray, values: dict, where: str) -> None:
    for attribute, (low, high) in ATTRIBUTE_RANGES.items():
        data = values[attribute].to_numpy(zero_copy_only=False).astype(float)  # nulls become nan
        bad = np.zeros(len(data), dtype=bool)  # nan (null) compares False: optional values pass
        if low is not None:
            bad |= data < low
        if high is not None:
            bad |= data > high
        if bad.any():
            index = int(np.argmax(bad))
            try:
                validate_attribute(attribute, data[index])
                reason = f"{attribute} is out of range"
            except ValueError as exc:
                reason = str(exc)
            raise ValueError(f"zone {ids[index]} {where}: {reason}")


def _decode_geometries(table: pa.Table, ids: np.ndarray, where: str) -> np.ndarray:
    geoms = shapely.from_wkb(table.column("geometry").to_numpy(zero_copy_only=False))
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if missing.any():
        raise ValueError(f"zone {ids[np.argmax(missing)]} {where} has no geometry")
    if shapely.has_z(geoms).any():
        geoms = shapely.force_2d(geoms)
    bounds = shapely.bounds(geoms)
    absurd = ~(np.isfinite(bounds) & (np.abs(bounds) <= MAX_COORDINATE)).all(axis=1)
    if absurd.any():  # corrupt data: areas would be inf or nan and poison every metric
        index = int(np.argmax(absurd))
        raise ValueError(f"zone {ids[index]} {where}: coordinate ({bounds[index, 0]:g}, {bounds[index, 1]:g}) "
                         "is out of range")
    return geoms


def _valid_polygons(geoms: np.ndarray) -> np.ndarray:
    type_ids = shapely.get_type_id(geoms)
    return shapely.is_valid(geoms) & ((type_ids == 3) | (type_ids == 6))

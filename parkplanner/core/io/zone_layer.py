"""Zones of one scenario from its zone layer in the project file (read by gpkg_features).

Columns follow the Zone attributes, except that the land-use code is called ``landuse`` (the
name QGIS users see and the categorized style uses) and ``draw_order`` keeps the scenario's zone
order, which is the drawing order and need not follow the ids. Reading is column-wise: numpy
typing and checks over whole columns, then one ``map(Zone, ...)`` over plain Python lists, which
is what keeps 100,000 zones well under a second. Values are typed here, not by the reader, so a
hand-edited file (text "1.5" in a number column, an integer code) reads as its author meant.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields

import numpy as np
import shapely

from parkplanner.core.geometry.validation import GeometryRefused, repair_polygon
from parkplanner.core.io.gpkg_features import FeatureTable
from parkplanner.core.model.catalogue import Catalogue
from parkplanner.core.model.zone import ATTRIBUTE_RANGES, Zone, validate_attribute

__all__ = ["ZONE_COLUMNS", "DRAW_ORDER", "LoadedZones", "zones_from_table"]

#: (file column, Zone attribute, GeoPackage column type) in file order.
ZONE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("name", "name", "TEXT"),
    ("landuse", "code", "TEXT"),
    ("sector", "sector", "TEXT"),
    ("far", "far", "REAL"),
    ("coverage", "coverage", "REAL"),
    ("green_ratio", "green_ratio", "REAL"),
    ("height_m", "height_m", "REAL"),
    ("phase", "phase", "INTEGER"),
    ("start_year", "start_year", "INTEGER"),
    ("gfa_override_m2", "gfa_override_m2", "REAL"),
    ("parcel_code", "parcel_code", "TEXT"),
)
DRAW_ORDER = "draw_order"
#: Projected coordinates beyond this (100,000 km) are corrupt data, not a place on Earth.
MAX_COORDINATE = 1.0e8
#: Values a hand-added feature (e.g. digitised in QGIS) may leave empty, and what they mean.
_DEFAULTS = {"name": "", "far": 0.0, "phase": 1}
#: Zone's positional order after (id, geometry).
_ZONE_ORDER = tuple(f.name for f in fields(Zone))[2:]


@dataclass(frozen=True)
class LoadedZones:
    """Zones of one layer in draw order, with the (draw-ordered) table they came from."""

    table: FeatureTable
    zones: list[Zone]

    def as_dict(self) -> dict[int, Zone]:
        return {z.id: z for z in self.zones}


def zones_from_table(table: FeatureTable, scheme: str, catalogue: Catalogue, where: str,
                     like: LoadedZones | None = None) -> LoadedZones:
    """Zones of a layer read by gpkg_features.read_features, in draw order, checked and repaired.

    Invalid geometry is repaired (make_valid); anything the model cannot hold raises ValueError
    naming the zone (``where`` says which scenario, for the message). Rows identical to a row
    of ``like`` (another scenario of the same file) reuse its Zone object, as Scenario.copy
    shares them in memory: scenarios mostly differ in a few zones, so this halves the work.
    """
    table = _in_draw_order(table, where)
    ids = table.fid
    shared, like_rows = _rows_shared_with(table, ids, like)
    if not shared.any():
        return LoadedZones(table, _build_zones(table, ids, scheme, catalogue, where))
    fresh = np.flatnonzero(~shared)
    zones = np.empty(len(ids), dtype=object)
    zones[fresh] = _build_zones(table.take(fresh), ids[fresh], scheme, catalogue, where)
    zones[shared] = [like.zones[i] for i in like_rows[shared].tolist()]  # type: ignore[union-attr]
    return LoadedZones(table, zones.tolist())


def _rows_shared_with(table: FeatureTable, ids: np.ndarray, like: LoadedZones | None
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Which rows equal (every column, WKB included) the row of the same id in ``like``."""
    none = np.zeros(len(ids), dtype=bool)
    if like is None or not len(like.zones) or list(table.columns) != list(like.table.columns):
        return none, none.astype(np.int64)
    like_ids = like.table.fid
    by_id = np.argsort(like_ids, kind="stable")
    slot = np.searchsorted(like_ids[by_id], ids).clip(0, len(like_ids) - 1)
    rows = by_id[slot]
    same = like_ids[rows] == ids
    other = like.table.take(rows)
    for name, mine in table.columns.items():
        if name != DRAW_ORDER:
            same &= (mine == other.columns[name]).astype(bool)  # None == None; 1 == 1.0
    same &= (table.blobs == other.blobs).astype(bool)
    return same, rows


def _build_zones(table: FeatureTable, ids: np.ndarray, scheme: str, catalogue: Catalogue, where: str) -> list[Zone]:
    raw = {attribute: _raw_column(table, column) for column, attribute, _ in ZONE_COLUMNS}
    texts = {attribute: _texts(raw[attribute], attribute) for _, attribute, kind in ZONE_COLUMNS if kind == "TEXT"}
    numbers = {attribute: _numbers(raw[attribute], ids, column, where, attribute)
               for column, attribute, kind in ZONE_COLUMNS if kind != "TEXT"}
    _check_codes(ids, texts["code"], scheme, catalogue, where)
    _check_ranges(ids, numbers, where)
    geoms = _decode_geometries(table, ids, where)
    # GEOS checks validity without holding the GIL: let a worker do it while this thread builds
    # the Zone objects (pure Python), then swap in repaired geometry for the few that need it.
    with ThreadPoolExecutor(max_workers=1) as pool:
        validity = pool.submit(_valid_polygons, geoms)
        lists = {attribute: values.tolist() for attribute, values in texts.items()}
        for _, attribute, kind in ZONE_COLUMNS:
            if kind != "TEXT":
                lists[attribute] = _python_numbers(numbers[attribute], whole=kind == "INTEGER")
        zones = list(map(Zone, ids.tolist(), geoms.tolist(), *(lists[a] for a in _ZONE_ORDER)))
        suspect = np.flatnonzero(~validity.result())
    for index in suspect.tolist():
        try:
            repaired, _ = repair_polygon(geoms[index])
        except GeometryRefused as exc:
            raise ValueError(f"zone {ids[index]} {where}: {exc}") from None
        zones[index] = zones[index].with_changes(geometry=repaired)
    return zones


def _raw_column(table: FeatureTable, column: str) -> np.ndarray:
    values = table.columns.get(column)
    return np.full(len(table), None, dtype=object) if values is None else values


def _in_draw_order(table: FeatureTable, where: str) -> FeatureTable:
    if DRAW_ORDER not in table.columns:
        return table
    order = _numbers(table.columns[DRAW_ORDER], table.fid, DRAW_ORDER, where)
    order[np.isnan(order)] = np.inf  # features added outside ParkPlanner draw last, by id
    permutation = np.lexsort((table.fid, order))
    if np.array_equal(permutation, np.arange(len(permutation))):
        return table
    return table.take(permutation)


def _texts(values: np.ndarray, attribute: str) -> np.ndarray:
    """Text values (None where null, or the attribute's default), whatever SQLite stored."""
    if not set(map(type, values.tolist())) <= {str, type(None)}:
        values = np.fromiter(map(_text, values.tolist()), dtype=object, count=len(values))
    if attribute in _DEFAULTS:
        values = values.copy()
        values[_nulls(values)] = _DEFAULTS[attribute]
    return values


def _nulls(values: np.ndarray) -> np.ndarray:
    return (values == None).astype(bool)  # noqa: E711 (elementwise on an object array)


def _text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, float) and value.is_integer():  # a code typed into a number column: 1401.0
        return str(int(value))
    return str(value)


def _numbers(values: np.ndarray, ids: np.ndarray, column: str, where: str, attribute: str | None = None) -> np.ndarray:
    """Floats (nan where null, unless the attribute has a default); numeric text reads as its number."""
    try:
        numbers = values.astype(np.float64)  # None -> nan, "1.5" -> 1.5
    except (TypeError, ValueError, OverflowError):
        numbers = None
    if numbers is None:  # find the culprit to name it (GDAL would have read it silently as 0)
        for fid, value in zip(ids.tolist(), values.tolist()):
            try:
                if value is not None:
                    float(value)
            except (TypeError, ValueError, OverflowError):
                raise ValueError(f"zone {fid} {where}: {column} is not a number: {value!r}") from None
        raise ValueError(f"{column} {where} holds values that are not numbers")
    if attribute in _DEFAULTS:
        numbers[np.isnan(numbers)] = _DEFAULTS[attribute]
    return numbers


def _python_numbers(numbers: np.ndarray, whole: bool) -> list:
    """Python floats (or ints when ``whole``) with None where nan (null)."""
    missing = np.isnan(numbers)
    values = (np.where(missing, 0, numbers).astype(np.int64) if whole else numbers).astype(object)
    values[missing] = None
    return values.tolist()


def _check_codes(ids: np.ndarray, codes: np.ndarray, scheme: str, catalogue: Catalogue, where: str) -> None:
    missing = _nulls(codes)
    if missing.any():
        raise ValueError(f"zone {ids[np.argmax(missing)]} {where} has no land-use code")
    for code in dict.fromkeys(codes.tolist()):  # first-seen order: the first bad zone is named
        cls = catalogue.find(scheme, code)
        if cls is None or not cls.assignable:
            first = ids[np.argmax(codes == code)]
            reason = "unknown" if cls is None else "non-assignable (a heading)"
            raise ValueError(f"zone {first} {where} has {reason} land-use code {code!r} (scheme {scheme})")


def _check_ranges(ids: np.ndarray, numbers: dict[str, np.ndarray], where: str) -> None:
    for attribute, (low, high) in ATTRIBUTE_RANGES.items():
        data = numbers[attribute]
        bad = np.isinf(data)  # nan (null) compares False below: optional values pass
        if low is not None:
            bad |= data < low
        if high is not None:
            bad |= data > high
        if attribute in ("phase", "start_year"):
            bad |= np.isfinite(data) & (data != np.floor(data))
        if bad.any():
            index = int(np.argmax(bad))
            try:
                validate_attribute(attribute, float(data[index]))
                reason = f"{attribute} is out of range"
            except ValueError as exc:
                reason = str(exc)
            raise ValueError(f"zone {ids[index]} {where}: {reason}")


def _decode_geometries(table: FeatureTable, ids: np.ndarray, where: str) -> np.ndarray:
    geoms = table.geometries()
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

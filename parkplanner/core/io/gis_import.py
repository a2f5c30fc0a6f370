"""Import zones and context layers from GeoPackage, GeoJSON, Shapefile (and DXF for context).

Reading goes through pyogrio's raw interface (numpy arrays, no pandas): geometries are decoded,
checked and reprojected as whole arrays; only attribute coercion walks the rows, because each
value needs its own readable error. Every refusal is a :class:`GisImportError` whose one-line
message names the row, the column and the value, so the CLI can print it as is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import shapely

from parkplanner.core.geometry.crs import (
    WGS84, CrsError, crs_string, parse_crs, reproject, require_projected, suggest_projected_crs,
    transformer,
)
from parkplanner.core.geometry.validation import MIN_ZONE_AREA_M2, GeometryRefused, repair_polygon
from parkplanner.core.model.catalogue import SCHEMES, default_catalogue
from parkplanner.core.model.project import ContextLayer, Phase, Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.sectors import default_sectors
from parkplanner.core.model.zone import Zone, validate_attribute

__all__ = ["GisImportError", "ImportResult", "import_zones", "read_context_layer", "FIELD_KEYS"]

#: Attribute keys a source column can feed, with the default (case-insensitive) column names.
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "landuse": ("landuse", "land_use", "code"),
    "far": ("far",),
    "sector": ("sector",),
    "phase": ("phase",),
    "start_year": ("start_year",),
    "coverage": ("coverage",),
    "green_ratio": ("green_ratio", "green_rat"),  # the short forms are gis_export's shapefile names
    "height_m": ("height_m",),
    "gfa_override_m2": ("gfa_override_m2", "gfa_ovr_m2"),
}
_FRACTIONS = ("coverage", "green_ratio")
#: Projected coordinates beyond this (100,000 km) are corrupt data, not a place on Earth.
_MAX_PROJECTED_COORD = 1.0e8
#: A park, even a whole new town, fits in this; a wider extent means a wrong CRS.
_MAX_EXTENT_M = 1.0e6
_KIND_OF_TYPE = {
    "Point": "point", "MultiPoint": "point", "LineString": "line", "MultiLineString": "line",
    "LinearRing": "line", "Polygon": "polygon", "MultiPolygon": "polygon",
}
_SHAPEFILE_FALLBACK_ENCODINGS = ("UTF-8", "GBK")  # Chinese data without .cpg is usually GBK


class GisImportError(ValueError):
    """A source file that cannot become a project or layer; the message is one readable line."""


@dataclass
class ImportResult:
    project: Project
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Table:
    """One layer read into arrays: decoded geometries, columns by name, the source CRS."""

    label: str
    geometries: np.ndarray
    columns: dict[str, np.ndarray]
    crs: str | None
    notes: list[str]
    cad: bool = False  # CAD drawings (DXF) carry no CRS and are drawn in project coordinates


# -- public entry points -------------------------------------------------------------------------
def import_zones(src: str | Path, scheme: str, layer: str | None = None,
                 field_map: Mapping[str, str] | None = None, crs: str | None = None,
                 project_name: str | None = None, recode: Mapping[str, str] | None = None) -> ImportResult:
    """Read polygons with land-use attributes into a new one-scenario :class:`Project`.

    ``field_map`` maps attribute keys (:data:`FIELD_KEYS`) to source column names. ``crs`` is the
    project CRS (projected, metres); without it geographic data go to a CRS chosen by
    :func:`~parkplanner.core.geometry.crs.suggest_projected_crs` and projected data keep theirs.
    ``recode`` maps source land-use codes to catalogue codes (see column_mapping.py).
    """
    if scheme not in SCHEMES:
        raise GisImportError(f"unknown land-use scheme {scheme!r} (known: {', '.join(SCHEMES)})")
    target = _checked_target(crs)
    table = _read_table(Path(src), layer)
    warnings = list(table.notes)
    columns = _resolve_columns(table, field_map or {}, warnings)
    geoms = _zone_geometries(table, warnings)
    source = _source_crs(table, target, warnings)
    project_crs = target or _default_target(table.geometries, source, table.label)
    geoms = _to_project_crs(geoms, source, project_crs, table.label, warnings)
    small = np.flatnonzero(shapely.area(geoms) < MIN_ZONE_AREA_M2)
    if small.size:
        raise GisImportError(f"{table.label}, row {small[0] + 1}: the polygon is smaller than "
                             f"{MIN_ZONE_AREA_M2:g} m²")
    zones = _build_zones(table, columns, geoms, scheme, warnings, recode)
    project = Project(
        name=project_name or Path(src).stem, crs=project_crs, scheme=scheme, phases=_phases(zones, warnings),
        scenarios=[Scenario(id="base", name="Base plan", zones={z.id: z for z in zones})],
        metadata={"imported_from": Path(src).name},
    )
    return ImportResult(project, warnings)


def read_context_layer(path: str | Path, layer: str | None = None, *, target_crs: str,
                       name: str | None = None) -> ContextLayer:
    """Read reference geometry (roads, rivers, a CAD drawing) reprojected to ``target_crs``.

    The layer keeps the geometries of its dominant kind (point, line or polygon); in a line
    layer polygons contribute their outlines. A DXF drawing has no CRS and is taken to be drawn
    in project coordinates; another source without a CRS is taken to be in lon/lat if its
    coordinates fit, else in the project CRS.
    """
    target = _checked_target(target_crs)
    table = _read_table(Path(path), layer)
    parts = shapely.get_parts(shapely.force_2d(table.geometries[~shapely.is_missing(table.geometries)]))
    parts = parts[~shapely.is_empty(parts)]
    if not len(parts):
        raise GisImportError(f"{table.label}: no geometry to show")
    kinds = np.array([_KIND_OF_TYPE.get(g.geom_type, "") for g in parts])
    counts = {k: int((kinds == k).sum()) for k in ("polygon", "line", "point")}
    kind = max(counts, key=lambda k: counts[k])
    keep = parts[kinds == kind]
    if kind == "line" and counts["polygon"]:
        keep = np.concatenate([keep, shapely.get_parts(shapely.boundary(parts[kinds == "polygon"]))])
    source = _source_crs(table, target, [])
    keep = _to_project_crs(keep, source, target, table.label, [])
    return ContextLayer(name=name or layer or Path(path).stem, kind=kind, geometries=tuple(keep))


# -- reading -------------------------------------------------------------------------------------
def _read_table(path: Path, layer: str | None) -> _Table:
    import pyogrio

    label = path.name
    if not path.exists():
        raise GisImportError(f"no such file: {path}")
    if path.is_file() and path.stat().st_size == 0:
        raise GisImportError(f"{label} is empty")
    try:
        layer = _pick_layer(path, layer)
        notes: list[str] = []
        meta, _, wkb, values = _read_with_encoding(path, layer, notes)
    except GisImportError:
        raise
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError, ValueError) as exc:
        raise GisImportError(f"cannot read {label}: {_gdal_reason(exc, path)}") from None
    if layer:
        label = f"{label}, layer {layer!r}"
    if wkb is None or len(wkb) == 0:
        raise GisImportError(f"{label} has no features")
    try:
        geometries = shapely.from_wkb(wkb)
    except shapely.errors.GEOSException as exc:
        raise GisImportError(f"{label}: broken geometry ({_first_line(exc)})") from None
    columns = {str(name): values[i] for i, name in enumerate(meta["fields"])}
    return _Table(label, np.asarray(geometries, dtype=object), columns, meta.get("crs"), notes,
                  cad=path.suffix.lower() == ".dxf")


def _pick_layer(path: Path, layer: str | None) -> str | None:
    import pyogrio

    layers = pyogrio.list_layers(path)
    names = [str(row[0]) for row in layers]
    if layer is not None:
        if layer not in names:
            raise GisImportError(f"{path.name} has no layer {layer!r} (layers: {', '.join(names)})")
        return layer
    if len(names) <= 1:
        return None
    with_geometry = [str(row[0]) for row in layers if row[1] not in (None, "None")]
    if len(with_geometry) == 1:
        return with_geometry[0]
    raise GisImportError(f"{path.name} has several layers ({', '.join(names)}); choose one")


def _read_with_encoding(path: Path, layer: str | None, notes: list[str]):
    """Shapefiles without .cpg or a code page mark: UTF-8, then GBK; other files: as GDAL says."""
    import pyogrio.raw

    if not _needs_encoding_guess(path):
        return pyogrio.raw.read(path, layer=layer)
    for encoding in _SHAPEFILE_FALLBACK_ENCODINGS:
        try:
            result = pyogrio.raw.read(path, layer=layer, encoding=encoding)
        except UnicodeDecodeError:
            continue
        if encoding != _SHAPEFILE_FALLBACK_ENCODINGS[0]:
            notes.append(f"{path.name} has no .cpg file and is not UTF-8: text read as {encoding}")
        return result
    raise GisImportError(f"cannot decode the text of {path.name}: add a .cpg file naming its encoding")


def _needs_encoding_guess(path: Path) -> bool:
    if path.suffix.lower() != ".shp" or path.with_suffix(".cpg").exists() or path.with_suffix(".CPG").exists():
        return False
    dbf = next((p for p in (path.with_suffix(".dbf"), path.with_suffix(".DBF")) if p.exists()), None)
    if dbf is None:
        return False
    with open(dbf, "rb") as handle:
        header = handle.read(32)
    return len(header) < 30 or header[29] == 0  # byte 29: the dBASE language driver (code page) id


# -- columns -------------------------------------------------------------------------------------
def _resolve_columns(table: _Table, field_map: Mapping[str, str], warnings: list[str]) -> dict[str, str]:
    """Attribute key -> source column name, from ``field_map`` first, then the default names."""
    unknown = sorted(set(field_map) - set(FIELD_KEYS))
    if unknown:
        raise GisImportError(f"unknown field key {unknown[0]!r} (keys: {', '.join(FIELD_KEYS)})")
    by_lower = {name.lower(): name for name in table.columns}
    available = ", ".join(table.columns) or "none"
    resolved = {}
    for key, defaults in FIELD_KEYS.items():
        if key in field_map:
            column = by_lower.get(str(field_map[key]).lower())
            if column is None:
                raise GisImportError(f"{table.label}: column {field_map[key]!r} (for {key}) not found; "
                                     f"columns: {available}")
            resolved[key] = column
            continue
        column = next((by_lower[d] for d in defaults if d in by_lower), None)
        if column is not None:
            resolved[key] = column
    if "landuse" not in resolved:
        raise GisImportError(f"{table.label}: no land-use column (looked for 'landuse'; columns: "
                             f"{available}); map one with landuse=COLUMN")
    if "far" not in resolved:
        warnings.append(f"{table.label}: no FAR column; every zone gets FAR 0")
    return resolved


def _build_zones(table: _Table, columns: dict[str, str], geoms: np.ndarray, scheme: str,
                 warnings: list[str], recode: Mapping[str, str] | None = None) -> list[Zone]:
    from parkplanner.core.io.column_mapping import apply_recode

    catalogue = default_catalogue()
    sectors = _sector_lookup()
    percent_columns = {key for key in _FRACTIONS if key in columns and _looks_like_percent(table.columns[columns[key]])}
    for key in sorted(percent_columns):
        warnings.append(f"column {columns[key]!r} holds percentages; divided by 100 for {key}")
    zones = []
    for row, geometry in enumerate(geoms):
        where = f"{table.label}, row {row + 1}"
        raw = {key: _cell(table.columns[column][row]) for key, column in columns.items()}
        landuse = apply_recode(raw["landuse"], recode)
        code = catalogue.normalise_code(scheme, landuse) if landuse is not None else None
        if code is None or not catalogue.get(scheme, code).assignable:
            raise GisImportError(f"{where}, column {columns['landuse']!r}: unknown land-use code "
                                 f"{raw['landuse']!r} in scheme {scheme}")
        values: dict[str, Any] = {"code": code, "name": "" if raw.get("name") is None else str(raw["name"])}
        if raw.get("sector") is not None:
            sector = sectors.get(str(raw["sector"]).strip().lower())
            if sector is None:
                raise GisImportError(f"{where}, column {columns['sector']!r}: unknown sector "
                                     f"{raw['sector']!r} (use an id or name: {', '.join(default_sectors())})")
            values["sector"] = sector
        for key in ("far", "phase", "start_year", "coverage", "green_ratio", "height_m", "gfa_override_m2"):
            if key not in columns:
                continue
            value = raw[key]
            if value is None and key in ("far", "phase"):
                continue  # the Zone defaults (FAR 0, phase 1) are what an empty cell means
            if key in percent_columns and value is not None:
                value = _number(value) / 100.0 if _number(value) is not None else value
            attribute = "gfa_override_m2" if key == "gfa_override_m2" else key
            try:
                values[attribute] = validate_attribute(attribute, value)
            except ValueError as exc:
                raise GisImportError(f"{where}, column {columns[key]!r}: {exc} (value {value!r})") from None
        zones.append(Zone(id=row + 1, geometry=geometry, **values))
    return zones


def _phases(zones: list[Zone], warnings: list[str]) -> tuple[Phase, ...]:
    """One phase per phase number, starting in the earliest start year its zones give."""
    years: dict[int, list[int]] = {}
    for zone in zones:
        years.setdefault(zone.phase, [])
        if zone.start_year is not None:
            years[zone.phase].append(zone.start_year)
    unscheduled = sorted(n for n, found in years.items() if not found)
    if unscheduled:
        warnings.append(f"phase {', '.join(map(str, unscheduled))}: no start year in the data; set one in the "
                        "project settings so forecasts include these zones")
    return tuple(Phase(n, f"Phase {n}", min(found)) for n, found in sorted(years.items()) if found)


def _sector_lookup() -> dict[str, str]:
    lookup = {}
    for sector in default_sectors().values():
        for key in (sector.id, sector.name_en, sector.name_zh):
            lookup[key.strip().lower()] = sector.id
    return lookup


def _cell(value: Any) -> Any:
    """None for the ways files spell "empty" (NULL, NaN, blank text); the value otherwise."""
    if value is None or value is np.ma.masked:
        return None
    if isinstance(value, (float, np.floating)) and np.isnan(value):
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _looks_like_percent(column: np.ndarray) -> bool:
    """Most non-zero values above 1 and none above 100: a share written in percent (35 for 0.35)."""
    numbers = np.array([n for n in (_number(_cell(v)) for v in column) if n is not None and np.isfinite(n)])
    positive = numbers[numbers > 0]
    return bool(positive.size and (positive > 1.0).mean() > 0.5 and numbers.min() >= 0.0 and numbers.max() <= 100.0)


# -- geometry and CRS ----------------------------------------------------------------------------
def _zone_geometries(table: _Table, warnings: list[str]) -> np.ndarray:
    geoms = table.geometries
    types = [None if g is None else g.geom_type for g in geoms]
    for row, kind in enumerate(types):
        if kind is None:
            raise GisImportError(f"{table.label}, row {row + 1}: no geometry")
        if kind not in ("Polygon", "MultiPolygon"):
            raise GisImportError(f"{table.label}, row {row + 1}: the geometry is a {kind}; zones must be polygons")
    geoms = shapely.force_2d(geoms)
    for row in np.flatnonzero(~shapely.is_valid(geoms)):
        reason = shapely.is_valid_reason(geoms[row])
        try:
            geoms[row], _ = repair_polygon(geoms[row])
        except GeometryRefused as exc:
            raise GisImportError(f"{table.label}, row {row + 1}: {exc}") from None
        warnings.append(f"row {row + 1}: invalid polygon repaired ({reason})")
    empty = np.flatnonzero(shapely.is_empty(geoms))
    if empty.size:
        raise GisImportError(f"{table.label}, row {empty[0] + 1}: the geometry is empty")
    return geoms


def _checked_target(crs: str | None) -> str | None:
    if crs is None:
        return None
    try:
        return crs_string(require_projected(crs))
    except CrsError as exc:
        raise GisImportError(f"project CRS: {exc}") from None


def _source_crs(table: _Table, target: str | None, warnings: list[str]) -> str:
    """The CRS the coordinates are in; a guess, reported as a warning, when the file has none."""
    coords = shapely.get_coordinates(table.geometries)
    if table.crs:
        try:
            source = crs_string(parse_crs(table.crs))
        except CrsError as exc:
            raise GisImportError(f"{table.label}: {exc}") from None
        _check_coordinates(coords, source, table.label)
        return source
    if coords.size and not table.cad and _all_lonlat(coords):
        warnings.append(f"{table.label} has no CRS; its coordinates look like longitude/latitude (EPSG:4326)")
        return WGS84
    if target is not None:
        warnings.append(f"{table.label} has no CRS; taken to be in {target}")
        _check_coordinates(coords, target, table.label)
        return target
    raise GisImportError(f"{table.label} has no CRS and is not in longitude/latitude; give the CRS (e.g. EPSG:4548)")


def _all_lonlat(coords: np.ndarray) -> bool:
    return bool(np.isfinite(coords).all() and (np.abs(coords[:, 0]) <= 180).all() and (np.abs(coords[:, 1]) <= 90).all())


def _check_coordinates(coords: np.ndarray, crs: str, label: str) -> None:
    if not coords.size:
        return
    if parse_crs(crs).is_geographic:
        bad = ~(np.isfinite(coords).all(axis=1) & (np.abs(coords[:, 0]) <= 180) & (np.abs(coords[:, 1]) <= 90))
        what = "is not a longitude/latitude"
    else:
        bad = ~(np.isfinite(coords).all(axis=1) & (np.abs(coords) <= _MAX_PROJECTED_COORD).all(axis=1))
        what = f"is out of range for {_crs_label(crs)}"
    if bad.any():
        x, y = coords[np.flatnonzero(bad)[0]]
        raise GisImportError(f"{label}: coordinate ({x:g}, {y:g}) {what}")


def _default_target(geoms: np.ndarray, source: str, label: str) -> str:
    """Projected metric data keep their CRS; anything else goes to a metric CRS chosen at its centre."""
    try:
        return crs_string(require_projected(source))
    except CrsError:
        pass
    xmin, ymin, xmax, ymax = shapely.total_bounds(geoms)
    lon, lat = transformer(source, WGS84).transform((xmin + xmax) / 2, (ymin + ymax) / 2)
    try:
        return suggest_projected_crs(lon, lat)
    except CrsError as exc:
        raise GisImportError(f"{label}: {exc}") from None


def _to_project_crs(geoms: np.ndarray, source: str, target: str, label: str, warnings: list[str]) -> np.ndarray:
    if parse_crs(source) != parse_crs(target):
        try:
            geoms = reproject(geoms, source, target)
        except CrsError as exc:
            raise GisImportError(f"{label}: {exc}") from None
        warnings.append(f"reprojected from {_crs_label(source)} to {_crs_label(target)}")
    xmin, ymin, xmax, ymax = shapely.total_bounds(geoms)
    extent = max(xmax - xmin, ymax - ymin)
    if extent > _MAX_EXTENT_M:
        raise GisImportError(f"{label}: the data span {extent / 1000:,.0f} km; check the CRS")
    return geoms


def _crs_label(crs: str) -> str:
    """"EPSG:n" as is; a CRS known only by its WKT by its name, so messages stay one short line."""
    return crs if crs.upper().startswith(("EPSG:", "OGC:")) else parse_crs(crs).name


def _gdal_reason(exc: BaseException, path: Path) -> str:
    """GDAL's complaint without its build paths, the file's full path and driver advice."""
    text = _first_line(exc)
    if "not recognized as being in a supported file format" in text:
        return "not a GIS file of a known format (damaged, or another kind of file)"
    text = re.sub(r"(?:[A-Za-z]:)?[/\\][^\s,;:]*[/\\][^\s,;:]*\.(?:cpp|c|h)(?:, \d+)?:\s*", "", text)
    return text.replace(str(path), path.name)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__

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

from parkplanner.core.geometry.validation import MIN_ZONE_AREA_M2, GeometryRefused, repair_polygon
from parkplanner.core.io.import_columns import (
    FIELD_KEYS, cell, clean_column, empty_cell_notes, resolve_columns, share_readers,
)
from parkplanner.core.io.import_crs import checked_target, project_crs, source_crs, to_project_crs
from parkplanner.core.io.import_errors import GisImportError
from parkplanner.core.io.import_overlaps import overlap_notes
from parkplanner.core.io.import_rows import RowProblems
from parkplanner.core.io.shapefile_encoding import (
    check_encoding, dbf_path, decodes, guess_encoding, needs_guess, text_values,
)
from parkplanner.core.model.catalogue import SCHEMES, default_catalogue
from parkplanner.core.model.project import ContextLayer, Phase, Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.sectors import default_sectors
from parkplanner.core.model.zone import Zone, validate_attribute

__all__ = ["GisImportError", "ImportResult", "import_zones", "read_context_layer", "FIELD_KEYS"]

_KIND_OF_TYPE = {
    "Point": "point", "MultiPoint": "point", "LineString": "line", "MultiLineString": "line",
    "LinearRing": "line", "Polygon": "polygon", "MultiPolygon": "polygon",
}


@dataclass
class ImportResult:
    project: Project
    #: Planner-readable lines: what was repaired, guessed, assumed or skipped.
    warnings: list[str] = field(default_factory=list)
    #: Source rows (1-based) left out by ``skip_invalid``.
    skipped: list[int] = field(default_factory=list)


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
                 project_name: str | None = None, *, encoding: str | None = None,
                 skip_invalid: bool = False, recode: Mapping[str, str] | None = None) -> ImportResult:
    """Read polygons with land-use attributes into a new one-scenario :class:`Project`.

    ``field_map`` maps attribute keys (:data:`FIELD_KEYS`) to source column names. ``crs`` is the
    project CRS (projected, metres); without it geographic data go to a CRS chosen by
    :func:`~parkplanner.core.geometry.crs.suggest_projected_crs` and projected data keep theirs.
    ``encoding`` is the text encoding of a shapefile's attributes when its own files do not say or
    say wrong. ``recode`` maps source land-use codes to catalogue codes (see column_mapping.py).
    Rows that cannot become zones (unknown code, bad value, no polygon) refuse the file,
    listing every one; with ``skip_invalid`` the other rows are imported and a warning lists the
    skipped ones (also in :attr:`ImportResult.skipped`). Zone ids are the source's row numbers.
    """
    if Path(src).suffix.lower() == ".dxf":  # CAD drawings: parcels, labels and blocks, not a table
        from parkplanner.core.io.dxf_import import DrawingOptions, import_drawing

        return import_drawing(src, scheme, crs=crs, project_name=project_name,
                              options=DrawingOptions(tags=dict(field_map or {})))
    if scheme not in SCHEMES:
        raise GisImportError(f"unknown land-use scheme {scheme!r} (known: {', '.join(SCHEMES)})")
    target = checked_target(crs)
    table = _read_table(Path(src), layer, encoding)
    warnings = list(table.notes)
    from parkplanner.core.io.column_mapping import apply_recode

    catalogue = default_catalogue()
    columns = resolve_columns(table.label, table.columns, field_map or {},
                              lambda value: _land_use_code(catalogue, scheme, apply_recode(value, recode)) is not None,
                              scheme, warnings)
    problems = RowProblems(table.label, len(table.geometries), landuse_column=columns["landuse"], scheme=scheme)
    geoms = _zone_geometries(table, warnings, problems)
    usable = np.array([row not in problems.problems for row in range(len(geoms))], dtype=bool)
    if not usable.any():
        raise problems.refusal()
    source = source_crs(table.geometries[usable], table.crs, target, table.label, warnings, table.cad)
    crs_of_project = project_crs(geoms[usable], source, target, table.label, warnings)
    geoms[usable] = to_project_crs(geoms[usable], source, crs_of_project, table.label, warnings)
    for row in np.flatnonzero(usable & (shapely.area(geoms) < MIN_ZONE_AREA_M2)):
        problems.add(int(row), f"the polygon is smaller than {MIN_ZONE_AREA_M2:g} m²")
    zones = _build_zones(table, columns, geoms, scheme, warnings, problems, recode)
    if problems:
        if not skip_invalid or len(problems.rows) == len(geoms):
            raise problems.refusal()
        warnings.append(problems.skipped_note())
        zones = [z for z in zones if z.id - 1 not in problems.problems]
    empty_cell_notes(table.columns, columns, warnings, rows=[z.id - 1 for z in zones])
    warnings.extend(overlap_notes(table.label, zones))
    project = Project(
        name=project_name or Path(src).stem, crs=crs_of_project, scheme=scheme, phases=_phases(zones, warnings),
        scenarios=[Scenario(id="base", name="Base plan", zones={z.id: z for z in zones})],
        metadata={"imported_from": Path(src).name},
    )
    return ImportResult(project, warnings, skipped=[r + 1 for r in problems.rows])


def read_context_layer(path: str | Path, layer: str | None = None, *, target_crs: str,
                       name: str | None = None) -> ContextLayer:
    """Read reference geometry (roads, rivers, a CAD drawing) reprojected to ``target_crs``.

    The layer keeps the geometries of its dominant kind (point, line or polygon); in a line
    layer polygons contribute their outlines. A DXF drawing has no CRS and is taken to be drawn
    in project coordinates; another source without a CRS is taken to be in lon/lat if its
    coordinates fit, else in the project CRS.
    """
    target = checked_target(target_crs)
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
    source = source_crs(table.geometries, table.crs, target, table.label, [], table.cad)
    keep = to_project_crs(keep, source, target, table.label, [])
    return ContextLayer(name=name or layer or Path(path).stem, kind=kind, geometries=tuple(keep))


# -- reading -------------------------------------------------------------------------------------
def _read_table(path: Path, layer: str | None, encoding: str | None = None) -> _Table:
    import pyogrio

    label = path.name
    if not path.exists():
        raise GisImportError(f"no such file: {path}")
    if path.is_file() and path.stat().st_size == 0:
        raise GisImportError(f"{label} is empty")
    if path.suffix.lower() == ".dxf" and path.is_file():
        _refuse_nul_in_text_drawing(path)
    try:
        layer = _pick_layer(path, layer)
        notes: list[str] = []
        meta, _, wkb, values = _read_with_encoding(path, layer, notes, encoding)
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


#: How a binary DXF begins; every other DXF is text.
_BINARY_DXF = b"AutoCAD Binary DXF\r\n\x1a\x00"


def _refuse_nul_in_text_drawing(path: Path, chunk: int = 1 << 22) -> None:
    """A text DXF holds no NUL byte, and GDAL's DXF reader (3.6 to 3.12 at least) loops for ever
    on one that follows a carriage return: the reading could never be cancelled. Such a file is
    damaged, and is refused before GDAL opens it (binary DXF, where NUL is data, is left to GDAL)."""
    with open(path, "rb") as drawing:
        data = drawing.read(chunk)
        if data.startswith(_BINARY_DXF):
            return
        offset = 0
        while data:
            at = data.find(b"\0")
            if at >= 0:
                raise GisImportError(f"{path.name} is damaged: a DXF text file holds no NUL byte "
                                     f"(one at byte {offset + at:,})")
            offset += len(data)
            data = drawing.read(chunk)


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


def _read_with_encoding(path: Path, layer: str | None, notes: list[str], encoding: str | None = None):
    """Shapefiles in the encoding given, else the one their files state, else the one their text
    decodes as (shapefile_encoding); other formats as GDAL says (GeoPackage and GeoJSON are UTF-8)."""
    import pyogrio.raw

    shapefile = path.suffix.lower() == ".shp"
    if encoding is not None:
        try:
            encoding = check_encoding(encoding)
        except ValueError as exc:
            raise GisImportError(str(exc)) from None
        if not shapefile:
            notes.append(f"{path.name}: the encoding {encoding} is ignored; only shapefiles need one")
            return pyogrio.raw.read(path, layer=layer)
        dbf = dbf_path(path)
        if dbf is not None and not decodes(text_values(dbf), encoding):
            raise GisImportError(f"the text of {path.name} is not {encoding}; give another encoding")
        return pyogrio.raw.read(path, layer=layer, encoding=encoding)
    if not needs_guess(path):
        return pyogrio.raw.read(path, layer=layer)
    guess = guess_encoding(path)
    if guess.note:
        notes.append(guess.note)
    return pyogrio.raw.read(path, layer=layer, encoding=guess.encoding)


# -- rows ----------------------------------------------------------------------------------------
def _land_use_code(catalogue, scheme: str, value: Any) -> str | None:
    """The catalogue code a cell stands for, if it is an assignable code of the scheme."""
    value = cell(value)
    code = catalogue.normalise_code(scheme, value) if value is not None else None
    return code if code is not None and catalogue.get(scheme, code).assignable else None


def _build_zones(table: _Table, columns: dict[str, str], geoms: np.ndarray, scheme: str,
                 warnings: list[str], problems: RowProblems, recode: Mapping[str, str] | None = None) -> list[Zone]:
    """One zone per row without problems; a row's first problem is recorded in ``problems``.
    ``recode`` maps source codes to catalogue codes before they are looked up."""
    from parkplanner.core.io.column_mapping import apply_recode

    catalogue = default_catalogue()
    sectors = _sector_lookup()
    shares = share_readers(table.columns, columns, warnings)
    cells = {key: clean_column(table.columns[column]) for key, column in columns.items()}
    codes: dict[Any, str | None] = {}
    zones = []
    for row, geometry in enumerate(geoms):
        if row in problems.problems:
            continue
        raw = {key: values[row] for key, values in cells.items()}
        if raw["landuse"] not in codes:  # a layer repeats a few dozen codes over thousands of rows
            codes[raw["landuse"]] = _land_use_code(catalogue, scheme, apply_recode(raw["landuse"], recode))
        code = codes[raw["landuse"]]
        if code is None:
            problems.add_unknown_code(row, raw["landuse"])
            continue
        try:
            values = _zone_values(raw, columns, code, sectors, shares)
        except ValueError as exc:
            problems.add(row, str(exc))
            continue
        zones.append(Zone(id=row + 1, geometry=geometry, **values))
    return zones


def _zone_values(raw: dict[str, Any], columns: dict[str, str], code: str, sectors: dict[str, str],
                 shares: dict) -> dict[str, Any]:
    """A row's zone attributes; ValueError naming the column and the value when one is wrong."""
    values: dict[str, Any] = {"code": code, "name": "" if raw.get("name") is None else str(raw["name"])}
    if raw.get("sector") is not None:
        sector = sectors.get(str(raw["sector"]).strip().lower())
        if sector is None:
            raise ValueError(f"column {columns['sector']!r}: unknown sector {raw['sector']!r} "
                             f"(use an id or name: {', '.join(default_sectors())})")
        values["sector"] = sector
    for key in ("far", "phase", "start_year", "coverage", "green_ratio", "height_m", "gfa_override_m2"):
        if key not in columns:
            continue
        value = raw[key]
        if value is None and key in ("far", "phase"):
            continue  # the Zone defaults (FAR 0, phase 1), reported by empty_cell_notes
        if key in shares:
            value = shares[key](value)
        try:
            values[key] = validate_attribute(key, value)
        except ValueError as exc:
            raise ValueError(f"column {columns[key]!r}: {exc} (value {value!r})") from None
    return values


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


# -- geometry and CRS ----------------------------------------------------------------------------
def _zone_geometries(table: _Table, warnings: list[str], problems: RowProblems) -> np.ndarray:
    """2-D polygons, invalid ones repaired; rows without a usable polygon go to ``problems``."""
    geoms = shapely.force_2d(table.geometries.copy())
    for row, geom in enumerate(geoms):
        if geom is None:
            problems.add(row, "no geometry")
        elif geom.geom_type not in ("Polygon", "MultiPolygon"):
            problems.add(row, f"the geometry is a {geom.geom_type}; zones must be polygons")
        elif geom.is_empty:
            problems.add(row, "the geometry is empty")
    for row in np.flatnonzero(~shapely.is_valid(geoms)):
        if row in problems.problems or geoms[row] is None:
            continue
        reason = shapely.is_valid_reason(geoms[row])
        try:
            geoms[row], _ = repair_polygon(geoms[row])
        except GeometryRefused as exc:
            problems.add(int(row), str(exc))
            continue
        if shapely.is_empty(geoms[row]):
            problems.add(int(row), "the geometry is empty")
            continue
        warnings.append(f"row {row + 1}: invalid polygon repaired ({reason})")
    return geoms


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

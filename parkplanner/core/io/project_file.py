"""The project file: one GeoPackage holding everything a project is (DESIGN.md "Files").

Layout (schema version 1):

* ``zones__<scenario>``: one polygon layer per scenario, fid = zone id, columns name, landuse,
  sector, far, coverage, green_ratio, height_m, phase, start_year, gfa_override_m2, draw_order;
* ``boundary`` (one feature, absent when the project has none), ``phases`` (number, name,
  start_year, optional geometry), ``context__<name>`` (one layer per context layer, any type);
* plain tables registered as GeoPackage 'attributes': project_metadata (schema_version, name,
  crs, scheme, active scenario, free metadata), parameters, sectors, targets, observed,
  calibration, scenarios (layer, order, overrides as JSON), context_layers;
* ``layer_styles``: a default categorized QGIS style per zone layer, in the catalogue colours.

Layers go through pyogrio's Arrow path, tables through sqlite3. Saving writes a complete new
file beside the target and swaps it in (atomic_output), so the old file survives a kill.
"""
from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.compute as pc
import shapely
from shapely.errors import ShapelyError

from parkplanner import __version__
from parkplanner.core.geometry.validation import repair_polygon
from parkplanner.core.io.atomic import atomic_output
from parkplanner.core.io.gpkg_layers import (
    GEOMETRY_COLUMN, geometries, object_array, read_layer, unsynchronised_writes, write_layer,
)
from parkplanner.core.io.gpkg_tables import (
    GPKG_APPLICATION_IDS, connect_for_writing, connect_read_only, contents, create_attribute_table, quote,
    read_rows, sniff_sqlite, table_names,
)
from parkplanner.core.io.migrations import migrate
from parkplanner.core.io.project_schema import (
    BOUNDARY_LAYER, METADATA, PHASES_LAYER, TABLES, RawProject, layer_names, metadata_value, project_values,
    scenario_shells, table_rows,
)
from parkplanner.core.io.qgis_style import Category, LayerStyle, categorized_fill_qml, write_layer_styles
from parkplanner.core.io.zone_layer import ZONE_COLUMNS, zone_columns, zones_from_table
from parkplanner.core.model.catalogue import DEFAULT_SCHEME, default_catalogue
from parkplanner.core.model.project import ContextLayer, Phase, Project
from parkplanner.core.model.scenario import Scenario

__all__ = ["SCHEMA_VERSION", "ProjectFileError", "load_project", "save_project", "file_schema_version"]

SCHEMA_VERSION = 1
#: Legend labels in the language of the scheme's users (QGIS shows them in the layer legend).
_CHINESE_SCHEMES = frozenset({"MNR-2023", "GB50137-2011"})
_EMPTY_LAYER_TYPES = {"line": "LineString", "point": "Point", "polygon": "Polygon"}


class ProjectFileError(ValueError):
    """A project file that cannot be opened or saved; the message names the file and the reason."""

    def __init__(self, reason: str, path: str | Path | None = None) -> None:
        self.reason = reason
        self.path = None if path is None else Path(path)
        super().__init__(reason if path is None else f"{path}: {reason}")


# -- saving --------------------------------------------------------------------------------------
def save_project(project: Project, path: str | Path) -> None:
    """Write ``project`` to ``path`` (a .gpkg), replacing any file there atomically."""
    path = Path(path)
    scenario_layers, context_layers = layer_names(project)
    try:
        with atomic_output(path) as temp:
            with unsynchronised_writes():
                styles = _write_layers(project, temp, scenario_layers, context_layers)
            _write_tables(project, temp, scenario_layers, context_layers, styles)
            if path.is_file():  # keep the permissions a user gave the file (e.g. group-writable)
                os.chmod(temp, stat.S_IMODE(path.stat().st_mode))
    except OSError as exc:  # missing folder, no permission, file locked by another program
        raise ProjectFileError(f"could not be saved ({exc.strerror or exc})", path) from exc
    except (RuntimeError, sqlite3.Error, pa.ArrowException) as exc:  # GDAL refusing a CRS, a full disk...
        raise ProjectFileError(f"could not be saved ({exc})", path) from exc
    except (TypeError, ValueError) as exc:  # a value JSON cannot hold (NaN, an object) in the overrides
        raise ProjectFileError(f"could not be saved ({exc})", path) from exc


def _write_layers(project: Project, temp: Path, scenario_layers: dict[str, str],
                  context_layers: list[str]) -> list[LayerStyle]:
    """Write every layer (the first creates the GeoPackage); returns the zone layers' styles."""
    styles = [_write_zone_layer(project, scenario, scenario_layers[scenario.id], temp, create=number == 0)
              for number, scenario in enumerate(project.scenarios)]
    if project.boundary is not None:
        write_layer(temp, BOUNDARY_LAYER, [1], {}, object_array([project.boundary]), project.crs, create=False)
    if project.phases:
        phases = project.phases
        columns = {
            "number": pa.array([p.number for p in phases], pa.int64()),
            "name": pa.array([p.name for p in phases], pa.string()),
            "start_year": pa.array([p.start_year for p in phases], pa.int64()),
        }
        write_layer(temp, PHASES_LAYER, range(1, len(phases) + 1), columns,
                    object_array(p.geometry for p in phases), project.crs, create=False)
    for layer, context in zip(context_layers, project.context_layers):
        geoms = object_array(context.geometries)
        kind = _EMPTY_LAYER_TYPES.get(context.kind, "Unknown") if not len(geoms) else None
        write_layer(temp, layer, range(1, len(geoms) + 1), {}, geoms, project.crs, create=False,
                    geometry_type=kind)
    return styles


def _write_zone_layer(project: Project, scenario: Scenario, layer: str, temp: Path, create: bool) -> LayerStyle:
    zones = list(scenario.zones.values())
    columns = zone_columns(zones)
    write_layer(temp, layer, [z.id for z in zones], columns, object_array(z.geometry for z in zones),
                project.crs, create=create)
    codes = pc.unique(columns["landuse"]).to_pylist()
    qml = categorized_fill_qml("landuse", _categories(project.scheme, codes))
    # styleName is TEXT(30) in the QGIS schema.
    return LayerStyle(layer, GEOMETRY_COLUMN, layer[:30], qml, f"Land use of scenario {scenario.name}")


def _categories(scheme: str, codes: list[str]) -> list[Category]:
    catalogue = default_catalogue()
    lang = "zh" if scheme in _CHINESE_SCHEMES else "en"
    out = []
    for code in sorted(c for c in codes if c is not None):
        cls = catalogue.find(scheme, code)
        out.append(Category(code, cls.label(lang), cls.rgb_hex) if cls else Category(code, code, "#888888"))
    return out


def _write_tables(project: Project, temp: Path, scenario_layers: dict[str, str], context_layers: list[str],
                  styles: list[LayerStyle]) -> None:
    con = connect_for_writing(temp)
    try:
        con.execute("BEGIN")
        for table, columns, rows, description in table_rows(
                project, SCHEMA_VERSION, __version__, scenario_layers, context_layers):
            create_attribute_table(con, table, columns, rows, description)
        write_layer_styles(con, styles)
        con.execute("COMMIT")
    finally:
        con.close()


# -- loading -------------------------------------------------------------------------------------
def load_project(path: str | Path) -> Project:
    """Read a project file; ProjectFileError (naming the file) for anything that is not one."""
    path = Path(path)
    with _guarded(path):
        raw = _read_raw(path)
        migrate(raw, SCHEMA_VERSION)
        return _build(raw)


@contextmanager
def _guarded(path: Path) -> Iterator[None]:
    """Turn whatever reading a bad file raises into one ProjectFileError naming the file."""
    try:
        yield
    except ProjectFileError:
        raise
    except FileNotFoundError as exc:
        raise ProjectFileError("no such file", path) from exc
    except IsADirectoryError as exc:
        raise ProjectFileError("this is a folder, not a project file", path) from exc
    except PermissionError as exc:
        raise ProjectFileError("permission denied", path) from exc
    except sqlite3.DatabaseError as exc:
        if "decode to UTF-8" in str(exc):  # text written by another program in a legacy encoding
            raise ProjectFileError("a text value in the file is not UTF-8 (edited outside ParkPlanner in "
                                   "another encoding?)", path) from exc
        raise ProjectFileError(f"the file is damaged or not a GeoPackage ({exc})", path) from exc
    except (RuntimeError, pa.ArrowException, ShapelyError, OSError) as exc:
        raise ProjectFileError(f"the file is damaged ({exc})", path) from exc
    except (ValueError, KeyError, TypeError) as exc:
        reason = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        raise ProjectFileError(str(reason), path) from exc


def file_schema_version(path: str | Path) -> int:
    """The schema version a project file was written with (ProjectFileError if it is not one)."""
    path = Path(path)
    with _guarded(path):
        return _read_raw(path, read_layers=False).version


def _read_raw(path: Path, read_layers: bool = True) -> RawProject:
    problem = sniff_sqlite(path)
    if problem:
        raise ProjectFileError(problem, path)
    con = connect_read_only(path)
    try:
        _check_length(con, path)
        names = table_names(con)
        application_id = con.execute("PRAGMA application_id").fetchone()[0]
        if application_id not in GPKG_APPLICATION_IDS or "gpkg_contents" not in names:
            raise ProjectFileError("it is an SQLite database but not a GeoPackage", path)
        if METADATA not in names:
            raise ProjectFileError(f"it is a GeoPackage but not a ParkPlanner project (no {METADATA} table)", path)
        raw = RawProject(version=0, tables={name: read_rows(con, name) for name in TABLES if name in names})
        raw.version = _schema_version(raw, path)
        layers = {name for name, kind in contents(con).items() if kind == "features"}
        wanted = [r["layer"] for r in raw.rows("scenarios")] + [r["layer"] for r in raw.rows("context_layers")]
        wanted = [name for name in dict.fromkeys(wanted + [BOUNDARY_LAYER, PHASES_LAYER]) if name in layers]
        counts = {name: con.execute(f"SELECT COUNT(*) FROM {quote(name)}").fetchone()[0] for name in wanted}
        for row in raw.rows("scenarios"):
            if row["layer"] in layers:
                _check_numeric_cells(con, row["layer"], path)
    finally:
        con.close()
    if not read_layers:
        return raw
    for name in wanted:
        raw.layers[name] = read_layer(path, name)
        if len(raw.layers[name]) != counts[name]:  # GDAL may stop early at a damaged page
            raise ProjectFileError(f"layer {name} is damaged ({len(raw.layers[name])} of {counts[name]} "
                                   "features readable)", path)
    return raw


def _check_numeric_cells(con: sqlite3.Connection, layer: str, path: Path) -> None:
    """Refuse text that is not a number in a numeric zone column (GDAL would silently read it as 0)."""
    present = {r[1] for r in con.execute(f"PRAGMA table_info({quote(layer)})")}
    numeric = [column for column, _, kind in ZONE_COLUMNS
               if column in present and (pa.types.is_floating(kind) or pa.types.is_integer(kind))]
    if not numeric:
        return
    # One scan for all columns (a scan per column costs ~2.5x more at 100,000 zones).
    where = " OR ".join(f"typeof({quote(c)}) IN ('text', 'blob')" for c in numeric)
    cells = con.execute(f"SELECT rowid, {', '.join(quote(c) for c in numeric)} FROM {quote(layer)} WHERE {where}")
    for fid, *values in cells:
        for column, value in zip(numeric, values):
            if not isinstance(value, (str, bytes)):
                continue
            try:
                float(value)
            except (TypeError, ValueError):
                raise ProjectFileError(f"zone {fid} in layer {layer}: {column} is not a number: {value!r}",
                                       path) from None


def _check_length(con: sqlite3.Connection, path: Path) -> None:
    """Refuse a file cut short (an interrupted copy): SQLite would read the missing pages as zeros."""
    expected = con.execute("PRAGMA page_count").fetchone()[0] * con.execute("PRAGMA page_size").fetchone()[0]
    actual = path.stat().st_size
    if actual < expected:
        raise ProjectFileError(f"the file is truncated ({actual:,} of {expected:,} bytes)", path)


def _schema_version(raw: RawProject, path: Path) -> int:
    text = metadata_value(raw, "schema_version")
    try:
        version = int(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ProjectFileError(f"the project has no valid schema version ({text!r})", path) from None
    if version > SCHEMA_VERSION:
        raise ProjectFileError(
            f"it was saved by a newer ParkPlanner (project file version {version}; this version reads "
            f"versions up to {SCHEMA_VERSION}). Update ParkPlanner to open it.", path)
    if version < 1:
        raise ProjectFileError(f"the project has an invalid schema version ({version})", path)
    return version


def _build(raw: RawProject) -> Project:
    values = project_values(raw)
    catalogue = default_catalogue()
    scheme = values.setdefault("scheme", DEFAULT_SCHEME)
    if scheme not in catalogue.schemes:
        raise ValueError(f"unknown land-use scheme {scheme!r}")
    scenarios = []
    first = None
    for scenario, layer in scenario_shells(raw):
        if layer not in raw.layers:
            raise ValueError(f"the zone layer {layer!r} of scenario {scenario.name!r} is missing")
        loaded = zones_from_table(raw.layers[layer], scheme, catalogue, f"in scenario {scenario.name!r}", first)
        scenario.zones = loaded.as_dict()
        first = first or loaded
        scenarios.append(scenario)
    if len({s.id for s in scenarios}) != len(scenarios):
        raise ValueError("two scenarios have the same id")
    if values.get("active_scenario_id") not in {s.id for s in scenarios}:
        values["active_scenario_id"] = scenarios[0].id
    return Project(
        scenarios=scenarios, boundary=_boundary(raw), phases=_phases(raw), context_layers=_context_layers(raw),
        **values,
    )


def _boundary(raw: RawProject):
    if BOUNDARY_LAYER not in raw.layers:
        return None
    geoms = [g for g in geometries(raw.layers[BOUNDARY_LAYER]) if g is not None]
    if not geoms:
        return None
    if len(geoms) > 1:  # hand-edited: several parts drawn as features become one boundary
        geoms = [shapely.union_all(geoms)]
    return _polygonal(geoms[0], "the boundary")


def _polygonal(geom, what: str):
    if geom is None or (geom.is_valid and geom.geom_type in ("Polygon", "MultiPolygon")):
        return geom
    try:
        return repair_polygon(geom)[0]
    except ValueError as exc:
        raise ValueError(f"{what}: {exc}") from None


def _phases(raw: RawProject) -> tuple[Phase, ...]:
    if PHASES_LAYER not in raw.layers:
        return ()
    table = raw.layers[PHASES_LAYER]
    rows = table.drop_columns(["geometry"]).to_pylist()
    return tuple(
        Phase(int(r["number"]), r.get("name") or "", int(r["start_year"]), _polygonal(g, f"phase {r['number']}"))
        for r, g in zip(rows, geometries(table))
    )


def _context_layers(raw: RawProject) -> tuple[ContextLayer, ...]:
    rows = sorted(raw.rows("context_layers"), key=lambda r: (r["position"] is None, r["position"]))
    out = []
    for r in rows:
        table = raw.layers.get(r["layer"])
        geoms = () if table is None else tuple(g for g in geometries(table) if g is not None)
        out.append(ContextLayer(str(r["name"]), str(r["kind"]), geoms))
    return tuple(out)

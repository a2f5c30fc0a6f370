"""The project file: one GeoPackage holding everything a project is (docs/architecture.md, "The project file").

Layout (schema version 1):

* ``zones__<scenario>``: one polygon layer per scenario, fid = zone id, columns name, landuse,
  sector, far, coverage, green_ratio, height_m, phase, start_year, gfa_override_m2, draw_order;
* ``boundary`` (one feature, absent when the project has none), ``phases`` (number, name,
  start_year, optional geometry), ``context__<name>`` (one layer per context layer, any type);
* plain tables registered as GeoPackage 'attributes': project_metadata (schema_version, name,
  crs, scheme, active scenario, free metadata), parameters, sectors, targets, observed,
  calibration, scenarios (layer, order, overrides as JSON), context_layers;
* ``layer_styles``: a default categorized QGIS style per zone layer, in the catalogue colours;
* ``basemap__<n>``: one GeoPackage tile table (zoom pyramid, project CRS) per base map, listed in
  the ``basemaps`` table with its display settings (basemap_store); absent without base maps.

Opening reads everything with sqlite3 (layers through gpkg_features: no GDAL, pyarrow or pandas
on the way to the first picture); saving writes layers through pyogrio and tables through
sqlite3 (project_writer) into a new file beside the target, which then replaces the target
(atomic_output) or, when the target holds base map tiles the save keeps, is moved into it in one
SQLite transaction (project_save); either way the old file survives a kill.
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import shapely
from shapely.errors import ShapelyError

from parkplanner.core.geometry.validation import repair_polygon
from parkplanner.core.io.basemap_store import BASEMAPS_TABLE, basemaps_from_rows
from parkplanner.core.io.gpkg_features import read_features
from parkplanner.core.io.gpkg_tables import (
    GPKG_APPLICATION_IDS, connect_read_only, contents, read_rows, sniff_sqlite, table_names,
)
from parkplanner.core.io.migrations import migrate
from parkplanner.core.io.project_schema import (
    BOUNDARY_LAYER, METADATA, PHASES_LAYER, TABLES, RawProject, metadata_value, project_values, scenario_shells,
)
from parkplanner.core.io.zone_layer import zones_from_table
from parkplanner.core.model.catalogue import DEFAULT_SCHEME, default_catalogue
from parkplanner.core.model.project import ContextLayer, Phase, Project

__all__ = ["SCHEMA_VERSION", "ProjectFileError", "load_project", "save_project", "file_schema_version",
           "project_from_raw"]

SCHEMA_VERSION = 2  # 2: zones have parcel codes


class ProjectFileError(ValueError):
    """A project file that cannot be opened or saved; the message names the file and the reason."""

    def __init__(self, reason: str, path: str | Path | None = None) -> None:
        self.reason = reason
        self.path = None if path is None else Path(path)
        super().__init__(reason if path is None else f"{path}: {reason}")


# -- saving --------------------------------------------------------------------------------------
def save_project(project: Project, path: str | Path, extra_tables: list | None = None) -> None:
    """Write ``project`` to ``path`` (a .gpkg), replacing any file there atomically.

    A working copy's tables (sync.CARRIED_TABLES) in the file being replaced are carried over;
    ``extra_tables`` ((table, columns, rows, description), as sync writes them) replace them.
    """
    # Imported here: the writer needs pyogrio and pyarrow, which opening a project does not.
    from parkplanner.core.io.project_save import save_file
    from parkplanner.core.io.project_writer import WRITE_ERRORS, write_project
    from parkplanner.core.io.sync import carried_tables, write_tables

    path = Path(path)

    def write(temp: Path, tile_tables: list[str]) -> None:
        write_project(project, temp, SCHEMA_VERSION, tile_tables)
        if extra:
            _add_tables(temp, extra, write_tables)

    try:
        extra = carried_tables(path) if extra_tables is None else extra_tables
        save_file(project.basemaps, path, write)
    except OSError as exc:  # missing folder, no permission, file locked by another program
        raise ProjectFileError(f"could not be saved ({exc.strerror or exc})", path) from exc
    except WRITE_ERRORS as exc:  # GDAL refusing a CRS, a full disk...
        raise ProjectFileError(f"could not be saved ({exc})", path) from exc
    except (TypeError, ValueError) as exc:  # a value JSON cannot hold (NaN, an object) in the overrides
        raise ProjectFileError(f"could not be saved ({exc})", path) from exc


def _add_tables(path: Path, tables: list, write_tables) -> None:
    from parkplanner.core.io.gpkg_tables import connect_for_writing

    con = connect_for_writing(path)
    try:
        con.execute("BEGIN")
        write_tables(con, tables)
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
        project = _build(raw)
        project.basemaps = basemaps_from_rows(raw.rows(BASEMAPS_TABLE), path, raw.tile_tables)
        return project


def project_from_raw(raw: RawProject, where: str) -> Project:
    """Build a project from tables read elsewhere (a database); errors name ``where``."""
    with _guarded(where):  # type: ignore[arg-type]
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
    except (RuntimeError, ShapelyError, OSError) as exc:
        raise ProjectFileError(f"the file is damaged ({exc})", path) from exc
    except (ValueError, KeyError, TypeError, OverflowError) as exc:
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
        if BASEMAPS_TABLE in names:  # base maps: only their rows here; the canvas reads tiles on demand
            raw.tables[BASEMAPS_TABLE] = read_rows(con, BASEMAPS_TABLE)
            raw.tile_tables = {name for name, kind in contents(con).items() if kind == "tiles"}
        if read_layers:
            layers = {name for name, kind in contents(con).items() if kind == "features"}
            wanted = [r["layer"] for r in raw.rows("scenarios")] + [r["layer"] for r in raw.rows("context_layers")]
            for name in dict.fromkeys(wanted + [BOUNDARY_LAYER, PHASES_LAYER]):
                if name in layers:
                    raw.layers[name] = read_features(con, name)
    finally:
        con.close()
    return raw


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
    geoms = [g for g in raw.layers[BOUNDARY_LAYER].geometries() if g is not None]
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
    return tuple(
        Phase(int(r["number"]), str(r.get("name") or ""), int(r["start_year"]),
              _polygonal(g, f"phase {r['number']}"))
        for r, g in zip(table.records(), table.geometries())
    )


def _context_layers(raw: RawProject) -> tuple[ContextLayer, ...]:
    rows = sorted(raw.rows("context_layers"), key=lambda r: (r["position"] is None, r["position"]))
    out = []
    for r in rows:
        table = raw.layers.get(r["layer"])
        geoms = () if table is None else tuple(g for g in table.geometries() if g is not None)
        out.append(ContextLayer(str(r["name"]), str(r["kind"]), geoms))
    return tuple(out)

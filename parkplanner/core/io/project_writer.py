"""Writing a project into a new GeoPackage: layers through pyogrio, plain tables through sqlite3.

Only save_project imports this module (pyogrio and pyarrow are not needed to open a project, and
keeping them off that path is a good part of the GUI's start-up time). The file's layout is
described in project_file; the zone layer's columns are zone_layer.ZONE_COLUMNS.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pyarrow as pa

from parkplanner import __version__
from parkplanner.core.io.basemap_store import BASEMAP_COLUMNS, BASEMAP_DESCRIPTION, BASEMAPS_TABLE, basemap_rows
from parkplanner.core.io.gpkg_layers import GEOMETRY_COLUMN, object_array, unsynchronised_writes, write_layer
from parkplanner.core.io.gpkg_tables import connect_for_writing, create_attribute_table
from parkplanner.core.io.project_schema import BOUNDARY_LAYER, PHASES_LAYER, layer_names, table_rows
from parkplanner.core.io.qgis_style import (
    Category, LayerStyle, categorized_fill_qml, single_symbol_qml, write_layer_styles,
)
from parkplanner.core.io.zone_layer import DRAW_ORDER, ZONE_COLUMNS
from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.model.layer_looks import BOUNDARY, PHASE, context_look
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone

__all__ = ["WRITE_ERRORS", "write_project", "zone_columns"]

#: What a failed write raises besides OSError: GDAL refusing a CRS, SQLite on a full disk...
WRITE_ERRORS = (RuntimeError, sqlite3.Error, pa.ArrowException)
#: Legend labels in the language of the scheme's users (QGIS shows them in the layer legend).
_CHINESE_SCHEMES = frozenset({"MNR-2023", "GB50137-2011"})
_EMPTY_LAYER_TYPES = {"line": "LineString", "point": "Point", "polygon": "Polygon"}
_ARROW_TYPES = {"TEXT": pa.string(), "REAL": pa.float64(), "INTEGER": pa.int64()}


def write_project(project: Project, path: Path, schema_version: int, tile_tables: list[str]) -> None:
    """Write ``project`` as a new GeoPackage at ``path`` (a temporary the save moves into place), all
    but the base maps' tiles; ``tile_tables`` name the tile table of each base map (project_save)."""
    scenario_layers, context_layers = layer_names(project)
    with unsynchronised_writes():
        styles = _write_layers(project, path, scenario_layers, context_layers)
    con = connect_for_writing(path)
    try:
        con.execute("BEGIN")
        for table, columns, rows, description in table_rows(
                project, schema_version, __version__, scenario_layers, context_layers):
            create_attribute_table(con, table, columns, rows, description)
        write_layer_styles(con, styles)
        if project.basemaps:
            create_attribute_table(con, BASEMAPS_TABLE, BASEMAP_COLUMNS, basemap_rows(project.basemaps, tile_tables),
                                   BASEMAP_DESCRIPTION)
        con.execute("COMMIT")
    finally:
        con.close()


def zone_columns(zones: list[Zone]) -> dict[str, pa.Array]:
    """Attribute columns (file names) plus ``draw_order`` for ``zones`` in scenario order."""
    columns = {
        column: pa.array([getattr(z, attribute) for z in zones], type=_ARROW_TYPES[kind])
        for column, attribute, kind in ZONE_COLUMNS
    }
    columns[DRAW_ORDER] = pa.array(np.arange(len(zones), dtype=np.int64))
    return columns


def _write_layers(project: Project, path: Path, scenario_layers: dict[str, str],
                  context_layers: list[str]) -> list[LayerStyle]:
    """Write every layer (the first creates the GeoPackage); returns the QGIS style of each."""
    styles = [_write_zone_layer(project, scenario, scenario_layers[scenario.id], path, create=number == 0)
              for number, scenario in enumerate(project.scenarios)]
    if project.boundary is not None:
        write_layer(path, BOUNDARY_LAYER, [1], {}, object_array([project.boundary]), project.crs, create=False)
        styles.append(LayerStyle(BOUNDARY_LAYER, GEOMETRY_COLUMN, BOUNDARY_LAYER[:30],
                                 single_symbol_qml("polygon", BOUNDARY), "Planning boundary"))
    if project.phases:
        phases = project.phases
        columns = {
            "number": pa.array([p.number for p in phases], pa.int64()),
            "name": pa.array([p.name for p in phases], pa.string()),
            "start_year": pa.array([p.start_year for p in phases], pa.int64()),
        }
        write_layer(path, PHASES_LAYER, range(1, len(phases) + 1), columns,
                    object_array(p.geometry for p in phases), project.crs, create=False)
        styles.append(LayerStyle(PHASES_LAYER, GEOMETRY_COLUMN, PHASES_LAYER[:30],
                                 single_symbol_qml("polygon", PHASE), "Phase outlines"))
    for layer, context in zip(context_layers, project.context_layers):
        geoms = object_array(context.geometries)
        kind = _EMPTY_LAYER_TYPES.get(context.kind, "Unknown") if not len(geoms) else None
        write_layer(path, layer, range(1, len(geoms) + 1), {}, geoms, project.crs, create=False,
                    geometry_type=kind)
        look = context_look(context.name, context.kind)
        styles.append(LayerStyle(layer, GEOMETRY_COLUMN, layer[:30],
                                 single_symbol_qml(context.kind, look.line, look.fill), f"Context: {context.name}"))
    return styles


def _write_zone_layer(project: Project, scenario: Scenario, layer: str, path: Path, create: bool) -> LayerStyle:
    zones = list(scenario.zones.values())
    write_layer(path, layer, [z.id for z in zones], zone_columns(zones), object_array(z.geometry for z in zones),
                project.crs, create=create)
    qml = categorized_fill_qml("landuse", _categories(project.scheme, {z.code for z in zones}))
    # styleName is TEXT(30) in the QGIS schema.
    return LayerStyle(layer, GEOMETRY_COLUMN, layer[:30], qml, f"Land use of scenario {scenario.name}")


def _categories(scheme: str, codes: set[str]) -> list[Category]:
    catalogue = default_catalogue()
    lang = "zh" if scheme in _CHINESE_SCHEMES else "en"
    out = []
    for code in sorted(c for c in codes if c is not None):
        cls = catalogue.find(scheme, code)
        out.append(Category(code, cls.label(lang), cls.rgb_hex) if cls else Category(code, code, "#888888"))
    return out

"""A project's rows in a PostGIS schema: zones to and from rows (geometry as a GeoPackage blob the
server builds from WKB), the zone tables, the settings tables, the QGIS styles, and the digest that
tells whether the settings changed.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np

from parkplanner import __version__
from parkplanner.core.io.gpkg_features import FeatureTable
from parkplanner.core.io.gpkg_tables import quote
from parkplanner.core.io.postgis_schema import (
    EDITED_BY, GEOMETRY, LAYER_STYLES_DDL, PHASE_COLUMNS, VERSION, ZONE_KEY, DatabaseLocation, geometry_table_ddl,
    qualified, table_ddl, zone_fields, zone_table_ddl,
)
from parkplanner.core.io.project_schema import BOUNDARY_LAYER, PHASES_LAYER, layer_names, table_rows
from parkplanner.core.io.zone_layer import DRAW_ORDER
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone

#: The project file version the tables follow (the same layout as a project file).
SCHEMA_VERSION = 1

# -- rows <-> zones ------------------------------------------------------------------------------
ZONE_FIELDS = zone_fields()
#: GeoPackage blob header (no envelope, little-endian, SRS 0), put in front of the WKB by the server,
#: so zone rows become the FeatureTable a project file gives and zone_layer checks them alike.
GP_HEADER_SQL = "'\\x4750000100000000'::bytea"
#: Columns of select_zones before the attributes: fid, blob, version, edited_by, draw_order.
LEADING_COLUMNS = 5


#: Which rows select_zones reads: all, the one with id %s, those with ids in the array %s.
_ROWS = {"all": "", "one": f" WHERE {ZONE_KEY} = %s", "some": f" WHERE {ZONE_KEY} = ANY(%s)"}


def select_zones(schema: str, table: str, rows: str = "all") -> str:
    columns = ", ".join(quote(name) for name, _, _ in ZONE_FIELDS)
    # Stored as MultiPolygon (one column type QGIS reads); a one-part zone comes back as a Polygon.
    return (f"SELECT {ZONE_KEY}, {GP_HEADER_SQL} || CASE WHEN ST_NumGeometries({GEOMETRY}) = 1 THEN "
            f"ST_AsBinary(ST_GeometryN({GEOMETRY}, 1)) ELSE ST_AsBinary({GEOMETRY}) END, {VERSION}, {EDITED_BY}, "
            f"{quote(DRAW_ORDER)}, {columns} FROM {qualified(schema, table)}{_ROWS[rows]}")


def row_cells(rows, width: int) -> np.ndarray:
    """Rows (a cursor or a list of tuples) straight into one 2-D object array, as gpkg_features does."""
    return np.fromiter(rows, dtype=np.dtype((object, width)))


def feature_table(layer: str, cells: np.ndarray) -> FeatureTable:
    """Rows of select_zones (as row_cells) as the FeatureTable zone_layer reads zones from."""
    names = [DRAW_ORDER] + [name for name, _, _ in ZONE_FIELDS]
    columns = {name: cells[:, LEADING_COLUMNS - 1 + n] for n, name in enumerate(names)}
    return FeatureTable(layer, cells[:, 0].astype(np.int64), columns, cells[:, 1])


def zone_row_values(zone: Zone, order: int, srid: int) -> list[Any]:
    return [zone.id, *(getattr(zone, attribute) for _, attribute, _ in ZONE_FIELDS), order, zone.geometry.wkb, srid]


def zone_insert_sql(schema: str, table: str) -> str:
    columns = ", ".join(quote(name) for name, _, _ in ZONE_FIELDS)
    marks = ", ".join("%s" for _ in ZONE_FIELDS)
    return (f"INSERT INTO {qualified(schema, table)} ({ZONE_KEY}, {columns}, {quote(DRAW_ORDER)}, {GEOMETRY}) "
            f"VALUES (%s, {marks}, %s, ST_Multi(ST_GeomFromWKB(%s, %s)))")


def create_zone_table(con, location: DatabaseLocation, scenario: Scenario, layer: str, srid: int) -> None:
    con.execute(zone_table_ddl(location.schema, layer, srid))
    zones = list(scenario.zones.values())
    with con.cursor() as cur:
        cur.executemany(zone_insert_sql(location.schema, layer),
                        [zone_row_values(z, i, srid) for i, z in enumerate(zones)])


def write_settings(con, location: DatabaseLocation, project: Project, srid: int, create: bool) -> None:
    """Plain tables, boundary, phases and context layers: rewritten whole (they are small)."""
    schema = location.schema
    scenario_layers, context_layers = layer_names(project)
    for table, columns, rows, _ in table_rows(project, SCHEMA_VERSION, __version__, scenario_layers,
                                              context_layers):
        if create:
            con.execute(table_ddl(schema, table))
        else:
            con.execute(f"DELETE FROM {qualified(schema, table)}")
        names = ", ".join(quote(name) for name, _ in columns)
        marks = ", ".join("%s" for _ in columns)
        with con.cursor() as cur:
            cur.executemany(f"INSERT INTO {qualified(schema, table)} ({names}) VALUES ({marks})", rows)
    layers: list[tuple[str, tuple, list[tuple]]] = [
        (BOUNDARY_LAYER, (), [] if project.boundary is None else [((), project.boundary)]),
        (PHASES_LAYER, PHASE_COLUMNS, [((p.number, p.name, p.start_year), p.geometry) for p in project.phases]),
    ]
    layers += [(name, (), [((), g) for g in c.geometries]) for name, c in zip(context_layers, project.context_layers)]
    if not create:  # context layers may have been renamed or removed: drop every old one
        rows = con.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename LIKE 'context\\_\\_%%'",
                           (schema,)).fetchall()
        for (name,) in rows:
            con.execute(f"DROP TABLE {qualified(schema, name)}")
    for layer, columns, features in layers:
        if create or layer.startswith("context__"):
            con.execute(geometry_table_ddl(schema, layer, srid, columns))
        else:
            con.execute(f"DELETE FROM {qualified(schema, layer)}")
        names = "".join(f", {quote(name)}" for name, _ in columns)
        marks = "".join(", %s" for _ in columns)
        with con.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {qualified(schema, layer)} (fid{names}, {GEOMETRY}) "
                f"VALUES (%s{marks}, ST_GeomFromWKB(%s, %s))",
                [(n + 1, *values, None if g is None else g.wkb, srid) for n, (values, g) in enumerate(features)])


def write_styles(con, location: DatabaseLocation, project: Project, scenario_layers: dict[str, str]) -> bool:
    """Default QGIS styles of the zone layers in public.layer_styles (where QGIS looks for them).

    Best effort: a role that may not write there (PostgreSQL 15 lets no one but its owner create
    tables in ``public``) still publishes and saves the project; False says the styles were left out.
    """
    import psycopg

    try:
        with con.transaction():  # a savepoint: a refusal here does not abort the save around it
            replace_styles(con, location, project, scenario_layers)
    except psycopg.errors.InsufficientPrivilege:
        return False
    return True


def replace_styles(con, location: DatabaseLocation, project: Project, scenario_layers: dict[str, str]) -> None:
    from parkplanner.core.io.project_writer import _categories
    from parkplanner.core.io.qgis_style import categorized_fill_qml

    if con.execute("SELECT to_regclass('public.layer_styles')").fetchone()[0] is None:
        con.execute(LAYER_STYLES_DDL)
    con.execute("DELETE FROM public.layer_styles WHERE f_table_catalog = %s AND f_table_schema = %s",
                (location.database, location.schema))
    rows = []
    for scenario in project.scenarios:
        layer = scenario_layers[scenario.id]
        qml = categorized_fill_qml("landuse", _categories(project.scheme, {z.code for z in scenario.zones.values()}))
        # The xml column refuses a DOCTYPE in CONTENT mode; QGIS reads the style without it.
        qml = qml.split("\n", 1)[1] if qml.startswith("<!DOCTYPE") else qml
        rows.append((location.database, location.schema, layer, GEOMETRY, layer[:30], qml,
                     f"Land use of scenario {scenario.name}"))
    with con.cursor() as cur:
        cur.executemany(
            "INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
            "stylename, styleqml, stylesld, useasdefault, description, type) "
            "VALUES (%s, %s, %s, %s, %s, XMLPARSE(DOCUMENT %s), NULL, true, %s, 'vector')", rows)


def settings_digest(project: Project) -> str:
    """What the settings tables hold, as one digest: whether a save must rewrite them."""
    scenario_layers, context_layers = layer_names(project)
    tables = table_rows(project, SCHEMA_VERSION, "", scenario_layers, context_layers)
    digest = hashlib.sha256(json.dumps([(t, rows) for t, _, rows, _ in tables], default=str).encode())
    for geometry in [project.boundary, *(p.geometry for p in project.phases),
                     *(g for c in project.context_layers for g in c.geometries)]:
        digest.update(b"-" if geometry is None else geometry.wkb)
    return digest.hexdigest()

"""A project in a PostgreSQL/PostGIS schema: where it is (the URI) and the tables it is made of.

The schema holds the same tables as the project file (project_schema.TABLES, zones__<scenario>,
boundary, phases, context__<name>), so QGIS users see the same layers, plus what several editors
need: every zone row carries ``version`` (raised by each save that changes it), ``edited_by`` and
``edited_at``, and a trigger sends a NOTIFY on the schema's channel for every changed zone, which
open sessions LISTEN to. Geometry columns are PostGIS geometry with the project's SRID and a GiST
index; QGIS's own ``public.layer_styles`` table gets a default style per zone layer.

Connection URIs are libpq's (``postgresql://user@host:port/db?sslmode=...``) with one addition,
``schema=NAME``; every other parameter (TLS files, service, connect_timeout) is passed to libpq
unchanged. Passwords come from libpq's pgpass or service file: ``display_uri`` drops any password
typed into a URI, and only that form is ever stored (recent connections, working copies).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import get_type_hints
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit
from urllib.parse import quote as url_quote

from parkplanner.core.io.gpkg_tables import quote
from parkplanner.core.io.project_schema import TABLES
from parkplanner.core.io.zone_layer import DRAW_ORDER, ZONE_COLUMNS
from parkplanner.core.model.zone import ZONE_ATTRIBUTES, Zone

__all__ = [
    "DatabaseLocation", "is_database_uri", "parse_location", "zone_fields", "ZONE_KEY", "VERSION", "EDITED_BY",
    "EDITED_AT", "GEOMETRY", "table_ddl", "zone_table_ddl", "geometry_table_ddl", "notify_ddl", "channel",
    "LAYER_STYLES_DDL", "PHASE_COLUMNS", "qualified",
]

URI_SCHEMES = ("postgresql://", "postgres://")
DEFAULT_SCHEMA = "parkplanner"
ZONE_KEY = "fid"
VERSION = "version"
EDITED_BY = "edited_by"
EDITED_AT = "edited_at"
GEOMETRY = "geom"
_SQL_TYPES = {"TEXT": "text", "REAL": "double precision", "INTEGER": "bigint"}
_PY_TYPES = {str: "TEXT", float: "REAL", int: "INTEGER"}
#: A schema name we create and quote ourselves: plain lower-case, as QGIS users type it.
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,49}$")  # the NOTIFY channel adds a prefix within 63


def is_database_uri(text: str) -> bool:
    return str(text).lower().startswith(URI_SCHEMES)


@dataclass(frozen=True)
class DatabaseLocation:
    """A project in a database: libpq connection string (as given) and schema name."""

    conninfo: str
    schema: str

    @property
    def display_uri(self) -> str:
        """The URI without any password, with the schema: what may be shown and stored."""
        parts = urlsplit(self.conninfo)
        netloc = parts.netloc
        if "@" in netloc:
            user, host = netloc.rsplit("@", 1)
            netloc = f"{user.split(':', 1)[0]}@{host}"
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "password"]
        query.append(("schema", self.schema))
        return urlunsplit((parts.scheme, netloc, parts.path, urlencode(query, safe="/:"), ""))

    @property
    def database(self) -> str:
        return unquote(urlsplit(self.conninfo).path.lstrip("/"))


def parse_location(uri: str) -> DatabaseLocation:
    """Split ``?schema=`` off a postgresql:// URI; ValueError for anything else."""
    if not is_database_uri(uri):
        raise ValueError(f"not a PostgreSQL URI: {uri!r} (expected postgresql://user@host:port/database?schema=name)")
    parts = urlsplit(uri)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schemas = [v for k, v in query if k == "schema"]
    schema = schemas[-1] if schemas else DEFAULT_SCHEMA
    if not _SCHEMA_NAME.match(schema):
        raise ValueError(f"schema name {schema!r} must be up to 50 lower-case letters, digits and underscores")
    rest = urlencode([(k, v) for k, v in query if k != "schema"], safe="/:", quote_via=url_quote)
    return DatabaseLocation(urlunsplit((parts.scheme, parts.netloc, parts.path, rest, "")), schema)


def qualified(schema: str, table: str) -> str:
    """``"schema"."table"``, both quoted (gpkg_tables.quote: any name is safe)."""
    return f"{quote(schema)}.{quote(table)}"


def zone_fields() -> tuple[tuple[str, str, str], ...]:
    """(column, Zone attribute, type) of every zone attribute: the project file's columns, then any
    attribute ZONE_ATTRIBUTES lists that the file layout does not (so a new field is carried)."""
    known = {attribute for _, attribute, _ in ZONE_COLUMNS}
    hints = get_type_hints(Zone)
    extra = []
    for attribute in ZONE_ATTRIBUTES:
        if attribute not in known:
            hint = hints[attribute]
            base = next((t for t in _PY_TYPES if t is hint or t in getattr(hint, "__args__", ())), str)
            extra.append((attribute, attribute, _PY_TYPES[base]))
    return ZONE_COLUMNS + tuple(extra)


def table_ddl(schema: str, table: str) -> str:
    columns = ", ".join(f"{quote(name)} {_SQL_TYPES[kind]}" for name, kind in TABLES[table])
    return f"CREATE TABLE {qualified(schema, table)} (fid bigserial PRIMARY KEY, {columns})"


def zone_table_ddl(schema: str, table: str, srid: int) -> str:
    """The zone table, its spatial index and its notify trigger (several statements, no parameters)."""
    columns = ", ".join(f"{quote(name)} {_SQL_TYPES[kind]}" for name, _, kind in zone_fields())
    return (
        f"CREATE TABLE {qualified(schema, table)} ({ZONE_KEY} bigint PRIMARY KEY, {columns}, "
        f"{quote(DRAW_ORDER)} bigint, {VERSION} bigint NOT NULL DEFAULT 1, "
        f"{EDITED_BY} text NOT NULL DEFAULT current_user, {EDITED_AT} timestamptz NOT NULL DEFAULT now(), "
        f"{GEOMETRY} geometry(MultiPolygon, {int(srid)}) NOT NULL); "
        f"CREATE INDEX {quote(table + '_geom_idx')} ON {qualified(schema, table)} USING gist ({GEOMETRY}); "
        f"CREATE TRIGGER {quote(table + '_notify')} AFTER INSERT OR UPDATE OR DELETE ON {qualified(schema, table)} "
        f"FOR EACH ROW EXECUTE FUNCTION {qualified(schema, 'pp_notify_zone')}()"
    )


def geometry_table_ddl(schema: str, table: str, srid: int, columns: tuple[tuple[str, str], ...] = ()) -> str:
    """A layer without versions: boundary, phases, context layers (any geometry type)."""
    spec = "".join(f", {quote(name)} {_SQL_TYPES[kind]}" for name, kind in columns)
    return (
        f"CREATE TABLE {qualified(schema, table)} (fid bigint PRIMARY KEY{spec}, "
        f"{GEOMETRY} geometry(Geometry, {int(srid)})); "
        f"CREATE INDEX {quote(table + '_geom_idx')} ON {qualified(schema, table)} USING gist ({GEOMETRY})"
    )


#: Columns of the phases layer (as in the project file).
PHASE_COLUMNS = (("number", "INTEGER"), ("name", "TEXT"), ("start_year", "INTEGER"))


CHANNEL_PREFIX = "parkplanner_"


def channel(schema: str) -> str:
    """The NOTIFY channel of a project schema."""
    return f"{CHANNEL_PREFIX}{schema}"


def notify_ddl(schema: str) -> str:
    """The trigger function: one notification per changed zone row, as JSON (table, fid, version,
    operation, who), sent when the transaction commits, to the schema's channel (named from the
    trigger's own schema, as channel() names it)."""
    return f"""
CREATE FUNCTION {qualified(schema, 'pp_notify_zone')}() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
    row_data record;
BEGIN
    IF TG_OP = 'DELETE' THEN row_data := OLD; ELSE row_data := NEW; END IF;
    PERFORM pg_notify('{CHANNEL_PREFIX}' || TG_TABLE_SCHEMA, json_build_object(
        'table', TG_TABLE_NAME, 'fid', row_data.{ZONE_KEY}, 'version', row_data.{VERSION},
        'op', TG_OP, 'by', current_user)::text);
    RETURN NULL;
END
$body$"""


#: QGIS's own table (as QGIS 3.16+ creates it); it reads the default style of a layer from it.
LAYER_STYLES_DDL = """
CREATE TABLE IF NOT EXISTS public.layer_styles (
    id serial PRIMARY KEY, f_table_catalog varchar, f_table_schema varchar, f_table_name varchar,
    f_geometry_column varchar, stylename text, styleqml xml, stylesld xml, useasdefault boolean,
    description text, owner varchar(63) DEFAULT CURRENT_USER, ui xml,
    update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar)"""

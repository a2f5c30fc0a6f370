"""A project in PostgreSQL/PostGIS, edited by several people at once without a silent overwrite.

Publishing writes the whole project into a new schema in one transaction (postgis_schema says
what the tables are). Opening reads it in one REPEATABLE READ transaction and remembers, for every
zone, the version it was read at and the Zone itself (zones are immutable, so this costs nothing).
Saving compares the project with what was read and writes only the zones that differ, in one
transaction, each guarded by its version (``UPDATE ... WHERE fid = %s AND version = %s``): a zone
that someone else saved since is not written but returned as a Conflict with their zone, to be
resolved by keep_mine (the next save overwrites theirs, knowingly) or take_theirs. Project settings
(parameters, sectors, scenarios, phases...) are guarded the same way by one settings version.

Every SQL statement is parameterised; identifiers are the schema's own names, quoted.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

import numpy as np

from parkplanner.core.io.gpkg_features import FeatureTable
from parkplanner.core.io.gpkg_tables import quote
from parkplanner.core.io.postgis_schema import (
    EDITED_BY, GEOMETRY, PHASE_COLUMNS, VERSION, ZONE_KEY, DatabaseLocation, channel, notify_ddl, parse_location,
    qualified,
)
from parkplanner.core.io.postgis_tables import (
    GP_HEADER_SQL, LEADING_COLUMNS, SCHEMA_VERSION, ZONE_FIELDS, create_zone_table, feature_table, row_cells,
    select_zones, settings_digest, write_settings, write_styles, zone_insert_sql, zone_row_values,
)
from parkplanner.core.io.project_schema import BOUNDARY_LAYER, PHASES_LAYER, TABLES, RawProject, layer_names
from parkplanner.core.io.zone_layer import DRAW_ORDER
from parkplanner.core.model.project import Project
from parkplanner.core.model.zone import Zone

__all__ = ["StoreError", "Conflict", "SaveResult", "Incoming", "PostgisStore", "Published", "publish", "srid_of",
           "connect", "SCHEMA_VERSION", "settings_digest"]

_STATE = "pp_state"
_SETTINGS = "settings_version"


class StoreError(ValueError):
    """A database project that cannot be opened or saved: one planner-readable line."""


@dataclass(frozen=True)
class Conflict:
    """A zone changed both here and by someone else since it was read: never overwritten silently.

    ``mine``/``theirs`` None means deleted on that side. ``zone_id`` 0 with ``scenario_id`` ""
    is the project settings (parameters, sectors, scenarios...)."""

    scenario_id: str
    zone_id: int
    mine: Zone | None
    theirs: Zone | None
    their_version: int
    their_editor: str

    def describe(self) -> str:
        if not self.zone_id:
            return f"project settings were changed by {self.their_editor}"
        what = "deleted" if self.theirs is None else "changed"
        mine = "deleted" if self.mine is None else "changed"
        return (f"zone {self.zone_id} (scenario {self.scenario_id}): {what} by {self.their_editor} "
                f"(version {self.their_version}), {mine} here")


@dataclass(frozen=True)
class SaveResult:
    written: int  # zone rows inserted, updated or deleted
    conflicts: tuple[Conflict, ...]
    settings_written: bool = False


@dataclass(frozen=True)
class Incoming:
    """A zone someone else saved, not changed here: take it into the open project (zone None: deleted)."""

    scenario_id: str
    zone_id: int
    zone: Zone | None
    version: int
    editor: str


def connect(location: DatabaseLocation, autocommit: bool = False):
    """A psycopg connection; StoreError with libpq's reason when the server cannot be reached."""
    import psycopg

    try:
        con = psycopg.connect(location.conninfo, autocommit=autocommit, application_name="ParkPlanner")
    except psycopg.Error as exc:
        raise StoreError(f"{location.display_uri}: cannot connect ({_first_line(exc)})") from None
    return con


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def srid_of(crs: str) -> int:
    """The EPSG code PostGIS stores for a project CRS (0: unknown to EPSG)."""
    from pyproj import CRS

    try:
        return int(CRS.from_user_input(crs).to_epsg() or 0)
    except Exception:  # pyproj raises its own CRSError; an unknown CRS is stored without SRID
        return 0


# -- publishing -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Published:
    location: DatabaseLocation
    #: False: this role may not write QGIS's public.layer_styles; QGIS shows the layers unstyled.
    styled: bool


def publish(project: Project, uri: str, replace: bool = False) -> Published:
    """Write ``project`` into the URI's schema (a new one; ``replace`` drops an existing one first)."""
    import psycopg

    location = parse_location(uri)
    srid = srid_of(project.crs)
    with connect(location) as con:
        try:
            exists = con.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (location.schema,)).fetchone()
            if exists and not replace:
                raise StoreError(f"{location.display_uri}: schema {location.schema} already exists "
                                 "(choose another schema, or replace it)")
            if exists:
                con.execute(f"DROP SCHEMA {quote(location.schema)} CASCADE")
            con.execute(f"CREATE SCHEMA {quote(location.schema)}")
            con.execute(notify_ddl(location.schema))
            con.execute(f"CREATE TABLE {qualified(location.schema, _STATE)} (key text PRIMARY KEY, value bigint)")
            con.execute(f"INSERT INTO {qualified(location.schema, _STATE)} VALUES (%s, 1)", (_SETTINGS,))
            write_settings(con, location, project, srid, create=True)
            scenario_layers, _ = layer_names(project)
            for scenario in project.scenarios:
                create_zone_table(con, location, scenario, scenario_layers[scenario.id], srid)
            styled = write_styles(con, location, project, scenario_layers)
            con.commit()
        except psycopg.errors.InsufficientPrivilege as exc:
            raise StoreError(f"{location.display_uri}: not allowed to create the project ({_first_line(exc)})") \
                from None
        except psycopg.Error as exc:
            raise StoreError(f"{location.display_uri}: could not publish ({_first_line(exc)})") from None
    return Published(location, styled)


# -- the store -------------------------------------------------------------------------------------
class PostgisStore:
    """One open database project: what was read (versions, zones, settings) and how to save."""

    shared = True

    def __init__(self, uri: str | DatabaseLocation) -> None:
        self.location = uri if isinstance(uri, DatabaseLocation) else parse_location(uri)
        self.srid = 0
        self._layers: dict[str, str] = {}  # scenario id -> zone table
        self._base: dict[str, dict[int, tuple[int, Zone]]] = {}  # scenario id -> fid -> (version, zone)
        self._settings_version = 0
        self._settings_digest = ""
        self._scheme = ""
        # What a save in progress wrote, taken as read only once its transaction has committed.
        self._pending: dict[tuple[str, int], int | None] = {}
        self._pending_layers: dict[str, str] = {}
        self._pending_settings: tuple[int, str] | None = None
        self._con = None
        self._lock = threading.RLock()
        self._digest_cache: tuple[tuple, str] | None = None

    @property
    def display(self) -> str:
        return self.location.display_uri

    @property
    def channel(self) -> str:
        return channel(self.location.schema)

    def zone_read(self, scenario_id: str, zone_id: int) -> Zone | None:
        """The zone as last read or saved by this session (None: unknown here)."""
        entry = self._base.get(scenario_id, {}).get(zone_id)
        return None if entry is None else entry[1]

    def version_of(self, scenario_id: str, zone_id: int) -> int | None:
        entry = self._base.get(scenario_id, {}).get(zone_id)
        return None if entry is None else entry[0]

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """The store's connection in one transaction, committed at the end, rolled back on error.

        One connection is kept open (reopened when lost): connecting and loading PostGIS into a new
        server process cost more than a whole one-zone save. A lock lets one thread at a time use it
        (the window saves on a worker while another asks for others' changes)."""
        with self._lock:
            if self._con is None or self._con.closed or self._con.broken:
                self._con = connect(self.location)
            con = self._con
            try:
                yield con
                con.commit()
            except BaseException:
                try:
                    con.rollback()
                except Exception:  # the connection itself is gone: the next use reconnects
                    con.close()
                raise

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    # -- opening --------------------------------------------------------------------------------
    def load(self) -> Project:
        import psycopg

        from parkplanner.core.io.project_file import ProjectFileError, project_from_raw

        try:
            with self.transaction() as con:
                con.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                raw, versions, layers = self._read_raw(con)
        except psycopg.errors.UndefinedTable:
            raise StoreError(f"{self.display}: there is no ParkPlanner project in schema "
                             f"{self.location.schema}") from None
        except psycopg.errors.InsufficientPrivilege as exc:
            raise StoreError(f"{self.display}: not allowed to read the project ({_first_line(exc)})") from None
        except psycopg.Error as exc:
            raise StoreError(f"{self.display}: could not read the project ({_first_line(exc)})") from None
        try:
            project = project_from_raw(raw, self.display)
        except ProjectFileError as exc:
            raise StoreError(str(exc)) from None
        self._layers = layers
        self._scheme = project.scheme
        self._base = {s.id: {fid: (versions[s.id][fid], z) for fid, z in s.zones.items()} for s in project.scenarios}
        self._settings_digest = settings_digest(project)
        return project

    def _read_raw(self, con) -> tuple[RawProject, dict[str, dict[int, int]], dict[str, str]]:
        schema = self.location.schema
        state = con.execute(f"SELECT value FROM {qualified(schema, _STATE)} WHERE key = %s", (_SETTINGS,)).fetchone()
        self._settings_version = int(state[0]) if state else 0
        raw = RawProject(version=0)
        for table in TABLES:
            cur = con.execute(f"SELECT * FROM {qualified(schema, table)} ORDER BY fid")
            names = [d.name for d in cur.description]
            raw.tables[table] = [dict(zip(names, row)) for row in cur]
        version = next((r["value"] for r in raw.rows("project_metadata") if r["key"] == "schema_version"), None)
        raw.version = int(version) if version is not None and str(version).isdigit() else 0
        if raw.version > SCHEMA_VERSION:
            raise StoreError(f"{self.display}: the project was published by a newer ParkPlanner "
                             f"(version {raw.version}); update ParkPlanner to open it")
        self.srid = int(con.execute("SELECT Find_SRID(%s, %s, %s)", (schema, BOUNDARY_LAYER, GEOMETRY)).fetchone()[0])
        versions: dict[str, dict[int, int]] = {}
        layers: dict[str, str] = {}
        with con.cursor(binary=True) as cur:
            for row in raw.rows("scenarios"):
                layer = str(row["layer"])
                cells = row_cells(cur.execute(select_zones(schema, layer)), LEADING_COLUMNS + len(ZONE_FIELDS))
                raw.layers[layer] = feature_table(layer, cells)
                versions[str(row["scenario_id"])] = dict(zip(cells[:, 0].tolist(), cells[:, 2].tolist()))
                layers[str(row["scenario_id"])] = layer
            for layer in [BOUNDARY_LAYER, PHASES_LAYER] + [str(r["layer"]) for r in raw.rows("context_layers")]:
                extra = "".join(f", {quote(name)}" for name, _ in PHASE_COLUMNS) if layer == PHASES_LAYER else ""
                columns = PHASE_COLUMNS if extra else ()
                cells = row_cells(cur.execute(f"SELECT fid, {GP_HEADER_SQL} || ST_AsBinary({GEOMETRY}){extra} FROM "
                                           f"{qualified(schema, layer)} ORDER BY fid"), 2 + len(columns))
                if len(cells) or layer != BOUNDARY_LAYER:
                    raw.layers[layer] = _plain_layer(layer, cells, columns)
        return raw, versions, layers

    # -- saving ----------------------------------------------------------------------------------
    def changed_zones(self, project: Project) -> dict[str, tuple[list[Zone], list[int]]]:
        """Per scenario: zones new or different since read, ids deleted since read."""
        out = {}
        for scenario in project.scenarios:
            base = self._base.get(scenario.id, {})
            # Zones are immutable and an edit replaces them: a zone that is the very object read is
            # unchanged, which settles all but the edited few without comparing geometry.
            seen = list(map(base.get, scenario.zones))
            changed = [z for z, entry in zip(scenario.zones.values(), seen)
                       if entry is None or (entry[1] is not z and not (entry[1] is not None and entry[1].same_as(z)))]
            # When every id read is still there (the usual case), nothing was deleted: no second scan.
            kept = len(scenario.zones) - seen.count(None)
            deleted = [fid for fid in base if fid not in scenario.zones] if kept != len(base) else []
            if changed or deleted:
                out[scenario.id] = (changed, deleted)
        return out

    def save(self, project: Project) -> SaveResult:
        """Write what changed since it was read, in one transaction; conflicts are not written."""
        import psycopg

        try:
            with self.transaction() as con:
                result = self._save(con, project)
        except psycopg.errors.InsufficientPrivilege:
            raise StoreError(f"{self.display}: you may view this project but not save it (the database "
                             "did not give your role the right to edit)") from None
        except psycopg.errors.ReadOnlySqlTransaction:
            raise StoreError(f"{self.display}: the database is read-only") from None
        except psycopg.Error as exc:
            raise StoreError(f"{self.display}: could not save ({_first_line(exc)}); nothing was written") from None
        self.commit_pending(project)
        return result

    def _save(self, con, project: Project) -> SaveResult:
        with_settings = self._digest(project) != self._settings_digest
        conflicts, written = self.write_changes(con, project, self.changed_zones(project), with_settings)
        return SaveResult(written, tuple(conflicts), self._pending_settings is not None)

    def _digest(self, project: Project) -> str:
        """settings_digest, recomputed only when a settings object was replaced: history commands
        replace project and scenario fields rather than change them in place, so the same objects
        mean the same settings (a one-zone save need not serialise every sector again)."""
        key = (project.name, project.crs, project.scheme, project.parameters, project.sectors, project.phases,
               project.targets, project.observed, project.calibration, project.boundary, project.context_layers,
               project.active_scenario_id, project.metadata,
               *(value for sc in project.scenarios
                 for value in (sc, sc.id, sc.name, sc.description, sc.parameter_overrides, sc.sector_overrides)))
        cached = self._digest_cache
        if cached is None or len(cached[0]) != len(key) or any(a is not b for a, b in zip(cached[0], key)):
            cached = self._digest_cache = (key, settings_digest(project))
        return cached[1]

    def write_changes(self, con, project: Project, changes: dict[str, tuple[list[Zone], list[int]]],
                      with_settings: bool) -> tuple[list[Conflict], int]:
        """Write ``changes`` (per scenario: changed zones, deleted ids) and, ``with_settings``, the
        settings, inside the caller's transaction; commit_pending() once it has committed."""
        schema = self.location.schema
        conflicts: list[Conflict] = []
        self._pending, self._pending_layers, self._pending_settings = {}, {}, None
        if with_settings:
            row = con.execute(f"SELECT value FROM {qualified(schema, _STATE)} WHERE key = %s FOR UPDATE",
                              (_SETTINGS,)).fetchone()
            if int(row[0]) != self._settings_version:
                conflicts.append(Conflict("", 0, None, None, int(row[0]), "another editor"))
            else:
                self._save_settings(con, project)
        written = 0
        for scenario_id, (changed, deleted) in changes.items():
            layer = self._layers.get(scenario_id)
            if layer is None:
                continue  # a new scenario: its table is created with the settings
            order = _draw_order(project.scenario(scenario_id).zones, changed)
            done, lost = self._write_zones(con, scenario_id, layer, changed, deleted, order)
            written += done
            conflicts += lost
        return conflicts, written

    @property
    def settings_version(self) -> int:
        return self._settings_version

    def rebase(self, scenario_id: str, versions: dict[int, int]) -> None:
        """Guard the next writes of a scenario with these versions (a working copy's, not what was read)."""
        self._base[scenario_id] = {fid: (version, None) for fid, version in versions.items()}  # type: ignore

    def _save_settings(self, con, project: Project) -> None:
        schema = self.location.schema
        write_settings(con, self.location, project, self.srid, create=False)
        scenario_layers, _ = layer_names(project)
        for scenario in project.scenarios:
            if scenario.id not in self._layers:
                create_zone_table(con, self.location, scenario, scenario_layers[scenario.id], self.srid)
                self._pending_layers[scenario.id] = scenario_layers[scenario.id]
        for scenario_id, layer in self._layers.items():
            if scenario_id not in scenario_layers:
                con.execute(f"DROP TABLE {qualified(schema, layer)}")
        write_styles(con, self.location, project, scenario_layers)
        row = con.execute(f"UPDATE {qualified(schema, _STATE)} SET value = value + 1 WHERE key = %s RETURNING value",
                          (_SETTINGS,)).fetchone()
        self._pending_settings = (int(row[0]), settings_digest(project))

    def _write_zones(self, con, scenario_id: str, layer: str, changed: list[Zone], deleted: list[int],
                     order: dict[int, int]) -> tuple[int, list[Conflict]]:
        schema = self.location.schema
        table = qualified(schema, layer)
        base = self._base.get(scenario_id, {})
        assignments = ", ".join(f"{quote(name)} = %s" for name, _, _ in ZONE_FIELDS)
        update = (f"UPDATE {table} SET {assignments}, {quote(DRAW_ORDER)} = %s, "
                  f"{GEOMETRY} = ST_Multi(ST_GeomFromWKB(%s, %s)), {VERSION} = {VERSION} + 1, "
                  f"{EDITED_BY} = current_user, edited_at = now() WHERE {ZONE_KEY} = %s AND {VERSION} = %s "
                  f"RETURNING {VERSION}")
        insert = zone_insert_sql(schema, layer) + f" ON CONFLICT ({ZONE_KEY}) DO NOTHING RETURNING {VERSION}"
        delete = f"DELETE FROM {table} WHERE {ZONE_KEY} = %s AND {VERSION} = %s RETURNING {ZONE_KEY}"
        written, lost = 0, []
        # Rows in id order: two saves locking the same zones lock them in the same order, so
        # they wait for each other instead of deadlocking.
        steps = sorted([(z.id, z) for z in changed] + [(fid, None) for fid in deleted], key=lambda s: s[0])
        with con.cursor() as cur:
            for fid, zone in steps:
                entry = base.get(fid)
                if zone is None:
                    row = cur.execute(delete, (fid, entry[0])).fetchone()  # type: ignore[index]
                elif entry is None:
                    row = cur.execute(insert, zone_row_values(zone, order[fid], self.srid)).fetchone()
                else:
                    values = zone_row_values(zone, order[fid], self.srid)
                    row = cur.execute(update, [*values[1:], fid, entry[0]]).fetchone()
                if row is None:
                    lost.append(self._conflict(cur, scenario_id, layer, fid, zone))
                else:
                    self._pending[(scenario_id, fid)] = None if zone is None else int(row[0])
                    written += 1
        return written, lost

    def _conflict(self, cur, scenario_id: str, layer: str, fid: int, mine: Zone | None) -> Conflict:
        theirs, version, editor = self._fetch_zone(cur, layer, fid)
        return Conflict(scenario_id, fid, mine, theirs, version, editor)

    def _fetch_zone(self, cur, layer: str, fid: int) -> tuple[Zone | None, int, str]:
        """Their current zone (None: deleted), its version and who saved it last."""
        rows = cur.execute(select_zones(self.location.schema, layer, "one"), (fid,)).fetchall()
        if not rows:
            return None, 0, "someone"
        zone = self._zones_from_rows(layer, rows)[0]
        return zone, int(rows[0][2]), str(rows[0][3])

    def _zones_from_rows(self, layer: str, rows: list[tuple]) -> list[Zone]:
        from parkplanner.core.io.zone_layer import zones_from_table
        from parkplanner.core.model.catalogue import default_catalogue

        table = feature_table(layer, row_cells(rows, LEADING_COLUMNS + len(ZONE_FIELDS)))
        loaded = zones_from_table(table, self._scheme, default_catalogue(), f"in {layer}")
        by_id = loaded.as_dict()
        return [by_id[int(r[0])] for r in rows]

    def commit_pending(self, project: Project) -> None:
        """Take what the last write_changes wrote as read (its transaction has committed)."""
        for (scenario_id, fid), version in self._pending.items():
            zones = self._base.setdefault(scenario_id, {})
            if version is None:
                zones.pop(fid, None)
            else:
                zones[fid] = (version, project.scenario(scenario_id).zones[fid])
        self._pending = {}
        for scenario_id, layer in self._pending_layers.items():
            self._layers[scenario_id] = layer
            self._base[scenario_id] = {fid: (1, z) for fid, z in project.scenario(scenario_id).zones.items()}
        self._pending_layers = {}
        if self._pending_settings is not None:
            for scenario_id in [s for s in self._layers if s not in {x.id for x in project.scenarios}]:
                del self._layers[scenario_id]
                self._base.pop(scenario_id, None)
            self._settings_version, self._settings_digest = self._pending_settings
            self._scheme = project.scheme
            self._pending_settings = None

    # -- conflicts and others' changes -----------------------------------------------------------------
    def keep_mine(self, conflict: Conflict) -> None:
        """The next save overwrites their version of this zone (or settings) with this session's."""
        if not conflict.zone_id:
            self._settings_version = conflict.their_version
            return
        zones = self._base.setdefault(conflict.scenario_id, {})
        if conflict.theirs is None:
            zones.pop(conflict.zone_id, None)  # theirs is deleted: mine is inserted anew
        else:
            zones[conflict.zone_id] = (conflict.their_version, conflict.theirs)

    def take_theirs(self, conflict: Conflict) -> None:
        """Their zone becomes what was read; the caller puts conflict.theirs into the project."""
        zones = self._base.setdefault(conflict.scenario_id, {})
        if conflict.theirs is None:
            zones.pop(conflict.zone_id, None)
        else:
            zones[conflict.zone_id] = (conflict.their_version, conflict.theirs)

    def incoming(self, project: Project, zone_ids: dict[str, Iterable[int]] | None = None
                 ) -> tuple[list[Incoming], list[Conflict]]:
        """Zones others saved since they were read here (``zone_ids`` by table: only those).

        A zone not changed here is Incoming (accept() it once it is in the project); a zone changed
        on both sides is a Conflict. Nothing in the project is changed.
        """
        schema = self.location.schema
        news, conflicts = [], []
        with self.transaction() as con, con.cursor(binary=True) as cur:
            con.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            for scenario in project.scenarios:
                layer = self._layers.get(scenario.id)
                if layer is None:
                    continue
                base = self._base.get(scenario.id, {})
                wanted = None if zone_ids is None else zone_ids.get(layer)
                if wanted is not None and not wanted:
                    continue
                if wanted is None:
                    versions = dict(cur.execute(f"SELECT {ZONE_KEY}, {VERSION} FROM {qualified(schema, layer)}"
                                                ).fetchall())
                    ids = [fid for fid, v in versions.items() if fid not in base or base[fid][0] != v]
                    ids += [fid for fid in base if fid not in versions]
                else:
                    ids = list(dict.fromkeys(int(f) for f in wanted))
                if not ids:
                    continue
                rows = cur.execute(select_zones(schema, layer, "some"), (ids,)).fetchall()
                found = dict(zip((int(r[0]) for r in rows), zip(self._zones_from_rows(layer, rows), rows)))
                for fid in ids:
                    entry = base.get(fid)
                    theirs, row = found.get(fid, (None, None))
                    version = 0 if row is None else int(row[2])
                    if entry is not None and entry[0] == version:
                        continue  # already seen (e.g. this session's own save)
                    if entry is None and theirs is None:
                        continue
                    editor = "someone" if row is None else str(row[3])
                    mine = scenario.zones.get(fid)
                    unchanged_here = (mine is None and entry is None) or (
                        entry is not None and mine is not None and (mine is entry[1] or mine.same_as(entry[1])))
                    if unchanged_here:
                        news.append(Incoming(scenario.id, fid, theirs, version, editor))
                    else:
                        conflicts.append(Conflict(scenario.id, fid, mine, theirs, version, editor))
        return news, conflicts

    def accept(self, change: Incoming) -> None:
        zones = self._base.setdefault(change.scenario_id, {})
        if change.zone is None:
            zones.pop(change.zone_id, None)
        else:
            zones[change.zone_id] = (change.version, change.zone)


def _draw_order(zones: dict[int, Zone], changed: list[Zone]) -> dict[int, int]:
    """Position in the scenario (the drawing order) of each changed zone."""
    ids = list(zones)
    if len(changed) < 32:  # a few edited zones: list.index runs in C, a full dict would not
        return {z.id: ids.index(z.id) for z in changed}
    return {fid: n for n, fid in enumerate(ids)}


def _plain_layer(layer: str, cells: np.ndarray, columns: tuple[tuple[str, str], ...]) -> FeatureTable:
    values = {name: cells[:, 2 + n] for n, (name, _) in enumerate(columns)}
    return FeatureTable(layer, cells[:, 0].astype(np.int64), values, cells[:, 1])

"""Working copies: a project file checked out of a database, edited offline, synchronised back.

A working copy is an ordinary project file with two more tables: ``checkout_source`` (the
database URI without password, the settings version and digest it was taken at) and
``checkout_zones`` (per zone: the version it was taken at and a digest of its content then).
Every save of the file carries them over (save_project), so editing it in the window or with
``parkplanner set`` keeps it a working copy.

Synchronising compares each zone with its digest (changed here?) and its version with the
database's (changed there?): changes made only here are written, guarded by the version, exactly
as a database save is (postgis_store); changes made only there are taken into the file; a zone
changed on both sides is a Conflict, left as it is on both sides until the user says ``mine`` (write
it over theirs) or ``theirs`` (take theirs). The file is rewritten atomically with the new versions.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from parkplanner.core.io.gpkg_tables import connect_read_only, create_attribute_table, read_rows, table_names
from parkplanner.core.io.postgis_store import Conflict, PostgisStore, StoreError, settings_digest
from parkplanner.core.model.project import Project
from parkplanner.core.model.zone import Zone

__all__ = ["CARRIED_TABLES", "WorkingCopy", "SyncResult", "checkout", "sync", "read_working_copy",
           "zone_digest", "carried_tables"]

SOURCE_TABLE = "checkout_source"
ZONES_TABLE = "checkout_zones"
CARRIED_TABLES = (SOURCE_TABLE, ZONES_TABLE)
_SOURCE_COLUMNS = (("key", "TEXT"), ("value", "TEXT"))
_ZONE_COLUMNS = (("scenario_id", "TEXT"), ("zone_id", "INTEGER"), ("version", "INTEGER"), ("digest", "TEXT"))

Table = tuple[str, tuple, list[tuple], str]


def zone_digest(zone: Zone) -> str:
    """A digest of everything a zone holds (attributes and exact geometry)."""
    text = json.dumps(zone.attributes(), sort_keys=True, default=str).encode()
    return hashlib.sha1(text + zone.geometry.wkb).hexdigest()


@dataclass
class WorkingCopy:
    uri: str
    settings_version: int
    settings_digest: str
    zones: dict[str, dict[int, tuple[int, str]]]  # scenario id -> zone id -> (version, digest)

    def tables(self) -> list[Table]:
        source = [("uri", self.uri), ("settings_version", str(self.settings_version)),
                  ("settings_digest", self.settings_digest)]
        zones = [(sid, fid, version, digest) for sid, by_id in self.zones.items()
                 for fid, (version, digest) in by_id.items()]
        return [(SOURCE_TABLE, _SOURCE_COLUMNS, source, "Working copy: the database it was checked out of"),
                (ZONES_TABLE, _ZONE_COLUMNS, zones, "Working copy: zone versions and digests at checkout")]


@dataclass(frozen=True)
class SyncResult:
    sent: int
    received: int
    conflicts: tuple[Conflict, ...]
    settings: str  # "", "sent" or "received"


def carried_tables(path: Path) -> list[Table]:
    """The working-copy tables of the project file at ``path`` (none: not a working copy, or no file)."""
    try:
        con = connect_read_only(path)
    except (OSError, sqlite3.Error):
        return []
    try:
        names = table_names(con)
        out = []
        for table, columns in ((SOURCE_TABLE, _SOURCE_COLUMNS), (ZONES_TABLE, _ZONE_COLUMNS)):
            if table in names:
                rows = [tuple(r[c] for c, _ in columns) for r in read_rows(con, table)]
                out.append((table, columns, rows, ""))
        return out
    except sqlite3.Error:
        return []
    finally:
        con.close()


def write_tables(con: sqlite3.Connection, tables: Iterable[Table]) -> None:
    for table, columns, rows, description in tables:
        create_attribute_table(con, table, columns, rows, description)


def read_working_copy(path: str | Path) -> WorkingCopy:
    tables = {name: rows for name, _, rows, _ in carried_tables(Path(path))}
    if SOURCE_TABLE not in tables or ZONES_TABLE not in tables:
        raise StoreError(f"{path}: not a working copy (make one with parkplanner checkout)")
    source = dict(tables[SOURCE_TABLE])
    zones: dict[str, dict[int, tuple[int, str]]] = {}
    for sid, fid, version, digest in tables[ZONES_TABLE]:
        zones.setdefault(str(sid), {})[int(fid)] = (int(version), str(digest))
    return WorkingCopy(str(source["uri"]), int(source["settings_version"]), str(source["settings_digest"]), zones)


def _copy_of(store: PostgisStore, project: Project) -> WorkingCopy:
    zones = {s.id: {fid: (store.version_of(s.id, fid), zone_digest(z)) for fid, z in s.zones.items()}
             for s in project.scenarios}
    return WorkingCopy(store.display, store.settings_version, settings_digest(project), zones)  # type: ignore


def checkout(uri: str, path: str | Path) -> tuple[Project, WorkingCopy]:
    """Read the database project and write it as a working copy at ``path`` (atomically)."""
    from parkplanner.core.io.project_file import save_project

    store = PostgisStore(uri)
    project = store.load()
    copy = _copy_of(store, project)
    save_project(project, path, extra_tables=copy.tables())
    return project, copy


def sync(path: str | Path, mine: Iterable[int] = (), theirs: Iterable[int] = (), uri: str | None = None
         ) -> SyncResult:
    """Send this copy's changes, take others'; ``mine``/``theirs``: zone ids whose conflict to resolve.

    ``uri`` (with a password or TLS options the copy does not store) overrides the stored one.
    """
    from parkplanner.core.io.project_file import load_project, save_project

    path = Path(path)
    local = load_project(path)
    copy = read_working_copy(path)
    store = PostgisStore(uri or copy.uri)
    if store.location.schema != PostgisStore(copy.uri).location.schema:
        raise StoreError(f"{path} was checked out of schema {PostgisStore(copy.uri).location.schema}, "
                         f"not {store.location.schema}")
    server = store.load()
    there_zones = {s.id: dict(s.zones) for s in server.scenarios}
    there_versions = {s.id: {fid: store.version_of(s.id, fid) for fid in s.zones} for s in server.scenarios}
    mine, theirs = set(mine), set(theirs)
    received = 0
    settings = ""
    # Settings: changed here only -> sent with the zones; there only -> taken; both -> a conflict.
    local_settings_changed = settings_digest(local) != copy.settings_digest
    server_settings_changed = store.settings_version != copy.settings_version
    settings_conflict = None
    if local_settings_changed and server_settings_changed and 0 not in mine:
        settings_conflict = Conflict("", 0, None, None, store.settings_version, "another editor")
        if 0 in theirs:
            settings_conflict = None
            local_settings_changed = False
    if server_settings_changed and not local_settings_changed:
        local = _with_settings(local, server)
        settings = "received"
    # Zones: what changed where, relative to the checkout.
    send: dict[str, tuple[list[Zone], list[int]]] = {}
    for scenario in server.scenarios:
        if not any(s.id == scenario.id for s in local.scenarios):
            continue  # a scenario someone else added: taken with the settings
        there = there_zones[scenario.id]
        here = local.scenario(scenario.id).zones
        base = copy.zones.get(scenario.id, {})
        changed = [z for fid, z in here.items() if fid not in base or base[fid][1] != zone_digest(z)]
        deleted = [fid for fid in base if fid not in here]
        changed_ids = {z.id for z in changed} | set(deleted)
        for fid in changed_ids & theirs:  # resolved: take theirs
            _put(local, scenario.id, fid, there.get(fid))
            received += 1
        changed = [z for z in changed if z.id not in theirs]
        deleted = [fid for fid in deleted if fid not in theirs]
        # Taken from there: zones whose version moved, not changed here.
        for fid in set(base) | set(there):
            if fid in changed_ids:
                continue
            version_there = store.version_of(scenario.id, fid)
            version_here = base.get(fid, (None, ""))[0]
            if version_there != version_here:
                _put(local, scenario.id, fid, there.get(fid))
                received += 1
        # The guard of each write is the version at checkout, or theirs where the user said "mine".
        guard = {fid: version for fid, (version, _) in base.items()}
        for fid in mine:
            if fid in changed_ids:
                there = store.version_of(scenario.id, fid)
                if there is None:
                    guard.pop(fid, None)
                else:
                    guard[fid] = there
        store.rebase(scenario.id, guard)
        if changed or deleted:
            send[scenario.id] = (changed, deleted)
    conflicts, sent = _send(store, local, send, local_settings_changed and settings_conflict is None)
    if local_settings_changed and settings_conflict is None:
        settings = "sent"
    if settings_conflict is not None:
        conflicts = (settings_conflict, *conflicts)
    # The new checkout state: what both sides now agree on; conflicting zones keep their old entry.
    lost = {(c.scenario_id, c.zone_id) for c in conflicts if c.zone_id}
    zones: dict[str, dict[int, tuple[int, str]]] = {}
    for scenario in local.scenarios:
        old = copy.zones.get(scenario.id, {})
        entries = {}
        sent_ids = {z.id for z in send.get(scenario.id, ([], []))[0]}
        for fid, zone in scenario.zones.items():
            if (scenario.id, fid) in lost:
                if fid in old:
                    entries[fid] = old[fid]
            else:
                # Sent now, or in a scenario this copy added (its table was created with the
                # settings): the version the store just wrote; otherwise the database's as read.
                fresh = fid in sent_ids or scenario.id not in there_versions
                version = store.version_of(scenario.id, fid) if fresh else there_versions[scenario.id].get(fid)
                if version is not None:
                    entries[fid] = (version, zone_digest(zone))
        for fid in old:  # deleted here, the delete refused: still a conflict next time
            if (scenario.id, fid) in lost and fid not in scenario.zones:
                entries[fid] = old[fid]
        zones[scenario.id] = entries
    digest = copy.settings_digest if settings_conflict is not None else settings_digest(local)
    version = copy.settings_version if settings_conflict is not None else store.settings_version
    new_copy = WorkingCopy(copy.uri, version, digest, zones)
    save_project(local, path, extra_tables=new_copy.tables())
    return SyncResult(sent, received, tuple(conflicts), settings)


def _send(store: PostgisStore, local: Project, send: dict, with_settings: bool) -> tuple[list[Conflict], int]:
    import psycopg

    try:
        with store.transaction() as con:
            conflicts, written = store.write_changes(con, local, send, with_settings)
    except psycopg.errors.InsufficientPrivilege:
        raise StoreError(f"{store.display}: you may view this project but not save it (the database did not "
                         "give your role the right to edit); nothing was sent and the copy is unchanged") from None
    except psycopg.Error as exc:
        raise StoreError(f"{store.display}: could not send the changes ({exc}); the copy is unchanged") from None
    store.commit_pending(local)
    return conflicts, written


def _put(project: Project, scenario_id: str, fid: int, zone: Zone | None) -> None:
    zones = project.scenario(scenario_id).zones
    if zone is None:
        zones.pop(fid, None)
    else:
        zones[fid] = zone


def _with_settings(local: Project, server: Project) -> Project:
    """The server's project settings with this copy's zones (for the scenarios both have)."""
    for scenario in server.scenarios:
        if any(s.id == scenario.id for s in local.scenarios):
            scenario.zones = local.scenario(scenario.id).zones
    return server

"""Replacing a GeoPackage's content in place, in one SQLite transaction, keeping some tables.

A project file holding a base map of hundreds of megabytes cannot be rewritten whole on every save
(write a new file, rename it over the old one). Instead the new content is written to a scratch
GeoPackage (GDAL writes its layers there, as for a new file), then moved into the project file in
one transaction: every table except the kept ones (the base maps' tile tables) is dropped and
re-created from the scratch file with its rows, indexes, triggers and R-trees. SQLite's rollback
journal makes that atomic: a crash or ``kill -9`` mid-save leaves a hot journal beside the file,
and the next connection that opens it (connect_read_only rolls it back first) sees the previous
save whole. Only the pages that change are written, so the tiles are neither copied nor rewritten.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Callable

from parkplanner.core.io.gpkg_tables import quote

__all__ = ["replace_content", "FRESH"]

#: The schema name the scratch file is attached as.
FRESH = "fresh"
#: Pages the writer keeps in memory before it must write into the file (which locks readers out):
#: 256 MB, more than the zones, tables and styles of a 100,000-zone project take.
_CACHE_KIB = 256 * 1024
#: How long the save waits for readers (the canvas drawing tiles on a worker) to finish a read.
_BUSY_SECONDS = 30.0
_RTREE_SHADOWS = ("node", "parent", "rowid")


def replace_content(target: Path, fresh: Path, keep: set[str], attach: dict[str, str],
                    before: Callable[[sqlite3.Connection], None] = lambda con: None,
                    after: Callable[[sqlite3.Connection], None] = lambda con: None) -> None:
    """Make ``target`` hold the tables of ``fresh`` plus its own tables ``keep``, atomically.

    ``attach`` ({schema: path}) are attached besides ``fresh`` (as FRESH); inside the transaction
    ``before(con)`` runs first (it may still read the old content and write into ``fresh``), and
    ``after(con)`` last (e.g. to copy more tables in). Any exception rolls everything back.
    """
    con = sqlite3.connect(target, isolation_level=None, timeout=_BUSY_SECONDS)
    try:
        con.execute("PRAGMA synchronous=FULL")  # in place, durability is SQLite's job (no fsync + rename)
        con.execute(f"PRAGMA cache_size=-{_CACHE_KIB}")
        # Pages the drop frees are filled again by the new content in the same transaction: zeroing
        # them first (some SQLite builds do by default) would write the zones twice more.
        con.execute("PRAGMA secure_delete=OFF")
        con.execute(f"ATTACH DATABASE ? AS {FRESH}", (str(fresh),))
        for schema, path in attach.items():
            con.execute(f"ATTACH DATABASE ? AS {quote(schema)}", (path,))
        con.execute("BEGIN IMMEDIATE")
        try:
            before(con)
            _drop_all_but(con, keep)
            _copy_schema(con, keep)
            after(con)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.close()


def _drop_all_but(con: sqlite3.Connection, keep: set[str]) -> None:
    for (view,) in con.execute("SELECT name FROM main.sqlite_master WHERE type = 'view'").fetchall():
        con.execute(f"DROP VIEW main.{quote(view)}")
    # Virtual tables first: dropping one drops its shadow tables, which cannot be dropped alone.
    for (table,) in con.execute("SELECT name FROM main.sqlite_master WHERE type = 'table' AND "
                                "sql LIKE 'CREATE VIRTUAL%'").fetchall():
        if table not in keep:
            con.execute(f"DROP TABLE main.{quote(table)}")
    for (table,) in con.execute("SELECT name FROM main.sqlite_master WHERE type = 'table' AND "
                                "name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").fetchall():
        if table not in keep:
            con.execute(f"DROP TABLE main.{quote(table)}")


def _copy_rtree_nodes(con: sqlite3.Connection, table: str) -> bool:
    """Copy an R-tree as its nodes (its shadow tables, whose format is SQLite's file format) instead
    of inserting every entry again: 10x quicker for the index of 20,000 zones. False where SQLite
    refuses writes to shadow tables (defensive mode) or the table is no R-tree."""
    sql = con.execute(f"SELECT sql FROM {FRESH}.sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    if "using rtree" not in sql.lower():
        return False
    con.execute("SAVEPOINT rtree_nodes")
    try:
        for suffix in _RTREE_SHADOWS:
            shadow = quote(f"{table}_{suffix}")
            con.execute(f"DELETE FROM main.{shadow}")
            con.execute(f"INSERT INTO main.{shadow} SELECT * FROM {FRESH}.{shadow}")
    except sqlite3.DatabaseError:
        con.execute("ROLLBACK TO rtree_nodes")  # the empty R-tree as created: filled entry by entry
        con.execute("RELEASE rtree_nodes")
        return False
    con.execute("RELEASE rtree_nodes")
    return True


def _copy_schema(con: sqlite3.Connection, keep: set[str]) -> None:
    """Create FRESH's tables in main, copy their rows, then its indexes, triggers and views."""
    objects = con.execute(f"SELECT type, name, tbl_name, sql FROM {FRESH}.sqlite_master WHERE sql IS NOT NULL "
                          "ORDER BY rowid").fetchall()
    virtual = {name for kind, name, _, sql in objects if kind == "table" and sql.upper().startswith("CREATE VIRTUAL")}
    shadows = {f"{table}_{suffix}" for table in virtual for suffix in _RTREE_SHADOWS}
    clash = {name for kind, name, _, _ in objects if kind == "table"} & keep
    if clash:
        raise RuntimeError(f"the new content has tables that are kept from the old: {sorted(clash)}")
    # The statements replayed are the scratch file's own schema, written by this save moments before.
    for kind, table, _, sql in objects:
        if kind == "table" and table not in shadows and not table.startswith("sqlite_"):
            con.execute(sql)  # unqualified CREATE: into main
            if not (table in virtual and _copy_rtree_nodes(con, table)):
                con.execute(f"INSERT INTO main.{quote(table)} SELECT * FROM {FRESH}.{quote(table)}")
    for kind, name, owner, sql in objects:
        if kind in ("index", "trigger", "view") and owner not in shadows:
            con.execute(sql)
    application_id = int(con.execute(f"PRAGMA {FRESH}.application_id").fetchone()[0])
    con.execute(f"PRAGMA main.application_id = {application_id}")
    user_version = int(con.execute(f"PRAGMA {FRESH}.user_version").fetchone()[0])
    con.execute(f"PRAGMA main.user_version = {user_version}")

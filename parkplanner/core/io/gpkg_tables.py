"""Plain (non-spatial) tables inside a GeoPackage, written with sqlite3.

Each table gets an integer primary key ``fid`` and a row in ``gpkg_contents`` with data_type
'attributes', as GDAL would write it, so GDAL (``ogrinfo``) and QGIS list it like any other table.
Column types are limited to the ones the GeoPackage specification allows (TEXT, REAL, INTEGER...).
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, Iterable, Sequence

__all__ = [
    "SQLITE_HEADER", "GPKG_APPLICATION_ID", "GPKG_APPLICATION_IDS", "Column", "sniff_sqlite", "connect_read_only", "roll_back_interrupted_save",
    "connect_for_writing", "quote", "create_attribute_table", "register_contents", "read_rows",
    "table_names", "contents",
]

SQLITE_HEADER = b"SQLite format 3\x00"
#: "GPKG": the PRAGMA application_id of GeoPackage 1.2 and later, which is what we write.
GPKG_APPLICATION_ID = 0x47504B47
#: Those we read: "GPKG" and "GP10"/"GP11" (GeoPackage 1.0/1.1).
GPKG_APPLICATION_IDS = frozenset({GPKG_APPLICATION_ID, 0x47503130, 0x47503131})
#: Same timestamp format GDAL and QGIS write into gpkg_contents.last_change.
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ','now')"

Column = tuple[str, str]  # (name, GeoPackage type)


def quote(identifier: str) -> str:
    """An SQL identifier in double quotes, safe for any table or column name."""
    return '"' + identifier.replace('"', '""') + '"'


def sniff_sqlite(path: Path) -> str | None:
    """Why ``path`` cannot be an SQLite database, or None when its header looks right."""
    with open(path, "rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    if not head:
        return "the file is empty"
    if head != SQLITE_HEADER:
        return "it is not a GeoPackage (not an SQLite database)"
    return None


def connect_read_only(path: Path) -> sqlite3.Connection:
    # mode=ro: opening a project never writes to it (nor creates a journal beside it).
    roll_back_interrupted_save(path)
    uri = path.resolve().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True)


def roll_back_interrupted_save(path: Path) -> None:
    """Undo what a save killed mid-transaction wrote (its rollback journal is still beside the file).

    A read-only connection cannot roll a hot journal back (it fails with "attempt to write a
    readonly database"); a writable one does so when it first reads, and then leaves the file as
    the last complete save made it. Without write permission nothing happens here and the read-only
    open reports the problem.
    """
    if not Path(f"{path}-journal").exists():
        return
    try:
        con = sqlite3.connect(path, timeout=30.0)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        pass


def connect_for_writing(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode: callers wrap their work in one explicit transaction.

    synchronous=OFF is safe here because only temporaries are written this way, and
    atomic_output fsyncs the finished file before it replaces the target.
    """
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA synchronous=OFF")
    return con


def table_names(con: sqlite3.Connection) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


def contents(con: sqlite3.Connection) -> dict[str, str]:
    """gpkg_contents as {table_name: data_type}."""
    return dict(con.execute("SELECT table_name, data_type FROM gpkg_contents"))


def register_contents(con: sqlite3.Connection, table: str, description: str = "") -> None:
    con.execute(
        f"INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
        f"VALUES (?, 'attributes', ?, ?, {_NOW})",
        (table, table, description),
    )


def create_attribute_table(con: sqlite3.Connection, table: str, columns: Sequence[Column],
                           rows: Iterable[Sequence[Any]], description: str = "") -> None:
    """Create ``table`` with an ``fid`` key plus ``columns``, fill it with ``rows`` and register it."""
    spec = ", ".join(f"{quote(name)} {kind}" for name, kind in columns)
    con.execute(f"CREATE TABLE {quote(table)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, {spec})")
    names = ", ".join(quote(name) for name, _ in columns)
    marks = ", ".join("?" for _ in columns)
    con.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
    register_contents(con, table, description)


def read_rows(con: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    """All rows of ``table`` as dicts, in fid (insertion) order."""
    cursor = con.execute(f"SELECT * FROM {quote(table)} ORDER BY fid")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]

"""How a save reaches the project file: in place when it keeps base map tiles, whole otherwise.

The content (layers, tables, styles, the ``basemaps`` rows) is always written by GDAL and sqlite3
into a new GeoPackage beside the target (project_writer). Then:

* the target already holds the tiles of every base map it keeps and loses none: the new content
  is moved into it in one SQLite transaction, the tile tables left as they are (gpkg_in_place),
  and the tiles of base maps added since are copied straight into it. A 200 MB base map costs a
  save nothing.
* otherwise (a new file, Save As, a base map removed, no base maps): the tiles are copied into the
  new file, which replaces the target atomically (atomic_output). Rewriting the file whole after a
  removal is what makes it shrink; a removed base map the undo history still holds is parked
  first (basemap_parking).

Either way a kill at any moment leaves the previous save or this one, never a mix.
"""
from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from parkplanner.core.io.atomic import atomic_output, scratch_output
from parkplanner.core.io.basemap_parking import (
    locate, needing_parking, park, record, record_saved, release_unneeded,
)
from parkplanner.core.io.basemap_store import TILE_PREFIX, copy_tile_rows, file_tile_keys, register_tiles
from parkplanner.core.io.gpkg_in_place import FRESH, replace_content
from parkplanner.core.io.gpkg_tables import connect_for_writing, connect_read_only, quote, sniff_sqlite
from parkplanner.core.io.same_file import same_file
from parkplanner.core.model.basemap import BaseMap

__all__ = ["TilePlan", "plan_tiles", "save_file"]

#: write(path, tile_tables): the project's content into the new GeoPackage ``path``, naming each
#: base map's tile table as given.
Writer = Callable[[Path, list[str]], None]


@dataclass
class TilePlan:
    """What a save of one target does with tile tables."""

    #: The tile table of each of the project's base maps in the saved file.
    tables: list[str]
    #: Where each base map's tiles are read from when they are copied: (file, table).
    sources: list[tuple[str, str]]
    #: In place: the target's tables already holding the right tiles, left untouched; the other
    #: base maps' tiles are copied in. Whole: every base map's tiles are copied into the new file.
    in_place: bool = False
    #: The target's tile tables the save does not keep: {table: key of its tiles}.
    dropped: dict[str, str | None] = field(default_factory=dict)

    @property
    def kept(self) -> set[str]:
        return {t for t, (where, _) in zip(self.tables, self.sources) if self.in_place and where == _IN_TARGET}

    def copies(self, basemaps: tuple[BaseMap, ...]) -> list[tuple[BaseMap, str, str, str]]:
        """(base map, file, table there, table in the saved file) of each tile table copied."""
        return [(b, where, old, table) for b, table, (where, old) in zip(basemaps, self.tables, self.sources)
                if not (self.in_place and where == _IN_TARGET)]


#: A source meaning "this table of the target itself".
_IN_TARGET = ""


def plan_tiles(basemaps: tuple[BaseMap, ...], target: Path) -> TilePlan:
    existing = _tile_keys(target)
    by_key: dict[str, str] = {}
    for table, key in existing.items():
        if key is not None:
            by_key.setdefault(key, table)
    found = [by_key.get(b.key) for b in basemaps]
    located = [locate(b) for b in basemaps]
    dropped = {t: k for t, k in existing.items() if t not in set(found)}
    sources = [(_IN_TARGET, t) if t is not None else where for t, where in zip(found, located)]
    reads_target = any(t is None and same_file(where, target) for t, (where, _) in zip(found, located))
    in_place = any(found) and not dropped and not reads_target
    # Tables keep their names where they can: in place the target's survive; rewritten, base maps
    # read from the target come first, as base maps alive elsewhere (the undo history) name
    # that table in that file.
    tables: list[str | None] = list(found)
    taken = set(existing) if in_place else set()
    order = sorted(range(len(basemaps)),
                   key=lambda i: (found[i] is None, not same_file(located[i][0], target)))
    for i in order:
        if in_place and found[i] is not None:
            continue
        wanted = found[i] or located[i][1]
        if not (wanted.startswith(TILE_PREFIX) and wanted not in taken):
            number = 1
            while f"{TILE_PREFIX}{number}" in taken:
                number += 1
            wanted = f"{TILE_PREFIX}{number}"
        tables[i] = wanted
        taken.add(wanted)
    sources = [(str(target), t) if where == _IN_TARGET and not in_place else (where, t)
               for (where, t) in sources]
    return TilePlan(tables, sources, in_place, dropped)  # type: ignore[arg-type]


def _tile_keys(target: Path) -> dict[str, str | None]:
    """The target's tile tables and their keys; none when it is no GeoPackage (or not there)."""
    try:
        if not target.is_file() or sniff_sqlite(target):
            return {}
        con = connect_read_only(target)
    except (OSError, sqlite3.Error):
        return {}
    try:
        return file_tile_keys(con, "main", target)
    except sqlite3.Error:
        return {}
    finally:
        con.close()


def save_file(basemaps: tuple[BaseMap, ...], target: Path, write: Writer) -> None:
    """Save to ``target``: ``write`` makes the new content, the tiles go as planned above."""
    plan = plan_tiles(basemaps, target)
    to_park = needing_parking(target, plan.dropped, {b.key for b in basemaps}) if plan.dropped else {}
    parked = park(target) if to_park else None
    try:
        if plan.in_place:
            _save_in_place(plan, basemaps, target, write)
        else:
            _save_whole(plan, basemaps, target, write)
    except BaseException:
        if parked is not None:
            parked.unlink(missing_ok=True)
        raise
    if parked is not None:
        record(parked, to_park)
    record_saved(target, {b.key: table for b, table in zip(basemaps, plan.tables)})
    release_unneeded()


Copy = tuple[BaseMap, str, str, str]


def _attachments(copies: list[Copy]) -> tuple[dict[str, str], list[Copy]]:
    """Schemas to attach ({alias: file}), and each copy as (base map, alias, its table now, new table)."""
    alias_of: dict[str, str] = {}
    out = []
    for basemap, where, old, table in copies:
        if not Path(where).is_file():
            raise RuntimeError(f"the tiles of base map {basemap.name!r} are gone ({where} was moved or deleted)")
        alias = alias_of.setdefault(where, f"tiles{len(alias_of)}")
        out.append((basemap, alias, old, table))
    return {alias: where for where, alias in alias_of.items()}, out


def _save_in_place(plan: TilePlan, basemaps: tuple[BaseMap, ...], target: Path, write: Writer) -> None:
    attach, copies = _attachments(plan.copies(basemaps))
    kept = plan.kept
    names = dict(zip(plan.tables, (b.name for b in basemaps)))

    def register(con: sqlite3.Connection) -> None:  # while the target still holds the old registrations
        for table in sorted(kept):
            register_tiles(con, "main", table, table, names[table], FRESH)
        for basemap, alias, old, table in copies:
            register_tiles(con, alias, old, table, basemap.name, FRESH)

    def copy_rows(con: sqlite3.Connection) -> None:
        for _, alias, old, table in copies:
            copy_tile_rows(con, alias, old, "main", table)

    with scratch_output(target) as fresh:
        write(fresh, plan.tables)
        replace_content(target, fresh, kept, attach, before=register, after=copy_rows)


def _save_whole(plan: TilePlan, basemaps: tuple[BaseMap, ...], target: Path, write: Writer) -> None:
    attach, copies = _attachments(plan.copies(basemaps))
    with atomic_output(target) as temp:
        write(temp, plan.tables)
        if copies:
            con = connect_for_writing(temp)
            try:
                for alias, where in attach.items():
                    con.execute(f"ATTACH DATABASE ? AS {quote(alias)}", (where,))
                con.execute("BEGIN")
                for basemap, alias, old, table in copies:
                    register_tiles(con, alias, old, table, basemap.name, "main")
                    copy_tile_rows(con, alias, old, "main", table)
                con.execute("COMMIT")
            finally:
                con.close()
        if target.is_file():  # keep the permissions a user gave the file (e.g. group-writable)
            os.chmod(temp, stat.S_IMODE(target.stat().st_mode))

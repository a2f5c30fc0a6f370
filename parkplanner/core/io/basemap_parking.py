"""Where a base map's tiles are now, and tiles set aside for undo.

A base map names the file and table it was read from or built in (BaseMap.source, .table). That
stays true until a save drops the table from that file: "remove base map, save" does, and undoing
the removal afterwards must still find the tiles. So before such a save replaces the file, it
parks the old file (a hard link to it, or a copy where links are impossible) beside the project,
and base maps still alive in memory that name the dropped table are located there from then on.
A parked file lives while a base map alive in this process needs it, and never past the process
(removed at exit, or by the next save when the process that parked it is gone).

Files saves have put the tiles in are remembered too: a base map whose own file has gone since
(a recovery file discarded after the project was saved, a staging file removed) is read from the
latest of them that is still there.
"""
from __future__ import annotations

import atexit
import os
import shutil
import threading
import time
from pathlib import Path

from parkplanner.core.io.file_lock import pid_alive
from parkplanner.core.io.same_file import same_file
from parkplanner.core.model.basemap import BaseMap, live_basemaps

__all__ = ["locate", "needing_parking", "park", "record", "record_saved", "release_unneeded", "PARK_MARKER"]

PARK_MARKER = ".pp-parked-"
_parked: dict[str, tuple[str, str]] = {}  # tile key -> (parked file, table)
_saved: dict[str, list[tuple[str, str]]] = {}  # tile key -> (file, table) of saves, latest first
_SAVED_KEPT = 4
_lock = threading.Lock()


def locate(basemap: BaseMap) -> tuple[str, str]:
    """(file, table) holding the tiles of ``basemap`` now."""
    with _lock:
        parked = _parked.get(basemap.key)
        saved = list(_saved.get(basemap.key, ()))
    if parked is not None:
        return parked
    if saved and not os.path.isfile(basemap.source):
        return next((place for place in saved if os.path.isfile(place[0])), (basemap.source, basemap.table))
    return basemap.source, basemap.table


def record_saved(target: Path, places: dict[str, str]) -> None:
    """A save put the tiles of ``places`` ({key: table}) into ``target``."""
    where = os.path.abspath(target)
    with _lock:
        for key, table in places.items():
            known = [place for place in _saved.get(key, []) if place[0] != where]
            _saved[key] = [(where, table), *known][:_SAVED_KEPT]


def needing_parking(target: Path, dropped: dict[str, str | None], kept_keys: set[str]) -> dict[str, str]:
    """Of the tile tables a save of ``target`` drops ({table: key}), those holding the tiles of a
    base map alive in this process (not in the saved project, whose keys are ``kept_keys``) that
    has them nowhere else: it reads them from ``target``, or the file it names is gone."""
    out = {}
    tables_of = {key: table for table, key in dropped.items() if key is not None}
    for basemap in live_basemaps():
        table = tables_of.get(basemap.key)
        if table is None or basemap.key in kept_keys:
            continue
        where, _ = locate(basemap)
        if same_file(where, target) or not Path(where).is_file():
            out[table] = basemap.key
    return out


def park(target: Path) -> Path:
    """Keep the current file ``target`` beside it under a parking name; returns that name."""
    _remove_orphans(target)
    parked = target.parent / f".{target.name}{PARK_MARKER}{os.getpid()}-{time.monotonic_ns()}.gpkg"
    try:
        os.link(target, parked)  # the old file's pages stay as they are: nothing is copied
    except OSError:  # a file system without hard links
        shutil.copyfile(target, parked)
    return parked


def record(parked: Path, tables: dict[str, str]) -> None:
    """After the save succeeded: the tiles of ``tables`` ({table: key}) are read from ``parked``."""
    with _lock:
        for table, key in tables.items():
            _parked[key] = (str(parked), table)


def release_unneeded() -> None:
    """Forget parked tiles no live base map has, and delete parked files nothing points to."""
    alive = {basemap.key for basemap in live_basemaps()}
    with _lock:
        files = {where for where, _ in _parked.values()}
        for key in [key for key in _parked if key not in alive]:
            del _parked[key]
        for key in [key for key in _saved if key not in alive]:
            del _saved[key]
        needed = {where for where, _ in _parked.values()}
    for where in files - needed:
        _unlink(Path(where))


def _remove_orphans(target: Path) -> None:
    """Parked files of ``target`` left by processes that are gone (killed before their exit)."""
    prefix = f".{target.name}{PARK_MARKER}"
    folder = target.parent if str(target.parent) else Path(".")
    for name in os.listdir(folder):
        pid = name[len(prefix):].split("-", 1)[0] if name.startswith(prefix) else ""
        if pid.isdigit() and not pid_alive(int(pid)):
            _unlink(folder / name)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:  # still open elsewhere (Windows), or gone: the next save's sweep tries again
        pass


def _remove_all() -> None:
    with _lock:
        files = {where for where, _ in _parked.values()}
        _parked.clear()
    for where in files:
        _unlink(Path(where))


atexit.register(_remove_all)

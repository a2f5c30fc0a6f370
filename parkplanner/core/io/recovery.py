"""Autosave and crash recovery files.

An autosave never overwrites the project: it goes to ``.<stem>.recovery.gpkg`` beside a saved
project, or into the user's recovery folder for a project never saved. A small JSON sidecar says
what it recovers and when, and which process wrote it. A clean exit removes them; finding them at
the next start means the program did not exit cleanly, and the user is offered to recover.

So that a start without a project argument still finds autosaves made beside projects in other
folders, every autosave beside a project also leaves a pointer file in the recovery folder.

Nothing here trusts a path read from a file: the project a recovery belongs to is derived from
where the recovery file lies, a sidecar only contributes a plain file name in that same folder,
and a pointer is followed only to a file whose name has the recovery form.
"""
from __future__ import annotations

import hashlib
import json
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from parkplanner.core.userdirs import recovery_dir

__all__ = ["RecoveryFile", "recovery_path_for", "write_recovery", "find_recoveries", "discard_recovery",
           "set_aside_recovery", "RECOVERY_SUFFIX"]

RECOVERY_SUFFIX = ".recovery.gpkg"
_POINTER_SUFFIX = ".pointer.json"


@dataclass(frozen=True)
class RecoveryFile:
    path: Path  # the autosaved project
    original: Path | None  # the project it belongs to (None: never saved)
    saved_at: float  # epoch seconds
    project_name: str
    zones: int | None = None  # zones over all scenarios, when the sidecar says
    scenarios: int | None = None

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        where = str(self.original) if self.original else "an unsaved project"
        size = f", {self.zones:,} zones" if self.zones is not None else ""
        return f"“{self.project_name}” ({where}{size}), autosaved {when}"


def recovery_path_for(project_path: str | os.PathLike | None, session_key: str | None = None) -> Path:
    if project_path:
        p = Path(project_path).resolve()
        return p.parent / f".{p.stem}{RECOVERY_SUFFIX}"
    key = session_key or f"untitled-{os.getpid()}"
    return recovery_dir() / f"{key}{RECOVERY_SUFFIX}"


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _pointer(path: Path) -> Path:
    digest = hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return recovery_dir() / f"{digest}{_POINTER_SUFFIX}"


def _in_recovery_dir(path: Path) -> bool:
    return path.resolve().parent == recovery_dir().resolve()


def write_recovery(project, project_path: str | os.PathLike | None, session_key: str | None = None) -> Path:
    """Autosave ``project`` (atomically) to its recovery file and return that path.

    ``project_path`` is the project's file (None: never saved); the project file itself is never
    written. ``session_key`` names the autosave of an unsaved project (one per window).
    """
    from parkplanner.core.io.atomic import atomic_output
    from parkplanner.core.io.project_file import save_project

    target = recovery_path_for(project_path, session_key)  # its name always differs from the project's
    save_project(project, target)
    meta = {
        "original_name": Path(project_path).name if project_path else None,
        "saved_at": time.time(), "project_name": project.name,
        "zones": sum(len(s.zones) for s in project.scenarios), "scenarios": len(project.scenarios),
        "pid": os.getpid(), "host": socket.gethostname(),
    }
    with atomic_output(_sidecar(target)) as tmp:
        tmp.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    if not _in_recovery_dir(target):
        with atomic_output(_pointer(target)) as tmp:
            tmp.write_text(json.dumps({"recovery": str(target)}, ensure_ascii=False), encoding="utf-8")
    return target


def _read_meta(path: Path) -> dict:
    try:
        meta = json.loads(_sidecar(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def _original(path: Path, meta: dict) -> Path | None:
    """The project a recovery file belongs to, from where the file lies (never a path from the file)."""
    if _in_recovery_dir(path):
        return None
    stem = path.name[1:-len(RECOVERY_SUFFIX)]
    name = meta.get("original_name")
    if isinstance(name, str) and Path(name).name == name and Path(name).stem == stem:
        return path.parent / name
    return path.parent / f"{stem}.gpkg"


def _int_or_none(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _read(path: Path) -> RecoveryFile | None:
    """What ``path`` recovers, or None when it is no recovery file. A missing or damaged sidecar
    (the writer was killed between the two files) falls back to the file's own name and time."""
    if not path.name.endswith(RECOVERY_SUFFIX) or not path.is_file():
        return None
    meta = _read_meta(path)
    try:
        saved_at = float(meta["saved_at"])
    except (KeyError, TypeError, ValueError):
        saved_at = path.stat().st_mtime
    name = meta.get("project_name")
    original = _original(path, meta)
    if not isinstance(name, str):
        name = original.stem if original else path.name[:-len(RECOVERY_SUFFIX)]
    return RecoveryFile(path, original, saved_at, name, _int_or_none(meta.get("zones")),
                        _int_or_none(meta.get("scenarios")))


def _writer_is_running(path: Path) -> bool:
    """True while another live process on this machine is the one autosaving to ``path``."""
    from parkplanner.core.io.file_lock import pid_alive

    meta = _read_meta(path)
    pid = meta.get("pid")
    if not isinstance(pid, int) or meta.get("host") != socket.gethostname() or pid == os.getpid():
        return False  # our own pid here is a crashed earlier session that had the same pid
    return pid_alive(pid)


def _pointed_recoveries() -> list[Path]:
    """Recovery files beside projects, found through their pointers (stale pointers are removed)."""
    found = []
    for pointer in sorted(recovery_dir().glob(f"*{_POINTER_SUFFIX}")):
        try:
            target = Path(json.loads(pointer.read_text(encoding="utf-8"))["recovery"])
        except (OSError, ValueError, KeyError, TypeError):
            target = None
        if (target is not None and target.is_absolute() and target.name.startswith(".")
                and target.name.endswith(RECOVERY_SUFFIX) and target.is_file()):
            found.append(target)
        else:
            pointer.unlink(missing_ok=True)
    return found


def find_recoveries(project_path: str | os.PathLike | None = None) -> list[RecoveryFile]:
    """Autosaves left by sessions that did not exit cleanly, newest first.

    With ``project_path``: the one of that project, if any. Without: every one this user has,
    those of unsaved projects and those beside saved projects. Autosaves another running
    ParkPlanner is still writing are not offered.
    """
    if project_path:
        candidates = [recovery_path_for(project_path)]
    else:
        candidates = sorted(recovery_dir().glob(f"*{RECOVERY_SUFFIX}")) + _pointed_recoveries()
    out = {}
    for path in candidates:
        found = _read(path)
        if found is not None and not _writer_is_running(path):
            out[found.path.resolve()] = found
    return sorted(out.values(), key=lambda r: r.saved_at, reverse=True)


def discard_recovery(path: str | os.PathLike) -> None:
    """Remove an autosave, its sidecar and its pointer (missing pieces are fine)."""
    path = Path(path)
    for p in (path, _sidecar(path), _pointer(path)):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def set_aside_recovery(path: str | os.PathLike) -> Path:
    """Move an autosave out of the way of a new session's autosave, into the recovery folder.

    A crashed session's autosave that the planner chose to keep ("Not now") would otherwise be
    overwritten by the next autosave of the same project. Set aside, it is still offered at the
    next start (as work whose file is not known any more: it is saved under a new name).
    """
    path = Path(path)
    kept = recovery_dir() / f"kept-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{path.name.lstrip('.')}"
    os.replace(path, kept)
    sidecar = _sidecar(path)
    if sidecar.exists():
        os.replace(sidecar, _sidecar(kept))
    _pointer(path).unlink(missing_ok=True)
    return kept

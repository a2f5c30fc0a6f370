"""Autosave and crash recovery files.

An autosave never overwrites the project: it goes to ``.<name>.recovery.gpkg`` beside a saved
project, or into the user's recovery folder for a project never saved. A small JSON sidecar says
what it recovers and when. A clean exit removes both; finding them at the next start means the
program did not exit cleanly, and the user is offered to recover.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from parkplanner.core.userdirs import recovery_dir

__all__ = ["RecoveryFile", "recovery_path_for", "write_recovery", "find_recoveries", "discard_recovery"]

_SUFFIX = ".recovery.gpkg"


@dataclass(frozen=True)
class RecoveryFile:
    path: Path  # the autosaved project
    original: Path | None  # the project it belongs to (None: never saved)
    saved_at: float  # epoch seconds
    project_name: str

    def describe(self) -> str:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.saved_at))
        where = str(self.original) if self.original else "an unsaved project"
        return f"“{self.project_name}” ({where}), autosaved {when}"


def recovery_path_for(project_path: str | os.PathLike | None, session_key: str | None = None) -> Path:
    if project_path:
        p = Path(project_path).resolve()
        return p.parent / f".{p.stem}{_SUFFIX}"
    key = session_key or f"untitled-{os.getpid()}"
    return recovery_dir() / f"{key}{_SUFFIX}"


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def write_recovery(project, project_path: str | os.PathLike | None, session_key: str | None = None) -> Path:
    """Autosave ``project`` (atomically) to its recovery file and return that path."""
    from parkplanner.core.io.atomic import atomic_output
    from parkplanner.core.io.project_file import save_project

    target = recovery_path_for(project_path, session_key)
    save_project(project, target)
    meta = {"original": str(Path(project_path).resolve()) if project_path else None,
            "saved_at": time.time(), "project_name": project.name}
    with atomic_output(_sidecar(target)) as tmp:
        tmp.write_text(json.dumps(meta), encoding="utf-8")
    return target


def _read(path: Path) -> RecoveryFile | None:
    try:
        meta = json.loads(_sidecar(path).read_text(encoding="utf-8"))
        original = Path(meta["original"]) if meta.get("original") else None
        return RecoveryFile(path, original, float(meta["saved_at"]), str(meta.get("project_name", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def find_recoveries(project_path: str | os.PathLike | None = None) -> list[RecoveryFile]:
    """Recovery files for ``project_path``, or (None) every orphan in the user's recovery folder."""
    if project_path:
        candidate = recovery_path_for(project_path)
        found = _read(candidate) if candidate.exists() else None
        return [found] if found else []
    out = [r for r in (_read(p) for p in sorted(recovery_dir().glob(f"*{_SUFFIX}"))) if r]
    return sorted(out, key=lambda r: r.saved_at, reverse=True)


def discard_recovery(path: str | os.PathLike) -> None:
    for p in (Path(path), _sidecar(Path(path))):
        try:
            p.unlink()
        except FileNotFoundError:
            pass

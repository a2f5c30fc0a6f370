"""Detect a project file opened by two windows or two programs, instead of losing one side's work.

Two mechanisms, because either alone misses cases:
- a lock file beside the project (``.~lock.<name>#``, the convention LibreOffice uses) naming the
  process that has it open, so a second ParkPlanner window or instance can warn before editing;
- a fingerprint (size + modification time) taken at open and at every save, so a save can notice
  that another program (QGIS, a colleague's copy) changed the file in between.
"""
from __future__ import annotations

import json
import os
import socket
import time
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["LockInfo", "ProjectLock", "FileFingerprint"]


@dataclass(frozen=True)
class LockInfo:
    pid: int
    host: str
    user: str
    opened_at: str

    def describe(self) -> str:
        return f"{self.user} on {self.host} (process {self.pid}) since {self.opened_at}"


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    except OSError:
        return False
    return True


class ProjectLock:
    """The lock file of one project path. ``acquire`` never blocks: it reports the other holder."""

    def __init__(self, project_path: str | os.PathLike) -> None:
        self.project_path = Path(project_path).resolve()
        self.lock_path = self.project_path.parent / f".~lock.{self.project_path.name}#"
        self._owned = False

    def holder(self) -> LockInfo | None:
        """Who holds the lock, or None when nobody does (a stale lock of a dead process counts as none)."""
        try:
            data = json.loads(self.lock_path.read_text(encoding="utf-8"))
            info = LockInfo(int(data["pid"]), str(data["host"]), str(data["user"]), str(data["opened_at"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if info.host == socket.gethostname() and not _pid_alive(info.pid):
            return None
        return info

    def acquire(self, force: bool = False) -> LockInfo | None:
        """Take the lock. Returns the other holder (and takes nothing) if someone else has it,
        unless ``force``; returns None on success."""
        other = self.holder()
        if other is not None and other.pid == os.getpid() and other.host == socket.gethostname():
            other = None if self._owned else other  # a second window of this same process
        if other is not None and not force:
            return other
        info = LockInfo(os.getpid(), socket.gethostname(), _user(), time.strftime("%Y-%m-%d %H:%M:%S"))
        try:
            self.lock_path.write_text(json.dumps(asdict(info)), encoding="utf-8")
            self._owned = True
        except OSError:
            pass  # a read-only folder: no lock, but opening must still work
        return None

    def release(self) -> None:
        if self._owned:
            try:
                self.lock_path.unlink()
            except OSError:
                pass
            self._owned = False


def _user() -> str:
    for name in ("USER", "USERNAME", "LOGNAME"):
        if os.environ.get(name):
            return os.environ[name]
    return "unknown"


@dataclass(frozen=True)
class FileFingerprint:
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: str | os.PathLike) -> "FileFingerprint | None":
        try:
            st = os.stat(path)
        except OSError:
            return None
        return cls(st.st_size, st.st_mtime_ns)

    def changed_on_disk(self, path: str | os.PathLike) -> bool:
        """True when the file at ``path`` is no longer the one this fingerprint was taken of."""
        return FileFingerprint.of(path) != self

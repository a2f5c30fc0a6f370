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
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["LockInfo", "ProjectLock", "FileFingerprint", "pid_alive"]


@dataclass(frozen=True)
class LockInfo:
    pid: int
    host: str
    user: str
    opened_at: str

    def describe(self) -> str:
        return f"{self.user} on {self.host} (process {self.pid}) since {self.opened_at}"


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists on this machine (unknown counts as alive: never steal a lock)."""
    if pid <= 0:
        return False
    if os.name != "posix":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0: only asks; on Windows os.kill would terminate, hence the branch above
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    except OSError:
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.get_last_error() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return not ok or code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


#: Tokens of the locks windows of this process hold: tells a second window of this process from a
#: lock a crashed earlier process with the same pid left behind.
_TOKENS_OF_THIS_PROCESS: set[str] = set()


class ProjectLock:
    """The lock file of one project path. ``acquire`` never blocks: it reports the other holder."""

    def __init__(self, project_path: str | os.PathLike) -> None:
        self.project_path = Path(project_path).resolve()
        self.lock_path = self.project_path.parent / f".~lock.{self.project_path.name}#"
        self._owned = False
        self._token: str | None = None

    def holder(self) -> LockInfo | None:
        """Who holds the lock, or None when nobody does (a stale lock of a dead process counts as none)."""
        try:
            data = json.loads(self.lock_path.read_text(encoding="utf-8"))
            info = LockInfo(int(data["pid"]), str(data["host"]), str(data["user"]), str(data["opened_at"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if info.host == socket.gethostname():
            if not pid_alive(info.pid):
                return None
            if info.pid == os.getpid() and data.get("token") not in _TOKENS_OF_THIS_PROCESS:
                return None  # left by a crashed earlier run that had our pid (common in containers)
        return info

    def acquire(self, force: bool = False) -> LockInfo | None:
        """Take the lock. Returns the other holder (and takes nothing) if someone else has it,
        unless ``force``; returns None on success."""
        other = self.holder()
        if other is not None and self._owned and self._token == self._file_token():
            other = None  # ours already (acquiring twice is harmless)
        if other is not None and not force:
            return other
        self._token = uuid.uuid4().hex
        info = LockInfo(os.getpid(), socket.gethostname(), _user(), time.strftime("%Y-%m-%d %H:%M:%S"))
        text = json.dumps({**asdict(info), "token": self._token})
        try:
            if other is None:
                # Whoever was there is gone; O_EXCL makes two windows racing for it see each other.
                self.lock_path.unlink(missing_ok=True)
                fd = os.open(self.lock_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
            else:
                self.lock_path.write_text(text, encoding="utf-8")
            self._owned = True
            _TOKENS_OF_THIS_PROCESS.add(self._token)
        except FileExistsError:
            racer = self.holder()
            if racer is not None:
                return racer
        except OSError:
            pass  # a read-only folder: no lock, but opening must still work
        return None

    def release(self) -> None:
        """Remove the lock file if it is still ours (a window that took it over keeps it)."""
        if self._owned and self._file_token() == self._token:
            try:
                self.lock_path.unlink()
            except OSError:
                pass
        _TOKENS_OF_THIS_PROCESS.discard(self._token)
        self._owned = False

    @property
    def owned(self) -> bool:
        return self._owned and self._file_token() == self._token

    def _file_token(self) -> str | None:
        try:
            return json.loads(self.lock_path.read_text(encoding="utf-8")).get("token")
        except (OSError, ValueError, AttributeError):
            return None


def _user() -> str:
    for name in ("USER", "USERNAME", "LOGNAME"):
        if os.environ.get(name):
            return os.environ[name]
    return "unknown"


@dataclass(frozen=True)
class FileFingerprint:
    size: int
    mtime_ns: int
    inode: int = 0  # another program's atomic save replaces the file: same size and second, new inode

    @classmethod
    def of(cls, path: str | os.PathLike) -> "FileFingerprint | None":
        try:
            st = os.stat(path)
        except OSError:
            return None
        return cls(st.st_size, st.st_mtime_ns, st.st_ino)

    def changed_on_disk(self, path: str | os.PathLike) -> bool:
        """True when the file at ``path`` is no longer the one this fingerprint was taken of."""
        return FileFingerprint.of(path) != self

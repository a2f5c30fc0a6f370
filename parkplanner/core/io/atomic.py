"""Atomic file output: write beside the target, fsync, then os.replace.

Killing the process at any moment leaves either the old file or the new one, never a mix.
Temporary files carry a recognisable suffix so a later save can remove ones a killed writer left.
A polite kill (SIGTERM from ``kill`` or a service manager, SIGHUP from a closed terminal) is turned
into an exception by :func:`terminate_as_exception`, so the cleanup below runs as it does for Ctrl+C.
"""
from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

__all__ = ["atomic_output", "scratch_output", "TEMP_MARKER", "remove_stale_temporaries", "Terminated", "terminate_as_exception"]

TEMP_MARKER = ".pp-tmp-"
#: A temporary file older than this is left over by a killed writer, not in use by another save.
_STALE_SECONDS = 120.0


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _writer_alive(pid: int) -> bool | None:
    """Whether process ``pid`` exists; None where that cannot be asked safely."""
    if pid == os.getpid():
        return True  # possibly another thread of this process saving right now
    if os.name != "posix":
        return None  # on Windows os.kill(pid, 0) would terminate the process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, belongs to another user
    except OSError:
        return None
    return True


def remove_stale_temporaries(target: Path) -> list[Path]:
    """Delete temporaries of ``target`` left by a killed writer; returns what was removed.

    A temporary is stale when the process named in it (``<pid>-<ns>``) no longer exists, or,
    where that cannot be told (another OS, a reused pid), when it is older than _STALE_SECONDS.
    """
    removed = []
    now = time.time()
    prefix = f".{target.name}{TEMP_MARKER}"
    # startswith, not glob: a file name may contain glob syntax ("plan [v2].gpkg").
    folder = target.parent if str(target.parent) else Path(".")
    for candidate in [folder / name for name in os.listdir(folder) if name.startswith(prefix)]:
        pid_text = candidate.name[len(prefix):].split("-", 1)[0]
        alive = _writer_alive(int(pid_text)) if pid_text.isdigit() else None
        try:
            if alive is False or now - candidate.stat().st_mtime > _STALE_SECONDS:
                if candidate.is_dir() and not candidate.is_symlink():
                    shutil.rmtree(candidate)  # a shapefile export's folder of parts
                else:
                    candidate.unlink()
                removed.append(candidate)
        except OSError:
            pass
    return removed


def _temporary(target: Path, keep_suffix: bool = True) -> Path:
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.exists():
        raise FileNotFoundError(2, "folder does not exist", str(directory))
    remove_stale_temporaries(target)
    suffix = target.suffix if keep_suffix else ""
    return directory / f".{target.name}{TEMP_MARKER}{os.getpid()}-{time.monotonic_ns()}{suffix}"


def _remove_temporary(temp: Path) -> None:
    for leftover in (temp, Path(str(temp) + "-journal"), Path(str(temp) + "-wal"), Path(str(temp) + "-shm")):
        if leftover.exists():
            try:
                leftover.unlink()
            except OSError:
                pass


@contextmanager
def atomic_output(target: str | os.PathLike, keep_suffix: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target`` atomically.

    The temporary keeps the target's suffix (``keep_suffix``) so format-sniffing writers
    (GDAL, openpyxl) see the right extension. On any exception the temporary is removed and
    the target is untouched.
    """
    target = Path(target)
    temp = _temporary(target, keep_suffix)
    directory = temp.parent
    try:
        yield temp
        if not temp.exists():
            raise RuntimeError(f"nothing was written for {target.name}")
        _fsync_path(temp)
        os.replace(temp, target)
        try:
            _fsync_path(directory)
        except OSError:  # some file systems cannot fsync a directory
            pass
    finally:
        _remove_temporary(temp)


@contextmanager
def scratch_output(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``target`` that is always removed afterwards: content written
    there is moved into ``target`` by other means (an SQLite transaction). Named like
    atomic_output's temporaries, so one a killed writer left is swept the same way."""
    temp = _temporary(Path(target))
    try:
        yield temp
    finally:
        _remove_temporary(temp)


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived; a BaseException like KeyboardInterrupt, so no ``except Exception``
    swallows it and every ``finally`` (the temporaries above) runs on the way out."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signal.Signals(signum).name)


def _raise_terminated(signum: int, frame) -> None:
    raise Terminated(signum)


@contextmanager
def terminate_as_exception() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise :class:`Terminated` instead of killing the process
    on the spot; the previous handlers come back afterwards. Only the main thread can install
    handlers, so elsewhere (and on systems without these signals) this does nothing."""
    names = [name for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    if threading.current_thread() is not threading.main_thread() or not names:
        yield
        return
    previous = {}
    for name in names:
        signum = getattr(signal, name)
        previous[signum] = signal.signal(signum, _raise_terminated)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)

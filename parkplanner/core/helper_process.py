"""A helper process of the application's own, spoken to in frames over its standard input and output.

Work that holds the interpreter lock for tens of milliseconds (GEOS on thousands of zones, Qt
drawing, which PySide6 does with the lock held) slows the GUI thread down when it runs on a worker
thread: the two take turns. A helper process has an interpreter of its own and runs on the second
core. ``core/geometry/topology_process.py`` checks topology there, ``ui/canvas/patch_process.py``
draws a first visit's map patch.

A frame is a JSON header and raw buffers (id arrays, WKB, pixels): nothing read there is executed,
as nothing read from a file is. A helper ends when its input closes. One that cannot be started,
dies or answers with garbage raises ``HelperGone`` in the client, which then does the work itself.
"""
from __future__ import annotations

import atexit
import json
import os
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import BinaryIO, Callable, Protocol, Sequence, TypeVar

import numpy as np

__all__ = ["HelperPipe", "HelperGone", "write_frame", "read_frame", "packed", "unpacked", "helper_command",
           "serve_standard_streams", "serve_frames", "one_per_application"]

_LENGTH = struct.Struct("<Q")
#: How long a helper waits for the next request before it is idle (``serve_frames``).
IDLE_AFTER_S = 2.0


class HelperGone(Exception):
    """The helper could not be started, died, or broke the protocol."""


class HelperPipe:
    """One helper process: started on demand, one exchange (a request frame, an answer frame) at a
    time; the caller serialises exchanges."""

    def __init__(self, command: Sequence[str]) -> None:
        self.command = list(command)
        self.process: subprocess.Popen | None = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.running else None

    def started(self) -> subprocess.Popen:
        """The running helper, started if it is not."""
        if self.running:
            return self.process
        self.stop()
        env = dict(os.environ)
        # The helper imports this package from where this process did (a source checkout too).
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        try:
            self.process = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        except OSError as exc:
            raise HelperGone(str(exc)) from exc
        return self.process

    def exchange(self, header: dict, buffers: Sequence[bytes]) -> tuple[dict, list[bytes]]:
        """Send a request, wait for the answer (the wait releases the interpreter lock)."""
        proc = self.started()
        try:
            write_frame(proc.stdin, header, buffers)
            return read_frame(proc.stdout)
        except (OSError, EOFError, ValueError, MemoryError) as exc:
            raise HelperGone(str(exc)) from exc

    def read(self) -> tuple[dict, list[bytes]]:
        """The helper's next frame unasked (a greeting); HelperGone when there is none."""
        proc = self.started()
        try:
            return read_frame(proc.stdout)
        except (OSError, EOFError, ValueError, MemoryError) as exc:
            raise HelperGone(str(exc)) from exc

    def kill(self) -> None:
        """End the helper at once (a closed input would let it finish its request first)."""
        proc = self.process
        if proc is not None and proc.poll() is None:
            proc.kill()

    def stop(self) -> None:
        proc, self.process = self.process, None
        if proc is None:
            return
        try:
            proc.stdin.close()  # the helper ends at the end of its input
            proc.wait(timeout=2.0)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
        finally:
            if proc.stdout is not None:
                proc.stdout.close()


def helper_command(module: str, flag: str) -> list[str]:
    """How to start the helper served by ``module``: a frozen application has no interpreter to
    run a module with, and starts its own executable with ``flag`` (packaging/entry_point.py)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, flag]
    return [sys.executable, "-m", module]


class _Closable(Protocol):
    def close(self) -> None: ...


_C = TypeVar("_C", bound=_Closable)


def one_per_application(make: Callable[[], _C]) -> Callable[[], _C]:
    """A function giving the application's one client of a helper (made on first use, any
    thread; every window shares it), closed when the application ends."""
    made: list[_C] = []
    lock = threading.Lock()

    def shared() -> _C:
        with lock:
            if not made:
                made.append(make())
                atexit.register(made[0].close)
            return made[0]
    return shared


def serve_standard_streams(serve: Callable[[BinaryIO, BinaryIO], None]) -> None:
    """Run ``serve(requests, answers)`` over this process's standard input and output."""
    # The answers go to the real standard output; anything else printed goes to standard error.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin.buffer, answers)


def serve_frames(requests: BinaryIO, answers: BinaryIO,
                 answer: Callable[[dict, list[bytes]], tuple[dict, list[bytes]]],
                 idle: Callable[[], object] | None = None) -> None:
    """The helper's side: answer each request frame with ``answer(header, buffers)`` until
    ``requests`` ends; what it raises is answered as an error frame (the client decides).

    ``idle`` is called (on a thread of its own) once no request has come for ``IDLE_AFTER_S``
    after an answer: what it does for a helper that waits, say giving memory back, is not redone
    between the requests of a planner editing fast."""
    waiting: threading.Timer | None = None
    try:
        while True:
            try:
                header, buffers = read_frame(requests)
            except EOFError:
                return
            if waiting is not None:
                waiting.cancel()
            try:
                reply, blobs = answer(header, buffers)
            except Exception as exc:  # noqa: BLE001 - told to the client, which raises it or does the work itself
                reply, blobs = {"kind": "error", "error": f"{type(exc).__name__}: {exc}"}, []
            write_frame(answers, reply, blobs)
            del header, buffers, reply, blobs  # nothing of this request is held while the helper waits
            if idle is not None:
                waiting = threading.Timer(IDLE_AFTER_S, idle)
                waiting.daemon = True
                waiting.start()
    finally:
        if waiting is not None:
            waiting.cancel()


# -- frames: a JSON header and raw buffers ---------------------------------------------------------
def write_frame(stream: BinaryIO, header: dict, buffers: Sequence[bytes]) -> None:
    text = json.dumps(header).encode("utf-8")
    stream.write(_LENGTH.pack(len(text)) + text + _LENGTH.pack(len(buffers)))
    for buffer in buffers:
        stream.write(_LENGTH.pack(len(buffer)))
        stream.write(buffer)
    stream.flush()


def read_frame(stream: BinaryIO) -> tuple[dict, list[bytes]]:
    """The next frame; EOFError at the end of the stream, ValueError for a broken one."""
    first = stream.read(_LENGTH.size)
    if not first:
        raise EOFError
    header = json.loads(_read_exactly(stream, _LENGTH.unpack(_exact(first))[0]).decode("utf-8"))
    if not isinstance(header, dict):
        raise ValueError("a frame's header is not an object")
    count = _LENGTH.unpack(_read_exactly(stream, _LENGTH.size))[0]
    return header, [_read_exactly(stream, _LENGTH.unpack(_read_exactly(stream, _LENGTH.size))[0])
                    for _ in range(count)]


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    if size > 1 << 31:  # garbage, not a frame a helper would write
        raise ValueError("a frame's buffer is too long")
    return _exact(stream.read(size), size)


def _exact(data: bytes, size: int = _LENGTH.size) -> bytes:
    if len(data) != size:
        raise ValueError("a frame ends early")
    return data


def packed(wkbs) -> list[bytes]:
    """WKB byte strings as two buffers: their lengths (int64) and their bytes end to end."""
    return [np.fromiter(map(len, wkbs), dtype=np.int64, count=len(wkbs)).tobytes(), b"".join(wkbs)]


def unpacked(lengths: bytes, data: bytes) -> np.ndarray:
    """``packed``'s two buffers back to an object array of byte strings; ValueError if they do not fit."""
    sizes = np.frombuffer(lengths, dtype=np.int64)
    if int(sizes.sum()) != len(data) or (sizes < 0).any():
        raise ValueError("WKB lengths do not add up")
    ends = np.cumsum(sizes).tolist()
    out = np.empty(len(sizes), dtype=object)
    out[:] = [data[a:b] for a, b in zip([0, *ends[:-1]], ends)]
    return out

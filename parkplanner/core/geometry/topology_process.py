"""Topology checks in a helper process of their own, which keeps a copy of the zones' geometries.

A check of 20,000 zones is ~150 ms of GEOS and numpy work, and much of it holds the interpreter
lock (the arrays of zones, the geometry objects of the union and of the gaps). On a worker thread
of the application it shares that lock with the GUI thread after every reshaping edit: the map's
frames and the dashboard's paints then take twice as long for as long as the check runs. A helper
process has an interpreter of its own, and runs on the second core.

The helper keeps the geometries it was sent, by zone id. A check after an edit sends only the
zones whose geometry changed (as WKB; the first check sends them all) and the ids in the
scenario's order, so the helper checks exactly what ``check_topology`` would be given here and
finds the same problems in the same order. They come back as WKB too, unless they outline the very
areas of the helper's previous check (an edit that moved no problem's edge): then the geometry
objects of the last check made here are kept, as ``keeping_outlines`` does.

The helper is started by the first check (``python -m parkplanner.core.geometry.topology_process``)
and talks pickles over its standard input and output; it ends when its input closes (the
application ends, or ``close``). A helper that cannot be started, dies or answers with garbage is
dropped and that check runs in the calling thread instead (the next one starts a new helper), so a
check is never lost; one that fails inside the helper raises what the check raised, as it would in
a thread.
"""
from __future__ import annotations

import atexit
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, BinaryIO, Mapping, Sequence

import numpy as np
import shapely

from parkplanner.core.geometry.chunked import sliced
from parkplanner.core.geometry.topology import TopologyProblem, check_topology, keeping_outlines
from parkplanner.core.model.zone import replaced_ids

__all__ = ["TopologyProcess", "CheckFailed", "shared_helper", "serve"]

_PROTOCOL = pickle.HIGHEST_PROTOCOL


class CheckFailed(RuntimeError):
    """The check itself failed in the helper (a GEOS error): the text is the helper's."""


class _HelperGone(Exception):
    """The helper could not be started, died, or broke the protocol."""


def _geometry(zone: Any):
    return getattr(zone, "geometry", zone)


class TopologyProcess:
    """``check(previous, zones, boundary, sliver_area_m2)``: what ``keeping_outlines(previous,
    check_topology(zones, boundary, sliver_area_m2))`` gives, computed in the helper process.

    One check at a time (a lock): the validation dock's single worker thread calls it.
    ``command`` starts the helper (tests give a broken one to see the fallback)."""

    def __init__(self, command: Sequence[str] | None = None) -> None:
        self._command = list(command) if command is not None else [sys.executable, "-m", __name__]
        self._proc: subprocess.Popen | None = None
        #: Zone id -> the zone (or geometry) whose geometry the helper holds.
        self._sent: dict[int, Any] = {}
        #: The problems of the helper's last check, as made here (their geometry objects).
        self._last: list[TopologyProblem] = []
        self._lock = threading.Lock()
        #: Zones whose geometry the last check sent (what an edit costs: tests and benchmarks).
        self.sent_last = 0
        #: Checks that ran in the calling thread because the helper was not there.
        self.fallbacks = 0

    def check(self, previous: list[TopologyProblem], zones: Mapping[int, Any], boundary,
              sliver_area_m2: float) -> list[TopologyProblem]:
        with self._lock:
            try:
                problems = self._check_in_helper(zones, boundary, sliver_area_m2)
            except _HelperGone:
                self._stop()
                self.fallbacks += 1
                problems = check_topology(zones, boundary, sliver_area_m2)
            except CheckFailed:
                self._stop()  # its copy of the zones may be half updated: the next check starts anew
                raise
        return keeping_outlines(previous, problems)

    def close(self) -> None:
        """End the helper (it ends by itself when this process ends)."""
        with self._lock:
            self._stop()

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    # -- the client's side ---------------------------------------------------------------------
    def _check_in_helper(self, zones: Mapping[int, Any], boundary, sliver_area_m2: float) -> list[TopologyProblem]:
        proc = self._started()
        sent = self._sent
        order = np.fromiter(zones, dtype=np.int64, count=len(zones))
        gone = np.fromiter(sent.keys() - zones.keys(), dtype=np.int64)
        # Zone objects not the ones sent (identity: zones are immutable); of those, a new FAR keeps
        # the geometry object, and only a new geometry is sent.
        changed = [i for i in replaced_ids(zones, sent).tolist()
                   if i not in sent or _geometry(sent[i]) is not _geometry(zones[i])]
        geoms = np.empty(len(changed), dtype=object)
        geoms[:] = [_geometry(zones[i]) for i in changed]
        wkbs = sliced(shapely.to_wkb, geoms) if len(changed) else geoms
        request = ("check", order, gone, np.asarray(changed, dtype=np.int64), wkbs,
                   None if boundary is None else shapely.to_wkb(boundary), float(sliver_area_m2))
        # A failed exchange stops the helper (``check``), and with it forgets what it holds.
        reply = self._exchange(proc, request)
        if reply[0] == "error":
            raise CheckFailed(reply[1])
        if reply[0] != "problems":
            raise _HelperGone(f"unexpected answer {reply[0]!r}")
        _, rows, outlines = reply
        for i in gone.tolist():
            sent.pop(i, None)
        sent.update((i, zones[i]) for i in changed)
        self.sent_last = len(changed)
        return self._problems(rows, outlines)

    def _problems(self, rows: list[tuple], outlines) -> list[TopologyProblem]:
        if outlines is None:  # the same areas as the helper's previous check: its objects here
            geometries = [p.geometry for p in self._last]
        else:
            geometries = list(sliced(shapely.from_wkb, np.asarray(outlines, dtype=object)))
        problems = [TopologyProblem(kind, tuple(zone_ids), geometry, area, message, key, tuple(params))
                    for (kind, zone_ids, area, message, key, params), geometry in zip(rows, geometries)]
        self._last = problems
        return problems

    def _exchange(self, proc: subprocess.Popen, request: tuple) -> tuple:
        try:
            pickle.dump(request, proc.stdin, protocol=_PROTOCOL)
            proc.stdin.flush()
            reply = pickle.load(proc.stdout)  # the wait for it releases the interpreter lock
        except (OSError, EOFError, pickle.UnpicklingError, ValueError) as exc:
            raise _HelperGone(str(exc)) from exc
        if not isinstance(reply, tuple) or not reply:
            raise _HelperGone("unexpected answer")
        return reply

    def _started(self) -> subprocess.Popen:
        if self.running:
            return self._proc
        self._stop()
        env = dict(os.environ)
        # The helper imports this package from where this process did (a source checkout too).
        root = str(Path(__file__).resolve().parents[3])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        try:
            self._proc = subprocess.Popen(self._command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        except OSError as exc:
            raise _HelperGone(str(exc)) from exc
        self._sent, self._last = {}, []
        return self._proc

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        self._sent, self._last = {}, []
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


_shared: TopologyProcess | None = None
_shared_lock = threading.Lock()


def shared_helper() -> TopologyProcess:
    """The application's helper (one for every window: checks queue behind each other)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = TopologyProcess()
            atexit.register(_shared.close)
        return _shared


# -- the helper's side ------------------------------------------------------------------------------
def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """Answer check requests until ``requests`` ends."""
    geometries: dict[int, Any] = {}
    last: list[TopologyProblem] = []
    while True:
        try:
            request = pickle.load(requests)
        except EOFError:
            return
        try:
            answer, last = _answer(request, geometries, last)
        except Exception as exc:  # noqa: BLE001 - told to the client, which raises it there
            answer = ("error", f"{type(exc).__name__}: {exc}")
        pickle.dump(answer, answers, protocol=_PROTOCOL)
        answers.flush()


def _answer(request: tuple, geometries: dict[int, Any], last: list[TopologyProblem]) -> tuple[tuple, list]:
    kind, order, gone, changed, wkbs, boundary_wkb, sliver_area_m2 = request
    if kind != "check":
        raise ValueError(f"unknown request {kind!r}")
    for zone_id in gone.tolist():
        geometries.pop(zone_id, None)
    if len(changed):
        geometries.update(zip(changed.tolist(), shapely.from_wkb(np.asarray(wkbs, dtype=object))))
    zones = {zone_id: geometries[zone_id] for zone_id in order.tolist()}  # the client's order
    boundary = None if boundary_wkb is None else shapely.from_wkb(boundary_wkb)
    problems = check_topology(zones, boundary, sliver_area_m2)
    rows = [(p.kind, p.zone_ids, p.area_m2, p.message, p.key, p.params) for p in problems]
    kept = keeping_outlines(last, problems)  # the previous objects where all outlines are the same
    unchanged = bool(problems) and len(last) == len(problems) and all(
        a.geometry is b.geometry for a, b in zip(kept, last))
    outlines = None if unchanged else shapely.to_wkb(np.asarray([p.geometry for p in problems], dtype=object))
    return ("problems", rows, outlines), problems


def _main() -> None:
    # The answers go to the real standard output; anything else printed goes to standard error.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    serve(sys.stdin.buffer, answers)


if __name__ == "__main__":
    _main()

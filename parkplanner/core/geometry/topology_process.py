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
areas of the helper's previous check (an edit that moved no problem's edge): then the outlines of
the last check made here are kept, as ``keeping_outlines`` does. A large outline (a gap that is a
whole street network) is not decoded here until something reads its geometry (``PendingOutline``);
when the caller asks for it, the helper also cuts the outlines into the chunks the map's overlay
draws (``core.geometry.rings``), with their signatures, so that this process only makes the paths
of chunks it has not drawn before (``CheckedProblems.chunks``).

The helper is started by the first check (``python -m parkplanner.core.geometry.topology_process``)
and talks over its standard input and output in frames of a JSON header and raw buffers (id
arrays, WKB): nothing read there is executed, as nothing read from a file is. It ends when its
input closes (the application ends, or ``close``). A helper that cannot be started, dies or answers with garbage is
dropped and that check runs in the calling thread instead (the next one starts a new helper), so a
check is never lost; one that fails inside the helper raises what the check raised, as it would in
a thread.
"""
from __future__ import annotations

import os
import threading
from typing import Any, BinaryIO, Mapping, Sequence

import numpy as np
import shapely

from parkplanner.core.c_heap import give_back_free_heap
from parkplanner.core.geometry.chunked import one_core, sliced
from parkplanner.core.geometry.rings import RingChunks, ring_chunks
from parkplanner.core.geometry.topology import (PendingOutline, TopologyProblem, check_topology, keeping_outlines,
                                                 same_outlines)
from parkplanner.core.helper_process import (HelperGone, HelperPipe, helper_command, one_per_application, packed,
                                             serve_frames, serve_standard_streams, unpacked)
from parkplanner.core.model.zone import replaced_ids

__all__ = ["TopologyProcess", "CheckedProblems", "CheckFailed", "shared_helper", "serve", "run_helper", "HELPER_FLAG"]

#: How much lower the helper's scheduling priority is than the application's (POSIX ``nice``).
HELPER_NICENESS = 10
#: What a frozen application's own executable is started with to serve as the helper (it has no
#: interpreter to run this module with: packaging/entry_point.py looks for it).
HELPER_FLAG = "--topology-helper"

#: Outlines with more WKB bytes than this are decoded when first read (``PendingOutline``).
PENDING_BYTES = 64 * 1024
_SIGNATURE = 16  # bytes per chunk signature (RingChunks.signatures)


class CheckedProblems(list):
    """The problems a check found, and ``chunks``: their outlines cut by the helper as asked
    (``(RingChunks, signatures)``), or None."""

    def __init__(self, problems=(), chunks: tuple[RingChunks, list[bytes]] | None = None) -> None:
        super().__init__(problems)
        self.chunks = chunks


class CheckFailed(RuntimeError):
    """The check itself failed in the helper (a GEOS error): the text is the helper's."""


def _geometry(zone: Any):
    return getattr(zone, "geometry", zone)


class TopologyProcess:
    """``check(previous, zones, boundary, sliver_area_m2)``: what ``keeping_outlines(previous,
    check_topology(zones, boundary, sliver_area_m2))`` gives, computed in the helper process.

    One check at a time (a lock): the validation dock's single worker thread calls it.
    ``command`` starts the helper (tests give a broken one to see the fallback)."""

    def __init__(self, command: Sequence[str] | None = None) -> None:
        self._pipe = HelperPipe(command if command is not None else _helper_command())
        #: Zone id -> the zone (or geometry) whose geometry the helper holds.
        self._sent: dict[int, Any] = {}
        #: What the last check in the helper returned (the outlines shown, as a caller's
        #: ``previous`` usually is), and the chunks the helper cut of them.
        self._last: list[TopologyProblem] = []
        self._chunks: tuple[RingChunks, list[bytes]] | None = None
        self._lock = threading.Lock()
        #: Zones whose geometry the last check sent (what an edit costs: tests and benchmarks).
        self.sent_last = 0
        #: Checks that ran in the calling thread because the helper was not there.
        self.fallbacks = 0
        self._closed = False

    def check(self, previous: list[TopologyProblem], zones: Mapping[int, Any], boundary,
              sliver_area_m2: float, chunks: tuple[int, int] | None = None) -> list[TopologyProblem]:
        """``chunks``: (above how many vertices in all, at most how many per chunk) the outlines
        are to be cut into chunks (``CheckedProblems.chunks``)."""
        with self._lock:
            try:
                if self._closed:
                    raise CheckFailed("the helper was closed")
                shown = self._last
                problems, fresh = self._check_in_helper(zones, boundary, sliver_area_m2, chunks)
            except HelperGone:
                self._stop()
                if self._closed:  # the application is ending: no check here, which it would wait for
                    raise CheckFailed("the helper was closed") from None
                self.fallbacks += 1
                # Checked here, the boundary is prepared in place: a copy, the caller keeps its own.
                boundary = None if boundary is None else shapely.from_wkb(shapely.to_wkb(boundary))
                return keeping_outlines(previous, check_topology(zones, boundary, sliver_area_m2))
            except CheckFailed:
                self._stop()  # its copy of the zones may be half updated: the next check starts anew
                raise
            if fresh and same_outlines(previous, shown):
                return problems  # the helper compared them with these outlines already: they differ
            kept = keeping_outlines(previous, problems)
            if kept is not problems:
                kept = self._last = CheckedProblems(kept, problems.chunks)
            return kept

    def close(self) -> None:
        """End the helper at once (it also ends by itself when this process ends); a check waiting
        for it fails (``CheckFailed``) instead of being made here, and no later one starts it again."""
        self._closed = True
        self._pipe.kill()  # not a closed input: the helper would finish its check first
        with self._lock:
            self._stop()

    @property
    def running(self) -> bool:
        return self._pipe.running

    @property
    def pid(self) -> int | None:
        """The helper's process id while it runs (memory figures)."""
        return self._pipe.pid

    # -- the client's side ---------------------------------------------------------------------
    def _check_in_helper(self, zones: Mapping[int, Any], boundary, sliver_area_m2: float,
                         chunks: tuple[int, int] | None) -> tuple[CheckedProblems, bool]:
        """The problems, and whether their outlines are new (not those of the helper's last check)."""
        if not self._pipe.running:
            self._stop()  # a new helper holds nothing: every zone is sent again
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
        header = {"kind": "check", "sliver_area_m2": float(sliver_area_m2), "boundary": boundary is not None,
                  "chunks": None if chunks is None else [int(chunks[0]), int(chunks[1])]}
        buffers = [order.tobytes(), gone.tobytes(), np.asarray(changed, dtype=np.int64).tobytes(), *packed(wkbs),
                   b"" if boundary is None else shapely.to_wkb(boundary)]
        # A failed exchange stops the helper (``check``), and with it forgets what it holds.
        answer, blobs = self._pipe.exchange(header, buffers)
        if answer.get("kind") == "error":
            raise CheckFailed(str(answer.get("error")))
        if answer.get("kind") != "problems":
            raise HelperGone(f"unexpected answer {answer.get('kind')!r}")
        rows, same = answer.get("rows"), bool(answer.get("same"))
        try:
            outlines = None if same else unpacked(*blobs[:2])
            cut = None if same or not answer.get("chunks") else _chunks(blobs[2:7])
        except (ValueError, TypeError) as exc:  # missing or malformed buffers
            raise HelperGone("unexpected answer") from exc
        if not isinstance(rows, list) or (outlines is not None and len(outlines) != len(rows)):
            raise HelperGone("unexpected answer")
        for i in gone.tolist():
            sent.pop(i, None)
        sent.update((i, zones[i]) for i in changed)
        self.sent_last = len(changed)
        if not same:
            self._chunks = cut
        return CheckedProblems(self._problems(rows, outlines), self._chunks), not same

    def _problems(self, rows: list[list], outlines: np.ndarray | None) -> list[TopologyProblem]:
        if outlines is None:  # the same areas as the helper's previous check: its outlines here
            sources = [p.outline for p in self._last]
        else:
            sources = _outlines(outlines)
        try:
            problems = [_problem(kind, tuple(zone_ids), source, float(area), message, key,
                                 tuple((name, _tuples(value)) for name, value in params))
                        for (kind, zone_ids, area, message, key, params), source in zip(rows, sources)]
        except (TypeError, ValueError) as exc:
            raise HelperGone("unexpected answer") from exc
        if len(problems) != len(rows):
            raise HelperGone("unexpected answer")
        self._last = problems
        return problems

    def _stop(self) -> None:
        self._sent, self._last, self._chunks = {}, [], None
        self._pipe.stop()


def _outlines(wkbs: np.ndarray) -> list:
    """Geometries of the small outlines (decoded in one call), ``PendingOutline`` of the large."""
    large = np.fromiter(map(len, wkbs), dtype=np.int64, count=len(wkbs)) > PENDING_BYTES
    out = np.empty(len(wkbs), dtype=object)
    if (~large).any():
        out[~large] = sliced(shapely.from_wkb, wkbs[~large])
    out[large] = [PendingOutline(bytes(w)) for w in wkbs[large]]
    return list(out)


def _problem(kind, zone_ids, source, area, message, key, params) -> TopologyProblem:
    if isinstance(source, PendingOutline):
        return TopologyProblem.with_pending(kind, zone_ids, source, area, message, key, params)
    return TopologyProblem(kind, zone_ids, source, area, message, key, params)


def _chunks(blobs: list[bytes]) -> tuple[RingChunks, list[bytes]]:
    """The helper's chunks and their signatures; ValueError when they do not fit together."""
    runs = RingChunks.from_buffers(blobs[:4])
    signatures = blobs[4]
    if len(signatures) != _SIGNATURE * len(runs.counts):
        raise ValueError("chunk signatures do not fit the chunks")
    return runs, [signatures[k:k + _SIGNATURE] for k in range(0, len(signatures), _SIGNATURE)]


def _helper_command() -> list[str]:
    return helper_command(__name__, HELPER_FLAG)


#: The application's helper (one for every window: checks queue behind each other).
shared_helper = one_per_application(TopologyProcess)


# -- the helper's side ------------------------------------------------------------------------------
def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """Answer check requests until ``requests`` ends (a failed check is answered as an error,
    which the client raises)."""
    geometries: dict[int, Any] = {}
    last: list[TopologyProblem] = []

    def answer(header: dict, buffers: list[bytes]) -> tuple[dict, list[bytes]]:
        nonlocal last
        reply, last = _answer(header, buffers, geometries, last)
        return reply

    # A check frees its intermediates between blocks that stay live: give those pages back once
    # the planner pauses (not after every check: the next one would fault them in again, ~6 % of
    # a check at 100,000 zones).
    serve_frames(requests, answers, answer, idle=give_back_free_heap)


def _answer(header: dict, buffers: list[bytes], geometries: dict[int, Any],
            last: list[TopologyProblem]) -> tuple[tuple[dict, list[bytes]], list[TopologyProblem]]:
    if header.get("kind") != "check":
        raise ValueError(f"unknown request {header.get('kind')!r}")
    order, gone, changed = (np.frombuffer(b, dtype=np.int64) for b in buffers[:3])
    wkbs, boundary_wkb = unpacked(buffers[3], buffers[4]), buffers[5]
    for zone_id in gone.tolist():
        geometries.pop(zone_id, None)
    if len(changed):
        geometries.update(zip(changed.tolist(), shapely.from_wkb(wkbs)))
    zones = {zone_id: geometries[zone_id] for zone_id in order.tolist()}  # the client's order
    boundary = shapely.from_wkb(boundary_wkb) if header.get("boundary") else None
    # Decoded: the request's WKB (~40 MB with its pieces at 100,000 zones) is not held through the
    # check, whose own peak comes on top (serve_frames holds this same list).
    del wkbs, boundary_wkb
    buffers.clear()
    problems = check_topology(zones, boundary, float(header["sliver_area_m2"]))
    rows = [[p.kind, list(p.zone_ids), p.area_m2, p.message, p.key, [list(pair) for pair in p.params]]
            for p in problems]
    same = keeping_outlines(last, problems) is not problems  # a new list: every outline as before
    blobs, cut = [], False
    if not same:
        geometries = np.asarray([p.geometry for p in problems], dtype=object)
        blobs = packed(shapely.to_wkb(geometries))
        chunks = header.get("chunks")
        if chunks and len(geometries) and int(shapely.get_num_coordinates(geometries).sum()) > int(chunks[0]):
            runs = ring_chunks(geometries, int(chunks[1]))
            blobs += [*runs.buffers(), b"".join(runs.signatures())]
            cut = True
    return ({"kind": "problems", "rows": rows, "same": same, "chunks": cut}, blobs), problems


def _tuples(value: Any) -> Any:
    """JSON's lists back to the tuples a problem's parameters hold."""
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def run_helper() -> None:
    """Serve as the helper over this process's standard input and output."""
    # Background work: one core, at a lower priority than the application's threads, so that on
    # a two-core laptop a 100,000-zone check (two seconds of GEOS) never takes the GUI thread's core.
    one_core()
    if hasattr(os, "nice"):
        os.nice(HELPER_NICENESS)
    serve_standard_streams(serve)


if __name__ == "__main__":
    run_helper()

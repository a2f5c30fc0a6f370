"""Topology checks in the helper process: the problems a check in this process finds, in the same
order, after any sequence of edits; only changed geometries are sent; a helper that is missing,
dies or fails never loses a check."""
from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely import affinity
from shapely.geometry import MultiPolygon, Polygon, box

from parkplanner.core.geometry.rings import ring_chunks
from parkplanner.core.geometry.topology import check_topology
from parkplanner.core.geometry import topology_process
from parkplanner.core.geometry.topology_process import HELPER_FLAG, HELPER_NICENESS, CheckFailed, TopologyProcess
from parkplanner.core.model.zone import Zone


def _layout() -> dict[int, Zone]:
    """A 12 x 10 block grid with streets between (one gap with holes), plus every other kind of
    problem: an overlapping pair, a sliver, a zone reaching out of the boundary, a bow-tie."""
    zones: dict[int, Zone] = {}
    for i in range(12):
        for j in range(10):
            zones[len(zones) + 1] = Zone(len(zones) + 1, box(i * 60, j * 60, i * 60 + 50, j * 60 + 50), "0701")
    zones[500] = Zone(500, box(20, 20, 70, 45), "0701")  # reaches over the street into its neighbour
    zones[501] = Zone(501, box(300, 52, 340, 53), "0701")  # a sliver in the street
    zones[502] = Zone(502, box(700, 0, 760, 50), "0701")  # half outside the boundary
    zones[503] = Zone(503, Polygon([(100, 700), (150, 750), (150, 700), (100, 750)]), "0701")  # invalid
    return zones


BOUNDARY = box(-5, -5, 730, 800)


def _same(found, expected) -> None:
    assert [(p.kind, p.zone_ids, p.key, p.params, p.message) for p in found] == \
        [(p.kind, p.zone_ids, p.key, p.params, p.message) for p in expected]
    assert [p.area_m2 for p in found] == pytest.approx([p.area_m2 for p in expected], abs=1e-6)
    # The outlines themselves, vertex for vertex (WKB carries doubles exactly).
    assert shapely.equals_exact(np.array([p.geometry for p in found], dtype=object),
                                np.array([p.geometry for p in expected], dtype=object), tolerance=0.0).all()


@pytest.fixture
def helper():
    process = TopologyProcess()
    yield process
    process.close()


def test_the_helper_finds_what_a_check_here_finds_in_the_same_order(helper):
    zones = _layout()
    expected = check_topology(zones, BOUNDARY, 50.0)
    assert {p.kind for p in expected} == {"invalid", "overlap", "gap", "sliver", "outside_boundary"}
    _same(helper.check([], zones, BOUNDARY, 50.0), expected)
    assert helper.running and helper.fallbacks == 0 and helper.sent_last == len(zones)


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="POSIX scheduling priorities")
def test_the_helper_runs_below_the_application(helper):
    helper.check([], _layout(), BOUNDARY, 50.0)
    assert os.getpriority(os.PRIO_PROCESS, helper.pid) >= os.getpriority(os.PRIO_PROCESS, 0) + HELPER_NICENESS \
        or os.getpriority(os.PRIO_PROCESS, helper.pid) == 19  # the lowest there is


def test_after_edits_only_changed_geometries_are_sent_and_the_problems_stay_right(helper):
    zones = _layout()
    problems = helper.check([], zones, BOUNDARY, 50.0)
    steps = [
        lambda z: z.__setitem__(7, z[7].with_changes(far=3.5)),  # an attribute: nothing to send
        lambda z: z.__setitem__(8, z[8].with_changes(geometry=affinity.translate(z[8].geometry, 12.0, 0.0))),
        lambda z: z.pop(501),  # the sliver removed
        lambda z: z.__setitem__(900, Zone(900, box(50, 0, 60, 50), "0701")),  # a street filled
        lambda z: z.__setitem__(8, z[8].with_changes(
            geometry=MultiPolygon([box(60, 420, 110, 440), box(60, 445, 110, 470)]))),
    ]
    sent = []
    for step in steps:
        step(zones)
        problems = helper.check(problems, dict(zones), BOUNDARY, 50.0)
        _same(problems, check_topology(zones, BOUNDARY, 50.0))
        sent.append(helper.sent_last)
    assert sent == [0, 1, 0, 1, 1]
    # Another sliver threshold and no boundary: the same copy, nothing sent.
    _same(helper.check(problems, zones, None, 10.0), check_topology(zones, None, 10.0))
    assert helper.sent_last == 0 and helper.fallbacks == 0


def test_the_frozen_application_serves_as_its_own_helper(monkeypatch):
    assert topology_process._helper_command() == [sys.executable, "-m", "parkplanner.core.geometry.topology_process"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert topology_process._helper_command() == [sys.executable, HELPER_FLAG]
    monkeypatch.undo()
    # What a PyInstaller build runs: its entry point, told so by the flag (no "python -m" there).
    entry = Path(__file__).resolve().parents[3] / "packaging" / "entry_point.py"
    process = TopologyProcess([sys.executable, str(entry), HELPER_FLAG])
    zones = _layout()
    try:
        _same(process.check([], zones, BOUNDARY, 50.0), check_topology(zones, BOUNDARY, 50.0))
        assert process.running and process.fallbacks == 0
    finally:
        process.close()


def test_outlines_unchanged_by_an_edit_keep_their_geometry_objects(helper):
    zones = _layout()
    first = helper.check([], zones, BOUNDARY, 50.0)
    zones[3] = zones[3].with_changes(far=2.0)
    again = helper.check(first, zones, BOUNDARY, 50.0)
    assert all(a.geometry is b.geometry for a, b in zip(first, again))


def test_a_helper_that_died_is_replaced_by_the_next_check(helper):
    zones = _layout()
    helper.check([], zones, BOUNDARY, 50.0)
    helper._pipe.process.kill()
    helper._pipe.process.wait()
    zones[5] = zones[5].with_changes(geometry=affinity.translate(zones[5].geometry, 0.0, 20.0))
    # A new helper, sent every zone again (what the dead one held is gone with it).
    _same(helper.check([], zones, BOUNDARY, 50.0), check_topology(zones, BOUNDARY, 50.0))
    assert helper.running and helper.sent_last == len(zones) and helper.fallbacks == 0


_CUT_SHORT = "import sys; sys.stdin.buffer.read(8); sys.stdout.buffer.write((100).to_bytes(8, 'little') + b'{}')"
# A well-formed frame whose chunks do not add up (three bytes of vertices).
_BAD_CHUNKS = ("import sys; from parkplanner.core import helper_process as h; "
               "h.read_frame(sys.stdin.buffer); "
               "h.write_frame(sys.stdout.buffer, {'kind': 'problems', 'rows': [], 'same': False, 'chunks': True}, "
               "[b'', b'', b'xyz', b'', b'', b'', b''])")
# New outlines announced, none sent.
_NO_OUTLINES = _BAD_CHUNKS.replace("'chunks': True}, [b'', b'', b'xyz', b'', b'', b'', b'']", "'chunks': False}, []")


@pytest.mark.parametrize("command", [
    ["/nonexistent/python-for-the-helper"],  # cannot be started at all
    [sys.executable, "-c", "import sys; sys.stdout.write('not a frame of the protocol'); sys.stdout.flush()"],
    [sys.executable, "-c", "pass"],  # ends at once
    [sys.executable, "-c", _CUT_SHORT],  # a frame cut short
    [sys.executable, "-c", _BAD_CHUNKS],
    [sys.executable, "-c", _NO_OUTLINES],
])
def test_without_a_working_helper_every_check_runs_here(command):
    process = TopologyProcess(command)
    zones = _layout()
    try:
        for _ in range(2):
            _same(process.check([], zones, BOUNDARY, 50.0), check_topology(zones, BOUNDARY, 50.0))
        assert process.fallbacks == 2 and not process.running
        # Checked here, on a copy of the boundary: the caller's (the GUI thread's) is left unprepared.
        boundary = box(*BOUNDARY.bounds)
        process.check([], zones, boundary, 50.0)
        assert not shapely.is_prepared(boundary)
    finally:
        process.close()


def test_a_check_failing_in_the_helper_raises_its_error_and_the_next_starts_anew(helper):
    zones = _layout()
    helper.check([], zones, BOUNDARY, 50.0)
    # A self-crossing boundary makes GEOS itself fail, there as it would here.
    bow_tie = Polygon([(0, 0), (700, 700), (700, 0), (0, 700)])
    with pytest.raises(Exception, match="TopologyException"):
        check_topology(zones, bow_tie, 50.0)
    with pytest.raises(CheckFailed, match="GEOSException: TopologyException"):
        helper.check([], zones, bow_tie, 50.0)
    assert not helper.running
    _same(helper.check([], zones, BOUNDARY, 50.0), check_topology(zones, BOUNDARY, 50.0))
    assert helper.sent_last == len(zones)


def test_closing_ends_a_check_waiting_for_the_helper_at_once():
    # A helper that never answers (a 100,000-zone check when the application closes).
    process = TopologyProcess([sys.executable, "-c", "import time; time.sleep(60)"])
    failed = []

    def check():
        try:
            process.check([], _layout(), BOUNDARY, 50.0)
        except CheckFailed as exc:
            failed.append(exc)

    worker = threading.Thread(target=check)
    worker.start()
    deadline = time.monotonic() + 10.0
    while not process.running and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    process.close()
    worker.join(timeout=10.0)
    assert not worker.is_alive() and time.monotonic() - started < 5.0
    assert failed and process.fallbacks == 0 and not process.running  # not made here after all
    with pytest.raises(CheckFailed):
        process.check([], _layout(), BOUNDARY, 50.0)  # closed for good


def _gap(problems):
    return next(p for p in problems if p.kind == "gap")


def test_large_outlines_are_decoded_at_their_first_read(helper, monkeypatch):
    monkeypatch.setattr(topology_process, "PENDING_BYTES", 2_000)  # the street gap is ~10 kB of WKB
    zones = _layout()
    problems = helper.check([], zones, BOUNDARY, 50.0)
    gap = _gap(problems)
    assert gap.pending is not None and not gap.pending.decoded
    assert all(p.pending is None for p in problems if p is not gap)  # small outlines: decoded at once
    _same(problems, check_topology(zones, BOUNDARY, 50.0))  # reads every geometry
    assert gap.pending.decoded and gap.geometry is gap.pending.geometry()


def test_an_edit_decodes_no_outline_the_check_does_not_need(helper, monkeypatch):
    monkeypatch.setattr(topology_process, "PENDING_BYTES", 2_000)
    zones = _layout()
    first = helper.check([], zones, BOUNDARY, 50.0)
    zones[3] = zones[3].with_changes(far=2.0)  # the same outlines: the helper says so
    again = helper.check(first, zones, BOUNDARY, 50.0)
    assert _gap(again).outline is _gap(first).outline and not _gap(first).pending.decoded
    zones[8] = zones[8].with_changes(geometry=affinity.translate(zones[8].geometry, 12.0, 0.0))
    moved = helper.check(again, zones, BOUNDARY, 50.0)  # another gap: not compared with the old here
    assert _gap(moved).outline is not _gap(first).outline
    assert not _gap(first).pending.decoded and not _gap(moved).pending.decoded
    _same(moved, check_topology(zones, BOUNDARY, 50.0))


def test_the_helper_cuts_the_outlines_into_the_chunks_cut_here(helper):
    zones = _layout()
    problems = helper.check([], zones, BOUNDARY, 50.0, chunks=(100, 60))
    runs, signatures = problems.chunks
    expected = ring_chunks([p.geometry for p in check_topology(zones, BOUNDARY, 50.0)], 60)
    assert len(expected.counts) > 10  # the gap's holes in many chunks
    for column in ("coords", "starts", "counts", "holes"):
        np.testing.assert_array_equal(getattr(runs, column), getattr(expected, column))
    assert signatures == expected.signatures()
    # Unchanged outlines keep the chunks; few vertices in all are not cut.
    zones[3] = zones[3].with_changes(far=2.0)
    assert helper.check(problems, zones, BOUNDARY, 50.0, chunks=(100, 60)).chunks is problems.chunks
    zones[8] = zones[8].with_changes(geometry=affinity.translate(zones[8].geometry, 12.0, 0.0))
    assert helper.check(problems, zones, BOUNDARY, 50.0, chunks=(10 ** 9, 60)).chunks is None


def test_the_helper_lets_go_of_each_request_and_gives_back_its_heap_once_it_waits(monkeypatch):
    # At 100,000 zones a request is ~40 MB of WKB and a check frees ~150 MB between live blocks:
    # neither is to be held while the helper waits for the planner, but checks that follow each
    # other closely do not give the heap back in between (they would fault it in again).
    from io import BytesIO

    from parkplanner.core import helper_process
    from parkplanner.core.helper_process import packed, read_frame, write_frame

    zones = _layout()
    ids = np.fromiter(zones, dtype=np.int64)
    wkbs = shapely.to_wkb(np.array([z.geometry for z in zones.values()], dtype=object))

    def request(changed: slice) -> bytes:
        frame = BytesIO()
        write_frame(frame, {"kind": "check", "sliver_area_m2": 50.0, "boundary": True, "chunks": None},
                    [ids.tobytes(), b"", ids[changed].tobytes(), *packed(wkbs[changed]), shapely.to_wkb(BOUNDARY)])
        return frame.getvalue()

    read_end, write_end = os.pipe()
    requests, answers = os.fdopen(read_end, "rb"), BytesIO()
    answered, answers_when_idle, idle = [], [], threading.Event()
    real = topology_process._answer

    def answer(header, buffers, *rest):
        reply = real(header, buffers, *rest)
        answered.append(buffers)  # the list the serving loop holds
        return reply

    def gave_back():
        answers_when_idle.append(len(answered))
        idle.set()

    monkeypatch.setattr(topology_process, "_answer", answer)
    monkeypatch.setattr(topology_process, "give_back_free_heap", gave_back)
    monkeypatch.setattr(helper_process, "IDLE_AFTER_S", 0.3)
    serving = threading.Thread(target=topology_process.serve, args=(requests, answers))
    serving.start()
    os.write(write_end, request(slice(None)))  # the first check sends every zone
    assert idle.wait(10)
    idle.clear()
    os.write(write_end, request(slice(0, 3)) + request(slice(3, 5)))  # two edits in quick succession
    assert idle.wait(10)
    os.close(write_end)
    serving.join(10)
    assert not serving.is_alive()
    assert answered == [[], [], []]  # each request let go of once decoded
    assert answers_when_idle == [1, 3]  # after the first check, and after the second pair only
    answers.seek(0)
    replies = [read_frame(answers)[0] for _ in range(3)]
    assert [r["kind"] for r in replies] == ["problems"] * 3
    assert {row[0] for row in replies[0]["rows"]} == {"invalid", "overlap", "gap", "sliver", "outside_boundary"}

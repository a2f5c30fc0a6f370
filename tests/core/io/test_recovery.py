"""Autosave files: where they go, what they say, who finds them, and that they never touch the project."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import pytest

from parkplanner.core.io.file_lock import FileFingerprint, ProjectLock
from parkplanner.core.io.project_file import load_project, save_project
from parkplanner.core.io.recovery import (
    discard_recovery, find_recoveries, recovery_path_for, set_aside_recovery, write_recovery,
)
from parkplanner.core.synthetic import synthetic_project
from parkplanner.core.userdirs import recovery_dir


@pytest.fixture
def project():
    p = synthetic_project(30, seed=4)
    p.name = "东区 plan"
    return p


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _pretend_written_by(recovery, pid):
    sidecar = recovery.with_name(recovery.name + ".json")
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    meta["pid"] = pid
    sidecar.write_text(json.dumps(meta), encoding="utf-8")


def test_autosave_goes_beside_the_project_and_never_over_it(tmp_path, project):
    path = tmp_path / "park.gpkg"
    save_project(project, path)
    before = path.read_bytes()
    fingerprint = FileFingerprint.of(path)
    project.name = "edited"
    recovery = write_recovery(project, path)
    assert recovery == tmp_path / ".park.recovery.gpkg"
    assert path.read_bytes() == before and not fingerprint.changed_on_disk(path)
    assert load_project(recovery).name == "edited"


def test_found_with_what_and_when(tmp_path, project):
    path = tmp_path / "park.gpkg"
    save_project(project, path)
    start = time.time()
    recovery = write_recovery(project, path)
    _pretend_written_by(recovery, _dead_pid())
    [found] = find_recoveries(path)
    assert found.path == recovery and found.original == path
    assert found.project_name == "东区 plan" and found.zones == 30 and found.scenarios == 1
    assert start - 1 <= found.saved_at <= time.time() + 1
    text = found.describe()
    assert "东区 plan" in text and str(path) in text and "30 zones" in text
    assert time.strftime("%Y-%m-%d", time.localtime(found.saved_at)) in text


def test_start_without_a_project_finds_autosaves_in_any_folder(tmp_path, project):
    (tmp_path / "a").mkdir()
    beside = write_recovery(project, tmp_path / "a" / "x.gpkg")
    untitled = write_recovery(project, None, session_key="untitled-test")
    for path in (beside, untitled):
        _pretend_written_by(path, _dead_pid())
    found = find_recoveries()
    assert {r.path for r in found} == {beside, untitled}
    assert {r.original for r in found} == {tmp_path / "a" / "x.gpkg", None}
    assert untitled.parent == recovery_dir()


def test_autosave_of_a_running_session_is_not_offered(tmp_path, project):
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        recovery = write_recovery(project, tmp_path / "p.gpkg")
        _pretend_written_by(recovery, child.pid)
        assert find_recoveries(tmp_path / "p.gpkg") == []
        assert find_recoveries() == []
    finally:
        child.kill()
        child.wait()
    assert [r.path for r in find_recoveries()] == [recovery]  # the session is gone: offer it


def test_our_own_pid_in_a_sidecar_is_a_crashed_earlier_run(tmp_path, project):
    recovery = write_recovery(project, tmp_path / "p.gpkg")  # written with our pid
    assert [r.path for r in find_recoveries(tmp_path / "p.gpkg")] == [recovery]


def test_discard_removes_file_sidecar_and_pointer(tmp_path, project):
    recovery = write_recovery(project, tmp_path / "p.gpkg")
    _pretend_written_by(recovery, _dead_pid())
    discard_recovery(recovery)
    assert not recovery.exists() and not recovery.with_name(recovery.name + ".json").exists()
    assert find_recoveries() == [] and list(recovery_dir().iterdir()) == []
    discard_recovery(recovery)  # twice is fine


def test_missing_sidecar_falls_back_to_the_file(tmp_path, project):
    path = tmp_path / "p.gpkg"
    recovery = write_recovery(project, path)
    recovery.with_name(recovery.name + ".json").unlink()  # killed between the two writes
    [found] = find_recoveries(path)
    assert found.original == path and found.project_name == "p" and found.zones is None
    assert abs(found.saved_at - recovery.stat().st_mtime) < 1e-6


def test_paths_inside_sidecars_and_pointers_are_not_trusted(tmp_path, project):
    path = tmp_path / "p.gpkg"
    recovery = write_recovery(project, path)
    sidecar = recovery.with_name(recovery.name + ".json")
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    meta.update(original_name="../../etc/passwd", pid=_dead_pid(), host=socket.gethostname())
    sidecar.write_text(json.dumps(meta), encoding="utf-8")
    [found] = find_recoveries(path)
    assert found.original == path  # derived from where the autosave lies
    # A pointer to something that is not a recovery file is dropped, not followed.
    victim = tmp_path / "important.gpkg"
    victim.write_bytes(b"keep")
    bogus = recovery_dir() / "0123.pointer.json"
    bogus.write_text(json.dumps({"recovery": str(victim)}), encoding="utf-8")
    assert [r.path for r in find_recoveries()] == [recovery]
    assert not bogus.exists() and victim.read_bytes() == b"keep"


def test_damaged_sidecar_and_garbage_files_do_not_break_the_search(tmp_path, project):
    path = tmp_path / "p.gpkg"
    recovery = write_recovery(project, path)
    recovery.with_name(recovery.name + ".json").write_bytes(b"\xff\xfe{not json")
    (recovery_dir() / "junk.pointer.json").write_text("[1, 2]", encoding="utf-8")
    (recovery_dir() / "folder.recovery.gpkg").mkdir()
    assert [r.path for r in find_recoveries()] == [recovery]


def test_a_project_named_like_an_autosave_is_not_overwritten(tmp_path, project):
    path = tmp_path / ".p.recovery.gpkg"
    path.write_bytes(b"the project")
    assert write_recovery(project, path) != path and path.read_bytes() == b"the project"


def test_untitled_sessions_get_their_own_files(project):
    first = write_recovery(project, None, session_key="untitled-1")
    second = write_recovery(project, None, session_key="untitled-2")
    assert first != second and recovery_path_for(None, "untitled-1") == first


# -- the lock and the fingerprint beyond the basic cases in test_file_lock.py ---------------------
def test_a_second_window_of_this_process_is_told_and_the_first_keeps_its_lock(tmp_path):
    path = tmp_path / "p.gpkg"
    path.write_bytes(b"x")
    first, second = ProjectLock(path), ProjectLock(path)
    assert first.acquire() is None
    other = second.acquire()
    assert other is not None and other.pid == os.getpid()
    assert second.acquire(force=True) is None and second.owned and not first.owned
    first.release()  # the window that lost the lock must not delete the other's
    assert second.lock_path.exists()
    second.release()
    assert not second.lock_path.exists()


def test_a_lock_with_our_pid_but_an_unknown_token_is_stale(tmp_path):
    path = tmp_path / "p.gpkg"
    path.write_bytes(b"x")
    lock = ProjectLock(path)
    lock.lock_path.write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "user": "me",
                                          "opened_at": "x", "token": "from-a-crashed-run"}))
    assert lock.holder() is None and lock.acquire() is None and lock.owned


def test_damaged_lock_file_counts_as_none(tmp_path):
    path = tmp_path / "p.gpkg"
    lock = ProjectLock(path)
    lock.lock_path.write_bytes(b"\x00\xff garbage")
    assert lock.holder() is None and lock.acquire() is None


def test_fingerprint_notices_a_replaced_file_of_the_same_size_and_time(tmp_path):
    path = tmp_path / "p.gpkg"
    path.write_bytes(b"aaaa")
    fp = FileFingerprint.of(path)
    other = tmp_path / "q"
    other.write_bytes(b"bbbb")
    os.utime(other, ns=(fp.mtime_ns, fp.mtime_ns))
    os.replace(other, path)  # how QGIS or another ParkPlanner saves
    assert fp.changed_on_disk(path)
    path.unlink()
    assert fp.changed_on_disk(path)


def test_a_set_aside_autosave_is_still_offered(tmp_path, project):
    path = tmp_path / "p.gpkg"
    recovery = write_recovery(project, path)
    _pretend_written_by(recovery, _dead_pid())
    kept = set_aside_recovery(recovery)
    assert not recovery.exists() and kept.parent == recovery_dir()
    [found] = find_recoveries()
    assert found.path == kept and found.project_name == "东区 plan" and found.original is None
    assert load_project(kept).name == "东区 plan"

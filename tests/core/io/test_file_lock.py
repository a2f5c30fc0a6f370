"""A project opened twice is detected; stale locks of dead processes are ignored."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

from parkplanner.core.io.file_lock import FileFingerprint, ProjectLock


def test_second_holder_is_reported_and_release_frees(tmp_path):
    project = tmp_path / "park.gpkg"
    project.write_bytes(b"x")
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        # Another live process holds the lock.
        lock_path = tmp_path / ".~lock.park.gpkg#"
        lock_path.write_text(json.dumps({"pid": child.pid, "host": socket.gethostname(), "user": "ana",
                                         "opened_at": "2026-11-26 09:00:00"}))
        mine = ProjectLock(project)
        other = mine.acquire()
        assert other is not None and other.user == "ana" and "process" in other.describe()
        assert json.loads(lock_path.read_text())["pid"] == child.pid  # not taken over
        assert mine.acquire(force=True) is None
        assert json.loads(lock_path.read_text())["pid"] == os.getpid()
        mine.release()
        assert not lock_path.exists()
    finally:
        child.kill()
        child.wait()


def test_stale_lock_of_dead_process_is_ignored(tmp_path):
    project = tmp_path / "park.gpkg"
    project.write_bytes(b"x")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / ".~lock.park.gpkg#").write_text(json.dumps(
        {"pid": dead.pid, "host": socket.gethostname(), "user": "bo", "opened_at": "x"}))
    lock = ProjectLock(project)
    assert lock.holder() is None
    assert lock.acquire() is None


def test_fingerprint_notices_external_change(tmp_path):
    path = tmp_path / "park.gpkg"
    path.write_bytes(b"first")
    fp = FileFingerprint.of(path)
    assert not fp.changed_on_disk(path)
    path.write_bytes(b"second, longer")
    assert fp.changed_on_disk(path)

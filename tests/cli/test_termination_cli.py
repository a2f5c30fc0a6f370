"""A command killed politely (SIGTERM from ``kill``, SIGHUP from a closed terminal) leaves no
temporary file beside its output, as after Ctrl+C; temporaries of a run killed outright (SIGKILL)
are removed by the next write of the same output."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from parkplanner.cli import main
from parkplanner.core.io.atomic import TEMP_MARKER

from testkit import saved_synthetic_project

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGTERM and SIGHUP are POSIX signals")


def _temporaries(folder):
    return sorted(name for name in os.listdir(folder) if TEMP_MARKER in name)


def _kill_while_writing(folder, argv, signum):
    """Start ``parkplanner argv``, send ``signum`` once its temporary exists; its exit code."""
    child = subprocess.Popen([sys.executable, "-m", "parkplanner", *map(str, argv)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not _temporaries(folder):
        assert child.poll() is None, "the command ended before its temporary was seen: " + child.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.002)
    child.send_signal(signum)
    _, stderr = child.communicate(timeout=120)
    return child.returncode, stderr


@pytest.fixture(scope="module")
def big_project(tmp_path_factory):
    """Large enough that writing its export takes well over the polling interval."""
    return saved_synthetic_project(tmp_path_factory.mktemp("big"), 5000, seed=5, file_name="big.gpkg")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_signal_during_export_removes_the_temporary(tmp_path, big_project, signum):
    out = tmp_path / "zones.gpkg"
    code, stderr = _kill_while_writing(tmp_path, ["export", big_project, "-o", out], signum)
    assert code == 128 + signum
    assert stderr.strip() == f"parkplanner: error: terminated ({signal.Signals(signum).name}); nothing was written"
    assert os.listdir(tmp_path) == []


def test_next_run_removes_temporaries_of_a_killed_run(tmp_path, big_project, capsys):
    out = tmp_path / "zones.gpkg"
    code, _ = _kill_while_writing(tmp_path, ["export", big_project, "-o", out], signal.SIGKILL)
    assert code == -signal.SIGKILL and _temporaries(tmp_path)  # SIGKILL cannot be caught
    shapefile_parts = tmp_path / f".zones.shp{TEMP_MARKER}{_dead_pid()}-1"  # a killed shapefile export's folder
    shapefile_parts.mkdir()
    (shapefile_parts / "zones.dbf").write_bytes(b"\0" * 100)
    assert main(["export", str(big_project), "-o", str(out)]) == 0
    assert main(["export", str(big_project), "-o", str(tmp_path / "zones.shp")]) == 0
    capsys.readouterr()
    assert _temporaries(tmp_path) == []


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid

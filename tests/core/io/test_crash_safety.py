"""Killing a save at any moment leaves the old project file intact (or the new one, complete).

A child process saves a different 20,000-zone project over an existing file and is SIGKILLed
after delays spread from "before the write starts" to "after it should have finished". After
every kill the file must load and equal either the original project or the new one, never a
mix; the temporaries the killed writers leave must be removed by the next save.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from parkplanner.core.io.atomic import TEMP_MARKER, remove_stale_temporaries
from parkplanner.core.io.project_file import load_project, save_project
from parkplanner.core.synthetic import synthetic_project

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

ZONES = 20_000
KILLS = 12

# The child reads the new project from a file (loading is quicker than generating), times one
# warm save elsewhere so the parent can spread its kills over a save, then saves over TARGET.
_CHILD = textwrap.dedent("""
    import sys, time
    from parkplanner.core.io.project_file import load_project, save_project
    source, target, scratch = sys.argv[1:4]
    project = load_project(source)
    save_project(project, scratch)  # the first save also imports the writer: not a save's time
    start = time.perf_counter()
    save_project(project, scratch)
    print(f"ready {time.perf_counter() - start:.4f}", flush=True)
    sys.stdin.readline()
    save_project(project, target)
    print("saved", flush=True)
""")


@pytest.fixture(scope="module")
def projects(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crash")
    original = synthetic_project(ZONES, seed=1)
    replacement = synthetic_project(ZONES, seed=2)
    save_project(original, folder / "original.gpkg")
    save_project(replacement, folder / "replacement.gpkg")
    return folder, original.snapshot(), replacement.snapshot()


def _temporaries(folder, name):
    return [p for p in folder.iterdir() if p.name.startswith(f".{name}{TEMP_MARKER}")]


def _spawn_child(folder, target, number):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    scratch = folder / f"scratch-{os.getpid()}-{number}.gpkg"
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(folder / "replacement.gpkg"), str(target), str(scratch)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def _when_ready(child) -> float:
    """Seconds one full save took in the child, once it waits for the go."""
    line = child.stdout.readline()
    assert line.startswith("ready"), child.stderr.read()
    return float(line.split()[1])


def _kill(child, delay: float) -> None:
    child.stdin.write("go\n")
    child.stdin.flush()
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)  # reaped: its pid is gone, so its temporaries count as stale
    for stream in (child.stdin, child.stdout, child.stderr):
        stream.close()


def test_killed_saves_never_damage_the_old_file(projects, tmp_path):
    folder, original, replacement = projects
    original_bytes = (folder / "original.gpkg").read_bytes()
    target = tmp_path / "park.gpkg"
    outcomes = []
    fractions = np.linspace(0.0, 1.3, KILLS)
    next_child = _spawn_child(folder, target, 0)
    for number, fraction in enumerate(fractions):
        target.write_bytes(original_bytes)
        child = next_child
        save_seconds = _when_ready(child)
        _kill(child, fraction * save_seconds)
        if number + 1 < KILLS:  # the next child imports and loads while this round is checked
            next_child = _spawn_child(folder, target, number + 1)
        its_temporaries = [p for p in _temporaries(tmp_path, target.name) if f"{TEMP_MARKER}{child.pid}-" in p.name]
        loaded = load_project(target)
        if target.read_bytes() == original_bytes:  # byte for byte the old file (which is `original`)
            outcomes.append("old, temporary left" if its_temporaries else "old")
        else:
            outcomes.append("new")
            assert not its_temporaries  # a completed save cleans up after itself
            assert loaded.snapshot() == replacement
    # The delays must really have hit saves in progress, not only before or after them.
    assert outcomes.count("old, temporary left") >= 3, outcomes
    # The next save removes what the killed writers left, and the file is still right.
    save_project(loaded, target)
    assert _temporaries(tmp_path, target.name) == []
    assert load_project(target).snapshot() in (original, replacement)


def test_the_original_file_is_the_original_project(projects):
    folder, original, _ = projects
    assert load_project(folder / "original.gpkg").snapshot() == original


def test_temporaries_of_a_live_writer_are_kept(tmp_path):
    target = tmp_path / "park.gpkg"
    own = tmp_path / f".park.gpkg{TEMP_MARKER}{os.getpid()}-1.gpkg"
    parent = tmp_path / f".park.gpkg{TEMP_MARKER}{os.getppid()}-2.gpkg"
    dead = tmp_path / f".park.gpkg{TEMP_MARKER}{_dead_pid()}-3.gpkg-journal"
    other = tmp_path / f".other.gpkg{TEMP_MARKER}{_dead_pid()}-4.gpkg"
    for path in (own, parent, dead, other):
        path.write_bytes(b"partial")
    assert remove_stale_temporaries(target) == [dead]
    assert own.exists() and parent.exists() and other.exists()


def test_old_temporaries_are_removed_whoever_wrote_them(tmp_path):
    target = tmp_path / "plan [v2].gpkg"
    old = tmp_path / f".plan [v2].gpkg{TEMP_MARKER}{os.getppid()}-1.gpkg"
    old.write_bytes(b"partial")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    assert remove_stale_temporaries(target) == [old]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# -- the other commands that write a project: import -o and calibrate ----------------------------
# The CLI runs as a real command; each kill waits until the command's temporary appears (its save
# has begun), then lets it run a little longer, so every kill lands inside a save in progress.
COMMAND_ZONES = 10_000
_AFTER_SAVE_STARTS = (0.0, 0.05, 0.15, 0.3, 0.6, 2.0)  # seconds; the last lets the save finish


@pytest.fixture(scope="module")
def command_inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("crash_commands")
    save_project(synthetic_project(COMMAND_ZONES, seed=3), folder / "source.gpkg")
    (folder / "observed.csv").write_text(
        "year,indicator,value\n2025,jobs,20000\n2027,jobs,40000\n2029,jobs,70000\n2031,jobs,90000\n",
        encoding="utf-8")
    return folder


def _command(kind, inputs, target):
    if kind == "import":
        return ["import", str(inputs / "source.gpkg"), "--layer", "zones__base", "-o", str(target)]
    return ["calibrate", str(target), "--observed", str(inputs / "observed.csv")]


def _start(argv, cwd):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    return subprocess.Popen([sys.executable, "-m", "parkplanner", *argv], cwd=cwd, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _kill_once_saving(child, folder, name, delay):
    """SIGKILL ``child`` ``delay`` seconds after its temporary of ``name`` appears; False if it finished first."""
    while not _temporaries(folder, name):
        if child.poll() is not None:
            return False
        time.sleep(0.002)
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    child.stderr.close()
    return child.returncode == -signal.SIGKILL


@pytest.mark.parametrize("kind", ["import", "calibrate"])
def test_killed_import_and_calibrate_never_damage_the_project(command_inputs, tmp_path, kind):
    old = synthetic_project(200, seed=9)  # what the target holds before each run
    save_project(old, tmp_path / "old.gpkg")
    old_bytes = (tmp_path / "old.gpkg").read_bytes()
    target = tmp_path / "park.gpkg"
    if kind == "calibrate":  # calibrate rewrites the big project in place
        old_bytes = (command_inputs / "source.gpkg").read_bytes()
    target.write_bytes(old_bytes)
    finished = _start(_command(kind, command_inputs, target), tmp_path)
    assert finished.wait(timeout=120) == 0, finished.stderr.read()
    finished.stderr.close()
    new = load_project(target).snapshot()

    outcomes = []
    for delay in _AFTER_SAVE_STARTS:
        target.write_bytes(old_bytes)
        child = _start(_command(kind, command_inputs, target), tmp_path)
        killed = _kill_once_saving(child, tmp_path, target.name, delay)
        if target.read_bytes() == old_bytes:
            outcomes.append("old" if killed else "old, not killed")
        else:
            assert load_project(target).snapshot() == new  # complete, never a mix
            outcomes.append("new")
    print(kind, outcomes)
    assert outcomes.count("old") >= 2, outcomes  # kills really hit saves in progress

    # A new project from import never leaves a partial file where there was none.
    if kind == "import":
        target.unlink()
        child = _start(_command(kind, command_inputs, target), tmp_path)
        if _kill_once_saving(child, tmp_path, target.name, 0.0):
            assert not target.exists()
    # The next successful run removes what the killed ones left.
    target.write_bytes(old_bytes)
    done = _start(_command(kind, command_inputs, target), tmp_path)
    assert done.wait(timeout=120) == 0
    done.stderr.close()
    assert _temporaries(tmp_path, target.name) == []
    assert load_project(target).snapshot() == new

"""The window's C heap keeps at most ``ARENAS`` arenas however many threads allocate at once."""
from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
                                reason="glibc's arenas")

# Six threads alive at once, each allocating (blocks above pymalloc's size go to malloc): glibc
# gives each its own arena unless limited. malloc_stats prints one "Arena N:" block per arena.
_THREADS = """
import ctypes, sys, threading
if sys.argv[1] == "limited":
    from parkplanner.ui.app import create_application
    create_application()
barrier = threading.Barrier(6)
held = []
def work():
    barrier.wait()
    held.append([bytearray(4096) for _ in range(200)])
    barrier.wait()
threads = [threading.Thread(target=work) for _ in range(6)]
for t in threads:
    t.start()
for t in threads:
    t.join()
sys.stderr.flush()
ctypes.CDLL(None).malloc_stats()
"""


def _arenas(mode: str) -> int:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    done = subprocess.run([sys.executable, "-c", _THREADS, mode], capture_output=True, text=True, env=env,
                          timeout=60, check=True)
    return sum(line.startswith("Arena ") for line in done.stderr.splitlines())


def test_the_application_limits_the_heap_to_two_arenas():
    from parkplanner.ui.heap_arenas import ARENAS

    assert _arenas("default") > ARENAS  # what the limit is for: one arena per allocating thread
    assert 1 <= _arenas("limited") <= ARENAS


def test_a_planners_own_setting_is_kept(monkeypatch):
    from parkplanner.ui.heap_arenas import limit_heap_arenas

    monkeypatch.setenv("MALLOC_ARENA_MAX", "8")
    assert limit_heap_arenas() is False

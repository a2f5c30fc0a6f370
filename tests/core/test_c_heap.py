"""The C heap: the window keeps at most ``ARENAS`` arenas however many threads allocate at once,
and a helper gives back what it freed."""
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
    from parkplanner.core.c_heap import ARENAS

    assert _arenas("default") > ARENAS  # what the limit is for: one arena per allocating thread
    assert 1 <= _arenas("limited") <= ARENAS


def test_a_planners_own_setting_is_kept(monkeypatch):
    from parkplanner.core.c_heap import limit_heap_arenas

    monkeypatch.setenv("MALLOC_ARENA_MAX", "8")
    assert limit_heap_arenas() is False


# 200 MB in 1 KB blocks (malloc's, not Python's small-object allocator), one in 64 kept: freed,
# their pages lie between live blocks, where glibc keeps them until trimmed.
_FREED_BETWEEN_LIVE = """
import sys
from parkplanner.core.c_heap import give_back_free_heap

def rss_mb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS"))

blocks = [bytearray(1024) for _ in range(200_000)]
kept = blocks[::64]
del blocks
before = rss_mb()
trimmed = give_back_free_heap()
print(trimmed, before, rss_mb())
"""


def test_a_helper_gives_back_the_heap_it_freed():
    done = subprocess.run([sys.executable, "-c", _FREED_BETWEEN_LIVE], capture_output=True, text=True,
                          timeout=60, check=True)
    trimmed, before, after = done.stdout.split()
    assert trimmed == "True"
    assert int(before) - int(after) > 100  # MB: most of the 200 MB freed between live blocks

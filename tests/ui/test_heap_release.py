"""Memory a worker's job freed leaves the process's resident set (glibc keeps it otherwise)."""
from __future__ import annotations

import resource
import threading
import time

import pytest

from parkplanner.ui import heap_release
from parkplanner.ui.tasks import run_on_worker

pytestmark = pytest.mark.skipif(heap_release._trim is None, reason="the C library has no malloc_trim (not glibc)")

MB = 1024 * 1024
#: 160 MB in blocks too big for Python's own small-object allocator (they come from malloc).
BLOCKS, BLOCK = 160 * 1024, 1024
#: One block in 64 stays alive: the freed rest lies between live blocks, where glibc never
#: returns it by itself (it gives back only the top of a heap).
KEEP_EVERY = 64


def _rss() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize()


def _fragmenting_job(kept: list, done: threading.Event):
    def job() -> None:
        blocks = [bytes(BLOCK) for _ in range(BLOCKS)]
        kept.extend(blocks[::KEEP_EVERY])  # 2.5 MB stays; 157.5 MB is freed below
        del blocks
        time.sleep(heap_release.LONG_JOB_S)  # a long job, as those that drop whole scenarios' figures are
        done.set()
    return job


def _settled_rss(baseline: int, limit_s: float = 5.0) -> int:
    """The RSS once it stops falling (the release runs after the job returns)."""
    deadline = time.monotonic() + limit_s
    last = _rss()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = _rss()
        if now - baseline < 40 * MB or abs(now - last) < MB:
            return now
        last = now
    return _rss()


def test_a_workers_freed_memory_leaves_the_resident_set():
    run_on_worker(lambda: None)  # the worker thread and its arena exist before the baseline
    time.sleep(0.2)
    baseline = _rss()
    kept: list = []
    done = threading.Event()
    run_on_worker(_fragmenting_job(kept, done))
    assert done.wait(30)
    grown = _settled_rss(baseline) - baseline
    # Without the release the freed 157 MB stays resident (checked: ~160 MB); with it what
    # stays is the 2.5 MB kept and the arena's pages around them.
    assert len(kept) == BLOCKS // KEEP_EVERY
    assert grown < 40 * MB, f"{grown / MB:.0f} MB still resident after the job"


def test_only_long_jobs_release():
    assert heap_release.release_freed_memory() is True
    assert heap_release.after_job(heap_release.LONG_JOB_S) is True
    assert heap_release.after_job(heap_release.LONG_JOB_S / 10) is False

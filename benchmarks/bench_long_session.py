"""Long editing sessions: 10,000 random edits, undos and redos through the History.

Run directly for the memory figures::

    python benchmarks/bench_long_session.py [--edits 10000] [--zones 2000]

It prints, every 1,000 steps, the process RSS and the Python heap (tracemalloc) with the steps
the undo stack holds, then the heap once the history is cleared: what the stack holds is the
only growth allowed, and clearing it must bring the heap back to where the session started.
Through run.py (``--only long_session``) it reports the time of one random step.
"""
from __future__ import annotations

import argparse
import gc
import importlib.util
import resource
import sys
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
if str(HERE.parent) not in sys.path:
    sys.path.insert(1, str(HERE.parent))

from _harness import benchmark  # noqa: E402


def _session_class():
    """The random session the long-session test uses (one generator of edits for both)."""
    path = HERE.parent / "tests" / "core" / "session_edits.py"
    spec = importlib.util.spec_from_file_location("session_edits", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("session_edits", module)
    spec.loader.exec_module(module)
    return module.RandomSession


def _rss_mb() -> float:
    """Current resident set size (Linux /proc), else the peak the OS reports."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * resource.getpagesize() / 1e6
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 1e6 if sys.platform == "darwin" else peak / 1e3


@benchmark("long_session", sizes=(2_000,), description="one random edit/undo/redo step of a long session")
def long_session(ctx):
    from parkplanner.core.editing import History

    project = ctx.project()
    session = _session_class()(History(project), seed=1)
    samples = []
    for _ in range(2_000):
        start = time.perf_counter()
        session.step()
        samples.append((time.perf_counter() - start) * 1000.0)
    return samples


def measure(edits: int, zones: int, limit: int | None = None, every: int = 1_000) -> None:
    from parkplanner.core.editing import History
    from parkplanner.core.synthetic import synthetic_project

    project = synthetic_project(zones, seed=0)
    history = History(project, limit=limit)
    session = _session_class()(history, seed=1)
    gc.collect()
    tracemalloc.start()
    base_heap = tracemalloc.get_traced_memory()[0]
    base_rss = _rss_mb()
    print(f"{'steps':>7} {'RSS MB':>8} {'heap MB':>8} {'heap/step KB':>13} {'undo steps':>11}")
    print(f"{0:>7} {base_rss:>8.1f} {0:>8.2f} {'':>13} {0:>11}")
    started = time.perf_counter()
    for done in range(every, edits + 1, every):
        session.run(every)
        gc.collect()
        heap = (tracemalloc.get_traced_memory()[0] - base_heap) / 1e6
        held = max(history.index, 1)
        print(f"{done:>7} {_rss_mb():>8.1f} {heap:>8.2f} {heap * 1e3 / held:>13.2f} {len(history.labels):>11}")
    seconds = time.perf_counter() - started
    history.clear()
    session.steps.clear()
    gc.collect()
    after = (tracemalloc.get_traced_memory()[0] - base_heap) / 1e6
    tracemalloc.stop()
    print(f"history cleared: heap {after:+.2f} MB against the start; RSS {_rss_mb():.1f} MB "
          f"({edits:,} steps in {seconds:.1f} s, {seconds / edits * 1e3:.2f} ms per step with tracemalloc on)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=10_000)
    parser.add_argument("--zones", type=int, default=2_000)
    parser.add_argument("--limit", type=int, default=None,
                        help="undo limit of the history (the GUI uses parkplanner.ui.main_window.UNDO_LIMIT)")
    args = parser.parse_args()
    measure(args.edits, args.zones, args.limit)


if __name__ == "__main__":
    main()

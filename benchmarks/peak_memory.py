"""Peak memory of the window with a big project open and every scenario visited.

    python benchmarks/peak_memory.py                   # 100,000 synthetic zones, 3 scenarios
    python benchmarks/peak_memory.py --zones 20000 --scenarios 3

Saves a synthetic project, then in this process: opens it in the main window (planning, editor and
scenario docks installed, 1600x1000, offscreen), waits for the map, switches to each scenario in
turn (each drawn and its metrics computed), opens the comparison of the first two, and prints the
process's peak resident set size (``ru_maxrss``) with the RSS before the window was built. Building
the synthetic project and saving it happen in a child process, so they do not count.

The validation dock checks a big project in a helper process of its own
(``core/geometry/topology_process.py``), and the map's first-visit patches are drawn in another
(``ui/canvas/patch_process.py``): their peaks (``VmHWM``) are printed too, and the sum of the
three, which is what the planner's machine holds at most.

The peak includes what the background work those steps start (first visits' engines, deferred
dock recomputes, the comparison's worker copy) holds while it overlaps the next step, and the
C heap's free pages that the process has not returned to the system: with the window's two
arenas (``core/c_heap.py``) ~20 MB of the resident set at the end, measured with
``malloc_trim`` (~100 MB with glibc's default of one arena per thread). On stderr: the RSS and
the peak so far after each step, to see which step the memory grows in. Runs vary by about
+-100 MB with what overlaps.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
if str(HERE.parent) not in sys.path:
    sys.path.insert(1, str(HERE.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def _peak_mb_of(pid: int | None) -> float | None:
    """A process's peak resident set (its VmHWM), if it runs."""
    if pid is None:
        return None
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return None


def _step(name: str) -> None:
    """Where the memory goes: RSS and peak after each step, on stderr."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"  after {name}: RSS {_rss_mb():,.0f} MB, peak {peak:,.0f} MB", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--zones", type=int, default=100_000)
    parser.add_argument("--scenarios", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="parkplanner-memory-") as tmp:
        path = Path(tmp) / "big.gpkg"
        subprocess.run([sys.executable, "-c", (
            "import sys; sys.path.insert(0, sys.argv[1]);"
            "from parkplanner.core.synthetic import synthetic_project;"
            "from parkplanner.core.io.project_file import save_project;"
            f"save_project(synthetic_project({args.zones}, seed=0, scenarios={args.scenarios}), sys.argv[2])"),
            str(HERE.parent), str(path)], check=True)
        from bench_session import _pump, _window

        from parkplanner.core.editing.project_commands import switch_scenario

        before = _rss_mb()
        window, editor, scenarios = _window()
        if not window.open_path(path):
            raise SystemExit("the project did not open")
        canvas = window.canvas
        _pump(100, lambda: not canvas.rendering)
        _step("open")
        project = window.project
        for scenario in list(project.scenarios)[1:] + [project.scenarios[0]]:
            window.history.push(switch_scenario(project, scenario.id))
            _pump(300, lambda: not canvas.rendering)
            _step(f"switch to {scenario.id}")
        view = scenarios.show_compare(project.scenarios[0].id, project.scenarios[1].id)
        view.recompute()
        _pump(300)
        _step("comparison")
        validation = editor.validation  # its check after the last switch, in the helper process
        _pump(50, lambda: not (validation.busy or validation.stale))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        print(f"peak RSS {peak:,.0f} MB with {len(project.active_scenario.zones):,} zones and "
              f"{len(project.scenarios)} scenarios open (RSS before the window: {before:,.0f} MB)")
        from parkplanner.core.geometry.topology_process import shared_helper
        from parkplanner.ui.canvas.patch_process import shared_patch_helper

        total = peak
        for name, pid in (("validation", shared_helper().pid), ("map patch", shared_patch_helper().pid)):
            helper = _peak_mb_of(pid)
            if helper is not None:
                total += helper
                print(f"{name} helper process: peak RSS {helper:,.0f} MB")
        print(f"the window and its helpers together at most {total:,.0f} MB")
        window.hide()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Responsiveness while long work runs off the GUI thread: ``gui_gap_during_appendix``.

The Excel appendix is written through ``parkplanner.ui.tasks.run_task`` (the worker thread and
progress dialog the File menu uses) while a 10 ms timer ticks on the GUI thread. The samples are
the gaps between consecutive ticks: their median is what the planner feels while the export runs
(the worker holds the GIL between its own pauses), the p95 and the longest gap bound a stutter.
The export time and the number of ticks are printed on stderr.
"""
from __future__ import annotations

import sys
import time

from _harness import benchmark


@benchmark("gui_gap_during_appendix", sizes=(2_000, 20_000))
def gui_gap_during_appendix(ctx):
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QMainWindow

    from parkplanner.core.report.workbook import build_appendix
    from parkplanner.ui.app import create_application
    from parkplanner.ui.tasks import detached_copy, run_task

    create_application()
    window = QMainWindow()
    window.show()
    project = detached_copy(ctx.project())
    target = ctx.tmp_dir / "appendix.xlsx"
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()
    start = time.perf_counter()
    timer.start(10)
    handle = run_task(window, "Excel appendix", lambda task: build_appendix(
        project, target, progress=task.report, cancel=task.cancel_event))
    handle.finished.connect(loop.quit)
    loop.exec()
    timer.stop()
    elapsed = time.perf_counter() - start
    if handle.error is not None:
        raise handle.error
    gaps = [(b - a) * 1000.0 for a, b in zip(ticks, ticks[1:])]
    print(f"gui_gap_during_appendix: {ctx.zones} zones, export {elapsed:.1f} s, {len(ticks)} ticks, "
          f"longest gap {max(gaps, default=0):.0f} ms", file=sys.stderr)
    window.close()
    return gaps

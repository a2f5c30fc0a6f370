"""Long work on a worker thread: the event loop keeps turning, progress arrives, cancel stops it."""
from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow, QPushButton

from parkplanner.core.editing.zone_commands import delete_zones
from parkplanner.core.editing import History
from parkplanner.core.report.workbook import build_appendix
from parkplanner.core.synthetic import synthetic_project
from parkplanner.ui.app import create_application
from parkplanner.ui.tasks import detached_copy, run_on_worker, run_task, workers_busy


@pytest.fixture(scope="module")
def big_project():
    return synthetic_project(5000, seed=11)


@pytest.fixture
def window(qtbot):
    create_application()
    win = QMainWindow()
    qtbot.addWidget(win)
    win.show()
    return win


def test_event_loop_turns_while_the_appendix_is_written(qtbot, window, big_project, tmp_path):
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    progress = []
    target = tmp_path / "appendix.xlsx"
    handle = run_task(window, "Excel appendix",
                      lambda ctx: build_appendix(big_project, target, progress=ctx.report, cancel=ctx.cancel_event))
    handle.progressed.connect(lambda f, m: progress.append(f))
    with qtbot.waitSignal(handle.finished, timeout=240_000):
        pass
    timer.stop()
    assert handle.error is None and handle.result == target
    assert target.stat().st_size > 100_000
    # A blocked GUI thread would tick at most once or twice after the work ended.
    assert len(ticks) >= 10
    assert progress and progress == sorted(progress) and progress[-1] == 1.0


def test_cancel_stops_the_appendix_and_leaves_no_file(qtbot, window, big_project, tmp_path):
    target = tmp_path / "appendix.xlsx"
    outcome = []
    handle = run_task(window, "Excel appendix",
                      lambda ctx: build_appendix(big_project, target, progress=ctx.report, cancel=ctx.cancel_event),
                      on_done=lambda r: outcome.append("done"), on_cancel=lambda: outcome.append("cancelled"))
    # Cancel once the work is under way, the way the dialog's button does.
    handle.progressed.connect(lambda f, m: handle.dialog.findChild(QPushButton).click())
    with qtbot.waitSignal(handle.finished, timeout=240_000):
        pass
    assert outcome == ["cancelled"] and handle.was_cancelled
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary left behind


def test_failure_is_delivered_on_the_gui_thread(qtbot, window):
    seen = []

    def work(ctx):
        raise ValueError("no zones")

    handle = run_task(window, "Export", work, on_error=lambda exc: seen.append(
        (str(exc), threading.current_thread() is threading.main_thread())))
    with qtbot.waitSignal(handle.finished, timeout=10_000):
        pass
    assert seen == [("no zones", True)]


def test_error_box_of_a_failed_task_is_not_covered_by_its_progress_window(qtbot, window):
    """The error box runs its own event loop; the progress dialog's delayed show must not fire in it."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

    from parkplanner.ui.dialogs.errors import show_error
    from parkplanner.ui.tasks import DIALOG_DELAY_MS

    def work(ctx):
        raise ValueError("row 3, column 'YDDM': unknown land-use code")

    seen = {}

    def inspect_then_press_ok():
        box = QApplication.activeModalWidget()
        progress = [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
        seen["box"] = isinstance(box, QMessageBox) and box.text().startswith("row 3")
        seen["progress"] = len(progress)
        if isinstance(box, QMessageBox):  # the planner's click on OK reaches the box
            qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    def on_error(exc):
        # Look well after the progress dialog's delayed show would have fired.
        QTimer.singleShot(DIALOG_DELAY_MS + 300, inspect_then_press_ok)
        show_error(window, "Cannot import zones", str(exc))

    handle = run_task(window, "Importing zones", work, on_error=on_error)
    with qtbot.waitSignal(handle.finished, timeout=10_000):
        pass
    assert seen == {"box": True, "progress": 0}
    qtbot.wait(DIALOG_DELAY_MS + 100)
    assert not [d for d in window.findChildren(QProgressDialog) if d.isVisible()]


def test_task_cancelled_by_check(qtbot, window):
    started = threading.Event()

    def work(ctx):
        started.set()
        while True:
            ctx.check()

    handle = run_task(window, "Loop", work, dialog=False)
    assert started.wait(10)
    handle.cancel()
    with qtbot.waitSignal(handle.cancelled, timeout=10_000):
        pass
    assert handle.result is None and handle.error is None


def test_detached_copy_does_not_follow_edits():
    project = synthetic_project(30, seed=2)
    copy = detached_copy(project)
    history = History(project)
    first = next(iter(project.active_scenario.zones))
    history.push(delete_zones(project, [first]))
    assert first not in project.active_scenario.zones
    assert first in copy.active_scenario.zones
    assert copy.snapshot() != project.snapshot()
    history.undo()
    assert copy.snapshot() == project.snapshot()


def test_a_copy_of_one_scenario_holds_it_alone_as_its_active_one_and_does_not_follow_edits():
    project = synthetic_project(30, seed=2, scenarios=2)
    other = project.scenarios[1]
    assert project.active_scenario_id != other.id
    copy = detached_copy(project, other.id)
    assert [s.id for s in copy.scenarios] == [other.id] and copy.active_scenario_id == other.id
    assert copy.active_scenario.zones == other.zones and copy.active_scenario.zones is not other.zones
    first = next(iter(other.zones))
    del other.zones[first]
    assert first in copy.active_scenario.zones
    assert [s.id for s in project.scenarios][1] == other.id  # the original keeps every scenario



def test_worker_threads_are_reused_and_a_busy_one_never_holds_up_the_next_task(qtbot):
    create_application()
    release = threading.Event()
    blocked = run_task(None, "held", lambda ctx: (release.wait(10), threading.current_thread())[1], dialog=False)
    quick = run_task(None, "quick", lambda ctx: threading.current_thread(), dialog=False)
    qtbot.waitUntil(lambda: not quick.running, timeout=5_000)  # not queued behind the held one
    assert blocked.running and quick.result not in (threading.main_thread(), None)
    release.set()
    qtbot.waitUntil(lambda: not blocked.running, timeout=5_000)
    assert blocked.result is not quick.result
    qtbot.wait(20)  # both are idle again
    threads = threading.active_count()
    for n in range(5):  # one after another: idle threads take them, none is started
        handle = run_task(None, f"again {n}", lambda ctx: threading.current_thread(), dialog=False)
        qtbot.waitUntil(lambda: not handle.running, timeout=5_000)
        assert handle.result is not threading.main_thread()
        qtbot.wait(5)
    assert threading.active_count() == threads


def test_workers_busy_counts_the_workers_running_a_job(qtbot):
    create_application()
    qtbot.waitUntil(lambda: workers_busy() == 0, timeout=10_000)  # what earlier tests started has ended
    running, release = threading.Barrier(3), threading.Event()

    def held() -> None:
        running.wait(10)
        release.wait(10)

    run_on_worker(held)
    run_on_worker(held)
    running.wait(10)  # both are running
    assert workers_busy() == 2
    release.set()
    qtbot.waitUntil(lambda: workers_busy() == 0, timeout=5_000)


def test_the_application_hands_the_interpreter_lock_over_within_a_millisecond():
    # Workers drawing or measuring hold the lock most of the time; every event the GUI thread takes
    # to Python waits for it up to one switch interval (Python's own default is 5 ms).
    import sys

    before = sys.getswitchinterval()
    try:
        sys.setswitchinterval(0.005)
        create_application()
        assert sys.getswitchinterval() <= 0.001
    finally:
        sys.setswitchinterval(before)


def test_workers_pause_at_their_checks_while_the_gui_thread_handles_an_event(qtbot):
    # PySide keeps the interpreter lock through every Qt call, so a worker running Python beside
    # a paint made the paint several times longer; workers now wait at their checks for the GUI
    # thread's turn to end (parkplanner.core.foreground): here a piece of work queued for a
    # later turn (turn_queue), one of the handlers that mark the turn.
    from PySide6.QtCore import QObject

    from parkplanner.ui.turn_queue import later

    steps: list[float] = []
    stop = threading.Event()

    def work(ctx):
        while not stop.is_set():
            ctx.check()
            steps.append(time.perf_counter())
            time.sleep(0)

    handle = run_task(None, "steps", work, dialog=False)
    qtbot.waitUntil(lambda: len(steps) > 100, timeout=5_000)
    turn: list[float] = []

    def long_turn():
        start = time.perf_counter()
        while time.perf_counter() - start < 0.03:  # Python all along: the worker could run between
            pass
        turn.extend((start, time.perf_counter()))

    owner = QObject()
    later(owner, long_turn)
    qtbot.waitUntil(lambda: bool(turn), timeout=5_000)
    qtbot.waitUntil(lambda: steps[-1] > turn[1], timeout=5_000)  # and it goes on after the turn
    stop.set()
    qtbot.waitUntil(lambda: not handle.running, timeout=5_000)
    during = [t for t in steps if turn[0] < t < turn[1]]
    assert len(during) <= 1, f"{len(during)} worker steps during a 30 ms turn of the GUI thread"

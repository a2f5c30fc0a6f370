"""Workers give way to the GUI thread's turns (parkplanner.core.foreground)."""
from __future__ import annotations

import threading
import time

import pytest

from parkplanner.core import foreground


@pytest.fixture
def gui_thread():
    """This (test) thread plays the GUI thread; the application's own is restored afterwards,
    no marks are left behind."""
    before = foreground._foreground
    foreground.set_foreground_thread(threading.get_ident())
    yield
    foreground.set_foreground_thread(before)


def _on_worker(job) -> threading.Thread:
    thread = threading.Thread(target=job)
    thread.start()
    return thread


def test_a_worker_waits_while_the_gui_thread_is_in_a_turn_and_goes_on_when_it_ends(gui_thread):
    passed = threading.Event()
    foreground.busy()
    worker = _on_worker(lambda: (foreground.give_way(), passed.set()))
    assert not passed.wait(0.02)  # the turn is young: the worker waits
    foreground.idle()
    assert passed.wait(1.0)  # the turn ended: it goes on at once
    worker.join()


def test_a_turn_longer_than_the_limit_does_not_hold_workers_any_more(gui_thread):
    # A GUI thread stuck in code that never returns to its event loop (or waiting for this very
    # worker without saying so) must not stop the workers for good.
    foreground.busy()
    took = []
    _on_worker(lambda: took.append(_timed(foreground.give_way))).join()
    assert foreground.MAX_YIELD_S * 0.5 <= took[0] <= foreground.MAX_YIELD_S + 0.5
    took.clear()
    _on_worker(lambda: took.append(_timed(foreground.give_way))).join()
    assert took[0] < 0.01  # the same turn, older than the limit: no second wait
    foreground.idle()


def test_the_gui_thread_itself_and_a_program_without_gui_never_wait(gui_thread):
    foreground.busy()
    assert _timed(foreground.give_way) < 0.01  # the GUI thread does not wait for itself
    foreground.set_foreground_thread(None)  # no GUI: the marks are reset
    _on_worker(lambda: None).join()
    took = []
    _on_worker(lambda: took.append(_timed(foreground.give_way))).join()
    assert took[0] < 0.01


def test_waiting_lets_workers_go_and_restores_the_turn(gui_thread):
    foreground.busy()
    with foreground.waiting():
        assert not foreground.is_busy()
        took = []
        _on_worker(lambda: took.append(_timed(foreground.give_way))).join()
        assert took[0] < 0.01
    assert foreground.is_busy()  # still inside the turn that waited
    foreground.idle()
    with foreground.waiting():
        pass
    assert not foreground.is_busy()  # a wait outside a turn does not start one


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def test_helpers_of_the_gui_thread_do_not_wait_for_its_turn(gui_thread):
    # side_by_side: the GUI thread, in a turn, waits for helper threads making parts of a metrics
    # engine; helpers giving way to that turn would make it wait MAX_YIELD_S for nothing.
    from parkplanner.core.geometry.chunked import side_by_side

    foreground.busy()
    took = side_by_side(lambda: _timed(foreground.give_way), lambda: _timed(foreground.give_way))
    assert max(took) < 0.01
    helper_of_worker = []
    # A worker's helpers give way as the worker does.
    foreground.busy()
    _on_worker(lambda: helper_of_worker.extend(side_by_side(lambda: _timed(foreground.give_way), lambda: 0.0))).join()
    assert helper_of_worker[0] >= foreground.MAX_YIELD_S * 0.5
    foreground.idle()


def test_quiet_counts_from_the_end_of_the_last_turn(gui_thread):
    foreground.busy()
    assert foreground.quiet_for() == 0.0  # in a turn
    time.sleep(0.03)
    foreground.idle()
    assert foreground.quiet_for() < 0.02  # the turn just ended, however long it lasted
    time.sleep(0.03)
    assert foreground.quiet_for() >= 0.03
    foreground.idle()  # idle again without a turn between: the pause goes on
    assert foreground.quiet_for() >= 0.03


def test_without_a_gui_thread_followed_the_pause_never_ends():
    before = foreground._foreground
    foreground.set_foreground_thread(None)
    try:
        foreground.busy()
        assert foreground.quiet_for() == float("inf")  # nobody whose pauses to wait for
    finally:
        foreground.idle()
        foreground.set_foreground_thread(before)


def test_a_queued_turn_holds_workers_anew_after_a_long_run_of_turns(gui_thread):
    # The turn queue goes from piece to piece without the event loop waiting: each piece is a
    # turn of its own, and workers wait for it although the GUI thread has been busy for long.
    foreground.busy()
    time.sleep(foreground.MAX_YIELD_S * 1.5)  # busy longer than workers wait for one turn
    passed = threading.Event()
    worker = _on_worker(lambda: (foreground.give_way(), passed.set()))
    assert passed.wait(1.0)  # an old turn holds nobody
    worker.join()
    foreground.turn_begins()  # the next piece
    passed.clear()
    worker = _on_worker(lambda: (foreground.give_way(), passed.set()))
    assert not passed.wait(0.02)
    foreground.idle()
    assert passed.wait(1.0)
    worker.join()

"""What the GUI thread lets go of is freed once it has been quiet, and never piles up."""
from __future__ import annotations

import gc
import time
import weakref

from parkplanner.ui import idle_release
from parkplanner.ui.idle_release import MAX_HELD, RELEASE_AFTER_MS, held_count, release_when_idle


class _Thing:
    pass


def _let_go(count: int) -> list[weakref.ref]:
    refs = []
    for _ in range(count):
        thing = _Thing()
        refs.append(weakref.ref(thing))
        release_when_idle(thing)
        del thing
    return refs


def test_a_thing_let_go_of_lives_until_the_gui_thread_has_been_quiet(qtbot):
    start = time.perf_counter()  # the quiet is counted from the hand-over on
    refs = _let_go(2)
    gc.collect()
    assert all(ref() is not None for ref in refs)  # held: not freed in the turn that let go of it
    qtbot.waitUntil(lambda: held_count() == 0, timeout=5 * RELEASE_AFTER_MS + 2000)
    assert (time.perf_counter() - start) * 1000.0 >= RELEASE_AFTER_MS * 0.9
    assert all(ref() is None for ref in refs)


def test_beyond_the_limit_the_oldest_is_freed_at_once(qtbot):
    refs = _let_go(MAX_HELD + 3)
    assert [ref() is None for ref in refs] == [True] * 3 + [False] * MAX_HELD
    assert held_count() == MAX_HELD
    idle_release._release.held.clear()  # leave nothing to the next test


def test_a_thing_let_go_of_on_another_thread_is_not_held(qtbot):
    import threading

    if idle_release._release is not None:
        idle_release._release.held.clear()
    refs: list[weakref.ref] = []
    worker = threading.Thread(target=lambda: refs.extend(_let_go(1)))
    worker.start()
    worker.join()
    gc.collect()
    assert held_count() == 0 and refs[0]() is None  # no timer of this thread's to free it later

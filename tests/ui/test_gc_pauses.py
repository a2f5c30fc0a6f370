"""Opening pauses the cycle collector until the project is shown, then freezes without a full collection."""
from __future__ import annotations

import gc
import weakref

import pytest

from parkplanner.ui import gc_pauses

from testkit import saved_synthetic_project
from uikit import editor_window


class _Node:
    """A cycle's member that a weak reference can watch."""


@pytest.fixture
def window(qtbot):
    win = editor_window(qtbot)
    yield win
    gc.enable()  # whatever a failing test left
    gc.unfreeze()


def _cycle() -> weakref.ref:
    node = _Node()
    node.me = node  # freed only by the cycle collector
    return weakref.ref(node)


def test_an_open_runs_no_collection_and_freezes_what_it_shows(window, qtbot, tmp_path):
    import parkplanner.ui.background_open  # noqa: F401 - its first import is not part of the open

    path = saved_synthetic_project(tmp_path, 200, seed=3)
    collections = []

    def count(phase, info):
        if phase == "start":
            collections.append(info["generation"])
    gc.collect()
    gc.callbacks.append(count)
    try:
        garbage = _cycle()  # made before the open: frozen with what the open shows
        assert window.open_path(path)
        qtbot.wait(50)  # the turns of the event loop after the open
    finally:
        gc.callbacks.remove(count)
    # No collection walked the heap (a full one is 0.1 s of the GUI thread at 20,000 zones).
    assert 2 not in collections and gc.isenabled() and not gc_pauses.collections_paused()
    assert gc.get_freeze_count() > 0  # the shown project is exempt from later collections
    zone = next(iter(window.project.active_scenario.zones.values()))
    assert not any(o is zone for o in gc.get_objects())
    assert garbage() is not None  # frozen, not collected...
    gc_pauses.release_shown()
    gc.collect()
    assert garbage() is None  # ...and back with the collector when the next project is shown


def test_a_failed_open_resumes_collections_without_freezing(window, qtbot, tmp_path, monkeypatch):
    from parkplanner.ui import main_window as main_window_module

    monkeypatch.setattr(main_window_module, "show_error", lambda *args: None)  # no dialog in the test
    bad = tmp_path / "not_a_project.gpkg"
    bad.write_text("hello", encoding="utf-8")
    gc.unfreeze()
    assert not window.open_path(bad)
    assert gc.isenabled() and not gc_pauses.collections_paused() and gc.get_freeze_count() == 0
    window.open_guard = lambda path: "cancel"  # read, then not shown: the same
    assert not window.open_path(saved_synthetic_project(tmp_path, 50, seed=1))
    assert gc.isenabled() and not gc_pauses.collections_paused() and gc.get_freeze_count() == 0


def test_what_is_built_after_the_open_brings_full_collections_ten_times_less_often(window, tmp_path):
    """Objects made while the project is shown (another scenario's engine, a comparison's copies)
    are not frozen; with Python's default thresholds they brought a full collection after every
    ~70,000 survivors, here after ~700,000. Young collections run as before."""
    assert window.open_path(saved_synthetic_project(tmp_path, 50, seed=2))
    collections = []

    def count(phase, info):
        if phase == "start":
            collections.append(info["generation"])
    gc.callbacks.append(count)
    try:
        kept = [[n] for n in range(300_000)]  # survivors, as an engine's records are
    finally:
        gc.callbacks.remove(count)
    assert len(kept) == 300_000
    assert collections.count(0) > 100  # the young generation is collected as often as ever...
    assert collections.count(2) == 0  # ...the whole heap not once (3 times with the defaults)


def test_what_a_paused_block_makes_while_a_project_is_shown_is_frozen_with_it(window, tmp_path):
    """A layer or engine built in a burst (``collector_paused``) joins the shown project's frozen
    objects instead of being walked by the next young collections; closing the project ends it."""
    from parkplanner.core.collector import collector_paused

    window.open_path(saved_synthetic_project(tmp_path, 60, seed=2))
    frozen = gc.get_freeze_count()
    with collector_paused():
        made = [[n] for n in range(5000)]  # 5,000 tracked lists
    assert gc.get_freeze_count() >= frozen + len(made)
    assert gc.get_count()[0] < 100  # nothing young left to walk
    frozen = gc.get_freeze_count()
    gc.disable()  # paused already (an open, a block on another thread): its pauser freezes
    with collector_paused():
        inner = [[n] for n in range(5000)]
    assert gc.get_freeze_count() == frozen and inner
    gc.enable()
    gc_pauses.release_shown()  # another project replaces this one
    assert gc.get_freeze_count() == 0
    with collector_paused():
        more = [[n] for n in range(5000)]
    assert gc.get_freeze_count() == 0 and more  # no project shown: nothing frozen

"""Opening pauses the cycle collector until the project is shown, then collects once and freezes."""
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


def test_an_open_collects_once_after_showing_then_freezes_and_collects_again(window, qtbot, tmp_path):
    import parkplanner.ui.background_open  # noqa: F401 - its first import is not part of the open

    path = saved_synthetic_project(tmp_path, 200, seed=3)
    collections = []

    def count(phase, info):
        if phase == "start":
            collections.append(info["generation"])
    gc.collect()
    gc.callbacks.append(count)
    try:
        garbage = _cycle()  # made before the open: the open's one collection frees it
        assert window.open_path(path)
        during = list(collections)
        assert during == [] and not gc.isenabled() and gc_pauses.collections_paused()  # shown, not yet collected
        qtbot.waitUntil(lambda: not gc_pauses.collections_paused(), timeout=5000)
    finally:
        gc.callbacks.remove(count)
    assert collections == [2] and gc.isenabled()
    assert garbage() is None
    assert gc.get_freeze_count() > 0  # the shown project is exempt from later collections
    zone = next(iter(window.project.active_scenario.zones.values()))
    assert not any(o is zone for o in gc.get_objects())


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

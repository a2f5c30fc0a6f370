"""A shown project's objects are out of the cycle collector's way (no full collection walks them)."""
from __future__ import annotations

import gc

import pytest

from parkplanner.core.synthetic import synthetic_project
from parkplanner.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot):
    gc.unfreeze()
    widget = MainWindow()
    qtbot.addWidget(widget)
    yield widget
    gc.unfreeze()  # other tests start with everything collectable


def _tracked(obj) -> bool:
    """Whether a collection would walk ``obj`` (frozen objects are in no generation)."""
    return any(o is obj for o in gc.get_objects())


def test_shown_zones_are_out_of_the_collectors_way(window):
    first = synthetic_project(50, seed=1)
    zone = next(iter(first.active_scenario.zones.values()))
    assert _tracked(zone)
    window.set_document(first, None)
    assert not _tracked(zone)
    other = synthetic_project(20, seed=2)
    made_since = next(iter(other.active_scenario.zones.values()))
    assert _tracked(made_since)  # objects made after the freeze are collected as usual

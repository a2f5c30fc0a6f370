"""Showing a new document over several turns of the event loop (ui/turn_queue.py): pieces run in
order, one per turn, never for a deleted owner; a window's panels follow a new document without
showing the old one's numbers, and the old panels go."""
from __future__ import annotations

import time

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from parkplanner.core.model.project import Project
from parkplanner.ui.turn_queue import held, later, retire
from tests.ui.scenario_fixtures import two_scenario_project
from uikit import editor_window


def test_pieces_run_in_order_one_per_turn(qtbot):
    owner = QObject()
    ran = []
    for n in range(4):
        later(owner, lambda n=n: ran.append(n))
    assert ran == []  # nothing in the turn that queued them
    QApplication.processEvents()
    assert len(ran) <= 1  # one turn of the event loop: at most one piece
    qtbot.waitUntil(lambda: len(ran) == 4, timeout=2_000)
    assert ran == [0, 1, 2, 3]


def test_a_first_piece_does_not_share_the_pass_of_timers_due_with_it(qtbot):
    # A change's listeners start zero-delay timers elsewhere (the map's flush) and queue a piece:
    # the event loop fires every timer due in one pass, which would be one long turn.
    owner = QObject()
    ran = []
    QTimer.singleShot(0, lambda: ran.append("other"))
    later(owner, lambda: ran.append("piece"))
    time.sleep(0.005)  # both timers are due
    QApplication.processEvents()
    assert ran == ["other"]
    qtbot.waitUntil(lambda: ran == ["other", "piece"], timeout=2_000)


def test_pieces_wait_while_held_then_run(qtbot):
    owner = QObject()
    ran = []
    later(owner, lambda: ran.append("before"))
    with held():  # as while a project is read: the event loop turns, the pieces wait
        later(owner, lambda: ran.append("during"))
        qtbot.wait(50)
        assert ran == []
    qtbot.waitUntil(lambda: ran == ["before", "during"], timeout=2_000)


def test_a_piece_of_a_deleted_owner_is_skipped(qtbot):
    gone, kept = QObject(), QObject()
    ran = []
    later(gone, lambda: ran.append("gone"))
    later(kept, lambda: ran.append("kept"))
    shiboken6.delete(gone)
    qtbot.waitUntil(lambda: ran == ["kept"], timeout=2_000)
    qtbot.wait(20)
    assert ran == ["kept"]


def test_a_retired_widget_is_hidden_at_once_and_deleted_later(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    child = QWidget(parent)
    parent.show()
    assert child.isVisible()
    retire(child)
    assert not child.isVisible() and shiboken6.isValid(child)
    qtbot.waitUntil(lambda: not shiboken6.isValid(child), timeout=2_000)


def test_panels_follow_a_new_document_made_in_later_turns_or_when_asked(qtbot):
    from parkplanner.ui.scenario_panels import install_scenario_panels

    window = editor_window(qtbot, 1600, 1000)
    window.show()
    planning = window.install_panels()
    scenarios = install_scenario_panels(window)
    window.set_document(two_scenario_project(), None)
    qtbot.waitUntil(lambda: "inspector" in planning._views and "scenarios" in scenarios._views, timeout=5_000)
    old_inspector, old_panel = planning.inspector, scenarios.scenarios
    assert old_panel.project is window.project
    window.set_document(Project(), None)
    # Asked for at once, a panel is the new document's, docked, and the old one off screen.
    assert planning.inspector is not old_inspector and planning.inspector.project is window.project
    assert not old_inspector.isVisible() and planning.inspector_dock.widget() is planning.inspector
    # Left to the event loop, the scenario panel is made in a later turn (the old one stays docked,
    # not blank, until then) and the old panels are deleted.
    qtbot.waitUntil(lambda: scenarios.scenarios_dock.widget() is scenarios._views.get("scenarios"), timeout=5_000)
    assert scenarios.scenarios.project is window.project
    qtbot.waitUntil(lambda: not shiboken6.isValid(old_inspector) and not shiboken6.isValid(old_panel), timeout=5_000)

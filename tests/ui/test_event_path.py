"""One event path: the UI follows a history only through ``qt_history_of(history)``, and Qt drops
a connection with its receiver. Opening and closing every dock, every dialog that follows the
history, the workshop and its mirror 50 times, then editing, calls no closed widget, leaves the
number of listeners where one round left it, and gives the memory back."""
from __future__ import annotations

import gc
import time
from collections import Counter

import pytest
from PySide6.QtCore import SIGNAL, QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QDockWidget

from parkplanner.core.editing import History
from parkplanner.core.editing.zone_commands import set_zone_attributes
from parkplanner.ui.dialogs.project_settings import ProjectSettingsDialog
from parkplanner.ui.dialogs.sector_editor import SectorEditorDialog
from parkplanner.ui.editor_panels import install_editor_panels
from parkplanner.ui.main_window import MainWindow
from parkplanner.ui.qt_history import qt_history_of
from parkplanner.ui.scenario_panels import install_scenario_panels
from parkplanner.ui.scenarios.calibration_dialog import CalibrationDialog
from parkplanner.ui.tasks import workers_idle
from parkplanner.ui.turn_queue import pending as turns_pending
from parkplanner.ui.workshop.mirror_window import MirrorWindow
from parkplanner.ui.workshop.workshop_window import WorkshopWindow
from tests.ui.scenario_fixtures import two_scenario_project

ROUNDS = 50
#: Closed windows of these kinds must be gone once Qt has run its deferred deletions.
CLOSED_KINDS = (WorkshopWindow, MirrorWindow, ProjectSettingsDialog, SectorEditorDialog, CalibrationDialog)


def listeners(history: History) -> int:
    """Qt connections to the history's ``changed`` signal, plus the core signal's own slots."""
    bridge = qt_history_of(history)
    return bridge.receivers(SIGNAL("changed(PyObject)")) + len(history.changed._slots)


def settle() -> None:
    """What the event loop does between a click and the next one: deferred deletions included,
    the pieces a new document's showing left for later turns (the old panels' deletion among
    them), and the render jobs the round started finished and swapped in (a picture still being
    drawn holds its label and group records, which would count as kept)."""
    deadline = time.monotonic() + 10
    quiet_turns = 0
    while quiet_turns < 3 and time.monotonic() < deadline:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()
        # Three turns after the workers went idle: a finished job's result arrives as a queued
        # signal, and swapping it in may post deletions of the picture it replaces.
        quiet_turns = quiet_turns + 1 if workers_idle() and not turns_pending() else 0
        if not quiet_turns:
            time.sleep(0.005)


def own_objects() -> Counter:
    """Live objects of the project's own classes, by class."""
    gc.collect()
    return Counter(type(o).__qualname__ for o in gc.get_objects()
                   if str(getattr(type(o), "__module__", "")).startswith(("parkplanner", "tests")))


def alive(kinds) -> list:
    return [w for w in QApplication.allWidgets() if isinstance(w, kinds)]


@pytest.fixture
def window(qtbot):
    window = MainWindow()
    window.ask_unsaved = lambda: "discard"
    qtbot.addWidget(window)
    window.install_panels()
    install_editor_panels(window)
    panels = install_scenario_panels(window)
    window.set_document(two_scenario_project(), None)
    window.show()
    yield window, panels
    panels.workshop_mode().leave()


def one_round(window, panels) -> None:
    for dock in window.findChildren(QDockWidget):
        dock.close()
        dock.show()
    mode = panels.workshop_mode()
    mode.enter()
    panels.toggle_mirror()
    panels.toggle_mirror()
    mode.leave()
    window.planning.open_settings().close()
    window.planning.open_sectors().close()
    panels.open_calibration().close()
    settle()


@pytest.mark.no_qt_log  # pytest-qt would keep every Qt warning of the 50 rounds, which is not ours
def test_closing_fifty_times_leaves_no_stale_listener_and_no_memory(window, qtbot):
    window, panels = window
    history = window.history
    # Two rounds before counting: the workshop shows a copy of a scenario and its reference, so the
    # metrics bridge's kept engines hold their current and previous results from the second on.
    one_round(window, panels)
    one_round(window, panels)
    assert not alive(CLOSED_KINDS)
    after_one = listeners(history)
    ours, everything = own_objects(), len(gc.get_objects())
    for _ in range(ROUNDS - 2):
        one_round(window, panels)
    assert not alive(CLOSED_KINDS), "closed windows still exist"
    assert listeners(history) == after_one, "a closed widget still listens to the history"
    # No object of ours piles up (a panel, a bridge, an engine, a selection kept per round would
    # add 48); view state may differ by one between two quiet moments: the canvas's viewport, or
    # one more picture kept for a scenario (its group and label records, 6 and 8 here, held
    # until the next switch)...
    piled = {name: n for name, n in (own_objects() - ours).items() if n >= (ROUNDS - 2) // 2}
    assert not piled, piled
    # ...and all in all the rounds keep almost nothing: PySide keeps a record of about ten of
    # its connections per round (11 measured); a dialog kept alive would keep thousands of objects.
    grown = len(gc.get_objects()) - everything
    assert grown < 20 * ROUNDS, f"{grown} Python objects not given back after {ROUNDS} rounds"

    # An edit now reaches the live panels (the compare table shows the new FAR) and nothing closed.
    zone_id = next(iter(window.project.active_scenario.zones))
    with qtbot.captureExceptions() as exceptions:
        history.push(set_zone_attributes(window.project, [zone_id], {"far": 3.3}))
        settle()
        history.undo()
        settle()
    assert not exceptions


def test_a_new_document_silences_every_listener_of_the_old_one(window, qtbot):
    window, panels = window
    old = window.history
    panels.workshop_mode().enter()
    window.planning.open_settings()
    settle()
    assert listeners(old) > 2
    window.set_document(two_scenario_project(), None)
    settle()
    assert old.changed._slots == [] and old.state_changed._slots == []
    zone_id = next(iter(old.project.active_scenario.zones))
    with qtbot.captureExceptions() as exceptions:
        old.push(set_zone_attributes(old.project, [zone_id], {"far": 3.3}))  # nobody may hear it
        settle()
    assert not exceptions
    assert qt_history_of(window.history) is window.bridge


def test_a_history_has_one_bridge():
    history = History(two_scenario_project())
    bridge = qt_history_of(history)
    assert qt_history_of(history) is bridge
    received = []
    bridge.changed.connect(received.append)
    history.push(set_zone_attributes(history.project, [1], {"far": 2.0}))
    assert len(received) == 1  # one delivery per change, however many panels asked for the bridge

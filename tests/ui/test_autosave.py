"""Autosave in the window: written while modified (never over the project), removed on save and on
a clean close, offered at the next start after a crash, and named by the exception hook."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog

from shapely.geometry import box

from parkplanner.core.editing.zone_commands import add_zones, set_zone_attributes
from parkplanner.core.io.file_lock import FileFingerprint
from parkplanner.core.io.project_file import load_project
from parkplanner.core.io.recovery import find_recoveries, recovery_path_for
from parkplanner.core.model.zone import Zone
from parkplanner.ui.app import create_application
from parkplanner.ui.autosave import INTERVAL_MS, install_autosave
from parkplanner.ui.dialogs.errors import ExceptionReporter, install_excepthook
from parkplanner.ui.dialogs.recovery_dialog import RecoveryDialog, offer_recoveries
from parkplanner.ui.file_guard import install_file_guard
from parkplanner.ui.main_window import MainWindow

from testkit import saved_synthetic_project


@pytest.fixture
def make_window(qtbot):
    def make(interval_ms: int = INTERVAL_MS) -> MainWindow:
        create_application()
        win = MainWindow()
        win.ask_unsaved = lambda: "discard"
        guard = install_file_guard(win)
        guard.ask_locked = lambda path, other: pytest.fail(f"unexpected lock dialog: {other.describe()}")
        install_autosave(win, interval_ms)
        qtbot.addWidget(win)
        return win
    return make


@pytest.fixture
def project_file(tmp_path):
    return saved_synthetic_project(tmp_path, 30, seed=3)


def _edit(window, far=2.5):
    first = next(iter(window.project.active_scenario.zones))
    window.history.push(set_zone_attributes(window.project, [first], {"far": far}))
    return first


def _crash(window, recovery):
    """What a killed process leaves: the autosave on disk, written by a process that is gone."""
    window.autosave.timer.stop()
    window.autosave.recovery_path = None  # the dead session never cleans up
    window.file_guard.release()  # a dead process's lock counts as none (tests/core/io/test_file_lock.py)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    sidecar = recovery.with_name(recovery.name + ".json")
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    sidecar.write_text(json.dumps({**meta, "pid": dead.pid}), encoding="utf-8")


def _crashed_session(make_window, project_file, far=4.5):
    """A session that edited one zone's FAR, autosaved and was killed: (zone id, autosave path)."""
    crashed = make_window()
    crashed.open_path(project_file)
    zone_id = _edit(crashed, far=far)
    recovery = crashed.autosave.write_now()
    _crash(crashed, recovery)
    return zone_id, recovery


def test_the_timer_runs_every_minute_only_while_modified(make_window, project_file):
    window = make_window()
    assert window.autosave.timer.interval() == 60_000
    window.open_path(project_file)
    assert not window.autosave.timer.isActive()
    _edit(window)
    assert window.autosave.timer.isActive()
    window.history.undo()  # back to what the file holds
    assert not window.autosave.timer.isActive()


def test_autosave_is_written_beside_the_project_and_never_over_it(make_window, project_file, qtbot):
    window = make_window(interval_ms=50)
    window.open_path(project_file)
    before = project_file.read_bytes()
    fingerprint = FileFingerprint.of(project_file)
    zone_id = _edit(window, far=3.25)
    with qtbot.waitSignal(window.autosave.saved, timeout=5000) as blocker:
        pass
    recovery = blocker.args[0]
    assert recovery == recovery_path_for(project_file) and recovery.parent == project_file.parent
    assert load_project(recovery).active_scenario.zones[zone_id].far == 3.25
    assert project_file.read_bytes() == before and not fingerprint.changed_on_disk(project_file)
    assert not window.autosave.autosave_if_needed()  # nothing new since: no rewrite


def test_saving_removes_the_autosave(make_window, project_file):
    window = make_window()
    window.open_path(project_file)
    _edit(window)
    recovery = window.autosave.write_now()
    assert recovery.exists()
    assert window.save()
    assert not recovery.exists() and window.autosave.recovery_path is None


def test_a_clean_close_removes_the_autosave_even_when_changes_are_discarded(make_window, project_file):
    window = make_window()
    window.open_path(project_file)
    _edit(window)
    recovery = window.autosave.write_now()
    window.close()
    assert not recovery.exists() and find_recoveries() == []


def test_an_unsaved_project_autosaves_into_the_user_folder(make_window):
    window = make_window()
    window.history.push(add_zones(window.project, [Zone(1, box(0, 0, 100, 100), "100101", far=1.0)]))
    recovery = window.autosave.write_now()
    assert recovery.parent.name == "recovery" and window.autosave.session_key in recovery.name


def test_after_a_crash_the_next_start_offers_what_and_when_and_recovers(make_window, project_file):
    zone_id, recovery = _crashed_session(make_window, project_file)

    window = make_window()
    shown = []

    def ask(parent, recoveries):
        shown.extend(recoveries)
        dialog = RecoveryDialog(recoveries, parent)
        assert "Tech Town" in dialog.list.item(0).text() and str(project_file) in dialog.list.item(0).text()
        dialog.recover_button.click()
        assert dialog.result() == QDialog.DialogCode.Accepted
        return dialog.choice

    recovered = offer_recoveries(window, project_file, ask=ask)
    assert [r.path for r in shown] == [recovery] and recovered.path == recovery
    assert window.project.active_scenario.zones[zone_id].far == 4.5
    assert window.file_path == project_file and not window.history.is_clean  # Save goes to the original
    assert window.isWindowModified()  # the title shows the modified mark
    assert window.save()
    assert load_project(project_file).active_scenario.zones[zone_id].far == 4.5
    assert not recovery.exists()


def test_discard_and_later_in_the_recovery_dialog(make_window, project_file):
    _, recovery = _crashed_session(make_window, project_file, far=2.5)
    window = make_window()

    def later(parent, recoveries):
        dialog = RecoveryDialog(recoveries, parent)
        dialog.later_button.click()
        return dialog.choice

    assert offer_recoveries(window, None, ask=later) is None and recovery.exists()

    def discard(parent, recoveries):
        dialog = RecoveryDialog(recoveries, parent)
        dialog.discard_button.click()
        return dialog.choice

    assert offer_recoveries(window, None, ask=discard) is None
    assert not recovery.exists() and find_recoveries() == []
    assert offer_recoveries(window, None, ask=lambda *_: pytest.fail("nothing to offer")) is None


def test_the_exception_hook_autosaves_and_says_where(make_window, project_file, tmp_path):
    window = make_window()
    window.open_path(project_file)
    _edit(window)
    reporter = ExceptionReporter(tmp_path / "logs", interactive=False)
    reporter.autosave = window.autosave.write_now
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as exc:
        reporter(type(exc), exc, exc.__traceback__)
    assert reporter.last_autosave == recovery_path_for(project_file) and reporter.last_autosave.exists()
    log = (tmp_path / "logs" / "errors.log").read_text(encoding="utf-8")
    assert "boom in a slot" in log and "Traceback" in log


def test_an_autosave_kept_for_later_is_not_overwritten_by_the_next_session(make_window, project_file):
    zone_id, recovery = _crashed_session(make_window, project_file)

    window = make_window()
    assert offer_recoveries(window, project_file, ask=lambda parent, found: ("later", found[0])) is None
    window.open_path(project_file)
    _edit(window, far=1.25)
    assert window.autosave.write_now() == recovery  # this session's autosave, in the usual place
    kept = [r for r in find_recoveries() if r.path != recovery]
    assert len(kept) == 1 and load_project(kept[0].path).active_scenario.zones[zone_id].far == 4.5


def test_a_failed_autosave_is_reported_and_the_session_goes_on(make_window, project_file, monkeypatch):
    window = make_window()
    window.open_path(project_file)
    _edit(window)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("parkplanner.ui.autosave.write_recovery", full_disk)
    assert window.autosave.write_now() is None
    assert "Autosave failed" in window.statusBar().currentMessage()
    assert window.autosave.timer.isActive() and not window.history.is_clean


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_is_logged_autosaved_and_the_window_lives_on(make_window, project_file, tmp_path,
                                                                            monkeypatch, qtbot):
    window = make_window()
    window.open_path(project_file)
    _edit(window)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    reporter = install_excepthook(tmp_path / "logs", interactive=False)
    reporter.autosave = window.autosave.write_now

    def broken_slot():
        raise ZeroDivisionError("a bug in a panel")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: bool(reporter.reported), timeout=5000)
    assert isinstance(reporter.reported[0], ZeroDivisionError)
    assert reporter.last_autosave is not None and reporter.last_autosave.exists()
    assert "a bug in a panel" in (tmp_path / "logs" / "errors.log").read_text(encoding="utf-8")
    _edit(window, far=1.5)  # the session carries on
    assert window.autosave.write_now() == reporter.last_autosave


def test_the_minute_autosave_runs_off_the_gui_thread_and_a_late_one_after_save_is_removed(
        make_window, project_file, qtbot):
    window = make_window()
    window.open_path(project_file)
    _edit(window, far=3.5)
    assert window.autosave.autosave_if_needed()
    assert not window.autosave.autosave_if_needed()  # one write at a time
    assert window.save()  # saved while the autosave is still being written
    qtbot.waitUntil(lambda: window.autosave._task is None, timeout=10_000)
    assert not recovery_path_for(project_file).exists() and window.autosave.recovery_path is None


def test_a_close_while_an_autosave_is_being_written_leaves_nothing(make_window, project_file):
    window = make_window()
    window.open_path(project_file)
    _edit(window)
    assert window.autosave.autosave_if_needed()
    window.close()
    assert not recovery_path_for(project_file).exists() and find_recoveries() == []

"""A project open in two windows or two programs: the window warns instead of losing one side's work."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from parkplanner.core.editing.zone_commands import set_zone_attributes
from parkplanner.core.io.file_lock import ProjectLock
from parkplanner.core.io.project_file import load_project, save_project
from parkplanner.core.synthetic import synthetic_project
from parkplanner.ui.app import create_application
from parkplanner.ui.file_guard import install_file_guard
from parkplanner.ui.main_window import MainWindow

from testkit import saved_synthetic_project


@pytest.fixture
def make_window(qtbot):
    def make() -> MainWindow:
        create_application()
        win = MainWindow()
        win.ask_unsaved = lambda: "discard"
        guard = install_file_guard(win)
        guard.asked = []

        def no_dialog(*args):
            guard.asked.append(args)
            return guard.answer

        guard.answer = "cancel"
        guard.ask_locked = no_dialog
        guard.ask_overwrite = lambda path: guard.asked.append((path,)) or guard.overwrite
        guard.overwrite = False
        qtbot.addWidget(win)
        return win
    return make


@pytest.fixture
def project_file(tmp_path):
    return saved_synthetic_project(tmp_path, 20, seed=8, name="Shared", file_name="shared.gpkg")


@pytest.fixture
def other_program(project_file):
    """Another live process holding the project's lock."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    lock = ProjectLock(project_file)
    lock.lock_path.write_text(json.dumps({"pid": child.pid, "host": socket.gethostname(), "user": "colleague",
                                          "opened_at": "2026-11-26 08:00:00", "token": "theirs"}))
    yield child
    child.kill()
    child.wait()


def _edit(window):
    first = next(iter(window.project.active_scenario.zones))
    window.history.push(set_zone_attributes(window.project, [first], {"far": 2.75}))


def _lock_pid(path):
    return json.loads(ProjectLock(path).lock_path.read_text())["pid"]


def test_opening_takes_the_lock_and_closing_releases_it(make_window, project_file):
    window = make_window()
    assert window.open_path(project_file)
    assert _lock_pid(project_file) == os.getpid() and window.file_guard.asked == []
    window.close()
    assert not ProjectLock(project_file).lock_path.exists()


def test_a_file_another_program_holds_asks_and_can_open_read_only(make_window, project_file, other_program):
    window = make_window()
    window.file_guard.answer = "read-only"
    assert window.open_path(project_file)
    [(path, holder)] = window.file_guard.asked
    assert path == project_file and holder.user == "colleague" and holder.pid == other_program.pid
    assert window.project.name == "Shared" and window.file_path is None  # Save asks for a new name
    assert _lock_pid(project_file) == other_program.pid  # their lock is untouched
    window.close()
    assert _lock_pid(project_file) == other_program.pid


def test_cancel_keeps_the_current_project(make_window, project_file, other_program):
    window = make_window()
    before = window.project
    assert not window.open_path(project_file)
    assert window.project is before and window.file_path is None


def test_open_anyway_takes_the_lock_over(make_window, project_file, other_program):
    window = make_window()
    window.file_guard.answer = "write"
    assert window.open_path(project_file)
    assert window.file_path == project_file and _lock_pid(project_file) == os.getpid()


def test_a_second_window_of_this_program_is_warned(make_window, project_file):
    first, second = make_window(), make_window()
    assert first.open_path(project_file)
    second.file_guard.answer = "read-only"
    assert second.open_path(project_file)
    assert len(second.file_guard.asked) == 1 and second.file_path is None
    second.close()
    assert _lock_pid(project_file) == os.getpid() and first.file_guard.lock.owned


def test_saving_over_a_file_changed_on_disk_asks_first(make_window, project_file):
    window = make_window()
    window.open_path(project_file)
    _edit(window)
    theirs = synthetic_project(5, seed=1)
    theirs.name = "Their version"
    save_project(theirs, project_file)  # another program saved meanwhile
    assert not window.save()  # declined: their file stays
    assert [a[0] for a in window.file_guard.asked] == [project_file]
    assert load_project(project_file).name == "Their version" and not window.history.is_clean
    window.file_guard.overwrite = True
    assert window.save()
    assert load_project(project_file).name == "Shared" and window.history.is_clean


def test_our_own_saves_raise_no_alarm(make_window, project_file):
    window = make_window()
    window.open_path(project_file)
    for _ in range(3):
        _edit(window)
        assert window.save()
    assert window.file_guard.asked == []


def test_save_as_onto_a_file_open_elsewhere_asks(make_window, project_file, tmp_path):
    window = make_window()
    other_file = tmp_path / "other.gpkg"
    save_project(synthetic_project(5, seed=2), other_file)
    owner = make_window()
    owner.open_path(other_file)
    window.open_path(project_file)
    assert not window.save_as(other_file)
    assert [a[0] for a in window.file_guard.asked] == [other_file]


def test_the_lock_dialog_offers_read_only_by_default(make_window, project_file, other_program, qtbot):
    window = make_window()
    guard = window.file_guard
    seen = {}

    def answer():
        box = QApplication.activeModalWidget()
        seen["text"] = box.text()
        seen["buttons"] = [b.text() for b in box.buttons()]
        box.defaultButton().click()

    QTimer.singleShot(100, answer)
    holder = ProjectLock(project_file).holder()
    assert guard._ask_locked_dialog(project_file, holder) == "read-only"
    assert "colleague" in seen["text"] and "shared.gpkg" in seen["text"]
    assert {"Open read-only", "Open anyway"} <= set(seen["buttons"])
    assert isinstance(QApplication.activeModalWidget(), (QMessageBox, type(None)))

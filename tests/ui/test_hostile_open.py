"""Hostile project files opened in the window: a dialog says why, the current project stays, no lock is left."""
from __future__ import annotations

from pathlib import Path

import pytest

from testkit import load_helper_module

from parkplanner.core.io.file_lock import ProjectLock
from parkplanner.ui import main_window as main_window_module
from parkplanner.ui.app import create_application
from parkplanner.ui.file_guard import install_file_guard
from parkplanner.ui.main_window import MainWindow


hf = load_helper_module(Path(__file__).parents[1] / "core" / "hostile_files.py")
REFUSED = [c for c in hf.PROJECT_CASES if c.expectation == "refuse"]


@pytest.mark.parametrize("case", REFUSED, ids=[c.name for c in REFUSED])
def test_a_refused_file_gives_a_dialog_and_keeps_the_window_as_it_was(case, qtbot, tmp_path, monkeypatch):
    create_application()
    window = MainWindow()
    qtbot.addWidget(window)
    install_file_guard(window)
    dialogs = []
    monkeypatch.setattr(main_window_module, "show_error", lambda parent, title, text, details="": dialogs.append(
        (title, text)))
    before = window.project
    path = case.make(tmp_path)
    assert not window.open_path(path)
    [(title, text)] = dialogs
    assert title == "Cannot open project" and case.fragment.lower() in text.lower()
    assert "Traceback" not in text and text.count("\n") <= 2  # the reason is one line
    assert window.project is before and window.file_path is None
    assert not ProjectLock(path).lock_path.exists()

"""Opening reads the file on a worker: timers and paints go on meanwhile, errors come back as raised."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer

from parkplanner.core.io.project_file import ProjectFileError, save_project
from parkplanner.core.synthetic import synthetic_project
from parkplanner.ui.background_open import read_project


def test_the_event_loop_turns_while_the_file_is_read(qapp, tmp_path):
    path = tmp_path / "big.gpkg"
    save_project(synthetic_project(3000, seed=1), path)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(1)
    project = read_project(None, path)
    timer.stop()
    assert len(project.active_scenario.zones) == 3000
    assert ticks, "no timer fired while the project was read: the GUI thread was blocked"


def test_a_bad_file_raises_the_loaders_error(qapp, tmp_path):
    path = tmp_path / "not_a_project.gpkg"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(ProjectFileError, match="not_a_project"):
        read_project(None, path)

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


def test_the_opening_worker_builds_the_zone_layer_and_metrics_engine_the_window_uses(qtbot, tmp_path):
    from parkplanner.core.editing import History
    from parkplanner.core.metrics import compute_metrics
    from parkplanner.ui import prepared
    from parkplanner.ui.canvas.map_canvas import MapCanvas
    from parkplanner.ui.canvas.map_renderer import ZONE_LAYER_KEY
    from parkplanner.ui.metrics_bridge import ENGINE_KEY, MetricsBridge

    path = tmp_path / "p.gpkg"
    save_project(synthetic_project(300, seed=3, scenarios=2), path)
    project = read_project(None, path)
    layer = prepared._store[project][ZONE_LAYER_KEY][1]
    engine = prepared._store[project][ENGINE_KEY][1][0]
    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    canvas.set_project(project)
    bridge = MetricsBridge(History(project))
    assert canvas.renderer.zones is layer and bridge.engine is engine
    assert len(layer) == 300
    # Built on the worker, the engine's numbers are those of a computation from scratch.
    assert bridge.current["totals"]["gfa_m2"] == pytest.approx(
        compute_metrics(project).to_dict()["totals"]["gfa_m2"], rel=1e-12)
    assert project not in prepared._store or not prepared._store[project]  # taken once


def test_a_prepared_layer_is_not_used_for_another_scenario(qapp, tmp_path):
    from parkplanner.ui import prepared
    from parkplanner.ui.canvas.map_renderer import ZONE_LAYER_KEY, MapRenderer

    path = tmp_path / "p.gpkg"
    save_project(synthetic_project(100, seed=3, scenarios=2), path)
    project = read_project(None, path)
    layer = prepared._store[project][ZONE_LAYER_KEY][1]
    project.active_scenario_id = project.scenarios[1].id  # switched before the window showed it
    renderer = MapRenderer()
    renderer.set_project(project)
    assert renderer.zones is not layer
    assert {int(i) for i in renderer.zones.zones_in(renderer.extent())} == set(project.scenarios[1].zones)

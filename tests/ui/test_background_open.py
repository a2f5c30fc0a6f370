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
    from parkplanner.ui.canvas.map_renderer import ORIGIN_KEY, ZONE_LAYER_KEY
    from parkplanner.ui.metrics_bridge import ENGINE_KEY, MetricsBridge
    from parkplanner.ui.panels.legend_panel import LegendPanel

    path = tmp_path / "p.gpkg"
    save_project(synthetic_project(300, seed=3, scenarios=2), path)
    project = read_project(None, path)
    layer = prepared._store[project][ZONE_LAYER_KEY][1]
    engine = prepared._store[project][ENGINE_KEY][1][0]
    origin = prepared._store[project][ORIGIN_KEY][1]
    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    canvas.set_project(project)
    bridge = MetricsBridge(History(project))
    assert canvas.renderer.zones is layer and bridge.engine is engine and canvas.renderer.origin is origin
    # The origin is the lower-left corner of every zone and the boundary.
    corners = [z.geometry.bounds[:2] for z in project.active_scenario.zones.values()]
    corners += [project.boundary.bounds[:2]] if project.boundary is not None else []
    assert origin == (min(x for x, _ in corners), min(y for _, y in corners))
    assert len(layer) == 300
    # Built on the worker, the engine's numbers are those of a computation from scratch.
    assert bridge.current["totals"]["gfa_m2"] == pytest.approx(
        compute_metrics(project).to_dict()["totals"]["gfa_m2"], rel=1e-12)
    # So are its first metrics dictionary (made there too) and the per-sector totals in it.
    fresh = compute_metrics(project).to_dict()
    assert bridge.current["indicators"].keys() == fresh["indicators"].keys()
    for key, value in fresh["indicators"].items():
        got = bridge.current["indicators"][key]["value"]
        assert (got is None and value["value"] is None) or got == pytest.approx(value["value"], rel=1e-9, abs=1e-12)
    zones = project.active_scenario.zones.values()
    for row in bridge.current["by_sector"]:
        assert row["gfa_m2"] == pytest.approx(sum(f.gfa_m2 for z in zones if z.sector == row["id"]
                                                  for f in [engine.figures_by_zone()[z.id]]), rel=1e-9, abs=1e-6)
    # The legend's totals: every zone measured on the worker.
    legend = LegendPanel()
    legend.set_project(project)
    for code in {z.code for z in zones}:
        assert legend.totals.count[code] == sum(z.code == code for z in zones)
        assert legend.totals.area[code] == pytest.approx(sum(z.geometry.area for z in zones if z.code == code), rel=1e-9)
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


def test_a_long_open_shows_its_progress_without_blocking_or_deactivating_the_window(qtbot, tmp_path, monkeypatch):
    """The open's own loop holds input back, so its progress dialog need not block the window:
    a modal one sends every widget a blocked and a deactivated event, each restyled and repainted
    when the dialog comes and again when it goes."""
    import time

    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow, QProgressDialog, QPushButton

    from parkplanner.core.io import project_file
    from parkplanner.ui import tasks

    path = tmp_path / "slow.gpkg"
    save_project(synthetic_project(50, seed=1), path)
    original = project_file.load_project
    monkeypatch.setattr(project_file, "load_project",
                        lambda p: time.sleep(tasks.DIALOG_DELAY_MS / 1000 + 0.4) or original(p))
    window = QMainWindow()
    qtbot.addWidget(window)
    button = QPushButton("a widget of the window", window)
    window.setCentralWidget(button)
    window.show()
    qtbot.waitExposed(window)
    seen, dialogs = [], []

    class Watch(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt name)
            if obj is button and event.type() in (QEvent.Type.WindowBlocked, QEvent.Type.WindowDeactivate):
                seen.append(event.type())
            return False

    watch = Watch()
    QApplication.instance().installEventFilter(watch)
    probe = QTimer()
    probe.timeout.connect(lambda: dialogs.extend(w for w in QApplication.topLevelWidgets()
                                                 if isinstance(w, QProgressDialog) and w.isVisible()))
    probe.start(20)
    try:
        project = read_project(window, path)
    finally:
        probe.stop()
        QApplication.instance().removeEventFilter(watch)
    assert len(project.active_scenario.zones) == 50
    assert dialogs, "no progress dialog was shown for an open longer than the dialog delay"
    assert not dialogs[0].isModal() and QEvent.Type.WindowBlocked not in seen
    if QApplication.platformName() != "offscreen":  # the offscreen platform activates every window shown
        assert QEvent.Type.WindowDeactivate not in seen


def test_the_opening_worker_imports_the_topology_checks_graph_code(tmp_path):
    # A small project's first check runs on the GUI thread right after opening; importing scipy's
    # graph code there stood the window still. A fresh interpreter: this one may have it already.
    import os
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from parkplanner.core.synthetic import synthetic_project\n"
        "from parkplanner.ui.open_preparation import prepare_for_window\n"
        "assert 'scipy.sparse.csgraph' not in sys.modules\n"
        "prepare_for_window(synthetic_project(30, seed=1))\n"
        "assert 'scipy.sparse.csgraph' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr

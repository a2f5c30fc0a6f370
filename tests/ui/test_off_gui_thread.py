"""Work moved off the GUI thread shows what the synchronous path showed.

A scenario's first visit builds its engine on a worker (edits made meanwhile included, a closed
bridge ignores a late engine, an explicit flush waits for it), and so does an edit of many zones
bring the shown engine up to date; the comparison computes a scenario
the bridge keeps no engine for on its worker; views behind another dock tab neither get made nor
recompute until their tab comes to the front; the dashboard reused for a new document draws what
a new dashboard draws.
"""
from __future__ import annotations

import threading

import pytest

from parkplanner.core.editing import History
from parkplanner.core.editing.project_commands import switch_scenario
from parkplanner.core.editing.zone_commands import delete_zones, set_zone_attributes
from parkplanner.core.metrics.engine import MetricsEngine, compute_metrics
from parkplanner.core.synthetic import synthetic_project
from parkplanner.ui import metrics_bridge
from parkplanner.ui.metrics_bridge import CatchUpJob, FirstVisit, MetricsBridge, SectorTotals


def _fresh(project, scenario_id):
    expected = compute_metrics(project, scenario_id).to_dict()
    expected["by_sector"] = SectorTotals(MetricsEngine(project, scenario_id)).rows(s["id"] for s in expected["sectors"])
    return expected


def _assert_equal_metrics(got, want):
    got, want = dict(got), dict(want)
    got_sectors, want_sectors = got.pop("by_sector"), want.pop("by_sector")
    assert got == want
    for a, b in zip(got_sectors, want_sectors, strict=True):
        assert a["id"] == b["id"]
        # A square metre of floor space or one job in a sector is below anything a planner reads.
        assert abs(a["gfa_m2"] - b["gfa_m2"]) <= 1e-6 * max(1.0, b["gfa_m2"])
        assert abs(a["jobs"] - b["jobs"]) <= 1e-6 * max(1.0, b["jobs"])


def _setup():
    project = synthetic_project(300, seed=3, scenarios=2)
    history = History(project)
    return project, history, MetricsBridge(history)


@pytest.fixture
def gate(monkeypatch):
    """First-visit builds wait until the test opens the gate (300 zones build in a blink)."""
    opened = threading.Event()
    build = FirstVisit.run

    def held(self, ctx=None):
        opened.wait(20)
        return build(self, ctx)

    monkeypatch.setattr(FirstVisit, "run", held)
    yield opened
    opened.set()


def test_a_first_visit_is_built_on_a_worker_with_the_edits_made_meanwhile(qtbot, gate):
    project, history, bridge = _setup()
    first, other = (s.id for s in project.scenarios)
    shown_before = bridge.current
    history.push(switch_scenario(project, other))
    qtbot.waitUntil(lambda: bridge.building, timeout=5_000)  # the frame timer started the build
    assert bridge.current is shown_before  # the dashboard keeps its numbers meanwhile
    zones = list(project.scenario(other).zones)[:7]
    history.push(set_zone_attributes(project, zones, {"far": 3.7}))  # made while it builds
    qtbot.wait(50)
    assert bridge.building and bridge.current is shown_before
    with qtbot.waitSignal(bridge.updated, timeout=20_000):
        gate.set()
    qtbot.waitUntil(lambda: not bridge.building and not bridge._pending, timeout=20_000)
    bridge.flush()
    assert bridge.engine.scenario.id == other
    _assert_equal_metrics(bridge.current, _fresh(project, other))
    # The scenario shown before kept its engine, and its numbers.
    history.push(switch_scenario(project, first))
    bridge.flush()
    _assert_equal_metrics(bridge.current, _fresh(project, first))
    bridge.close()


@pytest.mark.parametrize("early", [True, False])
def test_a_first_visit_starts_at_the_switch_below_city_scale_else_at_the_frame(qtbot, gate, monkeypatch, early):
    # Below EARLY_VISIT_ZONES the engine is made on a worker from the switch's change on, beside
    # the map's work on the switch; above it the project copy is a frame's work: the frame timer's turn.
    monkeypatch.setattr(metrics_bridge, "EARLY_VISIT_ZONES", 10_000 if early else 100)
    project, history, bridge = _setup()
    other = project.scenarios[1].id
    history.push(switch_scenario(project, other))
    assert bridge.building == early  # no event processed yet
    qtbot.waitUntil(lambda: bridge.building, timeout=5_000)
    gate.set()
    qtbot.waitUntil(lambda: not bridge.building and not bridge._pending, timeout=20_000)
    bridge.flush()
    _assert_equal_metrics(bridge.current, _fresh(project, other))
    bridge.close()


def test_an_explicit_flush_waits_for_the_build(qtbot, gate):
    project, history, bridge = _setup()
    other = project.scenarios[1].id
    history.push(switch_scenario(project, other))
    qtbot.waitUntil(lambda: bridge.building, timeout=5_000)
    threading.Timer(0.2, gate.set).start()
    bridge.flush()
    assert not bridge.building and bridge.engine.scenario.id == other
    _assert_equal_metrics(bridge.current, _fresh(project, other))
    bridge.close()


def test_a_closed_bridge_ignores_a_late_engine(qtbot, gate):
    project, history, bridge = _setup()
    other = project.scenarios[1].id
    told = []
    bridge.updated.connect(lambda *args: told.append(args))
    history.push(switch_scenario(project, other))
    qtbot.waitUntil(lambda: bridge.building, timeout=5_000)
    task = bridge._visit_task
    bridge.close()
    gate.set()
    qtbot.waitUntil(lambda: not task.running, timeout=20_000)
    qtbot.wait(50)
    assert told == [] and bridge.engine.scenario.id != other


@pytest.fixture
def catch_up_gate(monkeypatch):
    """Large edits (here: above 20 zones) are applied on a worker, which waits for the test."""
    monkeypatch.setattr(metrics_bridge, "CATCH_UP_ON_WORKER", 20)
    opened = threading.Event()
    threads = []
    run = CatchUpJob.run

    def held(self, ctx=None):
        opened.wait(20)
        threads.append(threading.current_thread())
        return run(self, ctx)

    monkeypatch.setattr(CatchUpJob, "run", held)
    yield opened, threads
    opened.set()


def test_an_edit_of_many_zones_is_applied_on_a_worker_with_the_edits_made_meanwhile(qtbot, catch_up_gate):
    # A workshop drag's release rewrites a whole class: ~0.1 s on the GUI thread at 100,000 zones.
    gate, threads = catch_up_gate
    project, history, bridge = _setup()
    scenario = project.active_scenario
    shown_before = bridge.current
    many = list(scenario.zones)[:60]
    history.push(set_zone_attributes(project, many, {"far": 2.9}))
    qtbot.waitUntil(lambda: bridge._catch_up_job is not None, timeout=5_000)
    assert bridge.current is shown_before and bridge.ready_scenario_ids() == []
    # A small edit and a zone removed while the worker waits: they stay pending, applied after.
    history.push(set_zone_attributes(project, [many[0]], {"far": 0.4}))
    history.push(delete_zones(project, [many[1]]))
    qtbot.wait(50)
    assert bridge.current is shown_before
    with qtbot.waitSignal(bridge.updated, timeout=20_000):
        gate.set()
    qtbot.waitUntil(lambda: bridge._catch_up_job is None and not bridge._pending, timeout=20_000)
    bridge.flush()
    assert threads and threads[0] is not threading.main_thread()
    assert bridge.engine.project is project  # it read a detached copy only while on the worker
    _assert_equal_metrics(bridge.current, _fresh(project, scenario.id))
    bridge.close()


def test_an_explicit_flush_waits_for_a_large_edit_and_small_edits_stay_here(qtbot, catch_up_gate):
    gate, threads = catch_up_gate
    project, history, bridge = _setup()
    zones = list(project.active_scenario.zones)
    history.push(set_zone_attributes(project, zones[:5], {"far": 1.1}))  # small: on the GUI thread
    bridge.flush()
    assert bridge._catch_up_job is None and threads == []
    history.push(set_zone_attributes(project, zones[:80], {"far": 3.3}))
    qtbot.waitUntil(lambda: bridge._catch_up_job is not None, timeout=5_000)
    threading.Timer(0.2, gate.set).start()
    bridge.flush()
    assert bridge._catch_up_job is None and len(threads) == 1
    _assert_equal_metrics(bridge.current, _fresh(project, project.active_scenario.id))
    bridge.close()


def test_the_comparison_on_its_worker_equals_the_synchronous_one(qtbot):
    from parkplanner.ui.scenarios.compare_view import CompareView

    project, history, bridge = _setup()
    a, b = (s.id for s in project.scenarios)
    history.push(set_zone_attributes(project, list(project.scenario(b).zones)[:9], {"far": 2.2}, scenario_id=b))
    view = CompareView(history, metrics_source=lambda: bridge)
    view.set_pair(a, b)
    assert b not in bridge.kept_scenario_ids  # the worker computes it: no engine built here
    comparison, metrics, _ = view.background_work()()
    assert b not in bridge.kept_scenario_ids
    synchronous = view.recompute()  # both from the bridge's engines, on this thread
    assert [(r.section, r.key, r.a, r.b) for r in comparison.rows] == \
        [(r.section, r.key, r.a, r.b) for r in synchronous.rows]
    assert comparison.ledger.changed_zone_ids() == synchronous.ledger.changed_zone_ids()
    view.close_view()
    bridge.close()


def test_views_behind_a_tab_wait_for_their_tab(qtbot):
    from parkplanner.ui.main_window import MainWindow
    from parkplanner.ui.scenario_panels import install_scenario_panels

    window = MainWindow()
    window.ask_unsaved = lambda: "discard"
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    panels = install_scenario_panels(window)
    qtbot.wait(50)  # the docks are laid out and know their tabs, as before a planner opens a file
    project = synthetic_project(300, seed=3, scenarios=2)
    window.set_document(project, None)
    qtbot.wait(50)
    behind = [name for name, dock in panels._view_docks().items() if not panels._tab_visible.get(dock, True)]
    assert behind, "two of the three tabbed docks are behind the third"
    assert all(name not in panels._views for name in behind)  # not made at the open
    front = next(name for name in panels._view_docks() if name not in behind)
    qtbot.waitUntil(lambda: front in panels._views, timeout=5_000)  # made in a turn after the open's
    view = panels._views[front]
    qtbot.waitUntil(lambda: not view._stale, timeout=20_000)
    name = behind[0]
    hidden = getattr(panels, name)  # reading it makes it (for callers), still behind its tab
    generation = hidden._generation
    window.history.push(set_zone_attributes(project, list(project.active_scenario.zones)[:3], {"far": 1.9}))
    qtbot.wait(600)  # longer than the views' recompute delay
    assert hidden._generation == generation  # no recompute behind the tab
    panels._view_docks()[name].raise_()
    qtbot.waitUntil(lambda: not hidden._stale, timeout=20_000)  # in front: computed
    other = behind[1]
    panels._view_docks()[other].raise_()
    qtbot.waitUntil(lambda: other in panels._views, timeout=5_000)  # made when its tab came up
    assert panels._view_docks()[other].widget() is panels._views[other]


def test_a_dashboard_reused_for_a_new_document_draws_like_a_new_one(qtbot):
    from parkplanner.interaction.selection import Selection
    from parkplanner.ui.charts.dashboard import Dashboard

    first = synthetic_project(200, seed=1)
    second = synthetic_project(300, seed=5)
    history_a, history_b = History(first), History(second)
    bridge_a, bridge_b = MetricsBridge(history_a), MetricsBridge(history_b)
    reused = Dashboard(bridge_a, Selection(first, history_a))
    fresh = Dashboard(bridge_b, Selection(second, history_b))
    selection_b = Selection(second, history_b)
    reused.set_document(bridge_b, selection_b)
    for dashboard in (reused, fresh):
        qtbot.addWidget(dashboard)
        dashboard.resize(820, 1330)
        dashboard.show()
    # The reused one redraws a chart per turn of the event loop: alike once all have had theirs.
    qtbot.waitUntil(lambda: reused.grab().toImage() == fresh.grab().toImage(), timeout=5_000)
    # It follows the new bridge, and no more the old one.
    history_b.push(set_zone_attributes(second, list(second.active_scenario.zones)[:5], {"far": 4.0}))
    history_a.push(set_zone_attributes(first, list(first.active_scenario.zones)[:5], {"far": 0.1}))
    bridge_a.flush()
    bridge_b.flush()
    qtbot.wait(50)
    assert reused.grab().toImage() == fresh.grab().toImage()
    reused.select_picked(("generic", "IND"))
    assert selection_b.ids and selection_b.ids <= set(second.active_scenario.zones)
    bridge_a.close()
    bridge_b.close()


def test_problem_outlines_from_the_worker_equal_the_synchronous_ones_and_the_newest_wins(qtbot):
    from PySide6.QtGui import QImage, QPainter
    from shapely.geometry import box

    from parkplanner.core.geometry.topology import TopologyProblem
    from parkplanner.core.model.project import Project
    from parkplanner.core.model.zone import Zone
    from parkplanner.ui.canvas.viewport import Viewport
    from parkplanner.ui.canvas.zone_layer import ZoneLayer
    from parkplanner.ui.editor_panels import ProblemOverlay, _areas_path

    layer = ZoneLayer.from_zones([Zone(1, box(0, 0, 400, 300), "1401")], Project().scheme)
    view = Viewport(400, 300).with_origin(*layer.origin).fitted_to((0, 0, 400, 300), margin=0.0)
    told = []
    overlay = ProblemOverlay(lambda: view, lambda: told.append(overlay._paths_key))
    older = [TopologyProblem("gap", (), box(10, 10, 50, 50), 1600.0, "older")]
    newer = [TopologyProblem("overlap", (1,), box(100, 100, 180, 140), 3200.0, "newer"),
             TopologyProblem("gap", (), box(200, 20, 260, 90), 4200.0, "newer too")]
    image = QImage(400, 300, QImage.Format.Format_ARGB32_Premultiplied)

    def paint():
        painter = QPainter(image)
        overlay.paint(painter, layer, view)
        painter.end()

    overlay.set_problems(older)
    paint()  # starts the older list's build
    overlay.set_problems(newer)
    overlay.set_current(newer[1])
    paint()  # the newest list's build: the older one's result, if later, is dropped
    qtbot.waitUntil(lambda: overlay.ready, timeout=10_000)
    qtbot.wait(100)  # any late result has arrived by now
    assert overlay.ready and told[-1] == overlay._paths_key
    every, picked = overlay._paths
    assert every == _areas_path([p.geometry for p in newer], layer.origin)
    assert picked == _areas_path([newer[1].geometry], layer.origin)


def test_projection_plots_made_after_the_forecast_draw_it_like_the_synchronous_path(qtbot):
    import numpy as np

    from parkplanner.ui.scenarios.projection_panel import ProjectionPanel, _forecasts
    from tests.ui.scenario_fixtures import two_scenario_project

    history = History(two_scenario_project())
    sliced = ProjectionPanel(history)
    qtbot.addWidget(sliced)
    assert len(sliced.plots) < 6  # made one per event-loop turn
    sliced.set_year(2025)
    sliced.show_computed(_forecasts(history.project, history.project.active_scenario_id, None))
    qtbot.waitUntil(lambda: len(sliced.plots) == 6, timeout=5_000)
    synchronous = ProjectionPanel(history)
    qtbot.addWidget(synchronous)
    synchronous.set_year(2025)
    synchronous.recompute()
    for name, plot in synchronous.plots.items():
        other = sliced.plots[name]
        for a, b in ((plot.line, other.line), (plot.other, other.other)):
            assert all(np.array_equal(x, y) for x, y in zip(a.getData(), b.getData()))
        assert other.cursor.value() == plot.cursor.value() == 2025
        assert other.target_line.isVisible() == plot.target_line.isVisible()
    assert sliced.headline.text() == synchronous.headline.text()


def test_pair_charts_made_one_per_turn_draw_like_those_made_at_once(qtbot):
    import pyqtgraph as pg

    from parkplanner.ui.scenarios.compare_view import COMPARE_CHARTS
    from parkplanner.ui.scenarios.pair_charts import PairCharts
    from tests.ui.scenario_fixtures import two_scenario_project

    project = two_scenario_project()
    a, b = (compute_metrics(project, s).to_dict() for s in project.scenarios)
    drawn, made = [], []
    for sliced in (True, False):
        graphics = pg.GraphicsLayoutWidget()
        graphics.setBackground("w")
        qtbot.addWidget(graphics)
        graphics.resize(900, 600)
        charts = PairCharts(graphics, project, COMPARE_CHARTS, lang="en", sliced=sliced)
        assert charts.complete is not sliced
        charts.update(b, a, "Alternative")  # before the sliced charts exist
        graphics.show()
        qtbot.waitUntil(lambda: charts.complete, timeout=5_000)
        settled = [graphics.grab().toImage()]

        def laid_out() -> bool:  # two grabs alike: the layout has settled (a loaded machine is slow)
            qtbot.wait(100)
            settled.append(graphics.grab().toImage())
            return settled[-1] == settled[-2]

        qtbot.waitUntil(laid_out, timeout=10_000)
        drawn.append(settled[-1])
        made.append(charts)
    radar = [charts.charts["radar"] for charts in made]
    assert radar[0].current.polygon() == radar[1].current.polygon()
    assert radar[0].previous.polygon() == radar[1].previous.polygon()
    # Pixel for pixel but for the dash phase of the faint outline (it starts where its item was
    # first laid out): a few dozen pixels of 540,000.
    import numpy as np

    def pixels(image):
        image = image.convertToFormat(image.Format.Format_RGB32)
        return np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.width(), 4)

    assert np.count_nonzero(np.any(pixels(drawn[0]) != pixels(drawn[1]), axis=2)) < 200

"""Comparison, change map, projection, year veil, phase balance and calibration views: their numbers
are the Qt-free engines' numbers, and their actions go through the history."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage, QPainter

from parkplanner.core.editing import History
from parkplanner.core.editing.zone_commands import set_zone_attributes
from parkplanner.core.projection.calibration import calibrate
from parkplanner.core.projection.forecast import forecast
from parkplanner.core.projection.ramp import OCCUPANCY_RAMP, maturity
from parkplanner.core.scenarios.compare import compare_scenarios
from parkplanner.core.scenarios.phase_balance import INDUSTRY_OUTRUNS_CITY, phase_balance
from parkplanner.ui.scenarios.change_ledger import ZONE_ID_ROLE
from parkplanner.ui.scenarios.compare_view import COLUMNS, VALUE_ROLE, CompareView
from parkplanner.ui.scenarios.phase_balance_view import PhaseBalanceView
from parkplanner.ui.scenarios.projection_panel import ProjectionPanel
from parkplanner.ui.scenarios.year_slider import VEIL_STEPS, YearSlider, YearVeil, zone_maturity
from tests.ui.scenario_fixtures import two_scenario_project

from reference import naive_spec as ref


@pytest.fixture
def history():
    return History(two_scenario_project())


def test_compare_table_shows_the_numbers_of_compare_scenarios(qtbot, history):
    view = CompareView(history)
    qtbot.addWidget(view)
    view.set_pair("alt", "base")  # any order: B − A with A = the alternative
    qtbot.waitUntil(lambda: not view._stale, timeout=10_000)  # compared on a worker
    project = history.project
    expected = compare_scenarios(project, project.scenario("alt"), project.scenario("base"))
    assert view.table.rowCount() == len(expected.rows)
    for r, row in enumerate(expected.rows):
        shown = {name: view.table.item(r, c).data(VALUE_ROLE) for c, name in enumerate(COLUMNS)}
        assert (shown["section"], shown["name"]) == (row.section, row.name)
        for key in ("a", "b", "delta", "rel_delta"):
            assert shown[key] == pytest.approx(getattr(row, key)) if getattr(row, key) is not None \
                else shown[key] is None
    jobs = expected.row("totals", "jobs")
    assert jobs.a != jobs.b  # the fixture's scenarios differ where it matters
    assert not view.charts.charts  # made when their tab is first seen, not with the view
    view.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: view.charts.complete, timeout=5_000)  # charts are made one per turn
    assert view.charts.charts["radar"].current.polygon().count() == 6  # B drawn, closed pentagon
    assert view.settings.rowCount() == len(expected.settings)


def test_deferred_comparisons_run_on_a_worker_and_only_the_newest_is_shown(qtbot, history, monkeypatch):
    import threading

    from parkplanner.ui.scenarios import compare_view

    threads, original = [], compare_view._compare

    def recording(*args):
        threads.append(threading.current_thread())
        return original(*args)

    monkeypatch.setattr(compare_view, "_compare", recording)
    view = CompareView(history)
    qtbot.addWidget(view)
    view.set_pair("alt", "base")
    view.show()
    project = history.project
    zone = next(iter(project.scenario("base").zones.values()))
    history.push(set_zone_attributes(project, [zone.id], {"far": zone.far + 1.0}, scenario_id="base"))
    view.recompute_in_background()  # started, then outdated by the next one
    first_generation = view._generation
    history.push(set_zone_attributes(project, [zone.id], {"far": zone.far + 2.0}, scenario_id="base"))
    view.recompute_in_background()
    expected = compare_scenarios(project, project.scenario("alt"), project.scenario("base")).row("totals", "gfa_m2").b
    qtbot.waitUntil(lambda: not view._stale and view.comparison.row("totals", "gfa_m2").b == pytest.approx(expected),
                    timeout=10_000)
    assert view._generation == first_generation + 1
    assert threads and all(t is not threading.main_thread() for t in threads[-2:])


def _table_cells(table) -> list[tuple]:
    return [(table.item(r, c).text(), table.item(r, c).data(VALUE_ROLE), table.item(r, c).toolTip(),
             table.item(r, c).foreground().color().name(), int(table.item(r, c).textAlignment()))
            for r in range(table.rowCount()) for c in range(table.columnCount())]


def test_compare_table_after_an_edit_shows_what_a_fresh_table_shows(qtbot, history):
    """After an edit only the cells that changed get new items; the table then reads exactly
    like one filled from scratch (texts, raw values, tooltips, colours of the signs)."""
    view = CompareView(history)
    qtbot.addWidget(view)
    view.set_pair("base", "alt")
    view.recompute()
    before = {(r, c): view.table.item(r, c) for r in range(view.table.rowCount()) for c in range(len(COLUMNS))}
    history.push(set_zone_attributes(history.project, [1], {"far": 3.0}, scenario_id="base"))
    view.recompute()
    fresh = CompareView(history)
    qtbot.addWidget(fresh)
    fresh.set_pair("base", "alt")
    fresh.recompute()
    assert _table_cells(view.table) == _table_cells(fresh.table)
    kept = [cell for cell, item in before.items() if view.table.item(*cell) is item]
    assert len(kept) >= len(before) // 2  # labels and the numbers the edit left alone
    assert len(kept) < len(before)  # the edited totals were made anew
    view.set_area_unit("ha")  # every area text changes, nothing else
    fresh.set_area_unit("ha")
    assert _table_cells(view.table) == _table_cells(fresh.table)


def test_compare_follows_edits_of_either_scenario(qtbot, history):
    view = CompareView(history)
    qtbot.addWidget(view)
    view.show()
    view.set_pair("base", "alt")
    qtbot.waitUntil(lambda: not view._stale, timeout=10_000)  # compared on a worker
    before = view.comparison.row("totals", "gfa_m2").a
    history.push(set_zone_attributes(history.project, [1], {"far": 3.0}, scenario_id="base"))
    qtbot.waitUntil(lambda: view.comparison.row("totals", "gfa_m2").a != before, timeout=2000)
    assert view.comparison.row("totals", "gfa_m2").a == pytest.approx(before + 190 * 190 * 1.5)


def test_change_map_and_ledger_list_each_kind_and_clicks_zoom(qtbot, history):
    view = CompareView(history)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.set_pair("base", "alt")
    qtbot.waitUntil(lambda: not view._stale, timeout=10_000)  # compared on a worker
    assert view.change_map._extent is None  # the map's paths wait for its tab to be seen
    view.tabs.setCurrentIndex(2)  # the change map: compared again, with its paths
    qtbot.waitUntil(lambda: not view._stale and view.change_map._extent is not None, timeout=10_000)
    assert view.change_map.counts() == {"added": 1, "removed": 1, "reshaped": 1, "reclassed": 1, "attributes": 1}
    rows = view.ledger.zone_indexes()
    ids = sorted(index.data(ZONE_ID_ROLE) for index in rows)
    # zone 4 is reshaped and its sector did not change; zone 3 re-classed (code) plus its sector
    assert ids == [3, 3, 4, 6, 8, 9]
    clicked = []
    view.zoneActivated.connect(clicked.append)
    whole = view.change_map._viewport.pixel_size
    view.ledger.clicked.emit(next(i for i in rows if i.data(ZONE_ID_ROLE) == 9).siblingAtColumn(1))
    assert clicked == [9]
    assert view.change_map._viewport.pixel_size < whole  # zoomed onto the zone
    image = QImage(900, 600, QImage.Format.Format_ARGB32)
    view.change_map.picture_plan().draw(image)  # paints every style without error


def test_projection_panel_plots_the_forecast_and_the_year(qtbot, history):
    panel = ProjectionPanel(history)
    qtbot.addWidget(panel)
    result = panel.recompute()
    expected = forecast(history.project)
    assert result.years == expected.years
    x, y = panel.plots["jobs"].line.getData()
    assert np.allclose(y, expected.series["jobs"])
    assert panel.plots["output_yi"].observed.data["y"].tolist() == [0.0, 0.5, 1.5]
    assert panel.plots["jobs"].target_line.value() == 5_000.0
    panel.set_year(2025)
    assert panel.plots["jobs"].cursor.value() == 2025 and panel.plots["jobs"].cursor.isVisible()
    assert panel.headline.text().startswith("2025: ")
    assert f"Jobs {expected.value('jobs', 2025):,.0f}" in panel.headline.text()


def test_year_veil_fades_zones_by_their_ramp(qtbot, history):
    project = history.project
    values = zone_maturity(project, 2020)
    # Zone 3 (RES, phase 1, 2018) ramps by occupancy; zone 4 (phase 2, 2022) has not started in 2020.
    assert values[3] == pytest.approx(float(maturity(2020.0, 2018.0, OCCUPANCY_RAMP.half_years,
                                                     OCCUPANCY_RAMP.width_years)))
    assert values[4] < 0.1 < values[3]
    veil = YearVeil(project)
    veil.set_year(2020)
    assert veil.maturity() == pytest.approx(values)
    from parkplanner.ui.canvas.viewport import Viewport
    from parkplanner.ui.canvas.zone_layer import ZoneLayer

    layer = ZoneLayer.from_zones(project.active_scenario.zones.values(), project.scheme)
    image = QImage(400, 400, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    veil.paint(painter, layer, Viewport(400, 400).fitted_to(layer.extent()))
    painter.end()
    levels = {int(np.floor(v * VEIL_STEPS + 0.5)) for v in values.values()}
    assert len(veil._paths) == len(levels - {VEIL_STEPS})  # mature zones carry no veil
    veil.set_year(None)
    assert veil._paths is None


def test_year_slider_reports_the_year_or_build_out(qtbot):
    slider = YearSlider()
    qtbot.addWidget(slider)
    seen = []
    slider.yearChanged.connect(seen.append)
    slider.set_range(2018, 2035)
    slider.set_year(2024)
    assert slider.year == 2024 and seen[-1] == 2024
    slider.enabled.setChecked(False)
    assert seen[-1] is None and slider.label.text() == "build-out"


def test_phase_balance_view_shows_and_flags_each_phase(qtbot, history):
    view = PhaseBalanceView(history)
    qtbot.addWidget(view)
    rows = view.recompute()
    expected = [r for r in phase_balance(history.project) if r.scope == "cumulative"]
    assert [(r.phase, r.jobs, r.balance) for r in view.shown_rows()] == [(r.phase, r.jobs, r.balance) for r in expected]
    assert len(rows) == 2 * len(expected)
    for n, row in enumerate(expected):
        assert view.table.item(n, 3).text() == f"{row.jobs:,.0f}"
        flag = view.table.item(n, 8).text()
        assert ("industry outruns the city" in flag) == (row.balance == INDUSTRY_OUTRUNS_CITY)
    assert np.allclose(view.jobs_bars.opts["height"], [r.jobs for r in expected])


def test_calibration_dialog_applies_the_fit_as_one_step(qtbot, history):
    from parkplanner.ui.scenarios.calibration_dialog import CalibrationDialog

    project = history.project
    dialog = CalibrationDialog(history)
    qtbot.addWidget(dialog)
    expected = calibrate(project)
    assert dialog.fit.rowCount() == len(expected.rows) == 3
    assert dialog.fit.item(2, 5).text() == f"{expected.rows[2].modelled:,.2f}"
    dialog.apply_button.click()
    assert project.calibration == expected.calibrations
    assert history.labels == ["Calibrate projection"]
    history.undo()
    assert project.calibration == ()


def assert_shown(texts: list[str], values: list[float]) -> None:
    """Each text shows its value rounded to the digits it has: within half a unit of its last digit
    (plus 1e-9 relative, for values the engine and the reference round differently in the last bit)."""
    for text, value in zip(texts, values, strict=True):
        number = text.replace(",", "").rstrip("%")
        digits = len(number.split(".")[1]) if "." in number else 0
        assert abs(float(number) - value) <= 0.5 * 10 ** -digits + 1e-9 * abs(value), (text, value)


@pytest.mark.parametrize("lang, zones, section, residential, area_title", [
    ("en", "Zones", "Totals", "Residential", "Total area"),
    ("zh", "地块数", "总量", "居住", "总用地面积"),
])
def test_compare_table_reads_like_a_planners_table(qtbot, lang, zones, section, residential, area_title):
    from parkplanner.core.io.project_file import load_project
    from parkplanner.core.resources import sample_project_path

    view = CompareView(History(load_project(sample_project_path())), lang=lang, area_unit="ha")
    qtbot.addWidget(view)
    view.set_pair("base", "balanced")
    qtbot.waitUntil(lambda: not view._stale, timeout=10_000)  # compared on a worker
    table = view.table
    rows = {(table.item(r, 0).data(VALUE_ROLE), table.item(r, 1).data(VALUE_ROLE)): r
            for r in range(table.rowCount())}
    texts = lambda r: [table.item(r, c).text() for c in range(len(COLUMNS))]  # noqa: E731
    assert texts(rows[("totals", "zone_count")]) == [section, zones, "", "191", "191", "0", "0.0%"]
    area = texts(rows[("totals", "total_area_m2")])
    assert area[1] == area_title and area[3:5] == ["1,450.00", "1,450.00"]
    assert table.item(rows[("totals", "total_area_m2")], 3).data(VALUE_ROLE) == pytest.approx(14_500_000.0)
    res = rows[("landuse", "RES")]
    assert table.item(res, 1).text() == residential and table.item(res, 1).toolTip() == "RES"
    # Expected values from the naive reference implementation, not from a run of the engine: a shown
    # number is right when it is the reference value rounded to the digits shown.
    reference_a, reference_b = (ref.metrics(view.history.project, view.history.project.scenario(s))
                                for s in ("base", "balanced"))
    d_a, d_b = reference_a["coupling"]["D"], reference_b["coupling"]["D"]
    assert_shown(texts(rows[("coupling", "D")])[3:5], [d_a, d_b])
    jobs_a, jobs_b = reference_a["totals"]["jobs"], reference_b["totals"]["jobs"]
    jobs = texts(rows[("totals", "jobs")])
    assert_shown(jobs[3:], [jobs_a, jobs_b, jobs_b - jobs_a, (jobs_b - jobs_a) / jobs_a * 100])
    assert jobs[6].endswith("%")
    all_text = " ".join(table.item(r, c).text() for r in range(table.rowCount()) for c in range(3))
    assert "zone_count" not in all_text and "employed_residents" not in all_text and ".0 " not in all_text

    view.set_area_unit("m²")  # the planner's area unit, re-rendered in place
    assert texts(rows[("totals", "total_area_m2")])[2:4] == ["m²", "14,500,000"]


def test_compare_dock_shows_areas_in_the_status_bar_unit(qtbot):
    from parkplanner.ui.main_window import MainWindow
    from parkplanner.ui.scenario_panels import install_scenario_panels

    window = MainWindow()
    window.ask_unsaved = lambda: "discard"
    qtbot.addWidget(window)
    window.set_document(two_scenario_project(), None)
    panels = install_scenario_panels(window)
    panels.compare.set_pair("base", "alt")
    qtbot.waitUntil(lambda: not panels.compare._stale, timeout=10_000)  # compared on a worker
    window.readout.set_unit("mu")
    assert panels.compare.area_unit == "mu"
    row = next(r for r in range(panels.compare.table.rowCount())
               if panels.compare.table.item(r, 1).data(VALUE_ROLE) == "total_area_m2")
    area = panels.compare.comparison.row("totals", "total_area_m2").a
    assert panels.compare.table.item(row, 3).text() == f"{area / (10_000 / 15):,.1f}"
    window.set_document(two_scenario_project(), None)  # a new document's view starts in the same unit
    assert panels.compare.area_unit == "mu"


def test_compare_too_small_to_read_when_docked_opens_as_its_own_window(qtbot):
    from parkplanner.ui.main_window import MainWindow
    from parkplanner.ui.scenario_panels import COMPARE_READABLE, install_scenario_panels

    window = MainWindow()
    window.ask_unsaved = lambda: "discard"
    qtbot.addWidget(window)
    window.set_document(two_scenario_project(), None)
    panels = install_scenario_panels(window)
    window.resize(1366, 740)
    window.show()
    qtbot.waitExposed(window)
    # Scenario ▸ Compare scenarios, from the menu bar with the keyboard.
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMenu

    menu = next(m for m in window.menuBar().findChildren(QMenu) if panels.compare_action in m.actions())
    menu.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(menu.isVisible, timeout=2000)
    menu.setActiveAction(panels.compare_action)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    dock = panels.compare_dock
    qtbot.waitUntil(lambda: dock.isFloating() and dock.isVisible(), timeout=3000)
    assert dock.width() >= COMPARE_READABLE[0] and dock.height() >= COMPARE_READABLE[1]
    table = panels.compare.table
    qtbot.waitUntil(lambda: table.viewport().width() > 0, timeout=2000)
    header = table.horizontalHeader()
    # Every column, B and both Δ included, lies within the visible table.
    last = table.columnCount() - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= table.viewport().width()
    assert all(header.sectionSize(c) >= header.sectionSizeHint(c) - 1 for c in range(table.columnCount()) if c != 1)


@pytest.mark.parametrize("size", [(1366, 768), (1600, 1000)])
def test_compare_tab_clicked_when_docked_too_small_opens_as_its_own_window(qtbot, size):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTabBar

    from parkplanner.ui.main_window import MainWindow
    from parkplanner.ui.scenario_panels import COMPARE_READABLE, install_scenario_panels

    window = MainWindow()
    window.ask_unsaved = lambda: "discard"
    qtbot.addWidget(window)
    window.install_panels()
    panels = install_scenario_panels(window)
    window.set_document(two_scenario_project(), None)
    window.resize(*size)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    dock = panels.compare_dock
    # At start the comparison is a bottom tab behind another one, not a squeezed table in front.
    assert not dock.isFloating() and dock.visibleRegion().isEmpty()

    def click_compare_tab():
        bar, index = next((bar, i) for bar in window.findChildren(QTabBar) for i in range(bar.count())
                          if bar.tabText(i) == dock.windowTitle() and bar.isVisible())
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())

    click_compare_tab()
    qtbot.waitUntil(lambda: dock.isFloating() and dock.isVisible(), timeout=3000)
    assert dock.width() >= COMPARE_READABLE[0] and dock.height() >= COMPARE_READABLE[1]
    # Docked back by hand, it stays docked the next time its tab is clicked: the planner chose so.
    dock.setFloating(False)
    panels.projection_dock.raise_()
    qtbot.waitUntil(lambda: dock.visibleRegion().isEmpty(), timeout=2000)
    click_compare_tab()
    qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty(), timeout=2000)
    qtbot.wait(100)
    assert not dock.isFloating()


def test_a_comparison_during_a_first_visit_waits_for_the_bridges_engines(qtbot, monkeypatch):
    """While the bridge builds a scenario's engine it answers for none: the comparison then waits
    for that engine instead of computing both sides from scratch on a worker (twice the memory)."""
    import threading

    from parkplanner.core.editing.project_commands import switch_scenario
    from parkplanner.core.synthetic import synthetic_project
    from parkplanner.ui import metrics_bridge
    from parkplanner.ui.scenarios import compare_view

    project = synthetic_project(300, seed=5, scenarios=2)
    history = History(project)
    bridge = metrics_bridge.MetricsBridge(history)
    release, original_run = threading.Event(), metrics_bridge.FirstVisit.run

    def held_run(visit, ctx=None):
        release.wait(10)
        original_run(visit, ctx)

    monkeypatch.setattr(metrics_bridge.FirstVisit, "run", held_run)
    calls = []
    original_compare = compare_view._compare
    monkeypatch.setattr(compare_view, "_compare", lambda *args: calls.append(dict(args[3])) or original_compare(*args))

    history.push(switch_scenario(project, "scenario-1"))
    qtbot.waitUntil(lambda: bridge.building, timeout=5_000)  # the frame timer started the first visit
    view = CompareView(history, metrics_source=lambda: bridge)
    qtbot.addWidget(view)
    view.set_pair("base", "scenario-1")
    view.show()
    view.recompute_in_background()
    qtbot.wait(300)
    assert calls == [] and view.comparison is None  # nothing computed from scratch meanwhile
    release.set()
    qtbot.waitUntil(lambda: view.comparison is not None and not view._stale, timeout=10_000)
    assert len(calls) == 1 and set(calls[0]) == {"base", "scenario-1"}  # both sides from the bridge
    expected = compare_scenarios(project, project.scenario("base"), project.scenario("scenario-1"))
    got = view.comparison.row("totals", "gfa_m2")
    want = expected.row("totals", "gfa_m2")
    assert got.a == pytest.approx(want.a, rel=1e-9) and got.b == pytest.approx(want.b, rel=1e-9)
    bridge.close()


def _computed_from_scratch(monkeypatch) -> list[str]:
    """Scenario ids whose metrics the comparison computes from scratch, in order."""
    import parkplanner.core.metrics as metrics

    computed, original = [], metrics.compute_metrics
    monkeypatch.setattr(metrics, "compute_metrics",
                        lambda project, scenario: computed.append(scenario.id) or original(project, scenario))
    return computed


def _comparison_beside_a_bridge(qtbot, monkeypatch):
    """(project, history, bridge, view, balanced): a 300-zone project showing scenario-1, whose
    engine alone the bridge keeps, and a comparison of base (A) with it (B), shown and computed;
    ``balanced`` lists the scenarios whose phase balance the comparison worked out, in order."""
    from parkplanner.core.editing.project_commands import switch_scenario
    from parkplanner.core.synthetic import synthetic_project
    from parkplanner.ui.metrics_bridge import MetricsBridge
    from parkplanner.ui.scenarios import compare_view
    from parkplanner.ui.tasks import workers_idle

    project = synthetic_project(300, seed=5, scenarios=2)
    history = History(project)
    history.push(switch_scenario(project, "scenario-1"))
    bridge = MetricsBridge(history)
    bridge.flush()  # the bridge keeps the shown scenario's engine only
    balanced = []
    monkeypatch.setattr(compare_view, "phase_balance",
                        lambda project, scenario: balanced.append(scenario.id) or phase_balance(project, scenario))
    view = CompareView(history, metrics_source=lambda: bridge)
    qtbot.addWidget(view)
    view.set_pair("base", "scenario-1")
    view.show()
    qtbot.waitUntil(lambda: view.comparison is not None and not view._stale, timeout=10_000)
    qtbot.waitUntil(workers_idle, timeout=10_000)
    return project, history, bridge, view, balanced


def test_the_side_not_edited_is_computed_once_while_the_other_is_edited(qtbot, monkeypatch):
    """Editing B with the comparison open: A's numbers (no engine of the bridge keeps them) are
    worked out on the first comparison only; an edit of A itself works them out again, and the
    table then shows what a fresh comparison of the two gives."""
    computed = _computed_from_scratch(monkeypatch)
    project, history, bridge, view, balanced = _comparison_beside_a_bridge(qtbot, monkeypatch)
    assert set(computed) == {"base"}  # set_pair and show may each have started one comparison
    first, balanced_first = len(computed), balanced.count("base")
    zone_ids = list(project.scenario("scenario-1").zones)[:3]
    for n, zone_id in enumerate(zone_ids):  # edits of the shown scenario, B
        far = project.scenario("scenario-1").zones[zone_id].far
        history.push(set_zone_attributes(project, [zone_id], {"far": round(far + 0.5, 2)}))
        bridge.flush()
        view.recompute_in_background()
        qtbot.waitUntil(lambda: not view._stale and view.comparison.row("totals", "gfa_m2").b
                        == pytest.approx(bridge.current["totals"]["gfa_m2"], rel=1e-9), timeout=10_000)
    assert len(computed) == first and balanced.count("base") == balanced_first
    assert balanced.count("scenario-1") >= len(zone_ids)  # the edited side, every time
    zone_id = next(iter(project.scenario("base").zones))
    history.push(set_zone_attributes(project, [zone_id], {"far": 4.0}, scenario_id="base"))
    bridge.flush()
    view.recompute_in_background()
    expected = compare_scenarios(project, project.scenario("base"), project.scenario("scenario-1"))
    qtbot.waitUntil(lambda: not view._stale and view.comparison.row("totals", "gfa_m2").a
                    == pytest.approx(expected.row("totals", "gfa_m2").a, rel=1e-9), timeout=10_000)
    assert computed[first:] == ["base"] and balanced.count("base") == balanced_first + 1
    assert view.comparison.phases_a == tuple(phase_balance(project, project.scenario("base")))
    bridge.close()


def test_numbers_worked_out_before_an_edit_of_their_scenario_are_not_kept():
    """A worker's result that arrives after an edit of its scenario is shown (a newer comparison
    follows) but never reused: the next comparison works that side out again."""
    from parkplanner.core.editing.change import ChangeKind, ProjectChange
    from parkplanner.ui.scenarios.computed_metrics import ComputedMetrics

    project = two_scenario_project()
    known = ComputedMetrics()
    ticket = known.ticket({"alt", "base"})
    known.forget([ProjectChange(ChangeKind.ZONES_ATTRIBUTES, "alt", frozenset({1}))])
    known.keep(project, ticket, {"alt": {"n": 1}, "base": {"n": 2}}, {"alt": (1,), "base": (2,)})
    assert known.get(project, "alt") is None and known.get(project, "base") == ({"n": 2}, (2,))
    known.forget([ProjectChange(ChangeKind.ACTIVE_SCENARIO, "alt")])  # showing another moves nothing
    assert known.get(project, "base") == ({"n": 2}, (2,))
    known.forget([ProjectChange(ChangeKind.PROJECT, field="parameters")])  # every scenario's numbers
    assert known.get(project, "base") is None
    ticket = known.ticket({"base"})
    known.forget([ProjectChange(ChangeKind.PROJECT, field="targets")])
    known.keep(project, ticket, {"base": {"n": 3}}, {"base": (3,)})
    assert known.get(project, "base") is None


def test_the_phase_balance_of_a_side_the_bridge_gives_is_worked_out_once(qtbot, monkeypatch):
    """Editing A with the comparison open, B's metrics come from the bridge's engine each time,
    and its phase balance (read zone by zone) is worked out on the first comparison only."""
    project, history, bridge, view, balanced = _comparison_beside_a_bridge(qtbot, monkeypatch)
    assert "scenario-1" in bridge.ready_scenario_ids()  # B's metrics are the bridge's
    first_b, first_a = balanced.count("scenario-1"), balanced.count("base")
    zone_id = next(iter(project.scenario("base").zones))
    for far in (2.5, 3.5):  # edits of A
        history.push(set_zone_attributes(project, [zone_id], {"far": far}, scenario_id="base"))
        bridge.flush()
        view.recompute_in_background()
        expected = compare_scenarios(project, project.scenario("base"), project.scenario("scenario-1"))
        qtbot.waitUntil(lambda: not view._stale and view.comparison.row("totals", "gfa_m2").a
                        == pytest.approx(expected.row("totals", "gfa_m2").a, rel=1e-9), timeout=10_000)
        assert view.comparison.phases_a == expected.phases_a
        assert view.comparison.phases_b == expected.phases_b
    assert balanced.count("scenario-1") == first_b  # B's balance kept
    assert balanced.count("base") == first_a + 2  # A's worked out again after each of its edits
    bridge.close()

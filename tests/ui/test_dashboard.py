"""Live dashboard: the bridge coalesces edits into one update per frame, every chart follows the
metrics, previous values stay visible, and clicks on bars or violations select zones."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from shapely.geometry import box

from parkplanner.core.editing import History
from parkplanner.core.editing.zone_commands import reshape_zone, set_zone_attributes
from parkplanner.core.editing.project_commands import SetProjectField
from parkplanner.core.metrics.engine import compute_metrics
from parkplanner.core.model.project import Phase, Project, Target
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone
from parkplanner.interaction.selection import Selection
from parkplanner.ui.charts.balance_chart import BALANCE_CLASSES
from parkplanner.ui.charts.dashboard import Dashboard, zones_for_pick
from parkplanner.ui.metrics_bridge import MetricsBridge
from parkplanner.ui.panels.checks_panel import ChecksPanel


def _project() -> Project:
    cells = [
        (1, "100101", "next_gen_it", 1.5), (2, "100101", "biomed_devices", 0.4),  # FAR 0.4 < 0.7: violation
        (3, "070102", None, 2.5), (4, "0802", "next_gen_it", 2.0), (5, "1401", None, 0.0),
        (6, "080403", None, 0.8), (7, "0901", "modern_services", 2.0), (8, "1207", None, 0.0),
    ]
    zones = {i: Zone(i, box(200 * (i % 4), 200 * (i // 4), 200 * (i % 4) + 190, 200 * (i // 4) + 190), code,
                     name=f"Z{i}", sector=sector, far=far) for i, code, sector, far in cells}
    return Project(scenarios=[Scenario("base", "Base plan", zones)], phases=(Phase(1, "Phase 1", 2020),),
                   targets=(Target("jobs", 5_000.0, 2035), Target("residents", 4_000.0, None)))


@pytest.fixture
def setup(qtbot):
    project = _project()
    history = History(project)
    selection = Selection(project, history)
    bridge = MetricsBridge(history)
    dashboard = Dashboard(bridge, selection)
    dashboard.resize(800, 1300)
    qtbot.addWidget(dashboard)
    dashboard.show()  # a dashboard not shown leaves the bridge's updates for when it is
    return project, history, selection, bridge, dashboard


def _drawn(bridge, dash, qtbot) -> None:
    """Flush the bridge and wait for the dashboard's stages (charts, then table) to draw it."""
    bridge.flush()
    qtbot.waitUntil(lambda: not dash.drawing(), timeout=2000)


def test_bridge_starts_with_the_full_computation(setup):
    """The first metrics equal compute_metrics of the active scenario (the CLI's numbers)."""
    project, *_, bridge, _ = setup
    expected = compute_metrics(project).to_dict()
    assert bridge.current["totals"] == expected["totals"]
    assert bridge.current["coupling"]["D"] == expected["coupling"]["D"]
    assert bridge.previous is None


def test_edits_in_one_frame_coalesce_into_one_update(setup, qtbot):
    """Three pushes before the event loop runs produce a single 'updated' with all of them applied."""
    project, history, _, bridge, _ = setup
    received = []
    bridge.updated.connect(lambda current, previous: received.append((current, previous)))
    for far in (1.6, 1.7, 1.8):
        history.push(set_zone_attributes(project, [1], {"far": far}))
    assert received == []  # nothing until the frame timer fires
    qtbot.waitUntil(lambda: len(received) == 1, timeout=1000)
    qtbot.wait(3 * bridge.frame_ms)
    assert len(received) == 1
    current, previous = received[0]
    assert current["totals"] == compute_metrics(project).to_dict()["totals"]
    assert previous["totals"]["gfa_m2"] == pytest.approx(current["totals"]["gfa_m2"] - 0.3 * 190 * 190)


def test_previous_survives_a_merged_drag(setup):
    """Steps that merge (one vertex drag) keep the 'before' of the whole drag as previous."""
    project, history, _, bridge, _ = setup
    before_area = bridge.current["totals"]["total_area_m2"]
    for step in (10, 20, 30):
        history.push(reshape_zone(project, 1, box(200, 0, 390 + step, 190), merge_key=("drag", 1)))
        bridge.flush()
    assert history.index == 1
    assert bridge.previous["totals"]["total_area_m2"] == pytest.approx(before_area)
    assert bridge.current["totals"]["total_area_m2"] == pytest.approx(before_area + 30 * 190)


def test_sector_totals_follow_edits_and_sector_changes(setup):
    """by_sector sums the engine's per-zone GFA by sector, incrementally and after sector edits."""
    project, history, _, bridge, _ = setup
    it = next(r for r in bridge.current["by_sector"] if r["id"] == "next_gen_it")
    assert it["gfa_m2"] == pytest.approx(190 * 190 * (1.5 + 2.0))
    history.push(set_zone_attributes(project, [4], {"sector": "biomed_devices"}))
    bridge.flush()
    rows = {r["id"]: r for r in bridge.current["by_sector"]}
    assert rows["next_gen_it"]["gfa_m2"] == pytest.approx(190 * 190 * 1.5)
    assert rows["biomed_devices"]["gfa_m2"] == pytest.approx(190 * 190 * (0.4 + 2.0))
    sectors = dict(project.sectors)
    sectors["biomed_devices"] = sectors["biomed_devices"].with_values(m2_gfa_per_job=100.0)
    history.push(SetProjectField.of(project, "sectors", sectors))
    bridge.flush()
    rows = {r["id"]: r for r in bridge.current["by_sector"]}
    assert rows["biomed_devices"]["jobs"] == pytest.approx(190 * 190 * 2.4 / 100.0)


def test_charts_show_current_and_previous_values(setup, qtbot):
    """After a FAR edit the balance, radar, jobs-housing and table show the new numbers, the
    previous ones faintly."""
    project, history, _, bridge, dash = setup
    history.push(set_zone_attributes(project, [3], {"code": "1001"}))  # housing becomes industry
    _drawn(bridge, dash, qtbot)
    shares = {r["generic_class"]: r["share_of_construction_pct"] for r in bridge.current["landuse_balance"]}
    old = {r["generic_class"]: r["share_of_construction_pct"] for r in bridge.previous["landuse_balance"]}
    widths = dict(zip(BALANCE_CLASSES, dash.balance.bars.opts["width"]))
    ghosts = dict(zip(BALANCE_CLASSES, dash.balance.previous.opts["width"]))
    assert widths["IND"] == pytest.approx(shares["IND"]) and ghosts["IND"] == pytest.approx(old["IND"])
    assert widths["RES"] == 0 and ghosts["RES"] == pytest.approx(old["RES"]) and old["RES"] > 0
    polygon = dash.radar.current.polygon()
    industry = bridge.current["dimensions"]["industry"]
    assert polygon[0].y() == pytest.approx(industry)  # first axis points up
    assert dash.table.item(0, 1).text() == f"{bridge.current['indicators']['I1']['value']:,.1f} %"
    assert dash.table.item(0, 5).text().startswith("+")  # industrial share went up
    assert "D = " in dash.radar.headline.toPlainText()


def test_land_outside_construction_land_is_noted_not_charted(setup, qtbot):
    """A railway (MNR 1201) is transport but not construction land: its 190 m × 190 m = 3.61 ha
    leave the TRN bar and are noted below the bars."""
    project, history, _, bridge, dash = setup
    assert dash.balance.outside.toPlainText() == ""
    trn_before = dict(zip(BALANCE_CLASSES, dash.balance.bars.opts["width"]))["TRN"]
    history.push(set_zone_attributes(project, [8], {"code": "1201"}))
    _drawn(bridge, dash, qtbot)
    assert trn_before > 0 and dict(zip(BALANCE_CLASSES, dash.balance.bars.opts["width"]))["TRN"] == 0
    assert dash.balance.outside.toPlainText() == "not construction land: 3.6 ha"
    dash.set_lang("zh")
    assert dash.balance.outside.toPlainText() == "非建设用地：3.6 公顷"


def test_jobs_housing_and_targets(setup, qtbot):
    project, history, _, bridge, dash = setup
    ratio = bridge.current["indicators"]["P1"]["value"]
    assert dash.jobs_housing.current.opts["width"][0] == pytest.approx(ratio)
    assert f"{ratio:.2f}" in dash.jobs_housing.value_label.toPlainText()
    jobs = bridge.current["totals"]["jobs"]
    assert dash.targets.bars.opts["width"][0] == pytest.approx(100 * jobs / 5_000.0)
    assert "no target set" in dash.targets.labels[2].toPlainText()
    history.push(SetProjectField.of(project, "targets", (Target("jobs", 10_000.0, 2035),)))
    _drawn(bridge, dash, qtbot)
    assert dash.targets.bars.opts["width"][0] == pytest.approx(100 * jobs / 10_000.0)


def test_dashboard_redraws_when_history_undoes(setup, qtbot):
    project, history, _, bridge, dash = setup
    start = np.array(dash.balance.bars.opts["width"], dtype=float)
    history.push(set_zone_attributes(project, [5], {"code": "100101"}))
    _drawn(bridge, dash, qtbot)
    assert not np.allclose(dash.balance.bars.opts["width"], start)
    history.undo()
    _drawn(bridge, dash, qtbot)
    assert np.allclose(dash.balance.bars.opts["width"], start)


def test_pick_keys_select_zones(setup):
    project, _, selection, _, dash = setup
    assert zones_for_pick(project, ("generic", "IND")) == [1, 2]
    assert zones_for_pick(project, ("sector", "next_gen_it")) == [1, 4]
    dash.balance.picked.emit(("generic", "RES"))
    assert selection.ids == {3}
    dash.sectors.picked.emit(("sector", "modern_services"))
    assert selection.ids == {7}


def test_clicking_a_balance_bar_selects_its_zones(setup, qtbot):
    """A real mouse click on the Industrial row of the balance chart selects the industrial zones."""
    project, _, selection, _, dash = setup
    dash.resize(640, 1100)  # the balance chart in view, as in a docked dashboard
    dash.show()
    qtbot.waitExposed(dash)
    qtbot.wait(50)  # the charts laid out at that size
    row = BALANCE_CLASSES.index("IND")
    y = len(BALANCE_CLASSES) - 1 - row
    view_box = dash.balance.plot.getViewBox()
    scene_point = view_box.mapViewToScene(QPointF(1.0, y))
    view_point = dash.graphics.mapFromScene(scene_point)
    qtbot.mouseClick(dash.graphics.viewport(), Qt.MouseButton.LeftButton, pos=view_point)
    assert selection.ids == {1, 2}


def test_language_switch_changes_class_names(setup):
    *_, dash = setup
    ticks = dict((label, y) for y, label in dash.balance.plot.getAxis("left")._tickLevels[0])
    assert "Industrial" in ticks
    dash.set_lang("zh")
    ticks = dict((label, y) for y, label in dash.balance.plot.getAxis("left")._tickLevels[0])
    assert "工业" in ticks
    assert dash.table.horizontalHeaderItem(4).text() == "障碍度"


def test_checks_panel_lists_violations_and_selects_zone(setup, qtbot):
    project, history, selection, bridge, _ = setup
    panel = ChecksPanel(project, selection)
    qtbot.addWidget(panel)
    flagged = []
    panel.flagged_changed.connect(flagged.append)
    bridge.updated.connect(panel.update_metrics)
    panel.update_metrics(bridge.current)
    violations = bridge.current["violations"]
    assert panel.model.rowCount() == len(violations) > 0
    far_rows = [r for r in range(panel.model.rowCount()) if panel.model.zone_id(r) == 2]
    assert far_rows, "zone 2 (FAR 0.4 for biomedicine) must be flagged"
    assert 2 in flagged[-1]
    panel.table.clicked.emit(panel.model.index(far_rows[0], 1))
    assert selection.ids == {2}
    history.push(set_zone_attributes(project, [2], {"parcel_code": "BD01-02-07"}))
    zone_text = panel.model.data(panel.model.index(far_rows[0], 0))
    assert zone_text.startswith("2 BD01-02-07")  # the id, then the parcel code, then the name
    history.push(set_zone_attributes(project, [2], {"far": 1.0, "coverage": 0.4, "green_ratio": 0.15}))
    bridge.flush()
    assert 2 not in panel.flagged


def test_install_planning_panels_docks_and_rebinds(qtbot):
    """The panels dock into a plain QMainWindow, open the dialogs, and follow a new document."""
    from PySide6.QtCore import Signal
    from PySide6.QtWidgets import QMainWindow

    from parkplanner.ui.planning_panels import install_planning_panels

    class Window(QMainWindow):
        documentChanged = Signal()

    class Canvas:
        flagged, zoomed = None, None

        def set_flagged(self, ids):
            self.flagged = set(ids)

        def zoom_to_zones(self, ids):
            self.zoomed = list(ids)

    window = Window()
    qtbot.addWidget(window)
    window.canvas = Canvas()
    window.history = History(_project())
    window.selection = Selection(window.history.project, window.history)
    panels = install_planning_panels(window)
    assert panels.dashboard_dock.widget() is panels.dashboard
    checks = panels.checks  # made in a later turn, or at once when asked for
    assert window.canvas.flagged == set(checks.flagged) and 2 in window.canvas.flagged
    row = next(r for r in range(panels.checks.model.rowCount()) if panels.checks.model.zone_id(r) == 2)
    panels.checks.table.doubleClicked.emit(panels.checks.model.index(row, 0))
    assert window.canvas.zoomed == [2]
    assert panels.inspector.project is window.history.project
    first_bridge = panels.metrics
    dialog = panels.open_settings()
    assert dialog.isVisible()
    window.history = History(_project())
    window.selection = Selection(window.history.project, window.history)
    window.documentChanged.emit()
    assert panels.metrics is not first_bridge
    assert panels.inspector.project is window.history.project
    assert not dialog.isVisible()
    window.selection.set([1])
    assert panels.inspector.number_edits["far"].text() == "1.5"
    panels.chinese_action.setChecked(True)
    assert panels.dashboard.lang == "zh" and panels.inspector.sector.currentText() == "新一代信息技术"


def test_violation_limits_and_summary_read_as_a_planner_writes_them():
    from parkplanner.ui.panels.checks_panel import limit_text, summary_text

    assert limit_text({"limit": [25.0, 40.0]}) == "25–40"
    assert limit_text({"limit": 0.7, "operator": ">="}) == "≥ 0.7"
    assert limit_text({"limit": [None, 0.2]}) == "≤ 0.2"
    violations = [{"zone_id": 4}, {"zone_id": 4}, {"zone_id": None}]
    assert summary_text(violations, frozenset({4})) == (
        "2 zone violations in 1 zone (click a row to select the zone); "
        "1 land-use balance range missed by the whole plan")
    assert summary_text([], frozenset()).startswith("No violations")


def test_checks_panel_rows_in_chinese(setup, qtbot):
    from PySide6.QtWidgets import QApplication

    from parkplanner.ui import i18n

    project, history, selection, bridge, _ = setup
    app = QApplication.instance()
    i18n.install_translators(app, "zh_CN")
    try:
        panel = ChecksPanel(project, selection)
        qtbot.addWidget(panel)
        panel.update_metrics(bridge.current)
        model = panel.model
        texts = {model.rows[r]["rule"]: model.data(model.index(r, 1)) for r in range(model.rowCount())}
        assert texts["IND_FAR_MIN"] == "工业用地容积率不低于所属行业的控制下限"
        plan_wide = [r for r in range(model.rowCount()) if model.zone_id(r) is None]
        assert plan_wide and model.data(model.index(plan_wide[0], 0)) == "规划区整体"
        assert "占城市建设用地比例" in model.data(model.index(plan_wide[0], 1))
    finally:
        i18n.install_translators(app, "en")


def test_a_narrow_dashboard_puts_the_charts_in_one_column_with_legible_text(setup, qtbot):
    from parkplanner.ui.charts.chart_base import SMALL_TEXT_PT
    from parkplanner.ui.charts.dashboard import MIN_TEXT_PX

    *_, dash = setup
    dash.resize(700, 900)
    dash.show()
    qtbot.waitExposed(dash)
    assert dash.columns == 2
    dash.resize(380, 900)  # a laptop's dock
    qtbot.waitUntil(lambda: dash.columns == 1, timeout=2000)
    graphics = dash.graphics
    qtbot.waitUntil(lambda: graphics.width() < 380, timeout=2000)
    assert SMALL_TEXT_PT * graphics.logicalDpiY() / 72 * graphics.effective_zoom() >= MIN_TEXT_PX
    radar = dash.radar.plot.sceneBoundingRect()
    jobs = dash.jobs_housing.plot.sceneBoundingRect()
    assert jobs.top() >= radar.bottom() - 1  # one under the other
    dash.resize(700, 900)
    qtbot.waitUntil(lambda: dash.columns == 2, timeout=2000)


def test_output_is_shown_calibrated_and_a_target_far_exceeded_is_amber(setup, qtbot):
    from parkplanner.core.model.project import Calibration
    from parkplanner.ui.charts.chart_base import BAD, GOOD
    from parkplanner.ui.charts.targets_chart import OVER

    project, history, _, bridge, dash = setup
    totals = bridge.current["totals"]
    raw_yi = totals["output_wan"] / 10_000
    jobs = totals["jobs"]
    # Calibrated output at a quarter of the model's; the jobs target set to 40 % of the plan's jobs.
    history.push(SetProjectField.of(project, "calibration", (Calibration("output_yi", scale=0.25),)))
    history.push(SetProjectField.of(project, "targets", (Target("jobs", 0.4 * jobs, None),
                                                         Target("residents", 4_000.0, None))))
    qtbot.waitUntil(lambda: "calibrated" in dash.targets.labels[2].toPlainText(), timeout=3000)
    output = dash.targets.labels[2].toPlainText()
    assert output.startswith(f"{0.25 * raw_yi:,.1f} 亿元 calibrated ({raw_yi:,.1f} 亿元 uncalibrated)")
    jobs_label = dash.targets.labels[0]
    assert "(250 %)" in jobs_label.toPlainText() and jobs_label.color == OVER  # far over: amber, not green
    history.push(SetProjectField.of(project, "targets", (Target("jobs", jobs, None),
                                                         Target("residents", 4_000.0, None))))
    qtbot.waitUntil(lambda: "(100 %)" in jobs_label.toPlainText(), timeout=3000)
    assert jobs_label.color == GOOD
    history.push(SetProjectField.of(project, "targets", (Target("jobs", 2 * jobs, None),
                                                         Target("residents", 4_000.0, None))))
    qtbot.waitUntil(lambda: "(50 %)" in jobs_label.toPlainText(), timeout=3000)
    assert jobs_label.color == BAD


def test_the_table_follows_the_charts_and_a_burst_ends_on_the_newest_numbers(setup, qtbot):
    """What the bridge sends is drawn in stages (charts, then the table a frame later); updates
    sent while the stages run end with both showing the last numbers, as a dashboard drawing them
    at once shows them."""
    project, history, selection, bridge, dash = setup
    first_value = dash.table.item(0, 1).text()
    history.push(set_zone_attributes(project, [3], {"code": "1001"}))  # housing becomes industry
    bridge.flush()
    assert dash.drawing() and dash.table.item(0, 1).text() == first_value  # not in the bridge's turn
    history.push(set_zone_attributes(project, [5], {"code": "100101"}))  # and green space too
    bridge.flush()
    qtbot.waitUntil(lambda: not dash.drawing(), timeout=2000)
    at_once = Dashboard(bridge, selection)
    qtbot.addWidget(at_once)
    at_once.update_metrics(bridge.current, bridge.previous)
    industry = bridge.current["indicators"]["I1"]["value"]
    assert dash.table.item(0, 1).text() == f"{industry:,.1f} %" != first_value
    for row in range(dash.table.rowCount()):
        for column in range(dash.table.columnCount()):
            assert dash.table.item(row, column).text() == at_once.table.item(row, column).text()
    for chart in ("balance", "targets"):
        for bars in ("bars", "previous"):
            assert np.array_equal(getattr(getattr(dash, chart), bars).opts["width"],
                                  getattr(getattr(at_once, chart), bars).opts["width"])
    assert dash.radar.headline.toPlainText() == at_once.radar.headline.toPlainText()
    assert [dash.radar.current.polygon()[i] for i in range(5)] == [at_once.radar.current.polygon()[i] for i in range(5)]


def test_updates_every_frame_starve_neither_the_charts_nor_the_table(setup, qtbot):
    """A drag sends an update every frame: the stages take turns, so the table keeps following
    during the drag instead of waiting for its end behind the charts."""
    project, history, _, bridge, dash = setup
    table_texts = lambda: [dash.table.item(r, 1).text() for r in range(dash.table.rowCount())]  # noqa: E731
    shown = [table_texts()]
    for far in (2.0, 2.5, 3.0, 3.5):
        history.push(set_zone_attributes(project, [1], {"far": far}))
        bridge.flush()  # the next update comes while the stages of the last still run
        with qtbot.waitSignal(dash._stage_timer.timeout, timeout=2000):
            pass
        shown.append(table_texts())
    assert len({tuple(texts) for texts in shown}) >= 3  # the table moved during the drag
    qtbot.waitUntil(lambda: not dash.drawing(), timeout=2000)
    assert dash.radar.headline.toPlainText().startswith(f"D = {bridge.current['coupling']['D']:.3f}")


def test_a_hidden_dashboard_draws_the_last_numbers_when_shown_again(setup, qtbot):
    """Its dock closed (or the window hidden by workshop mode), the dashboard draws nothing for
    the bridge's updates; shown again, it draws the last of them."""
    project, history, _, bridge, dash = setup
    dash.hide()
    drawn = []
    dash.balance.update_metrics = lambda current, previous: drawn.append(current)
    for far in (2.0, 2.5, 3.0):
        history.push(set_zone_attributes(project, [1], {"far": far}))
        bridge.flush()
    qtbot.wait(5 * bridge.frame_ms)
    assert drawn == [] and dash.drawing()
    dash.show()
    qtbot.waitUntil(lambda: not dash.drawing(), timeout=2000)
    assert drawn == [bridge.current]
    assert dash.jobs_housing.value_label.toPlainText() == f"{bridge.current['indicators']['P1']['value']:.2f}"


def test_charts_are_not_repainted_when_the_window_gains_or_loses_the_focus(qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from parkplanner.ui.charts.scaled_graphics import ScaledGraphics

    graphics = ScaledGraphics(1.0)
    qtbot.addWidget(graphics)
    graphics.addPlot()
    # A scene told of an activation change repaints every item; the charts' scene is not told.
    QApplication.sendEvent(graphics.scene(), QEvent(QEvent.Type.WindowActivate))
    assert not graphics.scene().isActive()


def test_the_table_columns_fit_their_longest_text_after_an_update(setup, qtbot):
    """The table's columns are measured once per update, after its cells are set (measuring a
    column per changed cell cost ~10 ms a switch): the widths still fit the new texts."""
    project, history, _, bridge, dash = setup
    _drawn(bridge, dash, qtbot)
    # A FAR of 9 on every zone: GFA and jobs grow, so do their texts.
    history.push(set_zone_attributes(project, list(project.active_scenario.zones), {"far": 9.0}))
    _drawn(bridge, dash, qtbot)
    table, header = dash.table, dash.table.horizontalHeader()
    qtbot.waitUntil(lambda: all(header.sectionSize(c) >= table.sizeHintForColumn(c) for c in range(1, table.columnCount())),
                    timeout=2000)
    for column in range(1, table.columnCount()):
        assert header.sectionResizeMode(column) == header.ResizeMode.ResizeToContents


def test_pending_stages_drawn_at_once_show_what_the_stages_would(setup, qtbot):
    """``draw_pending`` (benchmarks, a grab right after a flush) leaves no stage to the timer
    and shows the numbers a dashboard drawing them at once shows."""
    project, history, selection, bridge, dash = setup
    history.push(set_zone_attributes(project, [3], {"code": "1001"}))
    bridge.flush()
    assert dash.drawing()
    dash.draw_pending()
    assert not dash.drawing() and not dash._stage_timer.isActive()
    industry = bridge.current["indicators"]["I1"]["value"]
    assert dash.table.item(0, 1).text() == f"{industry:,.1f} %"
    assert dash.radar.headline.toPlainText().startswith(f"D = {bridge.current['coupling']['D']:.3f}")


def test_sector_axes_hold_during_small_changes_and_refit_large_ones(setup, qtbot):
    """A drag moving the sector bars a little leaves their value axis as it was (each change
    lays the axis out again, every frame); the bars still fit with room for their labels, and a
    change that would leave them in less than half of it, or overflow it, refits the axis."""
    project, history, _, bridge, dash = setup
    panel = dash.sectors.gfa
    start = panel._x_max
    largest = lambda: panel.bars.opts["width"].max()  # noqa: E731
    assert largest() * 1.2 <= start  # the fitted axis leaves room for the labels
    # A step of a drag: the bars grow past where a fit would choose the next step of the axis.
    history.push(set_zone_attributes(project, [1], {"far": 2.4}))
    _drawn(bridge, dash, qtbot)
    assert largest() * 1.3 > start  # a fit would have moved the axis
    assert panel._x_max == start and largest() * 1.2 <= start
    history.push(set_zone_attributes(project, [1, 4], {"far": 9.0}))  # far beyond the axis
    _drawn(bridge, dash, qtbot)
    grown = panel._x_max
    assert largest() * 1.2 <= grown and grown > start
    history.push(set_zone_attributes(project, [1, 4], {"far": 0.2}))  # the bars collapse
    history.push(set_zone_attributes(project, [7], {"far": 0.1}))
    _drawn(bridge, dash, qtbot)
    # Fitted again (the previous values, drawn faintly, count: the step before is the grown one).
    history.push(set_zone_attributes(project, [2], {"far": 0.5}))
    _drawn(bridge, dash, qtbot)
    assert panel._x_max < grown / 2 and largest() * 1.2 <= panel._x_max

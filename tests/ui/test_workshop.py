"""Workshop mode: F11 in and out, keys 1–9 and Tab, live sliders as one undo step per drag,
checkpoints to jump back to, and the mirrored dashboard."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from parkplanner.core.editing import History
from parkplanner.core.editing.zone_commands import set_zone_attributes
from parkplanner.ui.main_window import MainWindow
from parkplanner.ui.scenario_panels import install_scenario_panels
from parkplanner.ui.workshop.assumption_sliders import AssumptionSliders, class_zone_ids
from parkplanner.ui.workshop.workshop_mode import scenario_pairs
from tests.ui.scenario_fixtures import two_scenario_project


@pytest.fixture
def workshop(qtbot):
    window = MainWindow()
    window.ask_unsaved = lambda: "discard"  # closing at teardown must not wait for a dialog
    qtbot.addWidget(window)
    panels = install_scenario_panels(window)
    project = two_scenario_project()
    project.scenarios.append(project.scenarios[0].copy("third", "Third"))
    window.set_document(project, None)
    window.show()
    mode = panels.workshop_mode()
    mode.ask_leave = lambda *args: "discard"  # the question is tested below
    yield window, panels, mode
    mode.leave()


def _enter(qtbot, mode):
    screen = mode.enter()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow, timeout=2000)
    return screen


def test_f11_takes_the_canvas_full_screen_and_gives_it_back(qtbot, workshop):
    window, panels, mode = workshop
    canvas = window.canvas
    panels.workshop_action.trigger()
    assert mode.active and panels.workshop_action.isChecked()
    assert mode.screen.map_widget is canvas and not window.isVisible()
    qtbot.keyClick(_enter(qtbot, mode), Qt.Key.Key_F11)
    assert not mode.active and not panels.workshop_action.isChecked()
    assert window.centralWidget() is canvas and window.isVisible()


def test_number_keys_switch_scenarios_as_undoable_steps(qtbot, workshop):
    window, panels, mode = workshop
    screen = _enter(qtbot, mode)
    project, history = window.project, window.history
    qtbot.keyClick(screen, Qt.Key.Key_2)
    # The map shows the workshop's copy of scenario 2, never the scenario itself.
    assert mode.pair[1] == "alt" and project.active_scenario_id not in ("base", "alt", "third")
    assert screen.scenario_name.text() == "Alternative (workshop)"
    qtbot.keyClick(screen, Qt.Key.Key_3)
    assert mode.pair[1] == "third"
    qtbot.keyClick(screen, Qt.Key.Key_9)  # no ninth scenario (copies are not counted): nothing happens
    assert mode.pair[1] == "third"
    assert history.labels == ["Switch to scenario Alternative (workshop)", "Switch to scenario Third (workshop)"]
    history.undo()
    assert mode.pair[1] == "alt" and screen.scenario_name.text() == "Alternative (workshop)"
    history.undo()
    assert not history.can_undo  # undo stops where the workshop began
    assert screen.scenario_name.text() == "Base plan (workshop)"


def test_tab_cycles_the_compared_pair(qtbot, workshop):
    window, panels, mode = workshop
    screen = _enter(qtbot, mode)
    pairs = scenario_pairs(["base", "alt", "third"])
    assert pairs == [("base", "alt"), ("base", "third"), ("alt", "third")]
    seen = []
    for _ in range(4):
        qtbot.keyClick(screen, Qt.Key.Key_Tab)
        seen.append(mode.pair)
    assert seen == [("base", "alt"), ("base", "third"), ("alt", "third"), ("base", "alt")]
    assert screen.pair_label.text() == "compared with “Base plan” (faint)"
    assert mode.pair[1] == "alt"
    # The faint series is the reference scenario's metrics.
    assert mode.reference_metrics()["totals"]["zone_count"] == len(window.project.scenario("base").zones)


def _drag(slider, positions):
    slider.setSliderDown(True)
    for position in positions:
        slider.setValue(position)
    slider.setSliderDown(False)  # emits sliderReleased


def test_parameter_slider_drag_is_one_undo_step(qtbot):
    history = History(two_scenario_project())
    sliders = AssumptionSliders(history)
    qtbot.addWidget(sliders)
    row = sliders.rows["employed_share"]
    assert row.value.text() == "60%"
    _drag(row.slider, [row.slider.value() + k for k in (1, 5, 10, 15)])
    project = history.project
    assert project.active_scenario.parameter_overrides == {"employed_share": 0.75}
    assert project.scenario("alt").parameter_overrides == {}
    assert len(history.labels) == 1 and history.labels[0] == "Workshop: Employed share of residents"
    _drag(row.slider, [row.slider.value() - 5])  # a second drag is a second step
    assert len(history.labels) == 2
    history.undo()
    history.undo()
    assert project.active_scenario.parameter_overrides == {}
    assert row.value.text() == "60%" and row.to_value(row.slider.value()) == 0.6


def test_far_slider_drag_scales_the_class_as_one_undo_step(qtbot):
    history = History(two_scenario_project())
    project = history.project
    sliders = AssumptionSliders(history)
    qtbot.addWidget(sliders)
    industrial = class_zone_ids(project, project.active_scenario, "IND")
    assert industrial == [1, 2]
    before = {i: project.active_scenario.zones[i].far for i in project.active_scenario.zones}
    row = sliders.rows["far:IND"]
    one = row.slider.value()
    _drag(row.slider, [one + 2, one + 4, one + 6])  # ×1.10, ×1.20, ×1.30
    after = {i: z.far for i, z in project.active_scenario.zones.items()}
    assert after[1] == pytest.approx(1.5 * 1.3) and after[2] == pytest.approx(1.2 * 1.3)
    assert {i: f for i, f in after.items() if i not in industrial} == {i: f for i, f in before.items()
                                                                       if i not in industrial}
    assert history.labels == ["Workshop: FAR of Industrial zones"]
    assert sliders.far_multiplier("IND") == pytest.approx(1.3)
    assert row.value.text() == "×1.30"
    history.undo()
    assert {i: z.far for i, z in project.active_scenario.zones.items()} == before
    assert row.value.text() == "×1.00"


def test_a_key_press_on_a_slider_is_a_step_of_its_own(qtbot):
    history = History(two_scenario_project())
    sliders = AssumptionSliders(history)
    qtbot.addWidget(sliders)
    slider = sliders.rows["m2_gfa_per_resident"].slider
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert history.project.active_scenario.parameter_overrides == {"m2_gfa_per_resident": 37.0}
    assert len(history.labels) == 2


def test_checkpoint_jump_restores_the_state_and_is_undoable(qtbot, workshop):
    window, panels, mode = workshop
    screen = _enter(qtbot, mode)
    project, history = window.project, window.history
    panel = screen.checkpoints
    panel.name.setText("Before the argument")
    panel.save()
    saved = project.snapshot()
    history.push(set_zone_attributes(project, [1, 2], {"far": 4.0}))
    qtbot.keyClick(screen, Qt.Key.Key_2)
    edited = project.snapshot()
    assert edited != saved
    assert panel.list.item(0).text().endswith("Before the argument")
    panel.list.setCurrentRow(0)
    panel.jump(0)
    assert project.snapshot() == saved
    assert screen.scenario_name.text() == "Base plan (workshop)"
    assert history.labels[-1] == "Jump to checkpoint Before the argument"
    history.undo()
    assert project.snapshot() == edited


def test_workshop_charts_follow_a_slider_drag(qtbot, workshop):
    window, panels, mode = workshop
    screen = _enter(qtbot, mode)
    bridge = panels.metrics_bridge()
    jobs_before = bridge.current["totals"]["jobs"]
    row = screen.sliders.rows["far:IND"]
    _drag(row.slider, [row.slider.value() + 10])  # ×1.5
    bridge.flush()
    assert bridge.current["totals"]["jobs"] > jobs_before
    assert f"jobs {bridge.current['totals']['jobs']:,.0f}" in screen.figures.text()


def test_mirror_window_shows_the_dashboard_of_the_same_bridge(qtbot, workshop):
    window, panels, mode = workshop
    panels.mirror_action.trigger()
    mirror = mode.mirror
    assert mirror is not None and mirror.isVisible()
    assert mirror.dashboard.bridge is panels.metrics_bridge()
    window.history.push(__import__("parkplanner.core.editing.project_commands", fromlist=["x"])
                        .switch_scenario(window.project, "alt"))
    assert mirror.title.text() == "Alternative"
    panels.mirror_action.trigger()
    assert mode.mirror is None


def test_workshop_year_box_shows_the_year_the_map_is_veiled_for(qtbot, workshop):
    window, panels, mode = workshop
    first, last = panels.year_slider.slider.minimum(), panels.year_slider.slider.maximum()
    year = (first + last) // 2
    panels.year_slider.slider.setValue(year)
    qtbot.mouseClick(panels.year_slider.enabled, Qt.MouseButton.LeftButton, pos=panels.year_slider.enabled.rect().center())
    assert panels.veil.year == year
    screen = _enter(qtbot, mode)
    assert screen.year.year == year and screen.year.label.text() == str(year)
    # Unticking the workshop's Year box shows the build-out plan on the map, and says so.
    qtbot.mouseClick(screen.year.enabled, Qt.MouseButton.LeftButton, pos=screen.year.enabled.rect().center())
    assert screen.year.year is None and panels.veil.year is None
    assert screen.year.label.text() == "build-out" and panels.year_slider.year is None
    # And the main window's slider moved while in the workshop (e.g. by a script) shows there too.
    panels.set_year(year)
    assert screen.year.year == year


def _slide_far(qtbot, screen, generic="IND", steps=(2, 4, 6)):
    row = screen.sliders.rows[f"far:{generic}"]
    one = row.slider.value()
    _drag(row.slider, [one + s for s in steps])


def _answer_leave_with(qtbot, label_start: str, seen: list) -> None:
    """Click the button of the leave question whose text starts with ``label_start``."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def click():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        button = next(b for b in box.buttons() if b.text().startswith(label_start))
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(200, click)


@pytest.mark.parametrize("answer", ["Keep as New Scenario", "Apply to", "Discard Changes", "Stay in Workshop"])
def test_sliders_act_on_a_copy_and_leaving_asks_what_becomes_of_it(qtbot, workshop, answer):
    from parkplanner.ui.workshop.workshop_exit import ask_leave_choice

    window, panels, mode = workshop
    mode.ask_leave = ask_leave_choice  # the real question
    project, history = window.project, window.history
    # A history with a step and a redo step before the workshop: discarding must give both back.
    history.push(set_zone_attributes(project, [3], {"far": 2.0}))
    history.push(set_zone_attributes(project, [3], {"far": 2.5}))
    history.undo()
    labels_before, index_before = list(history.labels), history.index
    base_far = {i: z.far for i, z in project.scenario("base").zones.items()}
    screen = _enter(qtbot, mode)
    _slide_far(qtbot, screen)  # FAR of industry x1.30
    slid = {i: z.far for i, z in project.active_scenario.zones.items()}
    assert slid[1] == pytest.approx(base_far[1] * 1.3) and slid[2] == pytest.approx(base_far[2] * 1.3)
    # The scenario itself is untouched while the workshop runs: the sliders moved its copy.
    assert {i: z.far for i, z in project.scenario("base").zones.items()} == base_far
    seen = []
    _answer_leave_with(qtbot, answer, seen)
    qtbot.keyClick(screen, Qt.Key.Key_F11)
    assert seen and "“Base plan”" in seen[0]
    base = project.scenario("base")
    if answer == "Stay in Workshop":
        assert mode.active and {i: z.far for i, z in project.active_scenario.zones.items()} == slid
        mode.ask_leave = lambda *args: "discard"
        return
    assert not mode.active and window.isVisible()
    names = [s.name for s in project.scenarios]
    if answer == "Keep as New Scenario":
        assert {i: z.far for i, z in base.zones.items()} == base_far  # the plan as it was
        assert names == ["Base plan", "Base plan (workshop)", "Alternative", "Third"]
        kept = project.active_scenario
        assert kept.name == "Base plan (workshop)" and {i: z.far for i, z in kept.zones.items()} == slid
        assert history.labels == labels_before[:index_before] + ["Keep workshop as scenario Base plan (workshop)"]
        history.undo()  # one step: the new scenario goes, the base plan stays as it was
        assert [s.name for s in project.scenarios] == ["Base plan", "Alternative", "Third"]
        assert project.active_scenario_id == "base"
    elif answer == "Apply to":
        assert {i: z.far for i, z in base.zones.items()} == slid and names == ["Base plan", "Alternative", "Third"]
        assert history.labels == labels_before[:index_before] + ["Apply workshop to Base plan"]
        history.undo()  # one step takes the whole workshop back
        assert {i: z.far for i, z in base.zones.items()} == base_far
        assert history.index == index_before
    else:
        assert {i: z.far for i, z in base.zones.items()} == base_far and names == ["Base plan", "Alternative", "Third"]
        # The history as it was, the redo step included.
        assert history.labels == labels_before and history.index == index_before
        history.redo()
        assert base.zones[3].far == 2.5


def test_apply_writes_every_changed_copy_and_shows_the_last_scenario(qtbot, workshop):
    window, panels, mode = workshop
    project, history = window.project, window.history
    mode.ask_leave = lambda parent, changed, shown: (seen.append((changed, shown)), "apply")[1]
    seen = []
    alt_far = {i: z.far for i, z in project.scenario("alt").zones.items()}
    screen = _enter(qtbot, mode)
    row = screen.sliders.rows["employed_share"]
    _drag(row.slider, [row.slider.value() + 10])  # base's copy: employed share 70 %
    qtbot.keyClick(screen, Qt.Key.Key_2)
    _slide_far(qtbot, screen, steps=(10,))  # alt's copy: industry x1.50
    assert project.scenario("base").parameter_overrides == {} and project.scenario("alt").zones[1].far == alt_far[1]
    qtbot.keyClick(screen, Qt.Key.Key_F11)
    assert seen == [(["Base plan", "Alternative"], "Alternative")]
    assert project.scenario("base").parameter_overrides == {"employed_share": 0.7}
    assert project.scenario("alt").zones[1].far == pytest.approx(alt_far[1] * 1.5)
    assert project.active_scenario_id == "alt" and len(project.scenarios) == 3
    assert history.labels == ["Apply workshop to Base plan, Alternative"]
    history.undo()
    assert project.scenario("base").parameter_overrides == {}
    assert {i: z.far for i, z in project.scenario("alt").zones.items()} == alt_far
    assert project.active_scenario_id == "base"


def test_leaving_without_changes_asks_nothing(qtbot, workshop):
    window, panels, mode = workshop
    mode.ask_leave = lambda *args: pytest.fail("nothing changed: no question")
    screen = _enter(qtbot, mode)
    qtbot.keyClick(screen, Qt.Key.Key_2)  # switching scenarios changes no scenario
    qtbot.keyClick(screen, Qt.Key.Key_F11)
    assert not mode.active


def _without_sectors(metrics: dict) -> dict:
    return {key: value for key, value in metrics.items() if key != "by_sector"}


def _sliders_on_a_bridge(qtbot, zones: int, seed: int, scenarios: int):
    """A synthetic project, its history, a metrics bridge, sliders previewing through it, and
    the project's metrics computed from scratch before any drag."""
    from parkplanner.core.metrics import compute_metrics
    from parkplanner.core.synthetic import synthetic_project
    from parkplanner.ui.metrics_bridge import MetricsBridge

    project = synthetic_project(zones, seed=seed, scenarios=scenarios)
    history = History(project)
    bridge = MetricsBridge(history)
    sliders = AssumptionSliders(history, metrics=bridge)
    qtbot.addWidget(sliders)
    return project, history, bridge, sliders, compute_metrics(project).to_dict()


def test_a_far_drag_previews_each_position_and_writes_the_zones_once_on_release(qtbot):
    from parkplanner.core.metrics import compute_metrics

    project, history, bridge, sliders, before = _sliders_on_a_bridge(qtbot, 400, seed=3, scenarios=2)
    zones_before = dict(project.active_scenario.zones)
    industrial = class_zone_ids(project, project.active_scenario, "IND")
    assert len(industrial) > 50
    row = sliders.rows["far:IND"]
    row.slider.setSliderDown(True)
    for steps, multiplier in ((2, 1.1), (6, 1.3), (-4, 0.8)):
        row.slider.setValue(round((1.0 - 0.5) / 0.05) + steps)
        bridge.flush()
        # Nothing written yet: the zones and the history are as they were.
        assert project.active_scenario.zones == zones_before and not history.labels
        # The dashboard shows the project as the written drag would make it, computed anew.
        scaled = project.active_scenario.copy("scaled", "Scaled")
        for zone_id in industrial:
            zone = scaled.zones[zone_id]
            scaled.zones[zone_id] = zone.with_changes(far=round(min(max(zone.far * multiplier, 0.0), 20.0), 3))
        project.scenarios.append(scaled)
        expected = compute_metrics(project, "scaled").to_dict()
        project.scenarios.remove(scaled)
        shown = _without_sectors(bridge.current)
        assert shown["totals"] == pytest.approx({k: v for k, v in expected["totals"].items()}, rel=1e-9)
        assert {k: v["value"] for k, v in shown["indicators"].items()} == pytest.approx(
            {k: v["value"] for k, v in expected["indicators"].items()}, rel=1e-9)
        assert _without_sectors(bridge.previous) == before  # the faint "before": where the drag began
    row.slider.setSliderDown(False)
    bridge.flush()
    assert history.labels == ["Workshop: FAR of Industrial zones"]
    assert {i: z.far for i, z in project.active_scenario.zones.items() if i in industrial} == {
        i: round(zones_before[i].far * 0.8, 3) for i in industrial}
    assert _without_sectors(bridge.current) == compute_metrics(project).to_dict()
    assert _without_sectors(bridge.previous) == before
    assert not bridge.engine.previewing
    history.undo()
    bridge.flush()
    assert _without_sectors(bridge.current) == before


def test_a_far_drag_back_to_where_it_began_writes_nothing(qtbot):
    project, history, bridge, sliders, before = _sliders_on_a_bridge(qtbot, 200, seed=4, scenarios=1)
    slider = sliders.rows["far:OFF"].slider
    start = slider.value()
    slider.setSliderDown(True)
    slider.setValue(start + 7)
    bridge.flush()
    assert _without_sectors(bridge.current) != before
    slider.setValue(start + 3)  # never shown: the next frame shows the newer position
    slider.setValue(start)
    slider.setSliderDown(False)
    bridge.flush()
    assert not history.labels
    assert not bridge.engine.previewing
    assert _without_sectors(bridge.current) == before


def test_rounded_is_pythons_round_over_an_array():
    import numpy as np

    from parkplanner.ui.workshop.assumption_sliders import rounded

    rng = np.random.default_rng(7)
    # Ties and near-ties in decimal and in binary (2.675 is below the half, 0.0625 exactly on it),
    # values as a FAR drag makes them (reference × multiplier) and arbitrary ones.
    values = np.concatenate([
        [0.0, 0.0005, 0.0015, 0.0625, 0.1875, 1.0005, 2.675, 1.2345, 19.9995, 20.0, -0.0005, -2.675],
        np.round(rng.uniform(0, 6, 2000), 2) * np.round(rng.uniform(0.5, 2.0, 2000), 2),
        rng.uniform(0, 20, 5000), np.arange(0, 20, 0.0005) + 0.0005 / 2])
    expected = np.array([round(float(v), 3) for v in values])
    assert np.array_equal(rounded(values, 3), expected)
    assert np.array_equal(rounded(values, 1), np.array([round(float(v), 1) for v in values]))


def test_previews_shown_by_the_frame_timer_come_from_a_worker_and_the_newest_wins(qtbot):
    from parkplanner.core.metrics import compute_metrics

    project, history, bridge, sliders, before = _sliders_on_a_bridge(qtbot, 600, seed=5, scenarios=1)
    shown = []
    bridge.updated.connect(lambda current, _previous: shown.append(current["totals"]["gfa_m2"]))
    slider = sliders.rows["far:IND"].slider
    start = slider.value()
    slider.setSliderDown(True)

    def expected_gfa(position: int) -> float:
        """GFA with the industrial zones at the multiplier of ``position``, computed from scratch."""
        multiplier = sliders.rows["far:IND"].to_value(position)
        scaled = project.active_scenario.copy("scaled", "Scaled")
        for zone_id in class_zone_ids(project, scaled, "IND"):
            zone = scaled.zones[zone_id]
            scaled.zones[zone_id] = zone.with_changes(far=round(min(max(zone.far * multiplier, 0.0), 20.0), 3))
        project.scenarios.append(scaled)
        try:
            return compute_metrics(project, "scaled").totals.gfa_m2
        finally:
            project.scenarios.remove(scaled)

    slider.setValue(start + 4)
    qtbot.waitUntil(lambda: bridge._preview_job is not None or bool(shown), timeout=3000)
    assert bridge._preview_task is not None  # the frame timer gave the preview to a worker
    # Positions set while a job runs: only the newest is shown after it, never one between.
    slider.setValue(start + 8)
    slider.setValue(start + 12)
    qtbot.waitUntil(lambda: bridge._preview_job is None and not bridge._timer.isActive() and bridge._preview is None,
                    timeout=5000)
    assert shown[-1] == pytest.approx(expected_gfa(start + 12), rel=1e-9)
    assert all(gfa != pytest.approx(expected_gfa(start + 8), rel=1e-12) for gfa in shown[1:])
    assert not history.labels  # nothing written while the handle moves
    # An explicit flush while a job runs waits for it and shows the newest position.
    slider.setValue(start + 2)
    bridge._frame()  # what the frame timer runs: the job starts on a worker
    assert bridge._preview_job is not None
    slider.setValue(start + 6)
    bridge.flush()
    assert bridge._preview_job is None
    assert bridge.current["totals"]["gfa_m2"] == pytest.approx(expected_gfa(start + 6), rel=1e-9)
    slider.setSliderDown(False)
    bridge.flush()
    assert bridge.current["totals"]["gfa_m2"] == pytest.approx(compute_metrics(project).totals.gfa_m2, rel=1e-12)
    assert len(history.labels) == 1


def test_a_release_over_many_zones_reaches_the_metrics_on_a_worker_after_its_previews(qtbot, monkeypatch):
    # At 100,000 zones a release rewrites ~31,000: its edit reaches the shown engine on a worker
    # (here: above 20 zones), also when it lands while a preview still runs there.
    import threading

    from parkplanner.core.metrics import compute_metrics
    from parkplanner.ui import metrics_bridge

    monkeypatch.setattr(metrics_bridge, "CATCH_UP_ON_WORKER", 20)
    threads = []
    run = metrics_bridge.CatchUpJob.run
    monkeypatch.setattr(metrics_bridge.CatchUpJob, "run",
                        lambda self, ctx=None: (threads.append(threading.current_thread()), run(self, ctx))[1])
    project, history, bridge, sliders, before = _sliders_on_a_bridge(qtbot, 600, seed=6, scenarios=1)
    assert len(class_zone_ids(project, project.active_scenario, "IND")) > 20
    slider = sliders.rows["far:IND"].slider
    start = slider.value()
    slider.setSliderDown(True)
    for step in (3, 7, 11):
        slider.setValue(start + step)
        qtbot.wait(5)
    slider.setSliderDown(False)  # likely while the last preview runs on its worker
    assert len(history.labels) == 1
    qtbot.waitUntil(lambda: bool(threads) and not bridge.busy and not bridge._timer.isActive(), timeout=10_000)
    assert threads[0] is not threading.main_thread()
    assert not bridge.engine.previewing
    assert _without_sectors(bridge.current) == compute_metrics(project).to_dict()
    assert _without_sectors(bridge.previous) == before


@pytest.mark.parametrize("moved_after_rest", [False, True])
def test_a_release_takes_the_zones_made_while_the_hand_rested_only_for_its_own_position(
        qtbot, monkeypatch, moved_after_rest):
    """A hand resting mid-drag has a worker make the zones its release would write; the release
    writes those very objects if it comes at that position, and makes its own after a move on.
    Either way the zones written are the drag's FARs, as a release without a rest writes them."""
    from parkplanner.ui.workshop import release_zones

    monkeypatch.setattr(release_zones, "CHUNK", 37)  # several chunks at this size
    project, history, bridge, sliders, _ = _sliders_on_a_bridge(qtbot, 600, seed=5, scenarios=1)
    zones_before = dict(project.active_scenario.zones)
    industrial = class_zone_ids(project, project.active_scenario, "IND")
    slider = sliders.rows["far:IND"].slider
    start = slider.value()
    slider.setSliderDown(True)
    slider.setValue(start + 3)
    bridge.flush()
    made = []
    real_prepare = sliders._release.prepare
    monkeypatch.setattr(sliders._release, "prepare", lambda *a: made.append(a) or real_prepare(*a))
    qtbot.waitUntil(lambda: bool(made), timeout=2000)  # the rest timer
    prepared = sliders._release._made
    assert prepared.done.wait(10.0) and len(prepared.step()[1]) == len(prepared.old) > 37
    end = start + 3
    if moved_after_rest:
        end = start + 5
        slider.setValue(end)
        assert sliders._release._made is None and prepared.stopped.is_set()
    slider.setSliderDown(False)
    multiplier = round(1.0 + (end - start) * 0.05, 6)
    written = project.active_scenario.zones
    assert history.labels == ["Workshop: FAR of Industrial zones"]
    assert {i: written[i].far for i in industrial} == {i: round(zones_before[i].far * multiplier, 3) for i in industrial}
    took = all(written[zone.id] is zone for zone in prepared.step()[1].values())
    assert took != moved_after_rest
    for zone_id in industrial:  # every other field as it was
        assert written[zone_id].with_changes(far=zones_before[zone_id].far) == zones_before[zone_id]


@pytest.mark.parametrize("then", ["lands", "undo", "key press"])
def test_a_large_release_not_made_during_a_rest_lands_when_a_worker_has_made_its_zones(qtbot, monkeypatch, then):
    """At 100,000 zones a release writes ~33,000 zones (~75 ms to make): when the hand let go
    while moving, a worker makes them and the step lands when they are made; the preview shows
    the drag's numbers meanwhile, and an undo taken before lands the step first, then takes it back."""
    import threading

    from parkplanner.core.metrics import compute_metrics
    from parkplanner.ui.workshop import assumption_sliders, release_zones

    monkeypatch.setattr(assumption_sliders, "WRITE_ON_WORKER", 20)
    gate, threads = threading.Event(), []
    run = release_zones.MadeZones.run
    monkeypatch.setattr(release_zones.MadeZones, "run",
                        lambda self: (threads.append(threading.current_thread()), gate.wait(10), run(self))[2])
    project, history, bridge, sliders, before = _sliders_on_a_bridge(qtbot, 600, seed=8, scenarios=1)
    zones_before = dict(project.active_scenario.zones)
    industrial = class_zone_ids(project, project.active_scenario, "IND")
    assert len(industrial) > 20
    slider = sliders.rows["far:IND"].slider
    start = slider.value()
    if then == "key press":
        slider.setValue(start + 4)  # not down: a step of its own
    else:
        slider.setSliderDown(True)
        slider.setValue(start + 2)
        slider.setValue(start + 4)
        slider.setSliderDown(False)  # at once: the rest timer never fired
    bridge.flush()
    # On its way: nothing written, the numbers shown are the written drag's.
    assert history.landing and sliders.busy and not history.labels
    assert project.active_scenario.zones == zones_before
    expected = {i: round(zones_before[i].far * 1.2, 3) for i in industrial}
    scaled = project.active_scenario.copy("scaled", "Scaled")
    for zone_id, far in expected.items():
        scaled.zones[zone_id] = scaled.zones[zone_id].with_changes(far=far)
    project.scenarios.append(scaled)
    dragged = compute_metrics(project, "scaled").to_dict()
    project.scenarios.remove(scaled)
    assert _without_sectors(bridge.current)["totals"] == pytest.approx(dragged["totals"], rel=1e-9)
    if then == "undo":
        threading.Timer(0.05, gate.set).start()
        history.undo()  # waits for the worker, lands the step, takes it back
        assert history.labels == ["Workshop: FAR of Industrial zones"] and history.can_redo
        assert project.active_scenario.zones == zones_before
        history.redo()
    else:
        gate.set()
        qtbot.waitUntil(lambda: not sliders.busy, timeout=10_000)
        assert history.labels == ["Workshop: FAR of Industrial zones"]
    assert threads and threads[0] is not threading.main_thread()
    written = project.active_scenario.zones
    assert {i: written[i].far for i in industrial} == expected
    for zone_id in industrial:  # every other field as it was
        assert written[zone_id].with_changes(far=zones_before[zone_id].far) == zones_before[zone_id]
    bridge.flush()
    assert not bridge.engine.previewing
    assert _without_sectors(bridge.current) == compute_metrics(project).to_dict()
    slider.setValue(slider.value() + 1)  # the next key press is a step of its own
    history.settle()
    assert len(history.labels) == 2

"""Projection and phase-balance docks follow edits on a worker: the GUI thread only shows what
arrives, the numbers are those of the synchronous computation, and an outdated result never shows."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from parkplanner.core.editing import History
from parkplanner.core.editing.zone_commands import set_zone_attributes
from parkplanner.core.projection.forecast import forecast
from parkplanner.core.projection.kept_projections import kept_projections
from parkplanner.core.scenarios import phase_balance as phase_balance_module
from parkplanner.ui.scenarios import phase_balance_view
from parkplanner.ui.scenarios.phase_balance_view import PhaseBalanceView
from parkplanner.ui.scenarios.projection_panel import ProjectionPanel
from parkplanner.ui.tasks import workers_idle
from tests.ui.scenario_fixtures import two_scenario_project


@pytest.fixture
def history():
    return History(two_scenario_project())


def _jobs_zone(project):
    return project.active_scenario.zones[1]  # industrial (MNR 100101), in phase 1


def test_projection_after_an_edit_is_computed_off_the_gui_thread(qtbot, history, monkeypatch):
    panel = ProjectionPanel(history)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.result is not None, timeout=5000)
    threads = []
    import parkplanner.ui.scenarios.projection_panel as module

    real = module.forecast
    monkeypatch.setattr(module, "forecast", lambda *a, **k: (threads.append(threading.current_thread()), real(*a, **k))[1])
    zone = _jobs_zone(history.project)
    history.push(set_zone_attributes(history.project, [zone.id], {"far": zone.far + 2.0}))
    expected = forecast(history.project)
    qtbot.waitUntil(lambda: "jobs" in panel.plots  # plots are made one per event-loop turn
                    and np.allclose(panel.plots["jobs"].line.getData()[1], expected.series["jobs"]), timeout=5000)
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert np.array_equal(panel.result.series["jobs"], expected.series["jobs"])


def test_an_edit_reads_the_edited_scenario_again_and_keeps_the_faint_ones_projection(qtbot, history):
    project = history.project
    other = project.scenarios[1]
    kept_projections().clear()
    panel = ProjectionPanel(history)
    qtbot.addWidget(panel)
    panel.show()
    panel.compare.setCurrentIndex(panel.compare.findData(other.id))
    qtbot.waitUntil(lambda: panel.other is not None and panel.other.scenario_id == other.id, timeout=5000)
    made = kept_projections().made
    zone = _jobs_zone(project)
    history.push(set_zone_attributes(project, [zone.id], {"far": zone.far + 2.0}))
    expected = forecast(project)
    qtbot.waitUntil(lambda: np.allclose(panel.result.series["jobs"], expected.series["jobs"]), timeout=5000)
    assert kept_projections().made == made + 1  # the edited scenario alone
    np.testing.assert_allclose(panel.other.series["jobs"], forecast(project, other).series["jobs"])


def test_an_outdated_phase_balance_never_shows(qtbot, history, monkeypatch):
    view = PhaseBalanceView(history)
    qtbot.addWidget(view)
    release = threading.Event()
    real = phase_balance_module.phase_balance
    zone = _jobs_zone(history.project)
    far_before = zone.far
    calls = []

    def slow_outdated(project):
        # Held by the project it sees, not by the order of the calls: the two workers may start
        # in either order, and the outdated one must still be running when the newer one ends.
        calls.append(project)
        if project.active_scenario.zones[zone.id].far == far_before:
            release.wait(30)
        return real(project)

    monkeypatch.setattr(phase_balance_view, "phase_balance", slow_outdated)
    view.recompute_in_background()  # sees the project before the edit
    history.push(set_zone_attributes(history.project, [zone.id], {"far": far_before + 3.0}))
    view.recompute_in_background()
    expected = [r.jobs for r in real(history.project)]
    try:
        qtbot.waitUntil(lambda: [r.jobs for r in view.rows] == expected, timeout=10000)
    finally:
        release.set()
    # The outdated job ends too: at its end, or at a check once abandoned (foreground.abandon_when).
    qtbot.waitUntil(workers_idle, timeout=5000)
    qtbot.wait(200)  # the outdated job's outcome is delivered now; it must not replace the rows
    assert [r.jobs for r in view.rows] == expected
    outdated = [p for p in calls if p.active_scenario.zones[zone.id].far == far_before]
    assert len(outdated) == 1
    assert [r.jobs for r in real(outdated[0])] != expected  # the outdated job did see other numbers


def test_a_result_computed_before_an_edit_never_shows_in_a_hidden_view(qtbot, history, monkeypatch):
    """A view behind a tab whose recompute was running when an edit came stays stale (it shows
    nothing outdated) and computes the edited plan when it is shown."""
    view = PhaseBalanceView(history)
    qtbot.addWidget(view)
    release, finished = threading.Event(), []
    real = phase_balance_module.phase_balance

    def held(project):
        release.wait(30)
        try:
            return real(project)
        finally:
            finished.append(project)

    monkeypatch.setattr(phase_balance_view, "phase_balance", held)
    view.recompute_in_background()  # not shown: nothing else starts a recompute
    zone = _jobs_zone(history.project)
    history.push(set_zone_attributes(history.project, [zone.id], {"far": zone.far + 3.0}))
    release.set()
    qtbot.waitUntil(lambda: len(finished) == 1, timeout=5000)
    qtbot.wait(200)  # the outdated result is delivered now
    assert view._stale and view.rows != real(history.project)
    view.show()
    expected = [r.jobs for r in real(history.project)]
    qtbot.waitUntil(lambda: not view._stale and [r.jobs for r in view.rows] == expected, timeout=10000)


def test_background_recomputes_of_two_views_take_turns(qtbot, history, monkeypatch):
    import parkplanner.ui.scenarios.projection_panel as projection_module

    balance, projection = PhaseBalanceView(history), ProjectionPanel(history)
    for view in (balance, projection):
        qtbot.addWidget(view)
        view.show()
    qtbot.waitUntil(lambda: not balance._stale and not projection._stale, timeout=5000)
    release, started = threading.Event(), []
    real_balance, real_forecasts = phase_balance_module.phase_balance, projection_module._forecasts

    def held_balance(project):
        started.append("balance")
        release.wait(30)
        return real_balance(project)

    def forecasts(*args):
        started.append("projection")
        return real_forecasts(*args)

    monkeypatch.setattr(phase_balance_view, "phase_balance", held_balance)
    monkeypatch.setattr(projection_module, "_forecasts", forecasts)
    zone = _jobs_zone(history.project)
    history.push(set_zone_attributes(history.project, [zone.id], {"far": zone.far + 2.0}))
    balance.recompute_in_background()
    projection.recompute_in_background()  # waits for the phase balance's turn to end
    try:
        qtbot.waitUntil(lambda: started == ["balance"], timeout=5000)
        qtbot.wait(300)
        assert started == ["balance"]
    finally:
        release.set()
    qtbot.waitUntil(lambda: not balance._stale and not projection._stale, timeout=10000)
    assert started == ["balance", "projection"]
    assert np.allclose(projection.result.series["jobs"], forecast(history.project).series["jobs"])


def test_a_recompute_whose_result_would_not_show_stops_at_its_next_check(qtbot, history, monkeypatch):
    """At 100,000 zones a comparison runs half a second after each edit: an edit made meanwhile
    abandons the running one (it stops at its next ``give_way``), and the newer one shows."""
    import time

    from parkplanner.core import foreground

    view = PhaseBalanceView(history)
    qtbot.addWidget(view)
    real = phase_balance_module.phase_balance
    zone = _jobs_zone(history.project)
    far_before = zone.far
    ended = []

    def checking(project):
        if project.active_scenario.zones[zone.id].far == far_before:  # the outdated one
            deadline = time.monotonic() + 20
            try:
                while time.monotonic() < deadline:
                    foreground.give_way()
                    time.sleep(0.001)
            except foreground.Abandoned:
                ended.append("abandoned")
                raise
            ended.append("ran to its end")
        return real(project)

    monkeypatch.setattr(phase_balance_view, "phase_balance", checking)
    view.recompute_in_background()
    task = view._background_task
    history.push(set_zone_attributes(history.project, [zone.id], {"far": far_before + 3.0}))  # marks it stale
    qtbot.waitUntil(lambda: not task.running, timeout=5000)
    assert ended == ["abandoned"] and task.was_cancelled and task.error is None
    view.show()
    expected = [r.jobs for r in real(history.project)]
    qtbot.waitUntil(lambda: not view._stale and [r.jobs for r in view.rows] == expected, timeout=10000)

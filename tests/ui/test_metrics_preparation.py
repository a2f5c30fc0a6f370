"""The window's metrics bridge prepares engines for scenarios not shown yet while the planner is
idle: kept only if nothing concerning them changed meanwhile, taken over by a switch that comes
while they are made, and giving numbers equal to a computation from scratch."""
from __future__ import annotations

from parkplanner.core.editing import History
from parkplanner.core.editing.project_commands import switch_scenario
from parkplanner.core.editing.zone_commands import set_zone_attributes
from parkplanner.core.synthetic import synthetic_project
from parkplanner.ui.metrics_bridge import MetricsBridge
from tests.ui.test_scenario_switch_cache import _assert_shows, _fresh


def _bridge(qtbot, scenarios: int, kept: int = 4, after_ms: int = 20):
    project = synthetic_project(300, seed=5, scenarios=scenarios)
    history = History(project)
    bridge = MetricsBridge(history, kept_scenarios=kept, prepare_after_ms=after_ms)
    return project, history, bridge


def test_idle_prepares_every_scenario_up_to_the_limit_with_fresh_numbers(qtbot):
    project, history, bridge = _bridge(qtbot, scenarios=4, kept=3)
    shown = project.active_scenario_id
    qtbot.waitUntil(lambda: len(bridge.kept_scenario_ids) == 3 and bridge._preparing is None, timeout=10_000)
    qtbot.wait(100)  # no preparation beyond the limit
    assert len(bridge.kept_scenario_ids) == 3 and bridge._preparing is None
    prepared = [i for i in bridge.kept_scenario_ids if i != shown]
    assert prepared == [s.id for s in project.scenarios if s.id != shown][:2][::-1]  # least recently used first
    for scenario_id in prepared:
        assert bridge.metrics_of(scenario_id)["totals"] == _fresh(project, scenario_id)["totals"]
    # A switch to a prepared scenario builds nothing: its engine is shown at once.
    history.push(switch_scenario(project, prepared[0]))
    bridge._frame()
    assert not bridge.building
    bridge.flush()
    _assert_shows(bridge, project)
    bridge.close()


def _held_preparation(qtbot, monkeypatch, bridge):
    """The first preparation's job, its worker held back; and what starts the worker."""
    held = []
    real = bridge._on_worker
    monkeypatch.setattr(bridge, "_on_worker", lambda title, job, arrived: held.append((title, job, arrived)))
    qtbot.waitUntil(lambda: bool(held), timeout=5000)

    def start() -> None:
        monkeypatch.setattr(bridge, "_on_worker", real)
        real(*held[0])

    return held[0][1], start


def test_a_change_concerning_a_scenario_being_prepared_drops_what_was_made(qtbot, monkeypatch):
    project, history, bridge = _bridge(qtbot, scenarios=2, after_ms=1)
    other = project.scenarios[1].id
    job, start = _held_preparation(qtbot, monkeypatch, bridge)  # the edit comes while it "runs"
    zone = next(iter(project.scenario(other).zones.values()))
    history.push(set_zone_attributes(project, [zone.id], {"far": zone.far + 1.5}, scenario_id=other))
    assert job.stale  # made from the state before the edit
    start()
    qtbot.waitUntil(lambda: job.done.is_set() and bridge._preparing is not job, timeout=10_000)
    assert all(kept.engine is not job.engine for kept in bridge._kept.values())
    # Prepared again from the state after the edit: the numbers of a computation from scratch.
    qtbot.waitUntil(lambda: other in bridge.kept_scenario_ids, timeout=10_000)
    assert bridge.metrics_of(other)["totals"] == _fresh(project, other)["totals"]
    history.push(switch_scenario(project, other))
    bridge.flush()
    _assert_shows(bridge, project)
    bridge.close()


def test_a_switch_while_the_scenario_is_prepared_takes_the_preparation_over(qtbot, monkeypatch):
    project, history, bridge = _bridge(qtbot, scenarios=2, after_ms=1)
    other = project.scenarios[1].id
    job, start = _held_preparation(qtbot, monkeypatch, bridge)  # the switch comes while it "runs"
    history.push(switch_scenario(project, other))
    bridge._frame()
    assert bridge.building and bridge._visit is job and bridge._preparing is None
    start()
    bridge.flush()
    assert bridge.engine is job.engine
    _assert_shows(bridge, project)
    bridge.close()


def test_a_bridge_without_preparation_prepares_nothing(qtbot):
    project = synthetic_project(200, seed=5, scenarios=3)
    bridge = MetricsBridge(History(project))
    qtbot.wait(100)
    assert bridge.kept_scenario_ids == [project.active_scenario_id]
    bridge.close()

"""The legend's totals after scenario switches equal the totals counted afresh from the zones."""
from __future__ import annotations

import threading

import pytest
from shapely import affinity

from parkplanner.core.editing import History
from parkplanner.core.editing.project_commands import switch_scenario
from parkplanner.core.editing.zone_commands import reshape_zone, set_zone_attributes
from parkplanner.core.synthetic import synthetic_project
from parkplanner.ui.panels import legend_panel as legend_module
from parkplanner.ui.panels.legend_panel import LegendPanel, LegendTotals
from parkplanner.ui.turn_queue import pending


def _counted(zones) -> tuple[dict[str, int], dict[str, float]]:
    """Zones and area per code, summed zone by zone (the independent count)."""
    count, area = {}, {}
    for zone in zones.values():
        count[zone.code] = count.get(zone.code, 0) + 1
        area[zone.code] = area.get(zone.code, 0.0) + zone.geometry.area
    return count, area


def _assert_shows(panel: LegendPanel, zones) -> None:
    count, area = _counted(zones)
    assert panel.totals.count == count
    assert set(panel.totals.area) == set(area)
    for code, value in area.items():  # sums in another order: a square metre is far below a planner's care
        assert panel.totals.area[code] == pytest.approx(value, abs=1e-3)
    assert [row[3] for row in panel.rows()] == [count[row[0]] for row in panel.rows()]


def _settled(panel: LegendPanel) -> bool:
    return not pending() and panel._switching is None


def _shown(qtbot, scenarios: int):
    """A synthetic project with ``scenarios`` scenarios, its history and a legend following it."""
    project = synthetic_project(400, seed=3, scenarios=scenarios)
    history = History(project)
    panel = LegendPanel()
    qtbot.addWidget(panel)
    panel.set_project(project)
    history.changed.connect(panel.on_changes)  # as the window connects it
    return project, history, panel


@pytest.mark.parametrize("on_worker", [False, True])
def test_switches_first_visits_and_edits_of_hidden_scenarios_keep_the_legend_exact(qtbot, monkeypatch, on_worker):
    if on_worker:  # as a large plan's switches are counted
        monkeypatch.setattr(legend_module, "BACKGROUND_ZONES", 10)
    project, history, panel = _shown(qtbot, 3)
    first, second, third = (s.id for s in project.scenarios)
    # The second scenario differs: a land use and a shape changed.
    zones = project.scenario(second).zones
    some, other = list(zones)[:2]
    codes = sorted({z.code for z in zones.values()})
    new_code = next(c for c in codes if c != zones[some].code)
    history.push(set_zone_attributes(project, [some], {"code": new_code}, scenario_id=second))
    history.push(reshape_zone(project, other, affinity.scale(zones[other].geometry, 1.2, 1.2), scenario_id=second))
    for target in (second, third, first):
        shown = dict(panel.totals.count)
        history.push(switch_scenario(project, target))
        # Not in the switch's own turn (the map and the docks take theirs): in a later one.
        assert panel.totals.count == shown
        qtbot.waitUntil(lambda: _settled(panel))
        _assert_shows(panel, project.active_scenario.zones)
    # A FAR step over many zones of the shown scenario (the areas counted stand) and a land use.
    shown = project.active_scenario.zones
    many = list(shown)[:120]
    history.push(set_zone_attributes(project, many, {"far": 2.5}))
    history.push(set_zone_attributes(project, many[:1], {"code": new_code}))
    _assert_shows(panel, project.active_scenario.zones)
    # An edit of a hidden scenario whose totals the panel keeps shows when it comes back.
    zones = project.scenario(second).zones
    victim = next(iter(zones))
    history.push(set_zone_attributes(project, [victim], {"code": codes[0] if zones[victim].code != codes[0] else codes[1]},
                                     scenario_id=second))
    history.push(switch_scenario(project, second))
    qtbot.waitUntil(lambda: _settled(panel))
    _assert_shows(panel, project.active_scenario.zones)


def test_a_large_switch_is_counted_on_a_worker_and_edits_meanwhile_count_too(qtbot, monkeypatch):
    monkeypatch.setattr(legend_module, "BACKGROUND_ZONES", 10)
    project, history, panel = _shown(qtbot, 2)
    release, counted_on = threading.Event(), []
    real = LegendTotals.stale_ids

    def held(totals, zones):
        counted_on.append(threading.current_thread())
        if threading.current_thread() is not threading.main_thread():
            release.wait(10)  # the worker holds until the edit below is made
        return real(totals, zones)

    monkeypatch.setattr(LegendTotals, "stale_ids", held)
    first = dict(panel.totals.count)
    second = project.scenarios[1].id
    history.push(switch_scenario(project, second))
    try:
        qtbot.waitUntil(lambda: panel._switching is not None and bool(counted_on), timeout=5000)
        zones = project.active_scenario.zones
        zone = next(iter(zones))
        codes = sorted({z.code for z in zones.values()})
        history.push(set_zone_attributes(project, [zone], {"code": next(c for c in codes if c != zones[zone].code)}))
        assert panel.totals.count == first  # the scenario before, until the worker's totals arrive
    finally:
        release.set()
    qtbot.waitUntil(lambda: _settled(panel), timeout=5000)
    assert panel._scenario_id == second and threading.main_thread() not in counted_on
    _assert_shows(panel, project.active_scenario.zones)

"""Legend totals: the bulk rebuild (scenario switch, opening) and the incremental updates agree
with totals summed zone by zone."""
from __future__ import annotations

from collections import defaultdict

from parkplanner.core.synthetic import synthetic_project
from parkplanner.ui.panels.legend_panel import LegendTotals


def _summed(zones):
    count, area = defaultdict(int), defaultdict(float)
    for zone in zones.values():
        count[zone.code] += 1
        area[zone.code] += zone.geometry.area
    return dict(count), dict(area)


def _assert_totals(totals, zones):
    count, area = _summed(zones)
    assert totals.count == count
    assert totals.area.keys() == area.keys()
    assert all(abs(totals.area[code] - area[code]) <= 1e-6 * area[code] for code in area)  # m², summed
    assert set(totals.by_zone) == set(zones)


def test_rebuild_and_updates_match_zone_by_zone_totals():
    project = synthetic_project(400, seed=5, scenarios=2)
    a, b = project.scenarios
    totals = LegendTotals()
    totals.rebuild(a.zones)
    _assert_totals(totals, a.zones)
    # An edit: one zone recoded, one removed, as the dock applies a change's zones.
    first, second = list(a.zones)[:2]
    other = next(z.code for z in a.zones.values() if z.code != a.zones[first].code)
    a.zones[first] = a.zones[first].with_changes(code=other)
    del a.zones[second]
    totals.update(a.zones, [first, second])
    _assert_totals(totals, a.zones)
    totals.rebuild(b.zones)  # a switch
    _assert_totals(totals, b.zones)
    totals.rebuild({})
    assert totals.count == {} and totals.area == {} and totals.by_zone == {}

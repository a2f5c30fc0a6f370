from shapely.geometry import Polygon, box

from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone
from parkplanner.core.scenarios.zone_ledger import zone_ledger


def base_scenario() -> Scenario:
    zones = {
        1: Zone(1, box(0, 0, 100, 100), "0701", "flats", far=2.0, phase=1),
        2: Zone(2, box(200, 0, 300, 100), "100101", "plant", "next_gen_it", 1.5, phase=1),
        3: Zone(3, box(400, 0, 500, 100), "1401", "park", phase=2),
    }
    return Scenario("a", "A", zones)


def test_duplicate_scenario_has_an_empty_ledger():
    a = base_scenario()
    ledger = zone_ledger(a, a.copy("b", "B"))
    assert ledger.is_empty
    assert ledger.to_dict() == {"added": [], "removed": [], "reshaped": [], "reclassed": [], "attributes": []}


def test_ledger_lists_added_removed_reshaped_reclassed_and_attribute_changes():
    a = base_scenario()
    b = a.copy("b", "B")
    del b.zones[3]
    b.zones[4] = Zone(4, box(600, 0, 650, 100), "0901", "shops", far=1.0)
    b.zones[1] = a.zones[1].with_changes(geometry=box(0, 0, 100, 150), far=2.5)
    b.zones[2] = a.zones[2].with_changes(code="100102", sector="new_energy_materials", phase=2)
    ledger = zone_ledger(a, b)
    assert [e.zone_id for e in ledger.added] == [4] and ledger.added[0].area_m2 == 5_000.0
    assert [(e.zone_id, e.code) for e in ledger.removed] == [(3, "1401")]
    assert [(r.zone_id, r.area_a_m2, r.area_b_m2) for r in ledger.reshaped] == [(1, 10_000.0, 15_000.0)]
    assert ledger.reshaped[0].to_dict()["area_delta_m2"] == 5_000.0
    assert [(c.zone_id, c.old, c.new) for c in ledger.reclassed] == [(2, "100101", "100102")]
    assert [(c.zone_id, c.field, c.old, c.new) for c in ledger.attributes] == [
        (1, "far", 2.0, 2.5), (2, "sector", "next_gen_it", "new_energy_materials"), (2, "phase", 1, 2),
    ]
    assert ledger.changed_zone_ids() == {1, 2, 3, 4}


def test_same_polygon_starting_at_another_vertex_is_not_reshaped():
    a = base_scenario()
    b = a.copy("b", "B")
    b.zones[1] = a.zones[1].with_changes(geometry=Polygon([(100, 0), (100, 100), (0, 100), (0, 0)]))
    assert zone_ledger(a, b).reshaped == ()


def test_ledger_is_directional():
    a = base_scenario()
    b = a.copy("b", "B")
    del b.zones[3]
    assert [e.zone_id for e in zone_ledger(a, b).removed] == [3]
    assert [e.zone_id for e in zone_ledger(b, a).added] == [3]


def test_reshaped_zones_among_attribute_edits_keep_their_own_ids_and_areas():
    # Attribute edits keep the geometry object and come first by id: the reshaped zone after them
    # must still be reported under its own id with its own two areas.
    a = base_scenario()
    b = a.copy("b", "B")
    b.zones[1] = a.zones[1].with_changes(far=a.zones[1].far + 1.0)
    b.zones[2] = a.zones[2].with_changes(name="renamed")
    b.zones[3] = a.zones[3].with_changes(geometry=box(200, 0, 260, 50))
    ledger = zone_ledger(a, b)
    assert [(r.zone_id, r.area_a_m2, r.area_b_m2) for r in ledger.reshaped] == [
        (3, 100 * 100, 60 * 50)]
    assert [(c.zone_id, c.field) for c in ledger.attributes] == [(1, "far"), (2, "name")]


def test_pairs_are_found_whatever_the_order_the_scenarios_list_their_zones_in():
    a = base_scenario()
    same_order = a.copy("b", "B")
    same_order.zones[2] = a.zones[2].with_changes(far=3.0)
    other_order = Scenario("c", "C", {i: same_order.zones[i] for i in (3, 2, 1)})
    for b in (same_order, other_order):
        assert [(c.zone_id, c.field, c.old, c.new) for c in zone_ledger(a, b).attributes] == [(2, "far", 1.5, 3.0)]
        assert zone_ledger(b, a).changed_zone_ids() == {2}

"""model.zone.replaced_ids and stale_ids: which zones of one scenario another holds as other objects, or not at all."""
from __future__ import annotations

from shapely.geometry import box

from parkplanner.core.model.zone import Zone, replaced_ids, stale_ids


def _zones(n: int) -> dict[int, Zone]:
    return {i: Zone(i, box(i, 0, i + 1, 1), "0802", far=1.0) for i in range(1, n + 1)}


def _expected(a: dict, b: dict) -> list[int]:
    return [i for i, zone in a.items() if b.get(i) is not zone]


def test_same_ids_in_the_same_order():
    a = _zones(50)
    b = dict(a)
    for i in (3, 17, 50):
        b[i] = a[i].with_changes(far=2.0)
    b[20] = a[20].with_changes()  # an equal zone, but another object: replaced
    assert replaced_ids(a, b).tolist() == [3, 17, 20, 50] == _expected(a, b)
    assert replaced_ids(a, dict(a)).tolist() == []


def test_other_order_missing_and_added_ids():
    a = _zones(30)
    b = {i: a[i] for i in reversed(list(a))}  # the same objects, listed the other way round
    assert replaced_ids(a, b).tolist() == []
    del b[7]
    b[99] = Zone(99, box(0, 5, 1, 6), "0802")  # only in b: not one of a's ids
    b[12] = a[12].with_changes(code="070102")
    assert replaced_ids(a, b).tolist() == [7, 12] == _expected(a, b)
    b.pop(99)
    b[7] = a[8]  # as many ids again, but not the same ones: looked up, not zipped
    b.pop(8)
    b[1000] = a[8]
    assert replaced_ids(a, b).tolist() == [7, 8, 12] == _expected(a, b)


def test_stale_ids_name_the_zones_edited_removed_and_added():
    kept = {i: Zone(i, box(i, 0, i + 1, 1), "0701") for i in range(1, 7)}
    zones = dict(kept)
    assert stale_ids(kept, zones) == set()
    zones[2] = zones[2].with_changes(far=3.0)  # edited
    del zones[4]  # removed
    zones[9] = Zone(9, box(9, 0, 10, 1), "0701")  # added: as many zones as before
    assert stale_ids(kept, zones) == {2, 4, 9}
    reordered = dict(reversed(list(kept.items())))  # the same objects in another order
    assert stale_ids(kept, reordered) == set()
    del reordered[1]
    assert stale_ids(kept, reordered) == {1}
    assert stale_ids(kept, {**kept, 10: Zone(10, box(10, 0, 11, 1), "0701")}) == {10}

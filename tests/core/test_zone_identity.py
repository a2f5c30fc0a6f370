"""model.zone.replaced_ids: which zones of one scenario another holds as other objects, or not at all."""
from __future__ import annotations

from shapely.geometry import box

from parkplanner.core.model.zone import Zone, replaced_ids


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

"""Topology checks on hand-made layouts: each kind found with its zones, area and location."""
from __future__ import annotations

import pytest
from shapely.geometry import Polygon, box

from parkplanner.core.geometry.topology import check_topology
from parkplanner.core.model.zone import Zone


def _kinds(problems):
    return [p.kind for p in problems]


def test_clean_grid_inside_its_boundary_has_no_problems():
    zones = {i * 2 + j + 1: box(i * 100, j * 100, i * 100 + 100, j * 100 + 100) for i in range(2) for j in range(2)}
    assert check_topology(zones, box(0, 0, 200, 200)) == []


def test_t_junctions_without_overlap_are_not_problems():
    zones = {1: box(0, 0, 100, 100), 2: box(100, 0, 200, 50), 3: box(100, 50, 200, 100)}
    assert check_topology(zones, box(0, 0, 200, 100)) == []


def test_overlapping_pair_reports_both_zones_and_the_shared_area():
    zones = {1: box(0, 0, 100, 100), 2: box(90, 0, 190, 100), 3: box(190, 0, 290, 100)}
    (problem,) = check_topology(zones)
    assert problem.kind == "overlap" and problem.zone_ids == (1, 2)
    assert problem.area_m2 == pytest.approx(1000.0)
    assert problem.geometry.equals(box(90, 0, 100, 100))
    assert problem.message == "Zones 1 and 2 overlap by 1,000 m²"


def test_zone_inside_another_is_an_overlap():
    zones = {1: box(0, 0, 100, 100), 2: box(100, 0, 200, 100), 7: box(20, 20, 40, 40)}
    (problem,) = check_topology(zones)
    assert (problem.kind, problem.zone_ids, problem.area_m2) == ("overlap", (1, 7), pytest.approx(400.0))


def test_gap_inside_the_boundary_names_the_neighbour_with_the_longest_border_first():
    zones = [Zone(1, box(0, 0, 100, 100), "0701"), Zone(2, box(150, 0, 300, 100), "0701"),
             Zone(3, box(100, 60, 150, 100), "0701")]
    (gap,) = check_topology(zones, box(0, 0, 300, 100))
    assert gap.kind == "gap" and gap.area_m2 == pytest.approx(50 * 60)
    assert gap.zone_ids == (1, 2, 3)  # borders 60, 60, 50 m: stable order between equals
    assert gap.geometry.equals(box(100, 0, 150, 60))


def test_enclosed_hole_is_a_gap_without_boundary_and_small_gaps_are_ignored():
    ring = {n: box(x, y, x + 10, y + 10) for n, (x, y) in enumerate(
        [(0, 0), (10, 0), (20, 0), (0, 10), (20, 10), (0, 20), (10, 20), (20, 20)], start=1)}
    (gap,) = check_topology(ring, sliver_area_m2=50)
    assert gap.kind == "gap" and gap.area_m2 == pytest.approx(100.0) and set(gap.zone_ids) == {2, 4, 5, 7}
    assert check_topology(ring, sliver_area_m2=50, gap_area_m2=150) == []


def test_slivers_by_area_and_by_mean_width():
    zones = {1: box(0, 0, 100, 100), 2: box(100, 0, 105, 6), 3: box(0, 100, 200, 101)}
    problems = check_topology(zones, sliver_area_m2=50)
    assert _kinds(problems) == ["sliver", "sliver"]
    assert [p.zone_ids for p in problems] == [(2,), (3,)]
    assert problems[0].message == "Zone 2 is a sliver of 30.0 m²"
    assert problems[1].message == "Zone 3 is a sliver: 1.0 m wide on average"


def test_part_outside_the_boundary_is_reported_with_its_area():
    zones = {1: box(0, 0, 100, 100), 2: box(100, 0, 220, 100)}
    (problem,) = check_topology(zones, box(0, 0, 200, 100))
    assert problem.kind == "outside_boundary" and problem.zone_ids == (2,)
    assert problem.area_m2 == pytest.approx(2000.0)
    assert problem.to_dict()["bounds"] == [200.0, 0.0, 220.0, 100.0]


def test_invalid_geometry_is_reported_and_the_rest_still_checked():
    bowtie = Polygon([(0, 0), (100, 100), (100, 0), (0, 100)])
    zones = {1: bowtie, 2: box(50, 0, 150, 100)}
    problems = check_topology(zones)
    assert _kinds(problems) == ["invalid", "overlap"]
    assert problems[0].zone_ids == (1,) and "Self-intersection" in problems[0].message
    assert problems[1].area_m2 == pytest.approx(2500.0)


def test_separate_parcels_leave_one_gap_of_the_land_between_them():
    zones = {n: box(x, y, x + 8, y + 8) for n, (x, y) in enumerate([(1, 1), (11, 1), (1, 11), (11, 11)], start=1)}
    (gap,) = check_topology(zones, box(0, 0, 20, 20), sliver_area_m2=10)
    assert gap.area_m2 == pytest.approx(400 - 4 * 64) and gap.geometry.is_valid


def test_island_zone_inside_a_courtyard_is_not_part_of_the_gap():
    ring = {n: box(x, y, x + 10, y + 10) for n, (x, y) in enumerate(
        [(0, 0), (10, 0), (20, 0), (0, 10), (20, 10), (0, 20), (10, 20), (20, 20)], start=1)}
    ring[9] = box(12, 12, 18, 18)
    problems = check_topology(ring, sliver_area_m2=20)
    assert [(p.kind, round(p.area_m2)) for p in problems] == [("gap", 64)]
    problems = check_topology(ring, box(-10, -10, 40, 40), sliver_area_m2=20)
    assert sorted(round(p.area_m2) for p in problems) == [64, 2500 - 900]


def test_messages_in_chinese_come_from_the_message_key_and_its_parameters():
    overlap = check_topology({1: box(0, 0, 100, 100), 2: box(90, 0, 190, 100)})[0]
    assert overlap.key == "overlap" and dict(overlap.params) == {"a": 1, "b": 2, "area": pytest.approx(1000.0)}
    assert overlap.text("en") == overlap.message == "Zones 1 and 2 overlap by 1,000 m²"
    assert overlap.text("zh") == "地块 1 与地块 2 重叠 1,000 m²"
    zones = [Zone(1, box(0, 0, 100, 100), "0701"), Zone(2, box(150, 0, 300, 100), "0701"),
             Zone(3, box(100, 60, 150, 100), "0701")]
    (gap,) = check_topology(zones, box(0, 0, 300, 100))
    assert gap.message == "Gap of 3,000 m² not covered by any zone next to zones 1, 2, 3"
    assert gap.text("zh") == "地块 1、2、3 之间有 3,000 m² 的缝隙未划入任何地块"
    slivers = check_topology({1: box(0, 0, 100, 100), 2: box(100, 0, 105, 6), 3: box(0, 100, 200, 101)})
    assert [p.text("zh") for p in slivers] == ["地块 2 为碎片地块，面积仅 30.0 m²",
                                               "地块 3 为狭长碎片地块，平均宽度仅 1.0 m"]
    (outside,) = check_topology({1: box(0, 0, 100, 100), 2: box(100, 0, 220, 100)}, box(0, 0, 200, 100))
    assert outside.text("zh") == "地块 2 有 2,000 m² 超出规划范围线"
    assert outside.message == "2,000 m² of zone 2 lie outside the boundary"


def test_a_problem_made_without_a_key_keeps_its_english_message():
    from parkplanner.core.geometry.topology import TopologyProblem

    problem = TopologyProblem("gap", (), box(0, 0, 1, 1), 1.0, "Gap between many zones")
    assert problem.text("zh") == "Gap between many zones"


def test_a_recheck_keeps_the_geometry_objects_of_unchanged_outlines():
    from shapely import from_wkb, to_wkb

    from parkplanner.core.geometry.topology import TopologyProblem, keeping_outlines

    zones = {1: Zone(1, box(0, 0, 100, 100), "1401"), 2: Zone(2, box(100.5, 0, 200, 100), "1401"),
             3: Zone(3, box(0, 100, 200, 200), "1401")}
    first = check_topology(zones, box(0, 0, 200, 200))
    assert first  # the 0.5 m strip between zones 1 and 2
    again = [TopologyProblem(p.kind, p.zone_ids, from_wkb(to_wkb(p.geometry)), p.area_m2, p.message) for p in first]
    kept = keeping_outlines(first, again)
    assert [p.geometry for p in kept] == [p.geometry for p in first]
    assert all(k.geometry is f.geometry for k, f in zip(kept, first))  # told unchanged by identity
    assert [p.message for p in kept] == [p.message for p in again]
    # One vertex off by a centimetre, or one problem more: the new outlines are handed over.
    moved = zones | {2: Zone(2, box(100.51, 0, 200, 100), "1401")}
    other = check_topology(moved, box(0, 0, 200, 200))
    assert len(other) == len(first)
    assert all(k.geometry is not f.geometry for k, f in zip(keeping_outlines(first, other), first))
    assert keeping_outlines(first, again + again) == again + again
    assert keeping_outlines([], []) == []

"""The synthetic project generator: deterministic, valid, non-overlapping, realistic."""
from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
import shapely

from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.synthetic import CELL_M, ORIGIN, synthetic_project


@pytest.fixture(scope="module")
def project():
    return synthetic_project(3_000, seed=7, scenarios=3)


def _geoms(scenario) -> np.ndarray:
    return np.array([z.geometry for z in scenario.zones.values()], dtype=object)


def test_same_seed_same_project_other_seed_other_project():
    assert synthetic_project(500, seed=3).snapshot() == synthetic_project(500, seed=3).snapshot()
    assert synthetic_project(500, seed=3).snapshot() != synthetic_project(500, seed=4).snapshot()


def test_zone_count_ids_and_crs(project):
    base = project.scenario("base")
    assert list(base.zones) == list(range(1, 3_001))
    assert project.crs == "EPSG:4548"
    assert project.scheme == "MNR-2023"


def test_parcels_are_valid_polygons_with_6_to_14_vertices(project):
    geoms = _geoms(project.scenario("base"))
    assert shapely.is_valid(geoms).all()
    assert set(shapely.get_type_id(geoms)) == {3}  # Polygon
    vertices = shapely.get_num_coordinates(geoms) - 1  # rings repeat their first vertex
    assert vertices.min() == 6 and vertices.max() == 14
    assert len(np.unique(vertices)) == 9
    areas = shapely.area(geoms)
    assert areas.min() > 0.4 * CELL_M ** 2 and areas.max() < CELL_M ** 2


def test_parcels_do_not_overlap_and_sit_in_the_expected_place(project):
    geoms = _geoms(project.scenario("base"))
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    assert np.all(left == right)  # each parcel only touches itself
    xmin, ymin, xmax, ymax = shapely.total_bounds(geoms)
    assert ORIGIN[0] <= xmin and xmax < ORIGIN[0] + 60 * CELL_M
    assert ORIGIN[1] <= ymin and ymax < ORIGIN[1] + 60 * CELL_M
    assert project.boundary.contains(shapely.union_all(geoms))


def test_code_mix_is_realistic_and_assignable(project):
    catalogue = default_catalogue()
    zones = list(project.scenario("base").zones.values())
    codes = Counter(z.code for z in zones)
    for code in ("100101", "100102", "0802", "M0", "070102", "080403", "0901", "1401", "1207"):
        assert codes[code] > 0, code
    assert any(c.startswith("13") for c in codes) and any(c.startswith("17") for c in codes)
    assert all(catalogue.get("MNR-2023", c).assignable for c in codes)
    generic = Counter(catalogue.generic_class("MNR-2023", z.code) for z in zones)
    assert generic["IND"] + generic["OFF"] > 0.4 * len(zones)  # a science park: industry and R&D lead


def test_sectors_fars_and_phases(project):
    catalogue = default_catalogue()
    for zone in project.scenario("base").zones.values():
        generic = catalogue.generic_class("MNR-2023", zone.code)
        if generic in ("IND", "OFF"):
            assert zone.sector in project.sectors
        elif generic != "COM":
            assert zone.sector is None
        if generic == "IND":
            assert 0.8 <= zone.far <= 2.0 and 0.4 <= zone.coverage <= 0.6
        if generic in ("WAT", "TRN"):
            assert zone.far == 0.0
        assert zone.phase in (1, 2, 3)
        assert zone.start_year is None or zone.start_year > project.phase_start_year(zone.phase)
    assert [(p.number, p.start_year) for p in project.phases] == [(1, 2024), (2, 2028), (3, 2032)]
    assert all(p.geometry is not None for p in project.phases)


def test_phases_run_west_to_east(project):
    zones = list(project.scenario("base").zones.values())
    x = {phase: np.mean([z.geometry.centroid.x for z in zones if z.phase == phase]) for phase in (1, 2, 3)}
    assert x[1] < x[2] < x[3]


def test_variant_scenarios_share_most_zones(project):
    base, first, second = project.scenarios
    assert [s.id for s in project.scenarios] == ["base", "scenario-1", "scenario-2"]
    shared = sum(first.zones[i] is z for i, z in base.zones.items())
    assert 0.8 * len(base.zones) < shared < len(base.zones)
    changed = [i for i, z in base.zones.items() if first.zones[i] is not z]
    assert all(first.zones[i].far > base.zones[i].far for i in changed)
    assert first.parameter_overrides != second.parameter_overrides


def test_small_and_empty_sizes():
    assert len(synthetic_project(1).active_scenario.zones) == 1
    assert len(synthetic_project(0).active_scenario.zones) == 0
    with pytest.raises(ValueError):
        synthetic_project(10, scenarios=0)

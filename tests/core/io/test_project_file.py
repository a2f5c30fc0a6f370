"""Project file round trips: load(save(p)) equals p in every field, scenario and zone order."""
from __future__ import annotations

import pytest
from shapely.geometry import LineString, MultiPolygon, Point, box

from parkplanner.core.io.project_file import load_project, save_project
from parkplanner.core.model.project import Calibration, ContextLayer, Observation, Phase, Project, Target
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone
from parkplanner.core.synthetic import synthetic_project

X0, Y0 = 500_000.0, 4_380_000.0


def _square(i: int, size: float = 80.0):
    return box(X0 + i * 100, Y0, X0 + i * 100 + size, Y0 + size)


def hand_made_project() -> Project:
    """Every field filled, with the awkward values a file format tends to get wrong."""
    zones = {
        5: Zone(5, _square(5), "0802", name="研发中心 5", sector="next_gen_it", far=2.5, phase=2, height_m=60.0),
        3: Zone(3, _square(3), "100101", name="", sector="advanced_equipment", far=1.2, coverage=0.45,
                green_ratio=0.15, phase=1, start_year=2027),
        9: Zone(9, MultiPolygon([_square(9, 30), box(X0 + 940, Y0 + 50, X0 + 970, Y0 + 80)]), "M0",
                name='=HYPERLINK("x"); DROP TABLE zones;-- \'quoted\'', far=3.0, gfa_override_m2=12_345.5),
        7: Zone(7, _square(7), "1401", name="公园", far=0.0, phase=3),
    }
    base = Scenario("base", "基准方案", zones, description="Base plan, 2035",
                    parameter_overrides={"household_size": 2.8, "class_m2_gfa_per_job": {"IND": 70.0}},
                    sector_overrides={"next_gen_it": {"far_min": 1.2, "output_wan_per_mu": 900.0}})
    alternative = Scenario("alt-1", "Alt \"compact\"", {2: Zone(2, _square(2), "070102", far=2.0)})
    empty = Scenario("alt_1", "=empty")  # slug collides with alt-1's layer name on purpose
    return Project(
        name="中关村科技城 'test'", crs="EPSG:4548", scheme="MNR-2023",
        scenarios=[base, alternative, empty], active_scenario_id="alt-1",
        boundary=box(X0 - 100, Y0 - 100, X0 + 1200, Y0 + 300),
        phases=(Phase(1, "一期", 2025, box(X0, Y0, X0 + 500, Y0 + 100)), Phase(2, "二期", 2030),
                Phase(3, "", 2033)),
        targets=(Target("jobs", 120_000, 2035), Target("residents", 80_000.5)),
        observed=(Observation(2020, "output_yi", 9.8), Observation(2023, "output_yi", 16.2)),
        calibration=(Calibration("output_yi", 1.1, 0.9, 1.2),),
        context_layers=(
            ContextLayer("roads 道路", "line", (LineString([(X0, Y0), (X0 + 10, Y0 + 10)]),)),
            ContextLayer("wells", "point", (Point(X0, Y0), Point(X0 + 5, Y0 + 5))),
            ContextLayer("nothing yet", "polygon", ()),
        ),
        metadata={"author": "规划院", "note": "illustrative geometry", "=cmd": "'; --"},
    )


def _differences(a: Project, b: Project) -> list[int]:
    return [i for i, (x, y) in enumerate(zip(a.snapshot(), b.snapshot())) if x != y]


def test_hand_made_project_round_trips(tmp_path):
    project = hand_made_project()
    path = tmp_path / "park.gpkg"
    save_project(project, path)
    loaded = load_project(path)
    assert _differences(project, loaded) == []
    assert loaded.snapshot() == project.snapshot()
    assert list(loaded.scenario("base").zones) == [5, 3, 9, 7]  # draw order, not id order
    assert loaded.scenario("base").zones[9].geometry.geom_type == "MultiPolygon"
    assert loaded.active_scenario_id == "alt-1"
    assert loaded.phases[1].geometry is None


def test_saving_twice_over_the_same_file_replaces_it(tmp_path):
    project = hand_made_project()
    path = tmp_path / "park.gpkg"
    save_project(project, path)
    project.name = "renamed"
    project.scenarios.pop()
    save_project(project, path)
    loaded = load_project(path)
    assert loaded.name == "renamed"
    assert [s.id for s in loaded.scenarios] == ["base", "alt-1"]
    assert [p.name for p in tmp_path.iterdir()] == ["park.gpkg"]


@pytest.mark.parametrize("name", ["park.gpkg", "规划 方案 (1).gpkg", "with'quote.gpkg"])
def test_awkward_file_names(tmp_path, name):
    project = hand_made_project()
    save_project(project, tmp_path / name)
    assert load_project(tmp_path / name).snapshot() == project.snapshot()


@pytest.mark.parametrize("n_zones, scenarios, seed", [(0, 1, 0), (1, 1, 1), (500, 3, 2), (3_000, 2, 3)])
def test_synthetic_projects_round_trip(tmp_path, n_zones, scenarios, seed):
    project = synthetic_project(n_zones, seed=seed, scenarios=scenarios)
    save_project(project, tmp_path / "synthetic.gpkg")
    loaded = load_project(tmp_path / "synthetic.gpkg")
    assert loaded.snapshot() == project.snapshot()
    assert [len(s.zones) for s in loaded.scenarios] == [n_zones] * scenarios


def test_zones_unchanged_between_scenarios_are_shared_after_loading(tmp_path):
    project = synthetic_project(400, seed=5, scenarios=2)
    save_project(project, tmp_path / "p.gpkg")
    base, variant = load_project(tmp_path / "p.gpkg").scenarios
    same = [i for i, z in project.scenarios[0].zones.items() if project.scenarios[1].zones[i] is z]
    different = [i for i in base.zones if i not in set(same)]
    assert same and different
    assert all(variant.zones[i] is base.zones[i] for i in same)
    assert all(variant.zones[i] is not base.zones[i] and variant.zones[i].far != base.zones[i].far
               for i in different)


def test_shuffled_zone_order_and_sparse_ids_survive(tmp_path):
    project = synthetic_project(50, seed=1)
    zones = project.active_scenario.zones
    order = list(zones)[::-1]
    renumbered = {i * 1000 + 7: zones[i].with_changes(id=i * 1000 + 7) for i in order}
    project.active_scenario.zones = renumbered
    save_project(project, tmp_path / "p.gpkg")
    loaded = load_project(tmp_path / "p.gpkg")
    assert list(loaded.active_scenario.zones) == list(renumbered)
    assert loaded.snapshot() == project.snapshot()


def test_an_edited_project_saved_again_reloads_with_the_edit(tmp_path):
    from parkplanner.core.editing import History
    from parkplanner.core.editing.zone_commands import delete_zones, set_zone_attributes

    project = synthetic_project(200, seed=4)
    history = History(project)
    history.push(set_zone_attributes(project, [5, 6], {"far": 3.3, "name": "改 '=x'"}))
    history.push(delete_zones(project, [10]))
    save_project(project, tmp_path / "p.gpkg")
    loaded = load_project(tmp_path / "p.gpkg")
    assert loaded.snapshot() == project.snapshot()
    assert loaded.active_scenario.zones[5].far == 3.3 and 10 not in loaded.active_scenario.zones


def test_overrides_holding_read_only_mappings_are_stored_as_json(tmp_path):
    from types import MappingProxyType

    project = synthetic_project(10, seed=1)
    overrides = {"class_m2_gfa_per_job": MappingProxyType({"IND": 75.0})}
    project.active_scenario.parameter_overrides = overrides
    save_project(project, tmp_path / "p.gpkg")
    loaded = load_project(tmp_path / "p.gpkg")
    assert loaded.active_scenario.parameter_overrides == {"class_m2_gfa_per_job": {"IND": 75.0}}
    assert loaded.effective_parameters().class_m2_gfa_per_job["IND"] == 75.0

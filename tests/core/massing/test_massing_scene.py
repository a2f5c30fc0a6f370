"""3D massing: footprints, heights and volumes by the documented rule (docs/massing_3d.md),
triangulation with holes, in-place edits equal to a fresh build, the year filter and picking.

Expected values are worked out by hand from the rule; volumes of the meshes come from the
divergence theorem (sum of signed tetrahedra), an independent calculation from the triangles.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, box

from parkplanner.core.massing.footprints import inset_to_coverage
from parkplanner.core.massing.picking import pick_zone
from parkplanner.core.massing.scene import build_scene
from parkplanner.core.model.parameters import DEFAULT_STOREY_HEIGHT_M, Parameters
from parkplanner.core.model.project import Phase, Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone
from parkplanner.core.synthetic import synthetic_project

X0, Y0 = 500_000.0, 4_380_000.0


def _project(zones, **kwargs) -> Project:
    return Project(scenarios=[Scenario("base", "Base", {z.id: z for z in zones})], **kwargs)


def _zone_triangles(scene, zone_id) -> np.ndarray:
    batch = scene.batches[scene.zone_class[zone_id]]
    a, b = batch.zone_range(zone_id)
    return batch.vertices[a:b].astype(float)


def _volume(triangles: np.ndarray) -> float:
    """Volume under the triangles, closed by the ground z = 0 (which adds nothing for an origin on it)."""
    return float(np.einsum("ij,ij->i", triangles[:, 0], np.cross(triangles[:, 1], triangles[:, 2])).sum() / 6.0)


def _roof_area(triangles: np.ndarray, z: float) -> float:
    top = triangles[np.all(np.abs(triangles[:, :, 2] - z) < 1e-4, axis=1)]
    d1, d2 = top[:, 1] - top[:, 0], top[:, 2] - top[:, 0]
    return float(np.abs(d1[:, 0] * d2[:, 1] - d1[:, 1] * d2[:, 0]).sum() / 2.0)


def test_height_from_gfa_and_storey_height_and_volume():
    # 100 m × 100 m residential plot, FAR 2, coverage 25 %: footprint 2,500 m², 8 storeys of 3 m.
    zone = Zone(1, box(X0, Y0, X0 + 100, Y0 + 100), "070102", far=2.0, coverage=0.25)
    scene = build_scene(_project([zone]))
    assert scene.zone_class[1] == "RES"
    assert scene.height[1] == pytest.approx(24.0, abs=1e-9)
    assert scene.footprint[1].area == pytest.approx(2_500.0, abs=0.01)
    # An even inset of a square: the footprint is the 50 m square in the middle.
    assert scene.footprint[1].equals_exact(box(X0 + 25, Y0 + 25, X0 + 75, Y0 + 75).normalize(), 1e-3) or \
        shapely.hausdorff_distance(scene.footprint[1], box(X0 + 25, Y0 + 25, X0 + 75, Y0 + 75)) < 1e-3
    triangles = _zone_triangles(scene, 1)
    assert _volume(triangles) == pytest.approx(2_500.0 * 24.0, rel=1e-6)  # = GFA × storey height
    assert _roof_area(triangles, 24.0) == pytest.approx(2_500.0, abs=0.01)


def test_height_limit_wins_and_unknown_coverage_builds_the_whole_zone():
    limited = Zone(1, box(X0, Y0, X0 + 200, Y0 + 50), "0802", far=1.5, coverage=0.4, height_m=45.0)
    whole = Zone(2, box(X0, Y0 + 50, X0 + 60, Y0 + 110), "100101", far=1.2)  # coverage unknown
    scene = build_scene(_project([limited, whole]))
    assert scene.height[1] == 45.0
    assert _volume(_zone_triangles(scene, 1)) == pytest.approx(0.4 * 10_000.0 * 45.0, rel=1e-6)
    # Industrial, 6 m storeys: FAR 1.2 over the whole plot is 1.2 storeys = 7.2 m.
    assert scene.zone_class[2] == "IND" and scene.height[2] == pytest.approx(7.2, abs=1e-9)
    assert scene.footprint[2].equals(whole.geometry)
    assert _volume(_zone_triangles(scene, 2)) == pytest.approx(3_600.0 * 7.2, rel=1e-6)


def test_storey_heights_are_project_parameters():
    zone = Zone(1, box(X0, Y0, X0 + 100, Y0 + 100), "0802", far=3.0, coverage=0.5)  # OFF: 6 storeys
    assert build_scene(_project([zone])).height[1] == pytest.approx(6 * DEFAULT_STOREY_HEIGHT_M["OFF"])
    project = _project([zone], parameters=Parameters(storey_height_m={"OFF": 4.0}))
    assert build_scene(project).height[1] == pytest.approx(24.0)
    with pytest.raises(ValueError, match="storey_height_m"):
        Parameters(storey_height_m={"RES": 0.0})


def test_roads_green_water_lie_flat_and_nothing_to_build_is_flat():
    zones = [Zone(1, box(X0, Y0, X0 + 50, Y0 + 50), "1207", far=0.0),  # road
             Zone(2, box(X0 + 50, Y0, X0 + 100, Y0 + 50), "1401", far=0.1, height_m=9.0),  # park: flat anyway
             Zone(3, box(X0 + 100, Y0, X0 + 150, Y0 + 50), "1701"),  # river
             Zone(4, box(X0 + 150, Y0, X0 + 200, Y0 + 50), "070102", far=0.0)]  # housing with no GFA yet
    scene = build_scene(_project(zones))
    assert [scene.zone_class[i] for i in (1, 2, 3)] == ["TRN", "GRN", "WAT"]
    for zone in zones:
        triangles = _zone_triangles(scene, zone.id)
        assert np.all(triangles[:, :, 2] == 0.0) and scene.height[zone.id] == 0.0
        assert _roof_area(triangles, 0.0) == pytest.approx(2_500.0, abs=0.01)


def test_polygon_with_hole_keeps_its_hole():
    ring = [(X0, Y0), (X0 + 100, Y0), (X0 + 100, Y0 + 100), (X0, Y0 + 100)]
    hole = [(X0 + 40, Y0 + 40), (X0 + 60, Y0 + 40), (X0 + 60, Y0 + 60), (X0 + 40, Y0 + 60)]
    zone = Zone(1, Polygon(ring, [hole]), "0901", height_m=12.0)  # coverage unknown: the whole zone
    scene = build_scene(_project([zone]))
    triangles = _zone_triangles(scene, 1)
    assert _roof_area(triangles, 12.0) == pytest.approx(9_600.0, abs=0.01)
    assert _volume(triangles) == pytest.approx(9_600.0 * 12.0, rel=1e-6)
    roof = triangles[np.all(triangles[:, :, 2] == 12.0, axis=1)] + [*scene.origin, 0]
    cover = shapely.union_all([Polygon(t[:, :2]) for t in roof])
    assert not cover.contains(Point(X0 + 50, Y0 + 50))  # the courtyard stays open
    # Walls face outwards: the courtyard's walls point into the hole, towards its middle.
    batch = scene.batches["COM"]
    a, b = batch.zone_range(1)
    normals, centres = batch.normals[a:b].astype(float), triangles.mean(axis=1)
    centre = np.array([X0 + 50 - scene.origin[0], Y0 + 50 - scene.origin[1]])
    inner = np.hypot(*(centres[:, :2] - centre).T) < 15
    towards = np.einsum("ij,ij->i", normals[inner][:, :2], centre - centres[inner][:, :2])
    assert inner.sum() == 8 and np.all(towards > 0)


def test_inset_is_even_and_exact_for_many_shapes():
    # A rectangle by hand: (100 − 2d)(50 − 2d) = 2,000 m² → 4d² − 300d + 3,000 = 0.
    d = (300 - math.sqrt(300 ** 2 - 4 * 4 * 3_000)) / 8
    rect = inset_to_coverage(np.array([box(0, 0, 100, 50)]), np.array([0.4]))[0]
    assert shapely.hausdorff_distance(rect, box(d, d, 100 - d, 50 - d)) < 1e-6
    project = synthetic_project(300, seed=3)
    zones = list(project.active_scenario.zones.values())
    geoms = np.array([z.geometry for z in zones] + [MultiPolygon([box(0, 0, 10, 10), box(20, 0, 40, 10)])])
    coverage = np.linspace(0.15, 0.85, len(geoms))
    footprints = inset_to_coverage(geoms, coverage)
    np.testing.assert_allclose(shapely.area(footprints), shapely.area(geoms) * coverage, rtol=1e-9, atol=0.01)
    assert shapely.within(footprints, shapely.buffer(geoms, 1e-6)).all()


def test_edits_in_place_equal_a_fresh_build():
    project = synthetic_project(200, seed=5)
    scenario = project.active_scenario
    scene = build_scene(project)
    ids = sorted(scenario.zones)
    a, b, c, d = ids[:4]
    zones = scenario.zones
    edits = {
        a: zones[a].with_changes(height_m=77.0),  # same triangles, new height: in place
        b: zones[b].with_changes(geometry=shapely.buffer(zones[b].geometry, -3.0, join_style="mitre")),
        c: None,  # deleted
        d: zones[d].with_changes(code="1401"),  # to another class
        10_000: Zone(10_000, box(X0, Y0, X0 + 80, Y0 + 40), "0901", far=2.0, coverage=0.5),  # new
    }
    for zone_id, zone in edits.items():
        if zone is None:
            del zones[zone_id]
        else:
            zones[zone_id] = zone
    scene.apply(edits)
    fresh = build_scene(project)
    fresh_origin = np.array([*fresh.origin, 0.0])
    origin = np.array([*scene.origin, 0.0])
    assert set(scene.zone_class) == set(fresh.zone_class) == set(zones)
    for zone_id in zones:
        assert scene.zone_class[zone_id] == fresh.zone_class[zone_id]
        mine = _zone_triangles(scene, zone_id) + origin
        theirs = _zone_triangles(fresh, zone_id) + fresh_origin
        np.testing.assert_allclose(mine, theirs, atol=0.01)  # float32 near the origin: cm
    assert scene.height[a] == 77.0
    for batch in scene.batches.values():  # the bookkeeping covers every triangle exactly once
        assert batch.counts.sum() == len(batch)


def test_a_height_edit_is_written_in_place():
    project = synthetic_project(50, seed=2)
    scene = build_scene(project)
    zone = next(z for z in project.active_scenario.zones.values() if scene.height[z.id] > 0)
    batch = scene.batches[scene.zone_class[zone.id]]
    arrays = batch.vertices
    scene.apply({zone.id: zone.with_changes(height_m=123.0)})
    assert batch.vertices is arrays and batch.changed_range == batch.zone_range(zone.id)
    assert _zone_triangles(scene, zone.id)[:, :, 2].max() == pytest.approx(123.0)


def test_height_edits_of_many_zones_are_written_in_place_as_a_fresh_build_has_them():
    project = synthetic_project(300, seed=4)
    scenario = project.active_scenario
    scene = build_scene(project)
    batch = next(b for b in scene.batches.values() if sum(scene.height[int(z)] > 0 for z in b.zone_ids) >= 5)
    ids = [int(z) for z in batch.zone_ids if scene.height[int(z)] > 0][:5]
    arrays = batch.vertices
    edits = {z: scenario.zones[z].with_changes(height_m=50.0 + k) for k, z in enumerate(ids)}
    scenario.zones.update(edits)
    scene.apply(edits)
    assert batch.vertices is arrays  # written in place
    first = min(batch.zone_range(z)[0] for z in ids)
    assert batch.changed_range == (first, max(batch.zone_range(z)[1] for z in ids))
    fresh = build_scene(project)
    for zone_id in scenario.zones:
        np.testing.assert_allclose(_zone_triangles(scene, zone_id) + [*scene.origin, 0.0],
                                   _zone_triangles(fresh, zone_id) + [*fresh.origin, 0.0], atol=0.01)
    assert [_zone_triangles(scene, z)[:, :, 2].max() for z in ids] == pytest.approx([50.0, 51.0, 52.0, 53.0, 54.0])


def test_year_shows_what_stands():
    zones = [Zone(1, box(X0, Y0, X0 + 50, Y0 + 50), "070102", far=1.0, phase=1),
             Zone(2, box(X0 + 50, Y0, X0 + 100, Y0 + 50), "070102", far=1.0, phase=2),
             Zone(3, box(X0 + 100, Y0, X0 + 150, Y0 + 50), "070102", far=1.0, phase=2, start_year=2021)]
    project = _project(zones, phases=(Phase(1, "P1", 2020), Phase(2, "P2", 2025)))
    assert set(build_scene(project, year=2020).zone_class) == set()  # construction starts in 2020
    assert set(build_scene(project, year=2022).zone_class) == {1, 3}
    assert set(build_scene(project, year=2026).zone_class) == {1, 2, 3}
    scene = build_scene(project, year=2022)
    scene.set_year(2026, project.active_scenario.zones)
    assert set(scene.zone_class) == {1, 2, 3}
    assert scene.bounds()[:4] == pytest.approx((-75.0, -25.0, 75.0, 25.0))  # the whole plan, any year


def test_picking_finds_the_first_volume_along_the_ray():
    tower = Zone(1, box(X0, Y0, X0 + 100, Y0 + 100), "070102", coverage=0.25, height_m=30.0)
    park = Zone(2, box(X0 + 100, Y0, X0 + 200, Y0 + 100), "1401")
    scene = build_scene(_project([tower, park]))
    ox, oy = scene.origin

    def local(x, y, z):
        return (x - ox, y - oy, z)

    down = (0.0, 0.0, -1.0)
    assert pick_zone(scene, local(X0 + 50, Y0 + 50, 100), down) == 1  # the roof
    assert pick_zone(scene, local(X0 + 10, Y0 + 50, 100), down) == 1  # the open plot beside it
    assert pick_zone(scene, local(X0 + 150, Y0 + 50, 100), down) == 2
    assert pick_zone(scene, local(X0 + 250, Y0 + 50, 100), down) is None
    # From the east, low: the ray meets the tower's east wall (x = 75) at 17.75 m, under its roof...
    assert pick_zone(scene, local(X0 + 300, Y0 + 50, 20), (-1.0, 0.0, -0.01)) == 1
    # ... and from higher up it passes over the 30 m roof and lands beyond the plan.
    assert pick_zone(scene, local(X0 + 300, Y0 + 50, 40), (-1.0, 0.0, -0.01)) is None
    # Over the park at a steep angle: the park's ground comes first.
    assert pick_zone(scene, local(X0 + 190, Y0 + 50, 10), (-1.0, 0.0, -1.0)) == 2


def test_shading_bytes_keep_roof_colours_and_darken_walls_turned_from_the_light():
    from parkplanner.core.massing.scene import shade

    # Light from (0.35, −0.55, 0.76), ambient 0.45, normalised so a roof is lit 1.0. A wall facing
    # north gets no direct light: 0.45 / (0.45 + 0.55 × 0.76 / |L|), |L| = √1.0026 → 0.51876.
    colours = np.array([[1.0, 0.5, 0.25, 1.0]] * 2, dtype=np.float32)
    normals = np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]], dtype=np.float32)
    out = shade(normals, colours)
    assert out.dtype == np.uint8 and out.shape == (2, 3, 4)
    assert out[0].tolist() == [[255, 128, 64, 255]] * 3  # 0.5 × 255 = 127.5 and 0.25 × 255 = 63.75, rounded
    assert out[1].tolist() == [[132, 66, 33, 255]] * 3  # 255, 127.5, 63.75 × 0.51876, rounded

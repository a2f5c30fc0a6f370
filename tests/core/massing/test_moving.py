"""The lighter scene drawn while the camera moves (core/massing/moving.py): boxes with the same
footprint area, height and volume as the full massing, chosen per frame by what shows on screen,
following edits in place.

Volumes come from the divergence theorem over the box triangles; camera matrices are built here
from first principles (look-at and perspective), not taken from the view.
"""
from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon, box

from parkplanner.core.massing.moving import WALL_MIN_PX, ground_colours, moving_boxes, update_boxes, visible_faces
from parkplanner.core.massing.scene import LOT_TINT, build_scene
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone

X0, Y0 = 500_000.0, 4_380_000.0


def _scene(zones):
    return build_scene(Project(scenarios=[Scenario("base", "Base", {z.id: z for z in zones})]))


def _triangles(boxes, faces) -> np.ndarray:
    return boxes.vertices[faces.reshape(-1, 3)].astype(float)


def _closed_volume(triangles: np.ndarray) -> float:
    # The boxes stand on z = 0 with no floor: the floor adds nothing to Σ det / 6 about an origin on it.
    return float(np.einsum("ij,ij->i", triangles[:, 0], np.cross(triangles[:, 1], triangles[:, 2])).sum() / 6.0)


def _look_at(eye, target, fov_deg: float, width: int, height: int) -> np.ndarray:
    """Column-vector perspective × view matrix (OpenGL conventions), z up."""
    eye, target = np.asarray(eye, float), np.asarray(target, float)
    f = target - eye
    f /= np.linalg.norm(f)
    s = np.cross(f, [0.0, 0.0, 1.0])
    s /= np.linalg.norm(s)
    u = np.cross(s, f)
    view = np.eye(4)
    view[0, :3], view[1, :3], view[2, :3] = s, u, -f
    view[:3, 3] = -view[:3, :3] @ eye
    near, far = 1.0, 1e6
    x = 1.0 / math.tan(math.radians(fov_deg) / 2.0)  # horizontal field of view
    projection = np.zeros((4, 4))
    projection[0, 0], projection[1, 1] = x, x * width / height
    projection[2, 2], projection[2, 3] = (far + near) / (near - far), 2 * far * near / (near - far)
    projection[3, 2] = -1.0
    return projection @ view


def test_a_box_keeps_the_footprint_area_height_and_volume():
    # 100 m × 100 m housing, coverage 25 %, height limit 24 m: a 50 m square footprint, 60,000 m³.
    # An L-shaped office plot, whole coverage: its box is the L's minimum rectangle shrunk to the
    # L's own area (7,500 m²) at its 30 m height limit.
    ell = Polygon([(0, 0), (100, 0), (100, 50), (50, 50), (50, 100), (0, 100)])
    scene = _scene([Zone(1, box(X0, Y0, X0 + 100, Y0 + 100), "070102", "Homes", coverage=0.25, height_m=24.0),
                    Zone(2, shapely.affinity.translate(ell, X0 + 300, Y0), "0802", "Labs", height_m=30.0),
                    Zone(3, box(X0, Y0 + 200, X0 + 80, Y0 + 260), "1401", "Park")])
    boxes = moving_boxes(scene)
    assert sorted(boxes.zone_ids.tolist()) == [1, 2]  # the park lies flat: no box
    for zone_id, (expected_area, expected_height) in {1: (2500.0, 24.0), 2: (7500.0, 30.0)}.items():
        k = boxes.row[zone_id]
        roof = _triangles(boxes, boxes.roof_index[k])
        walls = _triangles(boxes, boxes.wall_index[k])
        assert np.allclose(roof[..., 2], expected_height) and boxes.height[k] == expected_height
        d1, d2 = roof[:, 1] - roof[:, 0], roof[:, 2] - roof[:, 0]
        assert (d1[:, 0] * d2[:, 1] - d1[:, 1] * d2[:, 0]).sum() / 2.0 == pytest.approx(expected_area, rel=1e-6)
        volume = _closed_volume(np.concatenate([roof, walls]))
        assert volume == pytest.approx(expected_area * expected_height, rel=1e-6)  # outward faces: positive
        # The bounding sphere holds every corner.
        corners = boxes.vertices[k * 20:(k + 1) * 20].astype(float)
        assert np.linalg.norm(corners - boxes.centre[k], axis=1).max() <= boxes.radius[k] + 1e-3


def test_visible_faces_leave_out_what_is_behind_outside_or_too_small_for_walls():
    zones = [Zone(1, box(X0, Y0, X0 + 60, Y0 + 60), "0802", "Near", height_m=20.0),
             Zone(2, box(X0 + 4000, Y0, X0 + 4060, Y0 + 60), "0802", "Far", height_m=20.0),
             Zone(3, box(X0 - 3000, Y0, X0 - 2940, Y0 + 60), "0802", "Behind", height_m=20.0)]
    scene = _scene(zones)
    boxes = moving_boxes(scene)
    ox, oy = scene.origin
    # The eye 200 m west of the near box, 30 m up, looking east along the row; 1600 px wide, 60°.
    eye = np.array([X0 - 200 - ox, Y0 + 30 - oy, 30.0])
    width, height, fov = 1600, 1000, 60.0
    mvp = _look_at(eye, eye + [1.0, 0.0, -0.05], fov, width, height)
    focal = (width / 2) / math.tan(math.radians(fov) / 2)
    faces = visible_faces(boxes, mvp, eye, focal, (width, height))
    drawn = {int(boxes.zone_ids[v // 20]) for v in faces[:, 0]}
    assert drawn == {1, 2}  # the box behind the eye is left out
    near, far = boxes.row[1], boxes.row[2]
    as_rows = {tuple(r) for r in faces.tolist()}
    # Near: 20 m at ~230 m shows ~120 px: roof and walls. Far: 20 m at ~4.2 km is ~4.6 px, walls
    # too; from 12 km (below WALL_MIN_PX) the far box keeps its roof only.
    assert {tuple(r) for r in boxes.wall_index[near].reshape(-1, 3).tolist()} <= as_rows
    assert {tuple(r) for r in boxes.wall_index[far].reshape(-1, 3).tolist()} <= as_rows
    eye_far = np.array([X0 - 12_000 - ox, Y0 + 30 - oy, 30.0])
    assert 20.0 * focal / np.linalg.norm(boxes.centre[far] - eye_far) < WALL_MIN_PX
    faces = visible_faces(boxes, _look_at(eye_far, eye_far + [1.0, 0.0, -0.002], fov, width, height), eye_far,
                          focal, (width, height))
    as_rows = {tuple(r) for r in faces.tolist()}
    assert {tuple(r) for r in boxes.roof_index[far].reshape(-1, 3).tolist()} <= as_rows
    assert not {tuple(r) for r in boxes.wall_index[far].reshape(-1, 3).tolist()} & as_rows
    # Looking north instead: all three boxes are off to the side, out of the 60° view.
    assert len(visible_faces(boxes, _look_at(eye, eye + [0.0, 1.0, 0.0], fov, width, height), eye, focal,
                             (width, height))) == 0


def test_edits_rewrite_boxes_in_place_and_hide_the_ones_gone():
    zones = {1: Zone(1, box(X0, Y0, X0 + 100, Y0 + 100), "070102", "A", coverage=0.3, height_m=24.0),
             2: Zone(2, box(X0 + 200, Y0, X0 + 300, Y0 + 100), "0802", "B", height_m=40.0)}
    scene = _scene(zones.values())
    boxes = moving_boxes(scene)
    vertices = boxes.vertices
    scene.apply({1: zones[1].with_changes(height_m=60.0)})
    boxes, written = update_boxes(boxes, scene, [1])
    k = boxes.row[1]
    assert boxes.vertices is vertices and written == (k * 20, (k + 1) * 20)
    assert boxes.height[k] == 60.0 and np.allclose(boxes.vertices[k * 20:k * 20 + 4, 2], 60.0)
    fresh = moving_boxes(scene)
    assert np.array_equal(fresh.vertices[fresh.row[1] * 20:(fresh.row[1] + 1) * 20], vertices[k * 20:(k + 1) * 20])
    # The zone turned into a park: its box is hidden (no triangles drawn for it).
    scene.apply({2: zones[2].with_changes(code="1401")})
    boxes, _ = update_boxes(boxes, scene, [2])
    assert not boxes.alive[boxes.row[2]] and boxes.alive[boxes.row[1]]
    eye = np.array([0.0, -800.0, 400.0])
    mvp = _look_at(eye, [0.0, 0.0, 0.0], 60.0, 800, 600)
    faces = visible_faces(boxes, mvp, eye, 400 / math.tan(math.radians(30)), (800, 600))
    assert {int(boxes.zone_ids[v // 20]) for v in faces[:, 0]} == {1}
    # A new zone: new arrays with its box added.
    scene.apply({3: Zone(3, box(X0, Y0 + 200, X0 + 50, Y0 + 250), "0901", "C", height_m=12.0)})
    boxes, written = update_boxes(boxes, scene, [3])
    assert written is None and boxes.vertices is not vertices and boxes.alive[boxes.row[3]]
    assert boxes.height[boxes.row[3]] == 12.0


def test_ground_colours_are_the_land_use_colour_or_its_lot_tint():
    scene = _scene([Zone(1, box(X0, Y0, X0 + 100, Y0 + 100), "070102", "Homes", coverage=0.3, height_m=24.0),
                    Zone(2, box(X0 + 200, Y0, X0 + 300, Y0 + 100), "1401", "Park"),
                    Zone(3, box(X0 + 400, Y0, X0 + 500, Y0 + 100), "0802", "Labs", height_m=20.0)])
    colours = ground_colours(scene, [1, 2, 3])
    housing = np.array([0xFF, 0xFF, 0x2D]) / 255.0  # 070102 in the catalogue
    assert colours[0, :3] == pytest.approx(1.0 - LOT_TINT * (1.0 - housing), abs=1e-6)
    assert colours[1, :3] == pytest.approx(np.array([0x00, 0xFF, 0x00]) / 255.0, abs=1e-6)  # 1401 parks
    assert colours[2, :3] == pytest.approx(np.array(scene.rgba[3][:3]), abs=1e-6)  # built over all of it

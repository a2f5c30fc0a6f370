"""The lighter 3D scene's ground picture (ui/view3d/moving_items.py) follows edits by repainting
only the edited zones' window, and ends up pixel for pixel what a fresh picture of the edited
scene is. Qt's offscreen platform paints QImages, so no OpenGL is needed here."""
from __future__ import annotations

import shapely

from parkplanner.core.massing.scene import build_scene
from parkplanner.core.synthetic import synthetic_project


def test_the_ground_picture_follows_edits_window_by_window(qapp):
    from parkplanner.ui.view3d.moving_items import MovingScene

    project = synthetic_project(400, seed=0)
    scene = build_scene(project)
    moving = MovingScene(scene.records())
    zones = project.active_scenario.zones
    built = [z for z, h in scene.height.items() if h > 0]
    width, height = moving.image.width(), moving.image.height()
    # A height change leaves the ground as it was: nothing repainted, only the box rewritten.
    scene.apply({built[0]: zones[built[0]].with_changes(height_m=99.0)})
    written, rect = moving.follow(scene, [built[0]])
    row = moving.boxes.row[built[0]]
    assert rect is None and written == (row * 20, (row + 1) * 20) and moving.boxes.height[row] == 99.0
    # A new land use, a smaller plot and a deleted one: each repaints a window around it only.
    for edit in ({built[1]: zones[built[1]].with_changes(code="1401")},
                 {built[2]: zones[built[2]].with_changes(
                     geometry=shapely.affinity.scale(zones[built[2]].geometry, 0.5, 0.5))},
                 {built[3]: None}):
        scene.apply(edit)
        _, rect = moving.follow(scene, list(edit))
        assert rect is not None and rect.width() * rect.height() < width * height / 100
    assert moving.pixels().tobytes() == MovingScene(scene.records()).pixels().tobytes()
    assert built[1] not in moving.boxes.zone_ids[moving.boxes.alive]  # a park has no box

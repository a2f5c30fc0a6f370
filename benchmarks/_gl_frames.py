"""Timed OpenGL frames of the 3D view, run by bench_massing.py in its own process on an X display
(Xvfb with Mesa's llvmpipe when there is no other): Qt's offscreen platform has no OpenGL for widgets.

    python _gl_frames.py orbit|edit ZONES REPEAT

Prints one JSON list of per-sample milliseconds, or {"unavailable": reason}.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

#: The 3D view's size in these figures: the map canvas benchmarks' 1600×1000.
SIZE = (1600, 1000)
#: Orbit frames per sample (2° each), so a sample is not a single frame.
FRAMES = 10


def main() -> int:
    mode, zones, repeat = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    from parkplanner.ui.app import create_application

    app = create_application(["bench"])
    from parkplanner.ui.view3d.gl_context import gl_unavailable_reason

    reason = gl_unavailable_reason() or (None if app.platformName() != "offscreen" else "offscreen platform")
    if reason is not None:
        print(json.dumps({"unavailable": reason}))
        return 0
    from OpenGL import GL

    from parkplanner.core.massing.scene import build_scene
    from parkplanner.core.synthetic import synthetic_project
    from parkplanner.ui.view3d.gl_view import MassingGLView

    project = synthetic_project(zones, seed=0)
    scene = build_scene(project)
    view = MassingGLView()
    view.resize(*SIZE)
    view.show()
    view.scene_items.show(scene, None)
    view.show_view("sw")

    def frame() -> None:
        view.repaint()  # paintGL now, not at the next event loop turn
        view.makeCurrent()
        GL.glFinish()  # llvmpipe has drawn every triangle
        view.doneCurrent()

    for _ in range(3):
        app.processEvents()
        frame()
    samples = []
    zones_by_id = project.active_scenario.zones
    ids = [z for z in zones_by_id if scene.height.get(z, 0) > 0][:max(repeat + 1, 1)]
    for n in range(repeat + 1):
        if mode == "orbit":
            start = time.perf_counter()
            for _ in range(FRAMES):
                view.orbit(2.0, 0.0)
                frame()
            elapsed = (time.perf_counter() - start) * 1000.0 / FRAMES
        else:  # one edit: the zone's new triangles into its class batch and into the GPU buffers
            zone = zones_by_id[ids[n % len(ids)]]
            edited = zone.with_changes(height_m=scene.height[zone.id] + 7.0)
            start = time.perf_counter()
            classes = scene.apply({zone.id: edited})
            view.scene_items.sync(classes)
            view.makeCurrent()
            GL.glFinish()  # the buffers hold the edit: the next frame draws it
            view.doneCurrent()
            elapsed = (time.perf_counter() - start) * 1000.0
            frame()  # untimed: the orbit benchmark times frames
        if n:  # the first sample warms up
            samples.append(elapsed)
    print(json.dumps(samples))
    return 0


if __name__ == "__main__":
    sys.exit(main())

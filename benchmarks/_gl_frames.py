"""Timed OpenGL frames of the 3D view, run by bench_massing.py in its own process on an X display
(Xvfb with Mesa's llvmpipe when there is no other): Qt's offscreen platform has no OpenGL for widgets.

    python _gl_frames.py orbit|still|edit ZONES REPEAT

Prints one JSON list of per-sample milliseconds, or {"unavailable": reason}, and on stderr a line
with the triangles drawn per frame.
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

    import pyqtgraph.opengl as gl

    from parkplanner.core.synthetic import synthetic_project
    from parkplanner.ui.view3d.gl_view import MassingGLView
    from parkplanner.core.massing.scene import build_scene
    from parkplanner.ui.view3d.moving_items import MovingScene

    from PySide6.QtTest import QTest

    class CountingView(MassingGLView):
        frames = 0

        def paintGL(self) -> None:  # noqa: N802 (Qt name)
            self.frames += 1
            super().paintGL()

    project = synthetic_project(zones, seed=0)
    scene = build_scene(project)
    moving = MovingScene(scene.records())
    view = CountingView()
    view.resize(*SIZE)
    view.show()
    if not QTest.qWaitForWindowExposed(view, 10_000):  # repaint() draws nothing until then
        print(json.dumps({"unavailable": "the view's window was never exposed"}))
        return 0
    view.scene_items.show(scene, None, moving)
    view.show_view("sw")

    def frame() -> None:
        # The frame drawn into the widget's framebuffer, to the last triangle (glFinish). Qt's own
        # composition of that framebuffer into the window is not included: QWidget.repaint() does
        # not reliably draw a QOpenGLWidget synchronously, so it cannot be timed frame by frame.
        view.makeCurrent()
        view.paintGL()
        GL.glFinish()
        view.doneCurrent()

    for _ in range(3):
        app.processEvents()
        frame()
    samples = []
    zones_by_id = project.active_scenario.zones
    ids = [z for z in zones_by_id if scene.height.get(z, 0) > 0][:max(repeat + 1, 1)]
    for n in range(repeat + 1):
        if mode == "orbit":  # what an orbit draws: the moving scene
            start = time.perf_counter()
            for _ in range(FRAMES):
                view.orbit(2.0, 0.0)
                frame()
            elapsed = (time.perf_counter() - start) * 1000.0 / FRAMES
        elif mode == "still":  # the full scene from the same cameras: what shows once the camera stops
            view.scene_items.set_moving(False)
            start = time.perf_counter()
            for _ in range(FRAMES):
                gl.GLViewWidget.orbit(view, 2.0, 0.0)
                frame()
            elapsed = (time.perf_counter() - start) * 1000.0 / FRAMES
        else:  # one edit: the zone's new triangles into its class batch and into the GPU buffers
            zone = zones_by_id[ids[n % len(ids)]]
            edited = zone.with_changes(height_m=scene.height[zone.id] + 7.0)
            start = time.perf_counter()
            classes = scene.apply({zone.id: edited})
            view.scene_items.sync(classes, (zone.id,))
            view.makeCurrent()
            GL.glFinish()  # the buffers hold the edit: the next frame draws it
            view.doneCurrent()
            elapsed = (time.perf_counter() - start) * 1000.0
            frame()  # untimed: the orbit benchmark times frames
        if n:  # the first sample warms up
            samples.append(elapsed)
    if mode != "edit" and view.frames < (repeat + 1) * FRAMES:
        raise RuntimeError(f"only {view.frames} frames were drawn")
    if mode == "orbit":
        drawn = view.scene_items.boxes_item.drawn_triangles + 2  # the ground picture: one quad
    else:
        drawn = scene.triangle_count()
    print(f"massing {mode} at {zones:,} zones: {drawn:,} triangles a frame "
          f"(full scene {scene.triangle_count():,})", file=sys.stderr)
    print(json.dumps(samples))
    return 0


if __name__ == "__main__":
    sys.exit(main())

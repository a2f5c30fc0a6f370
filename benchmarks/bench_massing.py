"""3D massing: building the scene, an edit reaching the 3D view, and orbit frames.

* ``massing_scene_build``: ``build_scene`` of the active scenario (core/massing, the work the 3D
  view runs on a worker): the massing rule per zone, footprints inset to coverage (numpy offsets,
  GEOS buffers for the zones those do not follow), roofs (centroid fans, constrained Delaunay for
  the rest), walls, lot tints, shading, batches per class. No Qt, no OpenGL.
* ``massing_moving_build``: the lighter scene drawn while the camera moves, made on a worker once
  the scene is shown: a copy of the scene's per-zone records, a box per building, the ground
  picture painted (QPainter into a QImage). No OpenGL.
* ``massing_edit``: one zone's height edit applied to a built scene (``MassingScene.apply``:
  its triangles rebuilt and written in place into its class batch). No Qt, no OpenGL.
* ``massing_edit_upload``: the same edit through the 3D view until the GPU holds it: apply, the
  zone's triangle range written into its class's vertex and colour buffers, its box and the
  ground picture's window under it rewritten for the lighter scene (glFinish). Drawing
  the frame that shows it is ``massing_orbit_frame``.
* ``massing_orbit_frame``: one 1600×1000 frame of an orbit (2° of azimuth) as the view draws it
  while the camera moves: the lighter scene (core/massing/moving.py: a box per building chosen
  for the frame, the ground as one picture), drawn to the end (paintGL of every visible item, the
  per-frame choice of boxes and its index upload included, then glFinish) into the view's
  framebuffer, with Mesa's llvmpipe software renderer under Xvfb when there is no display (what CI
  and laptops without a GPU have). Qt's composition of the framebuffer into the window is not
  included (see _gl_frames.py). The triangles drawn per frame are printed on stderr.
* ``massing_still_frame``: the same frames of the full scene, what the view shows once the camera
  has stopped; the baseline to compare ``massing_orbit_frame`` with in the same run (the machine's
  load changes both alike). Under llvmpipe both are per-triangle work in Mesa's single-threaded
  geometry stage (vertex processing, then setup of every triangle that faces the camera): a
  160×100 view costs about as much as 1600×1000, so the figure follows the triangle count.

The two GL benchmarks run in their own process (_gl_frames.py) on an X display with Qt's xcb
platform: Qt's offscreen platform has no OpenGL for widgets. Without Xvfb or OpenGL they report
no figures (a note on stderr). ``--project`` is not used by the GL benchmarks (synthetic plans).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from _harness import benchmark, time_samples

SIZES = (2_000, 20_000)
_GL_FRAMES = Path(__file__).with_name("_gl_frames.py")


@benchmark("massing_scene_build", sizes=SIZES)
def massing_scene_build(ctx):
    from parkplanner.core.massing.scene import build_scene

    project = ctx.project()
    return time_samples(lambda: build_scene(project), repeat=min(ctx.repeat, 5))


@benchmark("massing_moving_build", sizes=SIZES)
def massing_moving_build(ctx):
    from parkplanner.core.massing.scene import build_scene
    from parkplanner.ui.render import ensure_gui_application
    from parkplanner.ui.view3d.moving_items import MovingScene

    ensure_gui_application()
    scene = build_scene(ctx.project())
    return time_samples(lambda: MovingScene(scene.records()), repeat=min(ctx.repeat, 5))


@benchmark("massing_edit", sizes=SIZES)
def massing_edit(ctx):
    from parkplanner.core.massing.scene import build_scene

    project = ctx.project()
    scene = build_scene(project)
    zones = [z for z in project.active_scenario.zones.values() if scene.height.get(z.id, 0) > 0]
    state = {"n": 0}

    def setup():
        zone = zones[state["n"] % len(zones)]
        state["n"] += 1
        return {zone.id: zone.with_changes(height_m=scene.height[zone.id] + 7.0)}

    return time_samples(scene.apply, repeat=max(ctx.repeat, 20), setup=setup)


def _gl_samples(mode: str, ctx) -> list[float]:
    from parkplanner.ui.view3d.gl_context import launch_xvfb

    env = dict(os.environ)
    xvfb = None
    if not env.get("DISPLAY"):
        xvfb = launch_xvfb(terminate=False)
        if xvfb is None:
            print("massing GL benchmarks: no display and no Xvfb, skipped", file=sys.stderr)
            return []
        env["DISPLAY"] = xvfb[1]
    env["QT_QPA_PLATFORM"] = "xcb;offscreen"
    try:
        result = subprocess.run([sys.executable, str(_GL_FRAMES), mode, str(ctx.zones), str(ctx.repeat)],
                                capture_output=True, text=True, env=env, timeout=1800)
    finally:
        if xvfb is not None:
            xvfb[0].terminate()
            xvfb[0].wait(10)
    for line in result.stderr.splitlines():
        if line.startswith("massing "):
            print(line, file=sys.stderr)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "GL session failed")
    data = json.loads(result.stdout.strip().splitlines()[-1])
    if isinstance(data, dict):
        print(f"massing GL benchmarks: no OpenGL ({data['unavailable']}), skipped", file=sys.stderr)
        return []
    return data


@benchmark("massing_edit_upload", sizes=SIZES)
def massing_edit_upload(ctx):
    return _gl_samples("edit", ctx)


@benchmark("massing_orbit_frame", sizes=SIZES)
def massing_orbit_frame(ctx):
    return _gl_samples("orbit", ctx)


@benchmark("massing_still_frame", sizes=SIZES)
def massing_still_frame(ctx):
    return _gl_samples("still", ctx)

"""``parkplanner render PROJECT -o view.png --3d [--camera sw] [--year 2030] [--basemap]``: the 3D
massing as a PNG, with the project's raster base maps on the ground with ``--basemap``.

OpenGL for Qt widgets needs an X display: without one, an Xvfb is started for the command (Mesa's
llvmpipe renders in software). Qt's xcb platform draws it; should xcb not load, Qt falls back to
``offscreen`` and the command says in one line that there is no OpenGL.
"""
from __future__ import annotations

from parkplanner.cli import CliError
from parkplanner.cli._common import open_project, output_path, pick_scenario

__all__ = ["run_3d", "DEFAULT_CAMERA"]

DEFAULT_CAMERA = "sw"


def run_3d(args, width: int, height: int) -> int:
    from parkplanner.core.massing.camera import parse_camera

    output = output_path(args.output, (".png",), "the 3D view", inputs=[args.project])
    try:
        camera = parse_camera(args.camera or DEFAULT_CAMERA)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    project = open_project(args.project)
    scenario = pick_scenario(project, args.scenario)
    from parkplanner.ui.view3d.gl_context import prepare_gl_display

    prepare_gl_display()
    from parkplanner.ui.render import ensure_gui_application

    ensure_gui_application()
    from parkplanner.ui.view3d.gl_context import gl_unavailable_reason

    reason = gl_unavailable_reason()
    if reason is not None:
        raise CliError(f"cannot draw the 3D view: {reason}")
    from parkplanner.core.massing.scene import build_scene
    from parkplanner.ui.view3d.offscreen import render_massing

    scene = build_scene(project, scenario, args.year)
    render_massing(project, scenario, scene, output, camera, width, height, args.lang, args.title,
                   basemap=getattr(args, "basemap", False))
    print(f"drew the 3D massing of scenario {scenario.name!r} ({len(scene)} zones) to {output}")
    return 0

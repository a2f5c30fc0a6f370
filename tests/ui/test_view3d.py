"""The 3D view in the editor and the workshop, with real OpenGL (Mesa's llvmpipe under Xvfb).

Qt's offscreen platform, which the rest of the suite uses, has no OpenGL for widgets, so each
session runs in its own process on an Xvfb display that the test starts (xcb platform). Without
Xvfb, or when no OpenGL context can be made there, the test skips with the reason. The
screenshots are kept in the test's tmp folder for a person to look at.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from parkplanner.ui.view3d.gl_context import launch_xvfb

SESSION = Path(__file__).with_name("view3d_session.py")


@pytest.fixture(scope="module")
def display():
    launched = launch_xvfb(terminate=False)  # one display for every session of the module
    if launched is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb libgl1-mesa-dri libxcb-cursor0)")
    process, name = launched
    yield name
    process.terminate()
    process.wait(10)


def _session(display: str, language: str, size: str, out: Path) -> dict:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb;offscreen"}
    result = subprocess.run([sys.executable, str(SESSION), language, str(out), size], capture_output=True,
                            text=True, env=env, timeout=280)
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    if report["unavailable"] is not None:
        pytest.skip(f"no OpenGL on the Xvfb display: {report['unavailable']}")
    return report


@pytest.mark.parametrize(("language", "size", "dock_title", "top", "tab"), [
    ("en", "1600x1000", "3D view", "Top", "3D"),
    ("zh_CN", "1366x768", "三维视图", "顶视", "三维"),
])
def test_view3d_session(display, tmp_path, language, size, dock_title, top, tab):
    report = _session(display, language, size, tmp_path)
    assert report["platform"] == "xcb" and report["built"] and report["zones"] == 191
    assert report["dock_title"] == dock_title and report["top_button"] == top
    assert report["base_map"] and report["base_map_off"]
    assert report["selected"] == [report["clicked"]]  # a click on a roof selects that zone
    assert report["moving_made"] and report["moving"] and report["selected_while_moving"] == [report["clicked"]] and report["still_again"]
    assert report["box_after_edit"] == 150.0  # the moving scene follows edits too
    assert report["in_place"] and report["height_after_edit"] == 150.0
    assert report["height_after_undo"] != 150.0
    assert report["standing_in_first_year"] == 0
    a, b = report["other_scenario_zones"]
    assert a == b
    assert report["compared"] and report["compared_zones"][0] == report["compared_zones"][1]
    assert report["b_followed_orbit"] == pytest.approx(30.0)
    assert report["a_followed_top"] == pytest.approx(89.99)  # the top view's elevation (gl_view.apply_camera)
    assert report["compare_title"] and report["compare_hidden"]
    assert (tmp_path / f"compare3d_{language}_{size}.png").stat().st_size > 10_000
    assert report["workshop_tabs"][1] == tab and report["workshop_built"]
    assert (tmp_path / f"view3d_{language}_{size}.png").stat().st_size > 10_000

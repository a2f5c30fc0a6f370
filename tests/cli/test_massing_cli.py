"""``parkplanner export -o plan.glb`` and ``parkplanner render --3d``: outputs and the error contract.

The 3D render needs OpenGL: the command is run in a fresh process without a display, as on a
server, so it must start Xvfb itself; the test skips with one reason when Xvfb is not installed.
"""
from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys

import pytest
from shapely.geometry import box

from parkplanner.cli import main
from parkplanner.core.io.project_file import save_project
from parkplanner.core.model.parameters import Parameters
from parkplanner.core.model.project import Phase, Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone

X0, Y0 = 525_000.0, 4_396_000.0


@pytest.fixture
def project_file(tmp_path):
    zones = {1: Zone(1, box(X0, Y0, X0 + 300, Y0 + 300), "070102", "Homes", far=2.4, coverage=0.3, phase=1),
             2: Zone(2, box(X0 + 300, Y0, X0 + 600, Y0 + 300), "0802", "Labs", far=1.8, coverage=0.4, phase=2),
             3: Zone(3, box(X0, Y0 + 300, X0 + 600, Y0 + 400), "1401", "Park")}
    project = Project(name="Massing Park", scenarios=[Scenario("base", "Base plan", zones)],
                      phases=(Phase(1, "P1", 2020), Phase(2, "P2", 2026)),
                      parameters=Parameters(storey_height_m={"RES": 3.2}),
                      boundary=box(X0 - 10, Y0 - 10, X0 + 610, Y0 + 410))
    path = tmp_path / "park.gpkg"
    save_project(project, path)
    return path


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_export_glb_uses_the_saved_storey_heights(tmp_path, capsys, project_file):
    out = tmp_path / "plan.glb"
    code, stdout, stderr = _run(capsys, "export", project_file, "-o", out)
    assert code == 0 and stderr == "" and "3D massing of scenario 'Base plan' (3 zones" in stdout
    data = out.read_bytes()
    (json_length,) = struct.unpack_from("<I", data, 12)
    document = json.loads(data[20:20 + json_length])
    by_name = {m["name"]: m for m in document["meshes"]}
    position = document["accessors"][by_name["RES"]["primitives"][0]["attributes"]["POSITION"]]
    # 2.4 FAR ÷ 0.3 coverage = 8 storeys × 3.2 m (the project's, not the default 3 m) = 25.6 m.
    assert position["max"][1] == pytest.approx(25.6, abs=1e-4)
    assert set(by_name) == {"RES", "OFF", "GRN"}


def test_bad_outputs_and_cameras_are_one_line(tmp_path, capsys, project_file):
    code, _, stderr = _run(capsys, "export", project_file, "-o", tmp_path / "nowhere" / "plan.glb")
    assert code == 2 and stderr.count("\n") == 1 and "folder does not exist" in stderr
    code, _, stderr = _run(capsys, "render", project_file, "-o", tmp_path / "v.svg", "--3d")
    assert code == 2 and stderr.count("\n") == 1 and "must end in .png" in stderr
    code, _, stderr = _run(capsys, "render", project_file, "-o", tmp_path / "v.png", "--3d", "--camera", "up")
    assert code == 2 and stderr.count("\n") == 1 and "--camera must be top, sw, se, ne, nw" in stderr
    code, _, stderr = _run(capsys, "render", project_file, "-o", tmp_path / "v.png", "--3d", "--camera", "90,2")
    assert code == 2 and "elevation must be between 5 and 90" in stderr
    code, _, stderr = _run(capsys, "render", project_file, "-o", tmp_path / "v.png", "--camera", "top")
    assert code == 2 and "add --3d" in stderr
    assert not list(tmp_path.glob("v.*"))


def test_render_3d_says_in_one_line_when_there_is_no_opengl(tmp_path, capsys, project_file, qapp):
    # The suite's Qt runs on the offscreen platform, which has no OpenGL for widgets.
    assert qapp.platformName() == "offscreen"
    code, _, stderr = _run(capsys, "render", project_file, "-o", tmp_path / "v.png", "--3d")
    assert code == 2 and stderr.count("\n") == 1
    assert stderr.startswith("parkplanner: error: cannot draw the 3D view: Qt's offscreen platform has no OpenGL")
    assert not (tmp_path / "v.png").exists()


def _headless_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return env


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed (apt-get install xvfb)")
def test_render_3d_without_a_display(tmp_path, project_file):
    out = tmp_path / "view.png"
    result = subprocess.run([sys.executable, "-m", "parkplanner", "render", str(project_file), "-o", str(out),
                             "--3d", "--size", "800x500", "--camera", "top", "--year", "2022"],
                            capture_output=True, text=True, env=_headless_env(), timeout=240)
    if "cannot draw the 3D view" in result.stderr:
        pytest.skip(f"no OpenGL under Xvfb here: {result.stderr.strip()}")
    assert result.returncode == 0, result.stderr
    assert "(2 zones)" in result.stdout  # phase 2 starts in 2026: the labs do not stand in 2022
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (800, 500)
    colours = {image.pixelColor(x, y).name() for x in range(0, 560, 4) for y in range(60, 460, 4)}
    # Seen from the top, roofs and flat ground show their land-use colour unshaded: 070102 housing
    # #FFFF2D, 1401 parks #00FF00; the 0802 labs (#F0005C in the catalogue) do not stand yet.
    assert {"#ffff2d", "#00ff00"} <= colours and "#f0005c" not in colours


def _near(image, rgb, tolerance: int = 24) -> int:
    """Pixels of ``image`` (a QImage) within ``tolerance`` of ``rgb`` in every channel."""
    import numpy as np

    rgb32 = image.convertToFormat(image.Format.Format_RGB888)
    rows = np.frombuffer(rgb32.constBits(), np.uint8).reshape(rgb32.height(), rgb32.bytesPerLine())
    pixels = rows[:, :rgb32.width() * 3].reshape(rgb32.height(), rgb32.width(), 3).astype(int)
    return int(np.all(np.abs(pixels - np.array(rgb)) <= tolerance, axis=2).sum())


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed (apt-get install xvfb)")
def test_render_3d_lays_the_raster_base_map_on_the_ground(tmp_path, project_file):
    import numpy as np
    from basemap_rasters import needs_osgeo, write_raster

    if needs_osgeo.args[0]:
        pytest.skip(needs_osgeo.kwargs["reason"])
    # A GeoTIFF written by GDAL in the project CRS, one violet (a colour no land use has) over
    # 2 km × 2 km around the 600 m × 400 m plan, stored in the project by `basemap add`.
    violet = (112, 48, 160)
    pixels = np.empty((3, 400, 400), dtype=np.uint8)
    for band, value in enumerate(violet):
        pixels[band] = value
    source = write_raster(tmp_path / "aerial.tif", pixels, "GTiff", (X0 - 700, 5.0, 0, Y0 + 1100, 0, -5.0), 4548)
    assert main(["basemap", "add", str(project_file), str(source)]) == 0
    from PySide6.QtGui import QImage

    shown = {}
    for flag in ((), ("--basemap",)):
        out = tmp_path / f"view{len(flag)}.png"
        result = subprocess.run([sys.executable, "-m", "parkplanner", "render", str(project_file), "-o", str(out),
                                 "--3d", "--size", "800x500", "--camera", "top", *flag],
                                capture_output=True, text=True, env=_headless_env(), timeout=240)
        if "cannot draw the 3D view" in result.stderr:
            pytest.skip(f"no OpenGL under Xvfb here: {result.stderr.strip()}")
        assert result.returncode == 0, result.stderr
        shown[flag] = _near(QImage(str(out)), violet)
    # Seen from the top the plan fills the picture's height; the base map shows beside it, left
    # and right (the picture is wider than the plan): tens of thousands of pixels, none without.
    assert shown[()] == 0
    assert shown[("--basemap",)] > 10_000

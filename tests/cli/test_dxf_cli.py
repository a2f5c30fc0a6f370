"""``parkplanner import drawing.dxf`` and ``parkplanner export p.gpkg -o plan.dxf``: the report on
stderr, the options, and the error contract (one line, exit 2, no file left behind)."""
from __future__ import annotations

import ezdxf
import pytest
import shapely

from parkplanner.cli import main
from parkplanner.core.io.project_file import load_project, save_project
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone

X0, Y0 = 525_000.0, 4_396_000.0


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _drawing(path, units=6, scale=1.0):
    doc = ezdxf.new("R2013", units=units)
    msp = doc.modelspace()
    for n, layer in enumerate(("YD_B1", "R2-二类居住用地")):
        x = (X0 + 100 * n) * scale
        msp.add_lwpolyline([(x, Y0 * scale), (x + 100 * scale, Y0 * scale), (x + 100 * scale, Y0 * scale + 80 * scale),
                            (x, Y0 * scale + 80 * scale)], close=True, dxfattribs={"layer": layer})
        msp.add_text("容积率≤1.6", dxfattribs={"insert": (x + 50 * scale, Y0 * scale + 40 * scale)})
    msp.add_text("图例", dxfattribs={"insert": (X0 + 50, Y0 - 50)})
    doc.saveas(path)
    return path


def test_import_drawing_reports_on_stderr(tmp_path, capsys):
    out = tmp_path / "p.gpkg"
    code, stdout, stderr = _run(capsys, "import", _drawing(tmp_path / "kg.dxf"), "-o", out,
                                "--scheme", "GB50137-2011", "--crs", "EPSG:4548")
    assert code == 0 and "imported 2 zones" in stdout
    assert "parkplanner: read 2 LWPOLYLINE, 3 TEXT (units: m)" in stderr
    assert "parkplanner: made 2 parcels (0 from loose lines)" in stderr
    assert "labels matched: 2; unmatched: 0; outside every parcel: 1" in stderr
    zones = sorted(load_project(out).active_scenario, key=lambda z: z.id)
    assert [(z.code, z.far) for z in zones] == [("B1", 1.6), ("R2", 1.6)]
    assert zones[0].geometry.area == pytest.approx(8000.0, abs=0.01)


def test_units_override_scales_a_millimetre_drawing_marked_as_metres(tmp_path, capsys):
    src = _drawing(tmp_path / "mm.dxf", units=6, scale=1000.0)
    out = tmp_path / "p.gpkg"
    code, _, stderr = _run(capsys, "import", src, "-o", out, "--scheme", "GB50137-2011", "--crs", "EPSG:4548",
                           "--units", "mm", "--snap", "0.1")
    assert code == 0 and "(units: mm)" in stderr
    assert sum(z.geometry.area for z in load_project(out).active_scenario) == pytest.approx(16000.0, abs=0.01)


@pytest.mark.parametrize("extra, message", [
    (["--units", "furlong"], "unknown drawing units 'furlong'"),
    (["--label", "far"], "--label expects KEY=REGEX, not 'far'"),
    (["--label", "volume=(\\d+)"], "unknown label key 'volume'"),
    (["--layer", "R2"], "--layer does not apply to a DXF drawing"),
    ([], "has no CRS"),
])
def test_bad_options_exit_2_with_one_line_and_no_file(tmp_path, capsys, extra, message):
    out = tmp_path / "p.gpkg"
    crs = [] if message == "has no CRS" else ["--crs", "EPSG:4548"]
    code, _, stderr = _run(capsys, "import", _drawing(tmp_path / "kg.dxf"), "-o", out, "--scheme", "GB50137-2011",
                           *crs, *extra)
    assert code == 2 and message in stderr and len(stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_drawing_options_are_refused_for_gis_files(tmp_path, capsys):
    code, _, stderr = _run(capsys, "import", tmp_path / "x.geojson", "-o", tmp_path / "p.gpkg", "--units", "mm")
    assert code == 2  # the missing file is reported first; a present one gets the option refused
    (tmp_path / "x.geojson").write_text('{"type": "FeatureCollection", "features": []}')
    code, _, stderr = _run(capsys, "import", tmp_path / "x.geojson", "-o", tmp_path / "p.gpkg", "--units", "mm")
    assert code == 2 and "apply to DXF drawings only" in stderr


def test_export_drawing_and_import_it_back(tmp_path, capsys):
    zones = {1: Zone(1, shapely.box(X0, Y0, X0 + 100, Y0 + 100), "100101", "工业 1", "next_gen_it", 1.4),
             2: Zone(2, shapely.box(X0 + 100, Y0, X0 + 200, Y0 + 100), "070102", "住宅 2", None, 2.1)}
    project_path = tmp_path / "p.gpkg"
    save_project(Project(name="t", scenarios=[Scenario("base", "Base plan", zones)]), project_path)
    dxf = tmp_path / "plan.dxf"
    code, stdout, _ = _run(capsys, "export", project_path, "-o", dxf)
    assert code == 0 and "to plan.dxf (CAD drawing, EPSG:4548, metres)" in stdout
    back = tmp_path / "back.gpkg"
    code, _, _ = _run(capsys, "import", dxf, "-o", back)
    assert code == 0
    again = {z.id: z for z in load_project(back).active_scenario}
    assert {i: z.attributes() for i, z in again.items()} == {i: z.attributes() for i, z in zones.items()}

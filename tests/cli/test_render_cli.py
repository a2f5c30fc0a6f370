"""``parkplanner render``: PNG, SVG and PDF figures of a scenario, and the command's error contract."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from shapely.geometry import box

from parkplanner.cli import main
from parkplanner.core.io.project_file import save_project
from parkplanner.core.model.project import Phase, Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone
from parkplanner.ui.canvas.styles import zone_fill_hex

X0, Y0 = 525_000.0, 4_396_000.0
#: (code, name) of a 3 x 2 block of 300 m zones
CODES = (("100101", "Works"), ("070101", "=Homes"), ("1401", "Park"),
         ("0802", "Labs"), ("0901", "Shops"), ("080401", "School"))


def _project() -> Project:
    zones = {}
    for n, (code, name) in enumerate(CODES):
        x, y = X0 + (n % 3) * 300, Y0 + (n // 3) * 300
        zones[n + 1] = Zone(n + 1, box(x, y, x + 300, y + 300), code, name, None, 1.0)
    base = Scenario("base", "Base plan", zones)
    green = Scenario("green", "Green option", {i: z.with_changes(code="1401") for i, z in zones.items()})
    return Project(name="Render & Test Park", scenarios=[base, green], boundary=box(X0, Y0, X0 + 900, Y0 + 600),
                   phases=(Phase(1, "Phase 1", 2020, box(X0, Y0, X0 + 450, Y0 + 600)),))


@pytest.fixture
def project_file(tmp_path):
    path = tmp_path / "park.gpkg"
    save_project(_project(), path)
    return path


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _zone_pixel(scenario_zone_centre, figure, options):
    """Device pixel of a map point on the PNG page."""
    width, height = options.logical_size
    frame = figure.layout(width, height)["frame"]
    view = figure.viewport(int(frame.width()), int(frame.height()))
    point = view.map_to_screen(*scenario_zone_centre)
    return (int((frame.left() + point.x()) * options.scale), int((frame.top() + point.y()) * options.scale))


def test_png_has_the_size_the_dpi_and_land_use_colours(tmp_path, capsys, project_file):
    from PySide6.QtGui import QColor, QImage

    from parkplanner.ui.render.map_figure import FigureOptions, MapFigure

    out = tmp_path / "map.png"
    code, stdout, _ = _run(capsys, "render", project_file, "-o", out, "--size", "1600x1100", "--dpi", "150",
                           "--no-labels")
    assert code == 0 and "drew scenario 'Base plan' (6 zones)" in stdout
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 1100)
    assert image.dotsPerMeterX() == round(150 / 0.0254)
    project = _project()
    options = FigureOptions(1600, 1100, 150.0, labels=False)
    figure = MapFigure(project, project.active_scenario, options)
    for zone in project.active_scenario:
        centre = zone.geometry.centroid  # off-centre: the phase outline runs through the middle zone
        x, y = _zone_pixel((centre.x - 70, centre.y + 50), figure, options)
        assert image.pixelColor(x, y).name().upper() == zone_fill_hex(project.scheme, zone.code).upper()
    # the legend shows every class: each colour appears in the right-hand panel too
    panel = {image.pixelColor(x, y).name().upper() for x in range(int(1600 * 0.74), 1600, 3)
             for y in range(0, 1100, 3)}
    assert {zone_fill_hex(project.scheme, code).upper() for code, _ in CODES} <= panel
    assert QColor("#C0282D").name().upper() in panel  # the boundary line's legend entry


def test_lines_keep_their_weight_at_print_resolution(tmp_path, capsys, project_file):
    """The red boundary is ~2.2 screen pixels wide, so ~6.9 pixels at 300 dpi, not 2."""
    from PySide6.QtGui import QImage

    out = tmp_path / "map.png"
    assert _run(capsys, "render", project_file, "-o", out, "--no-labels")[0] == 0
    image = QImage(str(out))
    column = image.width() // 3
    reds = [y for y in range(image.height())
            if (c := image.pixelColor(column, y)).red() > 150 and c.green() < 90 and c.blue() < 90]
    runs, start = [], None
    for a, b in zip([None] + reds, reds + [None]):
        if b is not None and (a is None or b != a + 1):
            start = b
        if a is not None and (b is None or b != a + 1):
            runs.append(a - start + 1)
    assert runs and max(runs) >= 5


def test_svg_is_vector_with_title_scenario_and_legend(tmp_path, capsys, project_file):
    out = tmp_path / "map.svg"
    code, _, _ = _run(capsys, "render", project_file, "-o", out, "--scenario", "Green option", "--lang", "zh")
    assert code == 0
    root = ET.parse(out).getroot()
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert root.find("svg:title", ns).text == "Render & Test Park"
    texts = "".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "Green option" in texts and "用地性质" in texts and "公园绿地" in texts
    assert "一类城镇住宅用地" not in texts  # only classes the scenario uses are in the legend
    assert len(list(root.iter("{http://www.w3.org/2000/svg}path"))) >= 5
    assert 'fill="#00ff00"' in out.read_text(encoding="utf-8")  # the parks' fill, as a vector
    assert root.get("viewBox") == "0 0 1123 794"


def test_pdf_page_matches_the_size(tmp_path, capsys, project_file):
    out = tmp_path / "map.pdf"
    assert _run(capsys, "render", project_file, "-o", out, "--size", "2480x3508")[0] == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + \
        data.count(b"/Type/Page") >= 1
    assert b"/MediaBox [0 0 595" in data or b"/MediaBox [0 0 594" in data  # A4 portrait in points


@pytest.mark.parametrize("argv, message", [
    (["-o", "{tmp}/map.jpg"], "must end in .png, .svg or .pdf"),
    (["-o", "{tmp}/map.png", "--size", "big"], "--size must look like 3508x2480"),
    (["-o", "{tmp}/map.png", "--size", "10x10"], "at least 400 x 300"),
    (["-o", "{tmp}/map.png", "--scenario", "nope"], "no scenario named 'nope'"),
    (["-o", "{tmp}/missing/map.png"], "folder does not exist"),
])
def test_errors_are_one_line_and_write_nothing(tmp_path, capsys, project_file, argv, message):
    argv = [a.format(tmp=tmp_path) for a in argv]
    code, _, stderr = _run(capsys, "render", project_file, *argv)
    assert code == 2 and message in stderr and stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["park.gpkg"]

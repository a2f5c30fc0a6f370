"""``parkplanner sheets``: the plan sheets PDF (page count, embedded fonts, searchable parcel codes),
PNG sheets, one block, a long parcel table continued, and the error contract."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from shapely.geometry import box
from testkit import load_helper_module

from parkplanner.cli import main
from parkplanner.core.io.project_file import save_project
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone

_plans = load_helper_module(Path(__file__).parents[1] / "core" / "parcels" / "cross_roads.py")
POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts") and shutil.which("pdfinfo")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdffonts, pdfinfo) not installed")
#: Every parcel code of the cross-roads plan, numbered by hand (see tests/core/parcels).
CODES = ["BD01-01-01", "BD01-01-02", "BD01-02-01", "BD01-03-01", "BD01-04-01", "BD01-04-02"]


def _save(tmp_path, zones: list[Zone], name: str = "p.gpkg") -> Path:
    project = Project(name="十字路口 Cross roads", crs="EPSG:4548",
                      scenarios=[Scenario("base", "Base", {z.id: z for z in zones})], active_scenario_id="base",
                      metadata={"planning_unit": "BD01"})
    path = tmp_path / name
    save_project(project, path)
    return path


def _shifted(zones: list[Zone]) -> list[Zone]:
    """The plan moved to real EPSG:4548 coordinates (projected metres near Baodi)."""
    import shapely

    return [z.with_changes(geometry=shapely.affinity.translate(z.geometry, 525_000, 4_396_000)) for z in zones]


def _pdf(tool: str, path: Path, *options: str) -> str:
    return subprocess.run([tool, *options, str(path), "-"] if tool == "pdftotext" else [tool, *options, str(path)],
                          capture_output=True, text=True, check=True).stdout


@needs_poppler
def test_a_pdf_with_a_cover_and_one_sheet_per_block_searchable_and_with_embedded_fonts(tmp_path, capsys):
    project = _save(tmp_path, _shifted(_plans.cross_roads_plan()))
    out = tmp_path / "sheets.pdf"
    assert main(["sheets", str(project), "-o", str(out)]) == 0
    assert "wrote the plan sheets of scenario 'Base'" in capsys.readouterr().out
    info = _pdf("pdfinfo", out)
    assert re.search(r"^Pages:\s+5$", info, re.M)  # cover and index + 4 blocks
    assert re.search(r"^Page size:\s+1191 x 842 pts \(A3\)", info, re.M)  # 420 x 297 mm
    fonts = _pdf("pdffonts", out).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # the "emb" column
    text = _pdf("pdftotext", out)
    for code in CODES:
        assert code in text
    pages = text.split("\f")
    assert "BD01-01-02" in pages[1] and "BD01-01-02" not in pages[2]  # each parcel on its block's sheet
    # Chinese text is real text too (Qt maps a few glyphs to their Kangxi radical twins, e.g. 一, 口).
    assert "地块控制指标" in pages[1] and re.search(r"第\s*2\s*张\s*共\s*5\s*张", pages[1]) and "Cross roads" in pages[0]
    # A 100 m block with 6 % margins is 112 m: 224 mm at 1:500 fits the 232 x 265 mm map frame.
    assert "1:500" in pages[1]


@needs_poppler
def test_english_a2_sheet_of_one_block(tmp_path):
    project = _save(tmp_path, _shifted(_plans.cross_roads_plan()))
    out = tmp_path / "one.pdf"
    assert main(["sheets", str(project), "-o", str(out), "--lang", "en", "--paper", "A2", "--block", "BD01-04"]) == 0
    info = _pdf("pdfinfo", out)
    assert re.search(r"^Pages:\s+2$", info, re.M) and "(A2)" in info
    text = _pdf("pdftotext", out)
    assert "Control indicators" in text and "Plan sheet of block BD01-04" in text
    assert "BD01-04-01" in text and "BD01-04-02" in text and "BD01-01-01" not in text.split("\f")[1]


@needs_poppler
def test_a_long_parcel_table_continues_on_a_second_sheet(tmp_path):
    # One block of 60 parcels of 10 m x 100 m, with roads above and below.
    zones = [Zone(n + 1, box(n * 10, 0, n * 10 + 10, 100), "1001", far=1.0) for n in range(60)]
    zones += [Zone(61, box(0, 100, 600, 110), "1207"), Zone(62, box(0, -10, 600, 0), "1207")]
    out = tmp_path / "long.pdf"
    assert main(["sheets", str(_save(tmp_path, _shifted(zones))), "-o", str(out), "--lang", "en"]) == 0
    pages = _pdf("pdftotext", out).split("\f")
    block_pages = [p for p in pages if "Plan sheet of block" in p]
    assert len(block_pages) >= 2 and "(continued)" in block_pages[1]
    found = set(re.findall(r"01-01-\d\d", "".join(block_pages)))
    assert found == {f"01-01-{n:02d}" for n in range(1, 61)}  # the default planning unit is 01


def test_png_sheets_one_image_per_page(tmp_path, capsys):
    from PySide6.QtGui import QImage

    project = _save(tmp_path, _shifted(_plans.cross_roads_plan()))
    assert main(["sheets", str(project), "-o", str(tmp_path / "s.png"), "--dpi", "60"]) == 0
    images = sorted(tmp_path.glob("s-*.png"))
    assert [p.name for p in images] == [f"s-{n:02d}.png" for n in range(1, 6)]
    image = QImage(str(images[1]))
    assert (image.width(), image.height()) == (round(420 / 25.4 * 60), round(297 / 25.4 * 60))
    assert "s-01.png … s-05.png (5 images)" in capsys.readouterr().out


@pytest.mark.parametrize("extra, message", [
    (["--block", "9"], "no block '9': blocks are BD01-01 to BD01-04"),
    (["--dpi", "5"], "the PNG resolution must be between 50 and 600 dpi"),
])
def test_bad_input_is_one_line_and_leaves_no_file(tmp_path, capsys, extra, message):
    project = _save(tmp_path, _shifted(_plans.cross_roads_plan()))
    out = tmp_path / "x.pdf"
    assert main(["sheets", str(project), "-o", str(out), *extra]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1
    assert not out.exists() and list(tmp_path.iterdir()) == [project]


def test_wrong_suffix_is_refused_before_any_work(tmp_path, capsys):
    assert main(["sheets", str(tmp_path / "missing.gpkg"), "-o", str(tmp_path / "x.docx")]) == 2
    assert "the output must end in .pdf or .png" in capsys.readouterr().err

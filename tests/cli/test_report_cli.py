"""``parkplanner report``: the workbook's numbers equal ``parkplanner metrics --json``; errors are one
line with exit 2 and leave no file."""
from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from parkplanner.cli import main
from parkplanner.core.io.project_file import save_project
from parkplanner.core.metrics.registry import INDICATORS
from tests.core.report.conftest import make_project


@pytest.fixture
def project_file(tmp_path):
    path = tmp_path / "park.gpkg"
    save_project(make_project(), path)
    return path


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_report_numbers_equal_metrics_json(tmp_path, capsys, project_file):
    out = tmp_path / "appendix.xlsx"
    code, stdout, stderr = _run(capsys, "report", project_file, "-o", out)
    assert code == 0 and "wrote the appendix of scenario 'Base plan'" in stdout
    assert "Parcels" in stderr  # progress, one line per part
    code, stdout, _ = _run(capsys, "metrics", project_file, "--json")
    assert code == 0
    metrics = json.loads(stdout)
    book = load_workbook(out)
    indicators = {r[0]: r for r in book["Indicators"].iter_rows(values_only=True)}
    for ind in INDICATORS:
        expected = metrics["indicators"][ind.id]
        assert indicators[ind.id][3] == (expected["value"] if expected["value"] is not None else "n/a")
        assert indicators[ind.id][6] == expected["score"]
    labels = {r[1]: r for r in book["Indicators"].iter_rows(values_only=True) if r[1]}
    assert labels["Coupling coordination degree D"][2] == metrics["coupling"]["D"]
    assert labels["Jobs"][2] == metrics["totals"]["jobs"]
    assert labels["Gross floor area (m²)"][2] == metrics["totals"]["gfa_m2"]
    parcels = [r for r in book["Parcels"].iter_rows(min_row=5, values_only=True) if isinstance(r[0], int)]
    assert len(parcels) == metrics["totals"]["zone_count"]
    assert sum(r[16] for r in parcels) == pytest.approx(metrics["totals"]["jobs"], rel=1e-12)  # column Q: jobs


def test_report_all_scenarios_in_chinese(tmp_path, capsys, project_file):
    out = tmp_path / "appendix.xlsx"
    code, stdout, stderr = _run(capsys, "report", project_file, "-o", out, "--scenario", "all", "--lang", "zh",
                                "--quiet")
    assert code == 0 and stderr == "" and "all scenarios" in stdout
    book = load_workbook(out)
    assert book["Land use balance"]["A1"].value == "用地平衡表"
    assert {r[0] for r in book["Parcels"].iter_rows(min_row=5, values_only=True)} >= {"Base plan", "@Denser"}


@pytest.mark.parametrize("argv, message", [
    (["--scenario", "nope"], "no scenario named 'nope'"),
    (["--lang", "fr"], "invalid choice: 'fr'"),
])
def test_user_errors_are_one_line_and_write_nothing(tmp_path, capsys, project_file, argv, message):
    out = tmp_path / "appendix.xlsx"
    code, _, stderr = _run(capsys, "report", project_file, "-o", out, *argv)
    assert code == 2 and message in stderr and stderr.count("\n") == 1
    assert "Traceback" not in stderr and not out.exists()


def test_output_must_be_xlsx_in_an_existing_folder(tmp_path, capsys, project_file):
    code, _, stderr = _run(capsys, "report", project_file, "-o", tmp_path / "a.csv")
    assert code == 2 and "must end in .xlsx" in stderr
    code, _, stderr = _run(capsys, "report", project_file, "-o", tmp_path / "missing" / "a.xlsx")
    assert code == 2 and "folder does not exist" in stderr
    code, _, stderr = _run(capsys, "report", tmp_path / "none.gpkg", "-o", tmp_path / "a.xlsx")
    assert code == 2 and "no such file" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["park.gpkg"]


def test_a_failed_export_keeps_the_previous_appendix(tmp_path, capsys, project_file, monkeypatch):
    out = tmp_path / "appendix.xlsx"
    out.write_bytes(b"previous")

    def broken(ctx):
        raise OSError(28, "No space left on device")

    import parkplanner.core.report.sheet_checks as checks
    monkeypatch.setattr(checks, "write_sheet", broken)
    code, _, stderr = _run(capsys, "report", project_file, "-o", out, "--quiet")
    assert code == 2 and "No space left on device" in stderr
    assert out.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["appendix.xlsx", "park.gpkg"]


def test_the_land_use_map_is_an_image_on_a_sheet_of_its_own(tmp_path, capsys, project_file):
    from PIL import Image

    out = tmp_path / "appendix.xlsx"
    assert _run(capsys, "report", project_file, "-o", out, "--quiet")[0] == 0
    book = load_workbook(out)
    names = book.sheetnames
    assert names.index("Land-use map") == names.index("Land use balance") + 1
    images = book["Land-use map"]._images
    assert len(images) == 1
    picture = Image.open(images[0].ref)
    assert picture.size == (1754, 1240)  # the figure at A4 landscape, 150 dpi
    # Shown within the printable A4 landscape area (255 x 150 mm at 96 px per inch), aspect kept.
    anchor = images[0].anchor.ext  # in EMU, 9525 per pixel
    shown = (anchor.width / 9525, anchor.height / 9525)
    assert shown[0] <= 255 / 25.4 * 96 + 0.5 and shown[1] <= 150 / 25.4 * 96 + 0.5
    assert abs(shown[0] / shown[1] - 1754 / 1240) < 0.01
    assert book["Land-use map"].page_setup.fitToHeight == 1
    assert _run(capsys, "report", project_file, "-o", tmp_path / "plain.xlsx", "--quiet", "--no-map")[0] == 0
    assert "Land-use map" not in load_workbook(tmp_path / "plain.xlsx").sheetnames

"""``parkplanner import --skip-invalid`` and ``--encoding`` on files made by GDAL."""
from __future__ import annotations

from pathlib import Path

from testkit import load_helper_module

from parkplanner.cli import main
from parkplanner.core.io.project_file import load_project

gm = load_helper_module(Path(__file__).parents[1] / "core" / "io" / "gdal_made.py")
pytestmark = gm.needs_ogr2ogr


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _source(tmp_path, codes):
    outlines = [gm.lonlat_box(117.1 + 0.01 * i, 39.1, 0.01, 0.01) for i in range(len(codes))]
    rows = [{"landuse": c, "far": 1.0, "name": f"地块{i + 1}"} for i, c in enumerate(codes)]
    return gm.ogr2ogr(tmp_path / "plots.gpkg", gm.write_geojson(tmp_path / "p.geojson", rows, outlines))


def test_bad_rows_refuse_with_a_hint_and_skip_invalid_imports_the_rest(tmp_path, capsys):
    source, out = _source(tmp_path, ["1001", "Q7", "0701", "Q7"]), tmp_path / "plan.gpkg"
    code, stdout, stderr = _run(capsys, "import", source, "-o", out)
    assert code == 2 and not out.exists()
    assert stderr == ("parkplanner: error: plots.gpkg, 2 of 4 rows cannot be imported: unknown land-use codes in "
                      "column 'landuse' (scheme MNR-2023): 'Q7' in rows 2, 4; map unknown codes with --recode "
                      "FILE.csv, or --skip-invalid imports the other rows\n")
    code, stdout, stderr = _run(capsys, "import", source, "-o", out, "--skip-invalid")
    assert code == 0 and "imported 2 zones" in stdout
    assert "parkplanner: warning: plots.gpkg: skipped 2 of 4 rows: unknown land-use codes" in stderr
    assert [z.name for z in load_project(out).active_scenario] == ["地块1", "地块3"]


def test_encoding_option_reads_an_unmarked_big5_shapefile(tmp_path, capsys):
    names = ["中正區", "大安區"]
    rows = [{"landuse": "0701", "name": n} for n in names]
    outlines = [gm.lonlat_box(121.5 + 0.01 * i, 25.0, 0.01, 0.01) for i in range(2)]
    shp = gm.ogr2ogr(tmp_path / "taipei.shp", gm.write_geojson(tmp_path / "t.geojson", rows, outlines),
                     "-lco", "ENCODING=CP950")
    shp.with_suffix(".cpg").unlink()
    out = tmp_path / "taipei.gpkg"
    code, _, stderr = _run(capsys, "import", shp, "-o", out, "--encoding", "Big5")
    assert code == 0 and "no .cpg" not in stderr
    assert [z.name for z in load_project(out).active_scenario] == names
    code, _, stderr = _run(capsys, "import", shp, "-o", tmp_path / "x.gpkg", "--encoding", "nonsense")
    assert code == 2 and stderr == "parkplanner: error: unknown text encoding 'nonsense' (e.g. UTF-8, GBK, Big5)\n"

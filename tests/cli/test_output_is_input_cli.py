"""An output that is one of the command's inputs is refused before anything is written.

``export P.gpkg -o P.gpkg`` used to replace the project by a flat layer and ``import SRC.gpkg -o
SRC.gpkg`` the source by a project, both with exit 0. The same file is reached here by its name, a
symbolic link, a hard link and a path through ``..``; the input must be byte for byte unchanged.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess

import pytest

from parkplanner.cli import main

from testkit import saved_synthetic_project


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _same_file_spellings(path):
    """The file itself, a symbolic link, a hard link and a path through a sibling folder and '..'."""
    (path.parent / "sub").mkdir(exist_ok=True)
    symlink, hardlink = path.with_name("link" + path.suffix), path.with_name("hard" + path.suffix)
    symlink.symlink_to(path)
    os.link(path, hardlink)
    return [path, symlink, hardlink, path.parent / "sub" / ".." / path.name]


def test_export_refuses_to_write_over_the_project(tmp_path, capsys):
    project = saved_synthetic_project(tmp_path, 6, seed=3, file_name="plan.gpkg")
    before = _digest(project)
    for spelling in _same_file_spellings(project):
        code, stdout, stderr = _run(capsys, "export", project, "-o", spelling)
        assert code == 2 and stdout == ""
        assert stderr.count("\n") == 1
        assert "cannot write the zones to" in stderr
        assert "is the input file plan.gpkg, which would be destroyed" in stderr
    assert _digest(project) == before


def test_report_refuses_a_link_to_the_project_named_xlsx(tmp_path, capsys):
    project = saved_synthetic_project(tmp_path, 6, seed=3, file_name="plan.gpkg")
    before = _digest(project)
    link = tmp_path / "appendix.xlsx"
    link.symlink_to(project)
    code, _, stderr = _run(capsys, "report", project, "-o", link)
    assert code == 2 and "is the input file plan.gpkg" in stderr
    assert _digest(project) == before


@pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="GDAL's ogr2ogr is not installed")
def test_import_refuses_to_write_over_its_source_made_by_gdal(tmp_path, capsys):
    geojson = tmp_path / "zones.geojson"
    geojson.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"landuse": "100101", "far": 1.2},
        "geometry": {"type": "Polygon", "coordinates": [[[117.30, 39.70], [117.31, 39.70], [117.31, 39.71],
                                                         [117.30, 39.71], [117.30, 39.70]]]}}]}))
    source = tmp_path / "zones.gpkg"
    subprocess.run(["ogr2ogr", "-f", "GPKG", str(source), str(geojson)], check=True, capture_output=True)
    before = _digest(source)
    for spelling in _same_file_spellings(source):
        code, stdout, stderr = _run(capsys, "import", source, "-o", spelling)
        assert code == 2 and stdout == ""
        assert "cannot write the project to" in stderr and "is the input file zones.gpkg" in stderr
    # a context layer is an input too
    other = tmp_path / "context.gpkg"
    shutil.copy(source, other)
    code, _, stderr = _run(capsys, "import", geojson, "-o", other, "--context", other)
    assert code == 2 and "is the input file context.gpkg" in stderr
    assert _digest(source) == before
    # a new output next to the source works
    code, stdout, _ = _run(capsys, "import", source, "-o", tmp_path / "project.gpkg")
    assert code == 0 and "imported 1 zones" in stdout

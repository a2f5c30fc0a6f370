"""The scan of a georeferenced base map is found again for editing its points: where it was, or
under its name beside the project; an image of another size is never taken for it."""
from __future__ import annotations

import shutil

import pytest

from basemap_rasters import block_image, needs_osgeo, write_raster
from parkplanner.core.io.basemap_georef import ControlPoint, SavedPoints
from parkplanner.core.io.basemap_scan import check_scan, find_scan
from parkplanner.core.io.basemap_tiles import BaseMapError

pytestmark = needs_osgeo

_POINTS = (ControlPoint(0, 0, 0, 0), ControlPoint(90, 0, 90, 0), ControlPoint(0, 60, 0, -60))


def test_the_scan_is_found_where_it_was_then_beside_the_project(tmp_path):
    scans, project_dir = tmp_path / "scans", tmp_path / "project"
    scans.mkdir(), project_dir.mkdir()
    scan = write_raster(scans / "总规.png", block_image(90, 60), "PNG")
    saved = SavedPoints("affine", _POINTS, str(scan), (90, 60))
    project = project_dir / "park.gpkg"
    assert find_scan(saved, project) == scan
    shutil.move(scan, project_dir / "总规.png")  # the project and its scans moved together
    assert find_scan(saved, project) == project_dir / "总规.png"
    # Another image of that name where the scan was is not it: the one beside the project is.
    write_raster(scans / "总规.png", block_image(64, 64), "PNG")
    assert find_scan(saved, project) == project_dir / "总规.png"
    (project_dir / "总规.png").unlink()
    assert find_scan(saved, project) is None
    assert find_scan(saved, None) is None


def test_the_base_map_origin_names_the_scan_when_no_path_was_kept(tmp_path):
    scan = write_raster(tmp_path / "plan.png", block_image(90, 60), "PNG")
    assert find_scan(SavedPoints("affine", _POINTS), tmp_path / "p.gpkg", origin="plan.png") == scan


def test_a_scan_of_another_size_is_refused_in_words(tmp_path):
    other = write_raster(tmp_path / "plan.png", block_image(64, 64), "PNG")
    with pytest.raises(BaseMapError, match="plan.png: 64 x 64 pixels, but the control points were placed on a "
                                           "scan of 90 x 60"):
        check_scan(other, SavedPoints("affine", _POINTS, size=(90, 60)))
    check_scan(other, SavedPoints("affine", _POINTS))  # no size kept: nothing to compare

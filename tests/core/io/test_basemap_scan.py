"""The scan of a georeferenced base map is found again for editing its points: where it was, or
under its name beside the project; an image of another size is never taken for it. The dialog's
copy of a scan is read by GDAL, reduced, in its own colours."""
from __future__ import annotations

import shutil

import numpy as np
import pytest

from basemap_rasters import block_image, gdal, needs_osgeo, write_raster
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


def test_the_preview_is_the_scan_reduced_by_a_power_of_two(tmp_path):
    from parkplanner.core.io.basemap_scan import read_preview

    pixels = block_image(300, 200)  # 32-pixel blocks of flat colours
    scan = write_raster(tmp_path / "plan.png", pixels, "PNG")
    full = read_preview(scan)
    assert (full.size, full.scale, full.pixels.shape) == ((300, 200), 1.0, (200, 300, 4))
    assert (full.pixels[..., :3] == np.moveaxis(pixels, 0, -1)).all() and (full.pixels[..., 3] == 255).all()
    small = read_preview(scan, max_side=100)  # 300 -> 150 -> 75
    assert (small.size, small.scale, small.pixels.shape) == ((300, 200), 0.25, (50, 75, 4))
    # Inside a block the reduction keeps its colour: preview pixel (row 4, col 4) is scan (17, 17).
    assert small.pixels[4, 4, :3].tolist() == pixels[:, 17, 17].tolist()


def test_greyscale_alpha_and_palette_scans_preview_in_their_colours(tmp_path):
    from parkplanner.core.io.basemap_scan import read_preview

    grey = block_image(64, 64, bands=1)
    preview = read_preview(write_raster(tmp_path / "grey.png", grey, "PNG")).pixels
    assert (preview[..., 0] == grey[0]).all() and (preview[..., 2] == grey[0]).all()
    rgba = block_image(64, 64, bands=4)
    preview = read_preview(write_raster(tmp_path / "rgba.png", rgba, "PNG")).pixels
    assert (np.moveaxis(preview, -1, 0) == rgba).all()
    indexed = tmp_path / "indexed.png"
    gdal("""
mem = gdal.GetDriverByName('MEM').Create('', 4, 2, 1, gdal.GDT_Byte)
mem.GetRasterBand(1).WriteArray(np.array([[0, 1, 1, 0], [1, 0, 0, 1]], np.uint8))
table = gdal.ColorTable()
table.SetColorEntry(0, (200, 30, 30, 255))
table.SetColorEntry(1, (20, 40, 220, 255))
mem.GetRasterBand(1).SetRasterColorTable(table)
gdal.GetDriverByName('PNG').CreateCopy(values['path'], mem)
""", path=str(indexed))
    preview = read_preview(indexed).pixels
    assert preview[0, :, :3].tolist() == [[200, 30, 30], [20, 40, 220], [20, 40, 220], [200, 30, 30]]


def test_scans_the_warp_would_refuse_are_refused_before_the_dialog(tmp_path):
    from parkplanner.core.io.basemap_scan import read_preview

    (tmp_path / "notes.png").write_text("not an image")
    with pytest.raises(BaseMapError, match="notes.png: not an image"):
        read_preview(tmp_path / "notes.png")
    deep = tmp_path / "deep.tif"
    gdal("""
mem = gdal.GetDriverByName('MEM').Create('', 8, 8, 1, gdal.GDT_UInt16)
gdal.GetDriverByName('GTiff').CreateCopy(values['path'], mem)
""", path=str(deep))
    with pytest.raises(BaseMapError, match="only 8-bit"):
        read_preview(deep)

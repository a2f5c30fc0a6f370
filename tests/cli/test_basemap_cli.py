"""``parkplanner basemap``: rasters made by GDAL become tile pyramids inside the project file that
GDAL reads back in place and pixel for pixel; saves carry the tiles over unchanged; bad input
leaves the project as it was."""
from __future__ import annotations

import json
import math
import sqlite3
import subprocess

import numpy as np
import pytest
import shapely
from pyproj import Transformer

from basemap_rasters import (
    block_image, gdal, needs_gdalinfo, needs_osgeo, read_tiles, tile_pixels, tiles_digest, write_raster,
)
from parkplanner.cli import main
from parkplanner.core.io.project_file import load_project, save_project
from parkplanner.core.synthetic import synthetic_project

pytestmark = needs_osgeo

ORIGIN = (500_000.0, 4_381_500.0)  # Gauss-Kruger CM 117E metres (EPSG:4548, the project CRS)


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "park.gpkg"
    save_project(synthetic_project(60, seed=4), path)
    return path


def _mismatch(read, expected):
    """Share of pixels more than 40 levels off (JPEG leaves a few near block edges, a shift many)."""
    return float(np.mean(np.abs(read[:3].astype(int) - expected[:3].astype(int)) > 40))


def test_a_geotiff_in_the_project_crs_is_stored_in_place_with_a_pyramid(project, tmp_path, capsys):
    pixels = block_image(640, 480)
    source = write_raster(tmp_path / "aerial.tif", pixels, "GTiff", (*ORIGIN[:1], 2.5, 0, ORIGIN[1], 0, -2.5), 4548)
    assert main(["basemap", "add", str(project), str(source), "--name", "航拍 2024"]) == 0
    assert "added base map '航拍 2024'" in capsys.readouterr().out

    read = read_tiles(project, "basemap__1")
    assert read["epsg"] == 4548
    assert read["size"] == [640, 480]
    assert read["geotransform"] == pytest.approx([ORIGIN[0], 2.5, 0, ORIGIN[1], 0, -2.5], abs=1e-3)  # 1 mm
    assert _mismatch(tile_pixels(project), pixels) < 0.002
    # Levels halve until the image fits one 256-pixel tile: 640 -> 320 -> 160 is three levels.
    con = sqlite3.connect(project)
    levels = con.execute("SELECT zoom_level, pixel_x_size FROM gpkg_tile_matrix WHERE table_name = 'basemap__1' "
                         "AND zoom_level IN (SELECT DISTINCT zoom_level FROM basemap__1) ORDER BY 1").fetchall()
    con.close()
    assert [round(size, 6) for _, size in levels] == [10.0, 5.0, 2.5]

    assert main(["basemap", "list", str(project), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["basemaps"]
    assert [(b["name"], b["zoom_levels"], b["origin"]) for b in listed] == [("航拍 2024", 3, "aerial.tif")]
    assert listed[0]["bounds"] == pytest.approx([ORIGIN[0], ORIGIN[1] - 1200, ORIGIN[0] + 1600, ORIGIN[1]],
                                                abs=1e-3)
    # The zones are still there, and a reopened project knows its base map.
    reopened = load_project(project)
    assert len(reopened.active_scenario.zones) == 60
    assert [(b.name, b.table) for b in reopened.basemaps] == [("航拍 2024", "basemap__1")]


def test_a_lonlat_raster_is_warped_to_the_project_crs(project, tmp_path):
    lon, lat, size = 117.0, 39.55, 0.02
    source = write_raster(tmp_path / "wgs84.tif", block_image(400, 400), "GTiff",
                          (lon, size / 400, 0, lat + size, 0, -size / 400), 4326)
    assert main(["basemap", "add", str(project), str(source)]) == 0
    read = read_tiles(project, "basemap__1")
    assert read["epsg"] == 4548
    left, pixel, _, top, _, negative = read["geotransform"]
    right, bottom = left + pixel * read["size"][0], top + negative * read["size"][1]
    # The expected extent: the source outline, densified, through PROJ on its own.
    outline = shapely.segmentize(shapely.box(lon, lat, lon + size, lat + size), size / 100)
    xs, ys = Transformer.from_crs(4326, 4548, always_xy=True).transform(*np.asarray(outline.exterior.coords).T)
    for got, expected in ((left, xs.min()), (right, xs.max()), (bottom, ys.min()), (top, ys.max())):
        assert got == pytest.approx(expected, abs=1.5 * pixel)  # GDAL rounds the extent to whole pixels


@pytest.mark.parametrize("driver, suffix, world", [("JPEG", ".jpg", ".jgw"), ("PNG", ".png", ".pgw")])
def test_an_image_with_a_world_file_needs_its_crs(project, tmp_path, capsys, driver, suffix, world):
    pixels = block_image(320, 256)
    image = write_raster(tmp_path / f"plan{suffix}", pixels, driver)
    # A world file by hand: pixel size, rotations, then the centre of the top-left pixel.
    image.with_suffix(world).write_text(f"2.0\n0.0\n0.0\n-2.0\n{ORIGIN[0] + 1}\n{ORIGIN[1] - 1}\n")
    before = project.read_bytes()
    assert main(["basemap", "add", str(project), str(image)]) == 2
    assert "give one (e.g. --crs" in capsys.readouterr().err
    assert project.read_bytes() == before
    assert main(["basemap", "add", str(project), str(image), "--crs", "EPSG:4548"]) == 0
    read = read_tiles(project, "basemap__1")
    assert read["geotransform"] == pytest.approx([ORIGIN[0], 2, 0, ORIGIN[1], 0, -2], abs=1e-3)
    assert _mismatch(tile_pixels(project), pixels) < 0.01


def test_an_mbtiles_package_is_added_in_the_project_crs(project, tmp_path):
    lon, lat, size = 117.0, 39.55, 0.01
    # GDAL's MBTiles writer reprojects to Web Mercator itself, as a tile download tool would.
    package = write_raster(tmp_path / "region.mbtiles", block_image(256, 256), "MBTiles",
                           (lon, size / 256, 0, lat + size, 0, -size / 256), 4326)
    assert main(["basemap", "add", str(project), str(package)]) == 0
    read = read_tiles(project, "basemap__1")
    assert read["epsg"] == 4548
    left, pixel, _, top, _, negative = read["geotransform"]
    centre = Transformer.from_crs(4326, 4548, always_xy=True).transform(lon + size / 2, lat + size / 2)
    assert left < centre[0] < left + pixel * read["size"][0]
    assert top + negative * read["size"][1] < centre[1] < top


def test_a_scan_georeferenced_from_control_points(project, tmp_path, capsys):
    pixels = block_image(480, 320)
    scan = write_raster(tmp_path / "master_plan.png", pixels, "PNG")
    # The scan at 1.5 m per pixel from ORIGIN: the corners' map points by hand.
    gcps = [f"{c},{r},{ORIGIN[0] + 1.5 * c},{ORIGIN[1] - 1.5 * r}" for c, r in ((0, 0), (480, 0), (480, 320), (0, 320))]
    args = ["basemap", "georef", str(project), str(scan)] + [a for g in gcps for a in ("--gcp", g)]
    assert main(args + ["--check"]) == 0
    out = capsys.readouterr().out
    assert "affine fit, RMS 0.000 map units" in out
    assert load_project(project).basemaps == ()
    assert main(args) == 0
    read = read_tiles(project, "basemap__1")
    assert read["geotransform"][:2] == pytest.approx([ORIGIN[0], 1.5], abs=1e-3)
    assert read["geotransform"][3:] == pytest.approx([ORIGIN[1], 0, -1.5], abs=1e-3)
    assert read["size"] == [480, 320]
    assert _mismatch(tile_pixels(project), pixels) < 0.002
    saved = json.loads(load_project(project).basemaps[0].control_points)
    assert saved["method"] == "affine" and saved["points"][1] == [480, 0, ORIGIN[0] + 720, ORIGIN[1]]


def test_an_indexed_colour_scan_keeps_its_colours(project, tmp_path):
    """A plan exported from CAD as a paletted PNG: its tiles hold the palette's colours, not the
    indices as greys."""
    scan = tmp_path / "cad_export.png"
    gdal("""
mem = gdal.GetDriverByName('MEM').Create('', 64, 64, 1, gdal.GDT_Byte)
mem.GetRasterBand(1).WriteArray((np.indices((64, 64))[1] >= 32).astype(np.uint8))  # left 0, right 1
table = gdal.ColorTable()
table.SetColorEntry(0, (200, 30, 30, 255))
table.SetColorEntry(1, (20, 40, 220, 255))
mem.GetRasterBand(1).SetRasterColorTable(table)
gdal.GetDriverByName('PNG').CreateCopy(values['path'], mem)
""", path=str(scan))
    gcps = [a for c, r in ((0, 0), (64, 0), (0, 64)) for a in ("--gcp", f"{c},{r},{ORIGIN[0] + c},{ORIGIN[1] - r}")]
    assert main(["basemap", "georef", str(project), str(scan), *gcps]) == 0
    read = read_tiles(project, "basemap__1")
    pixels = tile_pixels(project)
    assert read["size"] == [64, 64]
    assert pixels[:3, 32, 10].tolist() == pytest.approx([200, 30, 30], abs=8)  # JPEG or PNG tiles
    assert pixels[:3, 32, 50].tolist() == pytest.approx([20, 40, 220], abs=8)


def test_saved_control_points_show_their_rms_and_a_corrected_set_warps_the_scan_again(project, tmp_path, capsys):
    pixels = block_image(480, 320)
    scan = write_raster(tmp_path / "master_plan.png", pixels, "PNG")
    corners = ((0, 0), (480, 0), (480, 320), (0, 320))
    exact = [(c, r, ORIGIN[0] + 1.5 * c, ORIGIN[1] - 1.5 * r) for c, r in corners]
    # The third point's map position mistyped by (+2, -1) m: with four corners of a rectangle an
    # affine fit spreads that error evenly, each residual a quarter of its length.
    mistyped = [*exact[:2], (480, 320, exact[2][2] + 2, exact[2][3] - 1), exact[3]]

    def georef(points, *extra):
        gcps = [a for p in points for a in ("--gcp", ",".join(f"{v:.3f}" for v in p))]
        return main(["basemap", "georef", str(project), str(scan), "--name", "总规", *gcps, *extra])

    assert georef(mistyped) == 0
    capsys.readouterr()
    assert main(["basemap", "list", str(project), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["basemaps"][0]["control_points"]
    assert listed["method"] == "affine" and listed["count"] == 4
    assert listed["rms"] == pytest.approx(math.hypot(2, 1) / 4, abs=1e-3)  # 1 mm
    assert listed["scan"] == str(scan.resolve())
    assert main(["basemap", "list", str(project)]) == 0
    assert "0.559 (4 affine)" in capsys.readouterr().out
    saved = json.loads(load_project(project).basemaps[0].control_points)
    assert saved["size"] == [480, 320]

    con = sqlite3.connect(project)
    con.execute("UPDATE basemaps SET opacity = 0.4, greyscale = 1")
    con.commit()
    con.close()
    assert georef(exact, "--replace") == 0
    assert "warped base map '总规' again" in capsys.readouterr().out
    [basemap] = load_project(project).basemaps
    assert (basemap.name, basemap.opacity, basemap.greyscale) == ("总规", 0.4, True)
    assert json.loads(basemap.control_points)["points"][2] == [480, 320, ORIGIN[0] + 720, ORIGIN[1] - 480]
    read = read_tiles(project, basemap.table)
    assert read["geotransform"] == pytest.approx([ORIGIN[0], 1.5, 0, ORIGIN[1], 0, -1.5], abs=1e-3)
    assert _mismatch(tile_pixels(project), pixels) < 0.002
    assert main(["basemap", "list", str(project), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["basemaps"][0]["control_points"]["rms"] == pytest.approx(0, abs=1e-3)


def test_replace_needs_the_name_of_a_base_map(project, tmp_path, capsys):
    scan = write_raster(tmp_path / "plan.png", block_image(64, 64), "PNG")
    gcps = [a for c, r in ((0, 0), (64, 0), (0, 64)) for a in ("--gcp", f"{c},{r},{ORIGIN[0] + c},{ORIGIN[1] - r}")]
    before = project.read_bytes()
    assert main(["basemap", "georef", str(project), str(scan), "--name", "nope", "--replace", *gcps]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--replace needs --name of a base map of the project (base maps: none)" in err
    assert project.read_bytes() == before


def test_saves_copy_the_tiles_unchanged(project, tmp_path):
    source = write_raster(tmp_path / "aerial.tif", block_image(600, 500), "GTiff", (*ORIGIN[:1], 2, 0, ORIGIN[1], 0, -2),
                          4548)
    assert main(["basemap", "add", str(project), str(source)]) == 0
    before = tiles_digest(project, "basemap__1")
    loaded = load_project(project)
    loaded.name = "Renamed"
    save_project(loaded, project)
    assert tiles_digest(project, "basemap__1") == before
    copy = tmp_path / "copy.gpkg"
    save_project(load_project(project), copy)  # "save as" elsewhere takes the tiles along
    assert tiles_digest(copy, "basemap__1") == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging file left


@needs_gdalinfo
def test_gdal_lists_and_validates_the_tile_tables(project, tmp_path):
    for n in (1, 2):
        source = write_raster(tmp_path / f"a{n}.tif", block_image(300, 300), "GTiff",
                              (ORIGIN[0] + 700 * n, 2, 0, ORIGIN[1], 0, -2), 4548)
        assert main(["basemap", "add", str(project), str(source)]) == 0
    # A scan placed from control points, then warped again: its points are in the basemaps table.
    scan = write_raster(tmp_path / "总规扫描.png", block_image(200, 100), "PNG")
    gcps = [a for c, r in ((0, 0), (200, 0), (0, 100))
            for a in ("--gcp", f"{c},{r},{ORIGIN[0] + 2 * c},{ORIGIN[1] - 2 * r}")]
    assert main(["basemap", "georef", str(project), str(scan), "--name", "scan", *gcps]) == 0
    assert main(["basemap", "georef", str(project), str(scan), "--name", "scan", "--replace", *gcps,
                 "--method", "projective", "--gcp", f"200,100,{ORIGIN[0] + 400},{ORIGIN[1] - 200}"]) == 0
    info = subprocess.run(["gdalinfo", str(project)], capture_output=True, text=True)
    assert info.returncode == 0, info.stderr
    for table in ("basemap__1", "basemap__2", "basemap__3"):
        assert f"GPKG:{project}:{table}" in info.stdout
    validated = subprocess.run(["/usr/bin/python3", "-c", "import osgeo_utils.samples.validate_gpkg"],
                               capture_output=True)
    if validated.returncode:
        pytest.skip("GDAL's validate_gpkg.py is not installed")
    result = subprocess.run(["/usr/bin/python3", "-m", "osgeo_utils.samples.validate_gpkg", str(project)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert main(["basemap", "remove", str(project), "a1"]) == 0
    reopened = load_project(project)
    assert [(b.name, b.table) for b in reopened.basemaps] == [("a2", "basemap__2"), ("scan", "basemap__3")]
    result = subprocess.run(["/usr/bin/python3", "-m", "osgeo_utils.samples.validate_gpkg", str(project)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _bad_inputs(tmp_path):
    plain = write_raster(tmp_path / "plain.png", block_image(64, 64), "PNG")
    good = write_raster(tmp_path / "good.tif", block_image(64, 64), "GTiff", (*ORIGIN[:1], 1, 0, ORIGIN[1], 0, -1), 4548)
    corrupt = tmp_path / "corrupt.tif"
    corrupt.write_bytes(good.read_bytes()[:2000])
    engineering = ('ENGCRS["site grid",EDATUM["site"],CS[Cartesian,2],AXIS["x",east],AXIS["y",north],'
                   'LENGTHUNIT["metre",1]]')
    corner = [f"0,0,{ORIGIN[0]},{ORIGIN[1]}", f"64,0,{ORIGIN[0] + 64},{ORIGIN[1]}"]
    return {
        "no georeferencing": (["add", plain], "no georeferencing and no world file"),
        "corrupt tiff": (["add", corrupt], "damaged"),
        "not transformable": (["add", good, "--crs", engineering], "cannot be transformed"),
        "unknown crs": (["add", good, "--crs", "EPSG:99999"], "unknown CRS"),
        "two control points": (["georef", plain, "--gcp", corner[0], "--gcp", corner[1]], "at least 3"),
        "collinear points": (["georef", plain, "--gcp", corner[0], "--gcp", corner[1], "--gcp",
                              f"32,0,{ORIGIN[0] + 32},{ORIGIN[1]}"], "on one line"),
        "not an image": (["add", tmp_path / "notes.txt"], "not an image"),
        "corrupt scan": (["georef", corrupt, "--gcp", corner[0], "--gcp", corner[1], "--gcp",
                          f"0,64,{ORIGIN[0]},{ORIGIN[1] - 64}"], "damaged"),
    }


@pytest.mark.parametrize("case", ["no georeferencing", "corrupt tiff", "not transformable", "unknown crs",
                                  "two control points", "collinear points", "not an image", "corrupt scan"])
def test_bad_input_gives_one_line_and_leaves_the_project_unchanged(project, tmp_path, capsys, case):
    (tmp_path / "notes.txt").write_text("not a raster")
    action, message = _bad_inputs(tmp_path)[case]
    files_before = sorted(p.name for p in tmp_path.iterdir())
    before = project.read_bytes()
    args = ["basemap", action[0], str(project)] + [str(a) for a in action[1:]]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
    assert project.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files_before  # no staging file or temporary left


def test_render_draws_the_base_map_only_when_asked(project, tmp_path):
    from PySide6.QtGui import QImage

    loaded = load_project(project)
    minx, miny, maxx, maxy = shapely.total_bounds(
        np.asarray([z.geometry for z in loaded.active_scenario.zones.values()], dtype=object))
    size = 400
    pixel = max(maxx - minx, maxy - miny) * 1.5 / size
    flat = np.stack([np.full((size, size), v, np.uint8) for v in (200, 30, 30)])  # one colour no land use has
    source = write_raster(tmp_path / "flat.tif", flat, "GTiff",
                          (minx - pixel * size / 6, pixel, 0, maxy + pixel * size / 6, 0, -pixel), 4548)
    assert main(["basemap", "add", str(project), str(source)]) == 0

    def share_of_base_map_colour(path) -> float:
        image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
        pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
        rgb = pixels[:, :image.width() * 3].reshape(image.height(), image.width(), 3).astype(int)
        return float(np.mean(np.abs(rgb - [200, 30, 30]).max(axis=2) <= 12))

    plain, with_base = tmp_path / "plain.png", tmp_path / "with_base.png"
    assert main(["render", str(project), "-o", str(plain), "--size", "800x600", "--dpi", "96"]) == 0
    assert main(["render", str(project), "-o", str(with_base), "--size", "800x600", "--dpi", "96", "--basemap"]) == 0
    assert share_of_base_map_colour(plain) < 0.001
    assert share_of_base_map_colour(with_base) > 0.05  # between the zones, inside the map frame


def test_display_settings_edited_elsewhere_never_stop_the_project_opening(project, tmp_path):
    source = write_raster(tmp_path / "a.tif", block_image(64, 64), "GTiff", (*ORIGIN[:1], 1, 0, ORIGIN[1], 0, -1), 4548)
    assert main(["basemap", "add", str(project), str(source)]) == 0
    con = sqlite3.connect(project)
    con.execute("UPDATE basemaps SET opacity = 'half', visible = NULL, position = 'x'")
    con.execute("INSERT INTO basemaps (name, tile_table, position) VALUES ('gone', 'no_such_table', 2)")
    con.commit()
    con.close()
    basemaps = load_project(project).basemaps
    assert [(b.name, b.opacity, b.visible) for b in basemaps] == [("a", 1.0, True)]


def test_tile_tables_keep_their_names_so_the_open_project_can_be_saved_again(project, tmp_path):
    for n in (1, 2):
        source = write_raster(tmp_path / f"a{n}.tif", block_image(300, 300), "GTiff",
                              (ORIGIN[0] + 700 * n, 2, 0, ORIGIN[1], 0, -2), 4548)
        assert main(["basemap", "add", str(project), str(source)]) == 0
    second = tiles_digest(project, "basemap__2")
    opened = load_project(project)  # as the GUI holds it: its base maps name this file's tables
    opened.basemaps = opened.basemaps[1:]
    save_project(opened, project)
    opened.name = "Saved twice"
    save_project(opened, project)  # reads the tiles from the file the first save wrote
    assert [(b.name, b.table) for b in load_project(project).basemaps] == [("a2", "basemap__2")]
    assert tiles_digest(project, "basemap__2") == second
    third = write_raster(tmp_path / "a3.tif", block_image(64, 64), "GTiff", (ORIGIN[0], 2, 0, ORIGIN[1], 0, -2), 4548)
    assert main(["basemap", "add", str(project), str(third)]) == 0
    assert [(b.name, b.table) for b in load_project(project).basemaps] == [("a2", "basemap__2"),
                                                                          ("a3", "basemap__1")]


def test_plan_sheets_draw_the_base_map_beneath_the_parcels_unless_told_not_to(project, tmp_path):
    from PySide6.QtGui import QImage

    loaded = load_project(project)
    minx, miny, maxx, maxy = shapely.total_bounds(
        np.asarray([z.geometry for z in loaded.active_scenario.zones.values()], dtype=object))
    size = 400
    pixel = max(maxx - minx, maxy - miny) * 3 / size  # reaching well beyond the parcels on every side
    flat = np.stack([np.full((size, size), v, np.uint8) for v in (200, 30, 30)])  # one colour no land use has
    source = write_raster(tmp_path / "flat.tif", flat, "GTiff",
                          (minx - pixel * size / 3, pixel, 0, maxy + pixel * size / 3, 0, -pixel), 4548)
    assert main(["basemap", "add", str(project), str(source)]) == 0

    def pixels(path):
        image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
        rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
        return rows[:, :image.width() * 3].reshape(image.height(), image.width(), 3).astype(int)

    plain, with_base = tmp_path / "plain", tmp_path / "with_base"
    plain.mkdir(), with_base.mkdir()
    assert main(["sheets", str(project), "-o", str(with_base / "s.png"), "--dpi", "50"]) == 0
    assert main(["sheets", str(project), "-o", str(plain / "s.png"), "--dpi", "50", "--no-base-map"]) == 0
    best = 0.0
    for sheet in sorted(plain.glob("s-*.png"))[1:]:  # the block sheets, after the cover and index
        without, drawn = pixels(sheet), pixels(with_base / sheet.name)
        changed = np.abs(drawn - without).max(axis=2) > 30
        if changed.mean() > best:
            best = changed.mean()
            # Where the sheets differ, the base map's red shows through (the veil over the
            # neighbouring parcels lightens it, so its hue is compared, not its exact colour).
            redder = (drawn[changed][:, 0] - drawn[changed][:, 1]).mean() - (without[changed][:, 0] - without[changed][:, 1]).mean()
            assert redder > 30
    assert best > 0.02  # around the block, inside the map frame

"""The tile pyramid written by basemap_pyramid against GDAL's own GeoPackage driver (the system's
GDAL through its Python bindings: gdal.Translate to GPKG, then average overviews) for the same
image: the same tile matrices and bounds, the same tiles present and in the same format, the
finest level's pixels the same within JPEG's error, and every coarser pixel the opacity-weighted
mean of the finest pixels it covers (GDAL's own overviews are not the reference there: they
resample each level from the previous one's JPEG at a ratio rounded to whole pixels, so they
blur edges by up to a pixel). GDAL reads the staging file back at the source's place; a
cancelled or failed build leaves no file."""
from __future__ import annotations

import io
import sqlite3
import subprocess
import threading

import numpy as np
import pytest
from PIL import Image
from pyproj import CRS

from basemap_rasters import block_image, gdal, needs_osgeo, read_tiles, tile_pixels, write_raster
from parkplanner.core.io.basemap_pyramid import RasterStrips, TilingCancelled, pyramid_levels, write_pyramid
from parkplanner.core.io.basemap_tiles import STAGING_TABLE, build_tiles

pytestmark = needs_osgeo

LEFT, TOP = 500_123.25, 4_381_777.5  # metres in EPSG:4548; not on a tile boundary of any level


def _photo(width, height, bands, seed=3):
    """Blocks with grain (JPEG works as on a photo); with 4 bands, a transparent black corner (as
    a warp leaves) and a half-transparent band, so tiles of every kind occur (JPEG, PNG, none)."""
    grain = np.random.default_rng(seed).integers(0, 12, size=(min(bands, 3), height, width), dtype=np.uint8)
    pixels = block_image(width, height, min(bands, 3)) + grain
    if bands == 4:
        alpha = np.full((1, height, width), 255, np.uint8)
        alpha[0, : height // 4, : width // 4] = 0
        alpha[0, height // 2: height // 2 + 40] = 128
        pixels = np.concatenate([pixels * (alpha > 0), alpha])
    return pixels


def _gdal_pyramid(source, out, warp_to=None):
    """What GDAL's GeoPackage driver writes for ``source`` (warped first, as the WarpedVRT does)."""
    gdal("""
src = gdal.Open(values['source'])
if values['warp_to']:
    src = gdal.Warp('', src, format='VRT', dstSRS=values['warp_to'], resampleAlg='bilinear', dstAlpha=True)
out = gdal.Translate(values['out'], src, format='GPKG',
                     creationOptions=['RASTER_TABLE=tiles', 'TILE_FORMAT=AUTO', 'BLOCKSIZE=256'])
factors, factor = [], 2
while max(out.RasterXSize, out.RasterYSize) / (factor // 2) > 256:
    factors.append(factor)
    factor *= 2
if factors:
    out.BuildOverviews('AVERAGE', factors)
out = None
""", source=str(source), out=str(out), warp_to=warp_to)


def _layout(path):
    con = sqlite3.connect(path)
    try:
        matrices = con.execute("SELECT zoom_level, matrix_width, matrix_height, tile_width, tile_height, "
                               "pixel_x_size, pixel_y_size FROM gpkg_tile_matrix ORDER BY zoom_level").fetchall()
        grid = con.execute("SELECT min_x, min_y, max_x, max_y FROM gpkg_tile_matrix_set").fetchone()
        data = con.execute("SELECT min_x, min_y, max_x, max_y, srs_id FROM gpkg_contents "
                           "WHERE data_type = 'tiles'").fetchone()
        tiles = {row[:3]: row[3] for row in con.execute(
            f"SELECT zoom_level, tile_column, tile_row, tile_data FROM {STAGING_TABLE}")}
    finally:
        con.close()
    return matrices, grid, data, tiles


def _rgba(blob):
    return np.asarray(Image.open(io.BytesIO(blob)).convert("RGBA"), dtype=np.int16)


@pytest.mark.parametrize("width, height, bands, warp", [
    (1000, 700, 3, False),   # partial tiles at the right and bottom edges of every level
    (300, 1100, 1, False),   # greyscale, taller than wide
    (1000, 900, 4, False),   # own alpha: wholly transparent tiles are absent, half-transparent ones PNG
    (200, 150, 3, False),    # one tile, no pyramid
    (900, 800, 3, True),     # another CRS: warped, transparent corners
])
def test_pyramid_matches_gdals_geopackage_driver(tmp_path, width, height, bands, warp):
    epsg = 4547 if warp else 4548
    left = 400_000.0 + 500 if warp else LEFT  # in zone 38 (EPSG:4547), near the zone 39 boundary
    source = write_raster(tmp_path / "photo.tif", _photo(width, height, bands), "GTiff",
                          (left, 0.5, 0, TOP, 0, -0.5), epsg)
    ours, theirs = tmp_path / "ours.gpkg", tmp_path / "gdal.gpkg"
    build_tiles(source, ours, "EPSG:4548")
    _gdal_pyramid(source, theirs, "EPSG:4548" if warp else None)
    (our_matrices, our_grid, our_data, our_tiles) = _layout(ours)
    (gdal_matrices, gdal_grid, gdal_data, gdal_tiles) = _layout(theirs)

    assert [m[:5] for m in our_matrices] == [m[:5] for m in gdal_matrices]
    for mine, reference in zip(our_matrices, gdal_matrices):
        assert mine[5:] == pytest.approx(reference[5:], rel=1e-9)
    assert our_grid == pytest.approx(gdal_grid, abs=1e-6)  # metres
    assert our_data[:4] == pytest.approx(gdal_data[:4], abs=1e-6)
    assert our_data[4] == 4548
    assert our_tiles.keys() == gdal_tiles.keys()
    finest = len(gdal_matrices) - 1
    mosaic = _mosaic(gdal_tiles, finest)
    for key, blob in our_tiles.items():
        assert blob[:3] == gdal_tiles[key][:3], key  # JPEG where GDAL writes JPEG, PNG where PNG
        zoom, column, row = key
        expected = _level_tile(mosaic, 1 << (finest - zoom), column, row)
        mine = _rgba(blob)
        assert np.abs(mine[..., 3] - expected[..., 3]).mean() < 3, key
        shown = (mine[..., 3] > 0) & (expected[..., 3] > 0)
        assert np.abs(mine[..., :3] - expected[..., :3])[shown].mean() < 3, key


def _mosaic(tiles, finest):
    """The finest level's tiles laid side by side (RGBA; no tile: transparent)."""
    side = 256 << finest
    out = np.zeros((side, side, 4), np.float64)
    for (zoom, column, row), blob in tiles.items():
        if zoom == finest:
            out[row * 256:(row + 1) * 256, column * 256:(column + 1) * 256] = _rgba(blob)
    return out


def _level_tile(mosaic, factor, column, row):
    """Tile (column, row) of the level ``factor`` times coarser: each pixel the mean of the
    factor x factor finest pixels under it, colours weighted by their opacity."""
    span = 256 * factor
    block = mosaic[row * span:(row + 1) * span, column * span:(column + 1) * span]
    block = block.reshape(256, factor, 256, factor, 4)
    alpha = block[..., 3].sum(axis=(1, 3))
    colour = (block[..., :3] * block[..., 3:]).sum(axis=(1, 3)) / np.maximum(alpha, 1)[..., None]
    return np.dstack([colour, alpha / factor ** 2])


def test_the_finest_level_keeps_the_source_pixels_and_place(tmp_path):
    """GDAL reads the staging file as the source: same geotransform, size and pixels within JPEG error."""
    pixels = _photo(1000, 700, 3)
    source = write_raster(tmp_path / "photo.tif", pixels, "GTiff", (LEFT, 0.5, 0, TOP, 0, -0.5), 4548)
    staging = tmp_path / "staging.gpkg"
    build_tiles(source, staging, "EPSG:4548")
    seen = read_tiles(staging, STAGING_TABLE)
    assert seen["geotransform"] == pytest.approx([LEFT, 0.5, 0, TOP, 0, -0.5], abs=1e-9)
    assert seen["size"] == [1000, 700] and seen["epsg"] == 4548
    read_back = tile_pixels(staging)[:3].astype(np.int16)
    assert np.abs(read_back - pixels).mean() < 3


def test_levels_halve_the_pixel_until_one_tile_holds_the_image():
    levels = pyramid_levels(20_000, 5_000, 0.25, 0.5)
    # 20,000 px need 79 tiles a side at 0.25 m; 2^7 = 128 tiles of 256 px is the first power that covers it.
    assert [(m.zoom, m.columns, m.rows) for m in levels] == [(z, 2 ** z, 2 ** z) for z in range(8)]
    assert levels[-1].pixel_x == 0.25 and levels[-1].pixel_y == 0.5
    assert levels[0].pixel_x == 0.25 * 128 and levels[0].pixel_y == 0.5 * 128
    assert [(m.zoom, m.columns) for m in pyramid_levels(256, 100, 1.0, 1.0)] == [(0, 1)]
    assert [(m.zoom, m.columns) for m in pyramid_levels(257, 100, 1.0, 1.0)] == [(0, 1), (1, 2)]


def test_coarser_pixels_weigh_colours_by_their_opacity(tmp_path):
    """A white opaque half beside a transparent black half, split at an odd column: the coarser
    pixel over the split is white and half opaque, not a grey."""
    pixels = np.zeros((512, 512, 4), np.uint8)
    pixels[:, :255] = 255
    staging = tmp_path / "staging.gpkg"
    write_pyramid(RasterStrips(512, 512, 4, LEFT, TOP, 1.0, 1.0, lambda start, rows: pixels[start:start + rows]),
                  staging, CRS.from_epsg(4548), STAGING_TABLE)
    tiles = _layout(staging)[3]
    assert set(tiles) == {(0, 0, 0), (1, 0, 0), (1, 0, 1)}  # the right half holds no tile
    coarse = _rgba(tiles[(0, 0, 0)])
    assert coarse[:, :127].min() == 255
    assert np.all(coarse[:, 127, :3] >= 254) and np.all(np.abs(coarse[:, 127, 3] - 128) <= 1)
    assert coarse[:, 128:, 3].max() == 0


def _strips(width, height, read):
    return RasterStrips(width, height, 3, LEFT, TOP, 1.0, 1.0, read)


def test_cancel_leaves_no_file(tmp_path):
    staging = tmp_path / "staging.gpkg"
    cancel = threading.Event()
    reads = []

    def read(start, rows):
        reads.append(start)
        cancel.set()  # the planner presses Cancel while the first strip is read
        return np.full((rows, 3000, 3), 90, np.uint8)

    with pytest.raises(TilingCancelled):
        write_pyramid(_strips(3000, 3000, read), staging, CRS.from_epsg(4548), STAGING_TABLE, cancel=cancel)
    assert not staging.exists() and list(tmp_path.iterdir()) == []
    assert len(reads) <= 2  # stopped at the next strip, not at the end of the image


def test_a_read_error_leaves_no_file_and_reaches_the_caller(tmp_path):
    staging = tmp_path / "staging.gpkg"

    def read(start, rows):
        if start >= 1024:
            raise OSError("damaged block")
        return np.full((rows, 2000, 3), 90, np.uint8)

    progress = []
    with pytest.raises(OSError, match="damaged block"):
        write_pyramid(_strips(2000, 3000, read), staging, CRS.from_epsg(4548), STAGING_TABLE,
                      progress=progress.append)
    assert list(tmp_path.iterdir()) == []
    assert progress and all(0 < f < 1 for f in progress)


def test_staging_file_is_a_valid_geopackage(tmp_path):
    found = subprocess.run(["/usr/bin/python3", "-c", "import osgeo_utils.samples.validate_gpkg"], capture_output=True)
    if found.returncode:
        pytest.skip("GDAL's validate_gpkg.py is not installed")
    source = write_raster(tmp_path / "photo.tif", _photo(700, 600, 4), "GTiff", (LEFT, 0.5, 0, TOP, 0, -0.5), 4548)
    staging = tmp_path / "staging.gpkg"
    build_tiles(source, staging, "EPSG:4548")
    result = subprocess.run(["/usr/bin/python3", "-m", "osgeo_utils.samples.validate_gpkg", str(staging)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_nodata_becomes_transparent_and_a_palette_its_colours(tmp_path):
    """An orthophoto's nodata collar is left out (no tile where all of it is nodata); an indexed-
    colour image (a plan exported from CAD) is tiled in its palette's colours."""
    pixels = block_image(600, 300) // 2 + 60  # no pixel is 0, the nodata value
    pixels[:, :, :300] = 0
    source = write_raster(tmp_path / "ortho.tif", pixels, "GTiff", (LEFT, 1, 0, TOP, 0, -1), 4548)
    gdal("ds = gdal.Open(values['path'], gdal.GA_Update)\nfor b in (1, 2, 3): ds.GetRasterBand(b).SetNoDataValue(0)\n"
         "ds = None", path=str(source))
    staging = tmp_path / "ortho.gpkg"
    build_tiles(source, staging, "EPSG:4548")
    tiles = _layout(staging)[3]
    assert {key for key in tiles if key[0] == 2} == {(2, 1, 0), (2, 1, 1), (2, 2, 0), (2, 2, 1)}
    seam = _rgba(tiles[(2, 1, 0)])  # columns 256..511: nodata up to column 300
    assert seam[:, :44, 3].max() == 0 and seam[:, 44:, 3].min() == 255
    assert np.abs(seam[:, 44:, :3] - pixels[:, :256, 300:512].transpose(1, 2, 0)).mean() < 3

    indices = ((np.indices((300, 300)).sum(axis=0) // 50) % 3).astype(np.uint8)
    palette = {0: (255, 0, 0, 255), 1: (0, 128, 255, 255), 2: (250, 250, 250, 255)}
    plan = write_raster(tmp_path / "plan.tif", indices[None], "GTiff", (LEFT, 1, 0, TOP, 0, -1), 4548)
    gdal("ds = gdal.Open(values['path'], gdal.GA_Update)\nct = gdal.ColorTable()\n"
         "for i, c in values['palette'].items(): ct.SetColorEntry(int(i), tuple(c))\n"
         "ds.GetRasterBand(1).SetRasterColorTable(ct)\n"
         "ds.GetRasterBand(1).SetRasterColorInterpretation(gdal.GCI_PaletteIndex)\nds = None",
         path=str(plan), palette={str(k): v for k, v in palette.items()})
    staging = tmp_path / "plan.gpkg"
    build_tiles(plan, staging, "EPSG:4548")
    tile = _rgba(_layout(staging)[3][(1, 0, 0)])
    expected = np.array([palette[i] for i in range(3)], np.int16)[indices[:256, :256]]
    # Saturated colours halved in resolution by JPEG's chroma subsampling along every stripe edge:
    # a few levels on average, where tiling the indices as greys would be off by a hundred.
    assert np.abs(tile[..., :3] - expected[..., :3]).mean() < 8

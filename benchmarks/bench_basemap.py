"""Base maps: adding a 20,000 x 20,000 px aerial photo, panning over it, opening a project holding it.

The photo is synthetic (smooth colour fields with 4-pixel detail, so JPEG works as hard as on a
real aerial), written once per run as a tiled, JPEG-compressed GeoTIFF in the project CRS at
0.25 m per pixel centred on the zones; writing it is not timed. It is 20,000 x 20,000 px (5 x 5 km)
at 20,000 zones and more; at smaller sizes it has as many pixels a side as there are zones
(at least 1,024), so the CI's tiny smoke run stays quick.

* ``basemap_add``: what ``parkplanner basemap add`` does after reading the project: read the
  photo (already in the project CRS, so not warped; GDAL decodes it on every core) and write its
  tile pyramid to a staging file in one pass (basemap_pyramid: JPEG/PNG tiles of 256 px encoded
  on a thread pool, every level down to one tile), then save the project (its zones too) with
  the tiles copied in (each sample opens the photo anew).
* ``basemap_interactive_frame``: ``canvas_interactive_frame`` with the base map shown beneath the
  zones (a pan or wheel-zoom frame at 1600x1000, the cached picture moved or scaled).
* ``basemap_new_view``: a view never drawn before, until its picture is repainted: the frame
  reads and decodes the tiles of the right pyramid level, then draws context, zones and labels
  (drawn here and now with ``render_now``, the very drawing a render job does on its worker).
* ``basemap_project_open``: ``load_project`` of the project holding the base map; compare with
  ``project_open`` at the same size (the tiles are read only when drawn).
* ``basemap_project_save``: ``save_project`` of that project to a new file (Save As); compare with
  ``project_save``: the difference is copying the tile rows (bytes, not images).
* ``basemap_project_resave``: ``save_project`` of that project over its own file, as Ctrl+S does
  (the tile table stays in place; the zones, tables and styles are written into the file in one
  SQLite transaction), alternating with the same save of the project without the base map over
  its own file; the samples are the former, the median of the latter is printed beside them.
"""
from __future__ import annotations

import time
from pathlib import Path

from _harness import benchmark, time_samples

SIZES = (20_000,)
PIXELS = 20_000  # a side, at SIZES[0] zones and more
PIXEL_M = 0.25
#: zone count -> the saved project holding the base map, made once per size.
_made: dict[int, Path] = {}


def _photo(ctx, project) -> Path:
    """The synthetic aerial photo, written once per run."""
    pixels = min(PIXELS, max(1_024, ctx.zones))
    path = ctx.tmp_dir / f"aerial_{pixels}.tif"
    if path.exists():
        return path
    import numpy as np
    import rasterio
    from rasterio.windows import Window

    from parkplanner.ui.canvas.map_renderer import MapRenderer

    renderer = MapRenderer()
    renderer.set_project(project)
    minx, miny, maxx, maxy = renderer.extent()
    left = (minx + maxx) / 2 - pixels * PIXEL_M / 2
    top = (miny + maxy) / 2 + pixels * PIXEL_M / 2
    profile = dict(driver="GTiff", width=pixels, height=pixels, count=3, dtype="uint8", crs=project.crs,
                   transform=rasterio.Affine(PIXEL_M, 0, left, 0, -PIXEL_M, top), tiled=True, blockxsize=512,
                   blockysize=512, compress="JPEG", photometric="YCBCR", jpeg_quality=85)
    rng = np.random.default_rng(0)
    with rasterio.open(path, "w", **profile) as out:
        strip = 2048
        cols = np.arange(pixels)
        for start in range(0, pixels, strip):
            rows = np.arange(start, min(pixels, start + strip))[:, None]
            base = (np.sin(cols / 900.0) + np.cos(rows / 700.0)) * 60 + 120
            detail = rng.integers(0, 24, size=(len(rows) // 4 + 1, pixels // 4 + 1), dtype=np.uint8)
            detail = np.repeat(np.repeat(detail, 4, axis=0), 4, axis=1)[:len(rows), :pixels]
            bands = np.stack([base + detail, base * 0.9 + detail, base * 0.7 + detail]).clip(0, 255).astype(np.uint8)
            out.write(bands, window=Window(0, start, pixels, len(rows)))
    return path


def _with_basemap(ctx) -> Path:
    """The benchmark project saved with the base map (built once per run, by the add benchmark's code)."""
    if ctx.zones in _made:
        return _made[ctx.zones]
    project = ctx.project()
    path = ctx.tmp_dir / f"with_basemap_{ctx.zones}.gpkg"
    _add(ctx, project, _photo(ctx, project), path)
    _made[ctx.zones] = path
    return path


def _add(ctx, project, photo: Path, target: Path) -> None:
    from parkplanner.core.io.basemap_tiles import STAGING_TABLE, build_tiles, remove_staging
    from parkplanner.core.io.project_file import save_project
    from parkplanner.core.model.basemap import BaseMap

    staging = ctx.tmp_dir / f"staging-{time.monotonic_ns()}.gpkg"
    try:
        build_tiles(photo, staging, project.crs)
        project.basemaps = (BaseMap("aerial", STAGING_TABLE, str(staging), origin=photo.name),)
        save_project(project, target)
    finally:
        remove_staging(staging)


@benchmark("basemap_add", sizes=SIZES)
def basemap_add(ctx):
    """Tile a 20,000 x 20,000 px GeoTIFF (in the project CRS: not warped) and save the project with it."""
    photo = _photo(ctx, ctx.project())
    samples = []
    for n in range(max(1, min(ctx.repeat, 2))):
        project = ctx.project()
        target = ctx.tmp_dir / f"add-{ctx.zones}-{n}.gpkg"
        start = time.perf_counter()
        _add(ctx, project, photo, target)
        samples.append((time.perf_counter() - start) * 1000.0)
        _made.setdefault(ctx.zones, target)
    return samples


@benchmark("basemap_interactive_frame", sizes=SIZES)
def basemap_interactive_frame(ctx):
    """A pan or wheel-zoom frame at 1600x1000 over the zones and the 20,000 px base map."""
    from bench_canvas import _canvas, _per_frame, pan_zoom_frames

    from parkplanner.core.io.project_file import load_project

    app, canvas, *_ = _canvas(load_project(_with_basemap(ctx)))
    return _per_frame(pan_zoom_frames(canvas), 20, ctx.repeat)


@benchmark("basemap_new_view", sizes=SIZES)
def basemap_new_view(ctx):
    """A never-drawn view (pan by 1/7 of the view and zoom in 1.2-1.6x) until its picture is shown."""
    from bench_canvas import _canvas
    from PySide6.QtCore import QPointF

    from parkplanner.core.io.project_file import load_project

    app, canvas, *_ = _canvas(load_project(_with_basemap(ctx)))
    samples = []
    for n in range(ctx.repeat + 1):
        canvas.zoom_to_extent()
        canvas.render_now()
        start = time.perf_counter()
        canvas.pan_by(canvas.width() / 7, canvas.height() / 9)
        canvas.zoom_by(1.2 + 0.05 * (n % 8), QPointF(canvas.width() / 2, canvas.height() / 2))
        canvas.render_now()
        canvas.repaint()
        if n:
            samples.append((time.perf_counter() - start) * 1000.0)
    return samples


@benchmark("basemap_project_open", sizes=SIZES)
def basemap_project_open(ctx):
    """load_project of the 20,000-zone project holding the 20,000 px base map."""
    from parkplanner.core.io.project_file import load_project

    path = _with_basemap(ctx)
    return time_samples(lambda: load_project(path), repeat=ctx.repeat)


@benchmark("basemap_project_save", sizes=SIZES)
def basemap_project_save(ctx):
    """save_project of the project holding the base map onto a new file: the zones and tables as in
    ``project_save``, plus the tile rows copied in SQL from the opened file (no image re-encoded)."""
    from parkplanner.core.io.project_file import load_project, save_project

    project = load_project(_with_basemap(ctx))
    target = ctx.tmp_dir / f"basemap_save_{ctx.zones}.gpkg"
    return time_samples(lambda: save_project(project, target), repeat=ctx.repeat)


@benchmark("basemap_project_resave", sizes=SIZES)
def basemap_project_resave(ctx):
    """Ctrl+S of the project holding the base map (over its own file) vs the same zones without it."""
    import shutil
    import statistics
    import sys

    from parkplanner.core.io.project_file import load_project, save_project

    own = ctx.tmp_dir / f"resave_{ctx.zones}.gpkg"
    shutil.copyfile(_with_basemap(ctx), own)
    project = load_project(own)
    plain = ctx.tmp_dir / f"resave_plain_{ctx.zones}.gpkg"
    bare = load_project(own)
    bare.basemaps = ()
    save_project(bare, plain)
    save_project(project, own)  # warm-up, both
    save_project(bare, plain)
    with_map, without = [], []
    for _ in range(max(3, ctx.repeat)):
        start = time.perf_counter()
        save_project(project, own)
        with_map.append((time.perf_counter() - start) * 1000.0)
        start = time.perf_counter()
        save_project(bare, plain)
        without.append((time.perf_counter() - start) * 1000.0)
    print(f"basemap_project_resave {ctx.zones} zones: with the base map ({own.stat().st_size / 1e6:.0f} MB file) "
          f"median {statistics.median(with_map):.0f} ms, without ({plain.stat().st_size / 1e6:.0f} MB) "
          f"{statistics.median(without):.0f} ms", file=sys.stderr)
    return with_map

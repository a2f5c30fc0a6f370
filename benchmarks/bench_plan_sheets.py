"""Plan sheets benchmark: ``plan_sheets``, as ``parkplanner sheets p.gpkg -o sheets.pdf``.

The project is a grid of blocks of ten touching parcels (two rows of five, 60 m x 50 m) with
20 m road zones between them, so 200 zones make 20 blocks and 20,000 make 2,000 (plus the road
zones, which are not counted); with ``--project`` the file's own blocks are used. One sample is
the whole command after the project is loaded: blocks and parcel codes, the content of every
sheet, painting the cover and index pages and every block sheet, and writing the PDF (A3, zh).
"""
from __future__ import annotations

from _harness import benchmark, time_samples

_PARCEL_W, _PARCEL_H, _ROAD = 60.0, 50.0, 20.0
_BLOCK_W, _BLOCK_H = 5 * _PARCEL_W, 2 * _PARCEL_H
_CODES = ("100101", "0802", "070102", "1401", "0901", "080403")


def block_grid_project(parcels: int):
    """``parcels`` parcels (rounded up to whole blocks of ten) in a square-ish grid of blocks."""
    import math

    from shapely.geometry import box

    from parkplanner.core.model.project import Project
    from parkplanner.core.model.scenario import Scenario
    from parkplanner.core.model.zone import Zone

    blocks = max(1, math.ceil(parcels / 10))
    cols = max(1, math.ceil(math.sqrt(blocks)))
    rows = math.ceil(blocks / cols)
    x0, y0 = 500_000.0, 4_380_000.0
    zones, n = {}, 0
    for b in range(blocks):
        bx = x0 + _ROAD + (b % cols) * (_BLOCK_W + _ROAD)
        by = y0 + _ROAD + (b // cols) * (_BLOCK_H + _ROAD)
        for k in range(10):
            n += 1
            x, y = bx + (k % 5) * _PARCEL_W, by + (k // 5) * _PARCEL_H
            zones[n] = Zone(n, box(x, y, x + _PARCEL_W, y + _PARCEL_H), _CODES[n % len(_CODES)], far=1.0 + n % 3,
                            coverage=0.35, green_ratio=0.2, height_m=24.0)
    width = cols * (_BLOCK_W + _ROAD) + _ROAD
    for r in range(rows + 1):  # horizontal roads, full width
        n += 1
        y = y0 + r * (_BLOCK_H + _ROAD)
        zones[n] = Zone(n, box(x0, y, x0 + width, y + _ROAD), "1207", name=f"纬{r + 1}路")
    for c in range(cols + 1):  # vertical road pieces between the horizontal ones
        for r in range(rows):
            n += 1
            x, y = x0 + c * (_BLOCK_W + _ROAD), y0 + _ROAD + r * (_BLOCK_H + _ROAD)
            zones[n] = Zone(n, box(x, y, x + _ROAD, y + _BLOCK_H), "1207")
    return Project(name=f"Block grid ({blocks * 10:,} parcels)", scenarios=[Scenario("base", "Base plan", zones)],
                   active_scenario_id="base", metadata={"planning_unit": "BD01"})


@benchmark("plan_sheets", sizes=(200, 20_000))
def plan_sheets(ctx):
    """Plan sheets PDF of every block (A3, zh), as `parkplanner sheets`: codes, content, painting, writing."""
    from parkplanner.ui.render import ensure_gui_application

    ensure_gui_application()
    from parkplanner.ui.render.plan_sheet_files import write_plan_sheets
    from parkplanner.ui.render.plan_sheet_options import SheetOptions

    project = ctx.project() if ctx.project_path is not None else block_grid_project(ctx.zones)
    out = ctx.tmp_dir / "sheets.pdf"
    warmup = 1 if ctx.zones <= 2_000 else 0  # a 20,000-parcel set takes a minute: no untimed round
    return time_samples(lambda: write_plan_sheets(project, out, options=SheetOptions()), repeat=ctx.repeat,
                        warmup=warmup)

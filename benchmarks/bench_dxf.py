"""CAD drawing benchmarks: export of a scenario to DXF and import of that drawing back to zones.

``dxf_export`` times export_drawing of the active scenario (every zone as hatch, outline, label,
XDATA and a block with attributes; layers and phases; the atomic write of the file).
``dxf_import`` times import_drawing of such a drawing (read by the fast reader of common drawings,
outlines and hatches made polygons and merged, labels and block attributes assigned to parcels,
zones built and checked); the drawing is written once beforehand, untimed. Both take no warm-up sample: one sample of the
large size already takes long, and neither keeps a cache between calls.
"""
from __future__ import annotations

from _harness import benchmark, time_samples


@benchmark("dxf_export", sizes=(2_000, 20_000))
def dxf_export(ctx):
    """export_drawing of the active scenario to a DXF file (ezdxf document built and written)."""
    from parkplanner.core.io.dxf_export import export_drawing

    project = ctx.project()
    target = ctx.tmp_dir / "dxf_export.dxf"
    return time_samples(lambda: export_drawing(project, target), repeat=min(ctx.repeat, 3), warmup=0)


@benchmark("dxf_import", sizes=(2_000, 20_000))
def dxf_import(ctx):
    """import_drawing of the drawing dxf_export writes (fast reader, polygons, labels, zones)."""
    from parkplanner.core.io.dxf_export import export_drawing
    from parkplanner.core.io.dxf_import import import_drawing

    project = ctx.project()
    source = ctx.tmp_dir / "dxf_import.dxf"
    export_drawing(project, source)
    return time_samples(lambda: import_drawing(source, project.scheme), repeat=min(ctx.repeat, 3), warmup=0)

"""GIS import: ``import_zones`` of a GeoPackage of parcels, as File ▸ Import Zones and
``parkplanner import`` run it (the project is not saved).

Timed: reading the file (pyogrio), choosing the columns, repairing invalid polygons, the CRS
decisions (areal distortion sampled at the data), the row-by-row coercion of attributes with every
problem gathered, the notes on empty cells and the overlap summary (STR tree, coverage union).
Not timed: writing the source file, a GeoPackage in the project CRS with the exported columns of
the synthetic project's active scenario (gis_export.export_zones), made once per size.
"""
from __future__ import annotations

from _harness import benchmark, time_samples


@benchmark("gis_import", sizes=(2_000, 20_000, 100_000))
def gis_import(ctx):
    """import_zones of an exported GeoPackage of n parcels (read, checks, coercion, overlap summary)."""
    from parkplanner.core.io.gis_export import export_zones
    from parkplanner.core.io.gis_import import import_zones

    source = ctx.tmp_dir / f"parcels_{ctx.zones}.gpkg"
    if not source.exists():
        export_zones(ctx.project(), source)
    return time_samples(lambda: import_zones(source, "MNR-2023", field_map={"landuse": "code"}),
                        repeat=min(ctx.repeat, 5))

"""``parkplanner export PROJECT -o OUT.(gpkg|geojson|shp|dxf)``: a scenario's zones with computed attributes,
or as a layered CAD drawing.

GeoJSON is written in WGS 84 lon/lat (EPSG:4326) as RFC 7946 requires, unless --keep-crs. A DXF
drawing is in the project CRS, in metres, one layer per land-use code. ``-o plan.glb`` writes the
3D massing as glTF 2.0 instead (core/massing/gltf.py).
"""
from __future__ import annotations

import sys

from parkplanner.cli import CliError
from parkplanner.cli._common import add_project_arguments, open_project, output_path, pick_scenario

__all__ = ["register", "run"]


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "export", help="export a scenario's zones to GeoPackage, GeoJSON, Shapefile or a DXF drawing",
        description="Write every zone attribute plus area (m², ha, mu), GFA, land-use class names, jobs "
                    "and residents. GeoJSON follows RFC 7946 (EPSG:4326) unless --keep-crs; shapefiles "
                    "are UTF-8 with a .cpg file and field names of at most 10 characters. A .dxf is a CAD "
                    "drawing (R2013, metres, project CRS): a layer per land-use code with hatches, outlines "
                    "and labels, every zone attribute as XDATA and block attributes.")
    add_project_arguments(parser)
    parser.add_argument("-o", "--output", required=True, metavar="OUT",
                        help="output .gpkg, .geojson, .shp or .dxf (.glb: the 3D massing as glTF 2.0)")
    parser.add_argument("--keep-crs", action="store_true",
                        help="GeoJSON in the project CRS instead of EPSG:4326 (not RFC 7946)")
    parser.set_defaults(run=run)


def run(args) -> int:
    from parkplanner.core.io.gis_export import FORMATS, GisExportError, export_zones

    output = output_path(args.output, (*FORMATS, ".dxf", ".glb"), "the zones", inputs=[args.project])
    project = open_project(args.project)
    scenario = pick_scenario(project, args.scenario)
    if output.suffix.lower() == ".glb":
        return _export_glb(project, scenario, output)
    if output.suffix.lower() == ".dxf":
        return _export_drawing(project, scenario, output)
    try:
        written = export_zones(project, output, scenario, keep_crs=args.keep_crs)
    except GisExportError as exc:
        raise CliError(str(exc)) from None
    if FORMATS[output.suffix.lower()] == "GeoJSON" and not args.keep_crs and project.crs != "EPSG:4326":
        print(f"parkplanner: note: GeoJSON written in EPSG:4326 per RFC 7946 (project CRS {project.crs}; "
              f"--keep-crs keeps it)", file=sys.stderr)
    print(f"exported {len(scenario)} zones of scenario {scenario.name!r} to {', '.join(p.name for p in written)}")
    return 0


def _export_glb(project, scenario, output) -> int:
    from parkplanner.core.massing.gltf import write_glb
    from parkplanner.core.massing.scene import build_scene

    scene = build_scene(project, scenario)
    write_glb(scene, output, crs=project.crs, name=f"{project.name} — {scenario.name}")
    print(f"exported the 3D massing of scenario {scenario.name!r} ({len(scene)} zones, "
          f"{scene.triangle_count():,} triangles) to {output.name}")
    return 0


def _export_drawing(project, scenario, output) -> int:
    from parkplanner.core.io.dxf_export import export_drawing
    from parkplanner.core.io.gis_export import GisExportError

    try:
        export_drawing(project, output, scenario)
    except GisExportError as exc:
        raise CliError(str(exc)) from None
    print(f"exported {len(scenario)} zones of scenario {scenario.name!r} to {output.name} (CAD drawing, "
          f"{project.crs}, metres)")
    return 0

"""``parkplanner basemap add|list|remove|georef PROJECT ...``: raster base maps inside a project file.

``add`` takes a georeferenced raster (GeoTIFF...), an image with a world file (give ``--crs``) or an
offline tile package (MBTiles, GeoPackage tiles); ``georef`` places a scan from control points
``COL,ROW,X,Y`` (pixel of the scan, map point in the project CRS), keeps the points with the base map
(``list`` shows their RMS) and, with ``--replace``, warps a base map again from corrected points.
Either warps the image to the project CRS, tiles it with a zoom pyramid and saves the project (atomically: on any error the file
is left as it was).
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from parkplanner.cli import CliError
from parkplanner.cli._common import existing_file, open_project, print_report, text_table

__all__ = ["register", "run_add", "run_list", "run_remove", "run_georef"]

SCHEMA = "parkplanner.basemaps/1"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "basemap", help="add, list, remove or georeference raster base maps",
        description="Raster base maps (aerial photos, scanned master plans) stored in the project file as "
                    "GeoPackage tiles and drawn beneath the zones.")
    commands = parser.add_subparsers(dest="basemap_command", metavar="ACTION", parser_class=type(parser))
    add = commands.add_parser("add", help="add a georeferenced raster, an image with a world file or a "
                                          "tile package (MBTiles, GeoPackage)")
    add.add_argument("project", help="project file (.gpkg)")
    add.add_argument("source", help="raster file")
    add.add_argument("--crs", help="CRS of the source (e.g. EPSG:4548): needed for an image with a world file")
    add.add_argument("--name", help="base map name (default: the file name)")
    add.set_defaults(run=run_add)

    listing = commands.add_parser("list", help="list the base maps of a project")
    listing.add_argument("project", help="project file (.gpkg)")
    listing.add_argument("--json", action="store_true", help=f"print a {SCHEMA} JSON object")
    listing.set_defaults(run=run_list)

    remove = commands.add_parser("remove", help="remove a base map")
    remove.add_argument("project", help="project file (.gpkg)")
    remove.add_argument("name", help="base map name")
    remove.set_defaults(run=run_remove)

    georef = commands.add_parser(
        "georef", help="georeference a scan from control points and add it",
        description="Fit the scan to control points COL,ROW,X,Y (image pixel, map point in the project CRS): "
                    "affine with 3 or more, projective with 4 or more. Prints each point's residual and the "
                    "RMS, then adds the scan as a base map (not with --check).")
    georef.add_argument("project", help="project file (.gpkg)")
    georef.add_argument("source", help="scanned image (JPG, PNG, TIFF)")
    georef.add_argument("--gcp", action="append", default=[], metavar="COL,ROW,X,Y", required=True,
                        help="a control point (repeat: at least 3)")
    georef.add_argument("--method", choices=("affine", "projective"), default="affine",
                        help="transform (default affine; projective for a photographed or skewed sheet)")
    georef.add_argument("--name", help="base map name (default: the file name)")
    georef.add_argument("--replace", action="store_true",
                        help="warp the base map --name again from these points, keeping its place in the list "
                             "and its display settings")
    georef.add_argument("--check", action="store_true", help="only print the residuals; add nothing")
    georef.set_defaults(run=run_georef)
    parser.set_defaults(run=_no_action)


def _no_action(args) -> int:
    raise CliError("basemap needs an action: add, list, remove or georef")


def _staging_path(project_path: Path) -> Path:
    """Where the tiles are built before the save copies them in: beside the project (same disk)."""
    return project_path.resolve().parent / f".{project_path.name}.basemap-{os.getpid()}-{time.monotonic_ns()}.gpkg"


def _unique_name(project, wanted: str | None, source: Path, replace: bool = False) -> str:
    taken = {b.name for b in project.basemaps}
    if replace:
        if wanted not in taken:
            names = ", ".join(repr(name) for name in sorted(taken)) or "none"
            raise CliError(f"--replace needs --name of a base map of the project (base maps: {names})")
        return wanted
    if wanted:
        if wanted in taken:
            raise CliError(f"the project already has a base map named {wanted!r}")
        return wanted
    name, n = source.stem, 2
    while name in taken:
        name, n = f"{source.stem} {n}", n + 1
    return name


def _add(args, project_path: Path, project, source: Path, build, control_points: str = "") -> str:
    """Tile ``source`` and save the project with it: a new base map, or with ``args.replace`` the
    named one warped again in its place (display settings kept)."""

    from parkplanner.core.io.basemap_tiles import STAGING_TABLE, BaseMapError, remove_staging
    from parkplanner.core.io.project_file import ProjectFileError, save_project
    from parkplanner.core.model.basemap import BaseMap

    replace = getattr(args, "replace", False)
    name = _unique_name(project, args.name, source, replace)
    staging = _staging_path(project_path)
    try:
        try:
            build(staging)
        except BaseMapError as exc:
            raise CliError(str(exc)) from None
        basemap = BaseMap(name=name, table=STAGING_TABLE, source=str(staging), origin=source.name,
                          control_points=control_points)
        if replace:
            project.basemaps = tuple(b.with_tiles(basemap) if b.name == name else b for b in project.basemaps)
        else:
            project.basemaps = (*project.basemaps, basemap)
        try:
            save_project(project, project_path)
        except ProjectFileError as exc:
            raise CliError(str(exc)) from None
    finally:
        remove_staging(staging)
    return name


def run_add(args) -> int:
    from parkplanner.core.io.basemap_tiles import build_tiles

    project_path = existing_file(args.project)
    source = existing_file(args.source)
    project = open_project(args.project)
    name = _add(args, project_path, project, source,
                lambda staging: build_tiles(source, staging, project.crs, args.crs))
    print(f"added base map {name!r} from {source.name} to {project_path.name}")
    return 0


def run_georef(args) -> int:
    from parkplanner.core.io.basemap_georef import GeorefError, fit, parse_gcp, points_to_json
    from parkplanner.core.io.basemap_scan import scan_size
    from parkplanner.core.io.basemap_tiles import BaseMapError, build_georeferenced_tiles

    project_path = existing_file(args.project)
    source = existing_file(args.source)
    try:
        result = fit([parse_gcp(text) for text in args.gcp], args.method)
    except GeorefError as exc:
        raise CliError(str(exc)) from None
    rows = [("point", "col", "row", "x", "y", "residual")]
    rows += [(str(n), f"{p.col:g}", f"{p.row:g}", f"{p.x:.3f}", f"{p.y:.3f}", f"{r:.3f}")
             for n, (p, r) in enumerate(zip(result.points, result.residuals), start=1)]
    print(text_table(rows))
    print(f"{result.method} fit, RMS {result.rms:.3f} map units")
    if args.check:
        return 0
    project = open_project(args.project)
    try:
        size = scan_size(source)
    except BaseMapError as exc:
        raise CliError(str(exc)) from None
    name = _add(args, project_path, project, source,
                lambda staging: build_georeferenced_tiles(source, staging, project.crs, result),
                points_to_json(result, str(source.resolve()), size))
    if args.replace:
        print(f"warped base map {name!r} again from {source.name} in {project_path.name}")
    else:
        print(f"added base map {name!r} from {source.name} to {project_path.name}")
    return 0


def run_remove(args) -> int:
    from parkplanner.core.io.project_file import ProjectFileError, save_project

    project_path = existing_file(args.project)
    project = open_project(args.project)
    kept = tuple(b for b in project.basemaps if b.name != args.name)
    if len(kept) == len(project.basemaps):
        names = ", ".join(repr(b.name) for b in project.basemaps) or "none"
        raise CliError(f"no base map named {args.name!r} (base maps: {names})")
    project.basemaps = kept
    try:
        save_project(project, project_path)
    except ProjectFileError as exc:
        raise CliError(str(exc)) from None
    print(f"removed base map {args.name!r} from {project_path.name}")
    return 0


def run_list(args) -> int:
    from parkplanner.core.io.basemap_store import tile_pyramid
    from parkplanner.core.io.gpkg_tables import connect_read_only

    project_path = existing_file(args.project)
    project = open_project(args.project)
    items = []
    con = connect_read_only(project_path)
    try:
        for basemap in project.basemaps:
            pyramid = tile_pyramid(con, basemap.table)
            finest = pyramid.levels[-1] if pyramid.levels else None
            items.append({
                "name": basemap.name, "tile_table": basemap.table, "origin": basemap.origin,
                "bounds": list(pyramid.data_bounds), "zoom_levels": len(pyramid.levels),
                "pixel_size": finest.pixel_x if finest else None,
                "opacity": basemap.opacity, "visible": basemap.visible, "greyscale": basemap.greyscale,
                "georeferenced_from_control_points": bool(basemap.control_points),
                "control_points": _control_points(basemap.control_points),
            })
    finally:
        con.close()
    print_report({"schema": SCHEMA, "file": args.project, "basemaps": items}, args.json, _format_list)
    return 0


def _control_points(text: str) -> dict | None:
    """The saved control points' method, count and RMS (None for a base map placed by its source)."""
    from parkplanner.core.io.basemap_georef import GeorefError, points_from_json

    if not text:
        return None
    try:
        saved = points_from_json(text)
        rms = saved.fit().rms
    except GeorefError as exc:  # edited out of shape elsewhere: listed, never a refusal
        return {"method": None, "count": None, "rms": None, "problem": str(exc)}
    return {"method": saved.method, "count": len(saved.points), "rms": rms, "scan": saved.scan}


def _format_list(data: dict) -> str:
    if not data["basemaps"]:
        return "no base maps"

    def rms(points: dict | None) -> str:
        if points is None:
            return "-"
        if points["rms"] is None:
            return "unreadable"
        return f"{points['rms']:.3g} ({points['count']} {points['method']})"

    rows = [("name", "table", "levels", "pixel (m)", "opacity", "shown", "control points RMS (m)", "from")]
    rows += [(b["name"], b["tile_table"], str(b["zoom_levels"]),
              f"{b['pixel_size']:.3g}" if b["pixel_size"] else "-", f"{b['opacity']:.2f}",
              "yes" if b["visible"] else "no", rms(b["control_points"]), b["origin"]) for b in data["basemaps"]]
    return text_table(rows, text_columns=(0, 1, 5, 6, 7))

"""``parkplanner import SRC -o OUT.gpkg``: a new project from zones in a GeoPackage, GeoJSON, Shapefile
or CAD drawing (DXF: parcels with land use from block attributes, XDATA, labels or layer names).

Columns are found by their usual names (YDDM/DLBM/用地代码 for the land use, RJL/容积率 for FAR...,
see core/io/column_mapping.py) unless ``--field`` names them; codes the catalogue does not know are
mapped with ``--recode FILE.csv`` (two columns: source code, catalogue code). Repairs, guesses and
assumptions (invalid polygons made valid, reprojection of distorted or geographic data, encoding,
percent columns, empty cells, overlaps, guessed columns, skipped rows) are reported on stderr; the
project is written through ``save_project``, which is atomic, so a failed import never leaves a
file behind. The output may not be the source or a context file (same_file).
"""
from __future__ import annotations

import sys

from parkplanner.cli import CliError
from parkplanner.cli._common import existing_file, output_path
from parkplanner.core.model.catalogue import DEFAULT_SCHEME, SCHEMES

__all__ = ["register", "run", "parse_field_map"]


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "import", help="create a project from zones in a GeoPackage, GeoJSON, Shapefile or DXF drawing",
        description="Read polygons with a land-use column (and optionally name, far, sector, phase, "
                    "start_year, coverage, green_ratio, height_m) into a new project file. Columns "
                    "with the usual names (YDDM, DLBM, 用地代码, 用地性质, RJL, 容积率, JZMD, 建筑密度, "
                    "LDL, 绿地率, JZXG, 建筑限高...) are found without --field. A DXF drawing's "
                    "parcels take their land use from a block attribute or XDATA, a label inside them or "
                    "their layer name; its report (entities, parcels, labels, open outlines) goes to stderr.")
    parser.add_argument("source", metavar="SRC", help="GeoPackage, GeoJSON, Shapefile or DXF with the zones")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.gpkg", help="project file to write")
    parser.add_argument("--scheme", choices=SCHEMES, default=DEFAULT_SCHEME, help="land-use scheme of the codes")
    parser.add_argument("--layer", help="layer to read when the source has several")
    parser.add_argument("--field", action="append", default=[], metavar="KEY=COLUMN",
                        help="read attribute KEY (e.g. landuse, far, sector) from COLUMN (in a DXF: a block "
                             "attribute tag or XDATA key); repeatable")
    parser.add_argument("--recode", metavar="FILE.csv",
                        help="recode land-use codes: a CSV of source code, catalogue code (header optional)")
    parser.add_argument("--crs", metavar="EPSG:n", help="project CRS (projected, metres); default: the "
                        "source's if projected, else CGCS2000 Gauss-Kruger (China) or UTM")
    parser.add_argument("--name", help="project name (default: the source file name)")
    parser.add_argument("--encoding", metavar="NAME", help="text encoding of a shapefile's attributes (e.g. GBK, "
                        "Big5, UTF-8); default: its .cpg or code page, else detected and reported")
    parser.add_argument("--skip-invalid", action="store_true",
                        help="import the rows that can be imported and report the others (unknown codes, bad "
                             "values, missing polygons) instead of refusing the file")
    drawing = parser.add_argument_group("DXF drawings")
    drawing.add_argument("--units", metavar="UNIT", help="drawing units (mm, cm, dm, m, km, in, ft), overriding "
                         "the drawing's $INSUNITS (default: $INSUNITS, else m)")
    drawing.add_argument("--snap", type=float, default=None, metavar="METRES",
                         help="join loose line ends closer than this (default 0.05 m)")
    drawing.add_argument("--label", action="append", default=[], metavar="KEY=REGEX",
                         help="also read KEY (parcel_code, far, coverage, green_ratio, height_m) from label "
                              "lines matching REGEX, whose first group is the value; repeatable")
    parser.add_argument("--context", action="append", default=[], metavar="FILE",
                        help="add a reference layer (GeoPackage, GeoJSON, Shapefile or DXF); repeatable")
    parser.set_defaults(run=run)


def parse_field_map(items: list[str], option: str = "--field", value: str = "COLUMN") -> dict[str, str]:
    mapping = {}
    for item in items:
        key, sep, column = item.partition("=")
        if not sep or not key.strip() or not column.strip():
            raise CliError(f"{option} expects KEY={value}, not {item!r}")
        mapping[key.strip().lower()] = column.strip()
    return mapping


def run(args) -> int:
    from parkplanner.core.geometry.crs import crs_label
    from parkplanner.core.io.column_mapping import RecodeError, guess_mapping, read_recode_csv, read_source_preview
    from parkplanner.core.io.gis_import import GisImportError, import_zones, read_context_layer
    from parkplanner.core.io.project_file import ProjectFileError, save_project

    source = existing_file(args.source)
    context_files = [existing_file(path) for path in args.context]
    recode_file = existing_file(args.recode) if args.recode else None
    # Checked before the (possibly long) import; never over the source or a context file.
    output = output_path(args.output, (".gpkg",), "the project",
                         inputs=[source, *context_files, *([recode_file] if recode_file else [])])
    is_drawing = source.suffix.lower() == ".dxf"
    if not is_drawing and (args.units or args.snap is not None or args.label):
        raise CliError("--units, --snap and --label apply to DXF drawings only")
    explicit = parse_field_map(args.field)
    field_map = explicit
    try:
        if is_drawing:
            if recode_file:
                raise CliError("--recode applies to GIS tables; a DXF drawing's codes come from its labels and layers")
            result = _import_drawing(args, source)
        else:
            recode = read_recode_csv(recode_file, args.scheme) if recode_file else None
            field_map = guess_mapping(read_source_preview(source, args.layer, args.encoding).columns, explicit)
            result = import_zones(source, args.scheme, layer=args.layer, field_map=field_map,
                                  crs=args.crs, project_name=args.name, encoding=args.encoding,
                                  skip_invalid=args.skip_invalid, recode=recode)
        # A project that is being created has no history yet, so its fields are set directly.
        result.project.context_layers = tuple(read_context_layer(path, target_crs=result.project.crs)
                                              for path in context_files)
    except (GisImportError, RecodeError) as exc:
        hint = ""
        if getattr(exc, "rows", None) and not args.skip_invalid:
            hint = "; map unknown codes with --recode FILE.csv, or --skip-invalid imports the other rows"
        raise CliError(f"{exc}{hint}") from None
    for line in result.report.lines() if is_drawing else ():
        print(f"parkplanner: {line}", file=sys.stderr)
    guessed = {key: column for key, column in field_map.items() if key not in explicit and column.lower() != key}
    if guessed and not is_drawing:
        print("parkplanner: note: columns found by their usual names: "
              + ", ".join(f"{key}={column}" for key, column in guessed.items()), file=sys.stderr)
    for warning in result.warnings:
        print(f"parkplanner: warning: {warning}", file=sys.stderr)
    try:
        save_project(result.project, output)
    except ProjectFileError as exc:
        raise CliError(str(exc)) from None
    zones = len(result.project.active_scenario)
    layers = len(result.project.context_layers)
    print(f"imported {zones} zones{f' and {layers} context layers' if layers else ''} into {output} "
          f"({crs_label(result.project.crs)}, {result.project.scheme})")
    return 0


def _import_drawing(args, source):
    from parkplanner.core.io.dxf_import import DrawingOptions, import_drawing

    if args.layer:
        raise CliError("--layer does not apply to a DXF drawing: its parcels are found on every layer")
    options = DrawingOptions(units=args.units, tags=parse_field_map(args.field, "--field", "TAG"),
                             label_patterns=parse_field_map(args.label, "--label", "REGEX"))
    if args.snap is not None:
        options.snap_m = args.snap
    return import_drawing(source, args.scheme, crs=args.crs, project_name=args.name, options=options)

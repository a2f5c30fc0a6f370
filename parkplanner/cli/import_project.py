"""``parkplanner import SRC -o OUT.gpkg``: a new project from zones in a GeoPackage, GeoJSON or Shapefile.

Columns are found by their usual names (YDDM/DLBM/用地代码 for the land use, RJL/容积率 for FAR...,
see core/io/column_mapping.py) unless ``--field`` names them; codes the catalogue does not know are
mapped with ``--recode FILE.csv`` (two columns: source code, catalogue code). Repairs and guesses
(invalid polygons made valid, reprojection, encoding, percent columns, guessed columns) are
reported on stderr; the project is written through ``save_project``, which is atomic, so a
failed import never leaves a file behind.
"""
from __future__ import annotations

import sys

from parkplanner.cli import CliError
from parkplanner.cli._common import existing_file, output_path
from parkplanner.core.model.catalogue import DEFAULT_SCHEME, SCHEMES

__all__ = ["register", "run", "parse_field_map"]


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "import", help="create a project from zones in a GeoPackage, GeoJSON or Shapefile",
        description="Read polygons with a land-use column (and optionally name, far, sector, phase, "
                    "start_year, coverage, green_ratio, height_m) into a new project file. Columns "
                    "with the usual names (YDDM, DLBM, 用地代码, 用地性质, RJL, 容积率, JZMD, 建筑密度, "
                    "LDL, 绿地率, JZXG, 建筑限高...) are found without --field.")
    parser.add_argument("source", metavar="SRC", help="GeoPackage, GeoJSON or Shapefile with the zones")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.gpkg", help="project file to write")
    parser.add_argument("--scheme", choices=SCHEMES, default=DEFAULT_SCHEME, help="land-use scheme of the codes")
    parser.add_argument("--layer", help="layer to read when the source has several")
    parser.add_argument("--field", action="append", default=[], metavar="KEY=COLUMN",
                        help="read attribute KEY (e.g. landuse, far, sector) from COLUMN; repeatable")
    parser.add_argument("--recode", metavar="FILE.csv",
                        help="recode land-use codes: a CSV of source code, catalogue code (header optional)")
    parser.add_argument("--crs", metavar="EPSG:n", help="project CRS (projected, metres); default: the "
                        "source's if projected, else CGCS2000 Gauss-Kruger (China) or UTM")
    parser.add_argument("--name", help="project name (default: the source file name)")
    parser.add_argument("--context", action="append", default=[], metavar="FILE",
                        help="add a reference layer (GeoPackage, GeoJSON, Shapefile or DXF); repeatable")
    parser.set_defaults(run=run)


def parse_field_map(items: list[str]) -> dict[str, str]:
    mapping = {}
    for item in items:
        key, sep, column = item.partition("=")
        if not sep or not key.strip() or not column.strip():
            raise CliError(f"--field expects KEY=COLUMN, not {item!r}")
        mapping[key.strip().lower()] = column.strip()
    return mapping


def run(args) -> int:
    from parkplanner.core.io.column_mapping import RecodeError, guess_mapping, read_recode_csv, read_source_preview
    from parkplanner.core.io.gis_import import GisImportError, import_zones, read_context_layer
    from parkplanner.core.io.project_file import ProjectFileError, save_project

    source = existing_file(args.source)
    context_files = [existing_file(path) for path in args.context]
    recode_file = existing_file(args.recode) if args.recode else None
    output = output_path(args.output, (".gpkg",), "the project")  # before the (possibly long) import
    explicit = parse_field_map(args.field)
    try:
        recode = read_recode_csv(recode_file, args.scheme) if recode_file else None
        preview = read_source_preview(source, args.layer)
        field_map = guess_mapping(preview.columns, explicit)
        _check_codes(preview, field_map, args.scheme, recode)
        result = import_zones(source, args.scheme, layer=args.layer, field_map=field_map,
                              crs=args.crs, project_name=args.name, recode=recode)
        # A project that is being created has no history yet, so its fields are set directly.
        result.project.context_layers = tuple(read_context_layer(path, target_crs=result.project.crs)
                                              for path in context_files)
    except (GisImportError, RecodeError) as exc:
        raise CliError(str(exc)) from None
    guessed = {key: column for key, column in field_map.items() if key not in explicit and column.lower() != key}
    if guessed:
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
          f"({result.project.crs}, {result.project.scheme})")
    return 0


def _check_codes(preview, field_map: dict[str, str], scheme: str, recode) -> None:
    """Refuse unknown land-use codes all at once, with the way to recode them."""
    from parkplanner.core.io.column_mapping import code_text, unknown_codes

    column = field_map.get("landuse")
    if column not in preview.values:
        return  # no land-use column: the importer says so with the list of columns
    unknown = unknown_codes(preview.values[column], scheme, recode)
    if not unknown:
        return
    names = {code for code, _ in unknown}
    row, first = next((n, code_text(v)) for n, v in enumerate(preview.values[column], start=1)
                      if code_text(v) in names)
    more = f" and {len(unknown) - 1} more unknown codes" if len(unknown) > 1 else ""
    raise CliError(f"{preview.label}, row {row}, column {column!r}: unknown land-use code {first!r} in scheme "
                   f"{scheme}{more}; map them to catalogue codes with --recode FILE.csv")

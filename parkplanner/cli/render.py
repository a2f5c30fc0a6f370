"""``parkplanner render PROJECT -o map.png|.svg|.pdf [--scenario S] [--size 3508x2480]``: the map figure;
with ``--3d [--camera sw] [--year Y]`` a PNG of the 3D massing instead (cli/_render3d.py).

The only headless command that needs Qt: it imports it inside ``run`` and runs offscreen when
there is no display.
"""
from __future__ import annotations

import re

from parkplanner.cli import CliError
from parkplanner.cli._common import add_project_arguments, open_project, output_path, pick_scenario

__all__ = ["register", "run", "parse_size"]

_SUFFIXES = (".png", ".svg", ".pdf")


def parse_size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", text)
    if not match:
        raise CliError(f"--size must look like 3508x2480, not {text!r}")
    return int(match.group(1)), int(match.group(2))


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "render", help="draw the map as a figure (.png, .svg or .pdf)",
        description="Draw a scenario's zones in land-use colours with a legend, scale bar, north arrow, "
                    "title and scenario name; PNG at --size pixels and --dpi, SVG and PDF as vectors of "
                    "the same page size.")
    add_project_arguments(parser)
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="output .png, .svg or .pdf")
    parser.add_argument("--size", default="3508x2480", help="WIDTHxHEIGHT in pixels (default: A4 landscape "
                                                            "at 300 dpi)")
    parser.add_argument("--dpi", type=float, default=300.0, help="print resolution of the size (default 300)")
    parser.add_argument("--lang", choices=("en", "zh"), default="en", help="language of legend and notes")
    parser.add_argument("--title", help="title (default: the project name)")
    parser.add_argument("--no-labels", action="store_true", help="no zone names on the map")
    parser.add_argument("--3d", dest="three_d", action="store_true",
                        help="a PNG of the 3D massing instead of the map (needs OpenGL; starts Xvfb without a display)")
    parser.add_argument("--camera", help="3D: top, sw, se, ne, nw (default sw) or BEARING,ELEVATION[,DISTANCE] "
                                         "in degrees and metres")
    parser.add_argument("--year", type=int, help="3D: only what stands in YEAR (zones started before it)")
    parser.add_argument("--basemap", action="store_true", help="draw the project's visible base maps beneath "
                                                                "the zones")
    parser.set_defaults(run=run)


def run(args) -> int:
    if args.three_d:
        from parkplanner.cli._render3d import run_3d

        return run_3d(args, *parse_size(args.size))
    if args.camera or args.year is not None:
        raise CliError("--camera and --year are for the 3D view: add --3d")
    output = output_path(args.output, _SUFFIXES, "the map", inputs=[args.project])
    width, height = parse_size(args.size)
    project = open_project(args.project)
    scenario = pick_scenario(project, args.scenario)

    from parkplanner.ui.render import ensure_gui_application

    ensure_gui_application()
    from parkplanner.ui.render.map_figure import FigureOptions, render_figure

    try:
        options = FigureOptions(width, height, args.dpi, args.lang, not args.no_labels, args.title,
                                basemap=args.basemap)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    render_figure(project, output, scenario, options)
    print(f"drew scenario {scenario.name!r} ({len(scenario.zones)} zones) to {output}")
    return 0

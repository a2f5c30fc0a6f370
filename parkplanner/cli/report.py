"""``parkplanner report PROJECT -o OUT.xlsx [--scenario NAME|all] [--lang en|zh]``: the Excel appendix."""
from __future__ import annotations

import sys

from parkplanner.cli._common import PROJECT_HELP, open_project, output_path, pick_scenario

__all__ = ["register", "run"]


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "report", help="write the Excel planning appendix (.xlsx)",
        description="Write the planning appendix: cover with every parameter, land-use balance, parcel "
                    "control indicators, sectors, indicators, scenario comparison, projection and checks, "
                    "with native charts and print set-up, and the land-use map on a sheet of its own.")
    parser.add_argument("project", help=PROJECT_HELP)
    parser.add_argument("-o", "--output", required=True, metavar="OUT.xlsx", help="output workbook (.xlsx)")
    parser.add_argument("--scenario", metavar="NAME",
                        help="scenario name or id, or 'all' for one section per scenario (default: active)")
    parser.add_argument("--lang", choices=("en", "zh"), default="en", help="language of titles and headers")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument("--no-map", action="store_true",
                        help="leave out the land-use map sheet (drawing it needs Qt, as `render` does)")
    parser.set_defaults(run=run)


def _progress_printer():
    """One line per sheet on stderr (not per row: a log, not an animation)."""
    last = {"part": None}

    def show(fraction: float, message: str) -> None:
        part = message.split(":")[0]
        if part != last["part"]:
            last["part"] = part
            print(f"  {fraction:4.0%}  {message}", file=sys.stderr)
    return show


def run(args) -> int:
    from parkplanner.core.report import build_appendix

    output = output_path(args.output, (".xlsx",), "the appendix", inputs=[args.project])
    project = open_project(args.project)
    scenario = "all" if args.scenario == "all" else pick_scenario(project, args.scenario)
    map_image = None
    if not args.no_map:
        from parkplanner.ui.render import ensure_gui_application

        ensure_gui_application()
        from parkplanner.ui.render.appendix_map import appendix_map_png

        map_image = appendix_map_png(project, None if scenario == "all" else scenario, args.lang)
    build_appendix(project, output, scenario=scenario, lang=args.lang,
                   progress=None if args.quiet else _progress_printer(), map_image=map_image)
    which = "all scenarios" if scenario == "all" else f"scenario {scenario.name!r}"
    print(f"wrote the appendix of {which} to {output}")
    return 0

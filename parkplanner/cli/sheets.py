"""``parkplanner sheets PROJECT -o sheets.pdf [--scenario S] [--lang zh|en] [--paper A3|A2] [--block ID]``:
the plan sheets (分图则) of a regulatory plan, one per block, with a cover and index sheet.

Like ``render`` it needs Qt, imported inside ``run`` (offscreen when there is no display). A .png
output writes one image per sheet (``sheets-01.png``, ``sheets-02.png``...).
"""
from __future__ import annotations

import sys

from parkplanner.cli import CliError
from parkplanner.cli._common import add_project_arguments, open_project, output_path, pick_scenario

__all__ = ["register", "run"]


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "sheets", help="draw the plan sheets (分图则): one per block with its parcels' control indicators",
        description="Write the plan sheets of a scenario: a cover and index sheet, then one landscape sheet per "
                    "block (街坊) with the block map (parcel code, land-use code and FAR on each parcel), "
                    "location inset, control indicator table, legend, notes, north arrow, scale bar and title "
                    "block. A vector PDF with embedded fonts, or one PNG per sheet.")
    add_project_arguments(parser)
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="output .pdf (or .png: one per sheet)")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the sheets (default zh)")
    parser.add_argument("--paper", choices=("A3", "A2"), default="A3", help="landscape paper size (default A3)")
    parser.add_argument("--block", metavar="ID", help="only this block, by number (3) or code (BD01-03)")
    parser.add_argument("--no-base-map", action="store_true", help="leave the base maps and context layers out of the maps")
    parser.add_argument("--dpi", type=float, default=150.0, help="resolution of PNG sheets (default 150)")
    parser.set_defaults(run=run)


def run(args) -> int:
    from parkplanner.ui.render.plan_sheet_options import SHEET_FORMATS

    output = output_path(args.output, SHEET_FORMATS, "plan sheets", inputs=[args.project])
    project = open_project(args.project)
    scenario = pick_scenario(project, args.scenario)

    from parkplanner.ui.render import ensure_gui_application

    ensure_gui_application()
    from parkplanner.ui.render.plan_sheet_files import write_plan_sheets
    from parkplanner.ui.render.plan_sheet_options import SheetOptions

    try:
        options = SheetOptions(paper=args.paper, lang=args.lang, block=args.block, base_map=not args.no_base_map,
                               png_dpi=args.dpi)
        written = write_plan_sheets(project, output, scenario, options, progress=_progress())
    except ValueError as exc:
        raise CliError(str(exc)) from None
    if sys.stderr.isatty():
        print(file=sys.stderr)
    where = str(written[0]) if len(written) == 1 else f"{written[0]} … {written[-1].name} ({len(written)} images)"
    print(f"wrote the plan sheets of scenario {scenario.name!r} to {where}")
    return 0


def _progress():
    """Progress on a terminal's stderr (a percentage rewritten in place); nothing when redirected."""
    if not sys.stderr.isatty():
        return None
    shown = [-1]

    def report(fraction: float, message: str) -> None:
        percent = int(fraction * 100)
        if percent != shown[0]:
            shown[0] = percent
            print(f"\rsheets {message} ({percent} %)", end="", file=sys.stderr, flush=True)

    return report

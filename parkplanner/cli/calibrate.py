"""``parkplanner calibrate PROJECT [--observed FILE.csv] [-o OUT]``: fit the projection to observations.

Observations in the CSV replace the stored observations of the same indicators; the fitted
multipliers replace the stored calibration of the fitted indicators. The project is saved in
place unless ``-o`` names another file, and only after everything was read and fitted.
"""
from __future__ import annotations

import sys

from parkplanner.cli import CliError
from parkplanner.cli._common import PROJECT_HELP, existing_file, open_store, print_json
from parkplanner.cli.forecast import format_fit_table

__all__ = ["register", "run"]


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "calibrate", help="fit the projection to observed values and save the multipliers",
        description="Fit scale, ramp half-time and ramp width multipliers of each observed series "
                    "(active scenario) and save them in the project.")
    parser.add_argument("project", help=PROJECT_HELP)
    parser.add_argument("--observed", metavar="FILE.csv",
                        help="observations, columns year,indicator,value; they replace the stored "
                             "observations of the same indicators")
    parser.add_argument("-o", "--output", metavar="OUT", help="save to this file instead of in place")
    parser.add_argument("--json", action="store_true", help="print calibration and fit as JSON")
    parser.set_defaults(run=run)


def run(args) -> int:
    from parkplanner.core.editing import History
    from parkplanner.core.io.project_file import save_project
    from parkplanner.core.io.store import STORE_ERRORS
    from parkplanner.core.projection.calibration import (
        calibrate, calibration_command, calibration_dicts, observations_command,
    )
    from parkplanner.core.projection.observations_csv import ObservationsCsvError, read_observations

    store, project = open_store(args.project)
    history = History(project)
    if args.observed:
        try:
            observations = read_observations(existing_file(args.observed))
        except ObservationsCsvError as exc:
            raise CliError(str(exc)) from None
        history.push(observations_command(project, observations))
    if not project.observed:
        raise CliError("the project stores no observed values: give them with --observed FILE.csv")
    result = calibrate(project)
    if not result.calibrations:
        reasons = "; ".join(f"{name}: {why}" for name, why in result.skipped.items())
        raise CliError(f"nothing could be calibrated ({reasons})")
    history.push(calibration_command(project, result))
    try:
        if args.output:
            save_project(project, args.output)
        elif store.save(project).conflicts:  # a database project whose settings someone changed meanwhile
            raise CliError(f"{store.display}: the project settings were changed by someone else meanwhile; "
                           "nothing was saved (run calibrate again)")
    except STORE_ERRORS as exc:
        raise CliError(str(exc)) from None

    for name, why in result.skipped.items():
        print(f"parkplanner: warning: {name} not calibrated: {why}", file=sys.stderr)
    if args.json:
        print_json({
            "calibration": calibration_dicts(result.calibrations),
            "fit": [row.to_dict() for row in result.rows],
            "skipped": result.skipped,
        })
        return 0
    for c in result.calibrations:
        print(f"{c.indicator}: scale {c.scale:.3f}, h × {c.h_mult:.3f}, w × {c.w_mult:.3f}")
    print()
    print(format_fit_table([row.to_dict() for row in result.rows]))
    return 0

"""``parkplanner set PROJECT --zones ID[,ID...] key=value ...``: edit zone attributes from a script.

The edit goes through the history like one made in the window (same validation, one step) and is
saved atomically to the file, or, for a database, as the changed zones only, guarded by their
versions: a zone someone else changed meanwhile is a conflict (exit code 3), never overwritten.
"""
from __future__ import annotations

from parkplanner.cli._common import PROJECT_HELP, open_store, pick_scenario, SCENARIO_HELP

__all__ = ["register", "run", "parse_assignments", "KEY_ALIASES"]

#: Names the file and QGIS use for an attribute, besides the attribute's own name.
KEY_ALIASES = {"landuse": "code", "land_use": "code"}


def register(subparsers) -> None:
    from parkplanner.core.model.zone import ZONE_ATTRIBUTES

    keys = ", ".join(["landuse", *(a for a in ZONE_ATTRIBUTES if a != "code")])
    parser = subparsers.add_parser(
        "set", help="set attributes of zones (land use, FAR, sector...) in a file or a database",
        description=f"Set zone attributes, validated as in the window, and save. Keys: {keys}. An empty value "
                    "clears an optional attribute (e.g. height_m=).")
    parser.add_argument("project", help=PROJECT_HELP)
    parser.add_argument("--zones", required=True, metavar="ID[,ID...]", help="ids of the zones to change")
    parser.add_argument("--scenario", help=SCENARIO_HELP)
    parser.add_argument("assignments", nargs="+", metavar="key=value", help="attribute values")
    parser.set_defaults(run=run)


def parse_assignments(items) -> dict[str, str]:
    from parkplanner.cli import CliError
    from parkplanner.core.model.zone import ZONE_ATTRIBUTES

    values = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = KEY_ALIASES.get(key.strip(), key.strip())
        if not sep or not key:
            raise CliError(f"expected key=value, not {item!r}")
        if key not in ZONE_ATTRIBUTES:
            raise CliError(f"unknown zone attribute {key!r} (attributes: landuse, "
                           f"{', '.join(a for a in ZONE_ATTRIBUTES if a != 'code')})")
        values[key] = value
    return values


def run(args) -> int:
    from parkplanner.cli import CliError
    from parkplanner.cli.sync import EXIT_CONFLICTS, print_conflicts, zone_ids
    from parkplanner.core.editing.command import History
    from parkplanner.core.editing.zone_commands import set_zone_attributes
    from parkplanner.core.io.store import STORE_ERRORS

    values = parse_assignments(args.assignments)
    ids = zone_ids(args.zones)
    if not ids:
        raise CliError("no zone ids given")
    store, project = open_store(args.project)
    scenario = pick_scenario(project, args.scenario)
    missing = [i for i in ids if i not in scenario.zones]
    if missing:
        raise CliError(f"scenario {scenario.name!r} has no zone {missing[0]}")
    try:
        History(project).push(set_zone_attributes(project, ids, values, scenario.id))
    except ValueError as exc:
        raise CliError(str(exc)) from None
    try:
        result = store.save(project)
    except STORE_ERRORS as exc:
        raise CliError(str(exc)) from None
    if result.conflicts:
        print_conflicts(result.conflicts)
        print(f"{len(result.conflicts)} zones were changed by someone else meanwhile and were not saved")
        return EXIT_CONFLICTS
    print(f"set {', '.join(values)} on {len(ids)} zone{'s' if len(ids) != 1 else ''} in {store.display}")
    return 0

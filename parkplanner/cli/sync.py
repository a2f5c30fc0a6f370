"""``parkplanner sync COPY.gpkg``: send a working copy's changes to its database and take others'.

Exit code 0 when both sides agree afterwards, EXIT_CONFLICTS (3) when zones changed on both sides
remain: they are listed, one a line, and nothing of either side is overwritten until
``--mine IDS`` (write this copy's zone over theirs) or ``--theirs IDS`` (take theirs) says which.
"""
from __future__ import annotations

from parkplanner.cli._common import existing_file, print_json

__all__ = ["register", "run", "EXIT_CONFLICTS", "zone_ids", "print_conflicts"]

EXIT_CONFLICTS = 3
SCHEMA = "parkplanner.sync/1"


def zone_ids(text: str | None) -> list[int]:
    """``1,2,5`` as ids (``settings`` is id 0: the project settings conflict)."""
    from parkplanner.cli import CliError

    out = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        if part == "settings":
            out.append(0)
        elif part.isdigit():
            out.append(int(part))
        else:
            raise CliError(f"not a zone id: {part!r} (expected numbers separated by commas)")
    return out


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "sync", help="send a working copy's changes to its database and take others' changes",
        description="Send the zones changed in a working copy (made by parkplanner checkout) to its database and "
                    "take the zones others changed. A zone changed on both sides is a conflict: listed, nothing "
                    f"overwritten, exit code {EXIT_CONFLICTS}, until --mine or --theirs resolves it.")
    parser.add_argument("copy", help="the working copy (.gpkg)")
    parser.add_argument("--mine", metavar="IDS", help="conflicting zones to write over theirs (comma-separated; "
                        "'settings' for the project settings)")
    parser.add_argument("--theirs", metavar="IDS", help="conflicting zones to take from the database")
    parser.add_argument("--uri", help="connect with this URI instead of the stored one (e.g. other TLS options)")
    parser.add_argument("--json", action="store_true", help=f"print a {SCHEMA} JSON object")
    parser.set_defaults(run=run)


def print_conflicts(conflicts, stream=None) -> None:
    import sys

    for conflict in conflicts:
        print(f"conflict: {conflict.describe()}", file=stream or sys.stdout)


def run(args) -> int:
    from parkplanner.cli import CliError
    from parkplanner.core.io.store import STORE_ERRORS
    from parkplanner.core.io.sync import sync

    path = existing_file(args.copy)
    mine, theirs = zone_ids(args.mine), zone_ids(args.theirs)
    if set(mine) & set(theirs):
        raise CliError(f"zone {sorted(set(mine) & set(theirs))[0]} is both in --mine and --theirs")
    try:
        result = sync(path, mine=mine, theirs=theirs, uri=args.uri)
    except STORE_ERRORS as exc:
        raise CliError(str(exc)) from None
    if args.json:
        print_json({"schema": SCHEMA, "sent": result.sent, "received": result.received, "settings": result.settings,
                    "conflicts": [{"scenario": c.scenario_id, "zone": c.zone_id, "editor": c.their_editor,
                                   "their_version": c.their_version, "deleted_there": c.theirs is None,
                                   "deleted_here": c.mine is None, "text": c.describe()} for c in result.conflicts]})
    else:
        settings = f", settings {result.settings}" if result.settings else ""
        print(f"sent {result.sent} zone changes, received {result.received}{settings}")
        print_conflicts(result.conflicts)
        if result.conflicts:
            print(f"{len(result.conflicts)} conflicts remain: nothing of them was overwritten; resolve with "
                  "--mine IDS or --theirs IDS")
    return EXIT_CONFLICTS if result.conflicts else 0

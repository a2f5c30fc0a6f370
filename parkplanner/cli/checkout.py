"""``parkplanner checkout URI -o COPY.gpkg``: a working copy of a database project, for offline editing."""
from __future__ import annotations

from parkplanner.cli._common import output_path

__all__ = ["register", "run"]


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "checkout", help="make a working copy (.gpkg) of a database project to edit offline",
        description="Copy a database project into a project file that remembers the zone versions it was "
                    "taken at. Edit it anywhere (the window, parkplanner set), then send the changes back and "
                    "take others' with parkplanner sync.")
    parser.add_argument("uri", help="postgresql://user@host:port/database?schema=name")
    parser.add_argument("-o", "--output", required=True, metavar="COPY.gpkg", help="the working copy to write")
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    parser.set_defaults(run=run)


def run(args) -> int:
    from parkplanner.cli import CliError
    from parkplanner.core.io.store import STORE_ERRORS, is_database_uri
    from parkplanner.core.io.sync import checkout

    if not is_database_uri(args.uri):
        raise CliError(f"not a database URI: {args.uri} (expected postgresql://user@host:port/db?schema=name)")
    out = output_path(args.output, (".gpkg",), "a working copy")
    if out.exists() and not args.force:
        raise CliError(f"{out} exists (use --force to replace it)")
    try:
        project, copy = checkout(args.uri, out)
    except STORE_ERRORS as exc:
        raise CliError(str(exc)) from None
    zones = sum(len(z) for z in copy.zones.values())
    print(f"checked out {project.name} ({zones:,} zones) from {copy.uri} to {out}")
    return 0

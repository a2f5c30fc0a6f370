"""``parkplanner publish PROJECT URI``: put a project into a PostGIS schema for a team to edit."""
from __future__ import annotations

import sys

from parkplanner.cli._common import open_project

__all__ = ["register", "run"]


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "publish", help="write a project into a PostgreSQL/PostGIS schema for several editors",
        description="Write a project into its own schema of a PostgreSQL database with PostGIS: the tables of "
                    "the project file, zones as PostGIS polygons with versions, and QGIS styles. The password "
                    "comes from libpq's pgpass or service file; other URI parameters (sslmode, sslrootcert...) "
                    "are passed to libpq.")
    parser.add_argument("project", help="project file (.gpkg)")
    parser.add_argument("uri", help="postgresql://user@host:port/database?schema=name")
    parser.add_argument("--replace", action="store_true", help="drop the schema first if it exists")
    parser.set_defaults(run=run)


def run(args) -> int:
    from parkplanner.cli import CliError
    from parkplanner.core.io.store import STORE_ERRORS, is_database_uri

    if not is_database_uri(args.uri):
        raise CliError(f"not a database URI: {args.uri} (expected postgresql://user@host:port/db?schema=name)")
    project = open_project(args.project)
    from parkplanner.core.io.postgis_store import publish

    try:
        published = publish(project, args.uri, replace=args.replace)
    except STORE_ERRORS as exc:
        raise CliError(str(exc)) from None
    except ValueError as exc:  # a malformed schema name
        raise CliError(str(exc)) from None
    zones = sum(len(s.zones) for s in project.scenarios)
    print(f"published {project.name}: {len(project.scenarios)} scenarios, {zones:,} zones to "
          f"{published.location.display_uri}")
    if not published.styled:
        print("parkplanner: warning: this role may not write QGIS's public.layer_styles: QGIS will show the "
              "layers without the land-use colours (publish as the schema's owner, or ask for the right)",
              file=sys.stderr)
    return 0

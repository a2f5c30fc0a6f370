"""``parkplanner info PROJECT [--json]``: what a project file holds, without computing metrics."""
from __future__ import annotations

from parkplanner.cli._common import add_project_arguments, existing_file, open_store, print_report

__all__ = ["register", "run", "project_info", "format_info"]

SCHEMA = "parkplanner.info/1"


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "info", help="show a project's name, CRS, scheme, scenarios and file version",
        description="Show what a project file holds: name, CRS, land-use scheme, scenarios with their "
                    "zone counts, phases, context layers and the project file version.")
    add_project_arguments(parser, scenario=False, json_help=f"print a {SCHEMA} JSON object")
    parser.set_defaults(run=run)


def run(args) -> int:
    from parkplanner.cli import CliError
    from parkplanner.core.io.project_file import ProjectFileError, file_schema_version

    store, project = open_store(args.project)
    if store.shared:  # a database holds the current layout (older ones are refused on opening)
        from parkplanner.core.io.postgis_store import SCHEMA_VERSION as version
    else:
        try:
            version = file_schema_version(existing_file(args.project))
        except ProjectFileError as exc:  # replaced by something else between the two reads
            raise CliError(str(exc)) from None
    info = project_info(project, version, store.display)
    print_report(info, args.json, format_info)
    return 0


def project_info(project, schema_version: int, file: str) -> dict:
    """The parkplanner.info/1 object: plain JSON values only."""
    return {
        "schema": SCHEMA,
        "file": file,
        "schema_version": schema_version,
        "name": project.name,
        "crs": project.crs,
        "scheme": project.scheme,
        "active_scenario": project.active_scenario_id,
        "scenarios": [
            {"id": s.id, "name": s.name, "zones": len(s.zones),
             "area_m2": round(sum(z.geometry.area for z in s.zones.values()), 1),
             "active": s.id == project.active_scenario_id, "description": s.description}
            for s in project.scenarios
        ],
        "phases": [{"number": p.number, "name": p.name, "start_year": p.start_year} for p in project.phases],
        "has_boundary": project.boundary is not None,
        "context_layers": [{"name": c.name, "kind": c.kind, "features": len(c.geometries)}
                           for c in project.context_layers],
        "metadata": dict(project.metadata),
    }


def format_info(info: dict) -> str:
    from parkplanner.core.geometry.crs import crs_label  # a custom CRS by its name, not its WKT

    lines = [
        f"Project    {info['name']}",
        f"File       {info['file']} (project file version {info['schema_version']})",
        f"CRS        {crs_label(info['crs'])}",
        f"Scheme     {info['scheme']}",
        f"Boundary   {'yes' if info['has_boundary'] else 'none'}",
        "Scenarios  (* active)",
    ]
    width = max(len(s["id"]) for s in info["scenarios"])
    for s in info["scenarios"]:
        mark = "*" if s["active"] else " "
        lines.append(f"  {mark} {s['id']:<{width}}  {s['zones']:>9,} zones  {s['area_m2'] / 1e4:>10,.1f} ha  "
                     f"{s['name']}")
    if info["phases"]:
        lines.append("Phases     " + ", ".join(f"{p['number']} {p['name']} ({p['start_year']})".replace("  ", " ")
                                             for p in info["phases"]))
    for layer in info["context_layers"]:
        lines.append(f"Context    {layer['name']} ({layer['kind']}, {layer['features']:,} features)")
    for key, value in info["metadata"].items():
        lines.append(f"{key:<10} {value}")
    return "\n".join(lines)

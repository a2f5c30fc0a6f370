"""``parkplanner validate PROJECT [--scenario S] [--json]``: standards violations, topology problems and
parcel codes used by more than one zone.

Exit status: 0 when the scenario has neither, 1 when it has some, 2 for bad input.
"""
from __future__ import annotations

from parkplanner.cli import CliError, _common

__all__ = ["register", "run", "SCHEMA"]

SCHEMA = "parkplanner.validate/1"
EXIT_PROBLEMS = 1


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "validate", help="check zones against planning standards and the layout's topology",
        description="List standards violations (docs/specification.md section 5) and topology problems (overlaps, "
                    "gaps, slivers, zones outside the boundary). Exit 1 if there are any.")
    _common.add_project_arguments(parser)
    parser.add_argument("--sliver-area", type=float, default=50.0, metavar="M2",
                        help="zones and gaps smaller than this many m² are slivers (default 50)")
    parser.add_argument("--json", action="store_true", help="print a parkplanner.validate/1 JSON object")
    parser.set_defaults(run=run)


def run(args) -> int:
    from parkplanner.core.geometry.topology import check_topology
    from parkplanner.core.metrics import compute_metrics
    from parkplanner.core.parcels.codes import duplicate_codes

    if not args.sliver_area >= 0:
        raise CliError("--sliver-area must be a number of m², 0 or more")
    project = _common.open_project(args.project)
    scenario = _common.pick_scenario(project, args.scenario)
    try:
        violations = [v.to_dict() for v in compute_metrics(project, scenario).violations]
    except ValueError as exc:
        raise CliError(str(exc)) from None
    topology = [p.to_dict() for p in check_topology(scenario.zones, project.boundary,
                                                    sliver_area_m2=args.sliver_area)]
    codes = {z.id: z.parcel_code for z in scenario}
    for v in violations:  # the planner's name of the zone beside its id
        v["parcel_code"] = codes.get(v["zone_id"])
    for p in topology:
        p["parcel_codes"] = [codes.get(i) for i in p["zone_ids"]]
    duplicates = [{"parcel_code": code, "zone_ids": ids} for code, ids in duplicate_codes(scenario).items()]
    ok = not violations and not topology and not duplicates
    if args.json:
        _common.print_json({"schema": SCHEMA, "project": project.name, "scenario": scenario.name,
                            "violations": violations, "topology": topology, "duplicate_parcel_codes": duplicates,
                            "ok": ok})
    else:
        print(_format(scenario.name, violations, topology, duplicates))
    return 0 if ok else EXIT_PROBLEMS


def _limit(limit) -> str:
    if isinstance(limit, list):
        low, high = limit
        return f"{low:g}–{high:g}" if low is not None and high is not None else f"{low or high:g}"
    return f"{limit:g}"


def _format(scenario: str, violations: list[dict], topology: list[dict], duplicates: list[dict]) -> str:
    if not violations and not topology and not duplicates:
        return f"Scenario {scenario}: no standards violations, no topology problems."
    lines = [f"Scenario {scenario}: {len(violations)} standards violation(s), {len(topology)} topology problem(s)."
             + (f" {len(duplicates)} parcel code(s) used twice." if duplicates else "")]
    for v in violations:
        where = "project" if v["zone_id"] is None else f"zone {v['zone_id']}"
        where += f" ({v['parcel_code']})" if v.get("parcel_code") else ""
        lines.append(f"  {where}: {v['rule']} — {v['attribute']} {v['value']:g}, limit {v['operator']} "
                     f"{_limit(v['limit'])} ({v['source']})")
    for p in topology:
        lines.append(f"  {p['kind']}: {p['message']}")
    for d in duplicates:
        lines.append(f"  parcel code {d['parcel_code']} is used by zones {', '.join(map(str, d['zone_ids']))}")
    return "\n".join(lines)

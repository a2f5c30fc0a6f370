"""``parkplanner metrics PROJECT [--scenario S] [--json]``: the indicators of docs/specification.md section 8."""
from __future__ import annotations

from parkplanner.cli import CliError, _common

__all__ = ["register", "run", "format_report"]


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "metrics", help="land-use balance, industry–city indicators, coupling degree, standards",
        description="Compute the metrics of one scenario (docs/specification.md); --json prints the "
                    "parkplanner.metrics/1 object.")
    _common.add_project_arguments(parser, json_help="print the parkplanner.metrics/1 JSON object")
    parser.set_defaults(run=run)


def run(args) -> int:
    from parkplanner.core.geometry.topology import overlap_summary
    from parkplanner.core.metrics import compute_metrics

    project = _common.open_project(args.project)
    scenario = _common.pick_scenario(project, args.scenario)
    try:
        result = compute_metrics(project, scenario)
    except ValueError as exc:  # e.g. a zone code the scheme does not know
        raise CliError(str(exc)) from None
    data = result.to_dict()
    data["checks"] = {"overlap": overlap_summary(scenario.zones).to_dict()}  # land counted more than once
    _common.print_report(data, args.json, format_report)
    return 0


def _number(value, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:,.{digits}f}"


def _table(header: list[str], rows: list[list[str]]) -> str:
    return _common.text_table([header, *rows])


def _target(target: dict) -> str:
    from parkplanner.core.metrics.registry import TargetRule

    return TargetRule(**target).text()


def format_report(data: dict) -> str:
    """A readable text report of a parkplanner.metrics/1 object."""
    from parkplanner.core.geometry.crs import crs_label  # a custom CRS by its name, not its WKT

    t = data["totals"]
    out = [f"{data['project']['name']} — scenario {data['scenario']} ({data['project']['scheme']}, "
           f"{crs_label(data['project']['crs'])})", ""]
    out.append(_table(["total", "value"], [
        ["zones", f"{t['zone_count']:,}"], ["total area (ha)", _number(t["total_area_m2"] / 1e4)],
        ["construction land (ha)", _number(t["construction_area_m2"] / 1e4)],
        ["floor area (m²)", _number(t["gfa_m2"], 0)], ["residents", _number(t["residents"], 0)],
        ["dwellings", _number(t["dwellings"], 0)], ["employed residents", _number(t["employed_residents"], 0)],
        ["jobs", _number(t["jobs"], 0)], ["output (亿元)", _number(t["output_yi"])],
        ["tax (亿元)", _number(t["tax_yi"])],
    ]))
    out.append("")
    out.append(_table(["land-use balance", "ha", "% constr.", "% total", "standard %", "ok"], [
        [f"{row['generic_class']} {row['name_en']}" + ("" if row.get("construction_land", True) else " (not construction land)"),
         _number(row["area_ha"]),
         _number(row["share_of_construction_pct"], 1), _number(row["share_of_total_pct"], 1),
         "–" if row["standard_range_pct"] is None else "–".join(f"{v:g}" for v in row["standard_range_pct"]),
         _number(row["within_standard"])]
        for row in data["landuse_balance"] if row["area_m2"] > 0 or row["standard_range_pct"] is not None
    ]))
    out.append("")
    out.append(_table(["indicator", "value", "unit", "target", "score"], [
        [f"{key} {ind['name']}", _number(ind["value"]), ind["unit"], _target(ind["target"]),
         _number(ind["score"])]
        for key, ind in data["indicators"].items()
    ]))
    out.append("")
    dims = data["dimensions"]
    out.append("dimensions: " + ", ".join(f"{name} {value:.3f}" for name, value in dims.items()))
    c = data["coupling"]
    out.append(f"coupling coordination: C {c['C']:.3f}, T {c['T']:.3f}, D {c['D']:.3f} — "
               f"{c['grade']} ({c['grade_en']})")
    violations = data["violations"]
    out.append("")
    out.append(f"standards violations: {len(violations)}" + (" (see: parkplanner validate)" if violations else ""))
    overlap = data.get("checks", {}).get("overlap")
    if overlap and overlap["overlapping_pairs"]:
        pairs = overlap["overlapping_pairs"]
        out.append(f"overlapping zones: {pairs} pair{'s' if pairs != 1 else ''} share "
                   f"{_number(overlap['overlap_m2'] / 1e4)} ha, counted more than once in every total above "
                   f"({overlap['counted_times']:.2f}× the land covered; see: parkplanner validate)")
    return "\n".join(out)

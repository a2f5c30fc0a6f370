"""``parkplanner compare PROJECT A B [--json]``: two scenarios side by side, with the change ledger."""
from __future__ import annotations

from parkplanner.cli import CliError
from parkplanner.cli._common import open_project, pick_scenario, print_report, text_table

__all__ = ["register", "run", "format_comparison"]

#: Units a table row does not repeat: the section title already says the row is a 0–1 index.
_SILENT_UNITS = ("", "0–1", "–")


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "compare", help="compare two scenarios: indicators, deltas and zone changes",
        description="Compare scenario A with scenario B (deltas are B − A) and list the zones added, "
                    "removed, reshaped, re-classed or otherwise changed.")
    parser.add_argument("project", help="project file (.gpkg)")
    parser.add_argument("a", metavar="A", help="scenario name or id")
    parser.add_argument("b", metavar="B", help="scenario name or id")
    parser.add_argument("--json", action="store_true", help="print the parkplanner.compare/1 JSON object")
    parser.set_defaults(run=run)


def run(args) -> int:
    from parkplanner.core.scenarios.compare import compare_scenarios

    project = open_project(args.project)
    a, b = pick_scenario(project, args.a), pick_scenario(project, args.b)
    if a is b:
        raise CliError(f"A and B are the same scenario ({a.name}): name two different scenarios")
    data = compare_scenarios(project, a, b).to_dict()
    print_report(data, args.json, format_comparison)
    return 0


def _table(rows: list[list[str]]) -> list[str]:
    return text_table(rows, header=False).split("\n")


def _balance(row: dict | None) -> str:
    if row is None:
        return "–"
    ratio = "–" if row["jobs_housing_ratio"] is None else f"{row['jobs_housing_ratio']:.2f}"
    return f"{ratio} {row['balance'].replace('_', ' ')}"


def format_comparison(data: dict) -> str:
    a, b = data["a"]["name"], data["b"]["name"]
    lines = [f"Scenario comparison: A = {a}, B = {b} (deltas B − A)"]
    # Names, units and decimals are the comparison view's (row_labels.py), in English, areas in ha.
    from parkplanner.core.scenarios.row_labels import SECTIONS, format_relative, row_display, section_title

    for section in SECTIONS:
        # Classes absent from both scenarios are noise in a table (the JSON keeps them).
        rows = [r for r in data[section] if section != "landuse" or r["a"] or r["b"]]
        if not rows:
            continue
        lines += ["", section_title(section)]
        table = [["", "A", "B", "Δ", "Δ %"]]
        for r in rows:
            shown = row_display(section, r["key"], r["unit"])
            silent = shown.unit in _SILENT_UNITS or shown.unit == shown.name.lower()  # not "Jobs (jobs)"
            label = shown.name if silent else f"{shown.name} ({shown.unit})"
            table.append([label, shown.number(r["a"]), shown.number(r["b"]), shown.number(r["delta"], signed=True),
                          format_relative(r["rel_delta"])])
        lines += _table(table)
    lines.append(f"grade: {data['grade']['a']} → {data['grade']['b']}")

    lines += ["", "Jobs–housing by phase (cumulative: jobs / employed residents)"]
    table = [["phase", "A", "B"]]
    cumulative_b = {r["phase"]: r for r in data["phase_balance"]["b"] if r["scope"] == "cumulative"}
    cumulative_a = {r["phase"]: r for r in data["phase_balance"]["a"] if r["scope"] == "cumulative"}
    for phase in sorted(set(cumulative_a) | set(cumulative_b)):
        table.append([f"≤ {phase}", _balance(cumulative_a.get(phase)), _balance(cumulative_b.get(phase))])
    lines += _table(table)

    ledger = data["ledger"]
    lines += ["", "Zone changes"]
    if not any(ledger.values()):
        lines.append("  none")
    for entry in ledger["added"]:
        lines.append(f"  + {_zone(entry)} {entry['name']} ({entry['code']}, {entry['area_m2']:,.0f} m²)")
    for entry in ledger["removed"]:
        lines.append(f"  − {_zone(entry)} {entry['name']} ({entry['code']}, {entry['area_m2']:,.0f} m²)")
    for entry in ledger["reshaped"]:
        lines.append(f"  ~ {_zone(entry)} {entry['name']} reshaped: "
                     f"{entry['area_a_m2']:,.0f} → {entry['area_b_m2']:,.0f} m²")
    for entry in ledger["reclassed"] + ledger["attributes"]:
        lines.append(f"  ~ {_zone(entry)} {entry['name']} {entry['field']}: {entry['old']} → {entry['new']}")
    if data["settings"]:
        lines += ["", "Settings"]
        for s in data["settings"]:
            lines.append(f"  {s['scope']}.{s['field']}: {s['a']} → {s['b']}")
    return "\n".join(lines)


def _zone(entry: dict) -> str:
    """"zone 12 BD01-03-02": the id the program uses and the parcel code the planner uses."""
    code = entry.get("parcel_code")
    return f"zone {entry['zone_id']} {code}" if code else f"zone {entry['zone_id']}"

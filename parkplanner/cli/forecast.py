"""``parkplanner forecast PROJECT [--scenario S] [--json]``: yearly projection (docs/specification.md section 6)."""
from __future__ import annotations

from parkplanner.cli._common import add_project_arguments, open_project, pick_scenario, print_json, text_table

__all__ = ["register", "run", "format_series_table", "format_fit_table"]

_COLUMNS = (
    ("output_yi", "output 亿元", "{:.2f}"), ("tax_yi", "tax 亿元", "{:.2f}"), ("jobs", "jobs", "{:,.0f}"),
    ("residents", "residents", "{:,.0f}"), ("registered_entities", "entities", "{:,.0f}"),
    ("high_tech_enterprises", "high-tech", "{:,.1f}"),
)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "forecast", help="project output, tax, jobs, residents and enterprises year by year",
        description="Project a scenario year by year to the horizon, with the stored calibration, "
                    "and compare with the stored observed values.")
    add_project_arguments(parser, json_help="print the parkplanner.forecast/1 JSON object")
    parser.set_defaults(run=run)


def run(args) -> int:
    from parkplanner.core.projection.report import forecast_report

    project = open_project(args.project)
    report = forecast_report(project, pick_scenario(project, args.scenario))
    if args.json:
        print_json(report)
        return 0
    print(f"Forecast of scenario {report['scenario']}")
    if not report["years"]:
        print("No zone has a start year: give zones a start year or their phases a start year.")
    else:
        print(format_series_table(report["years"], report["series"]))
    if report["unscheduled_zone_ids"]:
        ids = ", ".join(str(i) for i in report["unscheduled_zone_ids"])
        print(f"Left out (no start year): zones {ids}")
    if report["fit"]:
        print()
        print(format_fit_table(report["fit"]))
    return 0


def format_series_table(years: list[int], series: dict[str, list[float]]) -> str:
    header = ["year"] + [label for _, label, _ in _COLUMNS]
    rows = ([str(year)] + [fmt.format(series[key][i]) for key, _, fmt in _COLUMNS] for i, year in enumerate(years))
    return text_table([header, *rows], text_columns=())


def format_fit_table(fit: list[dict]) -> str:
    header = ["year", "indicator", "observed", "modelled", "rel. error"]
    rows = (
        [str(r["year"]), r["indicator"], f"{r['observed']:,.2f}", f"{r['modelled']:,.2f}",
         "–" if r["rel_error"] is None else f"{r['rel_error']:+.1%}"]
        for r in fit
    )
    return text_table([header, *rows], text_columns=(1,))

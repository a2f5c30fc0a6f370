"""Compare any two scenarios A and B of a project: every number side by side, and what changed.

Numbers come from the metrics engine's JSON (docs/specification.md section 8, ``compute_metrics(...).to_dict()``):
totals, land-use areas per generic class, indicator values and scores, dimension indices and the
coupling degree, each with the absolute delta B − A and the relative delta (B − A) / |A| (None where
A is 0 or either side is null). The change ledger matches zones by id (zone_ledger.py); settings
list the effective parameters and sector values that differ (scenario overrides); the phase
balance of each scenario (phase_balance.py) shows whether housing keeps up with jobs phase by phase.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from parkplanner.core.metrics.balance import class_areas
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.sectors import SECTOR_NUMERIC_FIELDS
from parkplanner.core.scenarios.phase_balance import PhaseBalance, phase_balance
from parkplanner.core.scenarios.zone_ledger import ZoneLedger, zone_ledger

__all__ = [
    "COMPARE_SCHEMA", "DeltaRow", "SettingChange", "ScenarioComparison", "numeric_delta", "metric_deltas",
    "setting_changes", "compare_scenarios",
]

COMPARE_SCHEMA = "parkplanner.compare/1"
MetricsFn = Callable[[Project, Scenario], Mapping[str, Any]]
PhasesFn = Callable[[Project, Scenario], Sequence[PhaseBalance]]


def numeric_delta(a: float | None, b: float | None) -> tuple[float | None, float | None]:
    """(B − A, (B − A) / |A|); None where a side is null, and the relative delta when A is 0."""
    if a is None or b is None:
        return None, None
    delta = b - a
    return delta, (delta / abs(a) if a != 0 else None)


@dataclass(frozen=True, slots=True)
class DeltaRow:
    section: str  # totals, landuse, indicators, scores, dimensions, coupling
    key: str
    name: str
    unit: str
    a: float | None
    b: float | None

    @property
    def delta(self) -> float | None:
        return numeric_delta(self.a, self.b)[0]

    @property
    def rel_delta(self) -> float | None:
        return numeric_delta(self.a, self.b)[1]

    def to_dict(self) -> dict:
        return {"key": self.key, "name": self.name, "unit": self.unit, "a": self.a, "b": self.b,
                "delta": self.delta, "rel_delta": self.rel_delta}


_TOTAL_UNITS = {"zone_count": "", "residents": "persons", "dwellings": "", "employed_residents": "persons",
                "jobs": "jobs", "output_wan": "万元", "tax_wan": "万元"}


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _keyed_rows(section: str, a: Mapping, b: Mapping, describe: Callable[[str, Mapping], tuple]) -> list[DeltaRow]:
    """Rows for the union of keys of ``a`` and ``b`` in A's order, then B's new keys."""
    keys = list(a) + [k for k in b if k not in a]
    rows = []
    for key in keys:
        name, unit, value_a = describe(key, a.get(key))
        _, _, value_b = describe(key, b.get(key))
        rows.append(DeltaRow(section, key, name, unit, value_a, value_b))
    return rows


def metric_deltas(metrics_a: Mapping[str, Any], metrics_b: Mapping[str, Any]) -> list[DeltaRow]:
    """Every numeric quantity of two metrics JSON objects, side by side."""
    def total(key, value):
        unit = "m²" if key.endswith("_m2") else _TOTAL_UNITS.get(key, "")
        return key, unit, _number(value)

    def indicator(key, entry):
        entry = entry or {}
        return entry.get("name", key), entry.get("unit", ""), _number(entry.get("value"))

    def score(key, entry):
        entry = entry or {}
        return entry.get("name", key), "0–1", _number(entry.get("score"))

    def plain(unit):
        return lambda key, value: (key, unit, _number(value))

    def landuse(metrics):
        return class_areas(metrics.get("landuse_balance", []))

    def numeric(metrics, section):  # grades and other labels are not deltas
        return {k: v for k, v in metrics.get(section, {}).items() if v is None or _is_number(v)}

    return (
        _keyed_rows("totals", numeric(metrics_a, "totals"), numeric(metrics_b, "totals"), total)
        + _keyed_rows("landuse", landuse(metrics_a), landuse(metrics_b), plain("m²"))
        + _keyed_rows("indicators", metrics_a.get("indicators", {}), metrics_b.get("indicators", {}), indicator)
        + _keyed_rows("scores", metrics_a.get("indicators", {}), metrics_b.get("indicators", {}), score)
        + _keyed_rows("dimensions", numeric(metrics_a, "dimensions"), numeric(metrics_b, "dimensions"), plain("0–1"))
        + _keyed_rows("coupling", numeric(metrics_a, "coupling"), numeric(metrics_b, "coupling"), plain(""))
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@dataclass(frozen=True, slots=True)
class SettingChange:
    """An effective parameter or sector value that differs between the scenarios."""

    scope: str  # "parameters" or the sector id
    field: str
    a: Any
    b: Any

    def to_dict(self) -> dict:
        return {"scope": self.scope, "field": self.field, "a": self.a, "b": self.b}


def setting_changes(project: Project, a: Scenario, b: Scenario) -> list[SettingChange]:
    out = []
    params_a, params_b = project.effective_parameters(a).to_dict(), project.effective_parameters(b).to_dict()
    for key in params_a:
        if key == "class_m2_gfa_per_job":
            for cls in sorted(set(params_a[key]) | set(params_b[key])):
                old, new = params_a[key].get(cls), params_b[key].get(cls)
                if old != new:
                    out.append(SettingChange("parameters", f"class_m2_gfa_per_job.{cls}", old, new))
        elif params_a[key] != params_b[key]:
            out.append(SettingChange("parameters", key, params_a[key], params_b[key]))
    sectors_a, sectors_b = project.effective_sectors(a), project.effective_sectors(b)
    for sector_id in sectors_a:
        for name in SECTOR_NUMERIC_FIELDS:
            old, new = getattr(sectors_a[sector_id], name), getattr(sectors_b[sector_id], name)
            if old != new:
                out.append(SettingChange(sector_id, name, old, new))
    return out


@dataclass(frozen=True)
class ScenarioComparison:
    project_name: str
    scenario_a: Scenario
    scenario_b: Scenario
    rows: tuple[DeltaRow, ...]
    grades: tuple[str | None, str | None]
    ledger: ZoneLedger
    settings: tuple[SettingChange, ...]
    phases_a: tuple[PhaseBalance, ...] = ()
    phases_b: tuple[PhaseBalance, ...] = ()

    def section(self, name: str) -> list[DeltaRow]:
        return [row for row in self.rows if row.section == name]

    def row(self, section: str, key: str) -> DeltaRow:
        for row in self.rows:
            if row.section == section and row.key == key:
                return row
        raise KeyError(f"no {section} row {key!r}")

    def to_dict(self) -> dict:
        sections = ("totals", "landuse", "indicators", "scores", "dimensions", "coupling")
        data = {
            "schema": COMPARE_SCHEMA,
            "project": self.project_name,
            "a": {"id": self.scenario_a.id, "name": self.scenario_a.name},
            "b": {"id": self.scenario_b.id, "name": self.scenario_b.name},
        }
        data.update({name: [row.to_dict() for row in self.section(name)] for name in sections})
        data["grade"] = {"a": self.grades[0], "b": self.grades[1]}
        data["ledger"] = self.ledger.to_dict()
        data["settings"] = [change.to_dict() for change in self.settings]
        data["phase_balance"] = {"a": [row.to_dict() for row in self.phases_a],
                                 "b": [row.to_dict() for row in self.phases_b]}
        return data


def _engines(project: Project, a: Scenario, b: Scenario):
    """Metrics engines of A and B: B's made from A's (pinned_copy), so the zones the scenarios
    share, their coverage buffers included, are computed once."""
    from parkplanner.core.metrics import MetricsEngine

    engine_a = MetricsEngine(project, scenario_id=a.id)
    return engine_a, engine_a.pinned_copy(b.id)


def _grade(coupling: Mapping[str, Any]) -> str | None:
    """"良好协调 good" from the metrics' grade (Chinese) and grade_en, whichever exist."""
    parts = [coupling[k] for k in ("grade", "grade_en") if coupling.get(k)]
    return " ".join(parts) if parts else None


def compare_scenarios(project: Project, a: Scenario, b: Scenario,
                      metrics: MetricsFn | None = None, phases: PhasesFn | None = None) -> ScenarioComparison:
    """Compare scenario ``a`` with ``b`` (any two, in either order; deltas are B − A).

    ``metrics(project, scenario)`` gives a side's metrics JSON (a window passes its kept engines);
    by default both sides are computed here, B from A's engine. ``phases(project, scenario)``
    gives a side's phase balance (a view passes what it computed before for a side not edited
    since); by default ``phase_balance``.
    """
    if metrics is None:
        engines = _engines(project, a, b)
        metrics_a, metrics_b = (engine.result().to_dict() for engine in engines)
        phases = [phase_balance(project, scenario, engine) for scenario, engine in zip((a, b), engines)]
    else:
        metrics_a, metrics_b = metrics(project, a), metrics(project, b)
        phases = [(phases or phase_balance)(project, scenario) for scenario in (a, b)]
    grades = tuple(_grade(m.get("coupling", {})) for m in (metrics_a, metrics_b))
    return ScenarioComparison(
        project.name, a, b, tuple(metric_deltas(metrics_a, metrics_b)), grades,
        zone_ledger(a, b), tuple(setting_changes(project, a, b)), tuple(phases[0]), tuple(phases[1]),
    )

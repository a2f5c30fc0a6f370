"""The project file's plain tables: their columns, and the model <-> rows mapping.

Layer names are chosen here too (zones__<scenario>, context__<name>, boundary, phases) and
recorded in the tables, so a reader never guesses them. Scenario overrides are JSON text: the
file must never hold anything that is executed or unpickled on load.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, fields
from typing import Any, Mapping

from parkplanner.core.io.gpkg_features import FeatureTable
from parkplanner.core.model.parameters import Parameters
from parkplanner.core.model.project import Calibration, Observation, Project, Target
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.sectors import SECTOR_NUMERIC_FIELDS, Sector

__all__ = [
    "RawProject", "TABLES", "METADATA", "BOUNDARY_LAYER", "PHASES_LAYER", "APPLICATION",
    "layer_names", "table_rows", "metadata_value", "project_values", "scenario_shells",
]

APPLICATION = "ParkPlanner"
METADATA = "project_metadata"
BOUNDARY_LAYER = "boundary"
PHASES_LAYER = "phases"
_PROJECT, _FREE = "project", "metadata"  # sections of project_metadata
_CLASS_PREFIX = "class_m2_gfa_per_job."  # parameters rows of the per-class dict
_STOREY_PREFIX = "storey_height_m."  # ... and of the storey heights of 3D massing

TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    METADATA: (("section", "TEXT"), ("key", "TEXT"), ("value", "TEXT")),
    "parameters": (("name", "TEXT"), ("value", "REAL")),
    "sectors": tuple(
        (f.name, "REAL" if f.name in SECTOR_NUMERIC_FIELDS else "TEXT") for f in fields(Sector)
    ),
    "targets": (("indicator", "TEXT"), ("value", "REAL"), ("year", "INTEGER")),
    "observed": (("year", "INTEGER"), ("indicator", "TEXT"), ("value", "REAL")),
    "calibration": (("indicator", "TEXT"), ("scale", "REAL"), ("h_mult", "REAL"), ("w_mult", "REAL")),
    "scenarios": (("scenario_id", "TEXT"), ("name", "TEXT"), ("position", "INTEGER"), ("description", "TEXT"),
                  ("layer", "TEXT"), ("parameter_overrides", "TEXT"), ("sector_overrides", "TEXT")),
    "context_layers": (("name", "TEXT"), ("kind", "TEXT"), ("position", "INTEGER"), ("layer", "TEXT")),
}
_DESCRIPTIONS = {
    METADATA: "ParkPlanner project: schema version, name, CRS, scheme, free metadata",
    "parameters": "Project parameters (docs/specification.md section 1)",
    "sectors": "Industrial sectors and their planning parameters",
    "targets": "Plan targets", "observed": "Observed indicator values", "calibration": "Fitted multipliers",
    "scenarios": "Scenarios: zone layer, order, overrides (JSON)",
    "context_layers": "Reference layers drawn beneath the zones",
}


@dataclass
class RawProject:
    """A project file as read, before migration: plain tables as rows, layers as FeatureTables."""

    version: int
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    layers: dict[str, FeatureTable] = field(default_factory=dict)
    #: Names of the file's tile tables (base maps).
    tile_tables: set[str] = field(default_factory=set)

    def rows(self, table: str) -> list[dict[str, Any]]:
        return self.tables.get(table, [])


def _layer_slug(text: str) -> str:
    return re.sub(r"[^0-9a-z_]+", "_", text.lower()).strip("_")


def layer_names(project: Project) -> tuple[dict[str, str], list[str]]:
    """Layer name of each scenario (by id) and of each context layer (in order), all distinct."""
    taken = {BOUNDARY_LAYER, PHASES_LAYER, *TABLES, "layer_styles"}

    def pick(prefix: str, text: str, number: int) -> str:
        base = f"{prefix}__{_layer_slug(text) or number}"
        name, n = base, 2
        while name in taken:
            name, n = f"{base}_{n}", n + 1
        taken.add(name)
        return name

    scenarios = {s.id: pick("zones", s.id, i + 1) for i, s in enumerate(project.scenarios)}
    context = [pick("context", c.name, i + 1) for i, c in enumerate(project.context_layers)]
    return scenarios, context


def table_rows(project: Project, version: int, app_version: str, scenario_layers: dict[str, str],
               context_layers: list[str]) -> list[tuple[str, tuple, list[tuple], str]]:
    """(table, columns, rows, description) of every plain table for ``project``."""
    meta = [
        (_PROJECT, "application", APPLICATION), (_PROJECT, "schema_version", str(version)),
        (_PROJECT, "app_version", app_version), (_PROJECT, "name", project.name),
        (_PROJECT, "crs", project.crs), (_PROJECT, "scheme", project.scheme),
        (_PROJECT, "active_scenario", project.active_scenario_id),
    ] + [(_FREE, str(k), str(v)) for k, v in project.metadata.items()]
    params = project.parameters.to_dict()
    classes = params.pop("class_m2_gfa_per_job")
    storeys = params.pop("storey_height_m")
    parameter_rows = [(k, float(v)) for k, v in params.items()]
    parameter_rows += [(_CLASS_PREFIX + k, float(v)) for k, v in classes.items()]
    parameter_rows += [(_STOREY_PREFIX + k, float(v)) for k, v in storeys.items()]
    sector_columns = [name for name, _ in TABLES["sectors"]]
    rows: dict[str, list[tuple]] = {
        METADATA: meta,
        "parameters": parameter_rows,
        "sectors": [tuple(s.to_dict()[c] for c in sector_columns) for s in project.sectors.values()],
        "targets": [(t.indicator, t.value, t.year) for t in project.targets],
        "observed": [(o.year, o.indicator, o.value) for o in project.observed],
        "calibration": [(c.indicator, c.scale, c.h_mult, c.w_mult) for c in project.calibration],
        "scenarios": [
            (s.id, s.name, i, s.description, scenario_layers[s.id], _json(s.parameter_overrides),
             _json(s.sector_overrides))
            for i, s in enumerate(project.scenarios)
        ],
        "context_layers": [(c.name, c.kind, i, context_layers[i]) for i, c in enumerate(project.context_layers)],
    }
    return [(name, TABLES[name], rows[name], _DESCRIPTIONS[name]) for name in TABLES]


def _json(value: Mapping) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, default=_plain)


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):  # e.g. a MappingProxyType copied from Parameters
        return dict(value)
    raise TypeError(f"{type(value).__name__} cannot be stored in a project file")


def metadata_value(raw: RawProject, key: str, default: str | None = None) -> str | None:
    for row in raw.rows(METADATA):
        if row["section"] == _PROJECT and row["key"] == key:
            return row["value"]
    return default


def project_values(raw: RawProject) -> dict[str, Any]:
    """Project constructor arguments held in plain tables (all but scenarios and geometry)."""
    values: dict[str, Any] = {}
    for key, attribute in (("name", "name"), ("crs", "crs"), ("scheme", "scheme"),
                           ("active_scenario", "active_scenario_id")):
        value = metadata_value(raw, key)
        if value is not None:
            values[attribute] = value
    values["metadata"] = {r["key"]: r["value"] or "" for r in raw.rows(METADATA) if r["section"] == _FREE}
    values["parameters"] = _parameters(raw.rows("parameters"))
    values["sectors"] = {r["id"]: Sector.from_dict(_without_fid(r)) for r in raw.rows("sectors")}
    values["targets"] = tuple(Target(r["indicator"], float(r["value"]), _int_or_none(r["year"]))
                              for r in raw.rows("targets"))
    values["observed"] = tuple(Observation(int(r["year"]), r["indicator"], float(r["value"]))
                               for r in raw.rows("observed"))
    values["calibration"] = tuple(
        Calibration(r["indicator"], float(r["scale"]), float(r["h_mult"]), float(r["w_mult"]))
        for r in raw.rows("calibration")
    )
    return values


def scenario_shells(raw: RawProject) -> list[tuple[Scenario, str]]:
    """Scenarios without zones, in their saved order, each with the name of its zone layer."""
    rows = sorted(raw.rows("scenarios"), key=lambda r: (r["position"] is None, r["position"]))
    if not rows:
        raise ValueError("the project has no scenarios")
    out = []
    for r in rows:
        scenario = Scenario(
            id=str(r["scenario_id"]), name=str(r["name"] or r["scenario_id"]), description=r["description"] or "",
            parameter_overrides=_json_object(r["parameter_overrides"], "parameter overrides"),
            sector_overrides=_json_object(r["sector_overrides"], "sector overrides"),
        )
        out.append((scenario, str(r["layer"])))
    return out


def _json_object(text: str | None, what: str) -> dict:
    if not text:
        return {}
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError(f"{what} are not a JSON object")
    return value


def _parameters(rows: list[dict]) -> Parameters:
    data: dict[str, Any] = {}
    classes: dict[str, float] = {}
    storeys: dict[str, float] = {}
    for r in rows:
        if r["name"].startswith(_CLASS_PREFIX):
            classes[r["name"][len(_CLASS_PREFIX):]] = float(r["value"])
        elif r["name"].startswith(_STOREY_PREFIX):
            storeys[r["name"][len(_STOREY_PREFIX):]] = float(r["value"])
        else:
            data[r["name"]] = r["value"]
    if classes:
        data["class_m2_gfa_per_job"] = classes
    if storeys:
        data["storey_height_m"] = storeys
    return Parameters.from_dict(data)


def _without_fid(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "fid"}


def _int_or_none(value: Any) -> int | None:
    return None if value is None else int(value)

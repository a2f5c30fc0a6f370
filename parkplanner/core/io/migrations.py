"""Upgrades of project files written by older versions (glue's versioned-saver idea).

A migration takes a RawProject of schema version ``v`` (plain tables as rows, layers as
gpkg_features.FeatureTable, exactly as read) and changes it in place into version ``v + 1``. Register it in
MIGRATIONS under ``v``; load_project chains them up to the current SCHEMA_VERSION, so the code
that builds a Project only ever sees the current layout.

- 1 -> 2: zone layers gain ``parcel_code`` (地块编码), generated for every zone of the older file
  exactly as core/parcels/codes.py generates them, so an older plan opens with its parcels named.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from parkplanner.core.io.project_schema import METADATA, RawProject, metadata_value, scenario_shells
from parkplanner.core.model.catalogue import DEFAULT_SCHEME
from parkplanner.core.model.zone import Zone
from parkplanner.core.parcels.codes import derive_blocks, generate_codes, planning_unit

__all__ = ["Migration", "MIGRATIONS", "migrate"]

Migration = Callable[[RawProject], None]


def _v1_to_v2(raw: RawProject) -> None:
    """Give every zone layer a parcel_code column, filled with generated codes."""
    scheme = metadata_value(raw, "scheme") or DEFAULT_SCHEME
    free = {r["key"]: r["value"] or "" for r in raw.rows(METADATA) if r["section"] == "metadata"}
    unit = planning_unit(free)
    for _, layer in scenario_shells(raw):
        table = raw.layers.get(layer)
        if table is None or "parcel_code" in table.columns:
            continue  # a missing layer is reported by the loader; a present column is the author's
        landuse = table.columns.get("landuse", np.full(len(table), None, dtype=object)).tolist()
        zones = [Zone(fid, geom, str(code or ""))
                 for fid, geom, code in zip(table.fid.tolist(), table.geometries().tolist(), landuse)
                 if geom is not None and not geom.is_empty]
        codes = generate_codes(zones, derive_blocks(zones, scheme), scheme, unit) if zones else {}
        table.columns["parcel_code"] = np.array([codes.get(fid) for fid in table.fid.tolist()] or [],
                                                dtype=object)


MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2}


def migrate(raw: RawProject, target: int, migrations: dict[int, Migration] | None = None) -> RawProject:
    """Bring ``raw`` up to version ``target``; ValueError when a step is missing."""
    steps = MIGRATIONS if migrations is None else migrations
    while raw.version < target:
        step = steps.get(raw.version)
        if step is None:
            raise ValueError(f"no migration from project file version {raw.version} to {raw.version + 1}")
        step(raw)
        raw.version += 1
    return raw

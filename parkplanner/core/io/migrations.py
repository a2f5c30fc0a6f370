"""Upgrades of project files written by older versions (glue's versioned-saver idea).

A migration takes a RawProject of schema version ``v`` (plain tables as rows, layers as
gpkg_features.FeatureTable, exactly as read) and changes it in place into version ``v + 1``. Register it in
MIGRATIONS under ``v``; load_project chains them up to the current SCHEMA_VERSION, so the code
that builds a Project only ever sees the current layout. Version 1 is the first layout, so there
is nothing to migrate yet; a version 2 would add ``MIGRATIONS[1] = _v1_to_v2``.
"""
from __future__ import annotations

from typing import Callable

from parkplanner.core.io.project_schema import RawProject

__all__ = ["Migration", "MIGRATIONS", "migrate"]

Migration = Callable[[RawProject], None]
MIGRATIONS: dict[int, Migration] = {}


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

"""Opening a project reads the GeoPackage with sqlite3 alone, and reads hand-edited files as meant.

The start-up path (``parkplanner PROJECT``) must not import the heavy GIS and table packages;
a subprocess shows what opening really imports. The other tests edit saved files the way QGIS,
a database browser or another program might, and check what the reader makes of them.
"""
from __future__ import annotations

import sqlite3
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import box

from parkplanner.core.io.gpkg_features import read_features
from parkplanner.core.io.gpkg_tables import connect_read_only
from parkplanner.core.io.project_file import ProjectFileError, load_project, save_project
from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone

REPO = Path(__file__).resolve().parents[3]
HEAVY = ("pandas", "geopandas", "pyogrio", "pyarrow", "openpyxl", "scipy")
X0, Y0 = 500_000.0, 4_380_000.0

_CHILD = f"""
import sys
from parkplanner.core.io.project_file import load_project
from parkplanner.core.resources import sample_project_path
project = load_project(sample_project_path())
print(len(project.scenarios), len(project.active_scenario.zones), len(project.context_layers))
print(",".join(m for m in {HEAVY!r} if m in sys.modules) or "-")
"""


def test_opening_the_sample_imports_no_heavy_package():
    out = subprocess.run([sys.executable, "-c", _CHILD], capture_output=True, text=True, cwd=REPO,
                         env={"PYTHONPATH": str(REPO), "PATH": ""}, timeout=120)
    assert out.returncode == 0, out.stderr
    counts, heavy = out.stdout.splitlines()
    scenarios, zones, context = map(int, counts.split())
    assert scenarios == 2 and zones > 100 and context == 1
    assert heavy == "-"


def small_project() -> Project:
    zones = {i: Zone(i, box(X0 + 100 * i, Y0, X0 + 100 * i + 80, Y0 + 80), code, f"Z{i}", far=1.5, phase=1)
             for i, code in ((1, "100101"), (2, "070102"), (3, "1401"))}
    return Project(name="Park", scenarios=[Scenario("base", "Base plan", zones)])


@pytest.fixture
def saved(tmp_path) -> Path:
    path = tmp_path / "park.gpkg"
    save_project(small_project(), path)
    return path


def _edit(path: Path, sql: str, *params) -> None:
    con = sqlite3.connect(path)
    # GDAL's R-tree triggers call these when a geometry changes; the index is not what is tested.
    con.create_function("ST_IsEmpty", 1, lambda blob: 0)
    for name in ("ST_MinX", "ST_MinY", "ST_MaxX", "ST_MaxY"):
        con.create_function(name, 1, lambda blob: 0.0)
    with con:
        con.execute(sql, params)
    con.close()


def _refused(path: Path, message: str) -> None:
    with pytest.raises(ProjectFileError) as info:
        load_project(path)
    assert str(info.value) == f"{path}: {message}"


def test_the_reader_returns_the_layer_as_stored(saved):
    con = connect_read_only(saved)
    try:
        table = read_features(con, "zones__base")
    finally:
        con.close()
    assert table.fid.tolist() == [1, 2, 3] and table.fid.dtype == np.int64
    assert list(table.columns) == ["name", "landuse", "sector", "far", "coverage", "green_ratio", "height_m",
                                   "phase", "start_year", "gfa_override_m2", "parcel_code", "draw_order"]
    assert table.columns["landuse"].tolist() == ["100101", "070102", "1401"]
    assert table.columns["far"].tolist() == [1.5, 1.5, 1.5] and table.columns["coverage"].tolist() == [None] * 3
    assert table.records()[1]["name"] == "Z2"
    assert shapely.equals(table.geometries()[2], box(X0 + 300, Y0, X0 + 380, Y0 + 80))
    picked = table.take(np.array([2, 0]))
    assert picked.fid.tolist() == [3, 1] and picked.columns["name"].tolist() == ["Z3", "Z1"]


def test_a_table_without_an_integer_key_or_geometry_reads_by_rowid(tmp_path):
    path = tmp_path / "plain.gpkg"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT)")
    con.execute('CREATE TABLE "odd ""name""" (code TEXT PRIMARY KEY, value REAL)')
    con.executemany('INSERT INTO "odd ""name""" VALUES (?, ?)', [("a", 1.0), ("b", None)])
    con.commit()
    table = read_features(con, 'odd "name"')
    con.close()
    assert table.fid.tolist() == [1, 2]
    assert list(table.columns) == ["code", "value"]
    assert table.columns["code"].tolist() == ["a", "b"] and table.columns["value"].tolist() == [1.0, None]
    assert table.blobs.tolist() == [None, None] and table.geometries().tolist() == [None, None]


def test_numbers_typed_as_text_read_as_numbers(saved):
    _edit(saved, "UPDATE zones__base SET far = '2.25', phase = '2', landuse = 1401 WHERE fid = 1")
    zone = load_project(saved).active_scenario.zones[1]
    assert (zone.far, zone.phase, zone.code) == (2.25, 2, "1401")


def test_text_that_is_not_a_number_names_zone_column_and_value(saved):
    _edit(saved, "UPDATE zones__base SET height_m = 'tall' WHERE fid = 2")
    _refused(saved, "zone 2 in scenario 'Base plan': height_m is not a number: 'tall'")


def test_a_fractional_phase_is_refused(saved):
    _edit(saved, "UPDATE zones__base SET phase = 1.5 WHERE fid = 3")
    _refused(saved, "zone 3 in scenario 'Base plan': phase must be a whole number")


def test_an_infinite_override_is_refused(saved):
    _edit(saved, "UPDATE zones__base SET gfa_override_m2 = 9e999 WHERE fid = 3")
    _refused(saved, "zone 3 in scenario 'Base plan': gfa_override_m2 must be a finite number")


def test_a_geometry_rewritten_with_another_envelope_and_byte_order(saved):
    """Another program may store an xyz envelope with a big-endian header: the zone reads the same."""
    square = box(X0 + 100, Y0, X0 + 180, Y0 + 80)
    header = b"GP" + bytes([0, 2 << 1]) + struct.pack(">i", 4548) + struct.pack(">6d", *([0.0] * 6))
    _edit(saved, "UPDATE zones__base SET geom = ? WHERE fid = 1", header + shapely.to_wkb(square))
    assert load_project(saved).active_scenario.zones[1].geometry.equals_exact(square, 0)


def test_a_broken_blob_names_the_feature(saved):
    _edit(saved, "UPDATE zones__base SET geom = ? WHERE fid = 2", b"GP\x00\x03\x00")
    _refused(saved, "feature 2 of layer zones__base has a cut-off geometry")

"""Files that are not (good) projects give a ProjectFileError naming the file, never a raw error."""
from __future__ import annotations

import sqlite3

import numpy as np
import pyarrow as pa
import pytest
import shapely
from shapely.geometry import LineString, Polygon, box

from parkplanner.core.io import project_file
from parkplanner.core.io.gpkg_layers import write_layer
from parkplanner.core.io.migrations import migrate
from parkplanner.core.io.project_file import (
    SCHEMA_VERSION, ProjectFileError, file_schema_version, load_project, save_project,
)
from parkplanner.core.io.project_schema import RawProject
from parkplanner.core.io.project_writer import zone_columns
from parkplanner.core.synthetic import synthetic_project


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A saved synthetic project (read-only: tests copy it before editing)."""
    path = tmp_path_factory.mktemp("saved") / "park.gpkg"
    project = synthetic_project(300, seed=11, scenarios=2)
    save_project(project, path)
    return path, project


@pytest.fixture
def copy(saved, tmp_path):
    target = tmp_path / "edited.gpkg"
    target.write_bytes(saved[0].read_bytes())
    return target


def _refused(path, *fragments) -> ProjectFileError:
    with pytest.raises(ProjectFileError) as info:
        load_project(path)
    message = str(info.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message, message
    assert "\n" not in message
    return info.value


def test_missing_file_and_folder(tmp_path):
    _refused(tmp_path / "nothing.gpkg", "no such file")
    _refused(tmp_path, "folder")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.gpkg"
    path.write_bytes(b"")
    _refused(path, "empty")


def test_random_bytes(tmp_path):
    path = tmp_path / "random.gpkg"
    path.write_bytes(np.random.default_rng(1).bytes(50_000))
    _refused(path, "not a GeoPackage")


def test_random_bytes_behind_an_sqlite_header(tmp_path):
    path = tmp_path / "fake.gpkg"
    path.write_bytes(b"SQLite format 3\x00" + np.random.default_rng(2).bytes(50_000))
    _refused(path)


@pytest.mark.parametrize("fraction", [0.0005, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.9999])
def test_truncated_geopackage(saved, tmp_path, fraction):
    data = saved[0].read_bytes()
    path = tmp_path / "cut.gpkg"
    path.write_bytes(data[: max(16, int(len(data) * fraction))])
    _refused(path)


def test_a_damaged_page_in_the_middle(saved, tmp_path):
    data = bytearray(saved[0].read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle:middle + 3 * 4096] = np.random.default_rng(3).bytes(3 * 4096)
    path = tmp_path / "damaged.gpkg"
    path.write_bytes(bytes(data))
    try:
        project = load_project(path)
    except ProjectFileError:
        return
    # The damage hit pages nothing reads (e.g. the spatial index): then the project is intact.
    assert project.snapshot() == saved[1].snapshot()


def test_plain_sqlite_database(tmp_path):
    path = tmp_path / "plain.sqlite"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE t (a)")
    _refused(path, "not a GeoPackage")


def test_geopackage_that_is_not_a_project(tmp_path):
    path = tmp_path / "other.gpkg"
    write_layer(path, "roads", [1], {}, np.array([LineString([(0, 0), (1, 1)])]), "EPSG:4548", create=True)
    _refused(path, "not a ParkPlanner project")


def _set_metadata(path, key, value):
    with sqlite3.connect(path) as con:
        con.execute("UPDATE project_metadata SET value = ? WHERE section = 'project' AND key = ?", (value, key))


def test_newer_schema_version_is_refused_with_a_clear_message(copy):
    _set_metadata(copy, "schema_version", str(SCHEMA_VERSION + 1))
    error = _refused(copy, "newer ParkPlanner", f"version {SCHEMA_VERSION + 1}", "Update ParkPlanner")
    assert error.path == copy
    with pytest.raises(ProjectFileError):
        file_schema_version(copy)


@pytest.mark.parametrize("value", ["0", "one", None])
def test_invalid_schema_version(copy, value):
    _set_metadata(copy, "schema_version", value)
    _refused(copy, "schema version")


def test_file_schema_version(saved):
    assert file_schema_version(saved[0]) == SCHEMA_VERSION == 2


def test_older_versions_go_through_the_migration_chain(copy, monkeypatch):
    """A fake future: the program reads one version beyond the file via a registered step."""
    def rename_project(raw: RawProject) -> None:
        for row in raw.tables["project_metadata"]:
            if row["key"] == "name":
                row["value"] = row["value"] + " (migrated)"

    monkeypatch.setattr(project_file, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(project_file.migrate.__globals__["MIGRATIONS"], SCHEMA_VERSION, rename_project)
    assert load_project(copy).name.endswith("(migrated)")


def test_a_missing_migration_step_is_reported(copy, monkeypatch):
    monkeypatch.setattr(project_file, "SCHEMA_VERSION", SCHEMA_VERSION + 2)
    monkeypatch.setitem(project_file.migrate.__globals__["MIGRATIONS"], SCHEMA_VERSION, lambda raw: None)
    _refused(copy, f"no migration from project file version {SCHEMA_VERSION + 1}")


def test_migrate_applies_steps_in_order():
    seen = []
    raw = RawProject(version=1)
    migrate(raw, 3, {1: lambda r: seen.append(r.version), 2: lambda r: seen.append(r.version)})
    assert seen == [1, 2] and raw.version == 3


def _replace_zone_layer(path, zones_by_row, geoms, edit_columns=None):
    """Hand-edit: write a new zone layer (as QGIS or ogr2ogr would) and point scenario 'base' at it."""
    columns = zone_columns(zones_by_row)
    if edit_columns:
        edit_columns(columns)
    write_layer(path, "zones__edited", [z.id for z in zones_by_row], columns,
                np.array(geoms, dtype=object), "EPSG:4548", create=False, geometry_type="Unknown")
    with sqlite3.connect(path) as con:
        con.execute("UPDATE scenarios SET layer = 'zones__edited' WHERE scenario_id = 'base'")


def test_unknown_land_use_code_names_zone_and_code(copy, saved):
    zones = list(saved[1].scenario("base").zones.values())
    zones[7] = zones[7].with_changes(code="9999X")
    _replace_zone_layer(copy, zones, [z.geometry for z in zones])
    _refused(copy, f"zone {zones[7].id}", "'9999X'", "Base plan")


def test_heading_code_is_refused(tmp_path):
    project = synthetic_project(5, seed=1)
    project.scheme = "GB50137-2011"
    zones = project.active_scenario.zones
    for zone_id, code in zip(zones, ["M1", "R2", "H1", "G1", "M1"]):  # H1 is a heading, not a class
        zones[zone_id] = zones[zone_id].with_changes(code=code, sector=None)
    save_project(project, tmp_path / "gb.gpkg")
    _refused(tmp_path / "gb.gpkg", "zone 3", "non-assignable", "'H1'", "GB50137-2011")


def test_invalid_geometry_is_repaired_on_load(copy, saved):
    zones = list(saved[1].scenario("base").zones.values())
    x, y = zones[0].geometry.centroid.coords[0]
    bow_tie = Polygon([(x, y), (x + 40, y + 40), (x + 40, y), (x, y + 40), (x, y)])
    assert not bow_tie.is_valid
    geoms = [bow_tie] + [z.geometry for z in zones[1:]]
    _replace_zone_layer(copy, zones, geoms)
    loaded = load_project(copy).scenario("base")
    repaired = loaded.zones[zones[0].id].geometry
    assert repaired.is_valid and repaired.geom_type == "MultiPolygon"
    assert repaired.area == pytest.approx(800.0)
    assert all(loaded.zones[z.id].geometry.equals_exact(z.geometry, 0) for z in zones[1:])


def test_zone_that_collapses_to_a_line_is_refused(copy, saved):
    zones = list(saved[1].scenario("base").zones.values())
    flat = Polygon([(0, 0), (10, 0), (20, 0), (0, 0)])
    _replace_zone_layer(copy, zones, [flat] + [z.geometry for z in zones[1:]])
    _refused(copy, f"zone {zones[0].id}", "no area")


def test_zone_without_geometry_is_refused(copy, saved):
    zones = list(saved[1].scenario("base").zones.values())
    _replace_zone_layer(copy, zones, [None] + [z.geometry for z in zones[1:]])
    _refused(copy, f"zone {zones[0].id}", "no geometry")


def test_out_of_range_values_are_refused(copy, saved):
    zones = list(saved[1].scenario("base").zones.values())
    zones[2] = zones[2].with_changes(coverage=1.7)
    _replace_zone_layer(copy, zones, [z.geometry for z in zones])
    _refused(copy, f"zone {zones[2].id}", "coverage must be between 0 and 1")


def test_features_added_in_qgis_with_empty_fields_get_defaults(copy, saved):
    """A feature digitised in QGIS: only a code is typed; name, far, phase and draw order are NULL."""
    zones = list(saved[1].scenario("base").zones.values())

    def blank_first_row(columns):
        for name in ("name", "far", "phase", "draw_order"):
            values = columns[name].to_pylist()
            columns[name] = pa.array([None] + values[1:], type=columns[name].type)

    _replace_zone_layer(copy, zones, [z.geometry for z in zones], blank_first_row)
    loaded = list(load_project(copy).scenario("base").zones.values())
    added = loaded[-1]  # no draw order: drawn last
    assert (added.id, added.name, added.far, added.phase) == (zones[0].id, "", 0.0, 1)


def test_missing_zone_layer(copy):
    with sqlite3.connect(copy) as con:
        con.execute("UPDATE scenarios SET layer = 'zones__gone' WHERE scenario_id = 'scenario-1'")
    _refused(copy, "zones__gone", "missing")


def test_overrides_that_are_not_json_objects(copy):
    with sqlite3.connect(copy) as con:
        con.execute("UPDATE scenarios SET parameter_overrides = '[1, 2]' WHERE scenario_id = 'base'")
    _refused(copy, "not a JSON object")
    with sqlite3.connect(copy) as con:
        con.execute("UPDATE scenarios SET parameter_overrides = 'cos.system(1)' WHERE scenario_id = 'base'")
    _refused(copy)


def test_invalid_parameters_are_refused(copy):
    with sqlite3.connect(copy) as con:
        con.execute("UPDATE parameters SET value = -1 WHERE name = 'household_size'")
    _refused(copy, "household_size must be positive")


def test_unknown_scheme_is_refused(copy):
    _set_metadata(copy, "scheme", "NOT-A-SCHEME")
    _refused(copy, "unknown land-use scheme")


def test_save_refusal_keeps_the_old_file(saved, tmp_path):
    path = tmp_path / "keep.gpkg"
    path.write_bytes(saved[0].read_bytes())
    project = synthetic_project(20, seed=1)
    project.crs = "not a CRS at all"
    with pytest.raises(ProjectFileError) as info:
        save_project(project, path)
    assert str(path) in str(info.value)
    assert path.read_bytes() == saved[0].read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["keep.gpkg"]


def test_invalid_boundary_is_repaired(tmp_path):
    project = synthetic_project(10, seed=1)
    x0, y0, x1, y1 = project.boundary.bounds
    project.boundary = Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)])
    save_project(project, tmp_path / "p.gpkg")
    boundary = load_project(tmp_path / "p.gpkg").boundary
    assert boundary.is_valid and boundary.area == pytest.approx((x1 - x0) * (y1 - y0) / 2)


def test_boundary_drawn_as_several_features_becomes_one(tmp_path):
    project = synthetic_project(10, seed=1)
    project.boundary = None
    path = tmp_path / "p.gpkg"
    save_project(project, path)
    parts = np.array([box(0, 0, 10, 10), box(10, 0, 20, 10)], dtype=object)
    write_layer(path, "boundary", [1, 2], {"note": pa.array(["a", "b"])}, parts, "EPSG:4548", create=False)
    boundary = load_project(path).boundary
    assert boundary.area == pytest.approx(200.0) and shapely.equals(boundary, box(0, 0, 20, 10))


def test_saving_into_a_missing_folder_or_over_a_folder(tmp_path):
    project = synthetic_project(5, seed=1)
    with pytest.raises(ProjectFileError, match="could not be saved"):
        save_project(project, tmp_path / "no such folder" / "p.gpkg")
    (tmp_path / "taken.gpkg").mkdir()
    with pytest.raises(ProjectFileError, match="could not be saved"):
        save_project(project, tmp_path / "taken.gpkg")
    assert [p.name for p in tmp_path.iterdir()] == ["taken.gpkg"]


def test_saving_keeps_the_file_permissions(tmp_path):
    path = tmp_path / "p.gpkg"
    project = synthetic_project(5, seed=1)
    save_project(project, path)
    path.chmod(0o640)
    save_project(project, path)
    assert path.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("value", [float("nan"), object()])
def test_overrides_json_cannot_hold_are_refused_on_save(tmp_path, value):
    project = synthetic_project(5, seed=1)
    project.active_scenario.parameter_overrides = {"household_size": value}
    with pytest.raises(ProjectFileError, match="could not be saved"):
        save_project(project, tmp_path / "p.gpkg")
    assert list(tmp_path.iterdir()) == []

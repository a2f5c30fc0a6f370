"""A project in a real PostgreSQL/PostGIS: publishing, opening, saving changed zones, conflicts, roles.

Expected values come from the database itself (SQL on the rows, PostGIS's ST_Area), from GDAL's
reader (ogrinfo) or from the project file the project was published from, never from the store.
"""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import psycopg
import pytest
import shapely

from parkplanner.core.editing.command import History
from parkplanner.core.editing.zone_commands import delete_zones, set_zone_attributes
from parkplanner.core.io.postgis_schema import parse_location, zone_fields
from parkplanner.core.io.postgis_store import PostgisStore, StoreError, publish
from parkplanner.core.io.project_file import load_project
from parkplanner.core.model.zone import ZONE_ATTRIBUTES
from parkplanner.core.synthetic import synthetic_project

SAMPLE = Path(__file__).resolve().parents[3] / "sample_projects" / "zgc_tech_town.gpkg"


def _sql(uri: str, statement: str, params=None) -> list[tuple]:
    with psycopg.connect(parse_location(uri).conninfo, autocommit=True) as con:
        cur = con.execute(statement, params)
        return cur.fetchall() if cur.description else []


def _file_zone_layers() -> list[str]:
    """The sample's zone layers as its project file lists them."""
    with sqlite3.connect(SAMPLE) as con:
        return [r[0] for r in con.execute("SELECT layer FROM scenarios")]


@pytest.fixture
def published(pg_database):
    uri = pg_database + "?schema=zgc"
    project = load_project(SAMPLE)
    publish(project, uri)
    return uri, project


def test_published_sample_reopens_identical(published):
    uri, original = published
    assert PostgisStore(uri).load().snapshot() == original.snapshot()


def test_zone_layers_are_postgis_polygons_with_srid_and_spatial_index(published):
    uri, original = published
    columns = dict(_sql(uri, "SELECT f_table_name, type || ':' || srid FROM geometry_columns "
                             "WHERE f_table_schema = 'zgc' AND f_table_name LIKE 'zones%'"))
    assert columns == {layer: "MULTIPOLYGON:4548" for layer in _file_zone_layers()}
    indexes = {r[0] for r in _sql(uri, "SELECT tablename FROM pg_indexes WHERE schemaname = 'zgc' "
                                       "AND indexdef LIKE '%USING gist%'")}
    assert {*_file_zone_layers(), "boundary", "phases"} <= indexes
    # Areas as PostGIS computes them, against the areas of the file's zones.
    area = _sql(uri, 'SELECT sum(ST_Area(geom)) FROM zgc."zones__base"')[0][0]
    expected = sum(z.geometry.area for z in original.scenario("base").zones.values())
    assert area == pytest.approx(expected, abs=0.01)


def test_qgis_finds_a_default_style_for_each_zone_layer(published):
    uri, _ = published
    rows = _sql(uri, "SELECT f_table_name, f_geometry_column, useasdefault, styleqml::text FROM public.layer_styles "
                     "WHERE f_table_schema = 'zgc' ORDER BY f_table_name")
    assert [r[:3] for r in rows] == [(layer, "geom", True) for layer in sorted(_file_zone_layers())]
    assert 'attr="landuse"' in rows[0][3] and "<category" in rows[0][3]


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="GDAL's ogrinfo (Debian package gdal-bin) is absent")
def test_gdal_reads_the_zone_layer(published):
    uri, original = published
    location = parse_location(uri)
    from urllib.parse import urlsplit

    parts = urlsplit(location.conninfo)
    source = (f"PG:host={parts.hostname} port={parts.port} dbname={location.database} user={parts.username} "
              f"active_schema=zgc")
    out = subprocess.run(["ogrinfo", "-ro", "-so", source, "zones__base"], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert f"Feature Count: {len(original.scenario('base').zones)}" in out.stdout
    assert "Multi Polygon" in out.stdout


def test_saving_writes_only_the_changed_zone(published):
    uri, _ = published
    store = PostgisStore(uri)
    project = store.load()
    zone_id = next(iter(project.scenario("base").zones))
    History(project).push(set_zone_attributes(project, [zone_id], {"far": 3.25}, "base"))
    result = store.save(project)
    assert (result.written, result.conflicts) == (1, ())
    rows = _sql(uri, 'SELECT fid, far, version FROM zgc."zones__base" WHERE version <> 1')
    assert rows == [(zone_id, 3.25, 2)]
    assert store.save(project).written == 0  # nothing changed since


def test_a_zone_changed_by_someone_else_is_a_conflict_not_an_overwrite(published):
    uri, _ = published
    alice, bob = PostgisStore(uri), PostgisStore(uri)
    mine, theirs = alice.load(), bob.load()
    zone_id = sorted(mine.scenario("base").zones)[3]
    History(theirs).push(set_zone_attributes(theirs, [zone_id], {"far": 4.0}, "base"))
    assert bob.save(theirs).conflicts == ()
    History(mine).push(set_zone_attributes(mine, [zone_id], {"far": 1.5}, "base"))
    result = alice.save(mine)
    assert result.written == 0
    [conflict] = result.conflicts
    assert (conflict.zone_id, conflict.mine.far, conflict.theirs.far, conflict.their_version) == (zone_id, 1.5, 4.0, 2)
    assert _sql(uri, 'SELECT far FROM zgc."zones__base" WHERE fid = %s', (zone_id,)) == [(4.0,)]
    # Keep mine: the next save overwrites theirs, knowingly.
    alice.keep_mine(conflict)
    assert alice.save(mine).written == 1
    assert _sql(uri, 'SELECT far, version FROM zgc."zones__base" WHERE fid = %s', (zone_id,)) == [(1.5, 3)]


def test_take_theirs_and_a_deleted_zone(published):
    uri, _ = published
    alice, bob = PostgisStore(uri), PostgisStore(uri)
    mine, theirs = alice.load(), bob.load()
    zone_id = sorted(mine.scenario("base").zones)[5]
    History(theirs).push(delete_zones(theirs, [zone_id], "base"))
    bob.save(theirs)
    History(mine).push(set_zone_attributes(mine, [zone_id], {"far": 2.0}, "base"))
    [conflict] = alice.save(mine).conflicts
    assert conflict.theirs is None and "deleted by" in conflict.describe()
    alice.take_theirs(conflict)
    del mine.scenario("base").zones[zone_id]
    assert alice.save(mine).written == 0
    assert _sql(uri, 'SELECT count(*) FROM zgc."zones__base" WHERE fid = %s', (zone_id,)) == [(0,)]


def test_others_changes_arrive_and_are_announced(published):
    uri, _ = published
    alice, bob = PostgisStore(uri), PostgisStore(uri)
    mine, theirs = alice.load(), bob.load()
    ids = sorted(mine.scenario("base").zones)[:2]
    with psycopg.connect(parse_location(uri).conninfo, autocommit=True) as listener:
        listener.execute(f'LISTEN "{alice.channel}"')
        History(theirs).push(set_zone_attributes(theirs, ids, {"far": 6.0}, "base"))
        bob.save(theirs)
        payloads = [json.loads(n.payload) for n in listener.notifies(timeout=5, stop_after=2)]
    assert sorted(p["fid"] for p in payloads) == ids
    assert {(p["table"], p["version"], p["op"]) for p in payloads} == {("zones__base", 2, "UPDATE")}
    History(mine).push(set_zone_attributes(mine, [ids[1]], {"far": 0.5}, "base"))  # edited here too
    news, conflicts = alice.incoming(mine, {"zones__base": [p["fid"] for p in payloads]})
    assert [(n.zone_id, n.zone.far, n.version) for n in news] == [(ids[0], 6.0, 2)]
    assert [(c.zone_id, c.mine.far, c.theirs.far) for c in conflicts] == [(ids[1], 0.5, 6.0)]
    alice.accept(news[0])
    mine.scenario("base").zones[ids[0]] = news[0].zone
    assert alice.incoming(mine)[0] == []  # without a hint: the whole table is compared


def test_settings_changed_on_both_sides_conflict(published):
    uri, _ = published
    alice, bob = PostgisStore(uri), PostgisStore(uri)
    mine, theirs = alice.load(), bob.load()
    theirs.name = "Renamed by Bob"
    assert bob.save(theirs).settings_written
    mine.name = "Renamed by Alice"
    result = alice.save(mine)
    assert not result.settings_written and [c.zone_id for c in result.conflicts] == [0]
    assert PostgisStore(uri).load().name == "Renamed by Bob"


def test_viewer_role_can_open_but_not_save(published, pg_server):
    uri, _ = published
    _sql(uri, "CREATE ROLE pp_viewer LOGIN")
    _sql(uri, "GRANT USAGE ON SCHEMA zgc TO pp_viewer")
    _sql(uri, "GRANT SELECT ON ALL TABLES IN SCHEMA zgc TO pp_viewer")
    viewer_uri = uri.replace("pp_admin@", "pp_viewer@")
    store = PostgisStore(viewer_uri)
    project = store.load()
    zone_id = next(iter(project.scenario("base").zones))
    History(project).push(set_zone_attributes(project, [zone_id], {"far": 9.0}, "base"))
    with pytest.raises(StoreError, match="may view this project but not save it"):
        store.save(project)
    assert _sql(uri, 'SELECT count(*) FROM zgc."zones__base" WHERE version <> 1') == [(0,)]


def test_hostile_text_is_stored_as_text(pg_database):
    uri = pg_database + "?schema=hostile"
    project = synthetic_project(5, seed=3)
    scenario = project.active_scenario
    first = next(iter(scenario.zones.values()))
    name = "x'); DROP TABLE hostile.\"zones__base\"; --"
    scenario.zones[first.id] = first.with_changes(name=name)
    publish(project, uri)
    assert PostgisStore(uri).load().active_scenario.zones[first.id].name == name


def test_uri_keeps_tls_options_and_never_shows_a_password():
    location = parse_location("postgresql://ann:s3cret@db.example:5433/plans?sslmode=verify-full"
                              "&sslrootcert=/etc/ssl/ca.pem&schema=zgc")
    assert location.schema == "zgc" and location.database == "plans"
    assert "sslmode=verify-full" in location.conninfo and "sslrootcert=/etc/ssl/ca.pem" in location.conninfo
    assert "schema" not in location.conninfo
    assert "s3cret" not in location.display_uri and location.display_uri.startswith("postgresql://ann@db.example:5433/")
    with pytest.raises(ValueError, match="schema name"):
        parse_location("postgresql://ann@h/db?schema=zgc;drop")


def test_tls_options_reach_libpq(pg_database):
    # The throwaway server has no TLS: libpq refuses sslmode=require, which proves the option got there.
    with pytest.raises(StoreError, match="(?i)ssl"):
        PostgisStore(pg_database + "?sslmode=require&schema=zgc").load()


def test_every_zone_attribute_has_a_column():
    assert {attribute for _, attribute, _ in zone_fields()} == set(ZONE_ATTRIBUTES)


def test_a_missing_project_is_one_clear_error(pg_database):
    with pytest.raises(StoreError, match="no ParkPlanner project in schema nothing"):
        PostgisStore(pg_database + "?schema=nothing").load()


def test_multipart_zones_survive(pg_database):
    uri = pg_database + "?schema=parts"
    project = synthetic_project(4, seed=2)
    scenario = project.active_scenario
    first = next(iter(scenario.zones.values()))
    far_away = shapely.affinity.translate(first.geometry, 5000, 0)
    scenario.zones[first.id] = first.with_changes(geometry=shapely.MultiPolygon([first.geometry, far_away]))
    publish(project, uri)
    assert PostgisStore(uri).load().snapshot() == project.snapshot()


def test_roles_publisher_without_public_rights_and_an_editor(pg_database):
    uri = pg_database + "?schema=roles"
    database = parse_location(uri).database
    _sql(uri, "CREATE ROLE pp_publisher LOGIN")
    _sql(uri, f'GRANT CREATE ON DATABASE "{database}" TO pp_publisher')  # not on schema public (PostgreSQL 15)
    published = publish(synthetic_project(12, seed=4), uri.replace("pp_admin@", "pp_publisher@"))
    assert published.styled is False  # QGIS's public.layer_styles was out of reach: left out, not fatal
    assert _sql(uri, "SELECT to_regclass('public.layer_styles')") == [(None,)]
    _sql(uri, "CREATE ROLE pp_editor LOGIN")
    _sql(uri, "SET ROLE pp_publisher; GRANT USAGE ON SCHEMA roles TO pp_editor; "
              "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA roles TO pp_editor")
    store = PostgisStore(uri.replace("pp_admin@", "pp_editor@"))
    project = store.load()
    zone_id = next(iter(project.active_scenario.zones))
    History(project).push(set_zone_attributes(project, [zone_id], {"far": 2.5}))
    assert store.save(project).written == 1
    assert _sql(uri, 'SELECT far, edited_by FROM roles."zones__base" WHERE fid = %s', (zone_id,)) == [
        (2.5, "pp_editor")]

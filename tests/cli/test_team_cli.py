"""Team commands on a real PostGIS: publish, project commands on a URI, set, checkout and sync."""
from __future__ import annotations

import json
import sqlite3

import psycopg
import pytest

from parkplanner.cli import main
from parkplanner.core.io.postgis_schema import parse_location
from parkplanner.core.io.project_file import load_project, save_project
from parkplanner.core.synthetic import synthetic_project


def _sql(uri: str, statement: str, params=None) -> list[tuple]:
    with psycopg.connect(parse_location(uri).conninfo, autocommit=True) as con:
        cur = con.execute(statement, params)
        return cur.fetchall() if cur.description else []


@pytest.fixture
def team(pg_database, tmp_path):
    """A synthetic project published to a fresh schema: (URI, project file)."""
    project = synthetic_project(60, seed=11, scenarios=2)
    project.name = "团队 Team park"
    path = tmp_path / "park.gpkg"
    save_project(project, path)
    uri = pg_database + "?schema=team"
    assert main(["publish", str(path), uri]) == 0
    return uri, path


def _one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("parkplanner: error: ") and "Traceback" not in err
    return err


def test_project_commands_accept_a_database_uri(team, capsys, tmp_path):
    uri, path = team
    capsys.readouterr()
    assert main(["info", uri, "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["name"] == "团队 Team park" and info["file"] == uri
    assert [(s["id"], s["zones"]) for s in info["scenarios"]] == [("base", 60), ("scenario-1", 60)]
    assert main(["metrics", uri, "--json"]) == 0
    from_db = json.loads(capsys.readouterr().out)
    assert main(["metrics", str(path), "--json"]) == 0
    assert from_db == json.loads(capsys.readouterr().out)
    out = tmp_path / "zones.gpkg"
    assert main(["export", uri, "-o", str(out)]) == 0
    assert out.exists()


def test_set_on_a_database_changes_only_those_zones(team, capsys):
    uri, _ = team
    assert main(["set", uri, "--zones", "3,7", "far=2.75", "landuse=" + _any_code(uri)]) == 0
    rows = _sql(uri, 'SELECT fid, far, version FROM team."zones__base" WHERE version <> 1 ORDER BY fid')
    assert rows == [(3, 2.75, 2), (7, 2.75, 2)]


def _any_code(uri: str) -> str:
    return _sql(uri, 'SELECT landuse FROM team."zones__base" WHERE fid = 1')[0][0]


def test_set_on_a_file_goes_through_validation_and_saves(team, capsys):
    _, path = team
    assert main(["set", str(path), "--zones", "5", "far=1.25", "height_m="]) == 0
    zone = load_project(path).scenario("base").zones[5]
    assert (zone.far, zone.height_m) == (1.25, None)
    assert main(["set", str(path), "--zones", "5", "far=99"]) == 2
    assert "far must be between 0 and 20" in _one_error_line(capsys)
    assert main(["set", str(path), "--zones", "5", "colour=red"]) == 2
    assert "unknown zone attribute 'colour'" in _one_error_line(capsys)
    assert main(["set", str(path), "--zones", "999", "far=1"]) == 2
    assert "no zone 999" in _one_error_line(capsys)


def test_checkout_edit_offline_sync_with_a_conflict(team, tmp_path, capsys):
    uri, _ = team
    copy = tmp_path / "mine.gpkg"
    assert main(["checkout", uri, "-o", str(copy)]) == 0
    # Offline: zones 1 and 2 here; meanwhile someone changes 2 and 3 in the database.
    assert main(["set", str(copy), "--zones", "1,2", "far=3.5"]) == 0
    assert main(["set", uri, "--zones", "2,3", "far=0.5"]) == 0
    capsys.readouterr()
    assert main(["sync", str(copy), "--json"]) == 3
    report = json.loads(capsys.readouterr().out)
    assert (report["sent"], report["received"]) == (1, 1)
    assert [(c["zone"], c["scenario"]) for c in report["conflicts"]] == [(2, "base")]
    # Nothing overwritten: the database keeps their 2, the copy keeps mine; 1 went up, 3 came down.
    assert _sql(uri, 'SELECT fid, far FROM team."zones__base" WHERE fid IN (1, 2, 3) ORDER BY fid') == [
        (1, 3.5), (2, 0.5), (3, 0.5)]
    zones = load_project(copy).scenario("base").zones
    assert (zones[1].far, zones[2].far, zones[3].far) == (3.5, 3.5, 0.5)
    # Still a conflict on the next sync, until resolved.
    assert main(["sync", str(copy)]) == 3
    assert "conflict: zone 2 (scenario base)" in capsys.readouterr().out
    assert main(["sync", str(copy), "--mine", "2"]) == 0
    assert _sql(uri, 'SELECT far, version FROM team."zones__base" WHERE fid = 2') == [(3.5, 3)]
    capsys.readouterr()
    assert main(["sync", str(copy), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["conflicts"] == []


def test_take_theirs_and_a_copy_saved_by_the_window_stays_a_working_copy(team, tmp_path, capsys):
    uri, _ = team
    copy = tmp_path / "mine.gpkg"
    assert main(["checkout", uri, "-o", str(copy)]) == 0
    project = load_project(copy)  # opened and saved as the window does: the checkout tables survive
    project.scenario("base").zones[4] = project.scenario("base").zones[4].with_changes(far=4.5)
    save_project(project, copy)
    with sqlite3.connect(copy) as con:
        assert con.execute("SELECT count(*) FROM checkout_zones").fetchone()[0] == 120
    assert main(["set", uri, "--zones", "4", "far=0.25"]) == 0
    assert main(["sync", str(copy)]) == 3
    assert main(["sync", str(copy), "--theirs", "4"]) == 0
    assert load_project(copy).scenario("base").zones[4].far == 0.25
    assert _sql(uri, 'SELECT far FROM team."zones__base" WHERE fid = 4') == [(0.25,)]


def test_bad_input_is_one_line_and_exit_2(team, tmp_path, capsys):
    uri, path = team
    assert main(["publish", str(path), uri]) == 2
    assert "schema team already exists" in _one_error_line(capsys)
    assert main(["info", uri.replace("schema=team", "schema=nope")]) == 2
    assert "no ParkPlanner project in schema nope" in _one_error_line(capsys)
    dead = "postgresql://nobody@127.0.0.1:1/x?schema=team&connect_timeout=3"
    assert main(["metrics", dead]) == 2
    assert "cannot connect" in _one_error_line(capsys)
    assert main(["sync", str(path)]) == 2
    assert "not a working copy" in _one_error_line(capsys)
    assert main(["sync", str(path), "--mine", "x"]) == 2
    assert "not a zone id" in _one_error_line(capsys)
    copy = tmp_path / "copy.gpkg"
    copy.write_text("keep me")
    assert main(["checkout", uri, "-o", str(copy)]) == 2
    assert "exists" in _one_error_line(capsys)
    assert copy.read_text() == "keep me"


def test_password_in_a_uri_is_never_written(team, tmp_path, capsys):
    uri, _ = team
    secret_uri = uri.replace("pp_admin@", "pp_admin:hunter2@")  # trust auth ignores the password
    copy = tmp_path / "mine.gpkg"
    assert main(["checkout", secret_uri, "-o", str(copy)]) == 0
    assert "hunter2" not in capsys.readouterr().out
    assert b"hunter2" not in copy.read_bytes()


def test_calibrate_saves_the_fit_into_the_database(pg_database, capsys):
    from pathlib import Path

    sample = Path(__file__).resolve().parents[2] / "sample_projects" / "zgc_tech_town.gpkg"
    uri = pg_database + "?schema=fit"
    assert main(["publish", str(sample), uri]) == 0
    _sql(uri, "DELETE FROM fit.calibration")  # a project never calibrated
    assert main(["calibrate", uri]) == 0
    indicators = {r[0] for r in _sql(uri, "SELECT indicator FROM fit.calibration")}
    observed = {r[0] for r in _sql(uri, "SELECT DISTINCT indicator FROM fit.observed")}
    assert indicators and indicators <= observed
    assert _sql(uri, "SELECT value FROM fit.pp_state WHERE key = 'settings_version'") == [(2,)]


def test_sync_of_project_settings(team, tmp_path, capsys):
    from parkplanner.core.io.postgis_store import PostgisStore

    uri, _ = team
    copy = tmp_path / "mine.gpkg"
    assert main(["checkout", uri, "-o", str(copy)]) == 0
    other = PostgisStore(uri)
    theirs = other.load()
    theirs.name = "Renamed in the database"
    assert other.save(theirs).settings_written
    # Not renamed here: the copy takes the new name.
    assert main(["sync", str(copy)]) == 0
    assert load_project(copy).name == "Renamed in the database"
    # Renamed on both sides: a conflict until one side is chosen.
    local = load_project(copy)
    local.name = "Renamed offline"
    save_project(local, copy)
    theirs.name = "Renamed again in the database"
    assert other.save(theirs).settings_written
    capsys.readouterr()
    assert main(["sync", str(copy)]) == 3
    assert "project settings were changed" in capsys.readouterr().out
    assert PostgisStore(uri).load().name == "Renamed again in the database"
    assert main(["sync", str(copy), "--mine", "settings"]) == 0
    assert PostgisStore(uri).load().name == "Renamed offline"


def test_a_scenario_added_offline_is_published_by_sync(team, tmp_path, capsys):
    uri, _ = team
    copy = tmp_path / "mine.gpkg"
    assert main(["checkout", uri, "-o", str(copy)]) == 0
    local = load_project(copy)
    local.scenarios.append(local.scenario("base").copy("offline", "Drawn offline"))
    save_project(local, copy)
    capsys.readouterr()
    assert main(["sync", str(copy), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["settings"] == "sent"
    assert _sql(uri, 'SELECT count(*) FROM team."zones__offline"') == [(60,)]
    assert main(["sync", str(copy), "--json"]) == 0  # the copy now knows the new zones' versions
    report = json.loads(capsys.readouterr().out)
    assert (report["sent"], report["received"], report["conflicts"]) == (0, 0, [])

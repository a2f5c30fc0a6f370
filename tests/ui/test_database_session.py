"""A team project in the window, on a real PostGIS: open from the database, save changed zones,
others' changes arriving live, conflicts shown and resolved, a viewer's refused save, no password kept."""
from __future__ import annotations

import psycopg
import pytest
from PySide6.QtCore import QSettings

from parkplanner.core.editing.zone_commands import set_zone_attributes
from parkplanner.core.io.postgis_schema import parse_location
from parkplanner.core.io.postgis_store import PostgisStore, publish
from parkplanner.core.synthetic import synthetic_project
from parkplanner.ui.app import create_application
from parkplanner.ui.file_actions import install_file_actions
from parkplanner.ui.main_window import MainWindow
from parkplanner.ui.settings import Settings
from parkplanner.ui.team.connections import recent_connections
from parkplanner.ui.team.database_actions import install_database_actions

from testkit import plain


def _sql(uri: str, statement: str, params=None) -> list[tuple]:
    with psycopg.connect(parse_location(uri).conninfo, autocommit=True) as con:
        cur = con.execute(statement, params)
        return cur.fetchall() if cur.description else []


@pytest.fixture
def team_uri(pg_database):
    uri = pg_database + "?schema=gui"
    publish(synthetic_project(40, seed=21), uri)
    return uri


@pytest.fixture
def window(qtbot, tmp_path):
    create_application()
    QSettings().remove("database")
    win = MainWindow()
    win.ask_unsaved = lambda: "discard"
    # Open Recent keeps its list in a settings file of this test: other tests expect theirs empty.
    install_file_actions(win, Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)))
    install_database_actions(win)
    errors = []
    import parkplanner.ui.team.session as session_module
    import parkplanner.ui.team.database_actions as actions_module

    def record(parent, title, text, *args, **kwargs):
        errors.append(text)

    original = (session_module.show_error, actions_module.show_error)
    session_module.show_error = actions_module.show_error = record
    win.errors = errors
    qtbot.addWidget(win)
    win.show()
    yield win
    if win.database is not None:
        win.database.close()
    session_module.show_error, actions_module.show_error = original
    QSettings().remove("database")


def _open(window, qtbot, uri):
    handle = window.database_actions.open_database(uri)
    with qtbot.waitSignal(handle.finished, timeout=60_000):
        pass
    assert handle.error is None, handle.error
    assert window.database is not None
    return window.database


def test_menu_entries_after_open_recent(window):
    texts = [plain(a.text()) for a in window.commands.file_menu.actions() if not a.isSeparator()]
    assert texts[texts.index("Open Recent") + 1: texts.index("Open Recent") + 3] == [
        "Open from Database…", "Recent Connections"]


def test_open_edit_save_writes_only_the_changed_zone(window, qtbot, team_uri):
    secret = team_uri.replace("pp_admin@", "pp_admin:hunter2@")
    session = _open(window, qtbot, secret)
    assert recent_connections() == [team_uri]  # the password never reaches the settings
    fid = sorted(window.project.active_scenario.zones)[2]
    window.history.push(set_zone_attributes(window.project, [fid], {"far": 3.75}))
    assert not window.history.is_clean
    assert window.save() is True
    assert window.history.is_clean
    assert _sql(team_uri, 'SELECT fid, far, version FROM gui."zones__base" WHERE version <> 1') == [(fid, 3.75, 2)]
    assert session.conflicts == []


def test_others_changes_arrive_and_conflicts_are_resolved(window, qtbot, team_uri):
    session = _open(window, qtbot, team_uri)
    ids = sorted(window.project.active_scenario.zones)
    other = PostgisStore(team_uri)
    theirs = other.load()
    # Someone else changes zone a; it arrives in the open window without a save.
    zones = theirs.active_scenario.zones
    zones[ids[0]] = zones[ids[0]].with_changes(far=7.5)
    other.save(theirs)
    with qtbot.waitSignal(session.received, timeout=10_000):
        pass
    assert window.project.active_scenario.zones[ids[0]].far == 7.5
    assert window.history.is_clean  # not an edit of this planner: nothing to save, nothing to undo
    assert "pp_admin changed zone" in window.statusBar().currentMessage()
    # Both change zone b: the window's save reports a conflict and overwrites nothing.
    window.history.push(set_zone_attributes(window.project, [ids[1]], {"far": 1.25}))
    zones[ids[1]] = zones[ids[1]].with_changes(far=6.5)
    other.save(theirs)
    assert window.save() is False
    assert [(c.zone_id, c.mine.far, c.theirs.far) for c in session.conflicts] == [(ids[1], 1.25, 6.5)]
    assert session.dock.isVisible() and session.panel.list.count() == 1
    assert session.overlay.conflicts == session.conflicts
    assert _sql(team_uri, 'SELECT far FROM gui."zones__base" WHERE fid = %s', (ids[1],)) == [(6.5,)]
    # Take theirs: the window holds their zone, the conflict is gone.
    session.take_theirs(session.conflicts[0])
    assert window.project.active_scenario.zones[ids[1]].far == 6.5
    assert session.conflicts == []
    # Keep mine on a new conflict writes mine over theirs.
    window.history.push(set_zone_attributes(window.project, [ids[3]], {"far": 2.25}))
    zones[ids[3]] = zones[ids[3]].with_changes(far=5.5)
    other.save(theirs)
    window.save()
    [conflict] = session.conflicts
    session.keep_mine(conflict)
    assert _sql(team_uri, 'SELECT far FROM gui."zones__base" WHERE fid = %s', (ids[3],)) == [(2.25,)]
    assert session.conflicts == []


def test_a_viewer_is_told_once_and_nothing_is_written(window, qtbot, team_uri):
    _sql(team_uri, "CREATE ROLE pp_gui_viewer LOGIN")
    _sql(team_uri, "GRANT USAGE ON SCHEMA gui TO pp_gui_viewer")
    _sql(team_uri, "GRANT SELECT ON ALL TABLES IN SCHEMA gui TO pp_gui_viewer")
    _open(window, qtbot, team_uri.replace("pp_admin@", "pp_gui_viewer@"))
    fid = next(iter(window.project.active_scenario.zones))
    window.history.push(set_zone_attributes(window.project, [fid], {"far": 9.0}))
    assert window.save() is False
    assert len(window.errors) == 1 and "may view this project but not save it" in window.errors[0]
    assert not window.history.is_clean
    assert _sql(team_uri, 'SELECT count(*) FROM gui."zones__base" WHERE version <> 1') == [(0,)]


def test_a_bad_address_is_one_dialog(window, qtbot, pg_server):
    handle = window.database_actions.open_database(pg_server.uri("postgres", schema="nothing_here"))
    with qtbot.waitSignal(handle.finished, timeout=60_000):
        pass
    assert len(window.errors) == 1 and "no ParkPlanner project in schema nothing_here" in window.errors[0]
    assert window.database is None


def test_opening_a_file_ends_the_database_session(window, qtbot, team_uri, tmp_path):
    from testkit import saved_synthetic_project

    session = _open(window, qtbot, team_uri)
    path = saved_synthetic_project(tmp_path, 10, seed=1)
    assert window.open_path(path)
    assert window.database is None and session.overlay not in window.canvas.extra_overlays

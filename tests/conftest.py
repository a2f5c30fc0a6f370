"""Shared fixtures. Qt runs offscreen; user settings and data folders point into tmp dirs."""
from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))


# -- a throwaway PostgreSQL with PostGIS (tests/pgserver.py) ------------------------------------------
@pytest.fixture(scope="session")
def pg_server():
    """One server for the session; database tests skip with one line where it cannot run."""
    from pgserver import start_server, why_unavailable

    reason = why_unavailable()
    if reason:
        pytest.skip(f"database tests need PostgreSQL with PostGIS: {reason}")
    server = start_server()
    yield server
    server.stop()


@pytest.fixture
def pg_database(pg_server, request) -> str:
    """A fresh database with PostGIS for one test; its URI (add ?schema=NAME)."""
    import re

    name = "t_" + re.sub(r"[^a-z0-9_]", "_", request.node.name.lower())[:50]
    pg_server.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return pg_server.new_database(name)

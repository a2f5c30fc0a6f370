"""Team projects in PostgreSQL/PostGIS: open, save one changed zone, a change seen by another session.

The server is the one named by ``PARKPLANNER_BENCH_PG`` (a postgresql:// URI of a database with
PostGIS, where a schema ``bench_<zones>`` is created), else a throwaway local server started from
Debian's packages as the tests do (tests/pgserver.py) and stopped at exit. Client and server share
the machine, so the figures include the server's own work but no network latency.
"""
from __future__ import annotations

import atexit
import json
import os
import sys
import time
from pathlib import Path

from _harness import benchmark, time_samples

REPO = Path(__file__).resolve().parents[1]
_server = None


def _database() -> str:
    global _server
    given = os.environ.get("PARKPLANNER_BENCH_PG")
    if given:
        return given.split("?", 1)[0]
    if _server is None:
        sys.path.insert(0, str(REPO / "tests"))
        import pgserver

        reason = pgserver.why_unavailable()
        if reason:
            raise RuntimeError(f"no PostgreSQL for the database benchmarks: {reason}")
        _server = pgserver.start_server()
        atexit.register(_server.stop)
        _server.new_database("bench")
    return _server.uri("bench")


def _published(ctx, one_scenario: bool = False) -> str:
    """The URI of ctx's project (or of its active scenario alone) published to a schema of its own,
    once per size."""
    uri = f"{_database()}?schema=bench_{ctx.zones}{'_one' if one_scenario else ''}"
    done = ctx.__dict__.setdefault("_published_uris", set())
    if uri not in done:
        from parkplanner.core.io.postgis_store import publish

        project = ctx.project()
        if one_scenario:
            project.scenarios = [project.active_scenario]
        publish(project, uri, replace=True)
        done.add(uri)
    return uri


@benchmark("postgis_open", sizes=(2_000, 20_000))
def postgis_open(ctx):
    """PostgisStore.load: connect, read every table and zone layer (synthetic: 2 scenarios of ctx.zones
    zones) in one transaction, zones built and checked as from a file, versions remembered."""
    from parkplanner.core.io.postgis_store import PostgisStore

    uri = _published(ctx)
    return time_samples(lambda: PostgisStore(uri).load(), repeat=min(ctx.repeat, 10))


@benchmark("postgis_open_one_scenario", sizes=(20_000,))
def postgis_open_one_scenario(ctx):
    """PostgisStore.load of a project of one scenario of ctx.zones zones (the issue's "open 20,000
    zones"): connect, read, zones built and checked, versions remembered."""
    from parkplanner.core.io.postgis_store import PostgisStore

    uri = _published(ctx, one_scenario=True)
    return time_samples(lambda: PostgisStore(uri).load(), repeat=min(ctx.repeat, 10))


@benchmark("postgis_save_one_zone", sizes=(2_000, 20_000))
def postgis_save_one_zone(ctx):
    """PostgisStore.save after one zone's FAR changed: finding the changed zone among all, connect,
    the version-guarded UPDATE and the commit (the NOTIFY to other sessions included)."""
    from parkplanner.core.io.postgis_store import PostgisStore

    store = PostgisStore(_published(ctx))
    project = store.load()
    zones = project.active_scenario.zones
    ids = list(zones)
    step = [0]

    def change():
        step[0] += 1
        fid = ids[step[0] % len(ids)]
        zones[fid] = zones[fid].with_changes(far=1.234567 + step[0] * 1e-6)  # a value no zone has

    def save(_):
        result = store.save(project)
        assert result.written == 1 and not result.conflicts

    return time_samples(save, repeat=max(ctx.repeat, 20), setup=change)


@benchmark("postgis_change_seen", sizes=(2_000,))
def postgis_change_seen(ctx):
    """From one session's save of a changed zone to another session holding that zone: the save,
    the NOTIFY arriving on the other's LISTEN connection and its incoming() fetching the zone."""
    import psycopg

    from parkplanner.core.io.postgis_store import PostgisStore

    uri = _published(ctx)
    writer, reader = PostgisStore(uri), PostgisStore(uri)
    mine, theirs = writer.load(), reader.load()
    zones = mine.active_scenario.zones
    ids = list(zones)
    listener = psycopg.connect(reader.location.conninfo, autocommit=True)
    listener.execute(f'LISTEN "{reader.channel}"')
    samples = []
    for n in range(max(ctx.repeat, 20)):
        fid = ids[n % len(ids)]
        zones[fid] = zones[fid].with_changes(far=2.345678 + n * 1e-6)  # a value no zone has
        start = time.perf_counter()
        writer.save(mine)
        notes = list(listener.notifies(timeout=5, stop_after=1))
        payload = json.loads(notes[0].payload)
        news, _ = reader.incoming(theirs, {payload["table"]: [payload["fid"]]})
        samples.append((time.perf_counter() - start) * 1000.0)
        assert [c.zone_id for c in news] == [fid]
        for change in news:
            reader.accept(change)
            theirs.scenario(change.scenario_id).zones[fid] = change.zone
    listener.close()
    return samples

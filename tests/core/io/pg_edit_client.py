"""A planner's session as a separate process, for the concurrency tests (run by them, not by pytest).

``random URI CLIENT SEED EDITS ZONES``: EDITS saves, each setting ``far`` of one to three zones
picked at random among zone ids 1..ZONES to a value unique to (client, edit); on a conflict the
session takes their zone, as a planner pressing "take theirs" would. One JSON line per zone and
save: what was committed (with the version the database returned) or refused as a conflict.

``bulk URI``: save every zone of the base scenario with a new far value, again and again, printing
a count after each commit, until killed.
"""
from __future__ import annotations

import json
import random
import sys

from parkplanner.core.io.postgis_store import PostgisStore


def random_edits(uri: str, client: int, seed: int, edits: int, zones: int) -> None:
    rng = random.Random(seed)
    store = PostgisStore(uri)
    project = store.load()
    scenario = project.scenario("base")
    for n in range(edits):
        value = (client * 1000 + n) / 200.0  # unique to this client and edit, within FAR's 0..20
        ids = rng.sample(range(1, zones + 1), rng.randint(1, 3))
        for fid in ids:
            scenario.zones[fid] = scenario.zones[fid].with_changes(far=value)
        result = store.save(project)
        refused = {c.zone_id: c for c in result.conflicts}
        for fid in ids:
            if fid in refused:
                conflict = refused[fid]
                print(json.dumps({"zone": fid, "value": value, "conflict": True}))
                store.take_theirs(conflict)
                scenario.zones[fid] = conflict.theirs
            else:
                print(json.dumps({"zone": fid, "value": value, "version": store.version_of("base", fid)}))
        sys.stdout.flush()


def bulk(uri: str) -> None:
    store = PostgisStore(uri)
    project = store.load()
    scenario = project.scenario("base")
    k = 0
    while True:
        k += 1
        for fid, zone in list(scenario.zones.items()):
            # A value no zone holds yet, so every save changes every zone.
            scenario.zones[fid] = zone.with_changes(far=19.0 + (k % 997) / 1000.0 + 0.0001)
        store.save(project)
        print(k, flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "random":
        random_edits(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    else:
        bulk(sys.argv[2])

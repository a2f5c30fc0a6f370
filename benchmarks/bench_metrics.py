"""Metrics engine benchmarks: one edit brought up to date (live_edit), and a full computation."""
from __future__ import annotations

from _harness import benchmark, time_samples

#: At least this many edits per size, so the median is stable (the harness default is fewer).
MIN_EDITS = 50


@benchmark("live_edit", sizes=(200, 2_000, 20_000))
def live_edit(ctx):
    """Engine part of an edit: one zone's FAR or geometry changes (history push), metrics result ready.

    Edits alternate between a FAR change and a small move of the zone's polygon, on zones spread
    over the scenario; the command is built untimed, its push (which feeds the engine through
    History.changed) and engine.result() are timed.
    """
    import random

    from shapely import affinity

    from parkplanner.core.editing import History
    from parkplanner.core.editing.zone_commands import reshape_zone, set_zone_attributes
    from parkplanner.core.metrics import MetricsEngine

    project = ctx.project()
    history = History(project)
    engine = MetricsEngine(project)
    history.changed.connect(engine.apply)
    engine.result()
    rng = random.Random(0)
    ids = list(project.active_scenario.zones)
    count = [0]

    def next_command():
        count[0] += 1
        zone = project.active_scenario.zones[rng.choice(ids)]
        if count[0] % 2:
            return set_zone_attributes(project, [zone.id], {"far": round(rng.uniform(0.5, 3.0), 2)})
        moved = affinity.translate(zone.geometry, rng.uniform(-3, 3), rng.uniform(-3, 3))
        return reshape_zone(project, zone.id, moved)

    def edit(command):
        history.push(command)
        engine.result()

    return time_samples(edit, repeat=max(MIN_EDITS, ctx.repeat), setup=next_command, warmup=3)


@benchmark("metrics_full", sizes=(2_000, 20_000, 100_000))
def metrics_full(ctx):
    """compute_metrics from scratch (what a scenario switch or a scheme change costs)."""
    from parkplanner.core.metrics import compute_metrics

    project = ctx.project()
    return time_samples(lambda: compute_metrics(project), repeat=ctx.repeat)

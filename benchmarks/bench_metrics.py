"""Metrics engine benchmarks: one edit brought up to date (live_edit), and a full computation."""
from __future__ import annotations

from _harness import alternating_edits, benchmark, time_samples

#: At least this many edits per size, so the median is stable (the harness default is fewer).
MIN_EDITS = 50


@benchmark("live_edit", sizes=(200, 2_000, 20_000))
def live_edit(ctx):
    """Engine part of an edit: one zone's FAR or geometry changes (history push), metrics result ready.

    Edits alternate between a FAR change and a small move of the zone's polygon, on zones spread
    over the scenario; the command is built untimed, its push (which feeds the engine through
    History.changed) and engine.result() are timed.
    """
    from parkplanner.core.editing import History
    from parkplanner.core.metrics import MetricsEngine

    project = ctx.project()
    history = History(project)
    engine = MetricsEngine(project)
    history.changed.connect(engine.apply)
    engine.result()
    next_command = alternating_edits(project)

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

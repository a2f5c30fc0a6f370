"""The metrics bridge's work on workers: a first visit's (or a preparation's) engine, a workshop
preview, a large edit's catch-up. Each reads only what it was given (a detached copy of the
project, or an engine the bridge leaves alone meanwhile) and says when it is ``done``; a failure
is kept in ``error`` for the GUI thread, which redoes the work there and raises what it raises.
"""
from __future__ import annotations

import copy
import threading

from parkplanner.core.editing import ProjectChange
from parkplanner.core.metrics.coverage import BufferCache
from parkplanner.core.metrics.engine import MetricsEngine
from parkplanner.ui.tasks import detached_copy

__all__ = ["FirstVisit", "PreviewJob", "CatchUpJob"]


class _WorkerJob:
    def __init__(self) -> None:
        self.error: BaseException | None = None
        self.done = threading.Event()

    def run(self, _ctx=None) -> None:
        try:
            self._work()
        except Exception as exc:  # noqa: BLE001 - told on the GUI thread, where the work is redone
            self.error = exc
        finally:
            self.done.set()

    def _work(self) -> None:
        raise NotImplementedError


class FirstVisit(_WorkerJob):
    """An engine for a scenario's first visit, built on a worker from a detached copy of the project.

    Made from the engine shown until now (``pinned_copy``: the cost of what differs) or, with none,
    from scratch. The engine reads only the copy; the caller touches no engine until ``done``,
    unless ``copied_now``: the source's state is then copied here, on the GUI thread, and the
    caller may go on updating the source (a preparation, while the shown engine follows edits).
    """

    def __init__(self, project, scenario_id: str, source: MetricsEngine | None, buffers: BufferCache,
                 copied_now: bool = False) -> None:
        super().__init__()
        self.scenario_id = scenario_id
        self.scenario = project.scenario(scenario_id)  # the live object, as the bridge keeps it
        self.engine: MetricsEngine | None = None
        #: A preparation made from a state some change since concerns: not to be kept.
        self.stale = False
        snapshot = detached_copy(project, scenario_id)  # an engine pinned to it reads no other
        state = source.pinned_state(scenario_id) if source is not None and copied_now else None
        if state is not None:
            state.project = snapshot
            self._build = lambda: (state.take_in_scenario(), state)[1]
        elif source is not None and not copied_now:
            source = copy.copy(source)  # the same state, reading the copy instead of the project
            source.project = snapshot
            self._build = lambda: source.pinned_copy(scenario_id)
        else:
            self._build = lambda: MetricsEngine(snapshot, scenario_id=scenario_id, buffer_cache=buffers)

    def _work(self) -> None:
        self.engine = self._build()


class PreviewJob(_WorkerJob):
    """One preview applied to the shown engine on a worker; the caller touches no engine until ``done``."""

    def __init__(self, engine: MetricsEngine, zone_ids, values) -> None:
        super().__init__()
        self.engine, self.zone_ids, self.values = engine, zone_ids, values

    def _work(self) -> None:
        self.engine.preview(self.zone_ids, self.values)  # columns only: nothing of the project is read


class CatchUpJob(_WorkerJob):
    """A large backlog applied to a kept engine on a worker, the engine reading a detached copy of
    the project meanwhile (the planner may edit on); the caller touches no engine until ``done``."""

    def __init__(self, kept, backlog: list[ProjectChange], project) -> None:
        super().__init__()
        self.kept, self.backlog = kept, backlog
        self.snapshot = detached_copy(project)  # what the backlog's changes leave, and later ones

    def _work(self) -> None:
        engine = self.kept.engine
        live, engine.project = engine.project, self.snapshot
        try:
            self.kept.catch_up(self.backlog)
        finally:
            engine.project = live

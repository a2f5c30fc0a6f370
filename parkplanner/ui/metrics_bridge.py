"""The one place where the UI recomputes metrics.

``MetricsBridge`` owns the incremental ``MetricsEngine`` of the project, feeds it every change the
history announces, and emits ``updated(current, previous)`` at most once per frame: changes that
arrive within one frame (a drag, a grouped edit, an undo of a macro) are applied together when a
single-shot timer fires. Both arguments are the docs/specification.md section 8 dictionary; ``previous`` is the
state before the last history step, so charts can draw it faintly and the change stays visible
during a whole drag (merged steps keep their "before").

Scenario switches are instant after a scenario's first visit: the bridge keeps one engine (with its
sector totals) for each of the ``KEPT_SCENARIOS`` scenarios shown last. A kept engine that is not
shown only queues the changes that concern it (its scenario's zones and overrides, project-wide
fields) and applies them when its scenario is shown again, so an edit made elsewhere costs it
nothing until then, and a switch costs what changed meanwhile, not a rebuild. The engines share
their coverage buffers, so a first visit re-buffers only the facilities that scenario changed.

A first visit that the frame timer finds (a planner's switch) builds its engine on a worker
(``FirstVisit``), from a detached copy of the project, while the dashboard keeps the numbers it
shows; the engine is caught up with what changed meanwhile when it arrives, and only then shown.
No engine is touched on the GUI thread while such a build runs; an explicit ``flush()`` or
``metrics_of`` (tests, benchmarks, the workshop's reference) waits for it instead. The window's
bridge also prepares: idle for ``PREPARE_AFTER_MS``, it has a worker make the engine of a
scenario not shown yet from a copy of the shown engine's state, and keeps it unless a change
concerning that scenario came meanwhile; a switch to a scenario being prepared takes it over.

A workshop FAR drag previews (``preview``): each slider position reaches the shown engine's
columns at the next frame (a newer position replaces one not shown yet) without a history step;
the drag's one edit is pushed on release, with ``end_preview``. While previews show, the faint
"before" is what the dashboard showed when the drag began. The frame timer hands a preview to a
worker (``PreviewJob``: the engine's column update, thousands of rows at district scale) and
shows its result when it arrives; like a first visit, no engine is touched on the GUI thread
meanwhile, and ``flush`` waits for it.
"""
from __future__ import annotations

import time
from collections import OrderedDict
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from parkplanner.core import foreground
from parkplanner.core.editing import ChangeKind, History, ProjectChange
from parkplanner.core.metrics.coverage import BufferCache
from parkplanner.core.metrics.engine import MetricsEngine
from parkplanner.core.model.scenario import Scenario
from parkplanner.ui import prepared
from parkplanner.ui.qt_history import qt_history_of
from parkplanner.ui.idle_release import release_when_idle
from parkplanner.ui.idle_timer import IdleTimer
from parkplanner.ui.metrics_jobs import CatchUpJob, FirstVisit, PreviewJob
from parkplanner.ui.tasks import run_task

__all__ = ["MetricsBridge", "SectorTotals", "FRAME_MS", "KEPT_SCENARIOS", "CATCH_UP_ON_WORKER", "PREPARE_AFTER_MS",
           "metrics_dict"]

#: One repaint per 60 Hz frame at most.
FRAME_MS = 16
#: Scenarios whose engines stay ready for a switch (11-17 MB each at 20,000 zones, measured).
KEPT_SCENARIOS = 4
#: After this long (ms) with nothing to do, the window's bridge makes engines for scenarios not
#: shown yet (``MetricsBridge._prepare_next``): a first visit then costs what a return costs.
PREPARE_AFTER_MS = 1000
#: A first visit to a scenario of fewer zones starts at the switch's change; from this many its
#: project copy alone is a frame (~30 ms at 100,000 zones), so it keeps the frame timer's turn.
EARLY_VISIT_ZONES = 50_000
#: A backlog naming more zones than this is applied to the shown engine on a worker: a workshop
#: drag's release rewrites a whole class (~31,000 zones at 100,000), ~0.1 s on the GUI thread.
CATCH_UP_ON_WORKER = 5000
#: Where opening leaves the shown scenario's engine built on its worker (``ui.prepared``).
ENGINE_KEY = "metrics engine"


def buffer_cache_for(kept_scenarios: int) -> BufferCache:
    """The buffer cache a bridge keeping ``kept_scenarios`` engines shares among them: two coverage
    layers per engine, and a build may re-visit the scenario it replaces."""
    return BufferCache(builds=2 * kept_scenarios + 2)


class SectorTotals:
    """GFA and jobs per sector for the dashboard's sector chart (the section 8 dictionary has no
    per-sector breakdown), grouped from the engine's per-zone columns when asked: one vectorised
    pass per sector, nothing to keep up per edit (a workshop FAR step rewrites thousands of zones).
    """

    def __init__(self, engine: MetricsEngine) -> None:
        self.engine = engine

    def rows(self, sector_ids) -> list[dict[str, Any]]:
        """[{id, gfa_m2, jobs}] for ``sector_ids`` in order (0 for sectors no zone uses)."""
        sector_ids = list(sector_ids)
        totals = self.engine.totals_by_sector(sector_ids)
        return [{"id": sector_id, "gfa_m2": totals[sector_id][0], "jobs": totals[sector_id][1]}
                for sector_id in sector_ids]


def _concerns(scenario_id: str, change: ProjectChange) -> bool:
    """Whether ``change`` can move the metrics of scenario ``scenario_id`` (an engine follows one)."""
    if change.kind is ChangeKind.ACTIVE_SCENARIO:
        return False
    if change.kind is ChangeKind.PROJECT:
        return True
    return change.scenario_id == scenario_id


class _Kept:
    """A scenario's engine and sector totals, and the changes it has not applied yet."""

    __slots__ = ("scenario", "engine", "sector_totals", "backlog")

    def __init__(self, scenario: Scenario, engine: MetricsEngine) -> None:
        self.scenario = scenario  # the object: a scenario removed and re-created is a new one
        self.engine = engine
        self.sector_totals = SectorTotals(engine)
        self.backlog: list[ProjectChange] = []

    def concerns(self, change: ProjectChange) -> bool:
        return _concerns(self.scenario.id, change)

    def catch_up(self, changes: list[ProjectChange]) -> None:
        """Apply ``changes`` (already filtered by ``concerns``) to the engine."""
        self.engine.apply(changes)

    def apply_backlog(self) -> None:
        """Apply the changes queued while the scenario was not shown."""
        backlog, self.backlog = self.backlog, []
        self.catch_up(backlog)


class MetricsBridge(QObject):
    #: Emitted (current: dict, previous: dict | None) once per frame after changes.
    updated = Signal(object, object)

    def __init__(self, history: History, frame_ms: int = FRAME_MS, parent: QObject | None = None,
                 kept_scenarios: int = KEPT_SCENARIOS, prepare_after_ms: int | None = None) -> None:
        """``prepare_after_ms``: after that long with nothing to do, engines are made on a worker
        for scenarios not shown yet, up to ``kept_scenarios`` (the window's bridge; None: never)."""
        super().__init__(parent)
        self.history = history
        self.project = history.project
        self.frame_ms = frame_ms
        self.kept_scenarios = max(1, kept_scenarios)
        # Two coverage layers per engine, and a build may re-visit the scenario it replaces.
        # Opening may have built the shown scenario's engine on its worker (ui/open_preparation.py).
        scenario = self.project.active_scenario
        ready = prepared.take(self.project, ENGINE_KEY, (scenario, scenario.zones, self.project.scheme,
                                                         self.kept_scenarios))
        self._buffers = ready[1] if ready is not None else buffer_cache_for(self.kept_scenarios)
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        self._shown_id: str | None = None
        if ready is not None:
            self._kept[scenario.id] = _Kept(scenario, ready[0])
        self._show(self.project.active_scenario_id)
        self._pending: list[ProjectChange] = []
        # The opening worker also made the first metrics dictionary (~0.1 s at 20,000 zones).
        self._current: dict[str, Any] = ready[2] if ready is not None else self._result_dict()
        self._previous: dict[str, Any] | None = None
        self._step_at_flush = _step_position(history)
        self._last_emit = 0.0
        #: The first visit whose engine a worker builds (see FirstVisit), if any.
        self._visit: FirstVisit | None = None
        self._visit_task = None  # its task handle, kept until the next visit replaces it
        #: (scenario id, zone ids, values) of the preview the next frame shows, if any.
        self._preview: tuple[str, Any, Any] | None = None
        self._ending_preview = False
        self._before_preview: dict[str, Any] | None = None  # what showed when the previews began
        self._preview_job: PreviewJob | None = None
        self._preview_task = None  # its task handle, kept until the next job replaces it
        self._catch_up_job: CatchUpJob | None = None
        self._catch_up_task = None  # its task handle, kept until the next job replaces it
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._frame)
        #: The engine a worker prepares for a scenario not shown yet (``prepare_after_ms``), if any.
        self._preparing: FirstVisit | None = None
        self._preparing_task = None  # its task handle, kept until the next one replaces it
        self._prepare_timer = IdleTimer(self, prepare_after_ms, self._prepare_next) \
            if prepare_after_ms is not None else None
        if self._prepare_timer is not None:
            self._prepare_timer.start()
        qt_history_of(history).changed.connect(self._on_changes)

    @property
    def kept_scenario_ids(self) -> list[str]:
        """Scenarios with an engine ready, least recently shown first."""
        return list(self._kept)

    @property
    def current(self) -> dict[str, Any]:
        return self._current

    @property
    def previous(self) -> dict[str, Any] | None:
        return self._previous

    def close(self) -> None:
        """Stop the pending update (the project is being closed; Qt disconnects the bridge when it is deleted)."""
        self._timer.stop()
        if self._prepare_timer is not None:
            self._prepare_timer.stop()
        self._visit = self._preparing = None  # a build still running is dropped when it ends
        self._preview_job = None
        self._catch_up_job = None

    @property
    def building(self) -> bool:
        """A first visit's engine is being built on a worker (the shown numbers are the last ones)."""
        return self._visit is not None

    @property
    def busy(self) -> bool:
        """The shown numbers are about to change by work on a worker (a first visit's engine, a
        workshop preview, a large edit), or a large edit waits to go there: ``metrics_of`` now
        would wait for the worker, or do the work on the GUI thread."""
        return self._worker_busy() or self._large_edit_pending()

    def ready_scenario_ids(self) -> list[str]:
        """Scenarios whose metrics ``metrics_of`` gives without building an engine or waiting for
        one (none while a first visit is built, or a large edit applied on a worker)."""
        return [] if self._visit is not None or self._catch_up_job is not None else list(self._kept)

    def _on_changes(self, changes: list[ProjectChange]) -> None:
        self._pending.extend(changes)
        visit = self._visit_due()
        if visit is not None and len(visit.zones) < EARLY_VISIT_ZONES \
                and any(c.kind is ChangeKind.ACTIVE_SCENARIO for c in changes):
            # A first visit: its engine is made on a worker from now, beside the map's own work
            # on the switch (shapely's parts of it on the other core), not from the frame
            # timer's turn after it: at 20,000 zones the switch is shown ~35 ms sooner.
            self._start_visit(visit.id)
        self._schedule()
        preparing = self._preparing
        if preparing is not None and any(_concerns(preparing.scenario_id, c) for c in changes):
            preparing.stale = True  # made from a state before this change
        if self._prepare_timer is not None and preparing is None:
            self._prepare_timer.start()  # the planner is busy: prepare once idle again

    def preview(self, zone_ids, values) -> None:
        """Show the active scenario's metrics as if its zones ``zone_ids`` had the editable
        ``values`` (``MetricsEngine.preview``), from the next frame on; nothing is edited."""
        self._preview = (self.project.active_scenario_id, zone_ids, values)
        self._schedule()

    def end_preview(self) -> None:
        """The drag ended (its edit, if any, pushed already): from the next frame on, the metrics
        are those of the zones again."""
        self._preview = None
        self._ending_preview = True
        self._schedule()

    def _schedule(self) -> None:
        if not self._timer.isActive():
            # Fire at the next frame boundary: immediately after an idle period, else when the
            # frame that started with the last update is over.
            since = (time.perf_counter() - self._last_emit) * 1000.0
            self._timer.start(int(max(0.0, self.frame_ms - since)))

    def _frame(self) -> None:
        """The frame timer: flush, unless the shown scenario needs a new engine; that is built on
        a worker first (``_visit_built`` flushes when it arrives), and so is a preview."""
        foreground.busy()  # workers wait at their checks until this turn ends (core.foreground)
        if self._worker_busy():
            return  # their arrival takes the next turn
        scenario_id = self.project.active_scenario_id
        if self._visit_due() is not None:
            self._start_visit(scenario_id)
        elif self._large_edit_pending():
            self._start_catch_up(self._kept[scenario_id])
        elif (self._preview is not None and not self._pending and not self._ending_preview
              and self._preview[0] == self._shown_id and not self._kept[self._shown_id].backlog):
            self._start_preview()
        else:
            self.flush()

    def _start_preview(self) -> None:
        preview, self._preview = self._preview, None
        if self._before_preview is None:
            self._before_preview = self._previous = self._current
        job = self._preview_job = PreviewJob(self.engine, preview[1], preview[2])
        self._preview_task = self._on_worker("workshop preview", job, self._preview_done)

    def _on_worker(self, title: str, job, arrived):
        """Run ``job.run`` on a worker; ``arrived(job)`` on the GUI thread when it is done."""
        # Not a child of the bridge: a bridge deleted with its document ignores a late arrival.
        return run_task(None, title, job.run, dialog=False,
                        on_done=lambda _: shiboken6.isValid(self) and arrived(job))

    def _preview_done(self, job: PreviewJob) -> None:
        """On the GUI thread: show what the worker's preview gives, then take the next turn."""
        if job is not self._preview_job:
            return  # the bridge closed, or an explicit flush waited for it
        self._preview_job = None
        if job.error is not None:
            if self._preview is None:
                self._preview = (self._shown_id, job.zone_ids, job.values)
            self._flush(emit=True)  # the preview redone here raises what it raises
            return
        if self._large_edit_pending():  # the drag's release: its edit goes to a worker first
            self._start_catch_up(self._kept[self._shown_id])
            return
        # A newer position that came meanwhile goes to the next job, at the next frame.
        self._flush(emit=True, previews=False)
        if self._preview is not None or self._ending_preview:
            self._schedule()

    def _large_edit_pending(self) -> bool:
        """Whether the changes the shown engine has yet to apply name more than CATCH_UP_ON_WORKER zones."""
        shown = self._kept.get(self._shown_id)
        if not self._pending or shown is None or self.project.active_scenario_id != self._shown_id:
            return False
        return sum(len(c.zone_ids) for c in (*shown.backlog, *self._pending)
                   if c.touches_zones and shown.concerns(c)) > CATCH_UP_ON_WORKER

    def _start_catch_up(self, kept: _Kept) -> None:
        # As a flush would: the pending changes go to every kept engine's backlog; this one's is
        # applied on a worker. Later changes stay pending.
        pending, self._pending = self._pending, []
        self._forget_stale_scenarios()
        for other in self._kept.values():
            other.backlog.extend(c for c in pending if other.concerns(c))
        backlog, kept.backlog = kept.backlog, []
        job = self._catch_up_job = CatchUpJob(kept, backlog, self.project)
        self._catch_up_task = self._on_worker("metrics of a large edit", job, self._caught_up)

    def _caught_up(self, job: CatchUpJob) -> None:
        """On the GUI thread: show the caught-up engine (a failed catch-up is redone by the flush)."""
        if job is not self._catch_up_job:
            return  # the bridge closed, or an explicit flush waited for it
        self._catch_up_job = None
        if job.error is not None:
            job.kept.backlog[:0] = job.backlog
        self._flush(emit=True)

    def _worker_busy(self) -> bool:
        """A first visit, a preview or a large edit is on a worker."""
        return self._visit is not None or self._preview_job is not None or self._catch_up_job is not None

    def _visit_due(self) -> Scenario | None:
        """The active scenario, if changes wait and it has no engine yet (none on a worker either)."""
        scenario_id = self.project.active_scenario_id
        if not self._pending or scenario_id in self._kept or self._worker_busy():
            return None
        return next((s for s in self.project.scenarios if s.id == scenario_id), None)

    def _start_visit(self, scenario_id: str) -> None:
        # The pending changes reach the kept engines' backlogs, and the shown engine applies its
        # own, as a flush would: the new engine is made from it. Later changes stay pending.
        pending, self._pending = self._pending, []
        self._forget_stale_scenarios()
        for kept in self._kept.values():
            kept.backlog.extend(c for c in pending if kept.concerns(c))
        shown = self._kept.get(self._shown_id)
        if shown is not None:
            shown.apply_backlog()
        preparing = self._preparing
        if preparing is not None and preparing.scenario_id == scenario_id and not preparing.stale:
            # Its engine is on the way: it becomes the visit (its arrival shows it).
            self._visit, self._preparing = preparing, None
            self._visit_task, self._preparing_task = self._preparing_task, None
            return
        visit = self._visit = FirstVisit(self.project, scenario_id, shown.engine if shown else None, self._buffers)
        self._visit_task = self._on_worker("first visit of a scenario", visit, self._visit_built)

    def _visit_built(self, visit: FirstVisit) -> None:
        """On the GUI thread: keep the worker's engine (the flush catches it up) and show it."""
        if visit is not self._visit:
            return  # the bridge closed, or an explicit flush waited for it
        self._visit = None
        # A failed build is simply not kept: the flush builds it here and raises what it raises.
        if visit.engine is not None and visit.scenario_id not in self._kept:
            visit.engine.project = self.project
            self._kept[visit.scenario_id] = _Kept(visit.scenario, visit.engine)
        self._flush(emit=True)

    def flush(self) -> None:
        """Apply every pending change now and emit ``updated`` (the timer calls this)."""
        job = self._preview_job
        if job is not None:
            with foreground.waiting():
                job.done.wait()
            self._preview_done(job)
        visit = self._visit
        if visit is not None:  # the worker's engine, once done, is cheaper than a build here
            with foreground.waiting():
                visit.done.wait()
            self._visit_built(visit)
        catch_up = self._catch_up_job
        if catch_up is not None:
            with foreground.waiting():
                catch_up.done.wait()
            self._caught_up(catch_up)
        self._flush()

    def _flush(self, emit: bool = False, previews: bool = True) -> None:
        """``flush``; ``emit``: even with nothing pending (a first visit's engine arrived);
        ``previews``: show the pending preview, or end them, too."""
        self._timer.stop()
        if not self._pending and not emit and self._preview is None and not self._ending_preview:
            return
        pending, self._pending = self._pending, []
        self._forget_stale_scenarios()
        for kept in self._kept.values():
            kept.backlog.extend(c for c in pending if kept.concerns(c))
        self._show(self.project.active_scenario_id)
        if previews:
            self._show_preview()
        result = self._result_dict()
        if _step_position(self.history) != self._step_at_flush:
            # A new step (or undo/redo): what was shown becomes the faint "before".
            self._previous = self._current
            self._step_at_flush = _step_position(self.history)
        elif self._previous is None:
            self._previous = self._current
        self._current = result
        self._last_emit = time.perf_counter()
        self.updated.emit(self._current, self._previous)

    def _show_preview(self) -> None:
        """Hand the latest preview to the shown engine, or end the previews (inside ``_flush``)."""
        preview, self._preview = self._preview, None
        if preview is not None and preview[0] == self._shown_id:
            if self._before_preview is None:
                # The drag's first position: the faint "before" is what showed until now.
                self._before_preview = self._previous = self._current
            self.engine.preview(preview[1], preview[2])
        if self._ending_preview:
            self._ending_preview = False
            for kept in self._kept.values():
                if kept.engine.previewing:
                    kept.engine.end_preview()
            if self._before_preview is not None:
                # The drag's edit (a new step) makes the "before" the state the drag began from.
                self._current, self._before_preview = self._before_preview, None

    def _prepare_next(self) -> None:
        """The prepare timer: with nothing else to do, make the engine of the first scenario not
        kept yet on a worker (one at a time, up to ``kept_scenarios``)."""
        if self._preparing is not None or len(self._kept) >= self.kept_scenarios:
            return
        if (self._pending or self.busy or self._preview is not None or self._before_preview is not None
                or self._ending_preview or self._shown_id not in self._kept):
            self._prepare_timer.start()  # not idle: later
            return
        self._forget_stale_scenarios()
        waiting = [s.id for s in self.project.scenarios if s.id not in self._kept]
        if not waiting:
            return
        shown = self._kept[self._shown_id]
        shown.apply_backlog()
        job = self._preparing = FirstVisit(self.project, waiting[0], shown.engine, self._buffers, copied_now=True)
        self._preparing_task = self._on_worker("metrics of a scenario not shown yet", job, self._prepared)

    def _prepared(self, job: FirstVisit) -> None:
        """On the GUI thread: keep the engine a preparation made, unless some change concerns it
        since; then prepare the next one when idle again."""
        if job is self._visit:
            self._visit_built(job)  # a switch to the scenario took it over
            return
        if job is not self._preparing:
            return  # the bridge closed
        self._preparing = None
        present = any(s is job.scenario for s in self.project.scenarios)
        if (not job.stale and job.engine is not None and present and job.scenario_id not in self._kept
                and len(self._kept) < self.kept_scenarios):
            job.engine.project = self.project
            self._kept[job.scenario_id] = _Kept(job.scenario, job.engine)
            self._kept.move_to_end(job.scenario_id, last=False)  # never shown: the first to give way
        self._prepare_timer.start()

    def metrics_of(self, scenario_id: str) -> dict[str, Any]:
        """The metrics dictionary of any scenario, without showing it.

        Read from the scenario's kept engine (caught up, or built from the shown one and kept), so
        a comparison costs what the edits since its last look cost, not two full computations.
        """
        self.flush()
        if scenario_id == self._shown_id:
            return self._current
        kept = self._ready(scenario_id)
        self._evict(keep=self._shown_id)
        return self._result_dict(kept)

    def _show(self, scenario_id: str) -> None:
        """Make ``scenario_id``'s engine current: caught up if kept, else built (and kept)."""
        kept = self._ready(scenario_id)
        self._kept.move_to_end(scenario_id)
        self._evict(keep=scenario_id)
        self.engine = kept.engine
        self.sector_totals = kept.sector_totals
        self._shown_id = scenario_id

    def _ready(self, scenario_id: str) -> _Kept:
        """``scenario_id``'s kept engine, caught up with its backlog, or built and kept."""
        kept = self._kept.get(scenario_id)
        if kept is None:
            shown = self._kept.get(self._shown_id)
            if shown is not None:
                # A first visit starts from the scenario shown until now: most zones are shared.
                shown.apply_backlog()
                engine = shown.engine.pinned_copy(scenario_id)
            else:
                engine = MetricsEngine(self.project, scenario_id=scenario_id, buffer_cache=self._buffers)
            kept = self._kept[scenario_id] = _Kept(self.project.scenario(scenario_id), engine)
        else:
            kept.apply_backlog()
        return kept

    def _evict(self, keep: str | None) -> None:
        """Forget the least recently used engines beyond the limit, never the one named ``keep``."""
        for scenario_id in list(self._kept):
            if len(self._kept) <= self.kept_scenarios:
                break
            if scenario_id != keep:
                release_when_idle(self._kept.pop(scenario_id))  # an engine's columns and dicts: not in this turn

    def _forget_stale_scenarios(self) -> None:
        """Drop engines of scenarios deleted, or replaced by another scenario of the same id."""
        present = {id(s) for s in self.project.scenarios}
        for scenario_id in [i for i, kept in self._kept.items() if id(kept.scenario) not in present]:
            del self._kept[scenario_id]

    def _result_dict(self, kept: _Kept | None = None) -> dict[str, Any]:
        engine, totals = (self.engine, self.sector_totals) if kept is None else (kept.engine, kept.sector_totals)
        return metrics_dict(engine, totals)

    def emit_current(self) -> None:
        """Re-send the current state (a widget that connected late wants to draw)."""
        self.updated.emit(self._current, self._previous)


def metrics_dict(engine: MetricsEngine, totals: SectorTotals | None = None) -> dict[str, Any]:
    """What ``updated`` sends: the engine's section 8 dictionary with the per-sector totals
    (``by_sector``) of the dashboard's sector chart (any thread: the engine is only read)."""
    data = engine.result().to_dict()
    data["by_sector"] = (totals or SectorTotals(engine)).rows(s["id"] for s in data["sectors"])
    return data


def _step_position(history: History) -> tuple[int, int]:
    """Changes with every new step, undo or redo, but not while a drag merges into its step.

    The index alone stays put when an undo limit pushes the oldest step out for a new one.
    """
    return history.steps_recorded, history.index

"""The one place where the UI recomputes metrics.

``MetricsBridge`` owns the incremental ``MetricsEngine`` of the project, feeds it every change the
history announces, and emits ``updated(current, previous)`` at most once per frame: changes that
arrive within one frame (a drag, a grouped edit, an undo of a macro) are applied together when a
single-shot timer fires. Both arguments are the METRICS.md section 8 dictionary; ``previous`` is the
state before the last history step, so charts can draw it faintly and the change stays visible
during a whole drag (merged steps keep their "before").
"""
from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from parkplanner.core.editing import History, ProjectChange
from parkplanner.core.metrics.engine import MetricsEngine

__all__ = ["MetricsBridge", "SectorTotals", "FRAME_MS"]

#: One repaint per 60 Hz frame at most.
FRAME_MS = 16


class SectorTotals:
    """GFA and jobs per sector, kept per zone so an edit costs O(edited zones).

    The engine's per-zone figures are the source; this only groups them by the zones' sectors
    for the dashboard's sector chart (the section 8 dictionary has no per-sector breakdown).
    """

    def __init__(self, engine: MetricsEngine) -> None:
        self.engine = engine
        self.rebuild()

    def rebuild(self) -> None:
        zones = self.engine.scenario.zones
        table = self.engine.zone_table()
        self._per_zone: dict[int, tuple[str | None, float, float]] = {
            zone_id: (zones[zone_id].sector, gfa, jobs)
            for zone_id, gfa, jobs in zip(table["zone_id"].tolist(), table["gfa_m2"].tolist(),
                                          table["jobs"].tolist())
        }
        self._sums: dict[str | None, list[float]] = {}
        for sector, gfa, jobs in self._per_zone.values():
            self._add(sector, gfa, jobs, +1)

    def update(self, zone_ids: set[int]) -> None:
        zones = self.engine.scenario.zones
        for zone_id in zone_ids:
            old = self._per_zone.pop(zone_id, None)
            if old is not None:
                self._add(*old, -1)
            if zone_id in zones:
                figures = self.engine.zone_figures(zone_id)
                new = (zones[zone_id].sector, figures.gfa_m2, figures.jobs)
                self._per_zone[zone_id] = new
                self._add(*new, +1)

    def _add(self, sector: str | None, gfa: float, jobs: float, sign: int) -> None:
        sums = self._sums.setdefault(sector, [0.0, 0.0])
        sums[0] += sign * gfa
        sums[1] += sign * jobs

    def rows(self, sector_ids) -> list[dict[str, Any]]:
        """[{id, gfa_m2, jobs}] for ``sector_ids`` in order (0 for sectors no zone uses)."""
        out = []
        for sector_id in sector_ids:
            gfa, jobs = self._sums.get(sector_id, (0.0, 0.0))
            out.append({"id": sector_id, "gfa_m2": max(gfa, 0.0), "jobs": max(jobs, 0.0)})
        return out


class MetricsBridge(QObject):
    #: Emitted (current: dict, previous: dict | None) once per frame after changes.
    updated = Signal(object, object)

    def __init__(self, history: History, frame_ms: int = FRAME_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.history = history
        self.project = history.project
        self.frame_ms = frame_ms
        self.engine = MetricsEngine(self.project)
        self.sector_totals = SectorTotals(self.engine)
        self._pending: list[ProjectChange] = []
        self._current: dict[str, Any] = self._result_dict()
        self._previous: dict[str, Any] | None = None
        self._index_at_flush = history.index
        self._last_emit = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.flush)
        history.changed.connect(self._on_changes)

    @property
    def current(self) -> dict[str, Any]:
        return self._current

    @property
    def previous(self) -> dict[str, Any] | None:
        return self._previous

    def close(self) -> None:
        """Stop listening (the project is being closed)."""
        self._timer.stop()
        self.history.changed.disconnect(self._on_changes)

    def _on_changes(self, changes: list[ProjectChange]) -> None:
        self._pending.extend(changes)
        if not self._timer.isActive():
            # Fire at the next frame boundary: immediately after an idle period, else when the
            # frame that started with the last update is over.
            since = (time.perf_counter() - self._last_emit) * 1000.0
            self._timer.start(int(max(0.0, self.frame_ms - since)))

    def flush(self) -> None:
        """Apply every pending change now and emit ``updated`` (the timer calls this)."""
        self._timer.stop()
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        self.engine.apply(pending)
        self._update_sector_totals(pending)
        result = self._result_dict()
        if self.history.index != self._index_at_flush:
            # A new step (or undo/redo): what was shown becomes the faint "before".
            self._previous = self._current
            self._index_at_flush = self.history.index
        elif self._previous is None:
            self._previous = self._current
        self._current = result
        self._last_emit = time.perf_counter()
        self.updated.emit(self._current, self._previous)

    def _update_sector_totals(self, changes: list[ProjectChange]) -> None:
        zone_ids: set[int] = set()
        for change in changes:
            if change.touches_zones and change.scenario_id == self.engine.scenario.id:
                zone_ids |= change.zone_ids
            elif not change.touches_zones:
                # Parameters, sectors, scheme or scenario: every zone's figures may have moved.
                self.sector_totals.rebuild()
                return
        self.sector_totals.update(zone_ids)

    def _result_dict(self) -> dict[str, Any]:
        data = self.engine.result().to_dict()
        data["by_sector"] = self.sector_totals.rows(s["id"] for s in data["sectors"])
        return data

    def emit_current(self) -> None:
        """Re-send the current state (a widget that connected late wants to draw)."""
        self.updated.emit(self._current, self._previous)

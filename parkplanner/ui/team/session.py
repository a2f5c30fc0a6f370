"""A database project open in the window: saving, conflicts, and others' changes arriving live.

The window keeps editing the project through its history as for a file; only saving differs:
``save`` writes the changed zones (PostgisStore.save, on a worker) and shows what it refused as
conflicts. A listener thread waits on the schema's NOTIFY channel with its own connection and
hands the changed zone ids to the GUI thread, which asks the store for those zones on a worker
and puts the ones not edited here into the project, outside the undo history (they are someone
else's edits, not the planner's), so the map and the dashboard follow; the status bar says who
changed what. Zones edited on both sides join the conflicts instead.
"""
from __future__ import annotations

import json
import threading
from collections import defaultdict

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget

from parkplanner.core.editing.zone_commands import ReplaceZones
from parkplanner.core.io.postgis_store import Conflict, Incoming, PostgisStore, SaveResult
from parkplanner.ui.dialogs.errors import show_error
from parkplanner.ui.tasks import detached_copy, run_task
from parkplanner.ui.team.conflicts import ConflictOverlay, ConflictPanel

__all__ = ["DatabaseSession", "ChangeListener"]

#: Notifications arriving within this many milliseconds are fetched together.
BATCH_MS = 150


class ChangeListener(QObject):
    """LISTEN on a project's channel on a thread of its own; ``notified`` carries payload dicts."""

    notified = Signal(list)
    failed = Signal(str)

    def __init__(self, store: PostgisStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="parkplanner-listen", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        from parkplanner.core.io.gpkg_tables import quote
        from parkplanner.core.io.postgis_store import StoreError, connect

        try:
            con = connect(self.store.location, autocommit=True)
        except StoreError as exc:
            self.failed.emit(str(exc))
            return
        try:
            con.execute(f"LISTEN {quote(self.store.channel)}")
            own = con.info.backend_pid
            while not self._stop.is_set():
                batch = []
                for note in con.notifies(timeout=0.5):
                    if note.pid != own:
                        batch.append(json.loads(note.payload))
                    if len(batch) >= 500:
                        break
                if batch and not self._stop.is_set():
                    self.notified.emit(batch)
        except Exception as exc:  # the server went away: the window says so once
            if not self._stop.is_set():
                self.failed.emit(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
        finally:
            con.close()


class DatabaseSession(QObject):
    """The store of the window's project, its conflicts dock and its listener."""

    conflictsChanged = Signal(list)
    #: Others' zones were taken into the project (list of Incoming).
    received = Signal(list)

    def __init__(self, window, store: PostgisStore) -> None:
        super().__init__(window)
        self.window = window
        self.store = store
        self.project = window.project
        self.conflicts: list[Conflict] = []
        self._hints: dict[str, set[int]] = defaultdict(set)
        self._busy = False  # a save or a fetch is running: hints wait for it
        self._batch = QTimer(self, singleShot=True, interval=BATCH_MS)
        self._batch.timeout.connect(self._fetch)
        self.overlay = ConflictOverlay()
        window.canvas.extra_overlays.append(self.overlay)
        self.panel = ConflictPanel()
        self.panel.keepMine.connect(self.keep_mine)
        self.panel.takeTheirs.connect(self.take_theirs)
        self.panel.show.connect(self.show_conflict)
        self.dock: QDockWidget = window.add_panel(self.panel, Qt.DockWidgetArea.RightDockWidgetArea,
                                                  self.tr("Conflicts"), "conflicts")
        self.dock.hide()
        self.listener = ChangeListener(store, self)
        self.listener.notified.connect(self._notified)
        self.listener.failed.connect(self._listener_failed)
        self.listener.start()
        window.documentChanged.connect(self._document_changed)

    # -- saving ----------------------------------------------------------------------------------
    def save(self) -> bool:
        """Write the changed zones; True when everything was written (no conflict left)."""
        if self._busy:
            return False
        self._busy = True
        project, history = detached_copy(self.project), self.window.history
        outcome: dict[str, object] = {}
        loop = QEventLoop()

        def work(ctx):
            ctx.report(0.2, self.tr("Saving to {0}").format(self.store.display))
            return self.store.save(project)

        def done(result: SaveResult) -> None:
            outcome["result"] = result
            # Zones edited while the save ran are not in ``project``: the history stays modified.
            if not result.conflicts and self.store.changed_zones(self.project) == {} and history is self.window.history:
                history.mark_clean()
                self.window._update_title()
            self.set_conflicts(list(result.conflicts))
            if result.conflicts:
                self.window.statusBar().showMessage(
                    self.tr("Saved {0} zones; {1} conflicts need a decision").format(result.written,
                                                                                      len(result.conflicts)), 8000)
            else:
                self.window.statusBar().showMessage(
                    self.tr("Saved {0} zones to {1}").format(result.written, self.store.display), 5000)

        def failed(exc: BaseException) -> None:
            outcome["error"] = exc
            show_error(self.window, self.tr("Cannot save project"),
                       self.tr("The project was not saved.\n\n{0}").format(exc))

        handle = run_task(self.window, self.tr("Saving to the database"), work, on_done=done, on_error=failed,
                          cancellable=False)
        handle.finished.connect(loop.quit)
        if handle in _running_handles():
            loop.exec()  # the window stays responsive; the caller (maybe_save, Ctrl+S) gets the answer
        self._busy = False
        self._fetch_later()
        result = outcome.get("result")
        return isinstance(result, SaveResult) and not result.conflicts

    # -- conflicts -------------------------------------------------------------------------------------
    def set_conflicts(self, conflicts: list[Conflict]) -> None:
        merged = {(c.scenario_id, c.zone_id): c for c in self.conflicts}
        merged.update({(c.scenario_id, c.zone_id): c for c in conflicts})
        self.conflicts = [c for c in merged.values() if self._still_conflicting(c)]
        self._show_conflicts()

    def _still_conflicting(self, conflict: Conflict) -> bool:
        if not conflict.zone_id:
            return True
        return self.store.version_of(conflict.scenario_id, conflict.zone_id) != conflict.their_version

    def _show_conflicts(self) -> None:
        self.overlay.set_conflicts(self.conflicts)
        self.panel.set_conflicts(self.conflicts)
        if self.conflicts:
            self.dock.show()
            self.dock.raise_()
        self.window.canvas.update()
        self.conflictsChanged.emit(list(self.conflicts))

    def _resolved(self, conflict: Conflict) -> None:
        self.conflicts = [c for c in self.conflicts
                          if (c.scenario_id, c.zone_id) != (conflict.scenario_id, conflict.zone_id)]
        self._show_conflicts()

    def keep_mine(self, conflict: Conflict) -> None:
        """Write this session's zone over theirs (saved at once)."""
        self.store.keep_mine(conflict)
        self._resolved(conflict)
        self.save()

    def take_theirs(self, conflict: Conflict) -> None:
        """Put their zone into the project (outside the undo history) and forget mine."""
        self.store.take_theirs(conflict)
        if conflict.zone_id:
            self._replace(conflict.scenario_id, {conflict.zone_id: conflict.theirs})
        else:  # the settings: read the project again (zones unsaved here are kept as conflicts later)
            self.window.statusBar().showMessage(self.tr("Reopen the project to take the new settings"), 8000)
        self._resolved(conflict)

    def show_conflict(self, conflict: Conflict) -> None:
        if self.project.active_scenario_id != conflict.scenario_id or conflict.mine is None:
            return
        selection = self.window.selection
        if selection is not None:
            selection.set([conflict.zone_id])
        self.window.canvas.zoom_to_zones([conflict.zone_id])

    # -- others' changes ---------------------------------------------------------------------------------
    def _notified(self, payloads: list) -> None:
        for payload in payloads:
            if isinstance(payload, dict) and "table" in payload and "fid" in payload:
                self._hints[str(payload["table"])].add(int(payload["fid"]))
        self._fetch_later()

    def _fetch_later(self) -> None:
        if self._hints and not self._busy:
            self._batch.start()

    def _fetch(self) -> None:
        if self._busy or not self._hints:
            return
        hints, self._hints = {k: set(v) for k, v in self._hints.items()}, defaultdict(set)
        self._busy = True
        project = detached_copy(self.project)

        def work(ctx):
            return self.store.incoming(project, hints)

        def done(result) -> None:
            news, conflicts = result
            self._take(news)
            if conflicts:
                self.set_conflicts(conflicts)

        def failed(exc: BaseException) -> None:
            self.window.statusBar().showMessage(self.tr("Could not fetch others' changes: {0}").format(exc), 8000)

        def finished() -> None:
            self._busy = False
            self._fetch_later()

        handle = run_task(self.window, self.tr("Fetching changes"), work, on_done=done, on_error=failed,
                          dialog=False)
        handle.finished.connect(finished)

    def _take(self, news: list[Incoming]) -> None:
        """Others' zones into the project where this session has not edited them meanwhile."""
        taken: dict[str, dict] = defaultdict(dict)
        for change in news:
            zones = self.project.scenario(change.scenario_id).zones
            current = zones.get(change.zone_id)
            version = self.store.version_of(change.scenario_id, change.zone_id)
            read = self.store.zone_read(change.scenario_id, change.zone_id)
            unchanged = current is read
            if not unchanged:
                continue  # edited here since the fetch began: the next save reports the conflict
            if version == change.version:
                continue
            self.store.accept(change)
            taken[change.scenario_id][change.zone_id] = change.zone
        for scenario_id, zones in taken.items():
            self._replace(scenario_id, zones)
        accepted = [c for c in news if c.zone_id in taken.get(c.scenario_id, {})]
        if accepted:
            editors = sorted({c.editor for c in accepted})
            ids = ", ".join(str(c.zone_id) for c in accepted[:6]) + ("…" if len(accepted) > 6 else "")
            self.window.statusBar().showMessage(
                self.tr("{0} changed zone {1}").format(", ".join(editors), ids) if len(accepted) == 1 else
                self.tr("{0} changed zones {1}").format(", ".join(editors), ids), 10000)
            self.received.emit(accepted)

    def _replace(self, scenario_id: str, zones: dict) -> None:
        """Swap zones in without an undo step and tell every view, as an edit would."""
        current = self.project.scenario(scenario_id).zones
        before = {fid: current.get(fid) for fid in zones}
        command = ReplaceZones("Others' changes", scenario_id, before, dict(zones))
        changes = command.apply(self.project)
        if self.window.bridge is not None and changes:
            self.window.bridge.changed.emit(changes)

    def _listener_failed(self, reason: str) -> None:
        self.window.statusBar().showMessage(
            self.tr("Others' changes no longer arrive ({0}); saving still checks for conflicts").format(reason), 15000)

    # -- closing -----------------------------------------------------------------------------------------
    def _document_changed(self) -> None:
        if self.window.project is not self.project:
            self.close()

    def close(self) -> None:
        self.listener.stop()
        self._batch.stop()
        if self.overlay in self.window.canvas.extra_overlays:
            self.window.canvas.extra_overlays.remove(self.overlay)
        try:
            self.window.documentChanged.disconnect(self._document_changed)
        except (RuntimeError, TypeError):
            pass
        self.window.removeDockWidget(self.dock)
        self.dock.deleteLater()
        if getattr(self.window, "database", None) is self:
            self.window.database = None
        self.store.close()
        self.deleteLater()


def _running_handles():
    from parkplanner.ui.tasks import running_tasks

    return running_tasks()

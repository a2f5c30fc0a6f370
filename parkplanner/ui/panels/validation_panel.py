"""The validation dock: overlaps, gaps inside the boundary, slivers, zones outside the boundary and
invalid geometry of the edited scenario, each with a one-click fix that is one undo step.

Refreshing never gets in the way of typing or drawing. Only geometry changes (zones added,
removed or reshaped, the boundary, the active scenario) ask for a new check, and the check runs
``CHECK_DELAY_MS`` after the last of them (a single-shot timer restarted by every change). Up to
``BACKGROUND_ZONES`` zones it runs on the GUI thread (10 ms at 2,000 zones, 25 ms at 5,000 on the
reference VM); above, in a helper process (``core.geometry.topology_process``: it keeps a copy of
the zones and is sent the geometries an edit changed), over a snapshot of the zone dictionary
(zones and the boundary are immutable values, so copying the dictionary is the whole snapshot,
under 1 ms at 20,000 zones). A worker thread talks to the helper, and a timer polls it, so that no
Qt object crosses threads. In a thread of this process, the check at 20,000 zones held the
interpreter lock for most of its ~160 ms and the GUI thread ran at half speed after every
reshaping edit (benchmarks/bench_validation.py, bench_session.py). A change arriving while a check
runs marks its result stale; the list shows it and the next check starts as soon as it is in.

Fixes act on fresh problems only: when the list is stale, a fix first checks again on the GUI thread
(what the planner asked for is worth the wait) and applies to the same problem if it still exists.
"Fix all" builds every fix of one kind on a detached copy of the project, each reading the result of
the previous one, and pushes them as ONE step whose label says how many were fixed.
"""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from parkplanner.core import foreground
from parkplanner.core.editing.change import ChangeKind, ProjectChange
from parkplanner.core.editing.command import MacroCommand
from parkplanner.core.geometry.topology import PROBLEM_KINDS, TopologyProblem, check_topology, keeping_outlines
from parkplanner.core.geometry.topology_process import shared_helper
from parkplanner.core.geometry.topology_fixes import fix_command
from parkplanner.core.geometry.validation import GeometryRefused
from parkplanner.interaction.selection import Selection
from parkplanner.ui.canvas.chunked_areas import BULK_ELEMENTS, CHUNK_ELEMENTS
from parkplanner.ui.canvas.status_readout import convert_area, format_area
from parkplanner.ui.i18n import lang as interface_lang
from parkplanner.ui.panels.checks_panel import problem_table
from parkplanner.ui.qt_history import QtHistory
from parkplanner.ui.tasks import detached_copy

__all__ = ["ValidationPanel", "ProblemsModel", "problem_key", "CHECK_DELAY_MS", "BACKGROUND_ZONES",
           "DEFAULT_SLIVER_M2"]

#: The check runs this long after the last geometry change (coalesces drags and bursts of edits).
CHECK_DELAY_MS = 300
#: Above this many zones the check runs on a worker thread (~160 ms at 20,000 zones).
BACKGROUND_ZONES = 5_000
#: How often the GUI looks whether a background check is done.
POLL_MS = 25
#: Same default as ``parkplanner validate --sliver-area``.
DEFAULT_SLIVER_M2 = 50.0
_SLIVER_KEY = "validation/sliver_area_m2"
#: Geometry changes: attribute edits (FAR, codes typed in the inspector) never start a check.
_GEOMETRY_KINDS = frozenset({ChangeKind.ZONES_ADDED, ChangeKind.ZONES_REMOVED, ChangeKind.ZONES_RESHAPED})

_executor: ThreadPoolExecutor | None = None


def _background() -> ThreadPoolExecutor:
    """One worker for every window, talking to the one helper process: checks queue behind each other."""
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="topology-check")
        app = QCoreApplication.instance()
        if app is not None:  # quitting ends a check still running (its thread is joined at exit)
            app.aboutToQuit.connect(shared_helper().close)
    return _executor


def _check(previous: list[TopologyProblem], zones, boundary, sliver_area_m2: float) -> list[TopologyProblem]:
    """The problems of ``zones``; outlines unchanged since ``previous`` keep its geometry objects."""
    return keeping_outlines(previous, check_topology(zones, boundary, sliver_area_m2))


def problem_key(problem: TopologyProblem) -> tuple:
    """What identifies a problem across checks: its kind, its zones and its area (to 0.1 m²)."""
    return problem.kind, problem.zone_ids, round(problem.area_m2, 1)


def _area(value: Any, default: float) -> float:
    """A stored area in m², or ``default`` for anything a hand-edited settings file may hold."""
    try:
        area = float(value)
    except (TypeError, ValueError):
        return default
    return area if 0.0 <= area < float("inf") else default


class ProblemsModel(QAbstractTableModel):
    """Problems as table rows: kind, zones, area in the planner's unit, description."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[TopologyProblem] = []
        self.unit = "ha"
        self.headers = (self.tr("Problem"), self.tr("Zones"), self.tr("Area"), self.tr("Description"))
        self.kind_names = {
            "invalid": self.tr("Invalid geometry"), "overlap": self.tr("Overlap"), "gap": self.tr("Gap"),
            "sliver": self.tr("Sliver"), "outside_boundary": self.tr("Outside boundary"),
        }

    def set_rows(self, rows: list[TopologyProblem]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def set_unit(self, unit: str) -> None:
        self.unit = unit
        if self.rows:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self.rows) - 1, 2))

    def area_text(self, m2: float) -> str:
        text = format_area(m2, self.unit)
        if self.unit != "m²" and convert_area(m2, self.unit) < 1.0:
            text += f" ({m2:,.0f} m²)"  # "0.00 ha" would hide a 30 m² overlap
        return text

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt name)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        problem, column = self.rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return self.kind_names.get(problem.kind, problem.kind)
            if column == 1:
                ids = problem.zone_ids
                text = ", ".join(map(str, ids[:4])) + (" …" if len(ids) > 4 else "")
                return text or ("–" if role == Qt.ItemDataRole.DisplayRole else self.tr("many zones"))
            if column == 2:
                return self.area_text(problem.area_m2)
            return problem.text(interface_lang())
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ValidationPanel(QWidget):
    #: The problems listed changed (list[TopologyProblem]).
    problemsChanged = Signal(object)
    #: The planner picked a problem in the list (TopologyProblem): show it on the map.
    problemActivated = Signal(object)
    #: A note for the status bar ("Trimmed overlap of zone 4 …", "2 gaps were not filled: …").
    message = Signal(str)

    def __init__(self, bridge: QtHistory, selection: Selection, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge, self.history, self.project = bridge, bridge.history, bridge.history.project
        self.selection = selection
        self.problems: list[TopologyProblem] = []
        self.outline_chunks = None
        self.stale = True  # the list does not (yet) reflect the zones as they are now
        self._future: Future | None = None
        self._again = False  # geometry changed while the worker was checking
        self.checks_run = 0
        self._quiet = False  # a row made current by a refresh, not by the planner: do not zoom

        self.summary = QLabel(self.tr("Checking…"), self)
        self.summary.setWordWrap(True)
        self.model = ProblemsModel(self)
        self.table = problem_table(self.model, self, stretch_column=3)
        # Room for the header and four problems however low the dock is made.
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height() + 4 * 22 + 4)
        self.fix_button = QPushButton(self.tr("Fix"), self)
        self.fix_all_button = QPushButton(self.tr("Fix all of this kind"), self)
        self.sliver_box = QDoubleSpinBox(self)
        self.sliver_box.setRange(0.0, 100_000.0)
        self.sliver_box.setDecimals(0)
        self.sliver_box.setSingleStep(10.0)
        self.sliver_box.setSuffix(" m²")
        self.sliver_box.setToolTip(self.tr("Zones and gaps smaller than this are listed as slivers"))
        self.sliver_box.setValue(_area(QSettings().value(_SLIVER_KEY), DEFAULT_SLIVER_M2))
        #: The bottom row: fix buttons, the sliver threshold, then room for more options.
        self.options_row = QHBoxLayout()
        self._layout()

        self._timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._timer.timeout.connect(self._start_check)
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._collect)
        bridge.changed.connect(self.on_changes)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.clicked.connect(lambda index: self._activate(index.row()))
        self.fix_button.clicked.connect(self.fix_current)
        self.fix_all_button.clicked.connect(self.fix_all_current)
        self.sliver_box.valueChanged.connect(self._sliver_changed)
        self._update_buttons()
        self.schedule_check()

    def _layout(self) -> None:
        header = self.table.horizontalHeader()
        for column in (0, 1, 2):  # short columns fit their text; the description takes the rest
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        row = self.options_row
        row.addWidget(self.fix_button)
        row.addWidget(self.fix_all_button)
        row.addSpacing(24)
        sliver_label = QLabel(self.tr("Sliver below"), self)
        sliver_label.setBuddy(self.sliver_box)
        row.addWidget(sliver_label)
        row.addWidget(self.sliver_box)
        row.addSpacing(12)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)

    # -- options --------------------------------------------------------------------------------
    @property
    def sliver_area_m2(self) -> float:
        return float(self.sliver_box.value())

    def _sliver_changed(self, value: float) -> None:
        QSettings().setValue(_SLIVER_KEY, float(value))
        self.schedule_check()

    def set_area_unit(self, unit: str) -> None:
        self.model.set_unit(unit)

    # -- checking -------------------------------------------------------------------------------
    def on_changes(self, changes: list[ProjectChange]) -> None:
        """History listener: geometry changes of the edited scenario start a (delayed) check."""
        active = self.project.active_scenario_id
        if any((c.kind in _GEOMETRY_KINDS and c.scenario_id == active) or c.kind is ChangeKind.ACTIVE_SCENARIO
               or (c.kind is ChangeKind.PROJECT and c.field in ("boundary", "*")) for c in changes):
            self.schedule_check()

    def schedule_check(self) -> None:
        """Check again once the edits have paused for CHECK_DELAY_MS."""
        self._mark_stale()
        self._timer.start()

    def _mark_stale(self) -> None:
        if not self.stale:
            self.stale = True
            self._update_summary()
            self._update_buttons()

    @property
    def busy(self) -> bool:
        """A check is waiting for its delay or running on the worker."""
        return self._timer.isActive() or self._future is not None

    def check_now(self) -> list[TopologyProblem]:
        """Check on this thread at once (a fix on a stale list, tests); returns the problems."""
        self._timer.stop()
        self._again = False
        self._show(_check(self.problems, self.project.active_scenario.zones, self.project.boundary, self.sliver_area_m2))
        return self.problems

    def _start_check(self) -> None:
        foreground.busy()  # a timer's turn: workers wait at their checks (core.foreground)
        if self._future is not None:
            self._again = True  # the running check is already out of date: follow it with another
            return
        zones = self.project.active_scenario.zones
        if len(zones) <= BACKGROUND_ZONES:
            self.check_now()
            return
        # Large outlines are cut into the chunks the map's overlay draws in the helper itself.
        self._future = _background().submit(shared_helper().check, list(self.problems), dict(zones),
                                            self.project.boundary, self.sliver_area_m2,
                                            (BULK_ELEMENTS, CHUNK_ELEMENTS))
        self._poll.start()

    def _collect(self) -> None:
        foreground.busy()  # a timer's turn: workers wait at their checks (core.foreground)
        future = self._future
        if future is None or not future.done():
            return
        self._poll.stop()
        self._future = None
        again, self._again = self._again, False
        try:
            problems = future.result()
        except Exception as exc:  # a GEOS failure must not kill the dock; say so instead
            self.summary.setText(self.tr("The check failed: {error}").format(error=exc))
            return
        self._show(problems, stale=again or self._timer.isActive())
        if again and not self._timer.isActive():
            self._start_check()

    def _show(self, problems: list[TopologyProblem], stale: bool = False) -> None:
        current = self.current_problem()
        self.checks_run += 1
        self.problems = list(problems)
        #: The problems' outlines as the helper cut them into chunks (None: not cut).
        self.outline_chunks = getattr(problems, "chunks", None)
        self.stale = stale
        self.model.set_rows(self.problems)
        if current is not None:  # keep the planner's place in the list when the problem remains
            self._select_row(self._find(problem_key(current)), activate=False)
        self._update_summary()
        self._update_buttons()
        self.problemsChanged.emit(self.problems)

    def _find(self, key: tuple) -> int | None:
        return next((n for n, p in enumerate(self.problems) if problem_key(p) == key), None)

    # -- list -----------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Problems per kind, in the order of PROBLEM_KINDS (kinds without problems left out)."""
        found = [p.kind for p in self.problems]
        return {kind: found.count(kind) for kind in PROBLEM_KINDS if kind in found}

    def counts_text(self) -> str:
        """"2 overlaps · 1 gap": the dock's title shows it."""
        names = {
            "invalid": (self.tr("{n} invalid"), self.tr("{n} invalid")),
            "overlap": (self.tr("{n} overlap"), self.tr("{n} overlaps")),
            "gap": (self.tr("{n} gap"), self.tr("{n} gaps")),
            "sliver": (self.tr("{n} sliver"), self.tr("{n} slivers")),
            "outside_boundary": (self.tr("{n} outside"), self.tr("{n} outside")),
        }
        return " · ".join(names[k][n != 1].format(n=n) for k, n in self.counts().items())

    def current_problem(self) -> TopologyProblem | None:
        row = self.table.currentIndex().row()
        return self.problems[row] if 0 <= row < len(self.problems) else None

    def select_problem(self, row: int) -> None:
        """Make ``row`` current as a click would: its zones are selected and the map shows it."""
        self._select_row(row, activate=True)

    def _select_row(self, row: int | None, activate: bool) -> None:
        if row is None:
            return
        self._quiet = not activate
        try:
            self.table.setCurrentIndex(self.model.index(row, 0))
        finally:
            self._quiet = False
        self._update_buttons()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()
        if current.isValid() and not self._quiet:
            self._activate(current.row())

    def _activate(self, row: int) -> None:
        if 0 <= row < len(self.problems):
            problem = self.problems[row]
            self.selection.set(z for z in problem.zone_ids if z in self.project.active_scenario.zones)
            self.problemActivated.emit(problem)

    def _update_summary(self) -> None:
        if not self.checks_run:
            text = self.tr("Checking…")
        elif not self.problems:
            text = self.tr("No problems: no overlaps, gaps, slivers or zones outside the boundary")
        else:
            text = self.tr("{n} problems in the edited scenario: click one to show it on the map, "
                           "the Fix button names what it will do").format(n=len(self.problems))
            shared = sum(p.area_m2 for p in self.problems if p.kind == "overlap")
            if shared > 0:  # every total (area, GFA, jobs) counts this land once per zone
                text += ". " + self.tr("Overlapping zones share {area}: the dashboard's totals count it more than "
                                      "once.").format(area=self.model.area_text(shared))
        if self.stale and self.checks_run:
            text += " " + self.tr("— checking again…")
        self.summary.setText(text)

    # -- fixes ----------------------------------------------------------------------------------
    def fix_label(self, problem: TopologyProblem | None) -> str:
        if problem is None:
            return self.tr("Fix")
        if problem.kind == "gap":
            if not problem.zone_ids:
                return self.tr("Fill gap (no single neighbour)")
            return self.tr("Fill gap into zone {id}").format(id=problem.zone_ids[0])
        return {"overlap": self.tr("Trim overlap"), "sliver": self.tr("Delete sliver"),
                "outside_boundary": self.tr("Clip to boundary"), "invalid": self.tr("Repair geometry"),
                }.get(problem.kind, self.tr("Fix"))

    def fix_all_label(self, kind: str | None) -> str:
        """The button: "Trim all overlaps (3)"."""
        n = self.counts().get(kind, 0) if kind else 0
        if not n:
            return self.tr("Fix all of this kind")
        return {"overlap": self.tr("Trim all overlaps ({n})"), "gap": self.tr("Fill all gaps ({n})"),
                "sliver": self.tr("Delete all slivers ({n})"),
                "outside_boundary": self.tr("Clip all to the boundary ({n})"),
                "invalid": self.tr("Repair all invalid zones ({n})"),
                }[kind].format(n=n)

    def fix_all_step_label(self, kind: str, n: int) -> str:
        """The undo step of a "fix all" that fixed ``n``: "Trim 3 overlaps"."""
        return {"overlap": self.tr("Trim {n} overlaps"), "gap": self.tr("Fill {n} gaps"),
                "sliver": self.tr("Delete {n} sliver zones"),
                "outside_boundary": self.tr("Clip {n} zones to the boundary"),
                "invalid": self.tr("Repair {n} invalid zones"),
                }[kind].format(n=n)

    def _update_buttons(self) -> None:
        problem = self.current_problem()
        self.fix_button.setText(self.fix_label(problem))
        self.fix_button.setEnabled(problem is not None and (problem.kind != "gap" or bool(problem.zone_ids)))
        self.fix_all_button.setText(self.fix_all_label(problem.kind if problem else None))
        self.fix_all_button.setEnabled(problem is not None)

    def _fresh(self, problem: TopologyProblem) -> TopologyProblem | None:
        """``problem`` as the zones are now: checks again first when the list is out of date."""
        if not self.stale and not self.busy:
            return problem
        self.check_now()
        row = self._find(problem_key(problem))
        return None if row is None else self.problems[row]

    def fix_current(self) -> bool:
        problem = self.current_problem()
        return problem is not None and self.fix(problem)

    def fix(self, problem: TopologyProblem) -> bool:
        """Apply the fix of ``problem`` as one undo step; the entry leaves the list at once."""
        fresh = self._fresh(problem)
        if fresh is None:
            self.message.emit(self.tr("That problem is already gone"))
            return False
        try:
            command = fix_command(self.project, fresh)
        except GeometryRefused as refusal:
            self.message.emit(self.tr("Cannot fix it: {reason}").format(reason=refusal))
            return False
        row = self.problems.index(fresh)
        self.history.push(command)
        self._drop(lambda p: p is fresh, row)
        self.message.emit(command.label)
        return True

    def fix_all_current(self) -> int:
        problem = self.current_problem()
        return self.fix_all(problem.kind) if problem is not None else 0

    def fix_all(self, kind: str) -> int:
        """Fix every problem of ``kind`` as ONE undo step; returns how many were fixed."""
        if self.stale or self.busy:
            self.check_now()
        todo = [p for p in self.problems if p.kind == kind]
        scratch = detached_copy(self.project)
        commands, refused = [], []
        for problem in todo:
            try:
                command = fix_command(scratch, problem)
            except GeometryRefused as refusal:
                refused.append(str(refusal))
                continue
            command.apply(scratch)  # the next fix reads the zones this one left
            commands.append(command)
        if commands:
            # One fix keeps its own label, which names the zones ("Clip zone 7 to the boundary").
            self.history.push(commands[0] if len(commands) == 1
                              else MacroCommand(self.fix_all_step_label(kind, len(commands)), commands))
            self._drop(lambda p: p.kind == kind, row=None)
        note = self.tr("{n} fixed").format(n=len(commands))
        if refused:
            note += "; " + self.tr("{n} left: {reason}").format(n=len(refused), reason=refused[0])
        self.message.emit(note)
        return len(commands)

    def _drop(self, gone, row: int | None) -> None:
        """Take fixed problems off the list now; the check the edit started confirms it."""
        self.problems = [p for p in self.problems if not gone(p)]
        self.outline_chunks = None  # cut for the list before
        self.model.set_rows(self.problems)
        if row is not None and self.problems:
            self._select_row(min(row, len(self.problems) - 1), activate=False)
        self._update_summary()
        self._update_buttons()
        self.problemsChanged.emit(self.problems)

    def close_panel(self) -> None:
        """Stop listening and checking (the window moved on to another document)."""
        self._timer.stop()
        self._poll.stop()
        self._future = None
        self.bridge.changed.disconnect(self.on_changes)

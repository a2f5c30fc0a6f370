"""Live sliders for the assumptions a workshop argues about; one drag = one undo step.

Two kinds of slider, both pushing commands on the history while the handle moves (the map and
charts follow every step) with a ``merge_key`` so a whole drag merges into one undo step, closed
by ``History.end_merge`` on release:

* parameter sliders (m² GFA per resident, employed share, MXD residential share) write the
  active scenario's ``parameter_overrides`` (SetScenarioFields): the metrics engine recomputes
  from its cached zone columns, no zone changes, nothing on the map is redrawn;
* FAR multiplier sliders, one per generic class, rewrite the FAR of that class's zones in the
  active scenario (one ReplaceZones per drag, or per key press). Why zone FARs rather than a "FAR multiplier"
  parameter: every consumer (metrics, standards checks such as FAR ≥ sector minimum, projection,
  Excel and GIS export, the inspector) reads zone FAR, so the workshop's result is an ordinary
  plan that saves and reports consistently; a parameter would need the same multiplier threaded
  through each of them. While the handle moves, no zone is made: each position's FARs go to
  the metrics bridge as a preview (``MetricsBridge.preview``), one vectorised update of the
  engine's per-zone columns shown at the next frame, so the charts follow the drag at a cost of
  numpy passes over the class; on release the zones are written once (made field by field
  across the class, ``with_field``, on a worker: release_zones.py) and the preview ends. A
  class of ``WRITE_ON_WORKER`` zones or more whose zones were not made while the hand rested
  has its step land when a worker has made them (``History.defer``): the preview shows its
  numbers meanwhile, and any other use of the history lands it first. The map does not draw FAR, so it has
  nothing to follow; views that do (the 3D massing) follow on release. ``workshop_far_step``
  (benchmarks/bench_scenario_switch.py) prints what a step and a release cost at 2,000 to 100,000 zones.

The multiplier shown is relative to the FARs the scenario had when the sliders first saw it:
Σ area·FAR / Σ area·FAR_reference over the class's zones, so it reads 1.00 until someone drags,
and undo brings both the FARs and the slider back.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QLabel, QSlider, QWidget

from parkplanner.core import foreground
from parkplanner.core.editing import History
from parkplanner.core.editing.change import ChangeKind
from parkplanner.core.editing.project_commands import SetScenarioFields
from parkplanner.core.editing.zone_commands import ReplaceZones
from parkplanner.core.model.catalogue import GENERIC_NAMES
from parkplanner.core.model.zone import ATTRIBUTE_RANGES
from parkplanner.ui.qt_history import qt_history_of
from parkplanner.ui.workshop.far_reference import FarReference, class_zone_ids
from parkplanner.ui.workshop.release_zones import MadeZones, ReleaseZones, far_step

__all__ = ["AssumptionSliders", "ParameterSpec", "PARAMETER_SPECS", "FAR_CLASSES", "FAR_RANGE", "class_zone_ids",
           "rounded"]


@dataclass(frozen=True)
class ParameterSpec:
    key: str
    label: str
    low: float
    high: float
    step: float
    fmt: str


PARAMETER_SPECS: tuple[ParameterSpec, ...] = (
    ParameterSpec("m2_gfa_per_resident", QT_TRANSLATE_NOOP("AssumptionSliders", "m² GFA per resident"), 20.0, 60.0, 1.0, "{:.0f} m²"),
    ParameterSpec("employed_share", QT_TRANSLATE_NOOP("AssumptionSliders", "Employed share of residents"), 0.30, 0.90, 0.01, "{:.0%}"),
    ParameterSpec("mxd_residential_share", QT_TRANSLATE_NOOP("AssumptionSliders", "Housing share of mixed use"), 0.0, 1.0, 0.05, "{:.0%}"),
)
#: Generic classes with a FAR slider: the ones whose FAR moves jobs or residents.
FAR_CLASSES: tuple[str, ...] = ("RES", "MXD", "COM", "OFF", "IND", "LOG")
#: Multiplier range and step of the FAR sliders.
FAR_RANGE = (0.5, 2.0, 0.05)
#: A FAR drag's handle still this long (ms) is resting: the zones its release writes are made
#: on a worker meanwhile (release_zones.py). A moving hand sends a position every 8-16 ms; a
#: hand that stopped releases 100 ms or more later, by when the zones are made (~20 ms at
#: 20,000 zones, ~120 ms at 100,000), and a move on stops the worker within a chunk.
REST_MS = 40
#: A FAR step writing this many zones or more, not made while the hand rested, lands when a
#: worker has made them (~75 ms for the ~33,000 industrial zones of 100,000); fewer are made at
#: once (~5 ms for 2,000).
WRITE_ON_WORKER = 2_000


def rounded(values: np.ndarray, digits: int) -> np.ndarray:
    """``[round(v, digits) for v in values]`` (Python's correctly rounded round) over an array.

    Python rounds the exact value of each double to ``k`` units of 10^-digits and returns the
    double nearest k·10^-digits, which is what the IEEE division k / 10^digits gives. The scaled
    product picks the same k unless the exact value lies within its rounding error of a half:
    those few values are rounded by Python itself.
    """
    scale = 10.0 ** digits
    scaled = values * scale
    out = np.rint(scaled) / scale
    for n in np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6).tolist():
        out[n] = round(float(values[n]), digits)
    return out


class _Row:
    def __init__(self, key: str, label: str, low: float, high: float, step: float, fmt: str,
                 parent: QWidget) -> None:
        self.key, self.low, self.step, self.fmt = key, low, step, fmt
        self.name = QLabel(label, parent)
        # Long names ("Employed share of residents") wrap rather than widen the workshop's left
        # column, which would narrow the charts and shrink their text.
        self.name.setWordWrap(True)
        self.slider = QSlider(Qt.Orientation.Horizontal, parent)
        self.slider.setMinimumWidth(120)  # a usable drag length beside long names
        self.slider.setRange(0, round((high - low) / step))
        self.slider.setPageStep(max(1, round(0.1 * (high - low) / step)))
        self.value = QLabel(parent)
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def to_value(self, position: int) -> float:
        return round(self.low + position * self.step, 6)

    def show(self, value: float) -> None:
        self.slider.blockSignals(True)
        self.slider.setValue(round((value - self.low) / self.step))
        self.slider.blockSignals(False)
        self.value.setText(self.fmt.format(value))


class AssumptionSliders(QWidget):
    def __init__(self, history: History, columns: int = 2, parent: QWidget | None = None,
                 metrics=None) -> None:
        super().__init__(parent)
        self.history = history
        self.project = history.project
        #: The MetricsBridge a FAR drag previews its positions through (none: the drag only writes on release).
        self.metrics = metrics
        self._reference: dict[str, FarReference] = {}  # by scenario id, from the sliders' first sight of it
        self._dragging: str | None = None
        # ((scenario id, class), zone ids, reference FARs, FARs at the start, multiplier at the start)
        self._drag_start: tuple | None = None
        self._far_drag: tuple[str, float] | None = None  # (class, multiplier) the FAR drag shows now
        self._release = ReleaseZones(self)
        self._release.arrived.connect(self._zones_arrived)
        self._landing: MadeZones | None = None  # the zones a deferred FAR step waits for
        self._rest_timer = QTimer(self)
        self._rest_timer.setSingleShot(True)
        self._rest_timer.setInterval(REST_MS)
        self._rest_timer.timeout.connect(self._prepare_release)
        self.rows: dict[str, _Row] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 4, 8, 4)
        grid.setHorizontalSpacing(14)
        specs = [(f"far:{cls}", self.tr("FAR × {name}").format(name=GENERIC_NAMES[cls][0]), *FAR_RANGE, "×{:.2f}")
                 for cls in FAR_CLASSES]
        specs += [(s.key, self.tr(s.label), s.low, s.high, s.step, s.fmt) for s in PARAMETER_SPECS]
        per_column = -(-len(specs) // columns)
        for n, spec in enumerate(specs):
            row = _Row(*spec, parent=self)
            self.rows[row.key] = row
            r, c = n % per_column, 3 * (n // per_column)
            grid.addWidget(row.name, r, c)
            grid.addWidget(row.slider, r, c + 1)
            grid.addWidget(row.value, r, c + 2)
            # Names share the spare width with the sliders: wrapped only when the column is narrow.
            grid.setColumnStretch(c, 2)
            grid.setColumnStretch(c + 1, 1)
            row.slider.valueChanged.connect(lambda position, key=row.key: self._moved(key, position))
            row.slider.sliderReleased.connect(self._released)
        qt_history_of(history).changed.connect(self._on_changes)
        self.sync()

    # -- showing the model -------------------------------------------------------------------------
    def sync(self, far_too: bool = True) -> None:
        """Put every slider where the active scenario's values are (after undo, switch, ...)."""
        params = self.project.effective_parameters()
        for spec in PARAMETER_SPECS:
            if self._dragging != spec.key:
                self.rows[spec.key].show(getattr(params, spec.key))
        if not far_too or (self._dragging or "").startswith("far:"):
            return  # the dragged FAR slider shows its own value; the others cannot have moved
        multipliers = self.far_multipliers()
        for cls in FAR_CLASSES:
            self.rows[f"far:{cls}"].show(multipliers[cls])

    def _on_changes(self, changes) -> None:
        for reference in self._reference.values():
            reference.follow(changes)
        active = self.project.active_scenario_id
        if any(c.kind is not ChangeKind.SCENARIOS or c.scenario_id == active for c in changes):
            # Parameter steps (scenario overrides) leave every FAR as it was.
            self.sync(far_too=any(c.kind is not ChangeKind.SCENARIOS for c in changes))

    def _references(self) -> FarReference:
        scenario = self.project.active_scenario
        if scenario.id not in self._reference:
            self._reference[scenario.id] = FarReference(self.project, scenario, FAR_CLASSES, on_worker=True)
        return self._reference[scenario.id]

    def far_multipliers(self) -> dict[str, float]:
        """Per class: Σ area·FAR / Σ area·FAR at first sight, over the active scenario's zones."""
        return self._references().multipliers()

    def far_multiplier(self, generic: str) -> float:
        return self.far_multipliers()[generic]

    # -- dragging ------------------------------------------------------------------------------------
    def _moved(self, key: str, position: int) -> None:
        foreground.busy()  # a slider's signal: workers wait at their checks (core.foreground)
        self.history.settle()  # a FAR step on its way: what follows reads the zones it writes
        row = self.rows[key]
        value = row.to_value(position)
        row.value.setText(row.fmt.format(value))
        dragging = row.slider.isSliderDown()
        self._dragging = key if dragging else None
        if key.startswith("far:") and dragging:
            self.preview_far_multiplier(key[4:], value)
        elif key.startswith("far:"):
            self.set_far_multiplier(key[4:], value)
        else:
            self.set_parameter(key, value)
        if not dragging:
            self.history.end_merge()  # a key press or click on the groove is a step of its own

    def _released(self) -> None:
        foreground.busy()  # the drag's edit is made here: workers wait at their checks (core.foreground)
        self._dragging = None
        drag, self._far_drag = self._far_drag, None
        self._rest_timer.stop()
        if drag is not None and self.set_far_multiplier(*drag, previewed=True):
            return  # its step, now or when it lands, ends the preview and the merge (_land)
        self._release.drop()
        self._drag_start = None
        if drag is not None and self.metrics is not None:
            self.metrics.end_preview()
        self.history.end_merge()
        self.sync()

    @property
    def busy(self) -> bool:
        """The active scenario's first sight is being read, or a FAR step is on its way."""
        return self.history.landing or not self._references().ready

    def set_parameter(self, key: str, value: float) -> None:
        """Override parameter ``key`` in the active scenario (merges with the drag's previous steps)."""
        scenario = self.project.active_scenario
        if getattr(self.project.effective_parameters(scenario), key) == value:
            return
        overrides = dict(scenario.parameter_overrides)
        overrides[key] = value
        spec = next(s for s in PARAMETER_SPECS if s.key == key)
        label = self.tr("Workshop: {label}").format(label=self.tr(spec.label))
        self.history.push(SetScenarioFields.of(self.project, scenario.id, label,
                                               merge_key=("workshop-parameter", scenario.id, key),
                                               parameter_overrides=overrides))

    def _class_at_start(self, generic: str) -> tuple:
        """(key, zone ids, reference FARs, FARs, multiplier) of the active scenario's ``generic``
        zones when the drag began: a FAR drag changes none of them."""
        scenario = self.project.active_scenario
        key = (scenario.id, generic)
        if self._drag_start is None or self._drag_start[0] != key:
            zone_ids, reference_far, at_start = self._references().members(generic)
            self._drag_start = (key, zone_ids, reference_far, at_start, self.far_multiplier(generic))
        return self._drag_start

    @staticmethod
    def _far_targets(reference_far: np.ndarray, current: np.ndarray, start: float, multiplier: float) -> np.ndarray:
        """The FARs at ``multiplier`` of zones with ``reference_far`` and ``current`` FARs (the
        multiplier was ``start`` when their drag began)."""
        low, high = ATTRIBUTE_RANGES["far"]
        # Vectorised: a step rewrites every zone of a class (~6,600 at 20,000 zones). Same
        # arithmetic as per zone (IEEE products, min/max, Python's correctly rounded round()).
        # Zones drawn since the sliders first saw the scenario scale relative to the drag's start.
        since = current * multiplier / start if start > 0 else current
        target = np.minimum(np.maximum(np.where(np.isnan(reference_far), since, reference_far * multiplier), low),
                            high)
        return rounded(target, 3)

    def preview_far_multiplier(self, generic: str, multiplier: float) -> None:
        """Show the metrics at ``multiplier`` for the ``generic`` zones without writing them (a drag
        writes once, on release)."""
        self._far_drag = (generic, multiplier)
        self._release.drop()  # made for where the hand was
        self._rest_timer.start()
        if self.metrics is not None:
            _, zone_ids, reference_far, at_start, start = self._class_at_start(generic)
            self.metrics.preview(zone_ids, {"far": self._far_targets(reference_far, at_start, start, multiplier)})

    def set_far_multiplier(self, generic: str, multiplier: float, previewed: bool = False) -> bool:
        """Scale the FAR of the active scenario's ``generic`` zones to ``multiplier`` × their
        reference, as one step; False if no zone's FAR changed (nothing written).

        The step is pushed at once unless it writes ``WRITE_ON_WORKER`` zones or more that no
        worker made while the hand rested: then a worker makes them, the metrics show them as a
        preview (``previewed``: a drag's preview shows them already), and the step lands when
        they are made (``History.settle`` lands it at once)."""
        self.history.settle()
        scenario, old, far = self._release_edit(generic, multiplier)
        self._drag_start = None  # a write ends what the drag read: the next step looks again
        if not old:
            return False
        key = (scenario.id, generic)
        made = self._release.take(key, old, far)  # made while the hand rested
        if made is None and len(old) >= WRITE_ON_WORKER:
            made = self._release.prepare(key, old, far)
            if self.metrics is not None and not previewed:
                self.metrics.preview([zone.id for zone in old], {"far": far})
        label = self.tr("Workshop: FAR of {name} zones").format(name=GENERIC_NAMES[generic][0])
        land = partial(self._land, label, key, made.step if made is not None else partial(far_step, old, far))
        if made is None or made.done.is_set():
            land()
        else:
            self.history.defer(land)
            self._landing = made
        return True

    def _land(self, label: str, key: tuple[str, str], step: Callable[[], tuple[dict, dict]]) -> None:
        """Push a FAR step (``step()``: its zones before and after, by id), then end its preview
        and its merge: the next step is a step of its own."""
        scenario_id, generic = key
        self._landing = None
        before, after = step()
        self.history.push(ReplaceZones(label, scenario_id, before, after,
                                       merge_key=("workshop-far", scenario_id, generic), field="far"))
        if self.metrics is not None:
            self.metrics.end_preview()
        self.history.end_merge()

    def _zones_arrived(self, made: MadeZones) -> None:
        """A worker made a release's zones (GUI thread): the step waiting for them lands."""
        foreground.busy()  # the step's changes reach every view in this turn (core.foreground)
        if made is self._landing:
            self.history.settle()

    def _release_edit(self, generic: str, multiplier: float) -> tuple:
        """(scenario, zones, their new FARs): the active scenario's ``generic`` zones whose FAR
        differs at ``multiplier``, as a release there writes them."""
        scenario = self.project.active_scenario
        _, zone_ids, reference_far, _, start = self._class_at_start(generic)
        zones = list(map(scenario.zones.__getitem__, zone_ids))
        current = np.array([zone.far for zone in zones], dtype=float)
        target = self._far_targets(reference_far, current, start, multiplier)
        changed = np.flatnonzero(target != current)
        return scenario, list(map(zones.__getitem__, changed.tolist())), target[changed]

    def _prepare_release(self) -> None:
        """The rest timer: the hand rests mid-drag, so make the zones its release would write."""
        foreground.busy()  # a timer's turn: workers wait at their checks (core.foreground)
        if self._far_drag is None:
            return
        generic, multiplier = self._far_drag
        scenario, old, far = self._release_edit(generic, multiplier)
        if old:
            self._release.prepare((scenario.id, generic), old, far)

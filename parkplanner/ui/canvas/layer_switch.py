"""A scenario switch's zone layer, brought in line with the scenario on a worker at city scale.

A switch files every zone the two scenarios do not share in the target's layer (a kept one, or
a copy of the shown one for a first visit) and finds where the two draw differently: at 100,000
zones ~40 ms of identity passes and filing, which workers beside it stretched to 120-160 ms on
the GUI thread (benchmarks/bench_session.py, "scenario switch"). Above ``SWITCH_ON_WORKER``
zones the renderer hands that to a worker (``MapRenderer.start_switch``) and goes on showing the
scenario left, as a render job's canvas shows its last picture until the new one arrives. The
worker reads a copy of the scenario's zone dictionary and layers no other code changes
meanwhile: the target's layer is not shown, and the shown one changes only through changes,
which land the switch first (``MapRenderer.settle_switch``). Edits made meanwhile reach the
layer after it lands, as the changes that name them.
"""
from __future__ import annotations

import threading
from typing import Callable

from PySide6.QtCore import QObject, Signal

from parkplanner.core import foreground
from parkplanner.core.collector import collector_paused
from parkplanner.ui.canvas.map_bounds import DrawnBoxes
from parkplanner.ui.canvas.zone_layer import Bounds, ZoneLayer
from parkplanner.ui.tasks import run_on_worker

__all__ = ["LayerSwitch", "SWITCH_ON_WORKER"]

#: Scenarios of this many zones or more are switched to on a worker (at 20,000 zones the layer
#: is brought in line in ~8 ms, less than handing it over costs in turns).
SWITCH_ON_WORKER = 50_000


class LayerSwitch(QObject):
    """Brings ``layer`` in line with ``zones`` on a worker; ``landed`` is queued to the GUI thread."""

    landed = Signal()

    def __init__(self, layer: ZoneLayer, fresh: bool, zones: dict, shown: ZoneLayer,
                 on_landed: Callable[[], None]) -> None:
        """``fresh``: ``layer`` is a copy of ``shown`` (a first visit), so what it redraws is all
        the two draw differently; else a kept layer, compared with ``shown`` once in line."""
        super().__init__()
        self.layer, self._fresh, self._zones, self._shown = layer, fresh, zones, shown
        self._done = threading.Event()
        self._outcome: tuple[Bounds | None, DrawnBoxes] | None = None
        self._error: BaseException | None = None
        self.landed.connect(on_landed)  # before the worker starts: it may end at once
        run_on_worker(self._run)

    def _run(self) -> None:
        try:
            boxes = DrawnBoxes()
            layer = self.layer
            with collector_paused():  # thousands of entries and groups filed at once
                stale = layer.stale_ids(self._zones)
                if self._fresh:
                    differs = layer.update_zones(self._zones, stale, boxes)
                else:
                    layer.update_zones(self._zones, stale)
                    differs = layer.drawn_difference(self._shown, boxes)
            self._outcome = (differs, boxes)
        except BaseException as exc:  # noqa: BLE001 - raised again on the GUI thread by ``outcome``
            self._error = exc
        finally:
            self._done.set()
            try:
                self.landed.emit()
            except RuntimeError:
                pass  # the canvas went meanwhile

    def outcome(self) -> tuple[Bounds | None, DrawnBoxes]:
        """(area drawn differently, its boxes), waiting for the worker if it is still at work."""
        if not self._done.is_set():
            with foreground.waiting():
                self._done.wait()
        if self._error is not None:
            raise self._error
        return self._outcome

"""Legend dock: the land-use classes present in the shown scenario, with colour, name and area.

Totals are kept per zone and adjusted for the zones each change names, so an edit costs
O(edited zones) even at 100,000 zones; the list itself refreshes once per burst of changes.
The totals of the last few scenarios shown are kept: a switch back brings its own up to date,
and a first visit starts from the shown scenario's and redoes only the zones that differ
(zones are immutable, so an unchanged zone is the very same object in both); measuring and
summing every zone again was a tenth of a second on the GUI thread at 20,000 zones. A switch is
shown in a turn of its own (``turn_queue.later``), not in the turn of the switch's other listeners
(the map's layers, the docks): one turn doing all of them stalled the window. Above
``BACKGROUND_ZONES`` the totals are brought in line on a worker, over a snapshot of the zones
(~25 ms at 100,000 zones, which the comparison's and the metrics' workers holding the
interpreter lock stretched to 150 ms on the GUI thread): the legend shows the scenario before
until they arrive, and zones edited meanwhile are counted again then.
"""
from __future__ import annotations

from typing import Mapping

import shapely
import shiboken6
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from parkplanner.core import foreground
from parkplanner.core.editing.change import ChangeKind, ProjectChange
from parkplanner.core.model.catalogue import default_catalogue
from parkplanner.core.model.project import Project
from parkplanner.core.model.zone import stale_ids
from parkplanner.ui import prepared
from parkplanner.ui.canvas.styles import zone_fill_hex
from parkplanner.ui.kept_per_scenario import KeptPerScenario
from parkplanner.ui.tasks import run_task
from parkplanner.ui.turn_queue import later

__all__ = ["LegendPanel", "LegendTotals", "LEGEND_KEY"]

#: Where opening leaves the shown scenario's legend totals made on its worker (``ui.prepared``).
LEGEND_KEY = "legend totals"
#: Scenarios whose totals the panel keeps (the shown one included), as the canvas keeps its layers.
KEPT_TOTALS = 4
#: Scenarios with more zones than this are brought in line on a worker at a switch.
BACKGROUND_ZONES = 20_000


class LegendTotals:
    """Zone count and area per land-use code of one scenario, maintained incrementally."""

    def __init__(self) -> None:
        #: zone id -> the zone object counted (what changed since is told by identity, in bulk;
        #: its code is the one counted)
        self.counted: dict[int, object] = {}
        #: zone id -> its area m² as counted
        self.areas: dict[int, float] = {}
        self.count: dict[str, int] = {}
        self.area: dict[str, float] = {}

    def copy(self) -> "LegendTotals":
        other = LegendTotals()
        other.counted, other.areas = dict(self.counted), dict(self.areas)
        other.count, other.area = dict(self.count), dict(self.area)
        return other

    def stale_ids(self, zones: Mapping[int, object]) -> set[int]:
        """Ids whose zone in ``zones`` is not the object counted here (edited, added, removed):
        identities compared in one C-level pass, not zone by zone."""
        return stale_ids(self.counted, zones)

    def rebuild(self, zones, areas: Mapping[int, float] | None = None) -> None:
        """Totals of ``zones``; ``areas``: their areas by zone id when already measured."""
        for table in (self.counted, self.areas, self.count, self.area):
            table.clear()
        listed = list(zones.values())
        if areas is None:
            # One GEOS call for every area: opening or switching scenarios at 20,000 zones rebuilds this.
            measured = shapely.area([zone.geometry for zone in listed]).tolist() if listed else []
        else:
            measured = [areas[zone.id] for zone in listed]
        for zone, area in zip(listed, measured):
            self._add(zone, area)

    def update(self, zones, zone_ids) -> None:
        counted, areas = self.counted, self.areas
        added = []
        for zone_id in zone_ids:
            old = counted.pop(zone_id, None)
            zone = zones.get(zone_id)
            if old is not None and zone is not None and zone.code == old.code and zone.geometry is old.geometry:
                # Same class, same shape (a FAR step of a workshop rewrites thousands so): the
                # area counted stands, and measuring it again would cost a GEOS call per zone.
                counted[zone_id] = zone
                continue
            if old is not None:
                code, area = old.code, areas.pop(zone_id)
                self.count[code] -= 1
                self.area[code] -= area
                if not self.count[code]:
                    del self.count[code], self.area[code]
            if zone is not None:
                added.append(zone)
        if added:  # one GEOS call for all: a first visit of a scenario redoes a thousand zones or more
            for zone, area in zip(added, shapely.area([zone.geometry for zone in added]).tolist()):
                self._add(zone, area)

    def _add(self, zone, area: float) -> None:
        code = zone.code
        self.counted[zone.id] = zone
        self.areas[zone.id] = area
        self.count[code] = self.count.get(code, 0) + 1
        self.area[code] = self.area.get(code, 0.0) + area


class LegendPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.totals = LegendTotals()
        self._scenario_id: str | None = None
        self._kept: KeptPerScenario[LegendTotals] = KeptPerScenario(KEPT_TOTALS)
        self.list = QListWidget()
        self.list.setIconSize(QSize(22, 14))
        self.list.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.summary = QLabel("")
        self.summary.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list)
        layout.addWidget(self.summary)
        self._classes: list[tuple[str, str, str]] = []  # (code, name, colour) of the rows shown
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self.refresh)
        self._switch_queued = False  # a switch waits for its turn (turn_queue.later)
        #: A switch on a worker: (project, scenario, zone ids edited since its snapshot), or None.
        self._switching: tuple | None = None

    def set_project(self, project: Project | None) -> None:
        self.project = project
        self._switching = None  # what a worker brings for the project before is dropped
        self._kept.clear()
        self._rebuild()

    def on_changes(self, changes: list[ProjectChange]) -> None:
        project = self.project
        if project is None:
            return
        if project.active_scenario_id != self._scenario_id:
            # Zone changes meanwhile are caught up by the switch (it compares every zone), or
            # by a switch on a worker when its totals arrive (it counts those zones again).
            if self._switching is not None:
                self._switching[2].update(i for c in changes if c.touches_zones for i in c.zone_ids)
            if not self._switch_queued:
                self._switch_queued = True
                later(self, self._switch_in_turn)
            return
        dirty = False
        for change in changes:
            if change.kind is ChangeKind.ZONES_ATTRIBUTES and change.field not in (None, "code"):
                continue  # counts and areas per code stand (a workshop FAR step: thousands of zones)
            if change.touches_zones and change.scenario_id == self._scenario_id:
                self.totals.update(project.active_scenario.zones, change.zone_ids)
                dirty = True
            elif change.kind is ChangeKind.PROJECT and change.field == "scheme":
                dirty = True
        if dirty:
            self._refresh_timer.start()

    def _rebuild(self) -> None:
        if self.project is None:
            self.totals.rebuild({})
            self._scenario_id = None
        else:
            self._scenario_id = self.project.active_scenario_id
            scenario = self.project.active_scenario
            # Opening made them on its worker (ui/open_preparation.py) when this scenario is shown.
            ready = prepared.take(self.project, LEGEND_KEY, (scenario, scenario.zones))
            if ready is not None:
                self.totals = ready
            else:
                self.totals = LegendTotals()
                self.totals.rebuild(scenario.zones)
            self._kept.keep(scenario, self.totals, self.project.scenarios)
        self.refresh()

    def _switch_in_turn(self) -> None:
        self._switch_queued = False
        if self.project is not None and self.project.active_scenario_id != self._scenario_id:
            self._switch()  # else a new project or a switch back came first

    def _switch(self) -> None:
        """Show the active scenario: its kept totals, or the shown ones', brought up to date."""
        scenario = self.project.active_scenario
        if self._scenario_id is None:
            self._rebuild()
            return
        if self._switching is not None:
            return  # its totals arrive first, then the scenario shown by then is looked at
        # Its own totals, or for a first visit the shown scenario's: most zones are the same.
        kept, shown = self._kept.get(scenario), self.totals
        if len(scenario.zones) <= BACKGROUND_ZONES:
            totals = kept or shown.copy()
            totals.update(scenario.zones, totals.stale_ids(scenario.zones))
            self._show_totals(scenario, totals)
            return
        # Neither of those totals changes meanwhile: on_changes waits for the switch to end.
        zones = dict(scenario.zones)
        switching = self._switching = (self.project, scenario, set())

        def work(ctx) -> LegendTotals:
            totals = kept or shown.copy()
            totals.update(zones, totals.stale_ids(zones))
            return totals

        run_task(None, "legend totals", work, on_done=lambda totals: self._arrived(switching, totals),
                 on_error=lambda error: self._arrived(switching, None), dialog=False)

    def _arrived(self, switching: tuple, totals: LegendTotals | None) -> None:
        if not shiboken6.isValid(self) or switching is not self._switching:
            return  # another project was shown meanwhile
        self._switching = None
        project, scenario, edited = switching
        if totals is not None and project.active_scenario is scenario:
            totals.update(scenario.zones, edited)  # the zones edited since the snapshot
            self._show_totals(scenario, totals)
        elif project.active_scenario_id != self._scenario_id:
            self._switch()  # another scenario meanwhile, or the worker failed: here and now

    def _show_totals(self, scenario, totals: LegendTotals) -> None:
        self.totals, self._scenario_id = totals, scenario.id
        self._kept.keep(scenario, totals, self.project.scenarios)
        self.refresh()

    def rows(self) -> list[tuple[str, str, str, int, float]]:
        """(code, name, colour hex, zone count, area m²) per class present, in catalogue order."""
        if self.project is None:
            return []
        scheme = self.project.scheme
        catalogue = default_catalogue()
        order = {cls.code: n for n, cls in enumerate(catalogue.classes(scheme, assignable_only=False))}
        out = []
        for code in sorted(self.totals.count, key=lambda c: (order.get(c, len(order)), c)):
            cls = catalogue.find(scheme, code)
            # Same wording as the land-use picker: code, Chinese name, English name.
            names = [n for n in (cls.name_zh, cls.name_en) if n] if cls is not None else ["unknown code"]
            name = "  ·  ".join(names)
            out.append((code, name, zone_fill_hex(scheme, code), self.totals.count[code], self.totals.area[code]))
        return out

    def refresh(self) -> None:
        foreground.busy()  # a timer's turn: workers wait at their checks (core.foreground)
        rows = self.rows()
        classes = [(code, name, colour) for code, name, colour, _count, _area in rows]
        if classes != self._classes:
            # New swatches and rows only when the classes change: an edit usually changes the
            # figures of one or two, and a rebuilt list costs tens of milliseconds per edit.
            self._classes = classes
            self.list.clear()
            for code, name, colour in classes:
                item = QListWidgetItem(_swatch(colour), f"{code}  {name}")
                item.setData(Qt.ItemDataRole.UserRole, code)
                self.list.addItem(item)
        total_area = 0.0
        for row, (_code, _name, _colour, count, area) in enumerate(rows):
            total_area += area
            self.list.item(row).setToolTip(self.tr("{0:,} zones, {1:,.2f} ha").format(count, area / 10_000))
        zones = len(self.totals.counted)
        self.summary.setText(self.tr("{0:,} zones, {1:,.1f} ha").format(zones, total_area / 10_000) if zones
                             else self.tr("No zones yet"))


def _swatch(rgb_hex: str) -> QIcon:
    pixmap = QPixmap(22, 14)
    pixmap.fill(QColor(rgb_hex))
    return QIcon(pixmap)

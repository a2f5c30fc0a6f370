"""The 3D massing view of a document: the GL widget, buttons for the standard views, which
scenario to show (the active one, live, or another for comparison), and a status line.

Whole scenes are built on a worker (ui/tasks.py); an edit of a few zones updates their triangles
in place on the GUI thread (core/massing/scene.py), well inside a frame. The selection is shared
with the map and the inspector: a click on a volume selects its zone (Shift adds or removes).
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QSplitter, QToolButton, QVBoxLayout,
                               QWidget)

from parkplanner.core.editing.change import ChangeKind
from parkplanner.core.massing.scene import build_scene
from parkplanner.ui.qt_history import qt_history_of
from parkplanner.ui.tasks import detached_copy, run_task

__all__ = ["MassingView", "LIVE_LIMIT", "VIEW_BUTTONS"]

#: Edits touching more zones than this rebuild the scene on a worker instead of in place: an
#: in-place edit of 500 zones cost ~19 ms of the GUI thread at 20,000 zones, over one frame.
LIVE_LIMIT = 250
#: (view name, button text, key) in toolbar order.
VIEW_BUTTONS = (("top", QT_TRANSLATE_NOOP("MassingView", "Top"), "T"),
                ("sw", QT_TRANSLATE_NOOP("MassingView", "SW"), "Z"),
                ("se", QT_TRANSLATE_NOOP("MassingView", "SE"), "C"),
                ("ne", QT_TRANSLATE_NOOP("MassingView", "NE"), "E"),
                ("nw", QT_TRANSLATE_NOOP("MassingView", "NW"), "Q"))
_ACTIVE = ""  # combo data: follow the active scenario
_REBUILD_FIELDS = {"parameters", "scheme", "phases", "boundary", "context_layers", "*"}


class MassingView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from parkplanner.ui.view3d.comparison import CameraLink, ComparisonSide
        from parkplanner.ui.view3d.gl_view import MassingGLView

        self.history = None
        self.selection = None
        self.year: int | None = None
        self.scene = None
        self._generation = 0
        self._building = False
        self._camera_set = False
        self._ground_generation = 0  # the newest base-map painting; older ones are dropped
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        self.view_buttons: dict[str, QToolButton] = {}
        for name, text, key in VIEW_BUTTONS:
            button = QToolButton(self)
            button.setText(self.tr(text))
            button.setToolTip(self.tr("Standard view: {0} (key {1})").format(self.tr(text), key))
            button.clicked.connect(lambda _=False, name=name: self.gl.show_view(name))
            bar.addWidget(button)
            self.view_buttons[name] = button
        # Two rows, so the bar fits a narrow dock: the camera, then what is shown.
        bar.addStretch(1)
        shown = QHBoxLayout()
        shown.setContentsMargins(4, 0, 4, 2)
        self.scenario_label = QLabel(self.tr("Show:"), self)
        shown.addWidget(self.scenario_label)
        self.scenario_box = QComboBox(self)
        self.scenario_box.setToolTip(self.tr("The active scenario follows every edit; pick another to compare"))
        self.scenario_box.activated.connect(lambda _: self._scenario_picked())
        shown.addWidget(self.scenario_box, 1)
        self.compare_label = QLabel(self.tr("Compare:"), self)
        shown.addWidget(self.compare_label)
        self.compare_box = QComboBox(self)
        self.compare_box.setToolTip(self.tr("Another scenario side by side, with one camera for both"))
        self.compare_box.activated.connect(lambda _: self._compare())
        shown.addWidget(self.compare_box, 1)
        self.base_map = QCheckBox(self.tr("Base map"), self)
        self.base_map.setToolTip(self.tr("The project's base maps and context layers (roads, rivers) on the ground"))
        self.base_map.setChecked(True)
        self.base_map.toggled.connect(self._show_ground)
        shown.addWidget(self.base_map)
        self.status = QLabel(self)
        self.status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(self.status)
        self.gl = MassingGLView(self)
        self.gl.zoneClicked.connect(self._clicked)
        self.side = ComparisonSide(self)  # the B scenario, hidden until one is picked
        self.side.hide()
        self.side.on_built = self._side_built
        self.camera_link = CameraLink(self.gl, self.side.gl)
        # While comparing, both halves carry a title, so they keep the same size and framing.
        self.a_title = QLabel(self)
        self.a_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.a_title.hide()
        a_side = QWidget(self)
        a_layout = QVBoxLayout(a_side)
        a_layout.setContentsMargins(0, 0, 0, 0)
        a_layout.setSpacing(0)
        a_layout.addWidget(self.a_title)
        a_layout.addWidget(self.gl, 1)
        self.halves = views = QSplitter(Qt.Orientation.Horizontal, self)
        views.addWidget(a_side)
        views.addWidget(self.side)
        views.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addLayout(shown)
        layout.addWidget(views, 1)

    # -- the document -------------------------------------------------------------------------
    def bind(self, history, selection) -> None:
        self.unbind()
        self.history, self.selection = history, selection
        qt_history_of(history).changed.connect(self._on_changes)
        selection.changed.connect(self._on_selection)
        self._fill_scenarios()
        self.rebuild()

    def unbind(self) -> None:
        if self.history is not None:
            qt_history_of(self.history).changed.disconnect(self._on_changes)
            self.selection.changed.disconnect(self._on_selection)
        self.history = self.selection = None
        self._generation += 1  # a build still running is for the old document
        self.side.show_scenario(None, None, self.year)

    @property
    def project(self):
        return self.history.project if self.history is not None else None

    def shown_scenario(self):
        project = self.project
        key = self.scenario_box.currentData()
        if key:
            try:
                return project.scenario(key)
            except KeyError:
                pass
        return project.active_scenario

    def follows_active(self) -> bool:
        return not self.scenario_box.currentData() or self.shown_scenario() is self.project.active_scenario

    def show_scenario(self, scenario_id: str | None) -> None:
        """Show ``scenario_id`` (None: follow the active scenario)."""
        index = self.scenario_box.findData(scenario_id or _ACTIVE)
        self.scenario_box.setCurrentIndex(max(index, 0))
        self.rebuild()

    def _scenario_picked(self) -> None:
        self.rebuild()
        self._compare()  # the A title

    def _fill_scenarios(self) -> None:
        current = self.scenario_box.currentData()
        self.scenario_box.blockSignals(True)
        self.scenario_box.clear()
        project = self.project
        self.scenario_box.addItem(self.tr("Active scenario ({0})").format(project.active_scenario.name), _ACTIVE)
        for scenario in project.scenarios:
            self.scenario_box.addItem(scenario.name, scenario.id)
        self.scenario_box.setCurrentIndex(max(self.scenario_box.findData(current), 0))
        self.scenario_box.blockSignals(False)
        compared = self.compare_box.currentData()
        self.compare_box.blockSignals(True)
        self.compare_box.clear()
        self.compare_box.addItem(self.tr("No comparison"), _ACTIVE)
        for scenario in project.scenarios:
            self.compare_box.addItem(scenario.name, scenario.id)
        self.compare_box.setCurrentIndex(max(self.compare_box.findData(compared), 0))
        self.compare_box.blockSignals(False)

    def compare_with(self, scenario_id: str | None) -> None:
        """Show ``scenario_id`` beside the shown scenario (None: no comparison)."""
        self.compare_box.setCurrentIndex(max(self.compare_box.findData(scenario_id or _ACTIVE), 0))
        self._compare()

    def _compare(self) -> None:
        if self.history is None:
            return
        opening = self.side.isHidden()
        self.side.show_scenario(self.history, self.compare_box.currentData() or None, self.year)
        comparing = self.side.scenario_id is not None
        if comparing and opening:  # two equal halves: one camera frames both alike
            half = max(self.halves.width() // 2, 1)
            self.halves.setSizes([half, half])
        self.a_title.setVisible(comparing)
        self.a_title.setText(self.tr("A: {0}").format(self.shown_scenario().name))

    def set_year(self, year: int | None) -> None:
        """Show what stands in ``year`` (None: everything, at build-out)."""
        if year != self.year:
            self.year = year
            self.rebuild()
            if self.side.scenario_id is not None:
                self.side.rebuild(year)

    # -- building -----------------------------------------------------------------------------
    def rebuild(self) -> None:
        """Build the shown scenario's scene on a worker; edits meanwhile trigger one more build."""
        if self.history is None:
            return
        self._generation += 1
        if self._building:
            return  # the running build's result is stale on arrival and starts the next one
        self._building = True
        generation = self._generation
        project = detached_copy(self.project)
        scenario = project.scenario(self.shown_scenario().id)
        year = self.year
        self.status.setText(self.tr("Building 3D…"))
        run_task(self, self.tr("Building 3D view"), lambda ctx: build_scene(project, scenario, year),
                 on_done=lambda scene: self._built(scene, generation),
                 on_error=lambda exc: self._failed(exc, generation), dialog=False)

    def _built(self, scene, generation: int) -> None:
        self._building = False
        if generation != self._generation:
            self.rebuild()
            return
        self.scene = scene
        self.gl.scene_items.show(scene, self.project.boundary if self.project is not None else None)
        self.gl.scene_items.prepare_moving(self)
        self._show_ground()
        if not self._camera_set:
            self.gl.show_view(self.gl.standard_view or "sw")
            self._camera_set = True
        self._on_selection(self.selection.ids if self.selection is not None else ())
        self._show_count()

    def _show_ground(self) -> None:
        """The base map under both halves, painted on a worker (raster tiles are decoded there)."""
        from parkplanner.ui.view3d.ground import ground_extent, ground_picture

        project = self.project
        self._ground_generation += 1
        generation = self._ground_generation
        for gl_view, scene in ((self.gl, self.scene), (self.side.gl, self.side.scene)):
            if not (self.base_map.isChecked() and project is not None and scene is not None):
                gl_view.scene_items.set_ground(None)
                continue
            copy, placement = detached_copy(project), ground_extent(scene)
            run_task(self, self.tr("Drawing the base map in 3D"),
                     lambda ctx, copy=copy, placement=placement: ground_picture(copy, placement),
                     on_done=lambda picture, gl_view=gl_view, scene=scene: self._ground_done(
                         picture, gl_view, scene, generation),
                     on_error=lambda exc: self.status.setText(self.tr("Base map: {0}").format(exc)), dialog=False)

    def _ground_done(self, picture, gl_view, scene, generation: int) -> None:
        from parkplanner.ui.view3d.ground import ground_item

        if generation == self._ground_generation and gl_view.scene_items.scene is scene:
            gl_view.scene_items.set_ground(ground_item(picture))

    def _side_built(self) -> None:
        self._show_ground()
        self.camera_link.follow(self.gl)  # B takes A's camera

    def _failed(self, exc: BaseException, generation: int) -> None:
        self._building = False
        if generation != self._generation:
            self.rebuild()
            return
        self.status.setText(self.tr("3D view failed: {0}").format(exc))

    def _show_count(self) -> None:
        if self.scene is not None:
            self.status.setText(self.tr("{0:,} zones").format(len(self.scene)))

    # -- following edits ----------------------------------------------------------------------
    def _on_changes(self, changes) -> None:
        if any(c.kind is ChangeKind.SCENARIOS or c.kind is ChangeKind.ACTIVE_SCENARIO for c in changes):
            self._fill_scenarios()
        if any(c.kind is ChangeKind.SCENARIOS or c.kind is ChangeKind.PROJECT and c.field in _REBUILD_FIELDS
               for c in changes):
            self._compare()  # a renamed, edited or deleted B scenario
        else:
            self.side.follow(changes, self.year)
        if any(c.kind is ChangeKind.PROJECT and c.field in _REBUILD_FIELDS for c in changes) or any(
                c.kind is ChangeKind.ACTIVE_SCENARIO and self.follows_active() for c in changes) or any(
                c.kind is ChangeKind.SCENARIOS for c in changes):
            self.rebuild()
            return
        shown = self.shown_scenario()
        touched = set()
        for change in changes:
            if change.touches_zones and change.scenario_id in (None, shown.id):
                touched |= change.zone_ids
        if not touched:
            return
        if self.scene is None or self._building or len(touched) > LIVE_LIMIT:
            self.rebuild()
            return
        classes = self.scene.apply({z: shown.zones.get(z) for z in touched})
        self.gl.scene_items.sync(classes, touched)
        self._on_selection(self.selection.ids)
        self._show_count()

    def _on_selection(self, ids) -> None:
        self.gl.scene_items.set_selection(ids if self.follows_active() else ())

    def _clicked(self, zone_id, modifiers) -> None:
        if self.selection is None or not self.follows_active():
            return
        if zone_id is None:
            if not modifiers & Qt.KeyboardModifier.ShiftModifier:
                self.selection.clear()
        elif modifiers & Qt.KeyboardModifier.ShiftModifier:
            self.selection.toggle([zone_id])
        else:
            self.selection.set([zone_id])

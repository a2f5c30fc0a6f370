"""A/B comparison in the 3D view: a second scenario beside the shown one, one camera for both.

The B side is a second GL widget with its own scene, built on a worker like the A side and kept
up to date by the same in-place edits. Moving either camera moves the other, so a planner orbits
both plans at once and sees the same corner of each.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from parkplanner.core.massing.scene import build_scene
from parkplanner.ui.tasks import detached_copy, run_task
from parkplanner.ui.view3d.gl_view import MassingGLView
from parkplanner.ui.view3d.massing_view import LIVE_LIMIT

__all__ = ["CameraLink", "ComparisonSide"]


class CameraLink(QObject):
    """Keeps the cameras of ``views`` equal: whichever moves, the others follow."""

    def __init__(self, *views: MassingGLView) -> None:
        super().__init__(views[0])
        self.views = views
        self._copying = False
        for view in views:
            view.cameraMoved.connect(lambda view=view: self.follow(view))

    def follow(self, leader: MassingGLView) -> None:
        if self._copying:
            return  # the followers' own cameraMoved while we set them
        self._copying = True
        try:
            params = leader.cameraParams()
            for view in self.views:
                if view is not leader:
                    if leader.is_camera_moving():
                        view.camera_moving()
                    view.standard_view = leader.standard_view
                    view.setCameraParams(**params)
        finally:
            self._copying = False


class ComparisonSide(QWidget):
    """The B half: a title naming the scenario and a GL view of it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.gl = MassingGLView(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.title)
        layout.addWidget(self.gl, 1)
        self.scene = None
        self.scenario_id: str | None = None
        self.history = None
        self._generation = 0
        self._building = False
        self._pending_year: int | None = None  # the year of the build that waits for the running one
        self.on_built = None  # called with no arguments after each new scene is shown

    def show_scenario(self, history, scenario_id: str | None, year: int | None) -> None:
        """Show ``scenario_id`` of ``history``'s project in ``year`` (None: hide the B side)."""
        self.history, self.scenario_id = history, scenario_id
        self.setVisible(scenario_id is not None)
        self.rebuild(year)

    def scenario(self):
        if self.history is None or self.scenario_id is None:
            return None
        try:
            return self.history.project.scenario(self.scenario_id)
        except KeyError:
            return None

    def rebuild(self, year: int | None) -> None:
        self._generation += 1
        self._pending_year = year
        scenario = self.scenario()
        if scenario is None:
            self.scene = None
            return
        self.title.setText(self.tr("B: {0}").format(scenario.name))
        if self._building:
            return  # the running build's result is stale on arrival and starts the next one
        self._building = True
        generation = self._generation
        project = detached_copy(self.history.project)
        copy = project.scenario(scenario.id)
        run_task(self, self.tr("Building 3D view"), lambda ctx: build_scene(project, copy, year),
                 on_done=lambda scene: self._built(scene, generation, year),
                 on_error=lambda exc: self._failed(exc, generation, year), dialog=False)

    def _built(self, scene, generation: int, year) -> None:
        self._building = False
        if generation != self._generation:
            self.rebuild(self._pending_year)
            return
        self.scene = scene
        self.gl.scene_items.show(scene, self.history.project.boundary if self.history is not None else None)
        self.gl.scene_items.prepare_moving(self)
        if self.on_built is not None:
            self.on_built()

    def _failed(self, exc: BaseException, generation: int, year) -> None:
        self._building = False
        if generation != self._generation:
            self.rebuild(self._pending_year)
            return
        self.title.setText(self.tr("3D view failed: {0}").format(exc))

    def follow(self, changes, year: int | None) -> None:
        """Bring the B scene up to date after ``changes`` (from the history)."""
        scenario = self.scenario()
        if scenario is None:
            if self.scenario_id is not None:  # B was deleted
                self.show_scenario(self.history, None, year)
            return
        active = scenario is self.history.project.active_scenario
        touched = set()
        for change in changes:
            if change.touches_zones and (change.scenario_id == scenario.id
                                         or (change.scenario_id is None and active)):
                touched |= change.zone_ids
        if not touched:
            return
        if self.scene is None or self._building or len(touched) > LIVE_LIMIT:
            self.rebuild(year)
            return
        self.gl.scene_items.sync(self.scene.apply({z: scenario.zones.get(z) for z in touched}), touched)

"""History.discard_redo: what a cancelled live drag uses so Redo cannot replay it."""
from __future__ import annotations

from shapely.geometry import box

from parkplanner.core.editing import History
from parkplanner.core.editing.zone_commands import add_zones, delete_zones
from parkplanner.core.model.project import Project
from parkplanner.core.model.zone import Zone


def test_discard_redo_forgets_undone_steps_and_an_unreachable_clean_state():
    project = Project()
    history = History(project)
    history.push(add_zones(project, [Zone(1, box(0, 0, 100, 100), "0701")]))
    history.push(delete_zones(project, [1]))
    history.mark_clean()
    history.undo()
    history.discard_redo()
    assert not history.can_redo and history.labels == ["Add zone"]
    assert not history.is_clean  # the saved state was the discarded one
    history.discard_redo()  # nothing to discard: no change
    assert history.labels == ["Add zone"]

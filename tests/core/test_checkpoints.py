"""Jumping to a checkpoint restores the whole project and is itself undoable."""
from shapely.geometry import box

from parkplanner.core.editing import History
from parkplanner.core.editing.checkpoints import RestoreCheckpoint, take_checkpoint
from parkplanner.core.editing.project_commands import SetProjectField, duplicate_scenario
from parkplanner.core.editing.zone_commands import add_zones, set_zone_attributes
from parkplanner.core.model.parameters import Parameters
from parkplanner.core.model.project import Project
from parkplanner.core.model.zone import Zone


def test_jump_restores_everything_and_undo_returns():
    project = Project(name="Workshop")
    history = History(project)
    history.push(add_zones(project, [Zone(1, box(0, 0, 100, 100), "100101", far=1.0)]))
    checkpoint = take_checkpoint(project, "Morning consensus")
    at_checkpoint = project.snapshot()

    history.push(set_zone_attributes(project, [1], {"far": 3.0}))
    history.push(duplicate_scenario(project, "base"))
    history.push(SetProjectField.of(project, "parameters", Parameters(employed_share=0.5)))
    afternoon = project.snapshot()
    assert afternoon != at_checkpoint

    history.push(RestoreCheckpoint(checkpoint))
    assert project.snapshot() == at_checkpoint
    assert project.active_scenario.zones[1].far == 1.0 and len(project.scenarios) == 1
    history.undo()
    assert project.snapshot() == afternoon
    history.redo()
    assert project.snapshot() == at_checkpoint

"""The window's canvas prepares the zone layers and pictures of scenarios not shown while idle: a
switch to one then shows the prepared picture at once, and that picture is the one a render of
the scenario from scratch gives. Activity drops a preparation; an edit since makes it unusable."""
from __future__ import annotations

from parkplanner.core.editing import History
from parkplanner.core.editing.project_commands import switch_scenario
from parkplanner.core.editing.zone_commands import set_zone_attributes
from parkplanner.core.synthetic import synthetic_project
from tests.ui.test_scenario_switch_cache import _biggest_zone, _canvas, _colour_at_zone, _fill, _other_code


def _prepared_canvas(qtbot, after_ms: int = 20):
    """Three scenarios, B and C each recolouring their biggest zone; the canvas shows A."""
    project = synthetic_project(300, seed=3, scenarios=3)
    recoloured = {}
    for scenario in project.scenarios[1:]:
        zone = _biggest_zone(project, scenario.id)
        code = _other_code(project, zone)
        scenario.zones[zone.id] = zone.with_changes(code=code)
        recoloured[scenario.id] = (zone, code)
    history = History(project)
    canvas = _canvas(qtbot, project, history)
    canvas.prepare_scenarios(after_ms)
    return project, history, canvas, recoloured


def _fresh(canvas):
    return canvas.renderer.render_image(canvas.viewport, canvas.rendered_image.devicePixelRatio())


def _ready(canvas, scenario_ids) -> bool:
    renderer = canvas.renderer
    return all(canvas.pictures.get(i) is not None and canvas.pictures[i].layer is renderer.kept_layer(i)
               for i in scenario_ids)


def test_a_switch_to_a_prepared_scenario_shows_its_prepared_picture_which_a_fresh_render_gives(qtbot):
    project, history, canvas, recoloured = _prepared_canvas(qtbot)
    others = [s.id for s in project.scenarios[1:]]
    qtbot.waitUntil(lambda: _ready(canvas, others), timeout=10_000)
    for scenario_id in others:
        prepared = canvas.pictures[scenario_id]
        history.push(switch_scenario(project, scenario_id))
        canvas.flush_changes()
        assert not canvas.rendering and canvas.rendered_image is prepared.image  # at once, no job
        zone, code = recoloured[scenario_id]
        assert _colour_at_zone(canvas, zone) == _fill(project, code)
        assert canvas.rendered_image == _fresh(canvas)


def test_activity_drops_a_preparation_and_idle_prepares_the_new_view(qtbot, monkeypatch):
    from parkplanner.ui.canvas import scenario_pictures

    held = []
    monkeypatch.setattr(scenario_pictures, "later", lambda owner, step: held.append(step))
    project, history, canvas, _ = _prepared_canvas(qtbot)
    other = project.scenarios[1].id
    qtbot.waitUntil(lambda: bool(held), timeout=10_000)  # a layer is being brought in line
    canvas.pan_by(7.0, 3.0)  # the planner moves on: what was being prepared is dropped
    for step in held:
        step()
    assert canvas.pictures.get(other) is None and canvas.renderer.kept_layer(other) is None
    monkeypatch.undo()
    canvas._settle()
    assert canvas.wait_rendered()
    qtbot.waitUntil(lambda: _ready(canvas, [other]), timeout=10_000)
    assert canvas.pictures[other].view == canvas.viewport  # prepared for the view moved to


def test_an_edit_of_a_prepared_scenario_is_drawn_at_the_switch(qtbot):
    project, history, canvas, recoloured = _prepared_canvas(qtbot)
    other = project.scenarios[1].id
    qtbot.waitUntil(lambda: _ready(canvas, [other]), timeout=10_000)
    prepared = canvas.pictures[other]
    zone, code = recoloured[other]
    history.push(set_zone_attributes(project, [zone.id], {"code": zone.code}, scenario_id=other))  # back
    canvas.flush_changes()
    history.push(switch_scenario(project, other))
    canvas.flush_changes()
    assert canvas.wait_rendered()
    assert canvas.rendered_image is not prepared.image
    assert _colour_at_zone(canvas, zone) == _fill(project, zone.code)
    assert canvas.rendered_image == _fresh(canvas)


def test_a_canvas_that_does_not_prepare_keeps_no_picture_ahead(qtbot):
    project = synthetic_project(200, seed=3, scenarios=2)
    history = History(project)
    canvas = _canvas(qtbot, project, history)
    qtbot.wait(150)
    assert not canvas.pictures and canvas.renderer.kept_layer(project.scenarios[1].id) is None

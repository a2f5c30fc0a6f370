"""Kept engines, zone layers and pictures per scenario: a switch shows exactly the scenario's state.

Edits made to a scenario while another is shown, project-wide changes and undo across switches must
all reach the kept caches; the LRU bounds hold; a switch back without edits reuses the picture.
"""
from __future__ import annotations

import pytest
import shapely
from PySide6.QtGui import QColor

from parkplanner.core.editing import History
from parkplanner.core.editing.project_commands import (
    RemoveScenario, SetProjectField, duplicate_scenario, switch_scenario,
)
from parkplanner.core.editing.zone_commands import set_zone_attributes
from parkplanner.core.metrics.engine import MetricsEngine, compute_metrics
from parkplanner.core.synthetic import synthetic_project
from parkplanner.ui.canvas import styles
from parkplanner.ui.canvas.map_canvas import MapCanvas
from parkplanner.ui.canvas.map_renderer import KEPT_LAYERS
from parkplanner.ui.metrics_bridge import KEPT_SCENARIOS, MetricsBridge, SectorTotals


def _setup(scenarios: int = 2, zones: int = 300):
    project = synthetic_project(zones, seed=3, scenarios=scenarios)
    history = History(project)
    bridge = MetricsBridge(history)
    return project, history, bridge


def _step(history, bridge, command) -> None:
    history.push(command)
    bridge.flush()


def _fresh(project, scenario_id):
    expected = compute_metrics(project, scenario_id).to_dict()
    expected["by_sector"] = SectorTotals(MetricsEngine(project, scenario_id)).rows(s["id"] for s in expected["sectors"])
    return expected


def _assert_shows(bridge, project):
    expected = _fresh(project, project.active_scenario_id)
    current = dict(bridge.current)
    by_sector = current.pop("by_sector")
    assert current == {k: v for k, v in expected.items() if k != "by_sector"}
    for got, want in zip(by_sector, expected["by_sector"]):
        assert got["id"] == want["id"]
        assert abs(got["gfa_m2"] - want["gfa_m2"]) <= 1e-6 * max(1.0, want["gfa_m2"])
        assert abs(got["jobs"] - want["jobs"]) <= 1e-6 * max(1.0, want["jobs"])


def _biggest_zone(project, scenario_id):
    zones = project.scenario(scenario_id).zones
    return max(zones.values(), key=lambda z: z.geometry.area)


def test_an_edit_in_the_hidden_scenario_shows_after_switching_to_it(qapp):
    project, history, bridge = _setup()
    a, b = (s.id for s in project.scenarios)
    _step(history, bridge, switch_scenario(project, b))
    _step(history, bridge, switch_scenario(project, a))  # both engines kept now
    zone = _biggest_zone(project, b)
    history.push(set_zone_attributes(project, [zone.id], {"far": 7.5}, scenario_id=b))
    bridge.flush()
    _assert_shows(bridge, project)  # still A, unchanged by B's edit
    _step(history, bridge, switch_scenario(project, b))
    _assert_shows(bridge, project)
    assert bridge.engine.zone_figures(zone.id).gfa_m2 == zone.geometry.area * 7.5


def test_a_parameter_change_reaches_every_kept_engine(qapp):
    project, history, bridge = _setup(scenarios=3)
    ids = [s.id for s in project.scenarios]
    for scenario_id in ids[1:] + ids[:1]:
        _step(history, bridge, switch_scenario(project, scenario_id))
    assert set(bridge.kept_scenario_ids) == set(ids)
    params = project.parameters.with_overrides({"m2_gfa_per_resident": 47.0, "mxd_residential_share": 0.2})
    _step(history, bridge, SetProjectField.of(project, "parameters", params))
    _assert_shows(bridge, project)
    for scenario_id in ids[1:]:
        _step(history, bridge, switch_scenario(project, scenario_id))
        _assert_shows(bridge, project)


def test_undo_across_a_switch(qapp):
    project, history, bridge = _setup()
    a, b = (s.id for s in project.scenarios)
    zone = _biggest_zone(project, a)
    before = _fresh(project, a)
    _step(history, bridge, set_zone_attributes(project, [zone.id], {"far": 9.0}))
    _step(history, bridge, switch_scenario(project, b))
    history.undo()  # back to A, still edited
    bridge.flush()
    assert project.active_scenario_id == a
    _assert_shows(bridge, project)
    history.undo()  # the edit itself
    bridge.flush()
    _assert_shows(bridge, project)
    assert bridge.current["totals"] == before["totals"]
    history.redo()
    history.redo()  # on B again
    bridge.flush()
    assert project.active_scenario_id == b
    _assert_shows(bridge, project)


def test_kept_engines_are_bounded_and_forget_deleted_scenarios(qapp):
    project, history, bridge = _setup(scenarios=1)
    base = project.active_scenario_id
    for _ in range(KEPT_SCENARIOS + 2):
        _step(history, bridge, duplicate_scenario(project, base))  # shows the copy
    assert len(bridge.kept_scenario_ids) == KEPT_SCENARIOS
    assert bridge.kept_scenario_ids[-1] == project.active_scenario_id
    doomed = project.active_scenario_id
    _step(history, bridge, RemoveScenario(project, doomed))
    assert doomed not in bridge.kept_scenario_ids
    _assert_shows(bridge, project)
    history.undo()  # the same scenario object comes back and is shown: built afresh or caught up
    bridge.flush()
    assert project.active_scenario_id == doomed
    _assert_shows(bridge, project)


# -- the canvas -----------------------------------------------------------------------------------
def _canvas(qtbot, project, history):
    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(640, 480)
    canvas.renderer.show_labels = False  # labels could cover the pixels the tests read
    canvas.set_project(project)
    history.changed.connect(canvas.on_changes)
    canvas.show()
    qtbot.waitExposed(canvas)
    canvas.zoom_to_extent()
    canvas.grab()  # paints now, offscreen too: starts the render job
    assert canvas.wait_rendered()
    return canvas


def _switch(history, canvas, scenario_id) -> None:
    history.push(switch_scenario(history.project, scenario_id))
    canvas.flush_changes()
    canvas.grab()  # paints now, offscreen too
    assert canvas.wait_rendered()


def _colour_at_zone(canvas, zone) -> str:
    point = shapely.point_on_surface(zone.geometry)
    at = canvas.viewport.map_to_screen(point.x, point.y)
    return QColor(canvas._cache.pixel(int(at.x()), int(at.y()))).name()


def _fill(project, code) -> str:
    return QColor(styles.zone_fill_hex(project.scheme, code)).name()


def _other_code(project, zone) -> str:
    mine = styles.zone_fill_hex(project.scheme, zone.code)
    codes = {z.code for z in project.active_scenario}
    return next(c for c in sorted(codes) if styles.zone_fill_hex(project.scheme, c) != mine)


def _recoloured_in_b(qtbot):
    """Two scenarios that draw alike but for B's biggest zone, recoloured; the canvas shows A."""
    project = synthetic_project(300, seed=3, scenarios=2)
    zone = _biggest_zone(project, project.scenarios[1].id)
    code = _other_code(project, zone)
    project.scenarios[1].zones[zone.id] = zone.with_changes(code=code)
    history = History(project)
    return project, history, _canvas(qtbot, project, history), zone, code


def test_switching_back_reuses_the_picture_until_the_scenario_is_edited(qtbot):
    project = synthetic_project(300, seed=3, scenarios=2)
    history = History(project)
    canvas = _canvas(qtbot, project, history)
    a, b = (s.id for s in project.scenarios)
    picture_a = canvas._cache
    _switch(history, canvas, b)
    assert canvas._cache is not picture_a
    _switch(history, canvas, a)
    assert canvas._cache is picture_a  # nothing changed: shown again without drawing
    _switch(history, canvas, b)
    zone = _biggest_zone(project, a)
    code = _other_code(project, zone)
    history.push(set_zone_attributes(project, [zone.id], {"code": code}, scenario_id=a))
    canvas.flush_changes()
    _switch(history, canvas, a)
    assert canvas.renderer.zones.zone(zone.id) is project.scenario(a).zones[zone.id]
    assert _colour_at_zone(canvas, project.scenario(a).zones[zone.id]) == _fill(project, code)
    history.undo()  # the switch
    history.undo()  # the recolouring, while B is shown
    canvas.flush_changes()
    _switch(history, canvas, a)
    assert _colour_at_zone(canvas, zone) == _fill(project, zone.code)


def test_a_first_visit_redraws_where_the_scenarios_differ(qtbot):
    project, history, canvas, zone, code = _recoloured_in_b(qtbot)
    a, b = (s.id for s in project.scenarios)
    _switch(history, canvas, b)
    assert _colour_at_zone(canvas, zone) == _fill(project, code)
    # The picture equals one drawn from scratch for B.
    fresh = canvas.renderer.render_image(canvas.viewport, canvas._cache.devicePixelRatio())
    assert fresh == canvas._cache


def test_kept_layers_and_pictures_are_bounded(qtbot):
    project = synthetic_project(120, seed=3, scenarios=KEPT_LAYERS + 2)
    history = History(project)
    canvas = _canvas(qtbot, project, history)
    for scenario in project.scenarios[1:]:
        _switch(history, canvas, scenario.id)
    kept = [s.id for s in project.scenarios if canvas.renderer.kept_layer(s.id) is not None]
    assert len(kept) == KEPT_LAYERS and project.active_scenario_id in kept
    assert len(canvas._pictures) <= KEPT_LAYERS - 1
    assert set(canvas._pictures) <= set(kept)


def test_metrics_of_a_hidden_scenario_equal_a_fresh_computation_and_keep_the_shown_one(qtbot):
    """The comparison reads both sides from the bridge's engines: the same numbers as
    compute_metrics, after edits to the hidden scenario, and the shown scenario stays shown."""
    from parkplanner.core.editing import History
    from parkplanner.core.editing.project_commands import duplicate_scenario
    from parkplanner.core.editing.zone_commands import set_zone_attributes
    from parkplanner.core.metrics import compute_metrics
    from parkplanner.core.synthetic import synthetic_project
    from parkplanner.ui.metrics_bridge import MetricsBridge

    project = synthetic_project(300, seed=4)
    history = History(project)
    bridge = MetricsBridge(history, kept_scenarios=2)
    history.push(duplicate_scenario(project, "base"))  # the copy becomes active and shown
    copy_id = project.active_scenario_id
    bridge.flush()
    base = project.scenario("base")
    some = list(base.zones)[:5]
    history.push(set_zone_attributes(project, some, {"far": 4.5}, scenario_id="base"))
    hidden = bridge.metrics_of("base")
    assert hidden["totals"] == compute_metrics(project, base).to_dict()["totals"]
    assert bridge.current["totals"] == compute_metrics(project, project.scenario(copy_id)).to_dict()["totals"]
    assert bridge.engine.scenario.id == copy_id
    bridge.close()


def test_a_first_visit_to_a_scenario_read_from_a_file_redraws_only_what_is_drawn_differently(qtbot):
    """A file gives each scenario its own geometry objects: equal vertices must count as alike."""
    from shapely import affinity, from_wkb, to_wkb

    from parkplanner.core.editing.change import ChangeKind, ProjectChange
    from parkplanner.ui.canvas.map_renderer import MapRenderer

    project = synthetic_project(300, seed=3, scenarios=2)
    a, b = project.scenarios
    # B as a reader leaves it: every zone with a geometry of its own, equal to A's.
    for zone_id, zone in list(b.zones.items()):
        b.zones[zone_id] = zone.with_changes(geometry=from_wkb(to_wkb(zone.geometry)))
    moved = _biggest_zone(project, b.id)
    b.zones[moved.id] = moved.with_changes(geometry=affinity.translate(moved.geometry, 3.0, 0.0))
    renderer = MapRenderer()
    renderer.set_project(project)
    project.active_scenario_id = b.id
    need = renderer.apply_changes([ProjectChange(ChangeKind.PROJECT, field="active_scenario_id")])
    x0, y0, x1, y1 = moved.geometry.bounds
    assert need.switched is not None and need.area == (x0, y0, x1 + 3.0, y1)  # only the moved zone
    assert renderer.zones.zone(moved.id) is b.zones[moved.id]
    assert all(renderer.zones.zone(i) is z for i, z in b.zones.items())  # the layer holds B's zones
    assert all(renderer.kept_layer(a.id).zone(i) is z for i, z in a.zones.items())  # and A's kept layer A's


@pytest.mark.parametrize("planned", [False, True])
def test_a_first_visit_redraws_on_a_worker_and_a_switch_back_meanwhile_never_shows_that_redraw(qtbot, planned):
    project, history, canvas, zone, code = _recoloured_in_b(qtbot)
    a, b = (s.id for s in project.scenarios)
    picture_a = canvas._cache
    history.push(switch_scenario(project, b))
    canvas.flush_changes()
    assert canvas._patch_due is not None and canvas._cache == picture_a  # A's picture stays up until B's arrives
    assert canvas.rendering  # what a caller waiting for the picture asks: a planned patch counts
    job = None
    if planned:
        canvas._start_patch_job()  # the next turn: the patch is planned and drawn on a worker
        job = canvas._job
        assert job is not None and canvas._cache == picture_a
    history.push(switch_scenario(project, a))
    canvas.flush_changes()
    assert canvas._patch_due is None and canvas._cache is picture_a  # A's kept picture, at once
    assert not canvas.rendering
    if job is not None:
        assert job.cancelled and job.wait_drawn(10.0)
    qtbot.wait(100)  # the cancelled job's report, or the turn that would have planned B's patch
    assert canvas._job is None
    assert canvas._cache is picture_a and _colour_at_zone(canvas, zone) == _fill(project, zone.code)
    _switch(history, canvas, b)
    assert _colour_at_zone(canvas, zone) == _fill(project, code)
    assert canvas._cache == canvas.renderer.render_image(canvas.viewport, canvas._cache.devicePixelRatio())

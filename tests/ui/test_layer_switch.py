"""A scenario switch at city scale: the layer is brought in line on a worker while the picture
left stays up, and what lands is what a switch made here shows, edits made meanwhile included."""
from __future__ import annotations

import threading

import pytest
from shapely import affinity

from parkplanner.core.editing import History
from parkplanner.core.editing.project_commands import switch_scenario
from parkplanner.core.editing.zone_commands import reshape_zone, set_zone_attributes
from parkplanner.core.synthetic import synthetic_project
from parkplanner.ui.canvas import layer_switch, map_renderer
from parkplanner.ui.canvas.map_canvas import MapCanvas


@pytest.fixture
def gate(monkeypatch):
    """Every switch above 20 zones goes to a worker, which waits for ``gate.set()``."""
    gate, threads = threading.Event(), []
    run = layer_switch.LayerSwitch._run
    monkeypatch.setattr(map_renderer, "SWITCH_ON_WORKER", 20)
    monkeypatch.setattr(layer_switch.LayerSwitch, "_run",
                        lambda self: (threads.append(threading.current_thread()), gate.wait(10), run(self))[2])
    gate.threads = threads
    return gate


def _canvas(qtbot, project, history):
    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(640, 480)
    canvas.set_project(project)
    history.changed.connect(canvas.on_changes)
    canvas.show()
    qtbot.waitExposed(canvas)
    canvas.zoom_to_extent()
    canvas.grab()
    assert canvas.wait_rendered()
    return canvas


def _fresh(canvas):
    """The current view of the active scenario drawn from scratch, here."""
    return canvas.renderer.render_image(canvas.viewport, canvas._cache.devicePixelRatio())


def _settled(qtbot, canvas):
    qtbot.waitUntil(lambda: not canvas.renderer.switching, timeout=10_000)
    canvas.grab()
    assert canvas.wait_rendered()


def _two_scenarios():
    project = synthetic_project(300, seed=5, scenarios=2)
    b = project.scenarios[1]
    for zone_id in list(b.zones)[::7]:  # B draws ~40 zones differently: recoloured or moved
        zone = b.zones[zone_id]
        b.zones[zone_id] = zone.with_changes(code="0802") if zone_id % 2 else \
            zone.with_changes(geometry=affinity.translate(zone.geometry, 15.0, -10.0))
    return project, History(project)


def test_a_first_visit_on_a_worker_shows_the_picture_left_until_it_lands_then_the_scenario(qtbot, gate):
    project, history = _two_scenarios()
    canvas = _canvas(qtbot, project, history)
    a, b = (s.id for s in project.scenarios)
    left = canvas._cache.copy()
    history.push(switch_scenario(project, b))
    canvas.flush_changes()
    # On its way: the picture and the overlays are the scenario left's, no hover is taken.
    assert canvas.renderer.switching and canvas.rendering and not canvas.picture_is_current()
    assert canvas.renderer.scenario_id == a and canvas.renderer.drawn_zones.zone(next(iter(project.scenario(a).zones)))
    canvas.repaint()
    assert canvas._cache == left
    gate.set()
    _settled(qtbot, canvas)
    assert gate.threads and gate.threads[0] is not threading.main_thread()
    assert canvas.renderer.scenario_id == b
    assert canvas._cache == _fresh(canvas) and canvas._cache != left
    # Back to A: its kept picture, drawn from scratch alike.
    history.push(switch_scenario(project, a))
    canvas.flush_changes()
    _settled(qtbot, canvas)
    assert canvas._cache == left == _fresh(canvas)


def test_edits_and_a_switch_back_made_while_a_switch_is_on_its_way_follow_it(qtbot, gate):
    project, history = _two_scenarios()
    canvas = _canvas(qtbot, project, history)
    a, b = (s.id for s in project.scenarios)
    history.push(switch_scenario(project, b))
    canvas.flush_changes()
    assert canvas.renderer.switching
    # An edit of B while its layer is made: the worker reads a copy of B's zones, the edit
    # reaches the layer as its change once the switch has landed.
    zone = max(project.scenario(b).zones.values(), key=lambda z: z.geometry.area)
    history.push(reshape_zone(project, zone.id, affinity.translate(zone.geometry, 30.0, 20.0)))
    history.push(set_zone_attributes(project, [next(iter(project.scenario(b).zones))], {"code": "1401"}))
    threading.Timer(0.05, gate.set).start()
    canvas.flush_changes()  # lands the switch first (waiting for its worker), then the edits
    assert not canvas.renderer.switching
    _settled(qtbot, canvas)
    assert canvas._cache == _fresh(canvas)
    # A switch back while the next one is on its way.
    gate.clear()
    history.push(switch_scenario(project, a))
    canvas.flush_changes()
    assert canvas.renderer.switching
    history.push(switch_scenario(project, b))
    threading.Timer(0.05, gate.set).start()
    canvas.flush_changes()
    _settled(qtbot, canvas)
    assert canvas.renderer.scenario_id == b and canvas._cache == _fresh(canvas)
    # Reading the layer lands a switch on its way.
    gate.clear()
    history.push(switch_scenario(project, a))
    canvas.flush_changes()
    threading.Timer(0.05, gate.set).start()
    assert canvas.renderer.zones is canvas.renderer.kept_layer(a) and canvas.renderer.scenario_id == a
    _settled(qtbot, canvas)
    assert canvas._cache == _fresh(canvas)


def test_another_project_shown_while_a_switch_is_on_its_way_never_gets_its_layer(qtbot, gate):
    project, history = _two_scenarios()
    canvas = _canvas(qtbot, project, history)
    history.push(switch_scenario(project, project.scenarios[1].id))
    canvas.flush_changes()
    other = synthetic_project(120, seed=9)
    canvas.set_project(other)
    gate.set()
    qtbot.wait(100)  # the worker's report arrives: nothing to land
    assert not canvas.renderer.switching and canvas.renderer.scenario_id == other.active_scenario_id
    assert len(canvas.renderer.zones) == len(other.active_scenario.zones)
    canvas.grab()
    assert canvas.wait_rendered() and canvas._cache == _fresh(canvas)

"""The validation dock: one entry per topology problem, click to select and zoom, one undo step per
fix (and per "fix all"), coalesced re-checks that skip attribute edits, background checks for
large projects, the editing options and the problems drawn on the map."""
from __future__ import annotations

import pytest
import shapely
from PySide6.QtCore import QSettings, Qt
from shapely import difference
from shapely.geometry import box

from parkplanner.core.editing.project_commands import SetProjectField, blank_scenario, switch_scenario
from parkplanner.core.editing.zone_commands import add_zones, reshape_zone, set_zone_attributes
from parkplanner.core.geometry.topology_process import shared_helper
from parkplanner.core.model.project import Project
from parkplanner.core.model.zone import Zone
from parkplanner.ui.app import create_application
from parkplanner.ui.editor_panels import install_editor_panels, problem_view_bounds
from parkplanner.ui.main_window import MainWindow
from parkplanner.ui.panels import validation_panel as validation_module


def problem_project() -> Project:
    """Inside a 300 x 200 m boundary: zones 1 and 2 overlap by 1,000 m², a 600 m² gap in the
    corner of zone 5, zone 6 is a 20 m² sliver and zone 3 reaches 20 m beyond the boundary."""
    project = Project()
    project.boundary = box(0, 0, 300, 200)
    shapes = {1: box(0, 0, 100, 100), 2: box(90, 0, 200, 100), 3: box(200, 0, 320, 99.8),
              4: box(0, 100, 150, 200), 5: difference(box(150, 100, 300, 200), box(150, 100, 170, 130)),
              6: box(200, 99.8, 300, 100)}
    # Green (public park) zones: neither the black hatch nor the yellow tape of problems.
    project.active_scenario.zones.update({i: Zone(i, g, "1401") for i, g in shapes.items()})
    return project


@pytest.fixture
def window(qtbot):
    create_application()
    # Qt keeps the settings file of the first test's home for the whole run: start from defaults.
    settings = QSettings()
    for key in ("validation/sliver_area_m2", "editing/avoid_overlap", "editing/clip_to_boundary",
                "editing/topological_editing"):
        settings.remove(key)
    win = MainWindow()
    win.ask_unsaved = lambda: "discard"
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.set_document(problem_project(), None)
    win.editor = install_editor_panels(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def panel(window, qtbot):
    panel = window.editor.validation
    qtbot.waitUntil(lambda: panel.checks_run > 0 and not panel.busy)
    return panel


def settle(panel, qtbot) -> None:
    """Wait for the coalesced re-check the last edit started."""
    qtbot.waitUntil(lambda: not panel.busy and not panel.stale)


def kinds(panel) -> list[tuple]:
    return [(p.kind, p.zone_ids) for p in panel.problems]


FOUR = [("overlap", (1, 2)), ("gap", (5, 4, 2)), ("sliver", (6,)), ("outside_boundary", (3,))]


def test_four_problems_listed_with_counts_in_the_dock_title(window, panel):
    assert kinds(panel) == FOUR
    assert panel.model.rowCount() == 4
    assert window.editor.validation_dock.windowTitle() == "Validation (1 overlap · 1 gap · 1 sliver · 1 outside)"
    assert panel.model.index(0, 0).data() == "Overlap" and panel.model.index(0, 1).data() == "1, 2"
    assert "overlap by 1,000 m²" in panel.model.index(0, 3).data()


def test_problem_messages_in_a_chinese_interface(panel):
    from PySide6.QtWidgets import QApplication

    from parkplanner.ui import i18n

    app = QApplication.instance()
    i18n.install_translators(app, "zh_CN")
    try:
        assert panel.model.index(0, 3).data() == "地块 1 与地块 2 重叠 1,000 m²"
    finally:
        i18n.install_translators(app, "en")
    assert panel.model.index(0, 3).data() == "Zones 1 and 2 overlap by 1,000 m²"


def test_area_follows_the_status_bar_unit(window, panel):
    window.readout.set_unit("m²")
    assert panel.model.index(1, 2).data() == "600 m²"
    window.readout.set_unit("mu")
    assert panel.model.index(1, 2).data() == "0.9 mu (600 m²)"  # 600 / 666.67, with m² while below 1
    window.readout.set_unit("ha")
    assert panel.model.index(3, 2).data() == "0.20 ha (1,996 m²)"


def test_clicking_an_entry_selects_its_zones_and_zooms_to_it(window, panel, qtbot):
    table = panel.table
    rect = table.visualRect(panel.model.index(0, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.selection.ids == {1, 2}
    view = window.canvas.viewport
    assert (view.center_x, view.center_y) == pytest.approx((95.0, 50.0))  # the overlap's centre
    minx, miny, maxx, maxy = view.map_extent()
    assert minx <= 90 and maxx >= 100 and miny <= 0 and maxy >= 100
    assert maxy - miny == pytest.approx(160)  # the 100 m strip and 30 % either side, not the 200 m park
    assert window.editor.overlay.current is panel.problems[0]
    panel.select_problem(2)  # keyboard or code: the same
    assert window.selection.ids == {6}


def test_problem_view_keeps_context_around_a_tiny_problem(panel):
    sliver = panel.problems[2]
    minx, miny, maxx, maxy = problem_view_bounds(sliver)
    assert maxx - minx == pytest.approx(100.0) and maxy - miny == pytest.approx(80.0)


@pytest.mark.parametrize("row, label, undo_check", [
    (0, "Trim overlap of zone 1 with zone 2 (1,000 m²)", lambda z: z[1].geometry.bounds == (0, 0, 90, 100)),
    (1, "Fill gap of 600 m² into zone 5", lambda z: z[5].area_m2 == pytest.approx(15_000)),
    (2, "Delete sliver zone 6", lambda z: 6 not in z),
    (3, "Clip zone 3 to the boundary", lambda z: z[3].geometry.bounds == (200, 0, 300, 99.8)),
])
def test_each_fix_is_one_undo_step_and_undo_brings_the_entry_back(window, panel, qtbot, row, label, undo_check):
    history = window.history
    before = history.index
    panel.select_problem(row)
    fixed = panel.problems[row]
    assert panel.fix_button.isEnabled()
    assert panel.fix_current()
    assert history.index == before + 1 and history.undo_label == label
    assert undo_check(window.project.active_scenario.zones)
    assert (fixed.kind, fixed.zone_ids) not in kinds(panel)  # gone at once, before the re-check
    settle(panel, qtbot)
    assert len(panel.problems) == 3 and (fixed.kind, fixed.zone_ids) not in kinds(panel)
    history.undo()
    settle(panel, qtbot)
    assert kinds(panel) == FOUR


def test_fix_button_names_the_fix(panel):
    labels = []
    for row in range(4):
        panel.select_problem(row)
        labels.append(panel.fix_button.text())
    assert labels == ["Trim overlap", "Fill gap into zone 5", "Delete sliver", "Clip to boundary"]
    assert panel.fix_all_button.text() == "Clip all to the boundary (1)"


def test_fix_all_of_a_kind_is_one_grouped_step(window, panel, qtbot):
    history = window.history
    # A second overlap: zone 7 half on zone 4.
    history.push(add_zones(window.project, [Zone(7, box(-10, 150, 50, 160), "0701")]))
    settle(panel, qtbot)
    overlaps = [p for p in panel.problems if p.kind == "overlap"]
    assert [p.zone_ids for p in overlaps] == [(1, 2), (4, 7)]
    panel.select_problem(0)
    assert panel.fix_all_button.text() == "Trim all overlaps (2)"
    before = history.index
    assert panel.fix_all_current() == 2
    assert history.index == before + 1 and history.undo_label == "Trim 2 overlaps"
    zones = window.project.active_scenario.zones
    assert zones[1].geometry.bounds == (0, 0, 90, 100) and zones[7].geometry.bounds == (-10, 150, 0, 160)
    assert not [p for p in panel.problems if p.kind == "overlap"]
    history.undo()
    assert zones[1].geometry.bounds == (0, 0, 100, 100) and zones[7].geometry.bounds == (-10, 150, 50, 160)
    settle(panel, qtbot)
    assert len([p for p in panel.problems if p.kind == "overlap"]) == 2


def test_a_stale_list_is_checked_again_before_a_fix(window, panel):
    history = window.history
    zones = window.project.active_scenario.zones
    panel.select_problem(0)
    # Zone 1 moves off zone 2 before the re-check: the listed overlap no longer exists.
    history.push(reshape_zone(window.project, 1, box(0, 0, 90, 100)))
    assert panel.stale and panel.busy
    before = history.index
    assert not panel.fix(panel.problems[0])
    assert history.index == before and zones[1].geometry.bounds == (0, 0, 90, 100)
    assert [k for k, _ in kinds(panel)] == ["gap", "sliver", "outside_boundary"]


def test_refused_fix_leaves_history_alone(window, panel, qtbot):
    messages = []
    panel.message.connect(messages.append)
    zones = window.project.active_scenario.zones
    history = window.history
    # A zone wholly inside zone 4: trimming the smaller one would leave nothing.
    history.push(add_zones(window.project, [Zone(8, box(10, 110, 40, 140), "0701")]))
    settle(panel, qtbot)
    row = next(n for n, p in enumerate(panel.problems) if p.zone_ids == (4, 8))
    before = history.index
    assert not panel.fix(panel.problems[row])
    assert history.index == before and 8 in zones
    assert messages[-1].startswith("Cannot fix it: nothing is left after trimming")


def test_checks_are_coalesced_and_skip_attribute_edits(window, panel, qtbot):
    runs = panel.checks_run
    window.history.push(set_zone_attributes(window.project, [1], {"far": 2.5}))
    assert not panel.busy and not panel.stale  # typing a FAR never starts a check
    for x in (100, 101, 102):  # a drag's steps: one check after the last
        window.history.push(reshape_zone(window.project, 1, box(0, 0, x, 100)))
    assert panel.busy and panel.stale and panel.summary.text().endswith("checking again…")
    settle(panel, qtbot)
    assert panel.checks_run == runs + 1
    assert panel.problems[0].area_m2 == pytest.approx(1200)


def test_scenario_switch_and_boundary_edit_are_checked_again(window, panel, qtbot):
    project, history = window.project, window.history
    history.push(blank_scenario(project, "Empty"))  # inserted and made the active scenario
    settle(panel, qtbot)
    # No zones yet: the whole park is one gap, with no neighbour to fill it into.
    assert kinds(panel) == [("gap", ())] and panel.problems[0].area_m2 == pytest.approx(60_000)
    panel.select_problem(0)
    assert panel.fix_button.text() == "Fill gap (no single neighbour)" and not panel.fix_button.isEnabled()
    first = project.scenarios[0].id
    history.push(switch_scenario(project, first))
    settle(panel, qtbot)
    assert kinds(panel) == FOUR
    wider = box(0, 0, 300, 200).union(box(300, 0, 320, 99.8))  # the red line moved around zone 3
    history.push(SetProjectField.of(project, "boundary", wider))
    settle(panel, qtbot)
    assert [k for k, _ in kinds(panel)] == ["overlap", "gap", "sliver"]  # zone 3 now lies inside


def test_large_projects_are_checked_in_the_helper_process(window, panel, qtbot, monkeypatch):
    monkeypatch.setattr(validation_module, "BACKGROUND_ZONES", 3)
    calls = []
    real = validation_module.check_topology
    monkeypatch.setattr(validation_module, "check_topology", lambda *args: calls.append(args) or real(*args))
    helper = shared_helper()
    checked_here = helper.fallbacks
    window.history.push(reshape_zone(window.project, 1, box(0, 0, 95, 100)))
    settle(panel, qtbot)
    assert not calls and helper.running and helper.fallbacks == checked_here  # not in this process
    assert panel.problems[0].area_m2 == pytest.approx(500)


def test_change_during_a_background_check_is_followed_by_another(window, panel, qtbot, monkeypatch):
    monkeypatch.setattr(validation_module, "BACKGROUND_ZONES", 3)
    window.history.push(reshape_zone(window.project, 1, box(0, 0, 95, 100)))
    panel._timer.stop()
    panel._start_check()  # the worker checks the 500 m² overlap ...
    assert panel._future is not None
    window.history.push(reshape_zone(window.project, 1, box(0, 0, 92, 100)))
    panel._timer.stop()
    panel._start_check()  # ... while zone 1 moves again: this request waits for it
    settle(panel, qtbot)
    assert panel.problems[0].area_m2 == pytest.approx(200)


def test_sliver_threshold_option_rechecks(window, panel, qtbot):
    panel.sliver_box.setValue(700.0)  # gaps below the sliver area are digitising noise
    settle(panel, qtbot)
    assert [k for k, _ in kinds(panel)] == ["overlap", "sliver", "outside_boundary"]
    assert float(QSettings().value("validation/sliver_area_m2")) == 700.0


def test_editing_options_reach_the_tools_and_outlive_the_document(window, panel):
    options = window.tool_controller.ctx.options
    bar = window.editor.options_bar
    assert bar.isVisibleTo(panel)
    assert bar.avoid_box.isChecked() and options.avoid_overlap
    assert not bar.clip_box.isChecked() and not options.clip_to_boundary
    assert not bar.topological_box.isChecked() and not options.topological_editing
    bar.clip_box.setChecked(True)
    bar.avoid_box.setChecked(False)
    bar.topological_box.setChecked(True)
    assert options.clip_to_boundary and not options.avoid_overlap and options.topological_editing
    window.set_document(problem_project(), None)
    fresh = window.tool_controller.ctx.options
    assert fresh is not options and fresh.clip_to_boundary and not fresh.avoid_overlap and fresh.topological_editing
    assert window.editor.options_bar is not bar and window.editor.options_bar.clip_box.isChecked()


def test_new_document_is_checked_and_its_problems_listed(window, panel, qtbot):
    clean = Project()
    clean.active_scenario.zones.update({1: Zone(1, box(0, 0, 100, 100), "0701")})
    window.set_document(clean, None)
    fresh = window.editor.validation
    settle(fresh, qtbot)
    assert fresh.problems == [] and window.editor.validation_dock.windowTitle() == "Validation"
    assert fresh.summary.text().startswith("No problems")
    assert window.editor.overlay.problems == []


def test_problems_are_drawn_on_the_map(window, panel, qtbot):
    canvas = window.canvas
    panel.select_problem(3)  # the zone-3 excess beyond x = 300: the picked problem
    canvas.set_viewport(canvas.viewport.fitted_to((0, 0, 320, 200)))
    view = canvas.viewport
    canvas.repaint()
    qtbot.waitUntil(lambda: window.editor.overlay.ready, timeout=10_000)  # outlines built on a worker

    def count(test, x0, y0, x1, y1) -> int:
        image = canvas.grab().toImage()
        a, b = view.map_to_screen(x0, y1), view.map_to_screen(x1, y0)
        return sum(bool(test(image.pixelColor(sx, sy)))
                   for sx in range(int(a.x()) + 2, int(b.x()) - 1) for sy in range(int(a.y()) + 2, int(b.y()) - 1))

    def ink(c):
        return c.green() < 150 and c.red() < 90  # black hatch lines over the green fill

    def tape(c):
        return c.red() > 230 and 180 < c.green() < 235 and c.blue() < 60

    assert count(tape, 298, -2, 322, 102) > 50  # the warning-tape outline of the picked excess
    assert count(ink, 92, 5, 98, 95) > 10  # the overlap strip, cross-hatched
    plain = (5, 160, 50, 195)  # a corner of zone 4, away from its label and the scale bar
    assert count(ink, *plain) == 0 and count(tape, *plain) == 0
    window.editor.overlay.set_problems([])
    canvas.repaint()
    assert count(tape, 298, -2, 322, 102) == 0 and count(ink, 92, 5, 98, 95) == 0


def test_problems_with_many_vertices_are_drawn_once_per_settled_view(qtbot):
    from PySide6.QtGui import QImage, QPainter
    from shapely.geometry import Polygon

    from parkplanner.core.geometry.topology import TopologyProblem
    from parkplanner.ui.canvas.viewport import Viewport
    from parkplanner.ui.canvas.zone_layer import ZoneLayer
    from parkplanner.ui.editor_panels import BULK_ELEMENTS, ProblemOverlay

    create_application()
    # Unzoned streets around 4,800 parcels: one gap with 4,800 holes (5 path elements each).
    holes = [box(x * 10 + 2, y * 10 + 2, x * 10 + 8, y * 10 + 8).exterior.coords for x in range(80) for y in range(60)]
    streets = Polygon(box(0, 0, 800, 600).exterior.coords, holes)
    problem = TopologyProblem("gap", (), streets, streets.area, "Gap between many zones")
    layer = ZoneLayer.from_zones([Zone(1, box(0, 0, 800, 600), "1401")], Project().scheme)
    view = Viewport(400, 300).with_origin(*layer.origin).fitted_to((200, 150, 600, 450), margin=0.0)
    settled = {"view": view}
    overlay = ProblemOverlay(lambda: settled["view"])
    overlay.set_problems([problem])
    image = QImage(400, 300, QImage.Format.Format_ARGB32_Premultiplied)

    def paint(at):
        image.fill(0)
        painter = QPainter(image)
        overlay.paint(painter, layer, at)
        painter.end()

    def painted(x0, x1) -> int:  # drawn pixels in a band of columns
        return sum(image.pixelColor(x, y).alpha() > 0 for x in range(x0, x1) for y in range(100, 200))

    paint(view)  # starts building the outlines on a worker; nothing drawn before they arrive
    assert overlay._paths is None and painted(180, 220) == 0
    qtbot.waitUntil(lambda: overlay.ready, timeout=10_000)
    paint(view)
    assert overlay.bulk and overlay._paths[0].element_count > BULK_ELEMENTS
    drawn = overlay._image
    assert overlay._image_view == view and painted(180, 220) > 500
    paint(view.panned_by(-40, 0))  # a pan frame moves the picture, it does not draw the paths again
    assert overlay._image is drawn and overlay._image_view == view
    assert painted(370, 400) == 0 and painted(180, 220) > 500  # the right edge is uncovered for now
    settled["view"] = view.panned_by(-40, 0)
    paint(settled["view"])  # the map settled: a render job draws the outlines for it on a worker
    assert overlay._image is drawn and painted(370, 400) == 0  # meanwhile the last picture, moved
    qtbot.waitUntil(lambda: overlay.ready, timeout=10_000)
    paint(settled["view"])
    assert overlay._image_view == settled["view"] and painted(370, 400) > 100


def test_outlines_the_helper_cut_are_drawn_as_cut_here_without_decoding_them(qtbot):
    from PySide6.QtGui import QImage, QPainter
    from shapely.geometry import Polygon

    from parkplanner.core.geometry.rings import ring_chunks
    from parkplanner.core.geometry.topology import PendingOutline, TopologyProblem
    from parkplanner.ui.canvas.chunked_areas import CHUNK_ELEMENTS
    from parkplanner.ui.canvas.viewport import Viewport
    from parkplanner.ui.canvas.zone_layer import ZoneLayer
    from parkplanner.ui.editor_panels import ProblemOverlay

    create_application()
    holes = [box(x * 10 + 2, y * 10 + 2, x * 10 + 8, y * 10 + 8).exterior.coords for x in range(80) for y in range(60)]
    streets = Polygon(box(0, 0, 800, 600).exterior.coords, holes)
    pending = PendingOutline(shapely.to_wkb(streets))  # what the helper's answer holds
    cut = ring_chunks([streets], CHUNK_ELEMENTS)  # what the helper cut
    layer = ZoneLayer.from_zones([Zone(1, box(0, 0, 800, 600), "1401")], Project().scheme)
    view = Viewport(400, 300).with_origin(*layer.origin).fitted_to((150, 100, 650, 500), margin=0.0)
    images = []
    for problem, chunks in ((TopologyProblem("gap", (), streets, streets.area, "Gap"), None),
                            (TopologyProblem.with_pending("gap", (), pending, streets.area, "Gap"),
                             (cut, cut.signatures()))):
        overlay = ProblemOverlay(lambda: view)
        overlay.set_problems([problem], chunks)
        image = QImage(400, 300, QImage.Format.Format_ARGB32_Premultiplied)
        for _ in range(2):  # the first paint starts the build on a worker, the second shows it
            image.fill(0)
            painter = QPainter(image)
            overlay.paint(painter, layer, view)
            painter.end()
            qtbot.waitUntil(lambda: overlay.ready, timeout=10_000)
        assert overlay.bulk
        images.append(image)
    assert images[0] == images[1] and not images[1].isNull()
    assert not pending.decoded  # drawn from the chunks: the 4,800-hole polygon never decoded here


def test_summary_names_the_land_counted_twice_by_overlaps(panel):
    """Zones 1 and 2 share the 10 m × 100 m strip x 90–100: 1,000 m² counted twice in every total."""
    assert "will do. Overlapping zones share 0.10 ha (1,000 m²): the dashboard's totals count it more than once." in \
        panel.summary.text()

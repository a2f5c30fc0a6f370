"""ZoneLayer bookkeeping: bulk build, edits, hit tests; Viewport maths; scale-bar lengths."""
from __future__ import annotations

import pytest
import shapely
from shapely.geometry import box

from parkplanner.core.model.zone import Zone
from parkplanner.core.synthetic import synthetic_project
from parkplanner.ui.canvas import styles
from parkplanner.ui.canvas.overlays import format_distance, nice_scale_length
from parkplanner.ui.canvas.viewport import Viewport
from parkplanner.ui.canvas.zone_layer import ZoneLayer


def _snapshot(layer: ZoneLayer):
    tiles = {}
    for key, tile in layer._tiles.items():
        groups = {colour: (frozenset(g.ids), g.bounds) for colour, g in tile.groups.items()}
        tiles[key] = (frozenset(tile.ids), tile.bounds, groups)
    return tiles


def test_bulk_build_equals_zone_by_zone_inserts(qapp):
    project = synthetic_project(1500, seed=4)
    zones = list(project.active_scenario.zones.values())
    bulk = ZoneLayer.from_zones(zones, project.scheme)
    one_by_one = ZoneLayer(project.scheme, bulk.origin, bulk.tile_size)
    for zone in zones:
        one_by_one._insert(zone, tuple(float(v) for v in shapely.bounds(zone.geometry)))
    assert _snapshot(bulk) == _snapshot(one_by_one)
    for key, tile in bulk._tiles.items():  # the bulk build's hit-test arrays, against ones made lazily
        ids, bounds = bulk._tile_arrays(tile)
        lazy_ids, lazy_bounds = one_by_one._tile_arrays(one_by_one._tiles[key])
        assert sorted(zip(ids.tolist(), map(tuple, bounds.tolist()))) == \
            sorted(zip(lazy_ids.tolist(), map(tuple, lazy_bounds.tolist())))
        for group in tile.groups.values():  # each group's geometries are its members'
            assert sorted(map(id, group.geometries)) == sorted(id(bulk.zone(i).geometry) for i in group.ids)
    assert sum(bulk.colours().values()) == 1500
    assert len({colour for tile in bulk._tiles.values() for colour in tile.groups}) == len(bulk.colours())


def test_update_reports_old_and_new_area_and_regroups(qapp):
    zones = {1: Zone(1, box(0, 0, 100, 100), "070102"), 2: Zone(2, box(300, 0, 400, 100), "0802")}
    layer = ZoneLayer.from_zones(zones.values(), "MNR-2023")
    moved = dict(zones)
    moved[1] = zones[1].with_changes(geometry=box(1000, 1000, 1100, 1100), code="1401")
    dirty = layer.update_zones(moved, [1])
    assert dirty == (0.0, 0.0, 1100.0, 1100.0)
    assert layer.colours() == {styles.zone_fill_hex("MNR-2023", "1401"): 1, styles.zone_fill_hex("MNR-2023", "0802"): 1}
    del moved[2]
    assert layer.update_zones(moved, [2]) == (300.0, 0.0, 400.0, 100.0)
    assert len(layer) == 1 and 2 not in layer
    assert layer.update_zones(moved, [1]) is None  # same zone object: nothing to repaint


def _recoloured_moved_removed(zones: dict, step: int, reshape) -> tuple[dict, list[int]]:
    """Every ``step``-th zone edited in turn: another land use, ``reshape``-d, removed; the edited
    zones and the ids touched."""
    codes = sorted({z.code for z in zones.values()})
    edited = dict(zones)
    touched = sorted(zones)[::step]
    for k, zone_id in enumerate(touched):
        zone = edited[zone_id]
        if k % 3 == 0:
            edited[zone_id] = zone.with_changes(code=codes[(codes.index(zone.code) + 1) % len(codes)])
        elif k % 3 == 1:
            edited[zone_id] = zone.with_changes(geometry=reshape(zone.geometry))
        else:
            del edited[zone_id]
    return edited, touched


def test_edits_leave_the_tiles_and_groups_a_fresh_build_has(qapp):
    """Recoloured, moved and removed zones (many at a tile's or group's edge): every tile and group
    ends with the members and bounds of a layer built from the edited zones."""
    from shapely import affinity

    project = synthetic_project(1500, seed=4)
    zones = dict(project.active_scenario.zones)
    layer = ZoneLayer.from_zones(zones.values(), project.scheme)
    edited, touched = _recoloured_moved_removed(zones, 7, lambda g: affinity.translate(g, 40.0, -25.0))
    layer.update_zones(edited, touched)
    fresh = ZoneLayer(project.scheme, layer.origin, layer.tile_size)
    for zone in edited.values():
        fresh._insert(zone, tuple(float(v) for v in shapely.bounds(zone.geometry)))
    assert _snapshot(layer) == _snapshot(fresh)


def _fresh_snapshot(like: ZoneLayer, zones: dict):
    fresh = ZoneLayer(like.scheme, like.origin, like.tile_size)
    for zone in zones.values():
        fresh._insert(zone, tuple(float(v) for v in shapely.bounds(zone.geometry)))
    return _snapshot(fresh)


def test_a_copy_and_its_original_change_apart_though_they_share_tiles(qapp):
    """A copy shares its tiles with the original until one of them changes one: edits of either,
    in turn and in tiles both still share, leave each with the tiles and groups of its own zones."""
    from shapely import affinity

    project = synthetic_project(1500, seed=4)
    zones = dict(project.active_scenario.zones)
    original = ZoneLayer.from_zones(zones.values(), project.scheme)
    copy = original.copy()
    copy_zones, copy_touched = _recoloured_moved_removed(zones, 5, lambda g: affinity.translate(g, 30.0, 10.0))
    copy.update_zones(copy_zones, copy_touched)
    assert _snapshot(original) == _fresh_snapshot(original, zones)  # the copy's edits stay in the copy
    original_zones, original_touched = _recoloured_moved_removed(zones, 7, lambda g: affinity.translate(g, -20.0, 5.0))
    original.update_zones(original_zones, original_touched)
    again = copy.copy()  # a copy of a copy, then the middle one edited once more
    copy.update_zones(zones, copy_touched)  # back to the project's zones
    assert _snapshot(original) == _fresh_snapshot(original, original_zones)
    assert _snapshot(copy) == _fresh_snapshot(copy, zones)
    assert _snapshot(again) == _fresh_snapshot(again, copy_zones)


def test_group_areas_are_measured_by_a_frame_and_follow_edits(qapp):
    """The typical span that picks a group's outline pen comes from the group's area: measured when
    a frame builds the group's path, then kept up to date by edits (recoloured zones move between
    groups without a path being built), equal to the members' areas summed by shapely."""
    from PySide6.QtGui import QImage, QPainter
    from shapely import affinity

    from parkplanner.ui.canvas.viewport import Viewport

    project = synthetic_project(1500, seed=4)
    zones = dict(project.active_scenario.zones)
    layer = ZoneLayer.from_zones(zones.values(), project.scheme)
    groups = [g for tile in layer._tiles.values() for g in tile.groups.values()]
    assert all(g.area is None for g in groups)  # a bulk build measures nothing up front
    view = Viewport(400, 300).fitted_to(layer.extent()).with_origin(*layer.origin)
    image = QImage(400, 300, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    painter.setTransform(view.local_transform())
    layer.paint(painter, view.map_extent(), view.pixel_size)
    painter.end()

    def assert_measured():
        for tile in layer._tiles.values():
            for group in tile.groups.values():
                expected = sum(shapely.area(layer.zone(i).geometry) for i in group.ids)
                assert group.area == pytest.approx(expected, rel=1e-9)

    assert_measured()
    edited, touched = _recoloured_moved_removed(zones, 5, lambda g: affinity.scale(g, 1.5, 1.2))
    layer.update_zones(edited, touched)
    assert_measured()


def test_zone_at_prefers_the_smaller_of_overlapping_zones(qapp):
    zones = [Zone(1, box(0, 0, 1000, 1000), "1401"), Zone(2, box(400, 400, 500, 500), "0901")]
    layer = ZoneLayer.from_zones(zones, "MNR-2023")
    assert layer.zone_at(450, 450) == 2
    assert layer.zone_at(100, 100) == 1
    assert layer.zone_at(2000, 2000) is None
    assert layer.zone_at(1003, 500, tolerance=5) == 1


def test_zones_in_filters_by_extent_and_size(qapp):
    zones = [Zone(1, box(0, 0, 10, 10), "1401"), Zone(2, box(100, 0, 300, 200), "0901")]
    layer = ZoneLayer.from_zones(zones, "MNR-2023")
    assert sorted(layer.zones_in((0, 0, 500, 500)).tolist()) == [1, 2]
    assert layer.zones_in((0, 0, 500, 500), min_span=50).tolist() == [2]
    assert layer.zones_in((50, 0, 60, 10)).tolist() == []
    assert layer.zones_in((0, 0, 500, 500), min_span=201).tolist() == []  # larger than any zone
    grown = {1: zones[0].with_changes(geometry=box(0, 0, 10, 400)), 2: zones[1]}  # an edit makes zone 1 the largest
    layer.update_zones(grown, [1])
    assert sorted(layer.zones_in((0, 0, 500, 500), min_span=201).tolist()) == [1]
    assert sorted(layer.copy().zones_in((0, 0, 500, 500), min_span=201).tolist()) == [1]


def test_viewport_round_trip_and_zoom_limits():
    view = Viewport(800, 600, 500_000.0, 4_380_000.0, 2.0, 499_000.0, 4_379_000.0)
    p = view.map_to_screen(500_100.0, 4_380_050.0)
    assert (p.x(), p.y()) == (450.0, 275.0)
    assert view.screen_to_map(450.0, 275.0) == (500_100.0, 4_380_050.0)
    local = view.local_transform().map(p.__class__(1100.0, 1050.0))  # same point relative to the origin
    assert (local.x(), local.y()) == pytest.approx((450.0, 275.0))
    assert view.zoomed_about(1e9, 0, 0).pixel_size == 0.01
    fitted = view.fitted_to((0, 0, 1600, 600), margin=0.0)
    assert fitted.pixel_size == 2.0 and fitted.center_x == 800.0


@pytest.mark.parametrize("pixel_size, length, text", [
    (1.0, 100.0, "100 m"), (3.0, 200.0, "200 m"), (9.0, 1000.0, "1 km"), (40.0, 2000.0, "2 km"), (0.004, 0.2, "20 cm"),
])
def test_scale_bar_picks_round_lengths(pixel_size, length, text):
    assert nice_scale_length(pixel_size) == pytest.approx(length)
    assert nice_scale_length(pixel_size) / pixel_size <= 120
    assert format_distance(nice_scale_length(pixel_size)) == text


def _outline_shades(side_px: float, scale: float = 1.0) -> set[tuple[int, int, int]]:
    """Colours along a row crossing one square zone drawn ``side_px`` pixels wide, pens scaled by ``scale``."""
    from PySide6.QtGui import QImage, QPainter

    layer = ZoneLayer.from_zones([Zone(1, box(0, 0, 100, 100), "1401")], "MNR-2023", origin=(0.0, 0.0))
    # The zone's left edge falls at x = 10.4 px: an antialiased outline shades two columns there.
    pixel = 100.0 / side_px
    view = Viewport(200, 200, center_x=(100.0 - 10.4) * pixel, center_y=50.0, pixel_size=pixel)
    image = QImage(200, 200, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(styles.BACKGROUND)
    with styles.pen_scale(scale):
        painter = QPainter(image)
        painter.setTransform(view.local_transform())
        layer.paint(painter, view.map_extent(), view.pixel_size)
        painter.end()
    row = int(view.map_to_screen(0.0, 50.0).y())
    edge = int(view.map_to_screen(0.0, 50.0).x())
    return {image.pixelColor(x, row).getRgb()[:3] for x in range(edge - 3, edge + 4)}


def test_small_zones_get_crisp_outlines_and_large_ones_smooth(qapp):
    background = styles.BACKGROUND.getRgb()[:3]
    fill = styles.brush_for(styles.zone_fill_hex("MNR-2023", "1401")).color().getRgb()[:3]
    # 8 px wide: background, one outline shade, the fill; nothing in between.
    assert len(_outline_shades(8.0) - {background, fill}) == 1
    # 60 px wide: the antialiased outline blends over two columns, two shades at least.
    assert len(_outline_shades(60.0) - {background, fill}) >= 2
    # A print figure (pens scaled up) keeps antialiased outlines on small zones too.
    assert len(_outline_shades(8.0, scale=1.5) - {background, fill}) >= 2


def test_an_edit_of_an_attribute_the_map_does_not_draw_swaps_the_zones_and_repaints_nothing(qapp, monkeypatch):
    """A workshop release rewrites thousands of FARs (its change names the field): the layer
    files the new zone objects without comparing them, nothing is to be repainted, and it stays
    what a fresh build of the scenario gives. A code edit named the same way still repaints."""
    from parkplanner.core.editing.change import ChangeKind, ProjectChange
    from parkplanner.ui.canvas.map_renderer import MapRenderer

    project = synthetic_project(600, seed=6)
    renderer = MapRenderer()
    renderer.set_project(project)
    scenario = project.active_scenario
    ids = sorted(scenario.zones)[::3]
    for zone_id in ids:
        scenario.zones[zone_id] = scenario.zones[zone_id].with_changes(far=scenario.zones[zone_id].far + 0.5)
    compared = []
    monkeypatch.setattr(ZoneLayer, "update_zones", lambda self, *a, **k: compared.append(a) or None)
    need = renderer.apply_changes([ProjectChange(ChangeKind.ZONES_ATTRIBUTES, scenario.id, frozenset(ids), "far")])
    assert not need and need.area is None and not compared  # no zone compared
    monkeypatch.undo()
    assert all(renderer.zones.zone(i) is scenario.zones[i] for i in scenario.zones)
    assert _snapshot(renderer.zones) == _snapshot(ZoneLayer.from_zones(scenario.zones.values(), project.scheme,
                                                                       renderer.zones.origin))
    zone = scenario.zones[ids[0]]
    other = next(c for c in sorted({z.code for z in scenario}) if styles.zone_fill_hex(project.scheme, c)
                 != styles.zone_fill_hex(project.scheme, zone.code))
    scenario.zones[zone.id] = zone.with_changes(code=other)
    need = renderer.apply_changes([ProjectChange(ChangeKind.ZONES_ATTRIBUTES, scenario.id, frozenset([zone.id]), "code")])
    assert need.area == tuple(float(v) for v in shapely.bounds(zone.geometry))

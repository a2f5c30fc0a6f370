"""The comparison's change map and change ledger at a size where laziness matters: the map's
picture drawn by a job is the synchronous picture, a superseded job never shows, every changed
zone is in the map's paths, and the ledger hands its rows out in batches with the ledger's texts."""
from __future__ import annotations

import numpy as np
import pytest
import shapely
from PySide6.QtGui import QImage, QPainterPath

from parkplanner.core.scenarios.compare import compare_scenarios
from parkplanner.core.synthetic import synthetic_project
from parkplanner.ui.scenarios.change_ledger import BATCH, GROUPS, ZONE_ID_ROLE, ChangeLedger
from parkplanner.ui.scenarios.change_map import CHUNK, ChangeMap, PreparedChanges


@pytest.fixture(scope="module")
def comparison():
    project = synthetic_project(2500, seed=3, scenarios=2)
    a, b = project.scenarios
    for zone_id in list(b.zones)[::9]:  # about 280 attribute changes on top of the variant's own
        b.zones[zone_id] = b.zones[zone_id].with_changes(name=f"renamed {zone_id}")
    for zone_id in list(b.zones)[5:600:50]:
        del b.zones[zone_id]
    return compare_scenarios(project, a, b)


@pytest.fixture
def change_map(qtbot, comparison):
    widget = ChangeMap()
    qtbot.addWidget(widget)
    widget.resize(520, 400)
    widget.show_prepared(comparison, ChangeMap.prepare(comparison))
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _shown(qtbot, widget) -> QImage:
    qtbot.waitUntil(lambda: widget._picture_content == widget._content, timeout=30_000)
    return widget._picture


def _synchronous(widget) -> QImage:
    image = QImage(widget._picture.size(), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(widget._picture.devicePixelRatio())
    assert widget.picture_plan().draw(image)
    return image


def _rings(path: QPainterPath) -> int:
    return sum(path.elementAt(n).isMoveTo() for n in range(path.elementCount()))


def _by_block(zones: dict, ids) -> list[list]:
    """The geometries of ``ids`` in chunks of the places CHUNK * k to CHUNK * (k + 1) of ``zones``."""
    places = sorted(list(zones).index(i) for i in ids)
    values = list(zones.values())
    blocks: dict[int, list] = {}
    for place in places:
        blocks.setdefault(place // CHUNK, []).append(values[place].geometry)
    return list(blocks.values())


def test_every_zone_of_each_style_is_in_its_paths(comparison):
    prepared = ChangeMap.prepare(comparison)
    extent, chunks = prepared.extent, prepared.chunks
    ledger, a, b = comparison.ledger, comparison.scenario_a.zones, comparison.scenario_b.zones
    everything = [z.geometry for z in (*a.values(), *b.values())]
    assert extent == pytest.approx(tuple(shapely.total_bounds(np.array(everything))), abs=1e-6)
    changed = ledger.changed_zone_ids()
    reclassed = {e.zone_id for e in ledger.reclassed}
    expected = {"unchanged": _by_block(b, [i for i in b if i not in changed]),
                "attributes": _by_block(b, [i for i in {e.zone_id for e in ledger.attributes} - reclassed if i in b]),
                "removed": _by_block(a, [e.zone_id for e in ledger.removed])}
    assert len(expected["unchanged"]) > 1 and len(expected["attributes"]) > 1  # cut into several paths
    for kind, pieces in expected.items():
        assert len(chunks[kind]) == len(pieces)
        for (path, bounds), geometries in zip(chunks[kind], pieces):  # what the picture tests against the view
            rings = int(shapely.get_num_interior_rings(np.array(geometries)).sum()) + len(geometries)
            assert _rings(path) == rings, kind
            assert bounds == pytest.approx(tuple(shapely.total_bounds(np.array(geometries))), abs=1e-6), kind


def test_an_edit_rebuilds_the_chunks_of_its_own_zones_only():
    project = synthetic_project(2500, seed=3, scenarios=2)
    a, b = project.scenarios
    before = compare_scenarios(project, a, b)
    first = ChangeMap.prepare(before)
    place = next(n for n, i in enumerate(b.zones) if n >= 1000 and i not in before.ledger.changed_zone_ids())
    moved = list(b.zones)[place]  # an unchanged zone is reshaped in B: it leaves its "unchanged" chunk
    b.zones[moved] = b.zones[moved].with_changes(geometry=shapely.affinity.translate(b.zones[moved].geometry, 3.0))
    comparison = compare_scenarios(project, a, b)
    again = ChangeMap.prepare(comparison, first)
    assert again.origin == first.origin  # the same land: the kept paths stay right
    kept = [key for key, piece in again.pieces.items() if key in first.pieces and piece[1] is first.pieces[key][1]]
    # All but its old chunk and the new ones of its reshaped outline and of its outline in A.
    assert len(kept) == len(again.pieces) - 3
    assert ("unchanged", place // CHUNK) not in kept
    assert {("reshaped", place // CHUNK), ("reshaped_before", place // CHUNK)} <= set(again.pieces) - set(kept)
    # Kept or built, every chunk holds what a preparation from scratch (in the same origin) holds.
    scratch = ChangeMap.prepare(comparison, PreparedChanges(first.extent, first.origin, {}))
    assert again.extent == scratch.extent and again.chunks == scratch.chunks
    assert ChangeMap.prepare(comparison, PreparedChanges((1e7, 1e7, 1e7 + 1, 1e7 + 1), (1e7, 1e7), {})).origin \
        == (again.extent[0], again.extent[1])  # other land: its own origin


def test_the_job_picture_equals_a_synchronous_drawing(qtbot, change_map, comparison):
    change_map.grab()  # the first paint starts the job
    picture = _shown(qtbot, change_map)
    assert picture == _synchronous(change_map)
    assert picture.pixel(260, 200) != QImage(1, 1, QImage.Format.Format_RGB32).pixel(0, 0)  # not empty
    some = comparison.ledger.attributes[0].zone_id
    assert change_map.zoom_to(some)
    change_map.grab()
    assert _shown(qtbot, change_map) == _synchronous(change_map)


def test_a_newer_view_cancels_the_older_job_and_its_picture_never_shows(qtbot, change_map, comparison):
    change_map.grab()
    first = change_map._job
    assert first is not None
    delivered = []
    first.finished.connect(delivered.append)
    change_map.zoom_to(comparison.ledger.removed[0].zone_id)
    change_map.grab()
    assert first.cancelled and change_map._job is not first
    picture = _shown(qtbot, change_map)
    assert first.wait_drawn(10)
    qtbot.wait(50)
    assert delivered == [] and picture is not first.image
    assert change_map._picture_view == change_map._viewport
    assert picture == _synchronous(change_map)


def test_the_ledger_hands_out_rows_in_batches_with_the_ledgers_texts(qtbot, comparison):
    ledger = ChangeLedger()
    qtbot.addWidget(ledger)
    ledger.set_comparison(comparison)
    model = ledger.ledger_model
    entries = {kind: getattr(comparison.ledger, kind) for kind in GROUPS}
    group = GROUPS.index("attributes")
    parent = model.index(group, 0)
    total = len(entries["attributes"])
    assert total > 2 * BATCH
    assert model.index(group, 0).data() == f"other attributes ({total})"
    assert model.rowCount(parent) == BATCH and model.canFetchMore(parent)
    model.fetchMore(parent)
    assert model.rowCount(parent) == 2 * BATCH
    while model.canFetchMore(parent):
        model.fetchMore(parent)
    assert model.rowCount(parent) == total
    for row in (0, BATCH + 3, total - 1):
        entry = entries["attributes"][row]
        texts = [model.index(row, column, parent).data() for column in (1, 2, 3)]
        name = f"{entry.parcel_code} {entry.name}" if entry.parcel_code else entry.name
        assert texts[0] == f"{entry.zone_id} {name} · {entry.field}"
        assert texts[1:] == [str(entry.old), str(entry.new)]
        assert model.index(row, 2, parent).data(ZONE_ID_ROLE) == entry.zone_id
    removed = model.index(GROUPS.index("removed"), 0)
    assert model.rowCount(removed) == len(entries["removed"]) <= 50 and ledger.isExpanded(removed)
    assert not ledger.isExpanded(parent)  # too many to unfold by default
    clicked = []
    ledger.zoneActivated.connect(clicked.append)
    ledger.clicked.emit(model.index(0, 1, removed))
    ledger.clicked.emit(removed)  # a group row names no zone
    assert clicked == [entries["removed"][0].zone_id]

"""Chunked areas: the pixels of one big path drawn in short draw calls, off the GUI thread.

The reference picture is the whole polygon as one path (aliased fill and 1 px outline), the way a
big overlay was drawn before it was chunked; the chunked frame must colour the same pixels. The
listed problems' holes are not outlined (the reference strokes their shells alone), the picked
one's are.
"""
from __future__ import annotations

import shapely
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter
from shapely.geometry import Polygon, box

from parkplanner.ui.app import create_application
from parkplanner.ui.canvas.chunked_areas import CHUNK_ELEMENTS, ChunkedAreas, ChunkedFrame
from parkplanner.ui.canvas.qpaths import polygons_path
from parkplanner.ui.canvas.render_job import RenderJob
from parkplanner.ui.canvas.styles import cosmetic_pen
from parkplanner.ui.canvas.viewport import Viewport

ORIGIN = (1000.0, 2000.0)
HATCH = QBrush(QColor(20, 20, 20, 190), Qt.BrushStyle.DiagCrossPattern)
TINT = QBrush(QColor(255, 212, 0, 110))
INK = cosmetic_pen(QColor(20, 20, 20), 1.0)
TAPE = cosmetic_pen(QColor(255, 212, 0), 1.0)


def _streets():
    """A street network around 60 x 40 parcels: one polygon with 2,400 holes of 9 vertices."""
    holes = []
    for i in range(60):
        for j in range(40):
            x, y = ORIGIN[0] + i * 10 + 2, ORIGIN[1] + j * 10 + 2
            holes.append([(x, y), (x + 3, y - 0.5), (x + 6, y), (x + 6.4, y + 3), (x + 6, y + 6), (x + 3, y + 6.5),
                          (x, y + 6), (x - 0.4, y + 3), (x, y)])
    return Polygon(box(ORIGIN[0], ORIGIN[1], ORIGIN[0] + 600, ORIGIN[1] + 400).exterior.coords, holes)


def _image(view: Viewport) -> QImage:
    image = QImage(view.width, view.height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    return image


def _one_path(view: Viewport, every, picked) -> QImage:
    image = _image(view)
    painter = QPainter(image)
    painter.setTransform(view.local_transform())
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(HATCH)
    painter.drawPath(polygons_path(every, ORIGIN))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(INK)
    painter.drawPath(polygons_path([shapely.Polygon(shapely.get_exterior_ring(g)) for g in every], ORIGIN))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(TINT)
    painter.drawPath(polygons_path(picked, ORIGIN))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(TAPE)
    painter.drawPath(polygons_path(picked, ORIGIN))
    painter.end()
    return image


def _differing(a: QImage, b: QImage) -> int:
    """Pixels whose colour differs by more than the rounding of two premultiplied blends."""
    out = 0
    for y in range(a.height()):
        for x in range(a.width()):
            p, q = a.pixelColor(x, y), b.pixelColor(x, y)
            if max(abs(p.red() - q.red()), abs(p.green() - q.green()), abs(p.blue() - q.blue()),
                   abs(p.alpha() - q.alpha())) > 2:
                out += 1
    return out


def test_chunks_are_short_and_hold_every_ring():
    streets = _streets()
    areas = ChunkedAreas.of([streets], ORIGIN)
    assert len(areas.chunks) > 3 and all(path.elementCount() <= CHUNK_ELEMENTS for path, _, _ in areas.chunks)
    assert areas.element_count == shapely.get_num_coordinates(streets)
    assert [holes for _, holes, _ in areas.chunks][0] is False  # the shell first, then its holes
    assert all(holes for _, holes, _ in areas.chunks[1:])


def test_a_chunked_frame_colours_the_pixels_of_the_whole_path(qtbot):
    create_application()
    streets = _streets()
    overlap = box(ORIGIN[0] + 103, ORIGIN[1] + 53, ORIGIN[0] + 107, ORIGIN[1] + 57)  # inside a hole
    picked = box(ORIGIN[0] + 200, ORIGIN[1] + 100, ORIGIN[0] + 330, ORIGIN[1] + 190).difference(
        box(ORIGIN[0] + 240, ORIGIN[1] + 130, ORIGIN[0] + 260, ORIGIN[1] + 150))  # a polygon with a hole
    for view in (Viewport(320, 220).fitted_to((ORIGIN[0], ORIGIN[1], ORIGIN[0] + 600, ORIGIN[1] + 400), 0.02),
                 Viewport(300, 200).fitted_to((ORIGIN[0] + 80, ORIGIN[1] + 40, ORIGIN[0] + 160, ORIGIN[1] + 90), 0.0)):
        view = view.with_origin(*ORIGIN)
        reference = _one_path(view, [streets, overlap], [picked])
        frame = ChunkedFrame(view, [(ChunkedAreas.of([streets, overlap], ORIGIN), HATCH, (INK,), False),
                                    (ChunkedAreas.of([picked], ORIGIN), TINT, (TAPE,), True)])
        job = RenderJob(frame, _image(view))
        with qtbot.waitSignal(job.finished, timeout=10_000):
            job.start()
        assert sum(job.image.pixelColor(x, y).alpha() > 0 for x in range(0, 300, 7) for y in range(0, 200, 7)) > 100
        assert _differing(job.image, reference) <= view.width * view.height // 2000


def _moved_hole(streets, k: int, dx: float):
    holes = [list(ring.coords) for ring in streets.interiors]
    holes[k] = [(x + dx, y) for x, y in holes[k]]
    return Polygon(streets.exterior.coords, holes)


def test_a_rebuild_keeps_the_paths_of_chunks_whose_holes_did_not_change():
    create_application()
    streets = _streets()
    before = ChunkedAreas.of([streets], ORIGIN)
    moved = _moved_hole(streets, 1234, 0.5)  # one parcel moved half a metre
    after = ChunkedAreas.of([moved], ORIGIN, previous=before)
    fresh = ChunkedAreas.of([moved], ORIGIN)
    assert len(after.chunks) == len(fresh.chunks) and after.kept == len(after.chunks) - 1
    changed = [k for k, (a, b) in enumerate(zip(after.chunks, before.chunks)) if a[0] is not b[0]]
    assert len(changed) == 1
    # Every chunk, kept or built, holds what a build from scratch holds.
    for (path, holes, bounds), (other, other_holes, other_bounds) in zip(after.chunks, fresh.chunks):
        assert path == other and holes == other_holes and bounds == other_bounds
    view = Viewport(320, 220).with_origin(*ORIGIN).fitted_to((ORIGIN[0], ORIGIN[1], ORIGIN[0] + 600, ORIGIN[1] + 400))
    images = [_image(view), _image(view)]
    for areas, image in zip((after, fresh), images):
        ChunkedFrame(view, [(areas, HATCH, (INK,), False)]).draw(image)
    assert images[0] == images[1]
    # Paths are relative to the data origin: another origin keeps nothing.
    assert ChunkedAreas.of([moved], (0.0, 0.0), previous=before).kept == 0


def test_a_cancelled_chunked_frame_stops_between_chunks():
    create_application()
    streets = _streets()
    view = Viewport(320, 220).with_origin(*ORIGIN).fitted_to((ORIGIN[0], ORIGIN[1], ORIGIN[0] + 600, ORIGIN[1] + 400))
    areas = ChunkedAreas.of([streets], ORIGIN)
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 2  # cancel after two chunks

    image = _image(view)
    assert ChunkedFrame(view, [(areas, HATCH, (INK,), False)]).draw(image, cancelled) is False
    assert len(asked) == 3 and len(areas.chunks) > 3


def test_a_recheck_finding_the_same_outlines_keeps_the_drawn_ones(qtbot):
    from shapely import from_wkb, to_wkb

    from parkplanner.core.geometry.topology import TopologyProblem, keeping_outlines
    from parkplanner.core.model.project import Project
    from parkplanner.core.model.zone import Zone
    from parkplanner.ui.canvas.zone_layer import ZoneLayer
    from parkplanner.ui.editor_panels import ProblemOverlay

    create_application()
    streets = _streets()
    layer = ZoneLayer.from_zones([Zone(1, box(*streets.bounds), "1401")], Project().scheme)
    view = Viewport(320, 220).with_origin(*layer.origin).fitted_to(streets.bounds)
    overlay = ProblemOverlay(lambda: view)

    def check(shape):  # what a re-check hands over: new problem objects, the unchanged outlines' geometry
        found = [TopologyProblem("gap", (), from_wkb(to_wkb(shape)), shape.area, "Gap between zones")]
        return keeping_outlines(overlay.problems, found)

    overlay.set_problems(check(streets))
    image = _image(view)
    painter = QPainter(image)
    overlay.paint(painter, layer, view)  # starts the build
    painter.end()
    qtbot.waitUntil(lambda: overlay.ready, timeout=10_000)
    built, drawn = overlay._paths, overlay._image
    assert overlay.bulk and drawn is not None
    overlay.set_problems(check(streets))
    assert overlay.ready and overlay._paths is built and overlay._image is drawn
    overlay.set_problems(check(shapely.affinity.translate(streets, 1.0, 0.0)))
    assert not overlay.ready  # other outlines: built and drawn anew

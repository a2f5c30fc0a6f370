"""Phase titles on the map: every phase of the sample gets its title at the full-extent view."""
from __future__ import annotations

import pytest
from shapely.geometry import box

from parkplanner.core.io.project_file import load_project
from parkplanner.core.resources import sample_project_path
from parkplanner.ui.canvas.reference_layers import OutlinePainter
from parkplanner.ui.canvas.viewport import Viewport


def _titles(project, width: int, height: int):
    b = project.boundary.bounds
    view = Viewport(width, height, origin_x=b[0], origin_y=b[1]).fitted_to(b)
    painter = OutlinePainter(project, (b[0], b[1]))
    return painter.phase_labels(view.local_transform()), view


@pytest.mark.parametrize("size", [(543, 650), (800, 700), (1200, 800), (400, 400)])
def test_every_phase_titled_at_full_extent(qapp, size):
    project = load_project(sample_project_path())
    labels, view = _titles(project, *size)
    names = [name for name, _ in labels]
    assert [name.split()[0] for name in names] == ["一期", "二期", "三期"]
    # Each title lies inside its own phase (corners mapped back to map coordinates).
    for (name, rect), phase in zip(labels, project.phases):
        for corner in (rect.topLeft(), rect.bottomRight()):
            x, y = view.screen_to_map(corner.x(), corner.y())
            assert phase.geometry.buffer(view.pixel_size).contains(box(x, y, x, y).centroid)


def test_long_title_shortened_only_when_needed(qapp):
    project = load_project(sample_project_path())
    wide, _ = _titles(project, 1200, 800)
    narrow, _ = _titles(project, 400, 400)
    assert wide[0][0] == "一期 Phase 1 (4.2 km²)"
    assert narrow[0][0] == "一期 Phase 1"  # bracketed area dropped, the phase still named


def test_tiny_phase_gets_no_title(qapp):
    project = load_project(sample_project_path())
    labels, _ = _titles(project, 60, 60)
    assert labels == []


def test_a_pan_moves_the_titles_with_the_map(qapp):
    project = load_project(sample_project_path())
    b = project.boundary.bounds
    view = Viewport(800, 700, origin_x=b[0], origin_y=b[1]).fitted_to(b)
    painter = OutlinePainter(project, (b[0], b[1]))
    before = painter.phase_labels(view.local_transform())
    panned = Viewport(800, 700, view.center_x + 37 * view.pixel_size, view.center_y - 11 * view.pixel_size,
                      view.pixel_size, b[0], b[1])
    after = painter.phase_labels(panned.local_transform())
    assert [name for name, _ in after] == [name for name, _ in before]
    for (_, r0), (_, r1) in zip(before, after):
        assert (r1.left() - r0.left(), r1.top() - r0.top()) == pytest.approx((-37.0, -11.0))
        assert (r1.width(), r1.height()) == (r0.width(), r0.height())

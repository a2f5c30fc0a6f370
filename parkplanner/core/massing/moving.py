"""The lighter scene drawn while the camera moves: every building as one box, chosen per frame.

Under a software renderer (Mesa's llvmpipe) a frame costs about a quarter of a microsecond per
triangle that reaches setup, whatever its size: the full massing of 20,000 zones (~500,000
triangles) takes ~90 ms, three times an orbit frame's budget. While the camera moves, each
building is drawn as a box instead: its footprint's minimum rotated rectangle, scaled about its
centre to the footprint's area, at the zone's height (the same footprint area, height and volume
as the full massing), 2 roof and 8 wall triangles. Per frame (``visible_faces``) boxes outside the
picture are left out, and so are the walls of boxes whose height would show smaller than
WALL_MIN_PX on screen: seen across a whole park from a few kilometres, walls of 20 m are under a
pixel, and the roof alone draws the same picture. The flat pieces (roads, green, water, the open
parts of plots) are one raster on the ground (``ground_raster``, see ui/view3d/moving_items.py).

When the camera stops, the view draws the full scene again; picking always uses the full scene's
geometry, so a click finds the same zone whichever scene is on screen.
"""
from __future__ import annotations

import numpy as np
import shapely

from parkplanner.core.massing.scene import LOT_TINT, MassingScene, shade

__all__ = ["MovingBoxes", "moving_boxes", "update_boxes", "visible_faces", "ground_colours", "WALL_MIN_PX",
           "GROUND_RASTER_PX", "ROOF_FACES", "WALL_FACES"]

#: Walls shorter than this many pixels on screen are left out while the camera moves.
WALL_MIN_PX = 2.0
#: The ground picture's longer side in pixels: about 10 m a pixel for a 20 km plan, enough for a
#: picture in motion (the full scene's flat triangles are back when the camera stops).
GROUND_RASTER_PX = 2048
#: Vertices of a box: 4 of the roof, then 4 for each of its 4 walls (each face its own colour).
_CORNERS = 20
#: Triangles of a box as vertex numbers within it: the roof, then the walls, counter-clockwise
#: seen from outside (back faces are culled).
ROOF_FACES = np.array([[0, 1, 2], [0, 2, 3]], dtype=np.uint32)
WALL_FACES = np.array([[4 + 4 * k + a for a in tri] for k in range(4) for tri in ((0, 1, 2), (0, 2, 3))],
                      dtype=np.uint32)


class MovingBoxes:
    """Boxes of the built zones: ``vertices`` (n × 20, 3) float32 metres from the scene origin,
    ``colors`` (n × 20, 4) lit bytes, ``centre`` (n, 3), ``radius`` (n,) of the bounding sphere,
    ``height`` (n,) and ``zone_ids`` (n,); ``roof_index`` / ``wall_index`` the triangles of each
    box as rows of vertex numbers into the whole array; ``alive`` False for a box an edit took away."""

    __slots__ = ("vertices", "colors", "centre", "radius", "height", "zone_ids", "roof_index", "wall_index",
                 "alive", "row")

    def __init__(self, vertices, colors, centre, radius, height, zone_ids) -> None:
        self.vertices, self.colors = vertices, colors
        self.centre, self.radius, self.height, self.zone_ids = centre, radius, height, zone_ids
        base = (np.arange(len(zone_ids), dtype=np.uint32) * _CORNERS)[:, None, None]
        self.roof_index = (ROOF_FACES[None] + base).reshape(len(zone_ids), 3 * len(ROOF_FACES))
        self.wall_index = (WALL_FACES[None] + base).reshape(len(zone_ids), 3 * len(WALL_FACES))
        self.alive = np.ones(len(zone_ids), dtype=bool)  # False: the zone lost its box in an edit
        self.row = {z: k for k, z in enumerate(zone_ids.tolist())}

    def __len__(self) -> int:
        return len(self.zone_ids)


def moving_boxes(scene: MassingScene, zone_ids=None) -> MovingBoxes:
    """A box for every zone of ``scene`` (or of those of ``zone_ids`` in it) that stands above
    the ground."""
    candidates = scene.height if zone_ids is None else [z for z in zone_ids if z in scene.height]
    ids = np.fromiter((z for z in candidates if scene.height[z] > 0), np.int64)
    footprints = np.array([scene.footprint[z] for z in ids], dtype=object)
    heights = np.array([scene.height[z] for z in ids], dtype=float)
    colours = np.array([scene.rgba[z] for z in ids], dtype=np.float32).reshape(-1, 4)
    envelope = shapely.oriented_envelope(footprints)
    rectangle = (shapely.get_type_id(envelope) == shapely.GeometryType.POLYGON) \
        & (shapely.get_num_coordinates(envelope) == 5)
    ids, footprints, heights, colours, envelope = (a[rectangle] for a in (ids, footprints, heights, colours,
                                                                           envelope))
    n = len(ids)
    corners = shapely.get_coordinates(envelope).reshape(n, 5, 2)[:, :4, :] - np.asarray(scene.origin)
    clockwise = _cross(corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 0]) < 0
    corners[clockwise] = corners[clockwise][:, ::-1]
    # Scaled about the rectangle's centre to the footprint's area: same area, height and volume.
    middle = corners.mean(axis=1, keepdims=True)
    rect_area = np.abs(_cross(corners[:, 1] - corners[:, 0], corners[:, 3] - corners[:, 0]))
    with np.errstate(invalid="ignore", divide="ignore"):
        factor = np.where(rect_area > 0, np.sqrt(shapely.area(footprints) / rect_area), 1.0)
    corners = middle + (corners - middle) * factor[:, None, None]
    vertices = np.empty((n, _CORNERS, 3), dtype=np.float32)
    vertices[:, :4, :2] = corners
    vertices[:, :4, 2] = heights[:, None]
    normals = np.zeros((n, 5, 3))
    normals[:, 0, 2] = 1.0
    for k in range(4):  # wall k runs from corner k to corner k + 1: (p lo, q lo, q hi, p hi)
        p, q = corners[:, k], corners[:, (k + 1) % 4]
        wall = vertices[:, 4 + 4 * k: 8 + 4 * k]
        wall[:, 0, :2], wall[:, 1, :2], wall[:, 2, :2], wall[:, 3, :2] = p, q, q, p
        wall[:, :2, 2] = 0.0
        wall[:, 2:, 2] = heights[:, None]
        d = q - p
        length = np.hypot(d[:, 0], d[:, 1])
        with np.errstate(invalid="ignore", divide="ignore"):
            normals[:, 1 + k, 0] = np.where(length > 0, d[:, 1] / length, 0.0)  # right of the edge: outside
            normals[:, 1 + k, 1] = np.where(length > 0, -d[:, 0] / length, 0.0)
    face_colours = shade(normals.reshape(-1, 3), np.repeat(colours, 5, axis=0))[:, 0, :].reshape(n, 5, 4)
    colors = np.repeat(face_colours, 4, axis=1)  # the same colour on a face's 4 vertices
    centre = np.empty((n, 3))
    centre[:, :2] = middle[:, 0, :]
    centre[:, 2] = heights / 2.0
    half_diagonal = 0.5 * np.hypot(*(corners[:, 2] - corners[:, 0]).T)
    radius = np.hypot(half_diagonal, heights / 2.0)
    return MovingBoxes(vertices.reshape(-1, 3), colors.reshape(-1, 4), centre, radius, heights, ids)


def _cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]


def visible_faces(boxes: MovingBoxes, mvp: np.ndarray, eye: np.ndarray, focal_px: float,
                  viewport_px: tuple[float, float]) -> np.ndarray:
    """The triangles (rows of vertex numbers, uint32) to draw from camera ``eye`` with the
    column-vector model-view-projection matrix ``mvp`` (4 × 4): the roofs of the boxes whose
    bounding sphere reaches into the picture, and their walls when the box's height shows at
    least WALL_MIN_PX tall. ``focal_px`` is pixels per metre at one metre's distance."""
    if not len(boxes):
        return np.empty((0, 3), np.uint32)
    centre = boxes.centre
    clip = np.c_[centre, np.ones(len(centre))] @ np.asarray(mvp, dtype=float).T
    distance = np.maximum(np.linalg.norm(centre - np.asarray(eye, dtype=float), axis=1), 1e-6)
    # The bounding sphere's radius on screen in normalised device units (focal_px ÷ half the
    # viewport is the projection's scale): a box at the picture's edge is never cut off.
    w = np.maximum(clip[:, 3], 1e-6)
    reach_x = boxes.radius * focal_px / (viewport_px[0] / 2.0) / w
    reach_y = boxes.radius * focal_px / (viewport_px[1] / 2.0) / w
    inside = boxes.alive & ((clip[:, 3] > -boxes.radius) & (np.abs(clip[:, 0] / w) <= 1.0 + reach_x)
              & (np.abs(clip[:, 1] / w) <= 1.0 + reach_y))
    inside |= boxes.alive & (distance <= boxes.radius)  # the eye inside a box's sphere
    tall = inside & (boxes.height * focal_px / distance >= WALL_MIN_PX)
    return np.concatenate([boxes.roof_index[inside].reshape(-1, 3), boxes.wall_index[tall].reshape(-1, 3)])


def ground_colours(scene: MassingScene, zone_ids) -> np.ndarray:
    """RGBA (n, 4, 0–1) each zone lies on the ground in while the camera moves: a flat zone's
    land-use colour, a built plot's paler tint for its open part (a zone built over all of it in
    its own colour, hidden under its box anyway)."""
    colours = np.array([scene.rgba[z] for z in zone_ids], dtype=np.float32).reshape(-1, 4)
    lots = [k for k, z in enumerate(zone_ids) if scene.height[z] > 0 and scene.footprint[z] is not scene.ground[z]]
    colours[lots, :3] = 1.0 - LOT_TINT * (1.0 - colours[lots, :3])
    return colours


def update_boxes(boxes: MovingBoxes, scene: MassingScene, zone_ids) -> tuple[MovingBoxes, tuple[int, int] | None]:
    """``boxes`` following an edit of ``zone_ids`` (already applied to ``scene``). A zone that
    keeps a box has it overwritten in place and one that loses it is hidden (``alive``); only new
    boxes make new arrays. Returns the boxes and the (first, end) vertex range written in place,
    or None when the arrays were replaced (the caller then uploads them whole)."""
    fresh = moving_boxes(scene, zone_ids)
    first, end = len(boxes.vertices), 0
    new = np.ones(len(fresh), dtype=bool)
    for zone_id in zone_ids:
        row = boxes.row.get(int(zone_id))
        if row is not None and boxes.alive[row]:
            boxes.alive[row] = False
    for k, zone_id in enumerate(fresh.zone_ids.tolist()):
        row = boxes.row.get(zone_id)
        if row is None:
            continue
        new[k] = False
        a, b = row * _CORNERS, (row + 1) * _CORNERS
        boxes.vertices[a:b] = fresh.vertices[k * _CORNERS:(k + 1) * _CORNERS]
        boxes.colors[a:b] = fresh.colors[k * _CORNERS:(k + 1) * _CORNERS]
        boxes.centre[row], boxes.radius[row], boxes.height[row] = fresh.centre[k], fresh.radius[k], fresh.height[k]
        boxes.alive[row] = True
        first, end = min(first, a), max(end, b)
    if new.any():
        keep = np.repeat(new, _CORNERS)
        joined = MovingBoxes(*(np.concatenate([getattr(boxes, name), getattr(fresh, name)[keep if per_vertex else new]])
                               for name, per_vertex in (("vertices", True), ("colors", True), ("centre", False),
                                                        ("radius", False), ("height", False), ("zone_ids", False))))
        joined.alive[:len(boxes)] = boxes.alive
        return joined, None
    return boxes, ((first, end) if end > first else None)

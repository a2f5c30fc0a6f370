"""Georeferencing a scan from control points: image pixel (col, row) <-> map point (x, y).

Pixel coordinates follow GDAL's convention: (0, 0) is the top-left corner of the top-left pixel,
rows grow downwards. Map points are in the project CRS, so control points can snap to zones and
context layers. An affine fit needs 3 points, a projective one (a photographed or skewed sheet) 4;
with more, both are least-squares fits and each point's residual tells a mistyped point apart.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np

__all__ = ["ControlPoint", "GeorefFit", "GeorefError", "SavedPoints", "fit", "parse_gcp", "MIN_POINTS",
           "points_to_json", "points_from_json"]

MIN_POINTS = {"affine": 3, "projective": 4}
#: Points whose spread across their smallest direction is below this share of their size are
#: taken as on one line: the fit along that direction would be guesswork (a one-pixel slip across a
#: band 1% wide of a 1,000-pixel scan tilts the map by 10%).
_COLLINEAR_RATIO = 0.01


class GeorefError(ValueError):
    """Control points that cannot give a transform; the message says what to change."""


@dataclass(frozen=True, slots=True)
class ControlPoint:
    col: float
    row: float
    x: float
    y: float


@dataclass(frozen=True)
class GeorefFit:
    method: str
    #: 3x3 matrix taking (col, row, 1) to homogeneous map coordinates.
    matrix: np.ndarray
    points: tuple[ControlPoint, ...]
    #: Distance in map units between each point's map position and where the fit puts its pixel.
    residuals: tuple[float, ...]

    @property
    def rms(self) -> float:
        return math.sqrt(sum(r * r for r in self.residuals) / len(self.residuals))

    def to_map(self, cols, rows) -> tuple[np.ndarray, np.ndarray]:
        cols, rows = np.asarray(cols, float), np.asarray(rows, float)
        m = self.matrix
        w = m[2, 0] * cols + m[2, 1] * rows + m[2, 2]
        return (m[0, 0] * cols + m[0, 1] * rows + m[0, 2]) / w, (m[1, 0] * cols + m[1, 1] * rows + m[1, 2]) / w

    def to_pixel(self, xs, ys) -> tuple[np.ndarray, np.ndarray]:
        inverse = np.linalg.inv(self.matrix)
        xs, ys = np.asarray(xs, float), np.asarray(ys, float)
        w = inverse[2, 0] * xs + inverse[2, 1] * ys + inverse[2, 2]
        return ((inverse[0, 0] * xs + inverse[0, 1] * ys + inverse[0, 2]) / w,
                (inverse[1, 0] * xs + inverse[1, 1] * ys + inverse[1, 2]) / w)


def parse_gcp(text: str) -> ControlPoint:
    """``COL,ROW,X,Y`` as typed on the command line."""
    parts = text.replace(" ", "").split(",")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise GeorefError(f"a control point must be COL,ROW,X,Y (four numbers), not {text!r}")
    return ControlPoint(*values)


def fit(points, method: str = "affine") -> GeorefFit:
    """The least-squares transform of ``method`` through ``points``, with each point's residual."""
    if method not in MIN_POINTS:
        raise GeorefError(f"unknown method {method!r} (affine or projective)")
    points = tuple(points)
    need = MIN_POINTS[method]
    if len(points) < need:
        raise GeorefError(f"{method} georeferencing needs at least {need} control points, "
                          f"{len(points)} given")
    pixels = np.array([(p.col, p.row) for p in points], float)
    world = np.array([(p.x, p.y) for p in points], float)
    for what, xy in (("image", pixels), ("map", world)):
        if _collinear(xy):
            raise GeorefError(f"the control points lie on one line in the {what}: place them around "
                              f"the area to be traced")
    if method == "projective" and len(points) == 4:
        _check_no_three_in_line(pixels, world)
    matrix = _affine(pixels, world) if method == "affine" else _projective(pixels, world)
    result = GeorefFit(method, matrix, points, ())
    xs, ys = result.to_map(pixels[:, 0], pixels[:, 1])
    residuals = tuple(float(r) for r in np.hypot(xs - world[:, 0], ys - world[:, 1]))
    return GeorefFit(method, matrix, points, residuals)


def _collinear(xy: np.ndarray) -> bool:
    centred = xy - xy.mean(axis=0)
    singular = np.linalg.svd(centred, compute_uv=False)
    return singular[0] == 0 or singular[-1] / singular[0] < _COLLINEAR_RATIO


def _check_no_three_in_line(pixels: np.ndarray, world: np.ndarray) -> None:
    """Four points fix a projective transform only if no three are (nearly) on one line: three on a
    line, picked a few centimetres off it, give a fit with residuals of hundreds of metres."""
    for xy in (pixels, world):
        for left_out in range(4):
            if _collinear(np.delete(xy, left_out, axis=0)):
                raise GeorefError("the control points do not fix a projective transform: no three of "
                                  "them may lie on one line")


def _affine(pixels: np.ndarray, world: np.ndarray) -> np.ndarray:
    # Centred coordinates keep the normal equations well conditioned with map coordinates in
    # the millions (Gauss-Kruger eastings).
    p0, w0 = pixels.mean(axis=0), world.mean(axis=0)
    design = np.column_stack([pixels - p0, np.ones(len(pixels))])
    coef, *_ = np.linalg.lstsq(design, world - w0, rcond=None)
    linear = coef[:2].T  # [[a, b], [d, e]]
    offset = w0 + coef[2] - linear @ p0
    return np.array([[linear[0, 0], linear[0, 1], offset[0]],
                     [linear[1, 0], linear[1, 1], offset[1]],
                     [0.0, 0.0, 1.0]])


def _normaliser(xy: np.ndarray) -> np.ndarray:
    centre = xy.mean(axis=0)
    scale = math.sqrt(2) / max(np.mean(np.hypot(*(xy - centre).T)), 1e-300)
    return np.array([[scale, 0, -scale * centre[0]], [0, scale, -scale * centre[1]], [0, 0, 1]])


def _projective(pixels: np.ndarray, world: np.ndarray) -> np.ndarray:
    """Direct linear transform with Hartley's normalisation (least squares for more than 4 points)."""
    tp, tw = _normaliser(pixels), _normaliser(world)
    p = (tp @ np.column_stack([pixels, np.ones(len(pixels))]).T).T
    w = (tw @ np.column_stack([world, np.ones(len(world))]).T).T
    rows = []
    for (u, v, _), (x, y, _) in zip(p, w):
        rows.append([u, v, 1, 0, 0, 0, -x * u, -x * v, -x])
        rows.append([0, 0, 0, u, v, 1, -y * u, -y * v, -y])
    _, singular, vt = np.linalg.svd(np.array(rows))
    # Nine unknowns up to scale: one null direction is the answer, a second means the points do not
    # fix it. With 4 points (8 rows) numpy lists 8 values; the ninth is zero.
    singular = np.concatenate([singular, np.zeros(9 - len(singular))])
    if singular[-2] < 1e-9 * singular[0]:  # e.g. three of four points on a line
        raise GeorefError("the control points do not fix a projective transform: no three of "
                          "them may lie on one line")
    h = np.linalg.inv(tw) @ vt[-1].reshape(3, 3) @ tp
    return h / h[2, 2]


@dataclass(frozen=True)
class SavedPoints:
    """Control points as a base map keeps them, with the scan they were placed on, so they can be
    reviewed, edited and the scan warped again later."""

    method: str
    points: tuple[ControlPoint, ...]
    #: Where the scan was when the points were placed (it is not stored in the project).
    scan: str = ""
    #: The scan's (width, height) in pixels: another image under the same name is not taken for it.
    size: tuple[int, int] | None = None

    def fit(self) -> GeorefFit:
        return fit(self.points, self.method)


def points_to_json(result: GeorefFit, scan: str = "", size: tuple[int, int] | None = None) -> str:
    data: dict = {"method": result.method, "points": [[p.col, p.row, p.x, p.y] for p in result.points]}
    if scan:
        data["scan"] = scan
    if size is not None:
        data["size"] = [int(size[0]), int(size[1])]
    return json.dumps(data, ensure_ascii=False)


def points_from_json(text: str) -> SavedPoints:
    """The points saved by points_to_json; GeorefError for text edited out of shape elsewhere."""
    try:
        data = json.loads(text)
        method = str(data["method"])
        points = tuple(ControlPoint(*(float(v) for v in p)) for p in data["points"])
        size = data.get("size")
        size = (int(size[0]), int(size[1])) if size is not None else None
        scan = str(data.get("scan") or "")
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        raise GeorefError("the saved control points are not readable") from None
    if method not in MIN_POINTS:
        raise GeorefError(f"the saved control points name an unknown method {method!r}")
    return SavedPoints(method, points, scan, size)

"""A map patch drawn in a helper process: a first visit's recoloured zones, off the interpreter lock.

A first visit to a scenario patches the picture shown around the zones drawn differently
(``repaint_patch``): at 20,000 zones a render job builds the paths of ~2,000 neighbouring zones
and fills and outlines them, ~20 ms of Qt calls. PySide6 holds the interpreter lock through every
Qt call, so on a worker thread that time is taken from the GUI thread and from the scenario's
metrics engine, which are busy with the same switch. The helper process has an interpreter of its
own and draws on the second core. It pays only beside such work: a job alone on the workers
draws a patch sooner itself (~17 ms against ~25, no transfer), so the helper takes a patch only
while another worker is busy (``tasks.workers_busy``).

The job sends what it would draw from: the zones' oriented rings (``qpaths.group_rings``, a run
per draw), the draws' colours and outline spans, the pieces, the view's transform and pixel size,
and the pixels of the layers under and over the zones in the pieces' crops (and of the picture,
at a fractional device pixel ratio, where a crop's edge holds pixels the pieces do not paint).
The helper draws them with the job's own code (``frame_plan.paint_zones``, ``qpaths.ring_paths``)
into images the size of the picture and sends back the crops, which the job copies into its copy
of the picture: the very pixels the job would draw (tests compare them). Patches with labels to
place, or whose layer images are not drawn yet, are drawn by the job as before.

The helper is started, in the background, by the first patch it would draw (its imports take a
few hundred milliseconds, and a planner who never switches scenarios never needs its ~65 MB); it
serves once it has said it is ready. Until then, and whenever it fails (it is then stopped, and
started again by the next patch, at most ``MAX_STARTS`` times), the job draws the patch itself:
a patch is never lost.
"""
from __future__ import annotations

import threading
from typing import BinaryIO, Callable, NamedTuple, Sequence

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter, QTransform

from parkplanner.core.helper_process import (HelperGone, HelperPipe, helper_command, one_per_application,
                                             serve_frames, serve_standard_streams, write_frame)
from parkplanner.ui.canvas import styles
from parkplanner.ui.canvas.frame_plan import FramePlan, paint_zones
from parkplanner.ui.canvas.qpaths import group_rings, ring_paths
from parkplanner.ui.canvas.zone_draws import OutlinePens
from parkplanner.ui.tasks import workers_busy

__all__ = ["PatchProcess", "shared_patch_helper", "serve", "run_helper", "HELPER_FLAG", "MAX_STARTS"]

#: What a frozen application's own executable is started with to serve as this helper.
HELPER_FLAG = "--patch-helper"
#: Times a helper is started in one session: one that keeps failing is not started again.
MAX_STARTS = 3
_FORMAT = QImage.Format.Format_ARGB32_Premultiplied


class PatchProcess:
    """``draw(plan, image, cancelled)``: a patch plan drawn into ``image`` by the helper, or None
    when the helper cannot draw it (the caller draws it then). ``command`` starts the helper
    (tests give a broken one to see the fallback)."""

    def __init__(self, command: Sequence[str] | None = None) -> None:
        self._pipe = HelperPipe(command if command is not None else helper_command(__name__, HELPER_FLAG))
        self._lock = threading.Lock()  # one exchange at a time
        self._state_lock = threading.Lock()  # starting: not the exchange's lock, the greeting holds that
        self._ready = threading.Event()
        self._starting = False
        self._starts = 0
        self._closed = False
        #: Patches the helper drew, and those it should have and did not (tests, benchmarks).
        self.drawn = 0
        self.fallbacks = 0

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    @property
    def pid(self) -> int | None:
        return self._pipe.pid

    def start(self) -> None:
        """Start the helper in the background, unless it runs or is starting (any thread)."""
        with self._state_lock:
            if self._closed or self._starting or self._ready.is_set() or self._starts >= MAX_STARTS:
                return
            self._starting = True
            self._starts += 1
        threading.Thread(target=self._greeted, name="patch helper start", daemon=True).start()

    def wait_ready(self, timeout: float) -> bool:
        """Block until the helper serves (tests, benchmarks)."""
        return self._ready.wait(timeout)

    def close(self) -> None:
        """End the helper; no later patch starts it again."""
        self._closed = True
        self._pipe.kill()
        with self._lock:
            self._ready.clear()
            self._pipe.stop()

    def draw(self, plan: FramePlan, image: QImage, cancelled: Callable[[], bool]) -> bool | None:
        """Draw ``plan`` into ``image`` in the helper (a render job's worker): True when drawn,
        False when ``cancelled()`` said so first, None when the caller is to draw it: a plan the
        helper does not serve, no other worker busy (the job alone draws sooner), the helper not
        ready (it is started for the next patch) or failed.

        The request is made here, on the worker: ~4 ms at 20,000 zones, but a first visit at
        100,000 recolours a thousand zones and its request took ~35 ms, which on the GUI thread
        would have added to the turn that plans the patch."""
        if workers_busy() < 2 or not _served(plan, image):
            return None
        if not self._ready.is_set():
            self.start()
            return None
        request = _request(plan, image)
        with self._lock:
            if not self._ready.is_set() or not self._pipe.running:  # it died: the next patch starts another
                return self._failed() if self._ready.is_set() else None
            if cancelled():
                return False
            try:
                answer, blobs = self._pipe.exchange(request.header, request.buffers)
                if answer.get("kind") != "pixels" or len(blobs) != 1:
                    raise HelperGone(f"unexpected answer {answer.get('kind')!r}: {answer.get('error')}")
                _paste(image, request.index, blobs[0])
            except HelperGone:
                return self._failed()
            self.drawn += 1
            return True

    def _failed(self) -> None:
        self.fallbacks += 1
        self._ready.clear()
        self._pipe.stop()

    def _greeted(self) -> None:
        with self._lock:
            try:
                header, _ = self._pipe.read()
                if header.get("kind") != "ready":
                    raise HelperGone("no greeting")
                if not self._closed:
                    self._ready.set()
            except HelperGone:
                self._pipe.stop()
            finally:
                with self._state_lock:
                    self._starting = False


class _Request(NamedTuple):
    """A patch as the helper reads it (a frame's header and buffers), and where the pixels it
    answers with go (``_crop_index``)."""
    header: dict
    buffers: list[bytes]
    index: np.ndarray


def _served(plan: FramePlan, image: QImage) -> bool:
    """Whether the helper draws ``plan``: a patch with its layer images, without labels, at
    screen pens, into an image of the layers' size and format."""
    if not isinstance(plan, FramePlan) or plan.pieces is None or plan.draws is None or plan.layers is None \
            or plan.labelled:
        return False
    if not styles.pens_at_screen_scale() or image.format() != _FORMAT:
        return False
    size = (image.width(), image.height())
    return all((layer.width(), layer.height()) == size and layer.format() == _FORMAT for layer in plan.layers)


def _crops(pieces: list[QRectF], ratio: float, width: int, height: int) -> np.ndarray:
    """The device-pixel rectangles (x0, y0, x1, y1) of each piece's aligned rectangle, within
    the image; at a fractional device pixel ratio a pixel wider on each side (the clip's edge
    then cuts device pixels)."""
    rects = np.array([rect.toAlignedRect().getRect() for rect in pieces], dtype=float).reshape(-1, 4)
    rects[:, 2:] += rects[:, :2]
    margin = 0 if ratio == int(ratio) else 1
    out = np.empty(rects.shape, dtype=np.int64)
    out[:, :2] = np.floor(rects[:, :2] * ratio) - margin
    out[:, 2:] = np.ceil(rects[:, 2:] * ratio) + margin
    np.clip(out, 0, [width, height, width, height], out=out)
    return out[(out[:, 2] > out[:, 0]) & (out[:, 3] > out[:, 1])]


def _crop_index(crops: np.ndarray, stride: int) -> np.ndarray:
    """The flat positions (row × ``stride`` + column) of the crops' pixels, crop after crop, row
    by row: one gather or scatter moves them all (a numpy call per crop costs more for hundreds)."""
    x0, y0, x1, y1 = crops.T
    heights, widths = y1 - y0, x1 - x0
    row_crop = np.repeat(np.arange(len(crops)), heights)
    row_in_crop = np.arange(int(heights.sum())) - np.repeat(np.cumsum(heights) - heights, heights)
    starts = (y0[row_crop] + row_in_crop) * stride + x0[row_crop]
    row_widths = widths[row_crop]
    return np.repeat(starts - (np.cumsum(row_widths) - row_widths), row_widths) + np.arange(int(row_widths.sum()))


def _flat_pixels(image: QImage, writable: bool = False) -> np.ndarray:
    """The image's pixels (uint32, rows ``bytesPerLine`` apart) over its memory; writing detaches
    a shared copy first, as a painter would."""
    return np.frombuffer(image.bits() if writable else image.constBits(), dtype=np.uint32)


def _stride(image: QImage) -> int:
    return image.bytesPerLine() // 4


def _cut(image: QImage, index: np.ndarray) -> bytes:
    return _flat_pixels(image)[index].tobytes()


def _paste(image: QImage, index: np.ndarray, data: bytes) -> None:
    """Copy the crops' pixels into ``image``; HelperGone if they do not fit."""
    if len(data) != index.size * 4:
        raise HelperGone("the patch's pixels do not fit its crops")
    _flat_pixels(image, writable=True)[index] = np.frombuffer(data, dtype=np.uint32)


def _request(plan: FramePlan, image: QImage) -> _Request:
    ratio = image.devicePixelRatio()
    crops = _crops(plan.pieces, ratio, image.width(), image.height())
    index = _crop_index(crops, _stride(image))
    draws = plan.draws
    local = plan.viewport.local_transform()
    # Pixels outside the pieces' clip but in their crops (a fractional ratio's margin) are
    # the picture's own: then its crops go too, else every pixel of a crop is drawn anew.
    picture = ratio != int(ratio)
    header = {
        "kind": "patch", "size": [image.width(), image.height()], "ratio": ratio, "area": list(plan.area.getRect()),
        "origin": list(plan.origin), "pixel_size": plan.viewport.pixel_size, "picture": picture,
        "transform": [local.m11(), local.m12(), local.m21(), local.m22(), local.dx(), local.dy()],
        "colours": [d.colour for d in draws],
    }
    # The numbers go as raw arrays (JSON would spell out thousands of them for every patch), the
    # zones as their oriented rings, which the paths are made of (cheaper here than WKB).
    coords, vertex_ring, counts = group_rings([d.geometries for d in draws])
    spans = np.fromiter((d.typical_span for d in draws), dtype=np.float64, count=len(draws))
    pieces = np.array([rect.getRect() for rect in plan.pieces], dtype=np.float64)
    under, over = plan.layers
    buffers = [np.ascontiguousarray(coords, dtype=np.float64).tobytes(), vertex_ring.astype(np.int64).tobytes(),
               counts.astype(np.int64).tobytes(), spans.tobytes(), pieces.tobytes(), crops.tobytes(),
               _cut(under, index), _cut(over, index), _cut(image, index) if picture else b""]
    return _Request(header, buffers, index)


# -- the helper's side ------------------------------------------------------------------------------
class _Drawn:
    """A draw as ``paint_zones`` reads it: colour, path and the group's typical span."""

    __slots__ = ("colour", "typical_span", "path")

    def __init__(self, colour: str, typical_span: float, path) -> None:
        self.colour, self.typical_span, self.path = colour, typical_span, path


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """Say it is ready, then answer patch requests until ``requests`` ends (a failed one is
    answered as an error: the client draws that patch itself)."""
    write_frame(answers, {"kind": "ready"}, [])
    images: dict = {}

    def answer(header: dict, buffers: list[bytes]) -> tuple[dict, list[bytes]]:
        return {"kind": "pixels"}, [_drawn_patch(header, buffers, images)]

    serve_frames(requests, answers, answer)


def _drawn_patch(header: dict, buffers: list[bytes], images: dict) -> bytes:
    if header.get("kind") != "patch" or len(buffers) != 9:
        raise ValueError(f"unknown request {header.get('kind')!r}")
    width, height = (int(v) for v in header["size"])
    ratio = float(header["ratio"])
    coords = np.frombuffer(buffers[0], dtype=np.float64).reshape(-1, 2)
    vertex_ring, counts = np.frombuffer(buffers[1], dtype=np.int64), np.frombuffer(buffers[2], dtype=np.int64)
    spans = np.frombuffer(buffers[3], dtype=np.float64)
    pieces = np.frombuffer(buffers[4], dtype=np.float64).reshape(-1, 4).tolist()
    crops = np.frombuffer(buffers[5], dtype=np.int64).reshape(-1, 4)
    colours = [str(colour) for colour in header["colours"]]
    if not len(colours) == len(counts) == len(spans) or len(vertex_ring) != len(coords) \
            or int(counts.sum()) != len(coords) or (counts < 0).any():
        raise ValueError("the draws do not add up to the vertices sent")
    if (crops < 0).any() or (crops[:, 2:] > (width, height)).any():
        raise ValueError("a crop lies outside the picture")
    # Three images the picture's size, kept from one patch to the next: a patch reads and writes
    # only its crops' pixels (it is clipped to its pieces), so what lies outside them is never
    # seen, and fresh ones would cost ~10 ms of page faults and fills each time.
    if images.get("size") != (width, height):
        images["size"], images["images"] = (width, height), [QImage(width, height, _FORMAT) for _ in range(3)]
    under, over, picture = images["images"]
    index = _crop_index(crops, _stride(picture))
    for image, data in zip(images["images"], buffers[6:9]):
        image.setDevicePixelRatio(ratio)
        if image is not picture or header.get("picture"):
            _paste(image, index, data)
    origin = (float(header["origin"][0]), float(header["origin"][1]))
    draws = [_Drawn(colour, span, path) for colour, span, path in
             zip(colours, spans.tolist(), ring_paths(coords, vertex_ring, counts, origin))]
    m11, m12, m21, m22, dx, dy = (float(v) for v in header["transform"])
    painter = QPainter(picture)
    try:
        paint_zones(painter, QRectF(*header["area"]), [QRectF(*rect) for rect in pieces], (under, over),
                    QTransform(m11, m12, m21, m22, dx, dy), OutlinePens(float(header["pixel_size"])), draws)
    finally:
        painter.end()
    return _cut(picture, index)


#: The application's patch helper (one for every window).
shared_patch_helper = one_per_application(PatchProcess)


def run_helper() -> None:
    """Serve as the helper over this process's standard input and output."""
    serve_standard_streams(serve)


if __name__ == "__main__":
    run_helper()

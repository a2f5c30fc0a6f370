"""The scan a georeferenced base map was made from: found again to edit its control points, and
read small for the georeferencing dialog.

The project keeps the warped tiles, not the scan: warping again from edited points needs the
original pixels. The points remember where the scan was and its size in pixels; a project moved
to another computer usually travels with its scans in the same folder, so that folder is looked in
too. An image of another size under the same name is not the scan the points were placed on.

The dialog shows the scan from a copy at most 4,096 pixels wide, read by GDAL on a worker: a
scanned A0 sheet (14,000 x 10,000 pixels) takes seconds to decode, and Qt's own reader refuses
images over 256 MB outright.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rasterio.enums import ColorInterp, Resampling

from parkplanner.core.io.basemap_georef import SavedPoints
# The tiler's rules, so the dialog refuses exactly the scans the warp would: its pixel check and
# what GDAL's read errors become.
from parkplanner.core.io.basemap_tiles import _GDAL_ERRORS, BaseMapError, _check_pixels, open_source, palette_rgba

__all__ = ["find_scan", "scan_size", "check_scan", "ScanPreview", "read_preview", "PREVIEW_PX"]

#: The preview's longest side at most: a 4,096 x 3,072 RGBA copy is 50 MB.
PREVIEW_PX = 4096


@dataclass(frozen=True)
class ScanPreview:
    #: (height, width, 4) RGBA, row-major: what a QImage of Format_RGBA8888 wraps.
    pixels: np.ndarray
    #: The scan's own (width, height), which control points refer to.
    size: tuple[int, int]
    #: Preview pixels per scan pixel (1 for scans no larger than the preview).
    scale: float


def read_preview(path: str | Path, max_side: int = PREVIEW_PX) -> ScanPreview:
    """The scan at ``path`` reduced to at most ``max_side`` pixels; BaseMapError for a file that
    cannot become a base map (not an image, damaged, not 8-bit)."""
    path = Path(path)
    with open_source(path) as dataset:
        _check_pixels(dataset, path)
        width, height = dataset.width, dataset.height
        # A power-of-two reduction: GDAL then reads a JPEG at 1/2, 1/4 or 1/8 of its size straight
        # from its DCT coefficients (a 12,000-pixel scan in a second instead of ten).
        scale = 1.0
        while max(width, height) * scale > max_side:
            scale /= 2
        shape = (dataset.count, max(1, round(height * scale)), max(1, round(width * scale)))
        palette = dataset.colorinterp[0] == ColorInterp.palette
        try:
            # GDAL reads a reduced JPEG through its DCT scaling, other formats by their overviews;
            # palette indices are picked, never averaged.
            bands = dataset.read(out_shape=shape, resampling=Resampling.nearest if palette else Resampling.average)
            colours = dataset.colormap(1) if palette else None
        except _GDAL_ERRORS as exc:
            raise BaseMapError(f"{path.name}: the image is damaged ({str(exc).strip().splitlines()[0]})") from None
    return ScanPreview(_rgba(bands, colours), (width, height), scale)


def _rgba(bands: np.ndarray, palette: dict | None) -> np.ndarray:
    count, height, width = bands.shape
    if palette is not None:
        return palette_rgba(bands[0], palette)
    out = np.empty((height, width, 4), np.uint8)
    if count in (1, 2):  # greyscale, with alpha
        out[..., :3] = bands[0][..., None]
    else:
        out[..., :3] = np.moveaxis(bands[:3], 0, -1)
    out[..., 3] = bands[-1] if count in (2, 4) else 255
    return out


def scan_size(path: str | Path) -> tuple[int, int]:
    """(width, height) of an image; BaseMapError for a file GDAL cannot read."""
    with open_source(path) as dataset:
        return dataset.width, dataset.height


def check_scan(path: str | Path, saved: SavedPoints) -> None:
    """BaseMapError unless ``path`` has the size of the scan ``saved`` was placed on."""
    size = scan_size(path)
    if saved.size is not None and size != saved.size:
        raise BaseMapError(f"{Path(path).name}: {size[0]} x {size[1]} pixels, but the control points were placed "
                           f"on a scan of {saved.size[0]} x {saved.size[1]}: choose that scan")


def find_scan(saved: SavedPoints, project_path: str | Path | None, origin: str = "") -> Path | None:
    """The scan where it was when the points were placed, else under its name beside the project."""
    candidates = []
    if saved.scan:
        candidates.append(Path(saved.scan))
    if project_path is not None:
        folder = Path(project_path).resolve().parent
        candidates += [folder / name for name in (Path(saved.scan).name, origin) if name]
    for candidate in candidates:
        if candidate.is_file():
            try:
                check_scan(candidate, saved)
            except BaseMapError:
                continue
            return candidate
    return None

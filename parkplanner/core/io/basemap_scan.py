"""The scan a georeferenced base map was made from, found again to edit its control points.

The project keeps the warped tiles, not the scan: warping again from edited points needs the
original pixels. The points remember where the scan was and its size in pixels; a project moved
to another computer usually travels with its scans in the same folder, so that folder is looked in
too. An image of another size under the same name is not the scan the points were placed on.
"""
from __future__ import annotations

from pathlib import Path

from parkplanner.core.io.basemap_georef import SavedPoints
from parkplanner.core.io.basemap_tiles import BaseMapError, open_source

__all__ = ["find_scan", "scan_size", "check_scan"]


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

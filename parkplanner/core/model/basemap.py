"""A base map: a raster (aerial photo, scanned master plan, survey) drawn beneath everything else.

Its pixels are GeoPackage tiles in the project CRS with a zoom pyramid (core/io/basemap_tiles);
the model holds only where those tiles are and how they are shown, so a save copies the tile rows
as they are instead of encoding the image again.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BaseMap"]


@dataclass(frozen=True, slots=True)
class BaseMap:
    #: Shown in the layer list and by ``parkplanner basemap list``.
    name: str
    #: The tile table (GeoPackage "tiles" contents) holding the pyramid.
    table: str
    #: The file that holds ``table`` now: the opened project, or a staging file of a base map
    #: added since; a save copies the rows from there into the new project file.
    source: str
    opacity: float = 1.0
    visible: bool = True
    #: Drawn faded to grey so the land-use colours above it stay legible.
    greyscale: bool = False
    #: The image it was made from (its file name only), for the user's information.
    origin: str = ""
    #: Control points of a georeferenced scan as JSON ([[col, row, x, y], ...] and the method),
    #: kept so they can be reviewed and edited later; empty for georeferenced sources.
    control_points: str = ""

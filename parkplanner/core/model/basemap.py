"""A base map: a raster (aerial photo, scanned master plan, survey) drawn beneath everything else.

Its pixels are GeoPackage tiles in the project CRS with a zoom pyramid (core/io/basemap_tiles);
the model holds only where those tiles are and how they are shown, so a save never encodes the
image again and leaves tiles already in the project file as they are.

Each base map's tiles carry a ``key`` that stays with them through edits, undo and saves (it is
stored in the project file). Base maps still alive in memory (in the undo history, say) can
be listed, so a save that drops a tile table can first set aside the tiles an undo may
bring back (core/io/basemap_parking).
"""
from __future__ import annotations

import threading
import uuid
import weakref
from dataclasses import dataclass, replace

__all__ = ["BaseMap", "live_basemaps"]

_alive: weakref.WeakSet = weakref.WeakSet()
_alive_lock = threading.Lock()


@dataclass(frozen=True, slots=True, weakref_slot=True)
class BaseMap:
    #: Shown in the layer list and by ``parkplanner basemap list``.
    name: str
    #: The tile table (GeoPackage "tiles" contents) holding the pyramid, in ``source``.
    table: str
    #: The file that held ``table`` when this base map was read or built: the opened project, or a
    #: staging file of a base map added since. Read the tiles where basemap_parking.locate says.
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
    #: Names the tiles themselves (not their place): the same in every copy made by an edit, and
    #: in every file a save puts them in. A new one for tiles just built.
    key: str = ""

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", uuid.uuid4().hex)
        with _alive_lock:
            _alive.add(self)

    def with_tiles(self, tiles: BaseMap) -> BaseMap:
        """This base map (its name and display settings) showing other tiles, e.g. a scan warped
        again: the tiles' key comes with them, so a save never takes the old tiles for the new."""
        return replace(self, table=tiles.table, source=tiles.source, origin=tiles.origin,
                       control_points=tiles.control_points, key=tiles.key)


def live_basemaps() -> list[BaseMap]:
    """The base maps alive in this process (in projects, undo histories, anywhere)."""
    with _alive_lock:
        return list(_alive)

"""pyogrio and pyarrow, imported without their optional pandas/geopandas probes.

``import pyogrio`` imports geopandas (and with it pandas) only to learn whether
``read_dataframe`` can work, and pyarrow's first array conversion imports pandas to check
whether its input is a DataFrame: together about half a second of the GUI's start-up.
ParkPlanner reads and writes through pyogrio's raw/Arrow interfaces and never hands pandas
objects to pyarrow, so both probes run once with the two packages hidden. They stay importable:
pyarrow retries pandas when a conversion really needs it (``to_pandas``); only
``pyogrio.read_dataframe``, which ParkPlanner does not call, reports geopandas missing.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator

__all__ = ["pyogrio", "hidden_modules"]

_HIDDEN = ("geopandas", "pandas")


class _Hide:
    """A meta-path finder that makes ``import name`` fail for the hidden top-level packages."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names

    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0] in self.names:
            raise ModuleNotFoundError(f"{fullname} is hidden while probing", name=fullname)
        return None


@contextmanager
def hidden_modules(names: tuple[str, ...] = _HIDDEN) -> Iterator[None]:
    """Within the block, importing ``names`` (not yet imported) fails; afterwards it works again."""
    finder = _Hide(tuple(n for n in names if n not in sys.modules))
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


def _load():
    if "pyogrio" in sys.modules:
        return sys.modules["pyogrio"]
    with hidden_modules():
        import pyarrow as pa
        import pyogrio

        # pyarrow remembers a failed pandas probe for its "is this a DataFrame?" checks.
        pa.chunked_array([pa.array([0], pa.int64())]).to_numpy()
    return pyogrio


pyogrio = _load()

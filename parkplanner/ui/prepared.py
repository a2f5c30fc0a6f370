"""Things made for a project on a worker while it was opened, waiting for the view that uses them.

Opening reads the file on a worker (``background_open``); the same worker then builds what the
window would otherwise build on the GUI thread right after (the canvas's zone layer, the metrics
engine of the shown scenario: at 100,000 zones seconds of work). Each is left here under the
project and a key, with the objects it was made from; the view that needs it takes it once
(``take``) and gets None when it is absent or no longer matches (then it builds its own, as
before). Entries go with their project (weak keys).
"""
from __future__ import annotations

import threading
from typing import Any
from weakref import WeakKeyDictionary

__all__ = ["put", "take"]

_lock = threading.Lock()  # a worker puts, the GUI thread takes
_store: "WeakKeyDictionary[object, dict[str, tuple[tuple, Any]]]" = WeakKeyDictionary()


def put(project: object, key: str, made_from: tuple, value: Any) -> None:
    """Leave ``value`` for ``project``; ``made_from`` are the objects (compared by identity) and
    values it was made from."""
    with _lock:
        _store.setdefault(project, {})[key] = (made_from, value)


def take(project: object, key: str, made_from: tuple) -> Any | None:
    """The value left under ``key`` if it was made from ``made_from`` (identity for objects,
    equality for plain values); it is removed either way."""
    with _lock:
        entry = _store.get(project, {}).pop(key, None)
    if entry is None or len(entry[0]) != len(made_from):
        return None
    for kept, wanted in zip(entry[0], made_from):
        same = kept == wanted if isinstance(wanted, (str, int, float, tuple)) else kept is wanted
        if not same:
            return None
    return entry[1]

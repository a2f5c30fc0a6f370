"""A minimal Qt-free signal: the core announces changes without knowing who listens.

A bound method is held weakly: connecting ``obj.on_changes`` does not keep ``obj`` alive, and once
``obj`` is gone it is never called, so a listener that is dropped without disconnecting (a
selection of a closed window, a spatial index of a replaced document) costs nothing and cannot
be called stale. Plain functions and lambdas are held strongly: nothing else would keep them.
The user interface does not connect here at all: it listens through Qt signals
(``ui/qt_history.py``; docs/architecture.md, "Events").
"""
from __future__ import annotations

import weakref
from inspect import ismethod
from typing import Any, Callable

__all__ = ["Signal"]


def _reference(slot: Callable[..., Any]) -> Callable[[], Callable[..., Any] | None]:
    if ismethod(slot):
        return weakref.WeakMethod(slot)
    return lambda: slot


class Signal:
    """Holds callbacks and calls them in connection order on ``emit``."""

    def __init__(self) -> None:
        self._refs: list[Callable[[], Callable[..., Any] | None]] = []

    @property
    def _slots(self) -> list[Callable[..., Any]]:
        """The live callbacks, in connection order."""
        return [slot for slot in (ref() for ref in self._refs) if slot is not None]

    def connect(self, slot: Callable[..., Any]) -> None:
        self._refs = [ref for ref in self._refs if ref() is not None]  # forget listeners that are gone
        if slot not in self._slots:
            self._refs.append(_reference(slot))

    def disconnect(self, slot: Callable[..., Any]) -> None:
        """Remove ``slot``; ValueError if it is not connected."""
        for n, ref in enumerate(self._refs):
            if ref() == slot:
                del self._refs[n]
                return
        raise ValueError(f"{slot!r} is not connected")

    def emit(self, *args: Any) -> None:
        # Copy: a slot may disconnect itself while we iterate. Dead references are dropped.
        refs = list(self._refs)
        for ref in refs:
            slot = ref()
            if slot is None:
                if ref in self._refs:
                    self._refs.remove(ref)
                continue
            slot(*args)

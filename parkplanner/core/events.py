"""A minimal Qt-free signal: the core announces changes without knowing who listens."""
from __future__ import annotations

from typing import Any, Callable

__all__ = ["Signal"]


class Signal:
    """Holds callbacks and calls them in connection order on ``emit``."""

    def __init__(self) -> None:
        self._slots: list[Callable[..., Any]] = []

    def connect(self, slot: Callable[..., Any]) -> None:
        if slot not in self._slots:
            self._slots.append(slot)

    def disconnect(self, slot: Callable[..., Any]) -> None:
        self._slots.remove(slot)

    def emit(self, *args: Any) -> None:
        # Copy: a slot may disconnect itself while we iterate.
        for slot in list(self._slots):
            slot(*args)

"""The core Signal: connection order, self-disconnection, and weakly held bound methods."""
from __future__ import annotations

import gc

import pytest

from parkplanner.core.events import Signal


class Listener:
    def __init__(self, log: list, name: str) -> None:
        self.log, self.name = log, name

    def on_event(self, value) -> None:
        self.log.append((self.name, value))


def test_slots_are_called_in_connection_order_once_each():
    log, signal = [], Signal()
    first, second = Listener(log, "a"), Listener(log, "b")
    signal.connect(first.on_event)
    signal.connect(second.on_event)
    signal.connect(first.on_event)  # connecting twice does not call twice
    signal.emit(1)
    assert log == [("a", 1), ("b", 1)]


def test_a_dropped_listener_is_never_called_and_leaves_no_slot():
    log, signal = [], Signal()
    kept, dropped = Listener(log, "kept"), Listener(log, "dropped")
    signal.connect(dropped.on_event)
    signal.connect(kept.on_event)
    del dropped
    gc.collect()
    signal.emit(2)
    assert log == [("kept", 2)]
    assert signal._slots == [kept.on_event]


def test_functions_and_lambdas_are_held_strongly():
    log, signal = [], Signal()
    signal.connect(lambda value: log.append(("lambda", value)))
    gc.collect()
    signal.emit(3)
    assert log == [("lambda", 3)]


def test_disconnect_during_emit_and_unknown_slot():
    log, signal = [], Signal()
    listener = Listener(log, "x")

    def once(value):
        signal.disconnect(once)
        log.append(("once", value))

    signal.connect(once)
    signal.connect(listener.on_event)
    signal.emit(4)
    signal.emit(5)
    assert log == [("once", 4), ("x", 4), ("x", 5)]
    signal.disconnect(listener.on_event)
    with pytest.raises(ValueError):
        signal.disconnect(listener.on_event)

"""Fixtures for tool tests: a small zoning layout and the usual tool context around it."""
from __future__ import annotations

import pytest
from shapely.geometry import box

from parkplanner.core.editing import History
from parkplanner.core.editing.zone_commands import add_zones
from parkplanner.core.model.project import Project
from parkplanner.core.model.zone import Zone
from parkplanner.interaction.pointer import KeyEvent, PointerEvent
from parkplanner.interaction.tool import ToolContext


@pytest.fixture()
def layout():
    """Three 100 m squares in a row (ids 1, 2, 3) and a 100 m square (id 4) above zone 1."""
    project = Project()
    history = History(project)
    history.push(add_zones(project, [
        Zone(1, box(0, 0, 100, 100), "0701"), Zone(2, box(100, 0, 200, 100), "0802", far=2.0),
        Zone(3, box(200, 0, 300, 100), "0701"), Zone(4, box(0, 100, 100, 200), "1401"),
    ]))
    history.mark_clean()
    return project, history


@pytest.fixture()
def ctx(layout):
    project, history = layout
    messages: list[str] = []
    context = ToolContext.create(project, history, messages.append)
    context.messages = messages  # tests read what the user was told
    return context


def press(x, y, button="left", mods=(), px=0.1):
    return PointerEvent("press", x, y, button, frozenset(mods), px)


def move(x, y, button=None, mods=(), px=0.1):
    return PointerEvent("move", x, y, button, frozenset(mods), px)


def release(x, y, button="left", mods=(), px=0.1):
    return PointerEvent("release", x, y, button, frozenset(mods), px)


def double_click(x, y, button="left", mods=(), px=0.1):
    return PointerEvent("double_click", x, y, button, frozenset(mods), px)


def key(name, mods=()):
    return KeyEvent(name, frozenset(mods))


def drive(target, *events):
    """Feed events to a tool or the ToolController; returns what each handler answered."""
    return [target.on_key(e) if isinstance(e, KeyEvent) else target.on_pointer(e) for e in events]


def click(x, y, mods=()):
    return [press(x, y, mods=mods), release(x, y, mods=mods)]


@pytest.fixture()
def ev():
    """Event builders (tests cannot import conftest under --import-mode=importlib)."""
    from types import SimpleNamespace

    return SimpleNamespace(press=press, move=move, release=release, double_click=double_click, key=key,
                           drive=drive, click=click)

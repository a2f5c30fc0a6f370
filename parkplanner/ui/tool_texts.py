"""Translated names and hints of the canvas tools.

The tools live in ``parkplanner.interaction``, which never imports Qt, so their English titles
and hints are translated here, where they reach the screen (menu, toolbar, status bar). The
marks below let ``lupdate`` collect them; a test checks that every tool's hint has a
translation, so a reworded hint cannot silently stay English.
"""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

__all__ = ["tool_title", "tool_text", "TOOL_TITLES"]

#: Tool name -> menu and toolbar title.
TOOL_TITLES = {
    "select": QT_TRANSLATE_NOOP("Tools", "Select"),
    "draw_polygon": QT_TRANSLATE_NOOP("Tools", "Draw polygon"),
    "rectangle": QT_TRANSLATE_NOOP("Tools", "Rectangle"),
    "edit_vertices": QT_TRANSLATE_NOOP("Tools", "Edit vertices"),
    "split": QT_TRANSLATE_NOOP("Tools", "Split"),
    "measure": QT_TRANSLATE_NOOP("Tools", "Measure"),
}

# The tools' hints (shown in the status bar while a tool is active and in toolbar tooltips).
_HINTS = (
    QT_TRANSLATE_NOOP("Tools", "Click to select (Shift+click adds), drag a box to select, drag a selected zone "
                               "to move it"),
    QT_TRANSLATE_NOOP("Tools", "Click to add vertices; Enter or double-click finishes, Backspace removes the last, "
                               "Esc cancels"),
    QT_TRANSLATE_NOOP("Tools", "Press at one corner and drag to the opposite corner; Esc cancels"),
    QT_TRANSLATE_NOOP("Tools", "Drag a vertex to move it, double-click an edge to add one, Delete removes the "
                               "highlighted vertex"),
    QT_TRANSLATE_NOOP("Tools", "Click a line across the zone; Enter or double-click splits, Backspace removes a "
                               "point, Esc cancels"),
    QT_TRANSLATE_NOOP("Tools", "Click points to measure; Enter or double-click ends, Esc clears"),
)


def tool_text(text: str) -> str:
    """``text`` from a tool in the interface language (unchanged when there is no translation)."""
    return QCoreApplication.translate("Tools", text) if text else text


def tool_title(tool) -> str:
    """The menu text of a tool: its ``title``, or a known name, or its name made readable."""
    title = getattr(tool, "title", "") or TOOL_TITLES.get(tool.name) or tool.name.replace("_", " ").capitalize()
    return tool_text(title)

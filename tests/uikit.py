"""Qt helpers shared by the GUI tests (on sys.path through ``pythonpath`` in pyproject.toml)."""
from __future__ import annotations

__all__ = ["editor_window"]


def editor_window(qtbot, width: int = 1200, height: int = 800):
    """A main window as the GUI tests drive it: closed by pytest-qt, never asking about unsaved
    edits (a modal question would wait for nobody), at a size where every dock has room."""
    from parkplanner.ui.app import create_application
    from parkplanner.ui.main_window import MainWindow

    create_application()
    win = MainWindow()
    win.ask_unsaved = lambda: "discard"
    qtbot.addWidget(win)
    win.resize(width, height)
    return win

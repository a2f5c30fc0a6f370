"""Reading a project file on a worker while the window keeps painting.

Opening 100,000 zones takes a second or two; read on the GUI thread, the window would freeze
(no repaint, no progress) for all of it. ``read_project`` runs ``load_project`` through the
task machinery (``parkplanner.ui.tasks``: a worker thread, and a progress dialog should it take
longer than the dialog delay) and turns a local event loop meanwhile that runs timers and paint
events but holds back user input, so nothing can edit or re-open the window's project while it
is replaced. The worker also builds the canvas's zone layer and the metrics engine the window
would otherwise build on the GUI thread (``open_preparation``). It returns the project (or raises what ``load_project`` raised), so callers read
like the synchronous call they replace.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QWidget

from parkplanner.core.model.project import Project
from parkplanner.ui.tasks import run_task
from parkplanner.ui.turn_queue import held

__all__ = ["read_project"]


def read_project(parent: QWidget | None, path: str | Path, title: str = "Opening project") -> Project:
    """``load_project(path)`` on a worker; the GUI thread turns its event loop (no user input) meanwhile."""
    from parkplanner.ui.open_preparation import prepare_for_window

    def work(ctx):
        # Imported here: the first open's import of the file readers (Qt-free) is the worker's too.
        from parkplanner.core.io.project_file import load_project

        project = load_project(path)
        prepare_for_window(project)  # what showing it would build on the GUI thread
        return project

    loop = QEventLoop()
    # Not modal: the loop below holds input back already (see the module note).
    handle = run_task(parent, title, work, cancellable=False, modal=False)
    handle.finished.connect(loop.quit)
    if handle.running:
        with held():  # the panels' pieces of work wait for the project (turn_queue.py)
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    if handle.error is not None:
        raise handle.error
    return handle.result

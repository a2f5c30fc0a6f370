"""GUI start-up: ``parkplanner [PROJECT]`` lands here (parkplanner.cli.main).

Start-up stays fast by importing only what the first window needs: the project file reader
(pyogrio/pyarrow), Qt and the canvas; geopandas, openpyxl and scipy load later, in the commands
that use them.
"""
from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from parkplanner import __version__
from parkplanner.core.userdirs import log_dir

__all__ = ["run_gui", "create_application", "ORGANISATION", "APPLICATION"]

ORGANISATION = "ParkPlanner"
APPLICATION = "ParkPlanner"


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, named so QSettings files land under ParkPlanner/ParkPlanner."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setApplicationVersion(__version__)
    return app


def run_gui(path: str | None) -> int:
    """Open the main window (on ``path`` if given) and run the event loop; returns the exit code."""
    app = create_application()
    from parkplanner.ui.dialogs.errors import install_excepthook
    from parkplanner.ui.main_window import MainWindow

    from parkplanner.ui.planning_panels import install_planning_panels

    install_excepthook(log_dir())
    window = MainWindow()
    install_planning_panels(window)  # inspector, dashboard and standards checks follow each document
    if path:
        window.open_path(path)  # on failure a dialog explains and the window starts empty
    if window.restore_layout():
        window.show()
    else:
        # First start: the map deserves the whole screen (the resize also covers window
        # managers that ignore the maximize request).
        window.setGeometry(app.primaryScreen().availableGeometry())
        window.showMaximized()
    return app.exec()

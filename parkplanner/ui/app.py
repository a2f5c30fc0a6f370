"""GUI start-up: ``parkplanner [PROJECT]`` lands here (parkplanner.cli.main).

Start-up stays fast by importing only what the first window needs: the project file reader
(sqlite3, numpy, shapely), Qt and the canvas; pyogrio, pyarrow, pandas, openpyxl and scipy load
later, in the commands that use them, and pyqtgraph with the docks installed after the first
picture (benchmarks/bench_startup.py times both).
"""
from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication

from parkplanner import __version__
from parkplanner.core.c_heap import limit_heap_arenas
from parkplanner.core.userdirs import log_dir

__all__ = ["run_gui", "create_application", "ORGANISATION", "APPLICATION", "SWITCH_INTERVAL_S"]

ORGANISATION = "ParkPlanner"
APPLICATION = "ParkPlanner"
#: How long a thread waiting for Python's interpreter lock waits before it asks the holder to
#: hand it over (Python's default is 5 ms). Render jobs and metrics run on workers that hold the
#: lock most of the time (Qt drawing calls keep it, shapely keeps it while it makes objects), and
#: every event the GUI thread hands to Python (a paint, a timer, a worker's report) first waits for
#: the lock: up to one interval each, several per turn of the event loop. At 1 ms a pan or zoom
#: step of 20,000 zones stalls 13-23 ms instead of 25-29 ms (benchmarks/bench_session.py); the
#: workers lose a little to the more frequent hand-overs.
SWITCH_INTERVAL_S = 0.001


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, named so QSettings files land under ParkPlanner/ParkPlanner."""
    limit_heap_arenas()  # before Qt and the workers start threads
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    app = QApplication.instance()
    if app is None:
        # One OpenGL share group: pyqtgraph compiles its shaders once per process, and the 3D
        # views (dock, own window, workshop tab, a floated dock's new context) all use them.
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APPLICATION)
    app.setApplicationVersion(__version__)
    return app


def run_gui(path: str | None) -> int:
    """Open the main window (on ``path`` if given) and run the event loop; returns the exit code."""
    app = create_application()
    from parkplanner.ui.i18n import install_language_menu, install_translators

    install_translators(app)  # before any widget exists: texts are translated as they are built
    from parkplanner.ui.dialogs.errors import install_excepthook
    from parkplanner.ui.file_actions import install_file_actions
    from parkplanner.ui.help_menu import install_help_menu
    from parkplanner.ui.main_window import MainWindow
    from parkplanner.ui.parcel_actions import install_parcel_actions
    from parkplanner.ui.team.database_actions import install_database_actions

    from parkplanner.ui.autosave import install_autosave
    from parkplanner.ui.basemap_actions import install_basemap_actions
    from parkplanner.ui.dialogs.recovery_dialog import offer_recoveries
    from parkplanner.ui.file_guard import install_file_guard

    reporter = install_excepthook(log_dir())
    window = MainWindow()
    install_file_guard(window)  # lock on open, ask before overwriting a file changed on disk
    reporter.autosave = install_autosave(window).write_now  # every minute while modified
    install_file_actions(window)  # Open Recent, Import, Export, drops
    install_parcel_actions(window)  # Edit > Number Parcels
    install_database_actions(window)  # File > Open from Database, Recent Connections
    install_basemap_actions(window)  # File > Add Base Map, the Base Maps panel
    install_language_menu(window)  # View > Language
    install_help_menu(window)  # last, so Help is the rightmost menu
    # Autosaves a crashed session left behind come first; a recovered project takes the window
    # (opening ``path`` over it would drop the recovered work).
    if offer_recoveries(window, path) is None and path:
        from parkplanner.core.io.store import is_database_uri

        if is_database_uri(path):  # a team project: read on a worker once the loop runs
            QTimer.singleShot(0, lambda: window.database_actions.open_database(path))
        else:
            window.open_path(path)  # on failure a dialog explains and the window starts empty
    if window.restore_layout():
        window.show()
    else:
        # First start: the map deserves the whole screen (the resize also covers window
        # managers that ignore the maximize request).
        window.setGeometry(app.primaryScreen().availableGeometry())
        window.showMaximized()
    # The planning docks (inspector, dashboard, checks) import pyqtgraph, about a second: they are
    # docked right after the first picture instead of before it.
    _after_first_picture(window, window.install_panels)
    _after_first_picture(window, lambda: _install_editor_panels(window))
    _after_first_picture(window, lambda: _install_scenario_panels(window))
    _after_first_picture(window, lambda: _install_view3d(window))  # after the year slider it follows
    return app.exec()


def _install_editor_panels(window) -> None:
    """The validation dock and the editing options (imported here: not needed for the first picture)."""
    from parkplanner.ui.editor_panels import install_editor_panels

    install_editor_panels(window)


def _install_scenario_panels(window) -> None:
    """Scenario docks, the Scenario menu and F11 workshop (imported here: not needed for the first picture)."""
    from parkplanner.ui.scenario_panels import install_scenario_panels

    install_scenario_panels(window)


def _install_view3d(window) -> None:
    """The 3D view dock and window (imported here: pyqtgraph's OpenGL is not needed for the first picture)."""
    from parkplanner.ui.view3d.panels import install_view3d

    install_view3d(window)


def _after_first_picture(window, callback) -> None:
    """Run ``callback`` once the canvas has drawn its first map and the event loop is free again."""
    def once() -> None:
        window.canvas.viewRendered.disconnect(once)
        QTimer.singleShot(0, callback)

    window.canvas.viewRendered.connect(once)

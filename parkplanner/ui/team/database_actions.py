"""File ▸ Open from Database… and Recent Connections: a team project in the window.

Opening reads the project on a worker (PostgisStore.load) and gives it to the window like a file
without a path; the window's Save then goes to the database (MainWindow.database), through the
DatabaseSession that also shows conflicts and brings others' changes.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu

from parkplanner.ui.dialogs.errors import show_error
from parkplanner.ui.tasks import TaskHandle, run_task
from parkplanner.ui.team.connections import OpenDatabaseDialog, recent_connections, remember_connection

if TYPE_CHECKING:
    from parkplanner.ui.main_window import MainWindow

__all__ = ["DatabaseActions", "install_database_actions"]


class DatabaseActions(QObject):
    def __init__(self, window: "MainWindow") -> None:
        super().__init__(window)
        self.window = window
        #: Replaceable in tests: asks for the URI ("" cancels).
        self.ask_uri: Callable[[], str] = self._ask_uri_dialog
        self.open_action = QAction(self.tr("Open from &Database…"), window)
        self.open_action.setStatusTip(self.tr("Open a team project from PostgreSQL/PostGIS"))
        self.open_action.triggered.connect(lambda checked=False: self.open_database())
        window.addAction(self.open_action)
        menu: QMenu = window.commands.file_menu
        actions = menu.actions()
        after = actions[actions.index(window.commands.open) + 1] if window.commands.open in actions else None
        self.recent_menu = QMenu(self.tr("Recent &Connections"), menu)
        self.recent_menu.setObjectName("recent_connections_menu")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        # After Open Recent (installed by file_actions when present), before Save.
        anchor = after
        recent_files = menu.findChild(QMenu, "recent_menu")
        if recent_files is not None:
            position = menu.actions().index(recent_files.menuAction())
            anchor = menu.actions()[position + 1] if position + 1 < len(menu.actions()) else None
        menu.insertAction(anchor, self.open_action)
        menu.insertMenu(anchor, self.recent_menu)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        uris = recent_connections()
        for uri in uris:
            action = self.recent_menu.addAction(uri)
            action.triggered.connect(lambda checked=False, u=uri: self.open_database(u))
        if not uris:
            self.recent_menu.addAction(self.tr("(none yet)")).setEnabled(False)

    def _ask_uri_dialog(self) -> str:
        dialog = OpenDatabaseDialog(self.window)
        return dialog.value() if dialog.exec() == QDialog.DialogCode.Accepted else ""

    def open_database(self, uri: str | None = None) -> TaskHandle | None:
        """Read the project at ``uri`` (asked for when None) on a worker and show it."""
        if not self.window.maybe_save():
            return None
        uri = uri if uri is not None else self.ask_uri()
        if not uri:
            return None
        from parkplanner.core.io.store import STORE_ERRORS, open_store

        try:
            store = open_store(uri)
            if not store.shared:
                raise ValueError(self.tr("{0} is not a postgresql:// address").format(uri))
        except (*STORE_ERRORS, ValueError) as exc:
            show_error(self.window, self.tr("Cannot open project"), str(exc))
            return None

        def work(ctx):
            ctx.report(0.1, self.tr("Reading {0}").format(store.display))
            return store.load()

        def done(project) -> None:
            from parkplanner.ui.team.session import DatabaseSession

            old = getattr(self.window, "database", None)
            self.window.set_document(project, None)  # closes the session of a previous database
            if old is not None and getattr(self.window, "database", None) is old:
                old.close()
            self.window.database = DatabaseSession(self.window, store)
            remember_connection(uri)
            self.window.statusBar().showMessage(self.tr("Opened {0}").format(store.display), 8000)

        return run_task(self.window, self.tr("Opening from the database"), work, on_done=done,
                        on_error=lambda exc: show_error(self.window, self.tr("Cannot open project"), str(exc)))


def install_database_actions(window: "MainWindow") -> DatabaseActions:
    actions = DatabaseActions(window)
    window.database_actions = actions
    return actions

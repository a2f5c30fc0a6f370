"""File ▸ Open from Database: the dialog and the recent connections (never with a password).

Only the display form of a URI is kept (postgis_schema.DatabaseLocation.display_uri drops any
password typed into it): libpq finds passwords in the planner's pgpass or service file.
"""
from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from parkplanner.core.io.postgis_schema import parse_location

__all__ = ["recent_connections", "remember_connection", "OpenDatabaseDialog", "MAX_CONNECTIONS"]

MAX_CONNECTIONS = 8
_KEY = "database/recent_connections"


def recent_connections(settings: QSettings | None = None) -> list[str]:
    value = (settings or QSettings()).value(_KEY, [])
    if isinstance(value, str):  # QSettings gives a one-item list back as a string on some back ends
        value = [value]
    return [str(v) for v in value or []]


def remember_connection(uri: str, settings: QSettings | None = None) -> str:
    """Put ``uri`` (without its password) first in the recent connections; returns what was stored."""
    shown = parse_location(uri).display_uri
    settings = settings or QSettings()
    kept = [shown] + [u for u in recent_connections(settings) if u != shown]
    settings.setValue(_KEY, kept[:MAX_CONNECTIONS])
    return shown


class OpenDatabaseDialog(QDialog):
    """Asks for a postgresql:// URI, offering the recent connections."""

    def __init__(self, parent: QWidget | None = None, recent: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Open from Database"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Connection (the project's schema after ?schema=):")))
        self.uri = QComboBox(self)
        self.uri.setEditable(True)
        self.uri.addItems(recent if recent is not None else recent_connections())
        self.uri.setMinimumWidth(520)
        self.uri.lineEdit().setPlaceholderText("postgresql://user@host:5432/database?schema=park")
        layout.addWidget(self.uri)
        note = QLabel(self.tr("Passwords are never stored: PostgreSQL reads them from your pgpass or service "
                              "file. TLS options such as sslmode=verify-full may be added to the address."))
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def value(self) -> str:
        return self.uri.currentText().strip()

"""Help menu: the user guide (shown inside the program, offline) and the About box.

The guide is ``docs/user_guide.md`` (``user_guide_zh.md`` in Chinese) of the source tree,
rendered by Qt's Markdown support with its screenshots; without it (an installation that did not
ship docs) the README is shown, whose "User guide" section links to the same text.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QTextCursor
from PySide6.QtWidgets import QDialog, QMainWindow, QTextBrowser, QVBoxLayout, QWidget

from parkplanner.ui.dialogs.about_dialog import AboutDialog
from parkplanner.ui.i18n import lang

__all__ = ["HelpMenu", "install_help_menu", "user_guide_path", "UserGuideViewer"]

_REPO_ROOT = Path(__file__).resolve().parents[2]


def user_guide_path(root: Path = _REPO_ROOT, language: str | None = None) -> Path | None:
    """The guide in ``language`` ("en"/"zh"; default: the interface's), else the English one, else
    README.md of the source tree; None if none is there."""
    language = language or lang()
    names = (["user_guide_zh.md"] if language.startswith("zh") else []) + ["user_guide.md"]
    for candidate in [root / "docs" / name for name in names] + [root / "README.md"]:
        if candidate.is_file():
            return candidate
    return None


class UserGuideViewer(QDialog):
    """The guide rendered from Markdown; links to other files and web pages open outside."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("ParkPlanner User Guide"))
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)  # anchors scroll, other links go to the desktop
        self.browser.anchorClicked.connect(self._follow)
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(path.parent) + "/"))
        self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        self.path = path
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.resize(960, 780)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        # The browser is resized by the layout after this event: size from the dialog's new width.
        self.fit_images(event.size().width() - 60)

    def fit_images(self, width: int) -> None:
        """Scale the screenshots (1600 px wide) to the viewer's width instead of scrolling sideways."""
        document = self.browser.document()
        cursor = QTextCursor(document)
        block = document.begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                image = fragment.charFormat().toImageFormat()
                if fragment.charFormat().isImageFormat() and int(image.width()) != width:
                    image.setWidth(max(width, 200))  # the height follows the picture's proportions
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(image)
                fragments += 1
            block = block.next()

    def _follow(self, url: QUrl) -> None:
        if url.hasFragment() and (not url.path() or url.path() == self.browser.source().path()):
            self.browser.scrollToAnchor(url.fragment())
            return
        QDesktopServices.openUrl(url)


class HelpMenu(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.guide_action = QAction(self.tr("&User Guide"), window)
        self.guide_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.guide_action.triggered.connect(self.show_guide)
        self.about_action = QAction(self.tr("&About ParkPlanner"), window)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)  # the application menu on macOS
        self.about_action.triggered.connect(self.show_about)
        window.addAction(self.guide_action)
        self.menu = window.menuBar().addMenu(self.tr("&Help"))
        self.menu.setObjectName("help_menu")
        self.menu.addAction(self.guide_action)
        self.menu.addSeparator()
        self.menu.addAction(self.about_action)
        self.viewer: UserGuideViewer | None = None
        # Panels installed after the first picture add their menus later; Help stays rightmost.
        window.menuBar().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.ActionAdded and event.action() is not self.menu.menuAction():
            QTimer.singleShot(0, self._move_last)
        return super().eventFilter(watched, event)

    def _move_last(self) -> None:
        bar = self.window.menuBar()
        help_action = self.menu.menuAction()
        if bar.actions() and bar.actions()[-1] is not help_action:
            bar.removeAction(help_action)
            bar.addAction(help_action)

    def show_guide(self) -> UserGuideViewer | None:
        path = user_guide_path()
        if path is None:
            from parkplanner.ui.dialogs.errors import show_error

            show_error(self.window, self.tr("User guide"), self.tr("The user guide is not installed with this copy."))
            return None
        if self.viewer is None:
            self.viewer = UserGuideViewer(path, self.window)
        self.viewer.show()
        self.viewer.raise_()
        return self.viewer

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()
        return dialog


def install_help_menu(window: QMainWindow) -> HelpMenu:
    """Add the Help menu as the last menu of ``window``."""
    menu = HelpMenu(window)
    window.help_menu = menu
    return menu

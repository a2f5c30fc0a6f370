"""Interface language: English or Simplified Chinese, from the system locale or the planner's choice.

Every visible string of the interface goes through Qt's translation system (``self.tr`` or
``QCoreApplication.translate``); ``resources/i18n/parkplanner_zh_CN.qm`` holds our translations
and Qt's own ``qtbase_zh_CN.qm`` translates the standard buttons and dialogs (Save, Cancel, the
file dialog). Land-use class names, sector names and chart texts come from the data in both
languages; they follow :func:`lang` ("en" or "zh"), the short form those modules take.

A change of language takes effect at the next start: menus and docks are built once, and
re-translating every widget in place would need a ``changeEvent`` in each of them.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from parkplanner.core.resources import resource_path
from parkplanner.ui.settings import Settings

__all__ = [
    "UI_LANGUAGES", "lang", "ui_language", "system_language", "resolve_language", "install_translators",
    "translations_dir", "language_name", "install_language_menu",
]

#: Interface languages shipped, as Qt locale names.
UI_LANGUAGES = ("en", "zh_CN")

_current = "en"  # the installed interface language (a Qt locale name)
_installed: list[QTranslator] = []  # kept referenced: Qt does not own installed translators


def translations_dir() -> Path:
    return resource_path("i18n")


def system_language(locale: QLocale | None = None) -> str:
    """"zh_CN" when the system speaks Chinese (any script or region), else "en"."""
    locale = locale or QLocale.system()
    return "zh_CN" if locale.language() == QLocale.Language.Chinese else "en"


def resolve_language(choice: str | None = None, locale: QLocale | None = None) -> str:
    """The language to show: ``choice`` ("en", "zh_CN"; "" or None follows ``locale``/the system)."""
    if choice in UI_LANGUAGES:
        return choice
    return system_language(locale)


def ui_language() -> str:
    """The installed interface language: "en" or "zh_CN"."""
    return _current


def lang() -> str:
    """The interface language in the short form the data use: "en" or "zh".

    Land-use and sector names (``cls.name(lang())``), charts, map figures and the appendix
    follow it, so a Chinese interface shows 二类工业用地 rather than "Class-2 industrial".
    """
    return "zh" if _current.startswith("zh") else "en"


def language_name(language: str) -> str:
    """The name of a language in that language, for the language menu."""
    return {"en": "English", "zh_CN": "简体中文"}.get(language, language)


def install_translators(app: QCoreApplication | None = None, language: str | None = None) -> str:
    """Install the translators of ``language`` (default: the setting, else the system locale).

    Returns the language installed. Previously installed translators are removed first, so
    calling it again switches language for strings translated from then on. English needs no
    translator: the source strings are English.
    """
    global _current
    app = app or QCoreApplication.instance()
    if language is None:
        language = Settings().language()
    language = resolve_language(language)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _current = language
    QLocale.setDefault(QLocale(language))  # number and date formats follow the interface
    if language == "en":
        return language
    sources = [(f"parkplanner_{language}", translations_dir()),
               (f"qtbase_{language}", Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)))]
    for name, folder in sources:
        translator = QTranslator(app)
        # A missing Qt catalogue (a slim Qt build) leaves standard buttons in English: not fatal.
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            _installed.append(translator)
    return language


def install_language_menu(window: QMainWindow, settings: Settings | None = None) -> QMenu:
    """View ▸ Language: follow the system, English or 简体中文 (applies at the next start)."""
    settings = settings or Settings()
    commands = getattr(window, "commands", None)
    panels = getattr(commands, "panels_menu", None)
    parent = panels.parentWidget() if panels is not None else None
    host = parent if isinstance(parent, QMenu) else window.menuBar()
    menu = host.addMenu(QCoreApplication.translate("Language", "&Language"))
    menu.setObjectName("language_menu")
    group = QActionGroup(menu)
    group.setExclusive(True)
    chosen = settings.language()
    for value in ("", *UI_LANGUAGES):
        text = QCoreApplication.translate("Language", "System Default") if not value else language_name(value)
        action = QAction(text, menu)
        action.setCheckable(True)
        action.setChecked(value == chosen)
        action.setData(value)
        group.addAction(action)
        menu.addAction(action)

    def choose(action: QAction) -> None:
        value = action.data() or ""
        if value == settings.language():
            return
        settings.set_language(value)
        if resolve_language(value) != _current:
            title = QCoreApplication.translate("Language", "Language")
            QMessageBox.information(window, title, QCoreApplication.translate(
                "Language", "The interface language changes when ParkPlanner is started again."))

    group.triggered.connect(choose)
    return menu

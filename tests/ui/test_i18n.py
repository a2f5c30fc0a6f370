"""Interface language: locale choice, the setting, translators, translated windows, the .ts/.qm files."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QDockWidget, QMessageBox

from parkplanner.core.resources import resource_path
from parkplanner.ui import i18n
from parkplanner.ui.app import create_application
from parkplanner.ui.file_actions import install_file_actions
from parkplanner.ui.main_window import MainWindow
from parkplanner.ui.settings import Settings

TS = resource_path("i18n") / "parkplanner_zh_CN.ts"
QM = resource_path("i18n") / "parkplanner_zh_CN.qm"
# The lrelease of the PySide6 that runs the tests (beside the interpreter in a virtualenv).
LRELEASE = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-lrelease")


@pytest.fixture
def app():
    application = create_application()
    yield application
    i18n.install_translators(application, "en")  # later tests expect English


def messages():
    for context in ET.parse(TS).getroot().findall("context"):
        name = context.findtext("name")
        for message in context.findall("message"):
            yield name, message


@pytest.mark.parametrize(("language", "country", "expected"), [
    (QLocale.Language.Chinese, QLocale.Country.China, "zh_CN"),
    (QLocale.Language.Chinese, QLocale.Country.Taiwan, "zh_CN"),
    (QLocale.Language.English, QLocale.Country.UnitedKingdom, "en"),
    (QLocale.Language.German, QLocale.Country.Germany, "en"),
])
def test_system_locale_picks_the_language(language, country, expected):
    assert i18n.system_language(QLocale(language, country)) == expected
    assert i18n.resolve_language("", QLocale(language, country)) == expected


def test_the_setting_overrides_the_locale():
    chinese = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    assert i18n.resolve_language("en", chinese) == "en"
    assert i18n.resolve_language("zh_CN", QLocale(QLocale.Language.English)) == "zh_CN"
    assert i18n.resolve_language("fr", chinese) == "zh_CN"  # unknown choice: follow the system


def test_chinese_translators_for_ours_and_qt(app):
    assert i18n.install_translators(app, "zh_CN") == "zh_CN"
    assert i18n.lang() == "zh" and i18n.ui_language() == "zh_CN"
    assert QCoreApplication.translate("WindowActions", "&File") == "文件(&F)"
    assert QCoreApplication.translate("InspectorPanel", "Plot ratio (FAR)") == "容积率"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"  # qtbase_zh_CN.qm
    assert i18n.install_translators(app, "en") == "en"
    assert i18n.lang() == "en"
    assert QCoreApplication.translate("WindowActions", "&File") == "&File"


def test_installed_language_follows_the_setting(app):
    Settings().set_language("zh_CN")
    assert i18n.install_translators(app) == "zh_CN"
    Settings().set_language("en")
    assert i18n.install_translators(app) == "en"
    with pytest.raises(ValueError):
        Settings().set_language("klingon")


def test_window_built_in_chinese(app, qtbot):
    i18n.install_translators(app, "zh_CN")
    window = MainWindow()
    qtbot.addWidget(window)
    install_file_actions(window)
    bar = [a.text() for a in window.menuBar().actions()]
    assert bar[:3] == ["文件(&F)", "编辑(&E)", "视图(&V)"]
    assert window.file_actions.recent_menu.title() == "最近打开(&R)"  # self.tr in a Python class
    docks = {d.objectName(): d.windowTitle() for d in window.findChildren(QDockWidget)
             if d.objectName().startswith("dock_")}
    # Dock names stay English so a saved layout restores in either language.
    assert docks == {"dock_legend": "图例", "dock_history": "历史记录"}


def test_language_menu_stores_the_choice(app, qtbot, monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    window = MainWindow()
    qtbot.addWidget(window)
    menu = i18n.install_language_menu(window)
    texts = [a.text() for a in menu.actions()]
    assert texts == ["System Default", "English", "简体中文"]
    menu.actions()[2].trigger()
    assert Settings().language() == "zh_CN" and len(told) == 1
    menu.actions()[0].trigger()
    assert Settings().language() == ""


def test_every_message_is_translated_with_its_placeholders():
    checked = 0
    for context, message in messages():
        source = message.findtext("source")
        if not context:  # the charts' own tr(key, lang) helpers, not Qt translations...
            # ...which are keys: a sentence here is a translate() lupdate could not file under its
            # context (a local helper wrapping it), shown in English to a Chinese interface.
            assert re.fullmatch(r"[a-z_]+", source), source
            continue
        translation = message.find("translation")
        assert translation.get("type") not in ("unfinished", "vanished", "obsolete"), (context, source)
        forms = [f.text for f in translation.findall("numerusform")] or [translation.text]
        for text in forms:
            assert text, (context, source)
            assert sorted(re.findall(r"\{[^}]*\}|%n", text)) == sorted(re.findall(r"\{[^}]*\}|%n", source)), source
            assert text.count("&") == source.count("&"), source  # one mnemonic, as in the source
        checked += 1
    assert checked > 300


def test_planning_terms_use_the_standard_chinese():
    wanted = {"Plot ratio (FAR)": "容积率", "Building coverage": "建筑密度", "Green ratio": "绿地率",
              "Land use": "用地性质", "Jobs ÷ employed": "职住比"}
    found = {m.findtext("source"): m.findtext("translation") for _, m in messages()}
    assert {k: found[k] for k in wanted} == wanted


@pytest.mark.skipif(LRELEASE is None, reason="pyside6-lrelease is not installed")
def test_compiled_qm_is_current(tmp_path):
    out = tmp_path / "check.qm"
    subprocess.run([str(LRELEASE), "-silent", str(TS), "-qm", str(out)], check=True)
    assert out.read_bytes() == QM.read_bytes(), "run `make translations`"


def test_every_tool_title_and_hint_has_a_translation(app):
    from parkplanner.interaction.tool_controller import default_tools
    from parkplanner.ui.tool_texts import tool_text, tool_title

    i18n.install_translators(app, "zh_CN")
    for tool in default_tools():
        assert tool_title(tool) != tool.name and not tool_title(tool).isascii(), tool.name
        assert not tool_text(tool.hint).isascii(), tool.hint  # a reworded hint needs `make translations`


def test_recovery_buttons_and_workshop_headline_in_chinese(app, qtbot):
    from parkplanner.ui.dialogs.recovery_dialog import RecoveryDialog
    from parkplanner.ui.workshop.workshop_window import headline_text

    i18n.install_translators(app, "zh_CN")
    dialog = RecoveryDialog([])
    qtbot.addWidget(dialog)
    assert [b.text() for b in (dialog.recover_button, dialog.discard_button, dialog.later_button)] == \
        ["恢复", "丢弃", "暂不处理"]
    metrics = {"totals": {"jobs": 1200, "residents": 900}, "indicators": {"P1": {"value": 1.5}},
               "coupling": {"D": 0.8}}
    assert headline_text(metrics, None, None) == "就业岗位 1,200  ·  居住人口 900  ·  职住比 1.50  ·  D 0.800"
    values = {"jobs": 10.0, "residents": 20.0, "output_yi": 30.0}
    assert headline_text(metrics, values, 2030) == "2030：就业岗位 10  ·  居住人口 20  ·  产值 30 亿元"

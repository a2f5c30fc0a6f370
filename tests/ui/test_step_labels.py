"""History step names in the interface language: known shapes translated, unknown ones kept."""
from __future__ import annotations

import pytest

from parkplanner.ui import i18n
from parkplanner.ui.app import create_application
from parkplanner.ui.step_labels import step_label


@pytest.fixture
def chinese():
    app = create_application()
    i18n.install_translators(app, "zh_CN")
    yield
    i18n.install_translators(app, "en")


def test_english_labels_stay_as_they_are_but_name_fields_readably():
    create_application()
    for label in ("Draw zone", "Merge 2 zones into zone 7", "Set observed values", "Something new"):
        assert step_label(label) == label
    assert step_label("Set far, green_ratio on 3 zones") == "Set plot ratio, green ratio on 3 zones"
    assert step_label("Set tagline") == "Set tagline"  # not a zone attribute: kept


@pytest.mark.parametrize(("label", "expected"), [
    ("Draw zone", "绘制地块"),
    ("Delete 4 zones", "删除 4 个地块"),
    ("Set far, code on 3 zones", "为 3 个地块设置容积率、用地性质"),
    ("Set name", "设置名称"),
    ("Merge 2 zones into zone 7", "将 2 个地块合并为地块 7"),
    ("Split zone 12 into 3", "将地块 12 分割为 3 块"),
    ("Draw zone (trimmed against 2 neighbours)", "绘制地块（按 2 个相邻地块裁切）"),
    ("Duplicate scenario Base plan", "复制方案 Base plan"),
    ("Set observed values", "设置实测值"),
    ("Something new", "Something new"),
])
def test_chinese_step_names(chinese, label, expected):
    assert step_label(label) == expected


def test_every_shape_has_a_chinese_template(chinese):
    from parkplanner.ui.step_labels import STEP_SHAPES

    for _, template in STEP_SHAPES:
        assert not step_label_template_is_english(template), template


def step_label_template_is_english(template: str) -> bool:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("Steps", template).isascii()

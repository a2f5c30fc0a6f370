"""Standards rule descriptions in Chinese: every rule of the table has one, and violations use it."""
from __future__ import annotations

import csv

from parkplanner.core.metrics.standards import default_rules, load_rules
from parkplanner.core.rule_texts import rule_description


def test_every_default_rule_is_described_in_chinese():
    rules = default_rules().rules
    assert rules and all(rule.description_zh for rule in rules)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in rule.description_zh) for rule in rules)


def test_a_violation_reads_in_the_interface_language():
    violation = {"rule": "BALANCE_RES", "description": "Residential land 25–40 % of construction land"}
    assert rule_description(violation, "en") == "Residential land 25–40 % of construction land"
    assert rule_description(violation, "zh") == "居住用地占城市建设用地比例 25%–40%"
    assert rule_description({"rule": "IND_FAR_MIN", "description": "x"}, "zh") == "工业用地容积率不低于所属行业的控制下限"


def test_rules_without_chinese_fall_back_to_english_then_to_the_id(tmp_path):
    path = tmp_path / "rules.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["rule", "scope", "generic_class", "attribute", "operator", "limit", "description", "source"])
        writer.writerow(["MY_RULE", "zone", "IND", "far", ">=", "1.5", "Industrial FAR at least 1.5", "local"])
    rules = load_rules(path)
    assert rules.rules[0].description_zh == ""
    assert rule_description({"rule": "MY_RULE", "description": "Industrial FAR at least 1.5"}, "zh", rules) == \
        "Industrial FAR at least 1.5"
    assert rule_description({"rule": "UNKNOWN"}, "zh", rules) == "UNKNOWN"

"""Standards rule descriptions in the reader's language, for the checks panel and the appendix.

Violations (docs/specification.md section 5) carry the rule id and its English description; the Chinese one
is the ``description_zh`` column of the rules table, looked up here by rule id.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping

from parkplanner.core.metrics.standards import RuleSet, default_rules

__all__ = ["rule_description"]


def rule_description(violation: Mapping[str, Any], lang: str, rules: RuleSet | None = None) -> str:
    """The description of ``violation``'s rule in ``lang`` ("zh…" or English).

    Falls back to the English description, then to the rule id, for a rule the table does not
    describe in Chinese (a user's own rules table may have no ``description_zh`` column).
    """
    english = violation.get("description") or violation.get("rule", "")
    if not lang.startswith("zh"):
        return english
    if violation.get("description_zh"):  # checks that carry their own text (plausibility)
        return violation["description_zh"]
    rule = _by_id(rules or default_rules()).get(violation.get("rule", ""))
    return rule.description_zh if rule is not None and rule.description_zh else english


@lru_cache(maxsize=4)
def _by_id(rules: RuleSet) -> dict[str, Any]:
    # Cached: a table view asks for the description of every visible row on each repaint.
    return {rule.rule: rule for rule in rules.rules}

"""Scores, weights, coupling coordination and grades (docs/specification.md section 4)."""
from __future__ import annotations

import math

import pytest

from parkplanner.core.metrics.registry import DIMENSIONS, INDICATORS, TargetRule, indicator, indicators_of
from parkplanner.core.metrics.scoring import (
    GRADES, Weights, coupling, dimension_indices, grade_of, obstacle_degrees, score,
)


def test_registry_declares_thirteen_indicators_in_five_dimensions():
    assert [i.id for i in INDICATORS] == ["I1", "I2", "I3", "C1", "C2", "C3", "P1", "P2", "E1", "E2", "E3",
                                          "K1", "K2"]
    assert [d.zh for d in DIMENSIONS] == ["产", "城", "人", "景", "文"]
    assert [len(indicators_of(d.id)) for d in DIMENSIONS] == [3, 3, 2, 3, 2]
    assert indicator("P1").name == "jobs_housing_ratio" and indicator("P1").target == TargetRule("band", 0.8, 1.25)
    assert indicator("E3").target.text() == "≥ 80" and indicator("I1").target.text() == "35–55"
    with pytest.raises(KeyError, match="unknown indicator"):
        indicator("X9")


def test_target_rule_validation():
    with pytest.raises(ValueError):
        TargetRule("band", 5.0)
    with pytest.raises(ValueError):
        TargetRule("band", 5.0, 5.0)
    with pytest.raises(ValueError):
        TargetRule("~", 1.0)


@pytest.mark.parametrize("value, expected", [(None, 0.0), (0.0, 0.0), (40.0, 0.5), (80.0, 1.0), (200.0, 1.0)])
def test_at_least(value, expected):
    assert score(value, TargetRule(">=", 80.0)) == pytest.approx(expected)


@pytest.mark.parametrize("value, expected", [(0.0, 1.0), (5.0, 1.0), (10.0, 0.5), (40.0, 0.125), (None, 0.0)])
def test_at_most(value, expected):
    assert score(value, TargetRule("<=", high=5.0)) == pytest.approx(expected)


@pytest.mark.parametrize("value, expected", [
    (35.0, 1.0), (45.0, 1.0), (55.0, 1.0),  # inside, edges included
    (25.0, 0.5), (15.0, 0.0), (0.0, 0.0),  # below: 0 at a − (b − a) = 15
    (65.0, 0.5), (75.0, 0.0), (100.0, 0.0),  # above: 0 at b + (b − a) = 75
])
def test_band(value, expected):
    assert score(value, TargetRule("band", 35.0, 55.0)) == pytest.approx(expected)


def test_equal_weights_give_means_and_alpha_fifth():
    weights = Weights()
    scores = {i.id: 0.0 for i in INDICATORS} | {"I1": 1.0, "I2": 0.5, "P1": 1.0}
    dims = dimension_indices(scores, weights)
    assert dims == pytest.approx({"industry": 0.5, "city": 0.0, "people": 0.5, "scenery": 0.0, "culture": 0.0})
    assert weights.alpha() == pytest.approx({d.id: 0.2 for d in DIMENSIONS})
    assert sum(weights.global_weights().values()) == pytest.approx(1.0)


def test_edited_weights():
    weights = Weights(dimensions={"industry": 2.0}, indicators={"I1": 2.0, "I3": 0.0})
    scores = {i.id: 1.0 for i in INDICATORS} | {"I1": 0.4, "I2": 1.0, "I3": 0.0}
    # industry: (2 · 0.4 + 1 · 1.0 + 0 · 0.0) / 3
    assert dimension_indices(scores, weights)["industry"] == pytest.approx(0.6)
    assert weights.alpha()["industry"] == pytest.approx(2 / 6)
    assert weights.global_weights()["I1"] == pytest.approx(2 / 6 * 2 / 3)
    with pytest.raises(ValueError, match="unknown weight"):
        Weights(dimensions={"economy": 1.0})
    with pytest.raises(ValueError):
        Weights(indicators={"P1": 0.0, "P2": 0.0})
    with pytest.raises(ValueError):
        Weights(dimensions={"industry": -1.0})


def test_coupling_formulas():
    w = Weights()
    u = {"industry": 0.9, "city": 0.6, "people": 0.3, "scenery": 0.8, "culture": 0.5}
    result = coupling(u, w)
    values = list(u.values())
    c = math.prod(values) ** (1 / 5) / (sum(values) / 5)
    t = sum(values) / 5
    assert result.C == pytest.approx(c) and result.T == pytest.approx(t)
    assert result.D == pytest.approx(math.sqrt(c * t))
    # C ≈ 0.923, T = 0.62, D ≈ 0.756: 中级协调
    assert (result.grade_zh, result.grade_en) == ("中级协调", "intermediate")


def test_coupling_is_zero_when_one_dimension_is_zero():
    u = {"industry": 1.0, "city": 1.0, "people": 1.0, "scenery": 1.0, "culture": 0.0}
    result = coupling(u, Weights())
    assert result.C == 0.0 and result.T == pytest.approx(0.8) and result.D == 0.0 and result.level == 0


def test_equal_dimensions_have_full_coupling():
    result = coupling({d.id: 0.5 for d in DIMENSIONS}, Weights())
    assert result.C == pytest.approx(1.0) and result.D == pytest.approx(math.sqrt(0.5))
    assert result.grade_zh == "中级协调"  # D = 0.707


@pytest.mark.parametrize("d, level", [
    (0.0, 0), (0.0999999, 0), (0.1, 1), (0.3, 3), (0.49999, 4), (0.5, 5), (0.6, 6), (0.7, 7),
    (0.8, 8), (0.8999, 8), (0.9, 9), (1.0, 9),
])
def test_grade_boundaries_belong_to_the_upper_grade(d, level):
    assert grade_of(d) == level


def test_grade_names():
    assert GRADES[0] == ("极度失调", "extreme imbalance") and GRADES[5] == ("勉强协调", "barely coordinated")
    assert GRADES[9] == ("优质协调", "high-quality") and len(GRADES) == 10


def test_obstacle_degrees():
    scores = {i.id: 1.0 for i in INDICATORS} | {"I1": 0.5, "P1": 0.0}
    o = obstacle_degrees(scores, Weights())
    # w_I1 = 0.2 / 3 with gap 0.5; w_P1 = 0.2 / 2 with gap 1: 0.0333 and 0.1 of 0.1333
    assert o["I1"] == pytest.approx(0.25) and o["P1"] == pytest.approx(0.75)
    assert sum(o.values()) == pytest.approx(1.0) and o["C1"] == 0.0
    assert set(obstacle_degrees({i.id: 1.0 for i in INDICATORS}, Weights()).values()) == {None}


def test_documentation_table_lists_every_indicator():
    from parkplanner.core.metrics.registry import markdown_table

    lines = markdown_table().splitlines()
    assert len(lines) == 2 + 13
    assert lines[2].startswith("| I1 | 产 Industry | Industrial and R&D land share (`industry_rd_land_share`) | % | 35–55 |")
    assert "| E3 | 景 Scenery and ecology | Park coverage (`park_coverage`) | % | ≥ 80 |" in markdown_table()
    assert "| P1 | 人 人口与职住 | 职住比 (`jobs_housing_ratio`) | – | 0.8–1.25 |" in markdown_table("zh")

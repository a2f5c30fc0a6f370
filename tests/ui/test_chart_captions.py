"""The faint value's caption: "was" on the dashboard, the other scenario's name in a comparison."""
from __future__ import annotations

from parkplanner.core.editing import History
from parkplanner.core.metrics import compute_metrics
from parkplanner.ui.charts.jobs_housing_chart import JobsHousingChart
from parkplanner.ui.scenarios.compare_view import CompareView
from tests.ui.scenario_fixtures import two_scenario_project


def _metrics(ratio: float) -> dict:
    return {"indicators": {"P1": {"value": ratio}}, "totals": {"jobs": 100.0 * ratio, "employed_residents": 100.0}}


def test_dashboard_caption_says_was(qapp):
    chart = JobsHousingChart("en")
    chart.update_metrics(_metrics(1.5), _metrics(2.84))
    assert chart.value_label.toPlainText() == "1.50"
    assert chart.previous_label.toPlainText() == "(was 2.84)"
    chart.set_lang("zh")
    chart.update_metrics(_metrics(1.5), _metrics(2.84))
    assert chart.previous_label.toPlainText() == "（原 2.84）"


def test_named_caption_drops_the_bracket_and_elides(qapp):
    chart = JobsHousingChart("en")
    chart.set_previous_name("Base plan (2017 master plan)")
    chart.update_metrics(_metrics(1.5), _metrics(2.84))
    assert chart.previous_label.toPlainText() == "(Base plan: 2.84)"
    chart.set_lang("zh")
    chart.set_previous_name("基准方案（2017总规）")
    chart.update_metrics(_metrics(1.5), _metrics(2.84))
    assert chart.previous_label.toPlainText() == "（基准方案：2.84）"
    chart.set_previous_name("A scenario with a very long name indeed")
    assert chart.previous_caption("1.00") == "（A scenario with a…：1.00）"


def test_no_caption_when_the_ratio_did_not_move(qapp):
    chart = JobsHousingChart("en")
    chart.update_metrics(_metrics(1.5), _metrics(1.502))
    assert chart.previous_label.toPlainText() == ""


def test_comparison_captions_the_faint_ratio_with_scenario_a(qtbot):
    history = History(two_scenario_project())
    view = CompareView(history)
    qtbot.addWidget(view)
    view.set_pair("alt", "base")  # A = Alternative, drawn faint
    view.tabs.setCurrentIndex(1)  # the charts' tab: they are made when it is first seen
    qtbot.waitUntil(lambda: not view._stale and view.charts.complete, timeout=10_000)  # a worker; a chart a turn
    chart = view.charts.charts["jobs_housing"]
    project = history.project
    a_ratio = compute_metrics(project, project.scenario("alt")).to_dict()["indicators"]["P1"]["value"]
    assert chart.previous_label.toPlainText() == f"(Alternative: {a_ratio:.2f})"

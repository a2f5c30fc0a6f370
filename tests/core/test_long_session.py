"""A long editing session: 2,000 random edits, undos and redos through the History.

The project must end identical to a replay of the steps in force (applied once each, in order,
to a fresh copy of the start), and undoing everything must bring back the start exactly.
Memory over a longer session is measured by benchmarks/bench_long_session.py, not asserted here.
"""
from __future__ import annotations

from pathlib import Path

from testkit import load_helper_module

from parkplanner.core.editing import History
from parkplanner.core.synthetic import synthetic_project


RandomSession = load_helper_module(Path(__file__).with_name("session_edits.py")).RandomSession
EDITS = 2_000


def test_long_session_equals_a_replay_and_undoes_to_the_start():
    project = synthetic_project(150, seed=5)
    start = project.snapshot()
    history = History(project)
    session = RandomSession(history, seed=11)
    session.run(EDITS)
    assert session.index > 100 and len(session.steps) > session.index // 2  # a real mix of steps

    replayed = synthetic_project(150, seed=5)
    session.replay_onto(replayed)
    assert replayed.snapshot() == project.snapshot()
    assert list(replayed.active_scenario.zones) == list(project.active_scenario.zones)  # draw order too

    end = project.snapshot()
    history.go_to(0)
    assert project.snapshot() == start and history.is_clean
    history.go_to(session.index)
    assert project.snapshot() == end


def test_the_same_seed_gives_the_same_session():
    ends = []
    for _ in range(2):
        project = synthetic_project(60, seed=2)
        RandomSession(History(project), seed=3).run(300)
        ends.append(project.snapshot())
    assert ends[0] == ends[1]

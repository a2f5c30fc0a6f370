"""benchmarks/run.py: discovery, --only, --sizes, --project and the JSON line format (no timing asserted)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from parkplanner.core.io.project_file import save_project
from parkplanner.core.synthetic import synthetic_project

RUN = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(RUN), *args], capture_output=True, text=True, timeout=300)


def _json_lines(result) -> list[dict]:
    assert "Traceback" not in result.stderr or "cannot import" in result.stderr, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_json_lines_for_chosen_benchmarks_and_sizes():
    result = _run("--json", "--only", "project_open,project_save", "--sizes", "30,60", "--repeat", "2")
    rows = _json_lines(result)
    assert [(r["benchmark"], r["zones"]) for r in rows] == [
        ("project_open", 30), ("project_save", 30), ("project_open", 60), ("project_save", 60)]
    for row in rows:
        assert set(row) == {"benchmark", "zones", "median_ms", "p95_ms"}
        assert 0 < row["median_ms"] <= row["p95_ms"]


def test_table_on_a_given_project_file(tmp_path):
    path = tmp_path / "mine.gpkg"
    save_project(synthetic_project(45, seed=2), path)
    before = path.read_bytes()
    result = _run("--project", str(path), "--only", "project_open", "--repeat", "1")
    header, row = result.stdout.splitlines()
    assert header.split()[:3] == ["benchmark", "zones", "median"]
    assert row.split()[:2] == ["project_open", "45"]
    assert path.read_bytes() == before  # benchmarks never write the user's file


def test_list_and_unknown_names():
    listing = _run("--list").stdout
    assert "project_open" in listing and "project_save" in listing
    result = _run("--only", "no_such_benchmark")
    assert result.returncode != 0 and "unknown benchmark" in result.stderr


@pytest.mark.parametrize("sizes", ["abc", "0", "10,-1"])
def test_bad_sizes_are_refused(sizes):
    result = _run("--sizes", sizes)
    assert result.returncode == 2 and "sizes" in result.stderr


def test_what_benchmarks_print_goes_to_stderr(tmp_path):
    """A benchmark's own notes must not break the JSON lines (copy of run.py beside a chatty bench)."""
    folder = tmp_path / "benchmarks"
    folder.mkdir()
    for name in ("run.py", "_harness.py"):
        (folder / name).write_text((RUN.parent / name).read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "bench_chatty.py").write_text(
        "from _harness import benchmark\n\n"
        "@benchmark('chatty', sizes=(5,))\n"
        "def chatty(ctx):\n"
        "    print('a note about', ctx.zones, 'zones')\n"
        "    return [1.0, 2.0, 3.0]\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(folder / "run.py"), "--json"], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"benchmark": "chatty", "zones": 5, "median_ms": 2.0, "p95_ms": 2.9}]
    assert "a note about 5 zones" in result.stderr


def test_every_benchmark_runs_once_at_a_tiny_size():
    """CI smoke run: each registered benchmark prints one figure at 40 zones (no time is asserted)."""
    names = [line.split()[0] for line in _run("--list").stdout.splitlines() if line.strip()]
    assert {"canvas_new_view", "canvas_first_frame", "scenario_compare_cli", "scenario_compare_gui"} <= set(names)
    result = _run("--json", "--sizes", "40", "--repeat", "1")
    assert result.returncode == 0, result.stderr[-3000:]
    rows = _json_lines(result)
    assert sorted(r["benchmark"] for r in rows) == sorted(names)
    for row in rows:
        assert row["zones"] == 40 and row["median_ms"] > 0, row

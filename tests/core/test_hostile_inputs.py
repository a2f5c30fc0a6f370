"""Hostile and awkward inputs for every reader, in process and through the CLI in subprocesses.

Every file either gets a clear one-line refusal (the reader's own error class; the CLI: exit 2,
exactly one line on stderr, no traceback, no output file left) or a correct repair with a
warning. The files come from hostile_files.py, so adding a case adds it to both halves.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import shapely

from testkit import load_helper_module

from parkplanner.core.io.gis_import import GisImportError, import_zones, read_context_layer
from parkplanner.core.io.project_file import ProjectFileError, load_project, save_project
from parkplanner.core.projection.observations_csv import ObservationsCsvError, read_observations


hf = load_helper_module(Path(__file__).with_name("hostile_files.py"))
ERRORS = {"project": ProjectFileError, "zones": GisImportError, "context": GisImportError,
          "observations": ObservationsCsvError}


def _read(case, path: Path):
    """Run the reader a case is for; returns the warnings it gave."""
    if case.reader == "project":
        load_project(path)
        return []
    if case.reader == "zones":
        result = import_zones(path, "MNR-2023")
        assert all(z.geometry.is_valid and z.geometry.area > 0 for z in result.project.active_scenario)
        return result.warnings
    if case.reader == "context":
        read_context_layer(path, target_crs="EPSG:4548")
        return []
    read_observations(path)
    return []


# -- in process ----------------------------------------------------------------------------------
@pytest.mark.parametrize("case", hf.ALL_CASES, ids=hf.case_id)
def test_reader_refuses_clearly_or_repairs_with_a_warning(case, tmp_path):
    path = case.make(tmp_path)
    if case.expectation == "refuse":
        with pytest.raises(ERRORS[case.reader]) as info:
            _read(case, path)
        message = str(info.value)
        assert "\n" not in message and message.strip() == message
        assert case.fragment.lower() in message.lower(), message
        assert "Traceback" not in message and ".cpp" not in message
        return
    warnings = _read(case, path)
    assert all("\n" not in w for w in warnings)
    assert case.fragment in " | ".join(warnings)  # "" (nothing to repair): any warnings


def test_repaired_self_intersection_in_a_project_file_is_valid(tmp_path):
    [case] = [c for c in hf.PROJECT_CASES if c.name == "self-intersecting polygon"]
    zone = load_project(case.make(tmp_path)).active_scenario.zones[1]
    assert zone.geometry.is_valid and zone.geometry.area == pytest.approx(5000.0)  # two 50 x 100 / 2 triangles


def test_sql_and_formula_names_survive_import_and_save_as_text(tmp_path):
    [case] = [c for c in hf.ZONE_CASES if c.name == "SQL and formula names"]
    project = import_zones(case.make(tmp_path), "MNR-2023").project
    save_project(project, tmp_path / "names.gpkg")
    names = sorted(z.name for z in load_project(tmp_path / "names.gpkg").active_scenario)
    assert names == sorted([hf.SQL_NAME, hf.FORMULA_NAME])


def test_lonlat_input_lands_in_metres(tmp_path):
    [case] = [c for c in hf.ZONE_CASES if c.name == "lon/lat input"]
    project = import_zones(case.make(tmp_path), "MNR-2023").project
    [zone] = project.active_scenario
    assert project.crs == "EPSG:4548" and 30_000 < zone.geometry.area < 40_000  # 0.002° x 0.002° at 39.7° N
    assert shapely.get_coordinates(zone.geometry)[:, 0].min() > 100_000


# -- through the CLI, in subprocesses -----------------------------------------------------------
# Every refusal of a project file goes through ``info``; every other command sees a truncated file
# and a newer one (they share open_project, so more would only cost time); import, --context and
# --observed see one file per distinct code path of their reader, refusals and repairs.
_EVERY_COMMAND = ("truncated",)
_SOME_COMMANDS = ("newer schema version",)
_IMPORTS = ("empty file", "random bytes", "truncated GeoJSON", "points instead of polygons", "absurd coordinates",
            "unknown land-use code", "non-numeric FAR", "missing land-use column", "self-intersecting polygon",
            "lon/lat input", "non-UTF-8 shapefile", "SQL and formula names")
_CONTEXTS = ("random bytes DXF",)
_OBSERVED = ("non-UTF-8 text", "missing column", "formula as indicator")
_PROJECT_COMMANDS = (
    ["metrics", "--json", "{src}"], ["validate", "{src}"], ["forecast", "{src}"],
    ["calibrate", "{src}", "-o", "out.gpkg"], ["report", "{src}", "-o", "out.xlsx"],
    ["render", "{src}", "-o", "out.png"], ["export", "{src}", "-o", "out.geojson"],
    ["compare", "{src}", "base", "base"],
)


def _cli_cases() -> list[tuple[str, object, list[str]]]:
    """(id, case, argv with {src}/{good}/{good_zones} placeholders) of every CLI run."""
    runs = []
    for case in hf.PROJECT_CASES:
        if case.expectation != "refuse":
            continue
        runs.append((f"info / {case.name}", case, ["info", "{src}"]))
        commands = _PROJECT_COMMANDS if case.name in _EVERY_COMMAND else (
            _PROJECT_COMMANDS[:1] + _PROJECT_COMMANDS[4:5] if case.name in _SOME_COMMANDS else ())
        runs += [(f"{argv[0]} / {case.name}", case, argv) for argv in commands]
    runs += [(f"import / {c.name}", c, ["import", "{src}", "-o", "out.gpkg"])
             for c in hf.ZONE_CASES if c.name in _IMPORTS]
    runs += [(f"import --context / {c.name}", c, ["import", "{good_zones}", "--context", "{src}", "-o", "out.gpkg"])
             for c in hf.CONTEXT_CASES if c.name in _CONTEXTS]
    runs += [(f"calibrate --observed / {c.name}", c, ["calibrate", "{good}", "--observed", "{src}", "-o", "out.gpkg"])
             for c in hf.OBSERVATION_CASES if c.name in _OBSERVED]
    return runs


CLI_RUNS = _cli_cases()


# One warm process imports the CLI once and forks a child per run: each run is still its own
# process with its own exit code, stdout and stderr (real file descriptors), but costs
# milliseconds instead of a second of imports. A few cold ``python -m parkplanner`` runs below
# check that nothing differs from a real start.
_FORK_SERVER = """
import json, os, sys
import numpy, pyarrow, pyogrio, shapely  # what every command imports anyway
import parkplanner.cli
for line in sys.stdin:
    job = json.loads(line)
    pid = os.fork()
    if pid == 0:
        os.chdir(job["cwd"])
        for fd, name in ((1, "stdout.txt"), (2, "stderr.txt")):
            os.dup2(os.open(os.path.join(job["logs"], name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
        sys.stdout = open(1, "w", closefd=False)
        sys.stderr = open(2, "w", closefd=False)
        code = parkplanner.cli.main(job["argv"])
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    print(os.waitstatus_to_exitcode(status), flush=True)
"""


def _environment() -> dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    env.pop("PARKPLANNER_DEBUG", None)
    return env


def _prepare(folder: Path, case, argv: list[str]) -> tuple[Path, list[str], set[str]]:
    """The run's folder with its files; returns (folder, argv, the names there before the run)."""
    folder.mkdir()
    src = case.make(folder)
    good = folder / "good.gpkg"
    if not good.exists():
        save_project(hf.good_project(), good)
    good_zones = hf._geojson("zones_ok.geojson", [({"landuse": "100101"}, hf._poly(hf._square_ll()))])(folder)
    args = [a.format(src=src.name, good=good.name, good_zones=good_zones.name) for a in argv]
    return folder, args, set(os.listdir(folder))


def _result(folder: Path, logs: Path, code: int, before: set[str]) -> dict:
    return {"code": code, "stdout": (logs / "stdout.txt").read_text(encoding="utf-8"),
            "stderr": (logs / "stderr.txt").read_text(encoding="utf-8"),
            "new_files": hf.leftovers(folder, before)}


def _cold_run(folder: Path, args: list[str], before: set[str]) -> dict:
    done = subprocess.run([sys.executable, "-m", "parkplanner", *args], cwd=folder, capture_output=True, text=True,
                          env=_environment(), timeout=120)
    return {"code": done.returncode, "stdout": done.stdout, "stderr": done.stderr,
            "new_files": hf.leftovers(folder, before)}


@pytest.fixture(scope="module")
def cli_results(tmp_path_factory):
    """Every CLI run, keyed by run id."""
    root = tmp_path_factory.mktemp("hostile_cli")
    if not hasattr(os, "fork"):  # Windows: every run a cold start (slower, same checks)
        return {run_id: _cold_run(*_prepare(root / f"run{n}", case, argv))
                for n, (run_id, case, argv) in enumerate(CLI_RUNS)}
    server = subprocess.Popen([sys.executable, "-c", _FORK_SERVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, env=_environment())
    results = {}
    try:
        for number, (run_id, case, argv) in enumerate(CLI_RUNS):
            folder, args, before = _prepare(root / f"run{number}", case, argv)
            logs = root / f"logs{number}"
            logs.mkdir()
            server.stdin.write(json.dumps({"cwd": str(folder), "logs": str(logs), "argv": args}) + "\n")
            server.stdin.flush()
            results[run_id] = _result(folder, logs, int(server.stdout.readline()), before)
    finally:
        server.stdin.close()
        server.wait(timeout=60)
    return results


_COLD = ("info / truncated", "report / truncated", "import / points instead of polygons",
         "import / self-intersecting polygon")


@pytest.mark.parametrize("run_id", _COLD)
def test_a_cold_start_behaves_like_the_forked_run(cli_results, run_id, tmp_path):
    _, case, argv = next(r for r in CLI_RUNS if r[0] == run_id)
    cold = _cold_run(*_prepare(tmp_path / "run", case, argv))
    assert (cold["code"], cold["stderr"], cold["new_files"]) == (
        cli_results[run_id]["code"], cli_results[run_id]["stderr"], cli_results[run_id]["new_files"])


@pytest.mark.parametrize("run_id, case, argv", CLI_RUNS, ids=[r[0] for r in CLI_RUNS])
def test_cli_on_hostile_files(cli_results, run_id, case, argv):
    result = cli_results[run_id]
    lines = result["stderr"].splitlines()
    assert "Traceback" not in result["stderr"], result["stderr"]
    if case.expectation == "refuse":
        assert result["code"] == 2, result
        assert len(lines) == 1 and lines[0].startswith("parkplanner: error: "), lines
        assert case.fragment.lower() in lines[0].lower(), lines[0]
        assert result["new_files"] == [], result["new_files"]  # no output, no temporary
        assert result["stdout"] == ""
        return
    assert result["code"] == 0, result
    assert all(line.startswith("parkplanner: warning: ") for line in lines), lines
    assert case.fragment in result["stderr"]
    assert result["new_files"] == ["out.gpkg"]

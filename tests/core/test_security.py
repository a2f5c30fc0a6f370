"""Nothing read from a file is executed; SQL takes values only as parameters; paths in files are not followed.

The first tests read the package's source (ast, not regular expressions, so comments and strings
do not count): no pickle or other deserialisers that run code, no eval/exec, no shell, and every
SQL statement built with an f-string interpolates only quoted identifiers or placeholders.
The others open projects whose names are SQL injections and formulas, and files that point at
other files.
"""
from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from shapely.geometry import LineString, box

import parkplanner
from parkplanner.cli import main
from parkplanner.core.io.project_file import ProjectFileError, load_project, save_project
from parkplanner.core.model.project import ContextLayer, Project, Target
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone

PACKAGE = Path(parkplanner.__file__).resolve().parent
SOURCES = sorted(PACKAGE.rglob("*.py"))
INJECTIONS = (
    "'; DROP TABLE project_metadata; --",
    'x" ; DELETE FROM gpkg_contents; --',
    "Robert'); DROP TABLE zones__base;--",
    "=HYPERLINK(\"http://evil.example\",\"x\")",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd",
    "../../../etc/passwd",
    "zones__base",
)
_UNSAFE_MODULES = {"pickle", "cPickle", "_pickle", "marshal", "shelve", "dill", "joblib", "cloudpickle"}
_UNSAFE_BUILTINS = {"eval", "exec", "compile", "__import__", "input"}
_UNSAFE_ATTRIBUTES = {("os", "system"), ("os", "popen"), ("yaml", "load"), ("yaml", "unsafe_load"),
                      ("pd", "read_pickle"), ("pandas", "read_pickle"), ("np", "load"), ("numpy", "load")}
_SQL_METHODS = {"execute", "executemany", "executescript"}


def _trees():
    for path in SOURCES:
        yield path.relative_to(PACKAGE.parent), ast.parse(path.read_text(encoding="utf-8"), str(path))


def test_the_scan_sees_the_whole_package():
    names = {str(p.relative_to(PACKAGE)) for p in SOURCES}
    assert {"core/io/project_file.py", "core/io/gpkg_tables.py", "cli/__init__.py", "ui/main_window.py"} <= names


def test_no_code_running_deserialisers_eval_exec_or_shell():
    found = []
    for where, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [f"{where}:{node.lineno} import {a.name}" for a in node.names
                          if a.name.split(".")[0] in _UNSAFE_MODULES]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in _UNSAFE_MODULES:
                found.append(f"{where}:{node.lineno} from {node.module} import")
            elif isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id in _UNSAFE_BUILTINS:
                    found.append(f"{where}:{node.lineno} {func.id}()")
                elif (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                      and (func.value.id, func.attr) in _UNSAFE_ATTRIBUTES):
                    found.append(f"{where}:{node.lineno} {func.value.id}.{func.attr}()")
                if any(k.arg == "shell" and not (isinstance(k.value, ast.Constant) and k.value.value is False)
                       for k in node.keywords):
                    found.append(f"{where}:{node.lineno} shell=")
    assert found == []


class _SqlChecker:
    """Whether an expression that becomes SQL text can only hold identifiers quoted by quote()."""

    def __init__(self, function: ast.AST | None) -> None:
        self.assignments: dict[str, list[ast.expr]] = {}
        for node in ast.walk(function) if function is not None else ():
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.assignments.setdefault(target.id, []).append(node.value)
        self.loop_names: set[str] = set()

    def safe(self, node: ast.expr, seen: frozenset = frozenset()) -> bool:
        if isinstance(node, ast.Constant):
            return isinstance(node.value, str)
        if isinstance(node, ast.JoinedStr):
            return all(self.safe(v.value if isinstance(v, ast.FormattedValue) else v, seen) for v in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return self.safe(node.left, seen) and self.safe(node.right, seen)
        if isinstance(node, ast.IfExp):
            return self.safe(node.body, seen) and self.safe(node.orelse, seen)
        if isinstance(node, ast.Subscript):  # a lookup in a constant table, e.g. _SQL_TYPES[kind]
            return isinstance(node.value, ast.Name) and node.value.id.lstrip("_").isupper()
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in ("quote", "int"):  # an int cannot carry SQL
                return True
            if isinstance(func, ast.Name) and func.id in _sql_builders() and func.id not in seen:
                # A helper of the package that builds SQL text: safe when everything it returns is,
                # its own parameters counting as values (so they may appear only inside quote()).
                builder = _sql_builders()[func.id]
                checker = _SqlChecker(builder)
                returns = [n.value for n in ast.walk(builder) if isinstance(n, ast.Return) and n.value is not None]
                return bool(returns) and all(checker.safe(r, seen | {func.id}) for r in returns)
            if isinstance(func, ast.Attribute) and func.attr == "join" and isinstance(func.value, ast.Constant):
                [argument] = node.args
                return isinstance(argument, (ast.GeneratorExp, ast.ListComp)) and self.safe(argument.elt, seen)
            return False
        if isinstance(node, ast.Name):
            if node.id.lstrip("_").isupper():  # a module constant written in the source
                return True
            if node.id in seen or node.id not in self.assignments:
                return False
            return all(self.safe(v, seen | {node.id}) for v in self.assignments[node.id])
        return False


def _sql_builders() -> dict[str, ast.FunctionDef]:
    """Module-level functions of the package by name (names defined once only: no guessing)."""
    if not hasattr(_sql_builders, "found"):
        functions: dict[str, list[ast.FunctionDef]] = {}
        for _, tree in _trees():
            for node in tree.body:
                if isinstance(node, ast.FunctionDef):
                    functions.setdefault(node.name, []).append(node)
        _sql_builders.found = {name: defs[0] for name, defs in functions.items() if len(defs) == 1}
    return _sql_builders.found


# Names interpolated into SQL that hold column types, checked here by hand because their values
# come from a caller: create_attribute_table's ``kind`` comes only from project_schema.TABLES
# (TEXT, REAL, INTEGER) and qgis_style's fixed schema.
_REVIEWED = {("parkplanner/core/io/gpkg_tables.py", "kind"),
             # The in-place save replays the CREATE statements of the scratch GeoPackage the same
             # save wrote moments before (gpkg_in_place._copy_schema), read from its sqlite_master.
             ("parkplanner/core/io/gpkg_in_place.py", "sql")}


def test_sql_takes_values_only_as_parameters():
    found = []
    for where, tree in _trees():
        functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        top_level = ast.Module(body=[n for n in tree.body if not isinstance(
            n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))], type_ignores=[])
        for function in functions + [top_level]:  # names resolve within their own function
            checker = _SqlChecker(function)
            for node in ast.walk(function):
                if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                        and node.func.attr in _SQL_METHODS and node.args):
                    continue
                sql = node.args[0]
                reviewed = {name for file, name in _REVIEWED if file == str(where)}
                for name in reviewed:
                    checker.assignments.setdefault(name, []).append(ast.Constant(""))
                if not checker.safe(sql):
                    found.append(f"{where}:{node.lineno} {ast.unparse(sql)[:80]}")
    assert found == []


def test_the_sql_check_follows_helpers_that_build_sql():
    tree = ast.parse("def f(con, name):\n    con.execute(helper_ok(name))\n    con.execute(helper_bad(name))\n")
    builders = {
        "helper_ok": ast.parse("def helper_ok(t):\n    return f'SELECT * FROM {quote(t)}'").body[0],
        "helper_bad": ast.parse("def helper_bad(t):\n    return f'SELECT * FROM t WHERE a = {t}'").body[0],
    }
    original = getattr(_sql_builders, "found", None)
    _sql_builders.found = builders
    try:
        ok, bad = tree.body[0].body
        assert _SqlChecker(tree.body[0]).safe(ok.value.args[0])
        assert not _SqlChecker(tree.body[0]).safe(bad.value.args[0])
    finally:
        if original is None:
            del _sql_builders.found
        else:
            _sql_builders.found = original


def test_the_sql_check_catches_a_value_in_an_f_string():
    tree = ast.parse("def f(con, name):\n    con.execute(f\"SELECT * FROM t WHERE name = '{name}'\")\n"
                     "def g(con, name):\n    con.execute(f'SELECT * FROM {quote(name)} WHERE a = ?', (1,))\n")
    bad, good = tree.body
    assert not _SqlChecker(bad).safe(bad.body[0].value.args[0])
    assert _SqlChecker(good).safe(good.body[0].value.args[0])


# -- projects full of hostile names ----------------------------------------------------------------
def _hostile_project() -> Project:
    zones = {i: Zone(i, box(525_000 + 200 * i, 4_396_000, 525_150 + 200 * i, 4_396_150), "100101", name, far=1.0)
             for i, name in enumerate(INJECTIONS, start=1)}
    scenarios = [Scenario("base", INJECTIONS[0], zones), Scenario(INJECTIONS[1], INJECTIONS[2], dict(zones)),
                 Scenario("zones__base", INJECTIONS[3], dict(zones))]
    return Project(
        name=INJECTIONS[2], scenarios=scenarios, targets=(Target("jobs", 100.0, 2030),),
        context_layers=tuple(
            ContextLayer(INJECTIONS[i], "line", (LineString([(525_000, 4_396_000 + i), (526_000, 4_396_500 + i)]),))
            for i in (0, 6)),
        metadata={INJECTIONS[1]: INJECTIONS[0], "note": INJECTIONS[4]},
    )


def _tables(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        con.close()


def test_sql_injection_names_round_trip_as_plain_text(tmp_path):
    project = _hostile_project()
    path = tmp_path / "hostile.gpkg"
    save_project(project, path)
    loaded = load_project(path)
    assert loaded.snapshot() == project.snapshot()
    assert {"project_metadata", "gpkg_contents", "scenarios", "context_layers"} <= _tables(path)
    assert [s.name for s in loaded.scenarios] == [INJECTIONS[0], INJECTIONS[2], INJECTIONS[3]]
    assert not (tmp_path.parent / "etc").exists()  # a layer named like a path stays a name


def test_hostile_names_through_the_cli_and_into_excel_as_text(tmp_path, capsys):
    path = tmp_path / "hostile.gpkg"
    save_project(_hostile_project(), path)
    assert main(["info", str(path)]) == 0
    assert INJECTIONS[2] in capsys.readouterr().out
    out = tmp_path / "report.xlsx"
    assert main(["report", str(path), "-o", str(out), "--quiet"]) == 0
    workbook = openpyxl.load_workbook(out)
    cells = [c for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row]
    hostile = [c for c in cells if isinstance(c.value, str) and c.value in INJECTIONS]
    assert hostile, "the names should appear in the appendix"
    assert all(c.data_type == "s" for c in hostile)  # text, never a formula


def test_a_layer_name_that_is_a_path_is_not_followed(tmp_path):
    elsewhere = tmp_path / "other" / "secret.gpkg"
    elsewhere.parent.mkdir()
    save_project(_hostile_project(), elsewhere)
    path = tmp_path / "park.gpkg"
    save_project(_hostile_project(), path)
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE scenarios SET layer = ? WHERE scenario_id = 'base'", (str(elsewhere),))
        con.execute("UPDATE context_layers SET layer = ?", ("/etc/passwd",))
    con.close()
    with pytest.raises(ProjectFileError, match="is missing"):
        load_project(path)

"""Saving a project that holds base maps: the tile tables stay where they are in the file (a save
writes the zones and tables, not the image), the save stays atomic (kill -9 mid-save leaves the
previous save), Save As carries the tiles, and undo/redo of adding or removing a base map across
saves always finds the tiles."""
from __future__ import annotations

import gc
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from basemap_rasters import block_image, needs_osgeo, tiles_digest, write_raster
from parkplanner.cli import main
from parkplanner.core.editing.command import History
from parkplanner.core.editing.project_commands import SetProjectField
from parkplanner.core.io.basemap_parking import PARK_MARKER, locate, release_unneeded
from parkplanner.core.io.project_file import load_project, save_project
from parkplanner.core.synthetic import synthetic_project

pytestmark = needs_osgeo

ORIGIN = (500_000.0, 4_381_500.0)  # metres in EPSG:4548, the synthetic project's CRS


def _raster(tmp_path, name, width=1200, height=1000, shift=0.0):
    """Blocks with grain, so JPEG tiles take a few MB as an aerial photo's do."""
    grain = np.random.default_rng(len(name)).integers(0, 60, size=(3, height, width), dtype=np.uint8)
    return write_raster(tmp_path / f"{name}.tif", block_image(width, height) + grain, "GTiff",
                        (ORIGIN[0] + shift, 1, 0, ORIGIN[1], 0, -1), 4548)


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "park.gpkg"
    save_project(synthetic_project(200, seed=7), path)
    assert main(["basemap", "add", str(path), str(_raster(tmp_path, "aerial", 2400, 2000)), "--name", "aerial"]) == 0
    return path


def _tile_pages(path, table):
    """{page number: bytes} of every b-tree page of ``table`` and its unique index, read from the file."""
    con = sqlite3.connect(path)
    try:
        size = con.execute("PRAGMA page_size").fetchone()[0]
        pages = [p for (p,) in con.execute(
            "SELECT pageno FROM dbstat WHERE name = ? OR name IN (SELECT name FROM sqlite_master "
            "WHERE type = 'index' AND tbl_name = ?)", (table, table))]
    finally:
        con.close()
    with open(path, "rb") as handle:
        out = {}
        for page in pages:
            handle.seek((page - 1) * size)
            out[page] = handle.read(size)
    return out


def _written_bytes():
    """Bytes this process has passed to write() so far (Linux)."""
    with open("/proc/self/io") as handle:
        return int(next(line for line in handle if line.startswith("wchar:")).split()[1])


@pytest.mark.skipif(not os.path.exists("/proc/self/io"), reason="needs /proc/self/io (Linux)")
def test_a_save_leaves_the_tile_table_as_it_is(project):
    pages = _tile_pages(project, "basemap__1")
    tile_bytes = sum(len(p) for p in pages.values())
    assert tile_bytes > 4_000_000  # big enough that rewriting it would show
    opened = load_project(project)
    opened.name = "Renamed"
    plain = load_project(project)
    plain.basemaps = ()
    save_project(plain, project.with_name("plain.gpkg"))
    before = _written_bytes()
    save_project(plain, project.with_name("plain.gpkg"))
    without = _written_bytes() - before
    before = _written_bytes()
    save_project(opened, project)
    written = _written_bytes() - before
    # Writing the zones in place costs a little more than a whole new file of them (the scratch
    # file, then the pages and the journal in the project file); the tiles, written again, would
    # add at least their whole size.
    assert written - without < tile_bytes / 2, (written, without, tile_bytes)
    assert _tile_pages(project, "basemap__1") == pages  # the very same pages, untouched
    reopened = load_project(project)
    assert reopened.name == "Renamed" and [b.name for b in reopened.basemaps] == ["aerial"]
    assert reopened.snapshot()[:-1] == opened.snapshot()[:-1]
    con = sqlite3.connect(project)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()


def test_save_as_carries_the_tiles_and_is_then_saved_in_place(project, tmp_path):
    digest = tiles_digest(project, "basemap__1")
    copy = tmp_path / "copy.gpkg"
    opened = load_project(project)
    save_project(opened, copy)
    assert tiles_digest(copy, "basemap__1") == digest
    pages = _tile_pages(copy, "basemap__1")
    opened.name = "Second"
    save_project(opened, copy)
    assert _tile_pages(copy, "basemap__1") == pages
    assert load_project(copy).name == "Second" and tiles_digest(project, "basemap__1") == digest


def test_a_second_base_map_is_added_without_rewriting_the_first(project, tmp_path):
    pages = _tile_pages(project, "basemap__1")
    assert main(["basemap", "add", str(project), str(_raster(tmp_path, "survey", shift=1500.0)), "--name",
                 "survey"]) == 0
    assert _tile_pages(project, "basemap__1") == pages
    assert [(b.name, b.table) for b in load_project(project).basemaps] == [("aerial", "basemap__1"),
                                                                           ("survey", "basemap__2")]


def test_removing_a_base_map_shrinks_the_file(project):
    size = project.stat().st_size
    assert main(["basemap", "remove", str(project), "aerial"]) == 0
    assert project.stat().st_size < size / 2
    assert load_project(project).basemaps == ()
    assert [p.name for p in project.parent.iterdir() if PARK_MARKER in p.name] == []


def test_undo_and_redo_of_remove_and_add_across_saves_find_the_tiles(project, tmp_path):
    digest = tiles_digest(project, "basemap__1")
    history = History(load_project(project))
    p = history.project
    aerial = p.basemaps[0]

    history.push(SetProjectField.of(p, "basemaps", (), label="remove"))
    save_project(p, project)
    assert load_project(project).basemaps == ()
    history.undo()  # the tiles were dropped from the file by that save: they are parked, not lost
    assert p.basemaps == (aerial,) and tiles_digest(locate(aerial)[0], locate(aerial)[1]) == digest
    save_project(p, project)
    (back,) = load_project(project).basemaps
    assert back.name == "aerial" and tiles_digest(project, back.table) == digest

    history.redo()  # removed again, saved, undone again, saved: still the same tiles
    save_project(p, project)
    history.undo()
    save_project(p, project)
    (back,) = load_project(project).basemaps
    assert tiles_digest(project, back.table) == digest

    # A second base map added (from its own tiles file), saved, undone, saved, redone, saved.
    second = tmp_path / "second.gpkg"
    assert main(["basemap", "add", str(project), str(_raster(tmp_path, "survey", shift=1500.0)), "--name",
                 "survey"]) == 0
    save_project(load_project(project), second)
    survey = load_project(second).basemaps[1]
    survey_digest = tiles_digest(second, survey.table)
    second.unlink()  # the second base map's tiles now exist only in the project file
    history.push(SetProjectField.of(p, "basemaps", p.basemaps + (survey,), label="add"))
    save_project(p, project)
    history.undo()
    save_project(p, project)
    assert [b.name for b in load_project(project).basemaps] == ["aerial"]
    history.redo()
    save_project(p, project)
    reopened = load_project(project)
    assert [b.name for b in reopened.basemaps] == ["aerial", "survey"]
    assert tiles_digest(project, reopened.basemaps[0].table) == digest
    assert tiles_digest(project, reopened.basemaps[1].table) == survey_digest

    del history, p, aerial, survey, back, reopened
    gc.collect()
    release_unneeded()  # nothing alive needs the parked files any more: they go
    assert [q.name for q in project.parent.iterdir() if PARK_MARKER in q.name] == []


def test_a_base_map_whose_own_file_is_gone_is_read_from_where_it_was_saved(project, tmp_path):
    from parkplanner.core.io.basemap_tiles import STAGING_TABLE, build_tiles
    from parkplanner.core.model.basemap import BaseMap

    staging = tmp_path / "staging.gpkg"
    build_tiles(_raster(tmp_path, "survey", shift=1500.0), staging, "EPSG:4548")
    opened = load_project(project)
    survey = BaseMap("survey", STAGING_TABLE, str(staging))
    opened.basemaps = opened.basemaps + (survey,)
    save_project(opened, project)
    digest = tiles_digest(staging, STAGING_TABLE)
    staging.unlink()  # e.g. a recovery file opened, saved as the project, then discarded
    where, table = locate(survey)
    assert where == str(project) and tiles_digest(where, table) == digest
    opened.name = "Again"
    save_project(opened, project)  # the tiles are found in the file itself: kept in place
    assert tiles_digest(project, load_project(project).basemaps[1].table) == digest


# The child loads the project, changes its name and zones, then saves over the file when told.
_CHILD = textwrap.dedent("""
    import sys
    from parkplanner.core.io.project_file import load_project, save_project
    path = sys.argv[1]
    project = load_project(path)
    project.name = "Changed"
    scenario = project.scenarios[0]
    scenario.zones = dict(list(scenario.zones.items())[: len(scenario.zones) // 2])
    save_project(project, path + ".warm.gpkg")  # imports the writer: not part of the save timed below
    print("ready", flush=True)
    sys.stdin.readline()
    save_project(project, path)
    print("saved", flush=True)
""")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_kill_9_in_the_middle_of_an_in_place_save_leaves_the_previous_save(tmp_path):
    path = tmp_path / "big.gpkg"
    save_project(synthetic_project(6000, seed=3), path)
    assert main(["basemap", "add", str(path), str(_raster(tmp_path, "aerial")), "--name", "aerial"]) == 0
    original = load_project(path)
    digest = tiles_digest(path, "basemap__1")
    journal = tmp_path / "big.gpkg-journal"
    deep = 0  # kills after the save had written pages into its journal (so into the file too)
    pristine = tmp_path / "pristine.gpkg"
    shutil.copyfile(path, pristine)
    for delay in (0.0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12):
        shutil.copyfile(pristine, path)  # each kill starts from the same saved project
        child = subprocess.Popen([sys.executable, "-c", _CHILD, str(path)], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, text=True)
        try:
            assert child.stdout.readline().strip() == "ready"
            child.stdin.write("go\n")
            child.stdin.flush()
            deadline = time.monotonic() + 60
            while not journal.exists() and child.poll() is None and time.monotonic() < deadline:
                pass  # spin: the transaction lasts a fraction of a second
            time.sleep(delay)
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.wait(timeout=60)
        said_saved = child.stdout.read().strip() == "saved"
        deep += journal.exists() and journal.stat().st_size > 4096
        reopened = load_project(path)  # rolls a hot journal back first
        if said_saved or reopened.name == "Changed":  # the commit came before the kill: complete
            complete = load_project(f"{path}.warm.gpkg")  # the same save, to another file
            assert reopened.snapshot()[:-1] == complete.snapshot()[:-1]  # all but where the tiles are
            assert [(b.name, b.key) for b in reopened.basemaps] == [(b.name, b.key) for b in complete.basemaps]
            assert tiles_digest(path, "basemap__1") == digest
            continue
        assert reopened.snapshot() == original.snapshot()
        assert tiles_digest(path, "basemap__1") == digest
    assert deep >= 2
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()


def test_warping_again_then_undo_across_saves_gives_back_the_first_tiles(project, tmp_path):
    """Warp Again replaces a base map by new tiles under the same name: after a save and an undo,
    the next save must write the first tiles again, not the new ones under the old entry."""
    from parkplanner.core.io.basemap_tiles import STAGING_TABLE, build_tiles, remove_staging
    from parkplanner.core.model.basemap import BaseMap

    first = tiles_digest(project, "basemap__1")
    history = History(load_project(project))
    p = history.project
    (aerial,) = p.basemaps
    staging = tmp_path / "rewarp-staging.gpkg"
    build_tiles(_raster(tmp_path, "rewarped", 2400, 2000, shift=40.0), staging, p.crs)
    again = aerial.with_tiles(BaseMap("aerial", STAGING_TABLE, str(staging)))
    assert again.key != aerial.key
    history.push(SetProjectField.of(p, "basemaps", (again,), label="warp again"))
    save_project(p, project)
    (saved,) = load_project(project).basemaps
    second = tiles_digest(project, saved.table)
    assert second != first
    remove_staging(staging)

    history.undo()
    save_project(p, project)
    (back,) = load_project(project).basemaps
    assert back.key == aerial.key and tiles_digest(project, back.table) == first
    history.redo()
    save_project(p, project)
    (forward,) = load_project(project).basemaps
    assert tiles_digest(project, forward.table) == second

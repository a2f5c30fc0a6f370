"""The appendix's balance tables list land outside construction land below the 城市建设用地 subtotal."""
from __future__ import annotations

from shapely.geometry import box

from parkplanner.core.model.project import Project
from parkplanner.core.model.scenario import Scenario
from parkplanner.core.model.zone import Zone
from parkplanner.core.report import build_appendix


def test_rows_outside_construction_land_come_after_the_subtotal(tmp_path, read_book):
    # GB 50137-2011: R2 housing and S1 roads are construction land (2 ha); H2 regional transport
    # (1 ha) and E1 water (0.5 ha) are not. Total 3.5 ha.
    zones = {1: Zone(1, box(0, 0, 100, 100), "R2", far=1.0), 2: Zone(2, box(100, 0, 200, 100), "S1"),
             3: Zone(3, box(0, 100, 100, 200), "H2"), 4: Zone(4, box(100, 100, 150, 200), "E1")}
    project = Project(scheme="GB50137-2011", scenarios=[Scenario("base", "Base", zones)])
    book = read_book(build_appendix(project, tmp_path / "a.xlsx"))
    rows = [r for r in book["Land use balance"].iter_rows(values_only=True)]
    generic = rows[next(n for n, r in enumerate(rows) if r[0] == "Generic classes: comparison view"):]
    labels = [(r[0], r[1]) for r in generic
              if r[1] in ("Construction land", "Total") or r[0] in ("RES", "TRN", "WAT")]
    assert labels == [("RES", "Residential"), ("TRN", "Roads and transport"), (None, "Construction land"),
                      ("TRN", "Roads and transport"), ("WAT", "Water"), (None, "Total")]
    by_label = {}
    for r in generic:
        by_label.setdefault((r[0], r[1]), []).append(r)
    inside_trn, outside_trn = by_label[("TRN", "Roads and transport")]
    assert (inside_trn[2], inside_trn[4]) == (10_000.0, 50.0)  # half of 2 ha of construction land
    assert outside_trn[2] == 10_000.0 and outside_trn[4] is None and outside_trn[5] == 10_000 / 35_000 * 100
    subtotal = by_label[(None, "Construction land")][0]
    assert subtotal[2] == 20_000.0 and by_label[(None, "Total")][0][2] == 35_000.0
    level1 = rows[:next(n for n, r in enumerate(rows) if r[0] == "Generic classes: comparison view")]
    codes = [r[0] for r in level1 if r[0] in ("R", "S", "H2", "E1") or r[1] == "Construction land"]
    assert codes == ["R", "S", None, "H2", "E1"]

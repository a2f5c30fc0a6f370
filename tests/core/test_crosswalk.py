"""Scheme crosswalk through the generic classes: codes the new scheme has stay, others go to the
main level-1 class of their generic class there."""
from __future__ import annotations

from parkplanner.core.model.crosswalk import crosswalk


def test_mnr_to_gb_by_generic_class():
    mapping = crosswalk("MNR-2023", "GB50137-2011", ["100101", "100102", "070102", "1401", "1207", "0901", "1301"])
    # Industrial -> M, urban housing -> R, parks -> G, roads -> S, commerce -> B, utilities -> U
    # (GB 50137-2011 table 3.3.2's major classes).
    assert mapping == {"100101": "M", "100102": "M", "070102": "R", "1401": "G", "1207": "S", "0901": "B",
                       "1301": "U"}


def test_gb_to_mnr_and_codes_that_exist_stay():
    # MNR 10 mixes industry (1001, construction land) with mining (1002, not): industry maps to 1001.
    assert crosswalk("GB50137-2011", "MNR-2023", ["M1", "R2", "G1"]) == {"M1": "1001", "R2": "07", "G1": "14"}
    assert crosswalk("MNR-2023", "MNR-2023", ["100101"]) == {"100101": "100101"}
    assert crosswalk("MNR-2023", "GB50137-2011", ["not-a-code"]) == {"not-a-code": None}

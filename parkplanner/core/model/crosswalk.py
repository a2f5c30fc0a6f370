"""Moving a plan to another land-use scheme through the generic classes every scheme maps to.

MNR-2023 "100101 一类工业用地" and GB 50137-2011 "M1" are both generic class IND; a code the new
scheme does not have goes to the new scheme's main level-1 class of the same generic class (IND -> M),
the most a crosswalk can say without guessing at sub-classes. Codes the new scheme has keep
their code. The planner sees every mapping before it is applied (project settings).
"""
from __future__ import annotations

from typing import Iterable

from parkplanner.core.model.catalogue import default_catalogue

__all__ = ["crosswalk"]


def crosswalk(from_scheme: str, to_scheme: str, codes: Iterable[str]) -> dict[str, str | None]:
    """{code: code in ``to_scheme``} for each code; None when its generic class has no class there."""
    catalogue = default_catalogue()
    # Per generic class, the level-1 class holding most of its sub-classes: IND is M (M1, M2, M3)
    # in GB 50137, not H5 (mining, alone under H); ties go to the standard's own order.
    families: dict[str, dict[str, int]] = {}
    for cls in catalogue.classes(to_scheme):
        family = families.setdefault(cls.generic_class, {})
        top = catalogue.level1(to_scheme, cls.code).code
        family[top] = family.get(top, 0) + 1
    by_generic = {generic: max(family, key=lambda top: family[top]) for generic, family in families.items()}
    mapping: dict[str, str | None] = {}
    for code in codes:
        same = catalogue.find(to_scheme, code)
        if same is not None and same.assignable:
            mapping[code] = code
            continue
        source = catalogue.find(from_scheme, code)
        mapping[code] = by_generic.get(source.generic_class) if source is not None and source.assignable else None
    return mapping

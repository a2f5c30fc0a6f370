"""What a planner asks of a set of plan sheets: paper, language, one block or all, base maps
beneath, the PNG resolution and the date in the title block; checked when made, so a bad request
is refused before any page is laid out."""
from __future__ import annotations

from dataclasses import dataclass

from parkplanner.core.parcels.plan_sheets import PAPERS

__all__ = ["SheetOptions", "SHEET_FORMATS"]

SHEET_FORMATS = (".pdf", ".png")


@dataclass(frozen=True)
class SheetOptions:
    paper: str = "A3"
    lang: str = "zh"
    block: str | None = None  # one block only (its number or label)
    base_map: bool = True  # draw the project's visible base maps and context layers beneath the parcels
    png_dpi: float = 150.0
    date: str = ""  # default: today

    def __post_init__(self) -> None:
        if self.paper not in PAPERS:
            raise ValueError(f"paper must be {' or '.join(PAPERS)}, not {self.paper!r}")
        if not 50 <= self.png_dpi <= 600:
            raise ValueError("the PNG resolution must be between 50 and 600 dpi")

    @property
    def factor(self) -> float:
        """Size of the paper relative to A3 (A2 is √2 times larger)."""
        return PAPERS[self.paper][0] / PAPERS["A3"][0]

"""Rows an import cannot take, gathered so one message lists them all instead of the first only.

Each row gets its first problem. Unknown land-use codes are grouped by code with their rows
("'X9' in rows 2, 5; empty in row 4"), since one wrong code is usually repeated; other problems
are quoted for the first row and counted for the rest. The caller either refuses the file with
:meth:`RowProblems.refusal` (an error carrying the rows, so a front end can offer to skip them)
or, when asked to skip, reports :meth:`RowProblems.skipped_note` and imports the rest.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from parkplanner.core.io.import_columns import row_list
from parkplanner.core.io.import_errors import GisImportError

__all__ = ["RowProblems"]


@dataclass
class RowProblems:
    label: str
    row_count: int
    #: 0-based row -> its first problem, one readable clause ("column 'far': far must be a number").
    problems: dict[int, str] = field(default_factory=dict)
    #: Unknown land-use code (None: empty cell) -> 0-based rows, in file order.
    unknown_codes: dict[object, list[int]] = field(default_factory=dict)
    landuse_column: str = ""
    scheme: str = ""

    def add(self, row: int, problem: str) -> None:
        self.problems.setdefault(row, problem)

    def add_unknown_code(self, row: int, code: object) -> None:
        if row in self.problems:
            return
        what = "no land-use code (empty cell)" if code is None else f"unknown land-use code {code!r}"
        self.problems[row] = f"column {self.landuse_column!r}: {what} in scheme {self.scheme}"
        self.unknown_codes.setdefault(code, []).append(row)

    def __bool__(self) -> bool:
        return bool(self.problems)

    @property
    def rows(self) -> list[int]:
        return sorted(self.problems)

    def describe(self) -> str:
        """All problems in one line (see the module docstring)."""
        rows = self.rows
        if len(rows) == 1:
            return self._quoted(rows[0])
        parts = []
        if self.unknown_codes:
            codes = sorted(self.unknown_codes.items(), key=lambda item: (-len(item[1]), item[1][0]))
            listed = "; ".join(f"{'empty' if code is None else repr(code)} in {row_list(found)}"
                               for code, found in codes)
            parts.append(f"unknown land-use codes in column {self.landuse_column!r} (scheme {self.scheme}): {listed}")
        coded = {r for found in self.unknown_codes.values() for r in found}
        others = [r for r in rows if r not in coded]
        if others:
            first = self._quoted(others[0])
            parts.append(first if len(others) == 1 else f"{first} (and {len(others) - 1} more: "
                                                         f"{row_list(others[1:])})")
        return f"{len(rows)} of {self.row_count} rows cannot be imported: " + "; ".join(parts)

    def _quoted(self, row: int) -> str:
        """"row 2, column 'far': …" or "row 2: the geometry is empty"."""
        problem = self.problems[row]
        return f"row {row + 1}{', ' if problem.startswith('column ') else ': '}{problem}"

    def refusal(self) -> GisImportError:
        return GisImportError(f"{self.label}, {self.describe()}", rows=[r + 1 for r in self.rows])

    def skipped_note(self) -> str:
        return f"{self.label}: skipped {self.describe().replace(' cannot be imported', '', 1)}"

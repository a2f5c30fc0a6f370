"""Read observed values from a CSV file with columns ``year,indicator,value``.

Files come from spreadsheets and colleagues, so everything is checked and every problem is one
readable line naming the row (header = row 1): encoding (UTF-8, with or without a byte-order mark),
missing columns, empty files, non-numeric or non-finite numbers, fractional years, negative values,
unknown indicators and a (year, indicator) pair given twice. Commas are the separator; a
semicolon- or tab-separated file (as some spreadsheet locales write) is recognised from its header.
"""
from __future__ import annotations

import csv
import io
import math
import os
from pathlib import Path

from parkplanner.core.model.project import Observation
from parkplanner.core.projection.zone_basis import SERIES

__all__ = ["ObservationsCsvError", "read_observations", "parse_observations", "REQUIRED_COLUMNS"]

REQUIRED_COLUMNS = ("year", "indicator", "value")
_YEAR_RANGE = (1900, 2200)


class ObservationsCsvError(ValueError):
    """A file that cannot be read as observations; the message is one line for the user."""


def read_observations(path: str | os.PathLike) -> tuple[Observation, ...]:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ObservationsCsvError(f"cannot read {path.name}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ObservationsCsvError(
            f"{path.name} is not UTF-8 text (byte {exc.start}); save it as CSV UTF-8") from None
    try:
        return parse_observations(text)
    except ObservationsCsvError as exc:
        raise ObservationsCsvError(f"{path.name}: {exc}") from None


def parse_observations(text: str) -> tuple[Observation, ...]:
    if "\x00" in text:
        raise ObservationsCsvError("not a text file")
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise ObservationsCsvError("the file is empty")
    header_line = next(line for line in lines if line.strip())
    delimiter = max((",", ";", "\t"), key=header_line.count)
    try:  # newline="": the csv module's own line handling (a lone \r is a line end, not an error)
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ObservationsCsvError(f"not a readable CSV table ({exc})") from None
    rows = iter(enumerate(table, start=1))
    for _, header in rows:
        if any(cell.strip() for cell in header):
            break
    columns = [cell.strip().lower() for cell in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        found = ",".join(" ".join(c.split()) for c in columns if c)  # a quoted cell may hold a line break
        raise ObservationsCsvError(
            f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(need {','.join(REQUIRED_COLUMNS)}; found {found or 'none'})")
    where = {name: columns.index(name) for name in REQUIRED_COLUMNS}

    observations: dict[tuple[int, str], Observation] = {}
    for number, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (row[i].strip() if i < len(row) else "") for name, i in where.items()}
        obs = _observation(cells, number)
        key = (obs.year, obs.indicator)
        if key in observations:
            raise ObservationsCsvError(f"row {number}: {obs.indicator} in {obs.year} is given twice")
        observations[key] = obs
    if not observations:
        raise ObservationsCsvError("no observations below the header")
    return tuple(sorted(observations.values(), key=lambda o: (SERIES.index(o.indicator), o.year)))


def _observation(cells: dict[str, str], number: int) -> Observation:
    indicator = cells["indicator"]
    if indicator not in SERIES:
        raise ObservationsCsvError(
            f"row {number}: unknown indicator {indicator!r} (indicators: {', '.join(SERIES)})")
    year = _number(cells["year"], "year", number)
    if year != int(year) or not _YEAR_RANGE[0] <= year <= _YEAR_RANGE[1]:
        raise ObservationsCsvError(
            f"row {number}: year must be a whole year between {_YEAR_RANGE[0]} and {_YEAR_RANGE[1]}, "
            f"not {cells['year']!r}")
    value = _number(cells["value"], "value", number)
    if value < 0:
        raise ObservationsCsvError(f"row {number}: value must not be negative ({cells['value']})")
    return Observation(int(year), indicator, value)


def _number(text: str, column: str, number: int) -> float:
    try:
        value = float(text.replace("_", "x"))  # float() accepts "1_000"; a CSV cell should not
    except ValueError:
        raise ObservationsCsvError(f"row {number}: {column} is not a number: {text!r}") from None
    if not math.isfinite(value):
        raise ObservationsCsvError(f"row {number}: {column} must be a finite number, not {text!r}")
    return value

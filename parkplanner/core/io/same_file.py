"""Refuse an output that is one of the inputs: writing it would destroy the data being read.

``parkplanner export P.gpkg -o P.gpkg`` would replace a whole project by a flat layer, and
``import SRC.gpkg -o SRC.gpkg`` the source by a project. Names are not compared as text: a
symbolic or hard link, a relative path, or another letter case on a case-insensitive disk name the
same file, so an existing output is compared with each input by device and inode (os.path.samefile).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

__all__ = ["SameFileError", "same_file", "refuse_same_file"]


class SameFileError(ValueError):
    """An output that is also an input; the message is one readable line."""


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether two paths name one existing file (through links, ``..`` and letter case)."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): a new output is never an input
        return False


def refuse_same_file(output: str | os.PathLike, inputs: Iterable[str | os.PathLike], what: str) -> None:
    """SameFileError if ``output`` is one of ``inputs``; ``what`` names the output ("the zones")."""
    for source in inputs:
        if same_file(output, source):
            raise SameFileError(f"cannot write {what} to {Path(output).name}: it is the input file "
                                f"{Path(source).name}, which would be destroyed; choose another output")

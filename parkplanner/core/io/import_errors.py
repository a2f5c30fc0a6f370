"""The importer's one refusal type, in a module of its own so the importer's parts can raise it."""
from __future__ import annotations

__all__ = ["GisImportError"]


class GisImportError(ValueError):
    """A source file that cannot become a project or layer; the message is one readable line.

    ``rows`` (1-based) are the rows refused for their content when the rest could be imported
    (``skip_invalid``); empty when the file as a whole is refused."""

    def __init__(self, message: str, rows=()) -> None:
        super().__init__(message)
        self.rows: tuple[int, ...] = tuple(rows)

"""The importer's one refusal type, in a module of its own so the importer's parts can raise it."""
from __future__ import annotations

__all__ = ["GisImportError"]


class GisImportError(ValueError):
    """A source file that cannot become a project or layer; the message is one readable line."""

"""The project history: the only way to change a project (docs/architecture.md, "One way to change a
project")."""
from parkplanner.core.editing.change import ChangeKind, ProjectChange
from parkplanner.core.editing.command import Command, History, HistoryMark, MacroCommand

__all__ = ["ChangeKind", "ProjectChange", "Command", "History", "HistoryMark", "MacroCommand"]

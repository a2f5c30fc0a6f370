"""The project history: the only way to change a project (DESIGN.md, "One way to change data")."""
from parkplanner.core.editing.change import ChangeKind, ProjectChange
from parkplanner.core.editing.command import Command, History, MacroCommand

__all__ = ["ChangeKind", "ProjectChange", "Command", "History", "MacroCommand"]

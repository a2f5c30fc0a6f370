"""Commands and the history: the single path by which a project changes (docs/architecture.md).

A command is a small object holding old and new values with ``apply`` and ``revert``; both
return the ProjectChange list describing what they did. The History applies commands, groups
several into one undo step, merges consecutive steps that declare the same ``merge_key`` (a
vertex drag becomes one step), tracks the clean index for "unsaved changes", and emits
``changed`` once per apply/undo/redo with every change of that step.

A step may be announced before it is made (``History.defer``): the workshop's FAR release at
100,000 zones makes ~33,000 zones on a worker while the GUI thread goes on. Until it lands, any
other use of the history lands it first (waiting for its worker), so steps keep their order and
no step is taken over a project that lacks one announced before it.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator, Protocol

from parkplanner.core.editing.change import ProjectChange
from parkplanner.core.events import Signal
from parkplanner.core.model.project import Project

__all__ = ["Command", "MacroCommand", "History", "HistoryMark"]


class Command(Protocol):
    label: str
    #: Consecutive commands with the same non-None key merge into one undo step.
    merge_key: object | None

    def apply(self, project: Project) -> list[ProjectChange]: ...

    def revert(self, project: Project) -> list[ProjectChange]: ...

    def merged_with(self, later: "Command") -> "Command": ...


class MacroCommand:
    """Several commands as one undo step, reverted in reverse order."""

    merge_key = None

    def __init__(self, label: str, commands: list[Command]) -> None:
        self.label = label
        self.commands = list(commands)

    def apply(self, project: Project) -> list[ProjectChange]:
        changes: list[ProjectChange] = []
        for command in self.commands:
            changes.extend(command.apply(project))
        return changes

    def revert(self, project: Project) -> list[ProjectChange]:
        changes: list[ProjectChange] = []
        for command in reversed(self.commands):
            changes.extend(command.revert(project))
        return changes

    def merged_with(self, later: Command) -> Command:
        raise TypeError("macros do not merge")


class HistoryMark:
    """Where the history stood when a session that may be rolled back whole began (History.mark)."""

    def __init__(self, index: int, tail: list[Command], clean_index: int | None) -> None:
        self.index, self.tail, self.clean_index = index, tail, clean_index
        #: Commands applied outside the undo steps for the session (History.apply_temporarily).
        self.temporary: list[Command] = []


class History:
    """Undo stack over one project. ``changed`` emits (list[ProjectChange]) after every step."""

    def __init__(self, project: Project, limit: int | None = None) -> None:
        self.project = project
        self.limit = limit
        self._steps: list[Command] = []
        self._index = 0  # number of applied steps
        self._clean_index: int | None = 0
        self._group: list[Command] | None = None
        self._group_label = ""
        self._group_depth = 0
        self._merge_open = True
        self._floor = 0  # undo stops here while a session is marked (History.mark)
        self._landing: Callable[[], object] | None = None  # a step announced by defer()
        #: New undo steps recorded so far (a merge adds none); with an undo limit the index
        #: cannot tell a merge from a step that pushed the oldest one out.
        self.steps_recorded = 0
        self.changed = Signal()
        #: Emitted (no args) when can_undo/can_redo/labels/clean state may have changed.
        self.state_changed = Signal()

    # -- pushing -------------------------------------------------------------------------------
    def push(self, command: Command) -> list[ProjectChange]:
        """Apply ``command`` and record it. Raises whatever apply raises, leaving no trace."""
        self.settle()
        changes = command.apply(self.project)
        if self._group is not None:
            self._group.append(command)
            self.changed.emit(changes)
            return changes
        self._record(command)
        self.changed.emit(changes)
        self.state_changed.emit()
        return changes

    def _record(self, command: Command) -> None:
        del self._steps[self._index:]
        if self._clean_index is not None and self._clean_index > self._index:
            self._clean_index = None  # the clean state was in the discarded redo branch
        previous = self._steps[-1] if self._steps else None
        key = getattr(command, "merge_key", None)
        if (
            self._merge_open and previous is not None and key is not None
            and getattr(previous, "merge_key", None) == key and self._clean_index != self._index
        ):
            self._steps[-1] = previous.merged_with(command)
            return
        self._steps.append(command)
        self._index += 1
        self.steps_recorded += 1
        self._merge_open = True
        if self.limit is not None and len(self._steps) > self.limit:
            drop = len(self._steps) - self.limit
            del self._steps[:drop]
            self._index -= drop
            self._floor = max(0, self._floor - drop)
            if self._clean_index is not None:
                self._clean_index = self._clean_index - drop if self._clean_index >= drop else None

    def defer(self, land: Callable[[], object]) -> None:
        """Announce a step still being made: ``land()`` pushes it (waiting for what makes it),
        when its maker calls ``settle()`` or before any other step, undo, redo, session mark or
        clean mark, whichever comes first. A step announced before lands first."""
        self.settle()
        self._landing = land

    def settle(self) -> None:
        """Land the step announced by ``defer`` now; nothing if none is on its way. Call it
        before writing the project out (a save, an export)."""
        land, self._landing = self._landing, None
        if land is not None:
            land()

    @property
    def landing(self) -> bool:
        """A step announced by ``defer`` has not landed yet."""
        return self._landing is not None

    def end_merge(self) -> None:
        """Stop merging into the last step (e.g. at the end of a drag)."""
        self._merge_open = False

    @contextmanager
    def group(self, label: str) -> Iterator[None]:
        """Group every push inside the block into one undo step named ``label``.

        If the block raises, what it already applied is reverted and nothing is recorded.
        """
        self.settle()
        if self._group is not None:  # nested groups fold into the outer one
            self._group_depth += 1
            try:
                yield
            finally:
                self._group_depth -= 1
            return
        self._group, self._group_label = [], label
        try:
            yield
        except BaseException:
            commands, self._group = self._group, None
            changes: list[ProjectChange] = []
            for command in reversed(commands):
                changes.extend(command.revert(self.project))
            if changes:
                self.changed.emit(changes)
            raise
        commands, self._group = self._group, None
        if commands:
            self._record(commands[0] if len(commands) == 1 and label == commands[0].label
                         else MacroCommand(label, commands))
            self._merge_open = False
            self.state_changed.emit()

    # -- undo / redo -------------------------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return self._index > self._floor and self._group is None

    @property
    def can_redo(self) -> bool:
        return self._index < len(self._steps) and self._group is None

    @property
    def undo_label(self) -> str:
        return self._steps[self._index - 1].label if self.can_undo else ""

    @property
    def redo_label(self) -> str:
        return self._steps[self._index].label if self.can_redo else ""

    def undo(self) -> list[ProjectChange]:
        self.settle()
        if not self.can_undo:
            return []
        self._index -= 1
        self._merge_open = False
        changes = self._steps[self._index].revert(self.project)
        self.changed.emit(changes)
        self.state_changed.emit()
        return changes

    def redo(self) -> list[ProjectChange]:
        self.settle()
        if not self.can_redo:
            return []
        changes = self._steps[self._index].apply(self.project)
        self._index += 1
        self._merge_open = False
        self.changed.emit(changes)
        self.state_changed.emit()
        return changes

    def discard_redo(self) -> None:
        """Forget the steps after the current one (a drag cancelled by undoing it must not come
        back with Redo)."""
        self.settle()
        if self._index < len(self._steps):
            del self._steps[self._index:]
            if self._clean_index is not None and self._clean_index > self._index:
                self._clean_index = None
            self.state_changed.emit()

    def go_to(self, index: int) -> None:
        """Undo or redo until ``index`` steps are applied (the history dock's click)."""
        index = max(0, min(index, len(self._steps)))
        while self._index > index:
            self.undo()
        while self._index < index:
            self.redo()

    # -- sessions that may be rolled back whole ----------------------------------------------------
    def mark(self) -> HistoryMark:
        """Begin a session (the workshop): its steps are undoable one by one as usual, but undo
        stops at the mark, and ``roll_back`` returns to exactly this history, redo steps included."""
        self.settle()
        self._floor = self._index
        self._merge_open = False
        return HistoryMark(self._index, list(self._steps[self._index:]), self._clean_index)

    def apply_temporarily(self, mark: HistoryMark, command: Command) -> list[ProjectChange]:
        """Apply ``command`` outside the undo steps, for the session only (the workshop's copies of
        scenarios): no undo removes it, ``roll_back(mark)`` does."""
        self.settle()
        changes = command.apply(self.project)
        mark.temporary.append(command)
        self.changed.emit(changes)
        return changes

    def roll_back(self, mark: HistoryMark) -> None:
        """Undo the session's steps, revert its temporary commands and give back the steps that
        were in the redo list when it began: the project and the history are as at ``mark``."""
        self.settle()
        self.go_to(self._floor)
        changes: list[ProjectChange] = []
        for command in reversed(mark.temporary):
            changes.extend(command.revert(self.project))
        mark.temporary.clear()
        saved_meanwhile = self._clean_index is not None and self._clean_index != mark.clean_index
        self._steps[self._index:] = mark.tail
        # A save during the session wrote a state that no step returns to.
        self._clean_index = None if saved_meanwhile else mark.clean_index
        self._floor = 0
        self._merge_open = False
        if changes:
            self.changed.emit(changes)
        self.state_changed.emit()

    # -- clean state -------------------------------------------------------------------------------
    @property
    def index(self) -> int:
        return self._index

    @property
    def labels(self) -> list[str]:
        return [step.label for step in self._steps]

    @property
    def is_clean(self) -> bool:
        return self._clean_index == self._index

    def mark_clean(self) -> None:
        self.settle()
        self._clean_index = self._index
        self._merge_open = False
        self.state_changed.emit()

    def mark_unclean(self) -> None:
        """No state matches the file any more (a recovered autosave is shown over its project)."""
        self.settle()
        self._clean_index = None
        self.state_changed.emit()

    def clear(self) -> None:
        self.settle()
        self._steps.clear()
        self._index = 0
        self._floor = 0
        self._clean_index = 0
        self.state_changed.emit()

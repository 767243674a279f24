"""QUndoCommands over the model. Each command touches only the model; views follow its changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from app.model import Journey, ModelError

# ids for QUndoCommand.mergeWith: consecutive edits of one field of one element merge
MERGE_UPDATE = 1001


class ModelCommand(QUndoCommand):
    """A command given as a pair of functions: redo applies the edit, undo reverses it.

    The first redo() (when pushed) runs `do`, which may return state that `undo` needs
    (a Removal, old values); later redos run `do` again with the same arguments. If the model
    refuses the first redo, the command marks itself obsolete, so QUndoStack.push drops it
    instead of keeping a step that did nothing, and keeps the refusal in `error` for the editor
    to raise.
    """

    def __init__(self, text: str, do: Callable[[], Any], undo: Callable[[Any], None],
                 parent: QUndoCommand | None = None) -> None:
        super().__init__(text, parent)
        self._do = do
        self._undo = undo
        self.state: Any = None
        self.error: ModelError | None = None
        self._pushed = False

    def redo(self) -> None:
        if self.childCount():
            super().redo()
        if self._pushed:
            try:
                self.state = self._do()
            except ModelError:  # someone else's live edit took away what this step touched
                self.setObsolete(True)  # the stack drops the step instead of failing on it
            return
        self._pushed = True
        try:
            self.state = self._do()
        except ModelError as exc:
            self.error = exc
            self.setObsolete(True)

    def undo(self) -> None:
        try:
            self._undo(self.state)
        except ModelError:  # someone else's live edit took away what this step touched
            self.setObsolete(True)
            return
        if self.childCount():
            super().undo()


class UpdateCommand(QUndoCommand):
    """Set fields of one element; consecutive edits of the same fields merge into one step."""

    def __init__(self, text: str, journey: Journey, element_id: str, changes: dict[str, Any],
                 merge_key: str | None = None) -> None:
        super().__init__(text)
        self.journey = journey
        self.element_id = element_id
        self.changes = dict(changes)
        self.old: dict[str, Any] = {}
        self.merge_key = merge_key
        self.error: ModelError | None = None

    def id(self) -> int:
        return MERGE_UPDATE if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, UpdateCommand) or other.merge_key != self.merge_key:
            return False
        if other.journey is not self.journey or other.element_id != self.element_id:
            return False
        if set(other.changes) != set(self.changes):
            return False
        self.changes = other.changes
        return True

    def redo(self) -> None:
        try:
            old = self.journey.update(self.element_id, **self.changes)
        except ModelError as exc:  # refused when pushed (see ModelCommand): QUndoStack.push drops it
            self.error = exc
            self.setObsolete(True)
            return
        if not self.old:
            self.old = old

    def undo(self) -> None:
        try:
            self.journey.update(self.element_id, **self.old)
        except ModelError:  # the element went in someone else's live edit: the step no longer applies
            self.setObsolete(True)

"""The canvas's keyboard: keyboard-first building for facilitators.

N or Insert adds a touchpoint in the current cell, Enter/F2 edits the selection in place,
Tab/Shift+Tab walk the cells, the arrows move between cards, Delete removes, Ctrl+C/X/V/D copy,
cut, paste and duplicate, Ctrl+A selects all, Escape cancels a gesture or clears the selection,
and Space held turns a drag into panning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent

from .interactions import Pan
from .scene import JourneyView

if TYPE_CHECKING:
    from .canvas import JourneyCanvas

ARROW_STEPS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}


class KeyboardInput(JourneyView):
    """JourneyCanvas's part that turns keys into edits and moves."""

    def event(self, event: QEvent) -> bool:
        # Tab and Shift+Tab walk the cells instead of moving the focus away
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.keyPressEvent(event)
            return True
        return super().event(event)

    def keyPressEvent(self: JourneyCanvas, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Space and not event.isAutoRepeat() and not ctrl:
            self.space_held = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        elif key == Qt.Key.Key_Escape:
            if self.interaction is not None:
                self.interaction.cancel()
            elif self.selected_ids():
                self.select_ids([], ensure_visible=False)
        elif key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            back = key == Qt.Key.Key_Backtab or bool(mods & Qt.KeyboardModifier.ShiftModifier)
            self.step_cell(-1 if back else 1)
        elif key in (Qt.Key.Key_N, Qt.Key.Key_Insert) and not ctrl:
            self.quick_add()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            ids = self.selected_ids()
            if ids:
                self.edit_in_place(ids[0])
        elif key in ARROW_STEPS:
            self.navigate(*ARROW_STEPS[Qt.Key(key)])
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_selection()
        elif ctrl and key == Qt.Key.Key_D:
            self.duplicate_selection()
        elif ctrl and key == Qt.Key.Key_A:
            self.select_all()
        elif ctrl and key == Qt.Key.Key_C:
            self.copy_selection()
        elif ctrl and key == Qt.Key.Key_X:
            self.cut_selection()
        elif ctrl and key == Qt.Key.Key_V:
            self.paste()
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self: JourneyCanvas, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.space_held = False
            if not isinstance(self.interaction, Pan):
                self.viewport().unsetCursor()
            return
        super().keyReleaseEvent(event)

    def focusOutEvent(self: JourneyCanvas, event: QFocusEvent) -> None:
        self.space_held = False
        super().focusOutEvent(event)

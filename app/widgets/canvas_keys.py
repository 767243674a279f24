"""The canvas's keyboard: keyboard-first building for facilitators.

N or Insert adds a touchpoint in the current cell, Enter/F2 edits the selection in place,
Tab/Shift+Tab walk the cells, the arrows move between cards, V and Shift+V add and take back a
dot on the selected pain points and opportunities, Delete removes, Ctrl+C/X/V/D copy,
cut, paste and duplicate, Ctrl+A selects all, Escape cancels a gesture or clears the selection,
and Space held turns a drag into panning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent

from .emotion_click import EMOTION_KEYS, step_emotion
from .interactions import Pan

if TYPE_CHECKING:
    from .canvas import JourneyCanvas

ARROW_STEPS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
TAB_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


class KeyboardInput:
    """Turns the canvas's key events into edits and moves; each method answers whether it used the key."""

    def __init__(self, canvas: JourneyCanvas) -> None:
        self.canvas = canvas

    def press(self, event: QKeyEvent) -> bool:
        canvas = self.canvas
        key, mods = event.key(), event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Space and not event.isAutoRepeat() and not ctrl:
            canvas.space_held = True
            canvas.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        elif key == Qt.Key.Key_Escape:
            if canvas.pointer.interaction is not None:
                canvas.pointer.cancel()
            elif canvas.selected_ids():
                canvas.select_ids([], ensure_visible=False)
        elif key in TAB_KEYS:
            back = key == Qt.Key.Key_Backtab or bool(mods & Qt.KeyboardModifier.ShiftModifier)
            canvas.step_cell(-1 if back else 1)
        elif key in (Qt.Key.Key_N, Qt.Key.Key_Insert) and not ctrl:
            canvas.quick_add()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            ids = canvas.selected_ids()
            if ids:
                canvas.edit_in_place(ids[0])
        elif key in ARROW_STEPS:
            canvas.navigate(*ARROW_STEPS[Qt.Key(key)])
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            canvas.delete_selection()
        elif key in EMOTION_KEYS and not ctrl and step_emotion(canvas, EMOTION_KEYS[Qt.Key(key)]):
            pass
        elif key == Qt.Key.Key_V and not ctrl:
            canvas.vote_selection(-1 if mods & Qt.KeyboardModifier.ShiftModifier else 1)
        elif ctrl and key == Qt.Key.Key_D:
            canvas.duplicate_selection()
        elif ctrl and key == Qt.Key.Key_A:
            canvas.select_all()
        elif ctrl and key == Qt.Key.Key_C:
            canvas.copy_selection()
        elif ctrl and key == Qt.Key.Key_X:
            canvas.cut_selection()
        elif ctrl and key == Qt.Key.Key_V:
            canvas.paste()
        else:
            return False
        return True

    def release(self, event: QKeyEvent) -> bool:
        canvas = self.canvas
        if event.key() != Qt.Key.Key_Space or event.isAutoRepeat():
            return False
        canvas.space_held = False
        if not isinstance(canvas.pointer.interaction, Pan):
            canvas.viewport().unsetCursor()
        return True

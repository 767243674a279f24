"""Copy, cut, paste and duplicate of touchpoints on the canvas.

A fragment (made by app.model.copying) holds the chosen touchpoints with their pain points,
opportunities and metrics and the customer-path steps between them, as plain JSON under
FRAGMENT_MIME on the system clipboard, so it pastes into another window or another project.
Pasting creates fresh ids and is one undo step through `JourneyEditor.insert_fragment`; this
module only moves fragments between the canvas and the system clipboard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication

from app.model import Journey, ModelError, NodeKind
from app.model.copying import add_duplicates, add_fragment, fragment_of, paste_cells, prepare_fragment

from . import mime

if TYPE_CHECKING:
    from .canvas import JourneyCanvas

def _count(n: int, what: str) -> str:
    return what if n == 1 else f"{n} {what}s"


class CardClipboard:
    """The canvas's clipboard commands."""

    def __init__(self, canvas: JourneyCanvas) -> None:
        self.canvas = canvas

    @property
    def journey(self) -> Journey:
        return self.canvas.journey

    def _touchpoint_ids(self) -> list[str]:
        return [i for i in self.canvas.selected_ids()
                if i in self.journey and self.journey.kind_of(i) is NodeKind.TOUCHPOINT]

    def copy(self) -> bool:
        fragment = fragment_of(self.journey, self._touchpoint_ids())
        if fragment is None:
            self.canvas.statusMessage.emit("Select touchpoints to copy")
            return False
        data = QMimeData()
        data.setData(mime.FRAGMENT_MIME, mime.encode(fragment))
        titles = [t["title"] for t in fragment["touchpoints"]]
        data.setText("\n".join(titles))
        QApplication.clipboard().setMimeData(data)
        return True

    def cut(self) -> None:
        ids = self._touchpoint_ids()
        if ids and self.copy():
            self.canvas.editor.remove(self.journey, ids, text="Cut " + _count(len(ids), "touchpoint"))

    def paste(self) -> None:
        data = QApplication.clipboard().mimeData()
        if data is None or not data.hasFormat(mime.FRAGMENT_MIME):
            self.canvas.statusMessage.emit("Nothing to paste: copy touchpoints first")
            return
        fragment = mime.decode(data.data(mime.FRAGMENT_MIME).data())
        try:
            if fragment is None:
                raise ModelError("the clipboard holds a damaged Waymark fragment")
            prepared = prepare_fragment(fragment, {p.id for p in self.canvas.editor.project.personas})
            cell = self.canvas.current_cell() or self.canvas.default_cell()
            if cell is None:
                raise ModelError("add a stage and a touchpoints lane before pasting")
            cells = paste_cells(self.journey, prepared, *cell)
            created = self.canvas.editor.insert_fragment(
                self.journey, lambda j: add_fragment(j, prepared, cells),
                text="Paste " + _count(len(prepared.touchpoints), "touchpoint"))
        except ModelError as exc:
            self.canvas.statusMessage.emit(str(exc))
            return
        self.canvas.select_ids([i for i in created if i in set(prepared.touchpoint_ids)])

    def duplicate(self) -> None:
        ids = self._touchpoint_ids()
        fragment = fragment_of(self.journey, ids)
        if fragment is None:
            self.canvas.statusMessage.emit("Select touchpoints to duplicate")
            return
        prepared = prepare_fragment(fragment, {p.id for p in self.canvas.editor.project.personas})
        created = self.canvas.editor.insert_fragment(
            self.journey, lambda j: add_duplicates(j, prepared),
            text="Duplicate " + _count(len(prepared.touchpoints), "touchpoint"))
        self.canvas.select_ids([i for i in prepared.touchpoint_ids if i in created])

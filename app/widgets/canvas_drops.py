"""The canvas as a drop target for the palette: drag a stage, lane, touchpoint or note onto the map.

While the drag hovers, PaletteDrop shows where the element would land (an insertion marker and
a hint); the drop adds it as one undo step and selects it. Other drags (files) are left to the
window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent

from . import mime
from .palette import PaletteDrop
from .scene import JourneyView

if TYPE_CHECKING:
    from .canvas import JourneyCanvas


class PaletteDropTarget(JourneyView):
    """JourneyCanvas's part that takes drops from the palette."""

    _palette_drop: PaletteDrop | None = None

    def _palette_payload(self, event: QDropEvent | QDragEnterEvent) -> dict[str, Any] | None:
        data = event.mimeData()
        if data is None or not data.hasFormat(mime.PALETTE_MIME):
            return None
        return mime.decode(bytes(data.data(mime.PALETTE_MIME).data()))

    def dragEnterEvent(self: JourneyCanvas, event: QDragEnterEvent) -> None:
        payload = self._palette_payload(event)
        if payload is None:
            event.ignore()
            return
        self._palette_drop = PaletteDrop(self, payload)
        event.acceptProposedAction()

    def dragMoveEvent(self: JourneyCanvas, event: QDragMoveEvent) -> None:
        if self._palette_drop is None:
            event.ignore()
            return
        pos = self.mapToScene(event.position().toPoint())
        if self._palette_drop.hover(pos):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        if self._palette_drop is not None:
            self._palette_drop.leave()
        self._palette_drop = None

    def dropEvent(self: JourneyCanvas, event: QDropEvent) -> None:
        payload = self._palette_payload(event)
        drop = self._palette_drop or (PaletteDrop(self, payload) if payload else None)
        self._palette_drop = None
        if drop is None:
            event.ignore()
            return
        ids = drop.drop(self.mapToScene(event.position().toPoint()))
        event.acceptProposedAction()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        if ids:
            self.select_ids(ids, ensure_visible=False)

"""Help > Keyboard shortcuts: every shortcut of the menus (generated from the actions) and the canvas keys."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# keys the canvas handles itself (not menu commands)
CANVAS_KEYS: list[tuple[str, str, str]] = [
    ("Canvas", "Add a touchpoint in the current cell and start typing", "N, Insert"),
    ("Canvas", "Edit the selected card in place", "Enter, F2, double-click"),
    ("Canvas", "Commit the text being edited", "Enter"),
    ("Canvas", "Cancel editing, dragging or the selection", "Escape"),
    ("Canvas", "Move the selection between cards and cells", "Arrow keys"),
    ("Canvas", "Next / previous cell", "Tab, Shift+Tab"),
    ("Canvas", "Zoom", "Ctrl+mouse wheel"),
    ("Canvas", "Pan", "Space+drag, middle button drag"),
    ("Canvas", "Select several", "Drag on empty space, Ctrl+click"),
    ("Presentation", "Leave presentation mode", "Escape, F11"),
]


class ShortcutsDialog(QDialog):
    def __init__(self, rows: list[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(760, 600)
        layout = QVBoxLayout(self)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter…")
        self.filter.setClearButtonEnabled(True)
        layout.addWidget(self.filter)
        all_rows = list(rows) + CANVAS_KEYS
        self.table = QTableWidget(len(all_rows), 3)
        self.table.setHorizontalHeaderLabels(["Where", "Command", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        for r, row in enumerate(all_rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c == 2:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.filter.textChanged.connect(self._filter)
        self.filter.setFocus(Qt.FocusReason.OtherFocusReason)

    def rows(self) -> list[tuple[str, str, str]]:
        return [(self._cell(r, 0), self._cell(r, 1), self._cell(r, 2)) for r in range(self.table.rowCount())]

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def _filter(self, text: str) -> None:
        needle = text.lower()
        for r in range(self.table.rowCount()):
            hay = " ".join(self._cell(r, c).lower() for c in range(3))
            self.table.setRowHidden(r, bool(needle) and needle not in hay)

"""The Export PDF dialog's list of characters the PDF cannot print: before the export, which
elements hold characters no font on this computer has (they would print as nothing), and after
it, the ones the export really met. Plain sentences naming the element, never a traceback.

The finding itself lives in app.export.glyph_report (the CLI prints the same as warnings).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QVBoxLayout

# how many elements the box names; the rest are counted (the CLI's --strict lists them all)
SHOWN = 8


def describe(where: str, chars: list[str]) -> str:
    """'touchpoint "Checkout 𓀀" (stage Purchase): 𓀀 U+13000 EGYPTIAN HIEROGLYPH A001' for people."""
    from app.export.glyph_report import char_name

    named = ", ".join(f"{ch} ({char_name(ch)})" for ch in chars)
    return f"{where[:1].upper()}{where[1:]}: {named}"


class UnprintablePanel(QFrame):
    """A warning box listing the elements whose characters no font can print; hidden when none."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("UnprintableCharacters")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#UnprintableCharacters { background: #fff8e1; border: 1px solid #f0c36d; "
                           "border-radius: 4px; }")
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: bold; color: #7a4f01; border: none;")
        self.icon = QLabel()
        self.icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(20, 20))
        self.icon.setStyleSheet("border: none;")
        self.items = QLabel()
        self.items.setWordWrap(True)
        self.items.setTextFormat(Qt.TextFormat.PlainText)  # client text shown as typed, never as markup
        self.items.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.items.setStyleSheet("border: none;")
        self.hint = QLabel("Change these texts, or install a font that has these characters, then export again.")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #52606d; border: none;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        top = QHBoxLayout()
        top.addWidget(self.icon)
        top.addWidget(self.heading, 1)
        layout.addLayout(top)
        layout.addWidget(self.items)
        layout.addWidget(self.hint)
        self.elements: list[tuple[str, list[str]]] = []
        self._lines: list[str] = []
        self.hide()

    def show_elements(self, elements: list[tuple[str, list[str]]], exported: bool = False) -> None:
        """List these elements (none: hide). `exported`: the PDF has been written without them."""
        self.elements = list(elements)
        self.items.clear()
        self._lines = [describe(where, chars) for where, chars in elements]
        if not elements:
            self.hide()
            return
        count = len(elements)
        what = f"{count} element{'s' * (count != 1)}"
        if exported:
            self.heading.setText(f"The PDF was saved, but {what} {'have' if count != 1 else 'has'} characters "
                                 "that no font on this computer can print; they are missing from it:")
        else:
            self.heading.setText(f"{what[:1].upper()}{what[1:]} {'have' if count != 1 else 'has'} characters that "
                                 "no font on this computer can print; they will be missing from the PDF:")
        shown = [f"\u2022 {line}" for line in self._lines[:SHOWN]]
        if count > SHOWN:
            shown.append(f"and {count - SHOWN} more element{'s' * (count - SHOWN != 1)}")
        self.items.setText("\n".join(shown))
        self.show()

    def lines(self) -> list[str]:
        """One line per element listed (the box shows the first SHOWN of them)."""
        return list(self._lines)

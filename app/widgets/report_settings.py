"""The consultant's brand in the Export PDF dialog: organisation, logo, accent colour, footer text,
confidentiality line, author, version and the project's language, saved in the project file.

Every change is an undoable edit through the editor facade (JourneyEditor.set_report /
set_language), committed when a field is left or Return is pressed; the fields follow the model,
so Undo in the window puts them back. A logo that is too large or broken is refused with the
problem named under the fields, and nothing changes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.model import ModelError
from app.model.report import MAX_LOGO_BYTES, logo_bytes, logo_data_uri

LOGO_FILTER = "Images (*.png *.jpg *.jpeg *.svg)"
TEXT_FIELDS = (("organisation", "Organisation:", "Your organisation, on the cover"),
               ("author", "Author:", "Prepared by (the journey's author when empty)"),
               ("version", "Version:", "Document version on the cover, e.g. 1.2"),
               ("footer", "Footer:", "Footer text on every page"),
               ("confidentiality", "Confidentiality:", "e.g. Confidential: prepared for Acme Ltd"))


class BrandField(QLineEdit):
    """A line edit whose Return commits the field only: in the dialog, Return would otherwise
    also press the default button and start an export."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class ReportSettingsBox(QGroupBox):
    """The report's brand settings of the window's project, bound to its editor."""

    changed = Signal()  # after the model took a change (the dialog refreshes its previews)

    def __init__(self, window: Any, parent: QWidget | None = None) -> None:
        super().__init__("Report", parent)
        self.setObjectName("ReportSettings")
        self.window_ = window
        form = QFormLayout(self)
        self.fields: dict[str, QLineEdit] = {}
        for name, label, hint in TEXT_FIELDS:
            edit = BrandField()
            edit.setObjectName(f"report_{name}")
            edit.setPlaceholderText(hint)
            edit.editingFinished.connect(lambda name=name: self._commit_text(name))
            form.addRow(label, edit)
            self.fields[name] = edit

        self.logo_label = QLabel()
        self.logo_label.setObjectName("report_logo_status")
        self.logo_button = QPushButton("Choose\u2026")
        self.logo_button.setObjectName("report_logo_choose")
        self.logo_button.setToolTip("A PNG, JPEG or SVG image of at most 2 MB, stored inside the project")
        self.logo_button.clicked.connect(self.choose_logo)
        self.logo_remove = QPushButton("Remove")
        self.logo_remove.setObjectName("report_logo_remove")
        self.logo_remove.clicked.connect(lambda: self._apply(lambda: self.editor.set_report(logo="")))
        form.addRow("Logo:", _row(self.logo_label, self.logo_button, self.logo_remove))

        self.accent_button = QPushButton()
        self.accent_button.setObjectName("report_accent")
        self.accent_button.setToolTip("The colour of the cover band, headings and table headers")
        self.accent_button.clicked.connect(self.choose_accent)
        self.accent_reset = QPushButton("Default")
        self.accent_reset.setObjectName("report_accent_reset")
        self.accent_reset.clicked.connect(lambda: self._apply(lambda: self.editor.set_report(accent="")))
        form.addRow("Accent colour:", _row(self.accent_button, self.accent_reset))

        self.language = BrandField()
        self.language.setObjectName("report_language")
        self.language.setPlaceholderText("BCP 47, e.g. en-GB, fr-CA, zh-Hans")
        self.language.setToolTip("The language of the project's text; the PDF tells readers and screen readers")
        self.language.editingFinished.connect(self._commit_language)
        form.addRow("Language:", self.language)

        self.error = QLabel()
        self.error.setObjectName("report_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        form.addRow(self.error)
        self.editor.edited.connect(self.refresh)  # undo and redo in the window move the fields too
        self.refresh()

    @property
    def editor(self) -> Any:
        return self.window_.editor

    # ------------------------------------------------------------------ model -> widgets
    def refresh(self) -> None:
        report = self.editor.project.report
        for name, edit in self.fields.items():
            value = getattr(report, name)
            if edit.text() != value and not (edit.hasFocus() and edit.isModified()):  # keep what is being typed
                edit.setText(value)
        if self.language.text() != self.editor.project.language:
            self.language.setText(self.editor.project.language)
        if report.logo:
            kind, data = logo_bytes(report.logo)
            self.logo_label.setText(f"{kind.upper()}, {_size(len(data))}")
        else:
            self.logo_label.setText("none")
        self.logo_remove.setEnabled(bool(report.logo))
        accent = report.accent or "default"
        self.accent_button.setText(accent)
        swatch = QPixmap(14, 14)
        swatch.fill(QColor(report.accent or "#243b53"))
        self.accent_button.setIcon(QIcon(swatch))
        self.accent_reset.setEnabled(bool(report.accent))

    # ------------------------------------------------------------------ widgets -> model
    def _apply(self, edit: Callable[[], None]) -> bool:
        try:
            edit()
        except ModelError as exc:
            self.error.setText(str(exc)[:1].upper() + str(exc)[1:])
            self.error.show()
            self.refresh()
            return False
        self.error.hide()
        self.refresh()
        self.changed.emit()
        return True

    def _commit_text(self, name: str) -> None:
        value = self.fields[name].text().strip()
        self.fields[name].setModified(False)  # committed: from now on the field follows the model
        self._apply(lambda: self.editor.set_report(**{name: value}))

    def _commit_language(self) -> None:
        value = self.language.text().strip()
        self._apply(lambda: self.editor.set_language(value))

    def choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose a logo", "", LOGO_FILTER)
        if path:
            self.use_logo(path)

    def use_logo(self, path: str) -> bool:
        """Store the image at path as the report's logo (one undo step), or say what is wrong."""
        name = f"the file {os.path.basename(path)}"

        def store() -> None:
            try:
                size = os.path.getsize(path)
                if size > MAX_LOGO_BYTES:  # refused before reading a large file into memory
                    raise ModelError(f"{name} is {size / 1e6:.1f} MB; a logo may be at most 2 MB")
                with open(path, "rb") as f:
                    data = f.read(MAX_LOGO_BYTES + 1)
            except OSError as exc:
                raise ModelError(f"cannot read {name}: {exc.strerror or exc}") from None
            self.editor.set_report(text="Set report logo", logo=logo_data_uri(data, name))

        return self._apply(store)

    def choose_accent(self) -> None:
        current = QColor(self.editor.project.report.accent or "#243b53")
        chosen = QColorDialog.getColor(current, self, "Report accent colour")
        if chosen.isValid():
            self._apply(lambda: self.editor.set_report(accent=chosen.name()))


def _row(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return holder


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} bytes"
    return f"{count / 1024:.0f} KB" if count < 1024 * 1024 else f"{count / 1024 / 1024:.1f} MB"

"""A form whose fields are bound both ways to one element of the model (the inspector's forms).

Each field is made by one call (`line`, `text`, `combo`, `check`, `number`) that connects both
directions: an edit in the widget goes through the JourneyEditor (typing merges into one undo
step per field), and `refresh` pulls every field from the model after any change (an edit here,
on the canvas, an undo). An edit the model refuses shows its message under the form and the
fields show the model again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.editing import JourneyEditor
from app.model import Journey, ModelError


class NoteEdit(QPlainTextEdit):
    """A multi-line field that says when the user leaves it (to commit as one step)."""

    editingFinished = Signal()

    def __init__(self, lines: int = 3) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 14)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editingFinished.emit()


class BoundForm(QWidget):
    """Fields of one element bound to the model; `write` sends changes through the editor."""

    def __init__(self, heading: str, editor: JourneyEditor, journey: Journey, element_id: str) -> None:
        super().__init__()
        self.editor, self.journey, self.element_id = editor, journey, element_id
        self._pulls: list[Callable[[], None]] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 12)
        outer.setSpacing(8)
        title = QLabel(heading)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        title.setFont(font)
        outer.addWidget(title)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c53030;")
        self.error.hide()
        self.layout_ = QFormLayout()
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        outer.addLayout(self.layout_)
        outer.addWidget(self.error)
        outer.addStretch(1)

    # --------------------------------------------------------------- plumbing
    def value(self, name: str) -> Any:
        return getattr(self.journey.get(self.element_id), name)

    def write(self, changes: dict[str, Any], merge: bool) -> None:
        self.editor.update(self.journey, self.element_id, merge=merge, **changes)

    def _try(self, action: Callable[[], None]) -> None:
        try:
            action()
        except ModelError as exc:
            self.error.setText(str(exc))
            self.error.show()
            self.refresh()  # the widgets show the model again, which refused the edit
            return
        self.error.hide()

    def refresh(self) -> None:
        for pull in self._pulls:
            pull()

    def section(self, text: str) -> None:
        label = QLabel(text.upper())
        label.setStyleSheet("color: #7b8794; font-size: 8pt; font-weight: 600; letter-spacing: 1px; padding-top: 8px;")
        label.setProperty("section", True)
        self.layout_.addRow(label)

    # ----------------------------------------------------------------- fields
    def line(self, label: str, name: str, *, on_finish: bool = False) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        if on_finish:
            edit.editingFinished.connect(lambda: self._try(lambda: self.write({name: edit.text()}, False)))
        else:
            edit.textEdited.connect(lambda text: self._try(lambda: self.write({name: text}, True)))

        def pull() -> None:
            value = str(self.value(name) or "")
            if edit.text() != value:
                edit.setText(value)
        self._pulls.append(pull)
        self.layout_.addRow(label, edit)
        return edit

    def text(self, label: str, name: str, *, lines: int = 3, as_list: bool = False,
             on_finish: bool = False) -> NoteEdit:
        edit = NoteEdit(lines)
        edit.setObjectName(name)

        def model_text() -> str:
            value = self.value(name)
            return "\n".join(value) if as_list else str(value or "")

        def commit() -> None:
            text = edit.toPlainText()
            value: Any = [s.strip() for s in text.splitlines() if s.strip()] if as_list else text
            if text != model_text():
                self._try(lambda: self.write({name: value}, not on_finish))
        on_finish = on_finish or as_list
        if on_finish:
            edit.editingFinished.connect(commit)
        else:
            edit.textChanged.connect(commit)

        def pull() -> None:
            if edit.toPlainText() != model_text() and not (on_finish and edit.hasFocus()):
                edit.blockSignals(True)
                edit.setPlainText(model_text())
                edit.blockSignals(False)
        self._pulls.append(pull)
        self.layout_.addRow(label, edit)
        return edit

    def combo(self, label: str, name: str, choices: list[tuple[str, Any]],
              write: Callable[[Any], None] | None = None, read: Callable[[], Any] | None = None) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        for text, value in choices:
            box.addItem(text, value)
        values = [v for _, v in choices]
        read = read or (lambda: self.value(name))
        write = write or (lambda v: self.write({name: v}, False))
        box.activated.connect(lambda i: self._try(lambda: write(values[i])))

        def pull() -> None:
            current = read()
            index = values.index(current) if current in values else -1
            if box.currentIndex() != index:
                box.blockSignals(True)
                box.setCurrentIndex(index)
                box.blockSignals(False)
        self._pulls.append(pull)
        self.layout_.addRow(label, box)
        return box

    def check(self, label: str, name: str) -> QCheckBox:
        box = QCheckBox(label)
        box.setObjectName(name)
        box.clicked.connect(lambda on: self._try(lambda: self.write({name: bool(on)}, False)))

        def pull() -> None:
            on = bool(self.value(name))
            if box.isChecked() != on:
                box.setChecked(on)
        self._pulls.append(pull)
        self.layout_.addRow("", box)
        return box

    def number(self, label: str, name: str, low: float, high: float, step: float = 1.0,
               write: Callable[[Any], None] | None = None, read: Callable[[], Any] | None = None,
               special: str = "") -> QSpinBox | QDoubleSpinBox:
        spin: QSpinBox | QDoubleSpinBox
        if float(step).is_integer():
            spin = QSpinBox()
            spin.setRange(int(low), int(high))
            spin.setSingleStep(int(step))
        else:
            spin = QDoubleSpinBox()
            spin.setRange(low, high)
            spin.setDecimals(2)
            spin.setSingleStep(step)
        spin.setObjectName(name)
        spin.setKeyboardTracking(False)
        if special:
            spin.setSpecialValueText(special)
        read = read or (lambda: self.value(name))
        write = write or (lambda v: self.write({name: v}, True))
        spin.valueChanged.connect(lambda v: self._try(lambda: write(v)))

        def pull() -> None:
            value = read()
            value = low if value is None else value
            if spin.value() != value:
                spin.blockSignals(True)
                if isinstance(spin, QSpinBox):
                    spin.setValue(int(value))
                else:
                    spin.setValue(float(value))
                spin.blockSignals(False)
        self._pulls.append(pull)
        self.layout_.addRow(label, spin)
        return spin

"""The inspector's metric form: kind, name, value, target, unit, direction, date, sample size,
source and the dated history as an editable table.

Every edit goes through JourneyEditor.update (one undo step); a value the model refuses is
shown in a message under the form and nothing is pushed. The form follows the model: it
subscribes to the journey's changes and unsubscribes when destroyed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import shiboken6
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.editing import JourneyEditor
from app.model import Change, Journey, Metric, MetricKind, MetricSample, ModelError, Touchpoint
from app.model.survey import parse_date

ERROR_STYLE = "color: #b3261e; background: #fdecea; border: 1px solid #f5c2c0; border-radius: 3px; padding: 4px;"


def parse_number(text: str, what: str) -> float | None:
    """'' -> None; '72,5' or '72.5' -> 72.5; anything else -> ModelError naming the field."""
    text = text.strip().replace("\u2212", "-")
    if not text:
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise ModelError(f"{what} must be a number, not {text!r}") from None
    if not math.isfinite(value):
        raise ModelError(f"{what} must be a finite number")
    return value


def parse_count(text: str, what: str) -> int | None:
    value = parse_number(text, what)
    if value is None:
        return None
    if value != int(value) or value < 0:
        raise ModelError(f"{what} must be a whole number of at least 0, not {text.strip()!r}")
    return int(value)


def parse_iso_date(text: str, what: str) -> str:
    """'' -> ''; a date in a common format -> ISO 'YYYY-MM-DD'; else ModelError."""
    if not text.strip():
        return ""
    day = parse_date(text.strip())
    if day is None:
        raise ModelError(f"{what} must be a date such as 2026-03-31, not {text.strip()!r}")
    return day.isoformat()


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    return f"{int(value)}" if value == int(value) else f"{value:g}"


class MetricEditor(QWidget):
    """Edits one metric of a journey through the editor facade."""

    HISTORY_COLUMNS = ("Date", "Value", "Sample size")

    def __init__(self, editor: JourneyEditor, journey: Journey, metric_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.journey = journey
        self.metric_id = metric_id
        self._refreshing = False
        self._build()
        self.refresh()
        observer = self._on_change
        journey.subscribe(observer)
        self.destroyed.connect(lambda *_: journey.unsubscribe(observer))

    # ------------------------------------------------------------------ build
    def _build(self) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.kind_combo = QComboBox()
        for kind in MetricKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.kind_combo.currentIndexChanged.connect(self._kind_chosen)
        self.name_edit = QLineEdit()
        self.value_edit = QLineEdit()
        self.target_edit = QLineEdit()
        self.unit_edit = QLineEdit()
        self.higher_check = QCheckBox("Higher is better")
        self.date_edit = QLineEdit()
        self.date_edit.setPlaceholderText("YYYY-MM-DD")
        self.sample_edit = QLineEdit()
        self.source_edit = QLineEdit()
        self.source_edit.setPlaceholderText("e.g. Q3 survey, analytics")
        for edit, placeholder in ((self.value_edit, "no value"), (self.target_edit, "no target"),
                                  (self.sample_edit, "unknown")):
            edit.setPlaceholderText(placeholder)
        self._fields: dict[QLineEdit, str] = {
            self.name_edit: "name", self.value_edit: "value", self.target_edit: "target",
            self.unit_edit: "unit", self.date_edit: "date", self.sample_edit: "sample_size",
            self.source_edit: "source",
        }
        for edit in self._fields:
            edit.editingFinished.connect(lambda e=edit: self._field_edited(e))
        self.higher_check.toggled.connect(self._higher_toggled)
        self.range_label = QLabel()
        self.range_label.setStyleSheet("color: #52606d;")
        form.addRow("Kind", self.kind_combo)
        form.addRow("Name", self.name_edit)
        form.addRow("Value", self.value_edit)
        form.addRow("Target", self.target_edit)
        form.addRow("", self.range_label)
        form.addRow("Unit", self.unit_edit)
        form.addRow("", self.higher_check)
        form.addRow("Date", self.date_edit)
        form.addRow("Sample size", self.sample_edit)
        form.addRow("Source", self.source_edit)

        self.history_table = QTableWidget(0, len(self.HISTORY_COLUMNS))
        self.history_table.setHorizontalHeaderLabels(list(self.HISTORY_COLUMNS))
        self.history_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.history_table.verticalHeader().setVisible(False)
        self.history_table.setMinimumHeight(120)
        self.history_table.itemChanged.connect(self._history_cell_changed)
        self.add_sample_button = QPushButton("Add sample")
        self.remove_sample_button = QPushButton("Remove sample")
        self.add_sample_button.clicked.connect(self.add_sample)
        self.remove_sample_button.clicked.connect(self.remove_selected_samples)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_sample_button)
        buttons.addWidget(self.remove_sample_button)
        buttons.addStretch(1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setVisible(False)

        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.attached_label = QLabel()
        self.attached_label.setStyleSheet("color: #52606d;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.heading)
        layout.addWidget(self.attached_label)
        layout.addLayout(form)
        history_label = QLabel("History")
        history_label.setStyleSheet("font-weight: bold;")
        layout.addWidget(history_label)
        layout.addWidget(self.history_table)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch(1)

    # ---------------------------------------------------------------- queries
    def current_metric(self) -> Metric | None:
        return self.journey.get(self.metric_id) if self.metric_id in self.journey else None

    def message_text(self) -> str:
        return "" if self.message.isHidden() else self.message.text()

    def _attachment_text(self) -> str:
        target = self.journey.target_of(self.metric_id)
        if target is None:
            return "Measures the whole journey"
        obj = self.journey.get(target)
        if isinstance(obj, Touchpoint):
            return f"Measures the touchpoint “{obj.title}”"
        return f"Measures the stage “{obj.name}”"

    # ----------------------------------------------------------- model -> view
    def _on_change(self, change: Change) -> None:
        if not shiboken6.isValid(self):
            return
        if change.op == "reset" or self.metric_id in change.ids:
            self.refresh()

    def refresh(self) -> None:
        if not all(shiboken6.isValid(w) for w in (self, self.history_table, self.message)):
            return  # being destroyed (a focus-out edit can arrive while the form goes away)
        metric = self.current_metric()
        self.setEnabled(metric is not None)
        if metric is None:
            return
        self._refreshing = True
        try:
            self.heading.setText(f"Metric: {metric.name}")
            self.attached_label.setText(self._attachment_text())
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(metric.kind.value))
            self.name_edit.setText(metric.name)
            self.value_edit.setText(_fmt(metric.value))
            self.target_edit.setText(_fmt(metric.target))
            self.unit_edit.setText(metric.unit)
            self.higher_check.setChecked(metric.higher_is_better)
            self.date_edit.setText(metric.date)
            self.sample_edit.setText("" if metric.sample_size is None else str(metric.sample_size))
            self.source_edit.setText(metric.source)
            low, high = metric.kind.value_range
            self.range_label.setText(_range_text(low, high))
            self.history_table.setRowCount(len(metric.history))
            for row, sample in enumerate(metric.history):
                cells = (sample.date, _fmt(sample.value),
                         "" if sample.sample_size is None else str(sample.sample_size))
                for col, text in enumerate(cells):
                    self.history_table.setItem(row, col, QTableWidgetItem(text))
        finally:
            self._refreshing = False

    # ----------------------------------------------------------- view -> model
    def _show_error(self, text: str) -> None:
        if not shiboken6.isValid(self.message):
            return
        # the model counts history samples from 0; people count table rows from 1
        text = re.sub(r"history\[(\d+)\]", lambda m: f"history row {int(m.group(1)) + 1}", text)
        self.message.setText(text[:1].upper() + text[1:])
        self.message.setVisible(True)

    def _clear_error(self) -> None:
        if not shiboken6.isValid(self.message):
            return
        self.message.clear()
        self.message.setVisible(False)

    def _apply(self, text: str, **changes: Any) -> bool:
        try:
            self.editor.update(self.journey, self.metric_id, step=text, **changes)
        except ModelError as exc:
            self._show_error(str(exc))
            self.refresh()
            return False
        self._clear_error()
        return True

    def _field_edited(self, edit: QLineEdit) -> None:
        if self._refreshing or self.current_metric() is None:
            return
        name = self._fields[edit]
        text = edit.text()
        try:
            if name in ("value", "target"):
                value: Any = parse_number(text, name)
            elif name == "sample_size":
                value = parse_count(text, "sample size")
            elif name == "date":
                value = parse_iso_date(text, "date")
            elif name == "name":
                metric = self.current_metric()
                value = text.strip() or (metric.kind.label if metric is not None else "")
            else:
                value = text.strip()
        except ModelError as exc:
            self._show_error(str(exc))
            self.refresh()
            return
        if getattr(self.current_metric(), name) == value:
            self._clear_error()
            if edit.text() != _display(name, value):
                self.refresh()
            return
        label = {"sample_size": "sample size"}.get(name, name)
        self._apply(f"Edit metric {label}", **{name: value})

    def commit_pending(self) -> None:
        """Record what is typed but not yet confirmed (the form is hidden or replaced)."""
        metric = self.current_metric()
        if metric is None or self._refreshing:
            return
        for edit, name in self._fields.items():
            if shiboken6.isValid(edit) and edit.isModified() and edit.text() != _display(name, getattr(metric, name)):
                edit.setModified(False)
                self._field_edited(edit)

    def hideEvent(self, event: Any) -> None:
        self.commit_pending()
        super().hideEvent(event)

    def _kind_chosen(self, index: int) -> None:
        if self._refreshing or index < 0:
            return
        kind = MetricKind(self.kind_combo.itemData(index))
        metric = self.current_metric()
        if metric is None or kind is metric.kind:
            return
        changes: dict[str, Any] = {"kind": kind}
        if metric.name == metric.kind.label:
            changes["name"] = kind.label
        if metric.unit == metric.kind.default_unit:
            changes["unit"] = kind.default_unit
        self._apply("Change metric kind", **changes)

    def _higher_toggled(self, checked: bool) -> None:
        if not self._refreshing and self.current_metric() is not None:
            self._apply("Edit metric direction", higher_is_better=checked)

    # ---------------------------------------------------------------- history
    def _table_history(self) -> list[MetricSample]:
        samples = []
        for row in range(self.history_table.rowCount()):
            cells = [self.history_table.item(row, c) for c in range(len(self.HISTORY_COLUMNS))]
            texts = [cell.text() if cell is not None else "" for cell in cells]
            where = f"history row {row + 1}"
            date = parse_iso_date(texts[0], f"{where} date")
            if not date:
                raise ModelError(f"{where} needs a date")
            value = parse_number(texts[1], f"{where} value")
            if value is None:
                raise ModelError(f"{where} needs a value")
            samples.append(MetricSample(date, value, parse_count(texts[2], f"{where} sample size")))
        return samples

    def _history_cell_changed(self, _item: QTableWidgetItem) -> None:
        if self._refreshing:
            return
        try:
            history = self._table_history()
        except ModelError as exc:
            self._show_error(str(exc))
            self.refresh()
            return
        history.sort(key=lambda s: s.date)
        metric = self.current_metric()
        if metric is not None and history != metric.history:
            self._apply("Edit metric history", history=history)
        else:
            self.refresh()

    def add_sample(self) -> None:
        metric = self.current_metric()
        if metric is None:
            return
        low, high = metric.kind.value_range
        value = metric.value if metric.value is not None else max(low, min(high, 0.0))
        day = dt.date.today().isoformat()
        history = [s for s in metric.history if s.date != day] + [MetricSample(day, value, metric.sample_size)]
        self._apply("Add metric sample", history=sorted(history, key=lambda s: s.date))

    def remove_selected_samples(self) -> None:
        metric = self.current_metric()
        rows = sorted({i.row() for i in self.history_table.selectedIndexes()})
        if metric is None:
            return
        if not rows and self.history_table.currentRow() >= 0:
            rows = [self.history_table.currentRow()]
        if not rows:
            self._show_error("Select the history rows to remove first")
            return
        history = [s for i, s in enumerate(metric.history) if i not in rows]
        text = "Remove metric sample" if len(rows) == 1 else f"Remove {len(rows)} metric samples"
        self._apply(text, history=history)


def _display(name: str, value: Any) -> str:
    if name in ("value", "target"):
        return _fmt(value)
    if name == "sample_size":
        return "" if value is None else str(value)
    return str(value)


def _range_text(low: float, high: float) -> str:
    if math.isinf(low) and math.isinf(high):
        return "Any number"
    if math.isinf(high):
        return f"At least {low:g}"
    return f"From {low:g} to {high:g}"


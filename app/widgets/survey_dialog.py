"""The survey import dialog: pick a CSV/XLSX file, map its columns, check the results, apply.

Shows the file's columns and first rows, lets the user say which column holds the score,
what the answers are about (the whole journey, a fixed stage or touchpoint, or a column
naming the stage or touchpoint), which column holds the date and the question type; it then
shows the computed metrics and every skipped row by line before anything changes. Apply
records the results through JourneyEditor.apply_survey: one undo step.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.model import MetricKind, ModelError
from app.model.survey import (
    SurveyComputation,
    SurveyError,
    SurveyMapping,
    SurveyTable,
    compute_survey,
    parse_date,
    read_survey,
)

PREVIEW_ROWS = 8
KIND_CHOICES = ((MetricKind.NPS, "NPS (0–10, would you recommend)"), (MetricKind.CSAT, "CSAT (1–5 satisfaction)"),
                (MetricKind.CES, "CES (1–7 effort)"))
ABOUT_JOURNEY, ABOUT_STAGE, ABOUT_TOUCHPOINT, ABOUT_COLUMN = "journey", "stage", "touchpoint", "column"
NO_COLUMN = "(none)"


class SurveyImportDialog(QDialog):
    """Map survey answers onto the current journey's metrics."""

    def __init__(self, window: Any, path: str | None = None) -> None:
        super().__init__(window if isinstance(window, QWidget) else None)
        self.window_ = window
        self.journey = window.current_journey()
        self.table: SurveyTable | None = None
        self.computation: SurveyComputation | None = None
        self.setWindowTitle("Import survey")
        self.resize(760, 640)
        self._updating = False
        self._loaded_path = ""
        self._build()
        if path:
            self.load_file(path)
        self._update_state()

    # ------------------------------------------------------------------ build
    def _build(self) -> None:
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("A .csv or .xlsx file of survey answers")
        self.path_edit.editingFinished.connect(self._path_typed)
        self.browse_button = QPushButton("Choose…")
        self.browse_button.clicked.connect(self.choose_file)
        self.browse_button.setAutoDefault(False)  # Return in the path field loads the file, nothing else
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)

        self.preview = QTableWidget(0, 0)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.preview.horizontalHeader().setDefaultSectionSize(140)
        self.preview.setMinimumHeight(150)
        self.file_info = QLabel("No file chosen.")
        self.file_info.setStyleSheet("color: #52606d;")

        self.kind_combo = QComboBox()
        for kind, label in KIND_CHOICES:
            self.kind_combo.addItem(label, kind.value)
        self.score_combo = QComboBox()
        self.about_combo = QComboBox()
        self.about_combo.addItem("The whole journey", ABOUT_JOURNEY)
        self.about_combo.addItem("One stage", ABOUT_STAGE)
        self.about_combo.addItem("One touchpoint", ABOUT_TOUCHPOINT)
        self.about_combo.addItem("A column naming the stage or touchpoint", ABOUT_COLUMN)
        self.target_combo = QComboBox()
        self.date_combo = QComboBox()
        for combo in (self.kind_combo, self.score_combo, self.target_combo, self.date_combo):
            combo.currentIndexChanged.connect(self.recompute)
        self.about_combo.currentIndexChanged.connect(self._about_changed)
        mapping = QGroupBox("Mapping")
        form = QFormLayout(mapping)
        form.addRow("Question type", self.kind_combo)
        form.addRow("Score column", self.score_combo)
        form.addRow("Answers are about", self.about_combo)
        form.addRow("", self.target_combo)
        form.addRow("Date column", self.date_combo)

        self.results = QPlainTextEdit()
        self.results.setReadOnly(True)
        self.results.setMinimumHeight(140)
        results_box = QGroupBox("Results")
        QVBoxLayout(results_box).addWidget(self.results)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setText("Apply to journey")
        self.apply_button.clicked.connect(self.apply)
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.file_info)
        layout.addWidget(self.preview, 1)
        layout.addWidget(mapping)
        layout.addWidget(results_box, 1)
        layout.addWidget(self.buttons)

    # ------------------------------------------------------------------ file
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Survey answers", "",
                                              "Survey answers (*.csv *.tsv *.txt *.xlsx);;All files (*)")
        if path:
            self.load_file(path)

    def _path_typed(self) -> None:
        if self.path_edit.text().strip() != self._loaded_path:
            self.load_file(self.path_edit.text())

    def load_file(self, path: str) -> bool:
        path = path.strip()
        if not path:
            return False
        self._loaded_path = path
        self.path_edit.setText(path)
        try:
            table = read_survey(path)
        except SurveyError as exc:
            self.table = None
            self.computation = None
            self.file_info.setText(str(exc))
            self.file_info.setStyleSheet("color: #b3261e;")
            self.preview.clear()
            self.preview.setRowCount(0)
            self.preview.setColumnCount(0)
            self.results.setPlainText("")
            self._update_state()
            return False
        self.table = table
        self.file_info.setStyleSheet("color: #52606d;")
        warn = "  " + " ".join(table.warnings) if table.warnings else ""
        self.file_info.setText(f"{Path(path).name}: {len(table.columns)} columns, {len(table.rows)} rows.{warn}")
        self._fill_preview(table)
        self._fill_columns(table)
        self.recompute()
        return True

    def _fill_preview(self, table: SurveyTable) -> None:
        self.preview.clear()
        self.preview.setColumnCount(len(table.columns))
        self.preview.setHorizontalHeaderLabels(table.columns)
        rows = table.rows[:PREVIEW_ROWS]
        self.preview.setRowCount(len(rows))
        self.preview.setVerticalHeaderLabels([f"line {r.line}" for r in rows])
        for i, row in enumerate(rows):
            for k in range(len(table.columns)):
                value = row.get(k)
                text = "" if value is None else " ".join(str(value).split())
                item = QTableWidgetItem(text)
                item.setToolTip(str(value) if value is not None else "")
                self.preview.setItem(i, k, item)

    def _fill_columns(self, table: SurveyTable) -> None:
        self._updating = True
        try:
            self.score_combo.clear()
            self.score_combo.addItems(table.columns)
            self.score_combo.setCurrentIndex(guess_score_column(table))
            self.date_combo.clear()
            self.date_combo.addItem(NO_COLUMN)
            self.date_combo.addItems(table.columns)
            date = guess_date_column(table)
            self.date_combo.setCurrentIndex(0 if date is None else date + 1)
            self._fill_targets()
        finally:
            self._updating = False

    def _about_changed(self, _index: int) -> None:
        self._updating = True
        try:
            self._fill_targets()
        finally:
            self._updating = False
        self.recompute()

    def _fill_targets(self) -> None:
        about = self.about_combo.currentData()
        self.target_combo.clear()
        if about == ABOUT_STAGE:
            self.target_combo.addItems([s.name for s in self.journey.stages()])
        elif about == ABOUT_TOUCHPOINT:
            for tp in self.journey.touchpoints():
                self.target_combo.addItem(tp.title, tp.id)
        elif about == ABOUT_COLUMN and self.table is not None:
            self.target_combo.addItems(self.table.columns)
        self.target_combo.setVisible(about != ABOUT_JOURNEY)

    # --------------------------------------------------------------- compute
    def mapping(self) -> SurveyMapping:
        about = self.about_combo.currentData()
        target = self.target_combo.currentText() or None
        date = self.date_combo.currentText()
        return SurveyMapping(
            MetricKind(self.kind_combo.currentData()),
            self.score_combo.currentText(),
            touchpoint_column=target if about == ABOUT_COLUMN else None,
            stage=target if about == ABOUT_STAGE else None,
            touchpoint=(self.target_combo.currentData() or target) if about == ABOUT_TOUCHPOINT else None,
            date_column=None if date in ("", NO_COLUMN) else date,
        )

    def recompute(self, *_args: Any) -> None:
        if self._updating or self.table is None:
            return
        try:
            self.computation = compute_survey(self.table, self.mapping(), self.journey)
        except (SurveyError, ModelError) as exc:
            self.computation = None
            self.results.setPlainText(str(exc))
            self._update_state()
            return
        self.results.setPlainText("\n".join(describe_computation(self.computation)))
        self._update_state()

    def _update_state(self) -> None:
        self.apply_button.setEnabled(bool(self.computation and self.computation.results))

    # ----------------------------------------------------------------- apply
    def apply(self) -> None:
        if not self.computation or not self.computation.results:
            return
        source = Path(self.path_edit.text()).name
        try:
            self.window_.editor.apply_survey(self.journey, self.computation.results, source)
        except ModelError as exc:
            self.results.appendPlainText(f"\nNot applied: {exc}")
            return
        self.accept()


# ------------------------------------------------------------------ helpers
def describe_computation(c: SurveyComputation) -> list[str]:
    used = sum(r.sample_size for r in c.results)
    lines = [f"{c.rows} rows read, {used} answers used, {len(c.skipped)} skipped."]
    lines += [f"  {r.describe()}" for r in c.results] or ["  No usable answers with this mapping."]
    if c.skipped:
        lines.append(f"Skipped rows ({len(c.skipped)}):")
        lines += [f"  line {s.line}: {s.reason}" for s in c.skipped]
    if c.date_problems:
        lines.append(f"Answers used without a date ({len(c.date_problems)}):")
        lines += [f"  line {s.line}: {s.reason}" for s in c.date_problems]
    return lines


def guess_score_column(table: SurveyTable) -> int:
    """The first column whose name sounds like a rating, else the first mostly-numeric column."""
    for i, name in enumerate(table.columns):
        if re.search(r"0\s*-\s*10|recommend|\bnps\b|\bscore\b|\brating\b|\bcsat\b|\bces\b", name, re.I):
            return i
    sample = table.rows[:20]
    for i in range(len(table.columns)):
        numeric = sum(1 for r in sample if re.fullmatch(r"\s*\d+([.,]\d+)?\s*", str(r.get(i) or "")))
        if sample and numeric >= len(sample) / 2:
            return i
    return 0


def guess_date_column(table: SurveyTable) -> int | None:
    """A column named like a date, else the first column whose values mostly read as dates."""
    for i, name in enumerate(table.columns):
        if re.search(r"date|time|when|submitted|created|\bday\b", name, re.I):
            return i
    sample = [r for r in table.rows[:20] if any(v not in (None, "") for v in r.values)]
    for i in range(len(table.columns)):
        dated = sum(1 for r in sample if isinstance(r.get(i), str) and parse_date(r.get(i)) is not None
                    or isinstance(r.get(i), (dt.date, dt.datetime)))
        if sample and dated >= len(sample) / 2:
            return i
    return None

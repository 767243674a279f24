"""File > Export PDF...: paper, orientation, fit or tile, sections, a live page preview, the
output path, and progress while a worker thread writes the file (the window stays responsive).

The worker exports a snapshot of the project (project_to_dict -> project_from_dict), so the
model the user keeps editing is never read from another thread. The preview draws the map with
the shared drawing code (QtSurface + draw_map) on a page of the chosen paper's proportions,
with the poster's tile grid over it in tile mode.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRectF, Qt, QThread, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
)

from app.export.pdf import PAPER_SIZES, SECTIONS, PdfOptionError, PdfOptions

SECTION_LABELS = {"cover": "Cover", "personas": "Personas", "map": "Journey map", "metrics": "Metrics summary",
                  "painpoints": "Pain-point register", "notes": "Notes"}
PREVIEW_W, PREVIEW_H = 420, 320


class ExportWorker(QObject):
    """Runs one PDF export off the GUI thread."""

    progress = Signal(float, str)
    finished = Signal(str)
    failed = Signal(str)

    def __init__(self, snapshot: Any, options: PdfOptions, path: str) -> None:
        super().__init__()
        self.snapshot, self.options, self.path = snapshot, options, path

    @Slot()
    def run(self) -> None:
        from app.export.dispatch import ExportError, export_to_path

        opts = self.options
        try:
            export_to_path(self.snapshot, self.path, journey=opts.journey, progress=self.progress.emit,
                           page_size=opts.page_size, orientation=opts.orientation, mode=opts.mode,
                           sections=opts.sections, tile_scale=opts.tile_scale, base_dir=opts.base_dir)
        except ExportError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # an unexpected failure is shown, not lost in a thread
            self.failed.emit(f"the export failed: {exc}")
            return
        self.finished.emit(self.path)


class ExportPdfDialog(QDialog):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle("Export PDF")
        self.setObjectName("ExportPdfDialog")
        self.journey = window.current_journey()
        self._thread: QThread | None = None
        self._worker: ExportWorker | None = None
        self._thumb: QImage | None = None
        self.exported_path: str | None = None
        self._build()
        self.update_preview()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        form = QFormLayout()
        self.paper = QComboBox()
        self.paper.setEditable(True)
        self.paper.addItems(list(PAPER_SIZES))
        self.paper.setToolTip("A paper name, or WIDTHxHEIGHTmm such as 600x400mm")
        form.addRow("Paper:", self.paper)

        self.landscape = QRadioButton("Landscape")
        self.portrait = QRadioButton("Portrait")
        self.landscape.setChecked(True)
        row = QHBoxLayout()
        row.addWidget(self.landscape)
        row.addWidget(self.portrait)
        row.addStretch(1)
        form.addRow("Orientation:", row)

        self.fit = QRadioButton("Fit the map on one page")
        self.tile = QRadioButton("Tile as a poster at")
        self.fit.setChecked(True)
        self.tile_scale = QSpinBox()
        self.tile_scale.setRange(70, 400)
        self.tile_scale.setValue(100)
        self.tile_scale.setSuffix(" %")
        mode = QVBoxLayout()
        mode.addWidget(self.fit)
        tile_row = QHBoxLayout()
        tile_row.addWidget(self.tile)
        tile_row.addWidget(self.tile_scale)
        tile_row.addStretch(1)
        mode.addLayout(tile_row)
        form.addRow("Map:", mode)

        box = QGroupBox("Sections")
        grid = QVBoxLayout(box)
        self.section_boxes: dict[str, QCheckBox] = {}
        for name in SECTIONS:
            check = QCheckBox(SECTION_LABELS[name])
            check.setChecked(True)
            grid.addWidget(check)
            self.section_boxes[name] = check

        self.output = QLineEdit(self._default_path())
        browse = QPushButton("Browse\u2026")
        browse.clicked.connect(self.choose_path)
        out_row = QHBoxLayout()
        out_row.addWidget(self.output, 1)
        out_row.addWidget(browse)

        self.preview = QLabel()
        self.preview.setFixedSize(PREVIEW_W, PREVIEW_H)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setObjectName("ExportPreview")
        self.pages_label = QLabel()
        self.pages_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.status = QLabel(" ")
        self.status.setWordWrap(True)
        self.export_button = QPushButton("Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)

        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.preview)
        right.addWidget(self.pages_label)
        right.addStretch(1)
        top = QHBoxLayout()
        top.addLayout(left)
        top.addSpacing(12)
        top.addLayout(right)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel("Save as:"))
        file_row.addLayout(out_row, 1)
        layout.addLayout(file_row)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self.paper.currentTextChanged.connect(self.update_preview)
        for widget in (self.landscape, self.portrait, self.fit, self.tile):
            widget.toggled.connect(self.update_preview)
        self.tile_scale.valueChanged.connect(self.update_preview)
        for check in self.section_boxes.values():
            check.toggled.connect(self.update_preview)
        self.output.textChanged.connect(self._update_state)

    def _default_path(self) -> str:
        path = getattr(self.window_, "path", None)
        if path:
            p = Path(path)
            return str(p.with_name(f"{p.stem} - {_safe(self.journey.title)}.pdf"))
        return str(Path.home() / f"{_safe(self.journey.title) or 'Journey map'}.pdf")

    # ------------------------------------------------------------------ options
    def options(self) -> PdfOptions:
        path = getattr(self.window_, "path", None)
        return PdfOptions(
            page_size=self.paper.currentText().strip(),
            orientation="landscape" if self.landscape.isChecked() else "portrait",
            mode="tile" if self.tile.isChecked() else "fit",
            sections=tuple(name for name, box in self.section_boxes.items() if box.isChecked()),
            journey=self.journey.id,
            tile_scale=self.tile_scale.value() / 100.0,
            base_dir=str(Path(path).parent) if path else None,
        )

    def _problem(self) -> str:
        try:
            self.options().validate()
        except PdfOptionError as exc:
            return str(exc)
        if not self.output.text().strip():
            return "choose where to save the PDF"
        return ""

    def _update_state(self) -> None:
        problem = self._problem()
        busy = self._thread is not None
        self.export_button.setEnabled(not problem and not busy)
        if not busy:
            self.status.setText(problem[:1].upper() + problem[1:] if problem else " ")
            self.status.setStyleSheet("color: #c62828;" if problem else "")

    def choose_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export PDF", self.output.text(), "PDF documents (*.pdf)")
        if path:
            self.output.setText(path if path.lower().endswith(".pdf") else path + ".pdf")

    # ------------------------------------------------------------------ preview
    def _thumbnail(self) -> QImage:
        """The map drawn once at preview size with the shared drawing code."""
        if self._thumb is None:
            from app.layout import layout_journey
            from app.render.draw import draw_map
            from app.widgets.qt_surface import QtSurface

            personas = self.window_.project().personas
            self._layout = layout_journey(self.journey, personas)
            lay = self._layout
            scale = min(2 * PREVIEW_W / lay.width, 2 * PREVIEW_H / lay.height, 1.0)
            image = QImage(max(1, int(lay.width * scale)), max(1, int(lay.height * scale)),
                           QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(QColor("#ffffff"))
            painter = QPainter(image)
            painter.scale(scale, scale)
            draw_map(QtSurface(painter), lay, self.journey, personas)
            painter.end()
            self._thumb = image
        return self._thumb

    def update_preview(self, *_args: Any) -> None:
        self._update_state()
        pixmap = QPixmap(PREVIEW_W, PREVIEW_H)
        pixmap.fill(QColor("#e4e7eb"))
        try:
            opts = self.options()
            opts.validate()
        except PdfOptionError:
            self.preview.setPixmap(pixmap)
            self.pages_label.setText("")
            return
        page_w, page_h = opts.page_points
        s = min((PREVIEW_W - 24) / page_w, (PREVIEW_H - 24) / page_h)
        pw, ph = page_w * s, page_h * s
        page = QRectF((PREVIEW_W - pw) / 2, (PREVIEW_H - ph) / 2, pw, ph)
        thumb = self._thumbnail()
        lay = self._layout
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(page.translated(2, 2), QColor("#b8c2cc"))
        painter.fillRect(page, QColor("#ffffff"))
        k = min(page_w, page_h) / 595.28
        if opts.mode == "fit":
            margin = 40 * k * s
            area = QRectF(page.x() + margin, page.y() + 80 * k * s, pw - 2 * margin, ph - 80 * k * s - 64 * k * s)
            fs = min(area.width() / lay.width, area.height() / lay.height, 2.5)
            target = QRectF(area.x() + (area.width() - lay.width * fs) / 2, area.y(), lay.width * fs, lay.height * fs)
            painter.drawImage(target, thumb)
            pages = 1
        else:
            from app.export.pdf import tile_grid
            from app.export.pdf_map import OVERLAP, TILE_MARGIN

            rows, cols, sx, sy = tile_grid(lay.width, lay.height, page_w - 2 * TILE_MARGIN,
                                           page_h - 2 * TILE_MARGIN, opts.tile_scale, OVERLAP)
            fs = min((pw - 16) / lay.width, (ph - 16) / lay.height)
            target = QRectF(page.x() + (pw - lay.width * fs) / 2, page.y() + (ph - lay.height * fs) / 2,
                            lay.width * fs, lay.height * fs)
            painter.drawImage(target, thumb)
            painter.setPen(QPen(QColor("#2f80ed"), 1.2))
            for r in range(rows):
                for c in range(cols):
                    x0, y0 = c * sx, r * sy
                    x1 = min(lay.width, x0 + sx if c < cols - 1 else lay.width)
                    y1 = min(lay.height, y0 + sy if r < rows - 1 else lay.height)
                    painter.drawRect(QRectF(target.x() + x0 * fs, target.y() + y0 * fs, (x1 - x0) * fs,
                                            (y1 - y0) * fs))
            pages = rows * cols + 1
        painter.end()
        self.preview.setPixmap(pixmap)
        other = self._other_pages(opts)
        what = "map page" if opts.mode == "fit" else "map pages (overview + tiles)"
        text = f"{pages} {what}" if "map" in opts.sections else "no map"
        self.pages_label.setText(f"{text} \u00b7 about {other} other page{'s' * (other != 1)}")

    def _other_pages(self, opts: PdfOptions) -> int:
        counts = {"cover": 1, "personas": max(1, len(self.window_.project().personas)), "metrics": 2,
                  "painpoints": 1 + len(self.journey.pain_points()) // 30, "notes": 1}
        return sum(counts[s] for s in opts.sections if s in counts)

    # ------------------------------------------------------------------ export
    def start_export(self) -> None:
        if self._thread is not None or self._problem():
            return
        from app.model.serialize import project_from_dict, project_to_dict

        path = os.path.abspath(os.path.expanduser(self.output.text().strip()))
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        snapshot = project_from_dict(project_to_dict(self.window_.project()))
        self._thread = QThread(self)
        self._worker = ExportWorker(snapshot, self.options(), path)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progress.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self.export_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self.progress.setValue(0)
        self.status.setStyleSheet("")
        self.status.setText("Exporting\u2026")
        self._thread.start()

    def _stop_thread(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread.deleteLater()
            if self._worker is not None:
                self._worker.deleteLater()
        self._thread = None
        self._worker = None
        self.close_button.setEnabled(True)

    @Slot(float, str)
    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(round(fraction * 100)))
        self.status.setText(f"{message}\u2026" if fraction < 1 else message)

    @Slot(str)
    def _on_finished(self, path: str) -> None:
        self._stop_thread()
        self.exported_path = path
        self.progress.setValue(100)
        self.status.setText(f"Saved {path}")
        bar = getattr(self.window_, "statusBar", None)
        if callable(bar):
            bar().showMessage(f"Exported {path}", 5000)
        self._update_state()
        self.accept()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._stop_thread()
        self.progress.setValue(0)
        self._update_state()
        self.status.setText(f"Could not export: {message}")
        self.status.setStyleSheet("color: #c62828;")

    def reject(self) -> None:
        if self._thread is not None:  # the export finishes first; the file is never left half-written
            return
        super().reject()


def _safe(name: str) -> str:
    return "".join(ch for ch in name if ch not in '\\/:*?"<>|').strip()


"""File > Export PDF...: paper, orientation, fit or tile, sections, the report's brand (saved in
the project as undoable edits: app/widgets/report_settings.py), live page previews, the output
path, and progress while a worker thread writes the file (the window stays responsive).

The worker exports a snapshot of the project (project_to_dict -> project_from_dict), so the
model the user keeps editing is never read from another thread. Two previews follow every
change of the options: at once, the map drawn with the shared drawing code (QtSurface +
draw_map) on a page of the chosen paper's proportions, with the poster's tile grid over it in
tile mode; a moment later, a strip of the document's real pages, exported in memory and
rasterised in a background thread (app/export/preview.py).
"""

from __future__ import annotations

import math
import os
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.export.pdf import PAPER_SIZES, SECTIONS, PdfOptionError, PdfOptions
from app.widgets.glyph_warnings import UnprintablePanel

SECTION_LABELS = {"cover": "Cover", "personas": "Personas", "map": "Journey map", "metrics": "Metrics summary",
                  "comparison": "Current and future state",
                  "painpoints": "Pain-point register", "opportunities": "Opportunities register", "notes": "Notes"}
PREVIEW_W, PREVIEW_H = 420, 320
THUMB_W = 112  # pixels across a page thumbnail in the strip
THUMB_LIMIT = 24  # pages rendered into the strip at the most
PREVIEW_DELAY_MS = 250  # typing a paper size or clicking through options renders once, at the end


class PagePreviewSignals(QObject):
    """Carries a background preview's result back to the dialog's thread."""

    ready = Signal(int, object)  # generation, app.export.preview.PagePreview
    failed = Signal(int, str)


class ExportWorker(QObject):
    """Runs one PDF export off the GUI thread."""

    progress = Signal(float, str)
    unprintable = Signal(object)  # the elements whose characters no font could print, before finished
    finished = Signal(str)
    failed = Signal(str)

    def __init__(self, snapshot: Any, options: PdfOptions, path: str) -> None:
        super().__init__()
        self.snapshot, self.options, self.path = snapshot, options, path

    @Slot()
    def run(self) -> None:
        from app.export.dispatch import ExportError, export_to_path
        from app.export.glyph_report import unprintable_elements
        from app.export.preview import PREVIEW_LOCK

        opts = self.options
        try:
            with PREVIEW_LOCK:  # a page preview still being drawn is cancelled and finishes first
                export_to_path(self.snapshot, self.path, journey=opts.journey, progress=self.progress.emit,
                               page_size=opts.page_size, orientation=opts.orientation, mode=opts.mode,
                               sections=opts.sections, tile_scale=opts.tile_scale, base_dir=opts.base_dir,
                               min_text_pt=opts.min_text_pt)
            journey = next((j for j in self.snapshot.journeys if j.id == opts.journey), self.snapshot.journeys[0])
            missing = unprintable_elements(self.snapshot, journey)
        except ExportError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # an unexpected failure is shown, not lost in a thread
            self.failed.emit(f"the export failed: {exc}")
            return
        self.unprintable.emit(missing)
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
        # page previews: each request has a generation; older results are dropped
        self._generation = 0
        self._previews: list[tuple[threading.Thread, threading.Event]] = []
        self._preview_signals = PagePreviewSignals(self)
        self._preview_signals.ready.connect(self._on_pages_ready)
        self._preview_signals.failed.connect(self._on_pages_failed)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.start_page_preview)
        self._build()
        self.update_preview()
        self._check_characters()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        form = QFormLayout()
        self.paper = QComboBox()
        self.paper.setEditable(True)
        self.paper.addItems([*PAPER_SIZES, "auto"])
        self.paper.setToolTip("A paper name, WIDTHxHEIGHTmm such as 600x400mm, or auto: the map on one page "
                              "sized to it at 100 % (for plotters and screens)")
        form.addRow("Paper:", self.paper)

        self.landscape = QRadioButton("Landscape")
        self.portrait = QRadioButton("Portrait")
        self.landscape.setChecked(True)
        # radio buttons of one parent are exclusive all together: each choice gets its own group
        self._orientation_group = QButtonGroup(self)
        self._orientation_group.addButton(self.landscape)
        self._orientation_group.addButton(self.portrait)
        row = QHBoxLayout()
        row.addWidget(self.landscape)
        row.addWidget(self.portrait)
        row.addStretch(1)
        form.addRow("Orientation:", row)

        self.fit = QRadioButton("Fit: one page, or pages of whole stages")
        self.fit.setToolTip("The whole map on one page when it fits at the text size below; otherwise runs of "
                            "whole stages, one per page, with the lane headers repeated")
        self.tile = QRadioButton("Tile as a poster at")
        self.fit.setChecked(True)
        self._mode_group = QButtonGroup(self)
        self._mode_group.addButton(self.fit)
        self._mode_group.addButton(self.tile)
        self.tile_scale = QSpinBox()
        self.tile_scale.setRange(100, 400)
        self.tile_scale.setSuffix(" %")
        # the lowest value is "the least scale that keeps the text readable", whatever it is
        self.tile_scale.setSpecialValueText("readable size")
        self.tile_scale.setToolTip("The poster's scale; the least one keeps the text at the size below")
        self.min_text = QDoubleSpinBox()
        self.min_text.setRange(4.0, 24.0)
        self.min_text.setSingleStep(0.5)
        self.min_text.setDecimals(1)
        self.min_text.setValue(6.0)
        self.min_text.setSuffix(" pt")
        self.min_text.setToolTip("The smallest printed card text; card titles print 1 pt and stage and lane "
                                 "headers 3 pt above it. Below 6 pt few people read it.")
        self._sync_tile_scale()
        self.tile_scale.setValue(self.tile_scale.minimum())
        mode = QVBoxLayout()
        mode.addWidget(self.fit)
        tile_row = QHBoxLayout()
        tile_row.addWidget(self.tile)
        tile_row.addWidget(self.tile_scale)
        tile_row.addStretch(1)
        mode.addLayout(tile_row)
        form.addRow("Map:", mode)
        form.addRow("Smallest text:", self.min_text)

        box = QGroupBox("Sections")
        grid = QVBoxLayout(box)
        self.section_boxes: dict[str, QCheckBox] = {}
        for name in SECTIONS:
            check = QCheckBox(SECTION_LABELS[name])
            check.setChecked(True)
            grid.addWidget(check)
            self.section_boxes[name] = check
        from app.model.analytics import state_pair

        if state_pair(self.journey, self.window_.project()) is None:
            only = self.section_boxes["comparison"]  # nothing to compare with
            only.setChecked(False)
            only.setEnabled(False)
            only.setToolTip("The project has one journey state: Journey > Add future-state journey makes another.")

        from app.widgets.report_settings import ReportSettingsBox

        self.report_box = ReportSettingsBox(self.window_, self)
        self.report_box.changed.connect(self.update_preview)

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
        self.pages_strip = QListWidget()
        self.pages_strip.setObjectName("PagePreviews")
        self.pages_strip.setViewMode(QListView.ViewMode.IconMode)
        self.pages_strip.setFlow(QListView.Flow.LeftToRight)
        self.pages_strip.setWrapping(False)
        self.pages_strip.setMovement(QListView.Movement.Static)
        self.pages_strip.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.pages_strip.setIconSize(QSize(THUMB_W, THUMB_W))
        self.pages_strip.setSpacing(6)
        self.pages_strip.setFixedHeight(THUMB_W + 52)
        self.pages_strip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.strip_label = QLabel(" ")
        self.strip_label.setObjectName("PagePreviewStatus")

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
        left.addWidget(self.report_box)
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
        layout.addWidget(self.strip_label)
        layout.addWidget(self.pages_strip)
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel("Save as:"))
        file_row.addLayout(out_row, 1)
        layout.addLayout(file_row)
        self.unprintable = UnprintablePanel(self)
        layout.addWidget(self.unprintable)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

        self.paper.currentTextChanged.connect(self.update_preview)
        for widget in (self.landscape, self.portrait, self.fit, self.tile):
            widget.toggled.connect(self.update_preview)
        self.tile_scale.valueChanged.connect(self.update_preview)
        self.min_text.valueChanged.connect(self._sync_tile_scale)
        self.min_text.valueChanged.connect(self.update_preview)
        self.paper.currentTextChanged.connect(self._follow_custom_orientation)
        for check in self.section_boxes.values():
            check.toggled.connect(self.update_preview)
        self.output.textChanged.connect(self._update_state)

    def _sync_tile_scale(self, *_args: Any) -> None:
        """The poster's least scale follows the smallest text size."""
        from app.layout.paging import PagingError, readable_scale

        try:
            least = math.ceil(readable_scale(self.min_text.value()) * 100)
        except PagingError:
            return
        self.tile_scale.setMinimum(least - 1)  # the special "readable size" value
        if self.tile_scale.value() < least:
            self.tile_scale.setValue(least - 1)

    def _follow_custom_orientation(self, text: str) -> None:
        """A size typed as WIDTHxHEIGHTmm sets the orientation it is written in (the user can turn it)."""
        from app.export.pdf import PdfOptionError, parse_page_size

        if "x" not in text.lower() and "\u00d7" not in text:
            return
        try:
            w, h = parse_page_size(text)
        except PdfOptionError:
            return
        if w != h:
            (self.portrait if h > w else self.landscape).setChecked(True)

    def _check_characters(self) -> None:
        """Say before the export which texts hold characters no font here can print."""
        from app.export.glyph_report import unprintable_elements

        try:
            found = unprintable_elements(self.window_.project(), self.journey)
        except Exception:  # a font that cannot be read: the export reports what it meets
            found = []
        self.unprintable.show_elements(found)

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
            tile_scale=(None if self.tile_scale.value() == self.tile_scale.minimum()
                        else self.tile_scale.value() / 100.0),
            min_text_pt=self.min_text.value(),
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
            from app.render.qt_surface import QtSurface

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
            self._cancel_previews()
            self.pages_strip.clear()
            self.strip_label.setText(" ")
            return
        self._preview_timer.start()
        self.strip_label.setText("Rendering the pages\u2026")
        self._draw_preview(pixmap, opts)
        self.preview.setPixmap(pixmap)

    def _draw_preview(self, pixmap: QPixmap, opts: PdfOptions) -> None:
        """The map on a page of the chosen paper, with the lines where it is cut into pages (fit:
        runs of whole stages and parts; tile: the poster's sheets), and how many pages that is."""
        from app.export.pdf_map import count_map_pages, page_map_area
        from app.export.pdf_poster import grid_words, poster_plan
        from app.layout.paging import PagingError, plan_bands

        thumb = self._thumbnail()
        lay = self._layout
        page_w, page_h = opts.page_points
        tile = opts.mode == "tile"
        cuts_x: list[float] = []  # layout x and y where pages meet
        cuts_y: list[float] = []
        try:
            pages = count_map_pages(lay, opts)
            if tile:
                plan, sheet = poster_plan(lay, page_w, page_h, opts)
                page_w, page_h = sheet
                cuts_x = [(x + plan.area_w) / plan.scale for x in plan.xs[:-1]]
                cuts_y = [(y + plan.area_h) / plan.scale for y in plan.ys[:-1]]
            elif not opts.auto_size:
                area = page_map_area(lay, opts, page_w, page_h, min(page_w, page_h) / 595.28)
                bands = plan_bands(lay, area.w, area.h, opts.floor)
                cuts_x = [lay.stages[a].header.x for a, _ in bands.bands[1:]]
                cuts_y = [top for top, _ in bands.parts[1:]]
            problem = ""
        except PagingError as exc:
            pages, problem = 0, str(exc)
        if opts.auto_size and not tile:
            page_w, page_h = lay.width + 80, lay.height + 150
        s = min((PREVIEW_W - 24) / page_w, (PREVIEW_H - 24) / page_h)
        pw, ph = page_w * s, page_h * s
        page = QRectF((PREVIEW_W - pw) / 2, (PREVIEW_H - ph) / 2, pw, ph)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(page.translated(2, 2), QColor("#b8c2cc"))
        painter.fillRect(page, QColor("#ffffff"))
        inner = page.adjusted(8, 8, -8, -8)
        fs = min(inner.width() / lay.width, inner.height() / lay.height)
        target = QRectF(inner.x() + (inner.width() - lay.width * fs) / 2,
                        inner.y() + (inner.height() - lay.height * fs) / 2, lay.width * fs, lay.height * fs)
        painter.drawImage(target, thumb)
        painter.setPen(QPen(QColor("#2f80ed"), 1.4, Qt.PenStyle.DashLine))
        for x in cuts_x:
            painter.drawLine(QPointF(target.x() + x * fs, target.y()), QPointF(target.x() + x * fs, target.bottom()))
        for y in cuts_y:
            painter.drawLine(QPointF(target.x(), target.y() + y * fs), QPointF(target.right(), target.y() + y * fs))
        painter.end()
        if "map" not in opts.sections:
            self.pages_label.setText("No map pages: the journey map section is off")
        elif problem:
            self.pages_label.setText(problem[:1].upper() + problem[1:])
        elif tile:
            self.pages_label.setText(f"{pages} map pages: the assembly page and {pages - 1} sheets "
                                     f"({grid_words(plan)})")
        elif pages == 1:
            self.pages_label.setText("1 map page: the whole map on one sheet, text at least "
                                     f"{opts.min_text_pt:g} pt")
        else:
            self.pages_label.setText(f"{pages} map pages of whole stages, text at least {opts.min_text_pt:g} pt")

    # ------------------------------------------------------------------ page previews
    def start_page_preview(self) -> None:
        """Export the document in memory with the current options, in a background thread, and
        show its first pages in the strip when it is done."""
        from app.model.serialize import project_from_dict, project_to_dict

        try:
            opts = self.options()
            opts.validate()
        except PdfOptionError:
            return
        self._cancel_previews()
        self._generation += 1
        snapshot = project_from_dict(project_to_dict(self.window_.project()))
        cancel = threading.Event()
        worker = threading.Thread(target=self._preview_job, args=(self._generation, snapshot, opts, cancel),
                                  name="page-preview", daemon=True)
        self._previews.append((worker, cancel))
        worker.start()

    def _preview_job(self, generation: int, snapshot: Any, opts: PdfOptions, cancel: threading.Event) -> None:
        """Runs in the preview thread: nothing here touches a widget."""
        from app.export.preview import PreviewCancelled, render_preview

        try:
            result = render_preview(snapshot, opts, THUMB_W, THUMB_LIMIT, cancel.is_set)
        except PreviewCancelled:
            return
        except Exception as exc:  # the export itself will report it properly; the strip says so
            self._emit(self._preview_signals.failed, generation, str(exc))
            return
        self._emit(self._preview_signals.ready, generation, result)

    @staticmethod
    def _emit(signal: Any, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the dialog is gone
            pass

    def _cancel_previews(self, wait: bool = False) -> None:
        for worker, cancel in self._previews:
            cancel.set()
            if wait:
                worker.join()
        self._previews = [(w, c) for w, c in self._previews if w.is_alive()]

    @Slot(int, object)
    def _on_pages_ready(self, generation: int, result: Any) -> None:
        if generation != self._generation:
            return
        self.pages_strip.clear()
        for page in result.pages:
            image = QImage(page.rgb, page.width, page.height, 3 * page.width, QImage.Format.Format_RGB888).copy()
            item = QListWidgetItem(QIcon(QPixmap.fromImage(image)), str(page.number))
            item.setToolTip(f"Page {page.number} of {result.total}")
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.pages_strip.addItem(item)
        # as tall as the tallest thumbnail (portrait pages) or as short as landscape ones need
        tallest = max((page.height for page in result.pages), default=THUMB_W)
        self.pages_strip.setIconSize(QSize(THUMB_W, tallest))
        self.pages_strip.setFixedHeight(tallest + self.pages_strip.fontMetrics().height() + 36)
        shown = len(result.pages)
        more = f", the first {shown} shown" if shown < result.total else ""
        self.strip_label.setText(f"The document: {result.total} page{'s' * (result.total != 1)}{more}")

    @Slot(int, str)
    def _on_pages_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self.pages_strip.clear()
            self.strip_label.setText(f"No preview: {message}")

    def done(self, result: int) -> None:  # accept() and reject() end here
        self._preview_timer.stop()
        self._cancel_previews(wait=True)  # no thread outlives the dialog
        super().done(result)

    # ------------------------------------------------------------------ export
    def start_export(self) -> None:
        if self._thread is not None or self._problem():
            return
        self._preview_timer.stop()
        self._cancel_previews()  # the export goes first
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
        self._worker.unprintable.connect(self._on_unprintable)
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

    @Slot(object)
    def _on_unprintable(self, elements: list) -> None:
        self.unprintable.show_elements(elements, exported=True)

    @Slot(str)
    def _on_finished(self, path: str) -> None:
        self._stop_thread()
        self.exported_path = path
        self.progress.setValue(100)
        missing = len(self.unprintable.elements)
        bar = getattr(self.window_, "statusBar", None)
        if callable(bar):
            note = f" ({missing} with characters that could not be printed)" if missing else ""
            bar().showMessage(f"Exported {path}{note}", 5000)
        self._update_state()
        if missing:
            # the user reads what is missing before closing; the file itself is complete and saved
            self.status.setText(f"Saved {path}. Some characters could not be printed: see the list above.")
            self.status.setStyleSheet("color: #7a4f01;")
            return
        self.status.setText(f"Saved {path}")
        self.accept()
        from .export_done import confirm_export

        if isinstance(self.window_, QWidget):
            confirm_export(self.window_, path)

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


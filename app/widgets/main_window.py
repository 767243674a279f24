"""The editor's main window: journey tabs around the canvas, palette, inspector and history docks,
menus, toolbar and status bar.

The window owns one JourneyEditor per open project (a new one when another project is opened,
created or reverted) and one JourneyCanvas per journey of the project, as tabs. Every edit goes
through the editor; the window only routes commands and shows state (title, counts, zoom).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QTabWidget,
    QUndoView,
    QWidget,
)

from app import __version__
from app.editing import JourneyEditor
from app.editing.editor import element_name
from app.model import Journey, LaneKind, ModelError, Project

from .actions import WindowActions
from .autosave import DEFAULT_INTERVAL_MS, Autosave
from .canvas import JourneyCanvas
from .disk_changes import DiskChanges
from .documents import ProjectFileDrop, ProjectFiles
from .inspector import InspectorDock
from .theme import PresentationMode

GEOMETRY_KEY = "window/geometry"
STATE_KEY = "window/state"


class MainWindow(QMainWindow):
    """One project per window."""

    journeyChanged = Signal(object)  # the current Journey, after a tab switch or a new/opened project
    selectionChanged = Signal(list)  # ids selected on the current canvas

    def __init__(self, project: Project | None = None, path: str | Path | None = None,
                 autosave_interval_ms: int = DEFAULT_INTERVAL_MS) -> None:
        super().__init__()
        self.setObjectName("waymark_main_window")
        self.editor: JourneyEditor = None  # type: ignore[assignment]  # set by set_project
        self.path: Path | None = None
        self._dashboard: QDockWidget | None = None
        self._insights: QDockWidget | None = None
        self._shown_once = False

        self.files = ProjectFiles(self)
        from .live_commands import LiveCommands

        self.live = LiveCommands(self)
        self.disk_changes = DiskChanges(self)
        self._file_drop = ProjectFileDrop(self.files)
        self.installEventFilter(self._file_drop)
        self.setAcceptDrops(True)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setMovable(False)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.tabs.tabBarDoubleClicked.connect(self._on_tab_double_clicked)
        self.setCentralWidget(self.tabs)

        self.inspector = InspectorDock(self)
        self.palette_dock = self._make_palette_dock()
        self.history_view = QUndoView()
        self.history_view.setEmptyLabel("Start")
        self.history_dock = QDockWidget("History", self)
        self.history_dock.setObjectName("history_dock")
        self.history_dock.setWidget(self.history_view)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.palette_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.history_dock)
        self.splitDockWidget(self.inspector, self.history_dock, Qt.Orientation.Vertical)
        self.resizeDocks([self.palette_dock, self.inspector], [220, 330], Qt.Orientation.Horizontal)
        self.resizeDocks([self.inspector, self.history_dock], [560, 180], Qt.Orientation.Vertical)

        self.actions_ = WindowActions(self)
        toolbar = self.actions_.build_toolbar()
        self.addToolBar(toolbar)
        # View > Panels brings back any panel or the toolbar that was closed
        self.actions_.build_menus(self.files.recent_menu, [d.toggleViewAction() for d in
                                                            (self.palette_dock, self.inspector, self.history_dock)]
                                  + [toolbar.toggleViewAction()])
        self.presentation = PresentationMode(self)
        from .workshop.mode import WorkshopMode

        self.workshop = WorkshopMode(self)  # the Workshop menu; a session's docks while one runs
        self._build_status_bar()

        self.autosave = Autosave(self, autosave_interval_ms)
        if project is None:
            from app.model.templates import blank_project  # loads only when no file is opened

            project = blank_project()
        self.set_project(project, path)
        self.resize(1440, 900)
        self._restore_layout()

    # ------------------------------------------------------------------ building
    def _make_palette_dock(self) -> QDockWidget:
        dock = QDockWidget("Palette", self)
        dock.setObjectName("palette_dock")
        from .palette import PaletteWidget

        dock.setWidget(PaletteWidget())
        return dock

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self._selection_label = QLabel()
        self._counts_label = QLabel()
        self._zoom_label = QLabel()
        self._zoom_label.setMinimumWidth(56)
        self._zoom_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(self._selection_label, 1)
        bar.addPermanentWidget(self._counts_label)
        bar.addPermanentWidget(self._zoom_label)

    def canvas_area(self) -> QWidget:
        return self.tabs

    def canvas_command(self, name: str) -> Any:
        """A slot calling canvas method `name` on the current canvas (bound late: tabs change)."""
        def run() -> None:
            from PySide6.QtWidgets import QMessageBox

            canvas = self.current_canvas()
            if canvas is not None:
                try:
                    getattr(canvas, name)()
                except ModelError as exc:
                    QMessageBox.warning(self, "Waymark", str(exc))
        return run

    # ------------------------------------------------------------------- project
    def set_project(self, project: Project, path: str | Path | None) -> None:
        """Show another project in this window (a new editor and undo history)."""
        old = self.editor
        if old is not None:
            self.workshop.suspend()  # the session belongs to the project going away; its journal resumes it
            self.live.stop()  # a live session belongs to the project it shares
            old.project.unsubscribe(self._on_project_change)
            for canvas in self.canvases():
                canvas.detach()
            self.actions_.undo_group.removeStack(old.stack)
        self.tabs.blockSignals(True)
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if widget is not None:
                widget.deleteLater()
        self.tabs.blockSignals(False)

        if not project.journeys:  # a window always shows at least one journey
            project.add_journey(Journey("Customer journey"))
        self.editor = JourneyEditor(project, parent=self)
        self.path = Path(path) if path is not None else None
        stack = self.editor.stack
        self.actions_.undo_group.addStack(stack)
        self.actions_.undo_group.setActiveStack(stack)
        stack.cleanChanged.connect(self._on_clean_changed)
        self.editor.edited.connect(self._on_edited)
        self.history_view.setStack(stack)
        self.autosave.discard()  # the previous project was saved or its changes discarded
        self.autosave.watch()
        project.subscribe(self._on_project_change)
        self.inspector.set_editor(self.editor)
        self.tabs.blockSignals(True)  # one journeyChanged below, not one per tab
        for journey in project.journeys:
            self._add_tab(journey)
        self.tabs.setCurrentIndex(0)
        self.tabs.blockSignals(False)
        if old is not None:
            old.deleteLater()
        self.disk_changes.remember()
        self.update_title()
        self._on_tab_changed(self.tabs.currentIndex())

    def project(self) -> Project:
        return self.editor.project

    def _add_tab(self, journey: Journey, index: int = -1) -> JourneyCanvas:
        canvas = JourneyCanvas(self.editor, journey)
        canvas.installEventFilter(self._file_drop)
        canvas.viewport().installEventFilter(self._file_drop)
        canvas.selectionChanged.connect(lambda ids, c=canvas: self._on_canvas_selection(c, ids))
        canvas.zoomChanged.connect(lambda factor, c=canvas: self._on_zoom(c, factor))
        if hasattr(canvas, "statusMessage"):
            canvas.statusMessage.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.tabs.insertTab(index, canvas, self._tab_text(journey))
        return canvas

    @staticmethod
    def _tab_text(journey: Journey) -> str:
        # a lone "&" would mark a keyboard mnemonic and vanish from the tab
        return f"{journey.title.replace('&', '&&')} ({journey.state.value})"

    def canvases(self) -> list[JourneyCanvas]:
        tabs = (self.tabs.widget(i) for i in range(self.tabs.count()))
        return [tab for tab in tabs if isinstance(tab, JourneyCanvas)]

    def current_canvas(self) -> JourneyCanvas:
        # every tab is a JourneyCanvas (set_project and the journey actions add nothing else)
        return cast(JourneyCanvas, self.tabs.currentWidget())

    def current_journey(self) -> Journey:
        canvas = self.current_canvas()
        return canvas.journey if canvas is not None else self.project().journey()

    def select_elements(self, ids: list[str]) -> None:
        """Select elements on the canvas of the journey holding them (switching tab) and scroll to them."""
        ids = list(ids)
        if len(ids) == 1 and ids[0] in {p.id for p in self.project().personas}:
            self.inspector.show_persona(ids[0])
            self.inspector.show()
            self.inspector.raise_()
            return
        if ids:
            for i, canvas in enumerate(self.canvases()):
                if ids[0] in canvas.journey:
                    self.tabs.setCurrentIndex(i)
                    break
        self.current_canvas().select_ids(ids, ensure_visible=True)

    def display_name(self) -> str:
        return self.path.name if self.path else "Untitled"

    def update_title(self) -> None:
        # the application's name last, as the platform would add it ("Untitled — Waymark"); ending with it
        # keeps Qt from adding it a second time
        self.setWindowTitle(f"{self.display_name()}[*] — Waymark")
        self.setWindowModified(not self.editor.stack.isClean())
        self.actions_.revert.setEnabled(self.path is not None)

    # ------------------------------------------------------------- notifications
    def _on_clean_changed(self, _clean: bool) -> None:
        self.update_title()

    def _on_project_change(self, change: Any) -> None:
        if change.op == "journey_added":
            journey = self.project().journey(change.ids[0])
            index = self.project().journeys.index(journey)
            self._add_tab(journey, index)
            self.tabs.setCurrentIndex(index)
        elif change.op == "journey_removed":
            for i, canvas in enumerate(self.canvases()):
                if canvas.journey.id == change.ids[0]:
                    canvas.detach()
                    self.tabs.removeTab(i)
                    canvas.deleteLater()
                    break

    def _on_edited(self) -> None:
        for canvas in self.canvases():
            self.tabs.setTabText(self.tabs.indexOf(canvas), self._tab_text(canvas.journey))
        self._update_counts()
        canvas = self.current_canvas()
        if canvas is not None:  # the selected element may have been renamed or deleted by the edit
            self._selection_label.setText(self._selection_text(canvas.journey, canvas.selected_ids()))

    def _on_tab_changed(self, _index: int) -> None:
        canvas = self.current_canvas()
        if canvas is None:
            return
        self._update_counts()
        self._on_zoom(canvas, canvas.zoom())
        self.journeyChanged.emit(canvas.journey)
        self._on_canvas_selection(canvas, canvas.selected_ids())

    def _on_canvas_selection(self, canvas: Any, ids: list[str]) -> None:
        if canvas is not self.current_canvas():
            return
        ids = list(ids)
        self._selection_label.setText(self._selection_text(canvas.journey, ids))
        self.selectionChanged.emit(ids)

    def _on_zoom(self, canvas: Any, factor: float) -> None:
        if canvas is self.current_canvas():
            self._zoom_label.setText(f"{round(factor * 100)} %")

    def _update_counts(self) -> None:
        canvas = self.current_canvas()
        if canvas is None:
            return
        j = canvas.journey
        stages, tps, pains = len(j.stages()), len(j.customer_touchpoints()), len(j.pain_points())
        self._counts_label.setText(f"{stages} stage{'s' * (stages != 1)} · {tps} touchpoint{'s' * (tps != 1)} · "
                                   f"{pains} pain point{'s' * (pains != 1)}")

    @staticmethod
    def _selection_text(journey: Journey, ids: list[str]) -> str:
        ids = [i for i in ids if i in journey]
        if not ids:
            return "Nothing selected"
        if len(ids) > 1:
            return f"{len(ids)} items selected"
        obj = journey.get(ids[0])
        name = getattr(obj, "title", None) or getattr(obj, "name", None) or getattr(obj, "text", "")
        return f"{element_name(journey, ids[0]).capitalize()}: {name}"

    # ------------------------------------------------------------------ commands
    def open_path(self, path: str | Path) -> bool:
        return self.files.open_path(path)

    def save(self) -> bool:
        return self.files.save()

    def save_as(self, path: str | Path) -> bool:
        return self.files.save_as(path)

    def zoom_in(self) -> None:
        canvas = self.current_canvas()
        canvas.set_zoom(canvas.zoom() * 1.25)

    def zoom_out(self) -> None:
        canvas = self.current_canvas()
        canvas.set_zoom(canvas.zoom() / 1.25)

    def toggle_presentation(self) -> None:
        self.presentation.toggle()
        active = self.presentation.is_active()
        self.actions_.presentation.setChecked(active)
        self.actions_.leave_presentation.setEnabled(active)

    def add_stage(self) -> None:
        journey = self.current_journey()
        stage = self.editor.add_stage(journey, f"Stage {len(journey.stages()) + 1}")
        self.current_canvas().select_ids([stage.id])

    def add_lane(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        kinds = list(LaneKind)
        labels = [k.label for k in kinds]
        label, ok = QInputDialog.getItem(self, "Add lane", "Kind of lane:", labels, 0, False)
        if ok and label in labels:
            lane = self.editor.add_lane(self.current_journey(), kinds[labels.index(label)])
            self.current_canvas().select_ids([lane.id])

    def add_future_journey(self) -> None:
        from app.model.copying import future_state_copy

        self.editor.add_journey(future_state_copy(self.current_journey()))

    def _on_tab_double_clicked(self, index: int) -> None:
        if index >= 0:
            self.tabs.setCurrentIndex(index)
            self.rename_journey()

    def rename_journey(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        journey = self.current_journey()
        title, ok = QInputDialog.getText(self, "Rename journey", "Journey title:", text=journey.title)
        if ok and title.strip():
            self.editor.set_meta(journey, text="Rename journey", title=title.strip())

    def delete_journey(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        journey = self.current_journey()
        if len(self.project().journeys) <= 1:
            QMessageBox.information(self, "Delete journey", "A project keeps at least one journey.")
            return
        answer = QMessageBox.question(self, "Delete journey", f"Delete the journey “{journey.title}”? "
                                      "You can undo this.")
        if answer == QMessageBox.StandardButton.Yes:
            self.editor.remove_journey(journey.id)

    def _lazy_dock(self, attribute: str, module: str, name: str) -> None:
        dock = getattr(self, attribute)
        if dock is None:
            dock = getattr(importlib.import_module(f"app.widgets.{module}"), name)(self)
            dock.setObjectName(f"{module}_dock")
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            self.tabifyDockWidget(self.inspector, dock)
            setattr(self, attribute, dock)
            dock.show()
            dock.raise_()
            return
        dock.setVisible(not dock.isVisible())
        if dock.isVisible():
            dock.raise_()

    def toggle_dashboard(self) -> None:
        self._lazy_dock("_dashboard", "dashboard", "DashboardDock")

    def compare_states(self) -> None:
        """The current-state and future-state maps side by side, their differences marked."""
        from app.model.analytics import state_pair

        from .compare import CompareWindow

        pair = state_pair(self.current_journey(), self.project())
        if pair is None:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(self, "Compare", "This project has one state only: Journey > Add future-state "
                                                     "journey makes a future state to compare with.")
            return
        window = CompareWindow(self, *pair)
        window.show()
        window.fit()

    def toggle_insights(self) -> None:
        self._lazy_dock("_insights", "insights", "InsightsDock")

    def export_pdf(self) -> None:

        from app.widgets.export_dialog import ExportPdfDialog

        ExportPdfDialog(self).exec()

    def import_survey(self) -> None:

        from app.widgets.survey_dialog import SurveyImportDialog

        SurveyImportDialog(self).exec()

    def show_shortcuts(self) -> None:
        from .shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self.actions_.shortcut_rows(), self).exec()

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self, "About Waymark",
                          f"<h3>Waymark {__version__}</h3><p>A desktop editor for customer journey maps: "
                          "stages, touchpoints, emotions, pain points, metrics and personas.</p>")

    def quit_application(self) -> None:
        QTimer.singleShot(0, QApplication.closeAllWindows)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.disk_changes.check_soon()  # the file may have changed while another program was in front

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            # the first layout pass resizes the canvases after they were shown (views keep their
            # centre on resize): start every journey at its first stage, top left, once it settled
            self._shown_once = True
            QTimer.singleShot(0, self._show_journey_starts)

    def _show_journey_starts(self) -> None:
        for canvas in self.canvases():
            for bar in (canvas.horizontalScrollBar(), canvas.verticalScrollBar()):
                bar.setValue(bar.minimum())

    def _restore_layout(self) -> None:
        settings = QSettings()
        geometry, state = settings.value(GEOMETRY_KEY), settings.value(STATE_KEY)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def _save_layout(self) -> None:
        settings = QSettings()
        for key, value in ((GEOMETRY_KEY, self.saveGeometry()), (STATE_KEY, self.saveState())):
            if settings.value(key) != value:  # an unchanged layout leaves the settings file unwritten
                settings.setValue(key, value)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.presentation.is_active():
            self.toggle_presentation()
        if not self.files.maybe_save():
            event.ignore()
            return
        self._save_layout()
        self.workshop.suspend()
        self.live.stop()
        self.autosave.timer.stop()
        self.autosave.discard()
        for canvas in self.canvases():
            canvas.detach()
        self.editor.project.unsubscribe(self._on_project_change)
        self.inspector.set_editor(None)
        event.accept()

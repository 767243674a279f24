"""Workshop mode in the editor window: the Workshop menu, the start dialog, and the session's
widgets (Inbox and Session docks, the join panel over the map, the room's overlay on the canvas)
for as long as a session runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QSpinBox,
)

from app.live.workshop.journal import journal_path
from app.model import Journey

if TYPE_CHECKING:  # the session's modules (and the server's libraries) load when a session starts
    from app.widgets.main_window import MainWindow

    from .inbox import InboxDock
    from .join_panel import JoinPanel
    from .link import WorkshopLink
    from .overlay import RoomOverlay
    from .session_panel import SessionDock

DEFAULT_PORT = 8765


class StartDialog(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Start workshop session")
        form = QFormLayout(self)
        self.journey = QComboBox()
        for j in window.project().journeys:
            self.journey.addItem(j.title, j.id)
        self.journey.setCurrentIndex(window.project().journeys.index(window.current_journey()))
        from app.live.workshop.server import lan_address

        self.host = QLineEdit(lan_address())
        self.host.setToolTip("The address phones use to reach this computer on the local network")
        self.port = QSpinBox()
        self.port.setRange(0, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.port.setSpecialValueText("any free port")
        self.votes = QSpinBox()
        self.votes.setRange(0, 100)
        self.votes.setValue(5)
        self.minutes = QDoubleSpinBox()
        self.minutes.setRange(0, 240)
        self.minutes.setValue(10)
        self.minutes.setSpecialValueText("no countdown")
        self.minutes.setSuffix(" min")
        form.addRow("Journey", self.journey)
        form.addRow("Address", self.host)
        form.addRow("Port", self.port)
        form.addRow("Dots per person", self.votes)
        form.addRow("Countdown", self.minutes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start session")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class WorkshopMode(QObject):
    """The Workshop menu and, while a session runs, its widgets."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.link: WorkshopLink | None = None
        self.inbox: InboxDock | None = None
        self.session: SessionDock | None = None
        self.join: JoinPanel | None = None
        self.overlays: list[RoomOverlay] = []
        menu = window.menuBar().addMenu("&Workshop")
        help_menu = next((a for a in window.menuBar().actions() if a.text().replace("&", "") == "Help"), None)
        if help_menu is not None:  # Help stays last
            window.menuBar().removeAction(menu.menuAction())
            window.menuBar().insertMenu(help_menu, menu)
        self.menu = menu
        self.start_action = QAction("&Start session…", window)
        self.start_action.triggered.connect(self.start_dialog)
        self.end_action = QAction("&End session", window)
        self.end_action.triggered.connect(self.end_dialog)
        self.end_action.setEnabled(False)
        menu.addActions([self.start_action, self.end_action])
        self._ticker = QTimer(self)
        self._ticker.setInterval(500)
        self._ticker.timeout.connect(self._update_join_panel)
        window.tabs.installEventFilter(self)

    # ------------------------------------------------------------------ starting
    def start_dialog(self) -> None:
        window = self.window
        if window.path is None:
            QMessageBox.information(window, "Start workshop session",
                                    "Save the project first: the session's journal is kept next to the project "
                                    "file, so nothing the room sends is lost.")
            if not window.files.save_as_dialog() or window.path is None:
                return
        dialog = StartDialog(window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        journey = window.project().journey(dialog.journey.currentData())
        minutes = dialog.minutes.value() or None
        self.start(journey, dialog.host.text().strip(), dialog.port.value(), dialog.votes.value(), minutes)

    def start(self, journey: Journey, host: str, port: int = 0, budget: int = 5,
              minutes: float | None = None) -> WorkshopLink | None:
        window = self.window
        if self.link is not None or window.path is None:
            return None
        from .inbox import InboxDock
        from .join_panel import JoinPanel
        from .link import WorkshopLink
        from .overlay import RoomOverlay
        from .session_panel import SessionDock

        try:
            link = WorkshopLink(window.path, journey, host=host, port=port, budget=budget, minutes=minutes,
                                parent=self)
            link.start()
        except OSError as exc:
            QMessageBox.warning(window, "Start workshop session",
                                f"The session could not start on {host}:{port}: {exc.strerror or exc}. "
                                "Choose another address or port (0 picks a free one).")
            return None
        self.link = link
        editor = window.editor
        self.inbox = InboxDock(link, editor, window)
        self.session = SessionDock(link, editor, window)
        for dock in (self.inbox, self.session):
            window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        window.tabifyDockWidget(window.history_dock, self.session)
        self.inbox.show()
        self.inbox.raise_()
        server = link.server
        self.join = JoinPanel(server.join_url, server.short_url, server.code, window.tabs)
        self.join.extend.connect(self._extend_time)
        self.join.move_on.connect(self._move_on)
        self.join.show()
        self.join.place()
        canvas = next((c for c in window.canvases() if c.journey is journey), None)
        if canvas is not None:
            window.tabs.setCurrentWidget(canvas)
            self.overlays = [RoomOverlay(canvas.journey_scene)]
        link.changed.connect(self._on_changed)
        link.ended.connect(self._tear_down)
        self._ticker.start()
        self._on_changed([])
        self.start_action.setEnabled(False)
        self.end_action.setEnabled(True)
        room = server.room
        count = len(room.state.contributions)
        note = (f"Resumed the session from {journal_path(window.path).name}: {count} "
                f"contribution{'s' if count != 1 else ''}" if room.resumed
                else f"Workshop session started: {server.join_url}")
        window.statusBar().showMessage(note, 8000)
        return link

    # ------------------------------------------------------------------ running
    def _on_changed(self, _events: list) -> None:
        if self.link is None:
            return
        state = self.link.state
        for overlay in self.overlays:
            overlay.show(state.card_votes(), state.stage_ratings())
        self._update_join_panel()

    def _update_join_panel(self) -> None:
        if self.link is not None and self.join is not None:
            from app.live.workshop.state import PHASE_LABELS

            from .session_panel import clock_text, is_time_up, next_phase, phase_text

            state = self.link.state
            people = len(state.active())
            following = next_phase(state)
            self.join.set_status(f"{phase_text(state)} · {people} joined", clock_text(state),
                                 time_up=is_time_up(state), next_phase=PHASE_LABELS[following] if following else "")

    def _extend_time(self) -> None:
        if self.link is not None:
            from .session_panel import extend_time

            extend_time(self.link)

    def _move_on(self) -> None:
        if self.link is not None:
            from .session_panel import move_on

            move_on(self.link)

    def project_saved_as(self, path: Path, previous: Path | None = None) -> None:
        """Save As during a session, or with a paused one (stopped, not ended, its journal beside
        the old name): the journal, and so resuming the session, moves to the new name."""
        new = journal_path(path)
        link = self.link
        if link is not None:
            old = link.server.room.journal.path
            what, done = "session's journal", f"The workshop session now keeps its journal in {new.name}"

            def move() -> None:
                link.relocate(path)
        else:
            if previous is None or journal_path(previous) == new or not journal_path(previous).is_file():
                return
            old = journal_path(previous)
            what = "paused workshop session's journal"
            done = f"The paused workshop session moved with the project: Workshop > Start session resumes it " \
                   f"from {new.name}"

            def move() -> None:
                from app.live.workshop.journal import Journal

                journal = Journal(old)
                try:
                    journal.move_to(new)
                finally:
                    journal.close()
        try:
            move()
        except (OSError, TimeoutError) as exc:
            QMessageBox.warning(self.window, "Workshop session",
                                f"The {what} could not move beside {path.name}: "
                                f"{getattr(exc, 'strerror', None) or exc}. It stays at {old}; nothing was lost. "
                                f"To resume this session with the new file, rename it to {new.name}.")
            return
        self.window.statusBar().showMessage(done, 8000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window.tabs and event.type() == QEvent.Type.Resize and self.join is not None:
            self.join.place()
        return False

    # ------------------------------------------------------------------ ending
    def end_dialog(self) -> None:
        if self.link is None:
            return
        waiting = len(self.inbox.waiting()) if self.inbox else 0
        extra = (f" {waiting} notes are still in the Inbox; they stay in the archived journal." if waiting else "")
        answer = QMessageBox.question(self.window, "End workshop session",
                                      "End the session? Phones are disconnected and the join code stops "
                                      f"working.{extra}")
        if answer == QMessageBox.StandardButton.Yes:
            self.end()

    def end(self) -> None:
        if self.link is not None:
            self.link.stop(end=True)
            self._tear_down()

    def suspend(self) -> None:
        """Stop serving but keep the session (window closing, another project): the journal resumes it."""
        if self.link is not None:
            self.link.stop(end=False)
            self._tear_down()

    def _tear_down(self) -> None:
        link, self.link = self.link, None
        if link is not None and link.running:
            link.stop(end=False)
        self._ticker.stop()
        for overlay in self.overlays:
            overlay.detach()
        self.overlays = []
        for dock in (self.inbox, self.session):
            if dock is not None:
                if hasattr(dock, "detach"):
                    dock.detach()
                self.window.removeDockWidget(dock)
                dock.deleteLater()
        if self.join is not None:
            self.join.deleteLater()
        self.inbox = self.session = self.join = None
        self.start_action.setEnabled(True)
        self.end_action.setEnabled(False)
